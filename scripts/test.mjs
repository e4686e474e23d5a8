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

step('Tests (jest: server, web, browser)');
const report = 'test-artifacts/jest-results.json';
const jest = spawnSync(
  'node_modules/.bin/jest',
  ['--ci', '--maxWorkers=2', '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
let summary;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  summary = `tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed, ${r.numPendingTests} skipped`;
} catch {
  summary = 'tests: 0 passed, 1 failed';
}
console.log(`\n${summary}`);
process.exit(jest.status ?? 1);
