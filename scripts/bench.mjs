// `npm run bench`: seeds a benchmark database and measures the API over real HTTP on
// 127.0.0.1 (bounded in time and count). Figures go to stdout; copy them to
// docs/benchmarks.md with the machine they were taken on.
//   BENCH_COMPANIES (default 20000), BENCH_SECONDS (default 10), BENCH_CONCURRENCY (default 20)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ensureDependencies, npx } from './lib.mjs';

ensureDependencies();
if (!existsSync('dist/server/src/http/app.js')) npx('tsc', ['-p', 'server/tsconfig.build.json']);

const require = createRequire(import.meta.url);
require('reflect-metadata');
const db = process.env.BENCH_DATABASE ?? 'crm_bench';
process.env.DATABASE_ADMIN_URL ??= `postgres://postgres@127.0.0.1:5432/${db}`;
process.env.DATABASE_URL ??= `postgres://crm_app:crm_app@127.0.0.1:5432/${db}`;
process.env.QUEUE_PREFIX ??= 'crmbench';
process.env.LOG_LEVEL ??= 'silent';
process.env.LOGIN_MAX_ATTEMPTS_PER_IP ??= '1000000';
process.env.GRAPHQL_MAX_COST ??= '100000';

const { loadConfig } = require('../dist/server/src/config/env.js');
const { setupDatabase } = require('../dist/server/src/db/bootstrap.js');
const { openDeps } = require('../dist/server/src/bootstrap-deps.js');
const { createHttpApp } = require('../dist/server/src/http/app.js');
const { createWorkspaceWithAdmin } = require('../dist/server/src/modules/user/user.service.js');
const { withTenant } = require('../dist/server/src/db/tenant-scope.js');

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 20000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);

const cfg = loadConfig();
await setupDatabase(cfg);
const deps = await openDeps(cfg);
const email = `bench-${Date.now()}@bench.local`;
const password = 'bench-password-123';
const { workspace } = await createWorkspaceWithAdmin(deps.dataSource, {
  name: 'Bench',
  adminEmail: email,
  adminPassword: password,
});

let t = Date.now();
await withTenant(deps.dataSource, workspace.id, null, async (em) => {
  await em.query(
    `INSERT INTO company (workspace_id, name, city, postal_code, siret)
     SELECT $1, 'Société ' || g, 'Ville ' || (g % 500), lpad((g % 95000)::text, 5, '0'), NULL
     FROM generate_series(1, $2) g`,
    [workspace.id, COMPANIES],
  );
  await em.query(
    `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email, phone_direct)
     SELECT $1, c.id, 'Prénom', 'Nom ' || k, 'contact' || k || '.' || left(c.id::text, 8) || '@example.fr', '+33142685300'
     FROM company c CROSS JOIN generate_series(1, 3) k WHERE c.workspace_id = $1`,
    [workspace.id],
  );
  await em.query(
    `UPDATE company c SET main_contact_id = (SELECT id FROM contact WHERE company_id = c.id ORDER BY id LIMIT 1)
     WHERE c.workspace_id = $1`,
    [workspace.id],
  );
  await em.query(
    `INSERT INTO billing_address (workspace_id, company_id, address_line1, city, is_default)
     SELECT $1, id, '1 rue de la Paix', city, true FROM company WHERE workspace_id = $1`,
    [workspace.id],
  );
});
console.log(`seeded ${COMPANIES} companies, ${COMPANIES * 3} contacts in ${((Date.now() - t) / 1000).toFixed(1)} s`);
await deps.dataSource.query('ANALYZE');
const ids = await withTenant(deps.dataSource, workspace.id, null, (em) =>
  em.query('SELECT id FROM company ORDER BY random() LIMIT 1000'),
);

const http = await createHttpApp(deps);
await new Promise((r) => http.server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${http.server.address().port}/graphql`;

async function gql(query, variables, cookie) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { res, body };
}
const login = await gql('mutation($e:String!,$p:String!){login(email:$e,password:$p){id}}', { e: email, p: password });
const cookie = login.res.headers.getSetCookie()[0].split(';')[0];

async function measure(name, makeRequest) {
  const latencies = [];
  const deadline = Date.now() + SECONDS * 1000;
  let errors = 0;
  let i = 0;
  const rssBefore = process.memoryUsage().rss;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          await makeRequest(i++);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
  console.log(
    `${name}: ${(latencies.length / SECONDS).toFixed(0)} req/s, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, ` +
      `errors ${errors}, rss +${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB (concurrency ${CONCURRENCY}, ${SECONDS} s)`,
  );
}

const COMPANY_PAGE = `query($id: ID!) { company(id: $id) { id name city siret active
  mainContact { id fullName email phoneDirect { national } salesperson { name } }
  contacts { id fullName isMain } billingAddresses { id isDefault city } subsidiaries { id } languages { label } } }`;
await measure('company page (company + main contact + 3 contacts + billing addresses)', (n) =>
  gql(COMPANY_PAGE, { id: ids[n % ids.length].id }, cookie),
);
await measure('createCompany with main contact (validation, 5 inserts, audit)', (n) =>
  gql(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
    {
      input: {
        name: `Bench ${n}`,
        siret: '73282932000074',
        vatNumber: 'FR44732829320',
        mainContact: { firstName: 'A', lastName: `B${n}`, email: `b${n}@bench.fr`, phoneDirect: '0142685300' },
      },
    },
    cookie,
  ),
);
await measure('me (session lookup + one row)', () => gql('{ me { id name } }', {}, cookie));

await http.stop();
await deps.close();
process.exit(0);
