// `npm test`: lint, type check, build, then every jest project (server, web, browser).
// Prints one closing line "tests: N passed, N failed" for CI.
import { mkdirSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { ensureDependencies } from './lib.mjs';

ensureDependencies();
mkdirSync('test-artifacts', { recursive: true });
const step = (title) => console.log(`\n▶ ${title}`);

/**
 * The checks and builds before jest, two at a time: on a 2-core machine one after the other
 * left a core idle through every single-threaded tool (eslint, prettier, tsc, vue-tsc).
 * Each prints its own output whole when it ends; the first failure stops the run once the
 * steps already started have ended, with the failed command's exit status.
 */
const preSteps = [
  // Longest first, so the last two to end end close together.
  // eslint and prettier keep a cache keyed on each file's content (and their own config and
  // version) in test-artifacts/: a run re-reads only the files that changed since the last.
  {
    title: 'Lint (eslint)',
    bin: 'eslint',
    args: [
      '.',
      '--max-warnings',
      '0',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      'test-artifacts/.eslintcache',
    ],
  },
  {
    id: 'codegen',
    title: 'GraphQL client types (codegen)',
    bin: 'graphql-codegen',
    args: ['--config', 'web/codegen.ts', '--silent'],
  },
  // The web client's type check and build read the generated client types.
  // The type checks are incremental: what they learnt of the unchanged files is kept in
  // test-artifacts/*.tsbuildinfo (the errors too, reported again while not fixed).
  {
    title: 'Type check (web)',
    bin: 'vue-tsc',
    args: [
      '-p',
      'web/tsconfig.json',
      '--noEmit',
      '--incremental',
      '--tsBuildInfoFile',
      'test-artifacts/web.tsbuildinfo',
    ],
    after: 'codegen',
  },
  {
    title: 'Type check (server)',
    bin: 'tsc',
    args: [
      '-p',
      'server/tsconfig.json',
      '--noEmit',
      '--incremental',
      '--tsBuildInfoFile',
      'test-artifacts/server.tsbuildinfo',
    ],
  },
  { title: 'Build (server, for the CLI test)', bin: 'tsc', args: ['-p', 'server/tsconfig.build.json'] },
  {
    title: 'Build (web client, for the browser tests)',
    bin: 'vite',
    args: ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
    after: 'codegen',
  },
  {
    title: 'Lint (prettier)',
    bin: 'prettier',
    args: ['--check', '.', '--log-level', 'warn', '--cache', '--cache-location', 'test-artifacts/.prettiercache'],
  },
];

function runQuiet({ title, bin, args }) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(`node_modules/.bin/${bin}`, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('error', (err) => output.push(Buffer.from(`${err.message}\n`)));
    child.on('close', (code, signal) => {
      step(`${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      process.stdout.write(Buffer.concat(output));
      if (code !== 0) console.error(`\n✖ ${bin} ${args.join(' ')} failed (exit ${code ?? signal})`);
      resolve(code ?? 1);
    });
  });
}

async function runPreSteps(steps, parallel) {
  const done = new Set();
  const pending = [...steps];
  let failed = 0;
  const ready = () => pending.findIndex((s) => !s.after || done.has(s.after));
  const lane = async () => {
    for (;;) {
      if (failed) return;
      const i = ready();
      if (i < 0) {
        if (!pending.length) return;
        await new Promise((r) => setTimeout(r, 100)); // a step waits for the one it reads
        continue;
      }
      const [s] = pending.splice(i, 1);
      const code = await runQuiet(s);
      if (code !== 0) failed ||= code;
      done.add(s.id ?? s.title);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return failed;
}

const preStarted = Date.now();
const preFailed = await runPreSteps(preSteps, 2);
if (preFailed) process.exit(preFailed);
console.log(`\nChecks and builds: ${((Date.now() - preStarted) / 1000).toFixed(1)} s`);

const runJest = (report, args) => {
  const run = spawnSync(
    'node_modules/.bin/jest',
    ['--ci', '--json', `--outputFile=${report}`, ...args, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
  );
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    return {
      status: run.status,
      passed: r.numPassedTests,
      failed: r.numFailedTests + r.numRuntimeErrorTestSuites,
      skipped: r.numPendingTests,
    };
  } catch {
    return { status: run.status ?? 1, passed: 0, failed: 1, skipped: 0 };
  }
};

step('Tests (jest: server, web, browser)');
const main = runJest('test-artifacts/jest-results.json', [
  '--maxWorkers=2',
  '--selectProjects',
  'server',
  'web',
  'browser',
]);
// Fault and scale-out tests kill processes, cut database connections and empty the queue:
// alone, after everything else.
step('Tests (jest: isolated fault and scale-out tests, one at a time)');
const isolated = runJest('test-artifacts/jest-isolated-results.json', ['--runInBand', '--selectProjects', 'isolated']);

const total = (k) => main[k] + isolated[k];
console.log(`\ntests: ${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exit(main.status === 0 && isolated.status === 0 ? 0 : 1);
