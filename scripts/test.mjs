// `npm test`: lint, type check, build, then every jest project (server, web, browser).
// Prints one closing line "tests: N passed, N failed" for CI.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureDependencies, npx } from './lib.mjs';

ensureDependencies();
const step = (title) => console.log(`\n▶ ${title}`);

step('Lint (eslint, prettier)');
npx('eslint', ['.', '--max-warnings', '0']);
npx('prettier', ['--check', '.', '--log-level', 'warn']);

step('GraphQL client types (codegen)');
npx('graphql-codegen', ['--config', 'web/codegen.ts', '--silent']);

step('Type check (server, web)');
npx('tsc', ['-p', 'server/tsconfig.json', '--noEmit']);
npx('vue-tsc', ['-p', 'web/tsconfig.json', '--noEmit']);

step('Build (server for the CLI test, web client for the browser tests)');
npx('tsc', ['-p', 'server/tsconfig.build.json']);
npx('vite', ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn']);

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
