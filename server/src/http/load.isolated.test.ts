import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createAdminDataSource } from '../db/data-sources';
import {
  TestClient,
  type TestWorkspace,
  closeFactories,
  createWorkspaceWithAdmin,
  testConfig,
} from '../../test/harness';
import { type ServerProcess, startApiProcess } from '../../test/processes';

// autocannon ships no types; only what this file uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult> & {
  stop?: () => void;
};

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

interface Histogram {
  recordValue(v: number): void;
  getValueAtPercentile(p: number): number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hdr = require('hdr-histogram-js') as { build(opts: Record<string, unknown>): Histogram };

/**
 * A bounded load test on 127.0.0.1: the API as its own process, a workspace of a few
 * thousand companies and contacts seeded with SQL, and 50 concurrent clients for
 * LOAD_TEST_SECONDS (60 by default) mixing the list pages, the global search and writes
 * (updateCompany, createActivity). No request may fail: no socket error, no timeout, no
 * non-2xx status, no GraphQL error. Prints p50/p95/p99 per kind; with LOAD_TEST_REPORT set,
 * writes them as JSON to that file (docs/benchmarks.md quotes a run).
 */
const SECONDS = Number(process.env.LOAD_TEST_SECONDS ?? 60);
const COMPANIES = Number(process.env.LOAD_TEST_COMPANIES ?? 3000);
const CONTACTS_PER_COMPANY = 3;

const COMPANY_PAGE = `query LoadCompanyList($after: String) {
  companies(orderBy: [{ column: "name" }], first: 50, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name city postalCode companyType { label }
      mainContact { fullName email phoneDirect { national } } eventsCount contactsCount } }
  }
}`;
const CONTACT_PAGE = `query LoadContactList($filter: ListFilter) {
  contacts(filter: $filter, first: 50) {
    totalCount
    edges { node { id fullName email phoneDirect { national } company { name } salesperson { name } eventsCount } }
  }
}`;
const SEARCH = `query LoadSearch($q: String!) {
  search(query: $q, first: 10) { groups { kind totalCount hits { id title subtitle } } }
}`;
const UPDATE_COMPANY = `mutation LoadUpdateCompany($id: ID!, $input: CompanyFieldsInput!) {
  updateCompany(id: $id, input: $input) { id website }
}`;
const CREATE_ACTIVITY = `mutation LoadCreateActivity($input: CreateActivityInput!) {
  createActivity(input: $input) { id }
}`;

const CITIES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille', 'Bordeaux', 'Rennes', 'Nice', 'Brest'];
const FIRST = ['Amélie', 'Benoît', 'Céline', 'Denis', 'Élodie', 'François', 'Gaëlle', 'Hélène', 'Jérôme', 'Léa'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];

async function seed(owner: DataSource, ws: TestWorkspace): Promise<void> {
  await owner.query(
    `INSERT INTO company (workspace_id, name, city, postal_code, created_by)
     SELECT $1, 'Société ' || g || ' ' || ($3::text[])[1 + g % 10], ($3::text[])[1 + g % 10],
            lpad((10000 + g % 80000)::text, 5, '0'), $2
       FROM generate_series(1, $4) g`,
    [ws.workspaceId, ws.userId, CITIES, COMPANIES],
  );
  await owner.query(
    `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email, phone_direct, salesperson_id, created_by)
     SELECT c.workspace_id, c.id, ($3::text[])[1 + (n + k) % 10], ($4::text[])[1 + (n * 7 + k) % 10],
            'contact' || n || '-' || k || '@load.test', '+3314268' || lpad(((n * 3 + k) % 10000)::text, 4, '0'),
            $2, $2
       FROM (SELECT id, workspace_id, row_number() OVER (ORDER BY id) AS n FROM company WHERE workspace_id = $1) c,
            generate_series(1, $5) k`,
    [ws.workspaceId, ws.userId, FIRST, LAST, CONTACTS_PER_COMPANY],
  );
  await owner.query(
    `UPDATE company co SET main_contact_id = (
       SELECT id FROM contact WHERE company_id = co.id ORDER BY created_at, id LIMIT 1)
      WHERE workspace_id = $1`,
    [ws.workspaceId],
  );
  await owner.query('ANALYZE company; ANALYZE contact; ANALYZE activity');
}

interface Kind {
  name: string;
  connections: number;
  body: () => { query: string; variables: Record<string, unknown> };
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];

describe('load: 50 concurrent clients mixing lists, search and writes', () => {
  let api: ServerProcess & { url: string };
  let owner: DataSource;
  let ws: TestWorkspace;
  let cookie: string;
  let companyIds: string[];
  let contactIds: string[];
  let categoryId: string;

  beforeAll(async () => {
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin({ name: 'Charge' });
    await seed(owner, ws);
    companyIds = (
      await owner.query('SELECT id FROM company WHERE workspace_id = $1 ORDER BY random() LIMIT 500', [ws.workspaceId])
    ).map((r: { id: string }) => r.id);
    contactIds = (
      await owner.query('SELECT id FROM contact WHERE workspace_id = $1 ORDER BY random() LIMIT 500', [ws.workspaceId])
    ).map((r: { id: string }) => r.id);
    api = await startApiProcess({
      LOG_LEVEL: 'error',
      DATABASE_POOL_SIZE: '20',
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crmtest'}-load`,
    });
    const client = new TestClient(api.url);
    await client.login(ws.email, ws.password);
    cookie = client.cookie as string;
    categoryId = (await client.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await owner.destroy();
    await closeFactories();
  });

  it(
    'answers every request without error and reports p95 per kind',
    async () => {
      const kinds: Kind[] = [
        {
          name: 'company list',
          connections: 12,
          body: () => ({ query: COMPANY_PAGE, variables: {} }),
        },
        {
          name: 'contact list',
          connections: 10,
          body: () => ({
            query: CONTACT_PAGE,
            variables: { filter: { column: 'lastName', op: 'STARTS_WITH', value: pick(LAST).slice(0, 3) } },
          }),
        },
        {
          name: 'search',
          connections: 14,
          body: () => ({ query: SEARCH, variables: { q: `${pick(FIRST)} ${pick(LAST).slice(0, 4)}` } }),
        },
        {
          name: 'updateCompany',
          connections: 7,
          body: () => ({
            query: UPDATE_COMPANY,
            variables: {
              id: pick(companyIds),
              input: { website: `https://load-${Math.random().toString(36).slice(2, 8)}.fr` },
            },
          }),
        },
        {
          name: 'createActivity',
          connections: 7,
          body: () => ({
            query: CREATE_ACTIVITY,
            variables: { input: { kind: 'CALL', categoryId, contactId: pick(contactIds), comment: 'Appel de charge' } },
          }),
        },
      ];
      expect(kinds.reduce((n, k) => n + k.connections, 0)).toBe(50);

      // Warm-up (the API process compiles its modules on first use): a few requests of each kind.
      const warm = new TestClient(api.url);
      warm.cookie = cookie;
      for (let round = 0; round < 3; round++)
        for (const kind of kinds) {
          const { query, variables } = kind.body();
          await warm.ok(query, variables);
        }

      const graphqlErrors = new Map<string, string[]>();
      // Our own latency histograms: autocannon reports p97.5 and p99, not p95.
      const latencies = kinds.map(() =>
        hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000, numberOfSignificantValueDigits: 3 }),
      );
      const runs = kinds.map((kind, i) => {
        graphqlErrors.set(kind.name, []);
        return autocannon({
          histograms: { latencies: latencies[i] },
          url: `${api.url}/graphql`,
          connections: kind.connections,
          duration: SECONDS,
          timeout: 30,
          headers: { 'content-type': 'application/json', cookie },
          requests: [
            {
              method: 'POST',
              setupRequest: (req: Record<string, unknown>) => ({ ...req, body: JSON.stringify(kind.body()) }),
              onResponse: (status: number, body: string) => {
                if (status === 200 && body.includes('"errors"')) {
                  const list = graphqlErrors.get(kind.name) as string[];
                  if (list.length < 5) list.push(body.slice(0, 300));
                  else list.push('');
                }
              },
            },
          ],
        });
      });
      const results = await Promise.all(runs);

      const report = kinds.map((kind, i) => {
        const r = results[i];
        const p95 = latencies[i].getValueAtPercentile(95);
        return {
          kind: kind.name,
          connections: kind.connections,
          requests: r.requests.total,
          reqPerSec: Math.round(r.requests.total / SECONDS),
          p50: r.latency.p50,
          p95,
          p99: r.latency.p99,
          max: r.latency.max,
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          graphqlErrors: graphqlErrors.get(kind.name)?.length ?? 0,
        };
      });
      console.log(`load test, ${SECONDS} s, 50 connections\n${JSON.stringify(report, null, 2)}`);
      if (process.env.LOAD_TEST_REPORT)
        writeFileSync(
          path.resolve(process.env.LOAD_TEST_REPORT),
          JSON.stringify({ seconds: SECONDS, report }, null, 2),
        );

      const failures = report.filter((r) => r.errors || r.timeouts || r.non2xx || r.graphqlErrors);
      expect({ failures, samples: [...graphqlErrors.values()].flat().filter(Boolean).slice(0, 5) }).toEqual({
        failures: [],
        samples: [],
      });
      for (const r of report) expect(r.requests).toBeGreaterThan(0);
      // The writes really happened.
      const [{ n }] = await owner.query(
        `SELECT count(*)::int AS n FROM activity WHERE workspace_id = $1 AND comment = 'Appel de charge'`,
        [ws.workspaceId],
      );
      // Every answered createActivity wrote a row (the warm-up wrote 3 more; requests cut by the end may too).
      expect(n).toBeGreaterThanOrEqual((report.find((r) => r.kind === 'createActivity')?.requests ?? 0) + 3);
    },
    (SECONDS + 120) * 1000,
  );
});
