// `npm start`: installs what is missing, builds, prepares the database, seeds the demo
// workspace, then runs the API (which serves the web client) and the worker.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, npx, run, startChild } from './lib.mjs';

ensureDependencies();

function servicesUp() {
  const pg = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432'], { stdio: 'ignore' });
  const redis = spawnSync('redis-cli', ['-h', '127.0.0.1', 'ping'], { encoding: 'utf8' });
  return { pg: pg.status === 0, redis: (redis.stdout ?? '').includes('PONG') };
}
const up = servicesUp();
if (!up.pg && !process.env.DATABASE_URL) {
  console.log('PostgreSQL is not answering on 127.0.0.1:5432; trying to start it…');
  spawnSync('sh', ['-c', 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | tail -1) main start'], {
    stdio: 'inherit',
  });
}
if (!up.redis && !process.env.REDIS_URL) {
  console.log('Redis is not answering on 127.0.0.1:6379; trying to start it…');
  spawnSync(
    'redis-server',
    ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
    { stdio: 'inherit' },
  );
}

console.log('Building server and web client…');
npx('tsc', ['-p', 'server/tsconfig.build.json']);
npx('graphql-codegen', ['--config', 'web/codegen.ts', '--silent']);
npx('vite', ['build', '--config', 'web/vite.config.mts', '--logLevel', 'warn']);

run(process.execPath, ['dist/server/src/cli/main.js', 'db:setup']);
const demo = spawnSync(process.execPath, ['dist/server/src/cli/main.js', 'demo:seed'], { encoding: 'utf8' });
if (demo.status !== 0) {
  console.error(demo.stderr);
  process.exit(1);
}

/**
 * Production mode requires EMAILING_SECRET_KEY (it encrypts provider credentials). On a local
 * `npm start` without one, a random key is kept in the storage folder so restarts can still
 * read the credentials saved before.
 */
function emailingSecretKey() {
  if (process.env.EMAILING_SECRET_KEY) return process.env.EMAILING_SECRET_KEY;
  const file = path.resolve(process.env.STORAGE_DIR ?? './storage', 'emailing-secret.key');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

const port = process.env.PORT || '4000';
const env = {
  // Links in mail (invitations, task assignments) point to the port this install runs on.
  PUBLIC_URL: process.env.PUBLIC_URL || `http://localhost:${port}`,
  NODE_ENV: process.env.NODE_ENV ?? 'production',
  COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
  EMAILING_SECRET_KEY: emailingSecretKey(),
  // The demo admin operates this local install: it may open the job dashboard.
  JOB_DASHBOARD_OPERATORS: process.env.JOB_DASHBOARD_OPERATORS ?? 'admin@demo.local',
};
const api = startChild('API', ['dist/server/src/http/main.js'], { ...env, CRM_PROCESS: 'api' });
const worker = startChild('Worker', ['dist/server/src/jobs/worker-main.js'], { ...env, CRM_PROCESS: 'worker' });
setTimeout(() => {
  console.log('\n──────────────────────────────────────────────');
  console.log(` CRM running on http://localhost:${port}`);
  console.log(` ${demo.stdout.trim()}`);
  console.log(` Job dashboard (operators: ${env.JOB_DASHBOARD_OPERATORS}): http://localhost:${port}/admin/queues`);
  console.log('──────────────────────────────────────────────\n');
}, 1500);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
  });
}
let exited = 0;
for (const child of [api, worker]) {
  child.on('exit', () => {
    exited += 1;
    if (exited === 2) process.exit(0);
    // One process stopping alone is a failure: stop the other one too.
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
  });
}
