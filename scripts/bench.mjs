// `npm run bench`: measures the API over real HTTP on 127.0.0.1 against the seeded benchmark
// database, and the same work in plain SQL when a scenario gives it.
//
// 1. Makes sure the bench database (BENCH_DATABASE, default crm_bench) holds the "Bench"
//    workspace; if not, seeds it (scripts/seed-bench.mjs) with BENCH_COMPANIES (20000),
//    BENCH_CONTACTS (3 per company), BENCH_ACTIVITIES (10 per company), BENCH_EVENTS (1 per
//    2 companies). For the issue's figures run `npm run seed:bench` first (100k companies…).
// 2. Starts the API in this process, signs in as the bench admin.
// 3. Loads every scripts/bench/*.mjs (BENCH_ONLY=search,lists to pick some). A module may export
//      async function scenarios(ctx) → [{ name, gql: { query, variables }, sql?: { text, params } | [...] }]
//      async function run(ctx) → lines to print (its own measurements)
//    ctx = { gql(query, variables) → data, sql(text, params) → rows (in the bench workspace's
//    tenant scope, one transaction like an API request), workspaceId, baseUrl, cookie, log }.
//    `variables` may be a function (i) => variables, to vary them between requests.
// 4. Each scenario: BENCH_WARMUP requests (10), then requests until BENCH_REQUESTS (300) or
//    BENCH_SECONDS (10) is reached, BENCH_CONCURRENCY at a time (1: latency, not throughput).
//    Prints p50/p95 for the API and for the SQL alone, and the ratio API/SQL, as a markdown table.
// The load generator shares the API's event loop: figures are a ceiling on latency.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { npx } from './lib.mjs';
import { BENCH_EMAIL, BENCH_PASSWORD, BENCH_WORKSPACE, benchUrls, seedBench } from './seed-bench.mjs';

if (!existsSync('dist/server/src/http/app.js')) npx('tsc', ['-p', 'server/tsconfig.build.json']);

const require = createRequire(import.meta.url);
require('reflect-metadata');
const urls = benchUrls();
process.env.DATABASE_ADMIN_URL = urls.admin;
process.env.DATABASE_URL = urls.app;
process.env.QUEUE_PREFIX ??= 'crmbench';
process.env.LOG_LEVEL ??= 'silent';
process.env.LOGIN_MAX_ATTEMPTS_PER_IP ??= '1000000';
process.env.GRAPHQL_MAX_COST ??= '100000';
// The import benchmark uploads a 100,000-row file (about 15 MB).
process.env.IMPORT_MAX_UPLOAD_BYTES ??= String(64 * 1024 * 1024);
process.env.IMPORT_MAX_ROWS ??= '200000';

const num = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number`);
  return v;
};
const WARMUP = num('BENCH_WARMUP', 10);
const REQUESTS = num('BENCH_REQUESTS', 300);
const SECONDS = num('BENCH_SECONDS', 10);
const CONCURRENCY = Math.max(1, num('BENCH_CONCURRENCY', 1));
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : null;

const { Client } = require('pg');
const { loadConfig } = require('../dist/server/src/config/env.js');
const { runMigrations } = require('../dist/server/src/db/bootstrap.js');
const { openDeps } = require('../dist/server/src/bootstrap-deps.js');
const { createHttpApp } = require('../dist/server/src/http/app.js');
const { withTenant } = require('../dist/server/src/db/tenant-scope.js');

/** The bench workspace's id, or null when the database or the workspace is missing. */
async function benchWorkspace() {
  const server = new Client({ connectionString: urls.admin.replace(/\/[^/]*$/, '/postgres') });
  await server.connect();
  const { rowCount } = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [urls.db]);
  await server.end();
  if (!rowCount) return null;
  const db = new Client({ connectionString: urls.admin });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT id FROM workspace WHERE name = $1', [BENCH_WORKSPACE]).catch(() => ({
      rows: [],
    }));
    return rows[0]?.id ?? null;
  } finally {
    await db.end();
  }
}

let workspaceId = await benchWorkspace();
if (!workspaceId) {
  const companies = num('BENCH_COMPANIES', 20000);
  const sizes = {
    companies,
    contacts: num('BENCH_CONTACTS', companies * 3),
    activities: num('BENCH_ACTIVITIES', companies * 10),
    events: num('BENCH_EVENTS', Math.round(companies / 2)),
  };
  console.log(`${urls.db} has no bench workspace: seeding ${JSON.stringify(sizes)}`);
  workspaceId = (await seedBench(sizes)).workspaceId;
}
const cfg = loadConfig();
// A database seeded by an older build gets the newer migrations.
await runMigrations(cfg);
const deps = await openDeps(cfg);
const http = await createHttpApp(deps);
await new Promise((r) => http.server.listen(0, '127.0.0.1', r));
const baseUrl = `http://127.0.0.1:${http.server.address().port}`;

async function post(query, variables, cookie) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { res, data: body.data };
}
const login = await post('mutation($e:String!,$p:String!){login(email:$e,password:$p){id}}', {
  e: BENCH_EMAIL,
  p: BENCH_PASSWORD,
});
const cookie = login.res.headers.getSetCookie()[0].split(';')[0];

// Jobs (imports) need a worker: a child process of its own, so its peak memory can be read.
const worker = spawn(process.execPath, ['dist/server/src/jobs/worker-main.js'], {
  env: { ...process.env, WORKER_METRICS_PORT: '0', CRM_PROCESS: 'worker' },
  stdio: 'ignore',
});

const ctx = {
  workerPid: worker.pid,
  workspaceId,
  baseUrl,
  cookie,
  log: (...args) => console.log(...args),
  gql: async (query, variables = {}) => (await post(query, variables, cookie)).data,
  sql: (text, params = []) => withTenant(deps.dataSource, workspaceId, null, (em) => em.query(text, params)),
};

const [{ count: companyCount }] = await ctx.sql('SELECT count(*)::int AS count FROM company');
const [{ count: contactCount }] = await ctx.sql('SELECT count(*)::int AS count FROM contact');
const [{ count: activityCount }] = await ctx.sql('SELECT count(*)::int AS count FROM activity');
const [{ count: eventCount }] = await ctx.sql('SELECT count(*)::int AS count FROM event');
console.log(
  `bench workspace: ${companyCount} companies, ${contactCount} contacts, ${activityCount} activities, ${eventCount} events`,
);

const pick = (v, i) => (typeof v === 'function' ? v(i) : v);

/** p50/p95 of `fn` over warm-up + bounded count/time, CONCURRENCY at a time. */
async function measure(fn) {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const latencies = [];
  const deadline = Date.now() + SECONDS * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (i < REQUESTS && Date.now() < deadline) {
        const n = i++;
        const started = performance.now();
        await fn(n);
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { n: latencies.length, p50: q(0.5), p95: q(0.95) };
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const loadBefore = load();
const ms = (v) => (v === undefined ? '' : `${v.toFixed(1)} ms`);
const rows = [];
const extra = [];
// The floor of any request on this machine: session look-up, one transaction, one row.
{
  const api = await measure(() => ctx.gql('{ me { id } }'));
  rows.push({ module: 'baseline', name: '`me` (session + one row)', api });
}
const dir = path.resolve('scripts/bench');
const modules = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.mjs'))
      .sort()
  : [];
for (const file of modules) {
  const name = file.replace(/\.mjs$/, '');
  if (ONLY && !ONLY.includes(name)) continue;
  const mod = await import(pathToFileURL(path.join(dir, file)).href);
  if (typeof mod.scenarios === 'function') {
    for (const s of await mod.scenarios(ctx)) {
      try {
        const api = await measure((i) => ctx.gql(s.gql.query, pick(s.gql.variables, i)));
        let sql;
        if (s.sql) {
          const statements = Array.isArray(s.sql) ? s.sql : [s.sql];
          // All of a scenario's statements in one tenant transaction, as the API runs them.
          sql = await measure((i) =>
            withTenant(deps.dataSource, workspaceId, null, async (em) => {
              for (const st of statements) await em.query(st.text, pick(st.params, i) ?? []);
            }),
          );
        }
        rows.push({ module: name, name: s.name, api, sql });
        console.log(
          `  ${name} / ${s.name}: API p50 ${ms(api.p50)} p95 ${ms(api.p95)}${sql ? `, SQL p50 ${ms(sql.p50)} p95 ${ms(sql.p95)}` : ''}`,
        );
      } catch (err) {
        rows.push({ module: name, name: s.name, error: String(err.message ?? err).slice(0, 200) });
        console.log(`  ${name} / ${s.name}: FAILED ${err.message ?? err}`);
      }
    }
  }
  if (typeof mod.run === 'function') {
    const lines = await mod.run(ctx);
    if (lines?.length) extra.push(`### ${name}`, ...lines);
  }
}

console.log(
  `\n${companyCount} companies, ${contactCount} contacts, ${activityCount} activities, ${eventCount} events; ` +
    `warm-up ${WARMUP}, up to ${REQUESTS} requests or ${SECONDS} s per scenario, concurrency ${CONCURRENCY}; ` +
    `${os.cpus().length} CPUs, load average ${loadBefore} before, ${load()} after\n`,
);
console.log('| module | scenario | requests | API p50 | API p95 | SQL p50 | SQL p95 | API/SQL (p95) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  if (r.error) {
    console.log(`| ${r.module} | ${r.name} | failed: ${r.error.replace(/\|/g, '/')} | | | | | |`);
    continue;
  }
  const ratio = r.sql ? `${(r.api.p95 / r.sql.p95).toFixed(2)}×` : '';
  console.log(
    `| ${r.module} | ${r.name} | ${r.api.n} | ${ms(r.api.p50)} | ${ms(r.api.p95)} | ${ms(r.sql?.p50)} | ${ms(r.sql?.p95)} | ${ratio} |`,
  );
}
if (extra.length) console.log(`\n${extra.join('\n')}`);

worker.kill('SIGTERM');
await new Promise((r) => worker.once('exit', r));
await http.stop();
await deps.close();
process.exit(0);
