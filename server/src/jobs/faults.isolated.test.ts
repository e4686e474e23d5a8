import ExcelJS from 'exceljs';
import { withTenant } from '../db/tenant-scope';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../test/harness';
import { type ServerProcess, startWorkerProcess } from '../../test/processes';
import { type TestSmtp, startTestSmtp } from '../../test/smtp';

const JOB = `query($id: ID!) { job(id: $id) { status attempts progressDone progressTotal result error } }`;
const START_EXPORT = `mutation($input: StartExportInput!) { startExport(input: $input) { id } }`;

async function waitFor<T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (until(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Many contacts at once, straight in SQL, so an export takes a few seconds. */
async function seedContacts(api: TestApi, ws: TestWorkspace, count: number): Promise<void> {
  await withTenant(api.deps.dataSource, ws.workspaceId, ws.userId, async (em) => {
    const [{ id }] = await em.query(
      `INSERT INTO company (workspace_id, name, city) VALUES ($1, 'Grosse Boîte', 'Lyon')
      RETURNING id`,
      [ws.workspaceId],
    );
    await em.query(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email)
       SELECT $1, $2, 'Prénom ' || g, 'Nom ' || lpad(g::text, 6, '0'), 'p' || g || '@grosse-boite.fr'
       FROM generate_series(1, $3) g`,
      [ws.workspaceId, id, count],
    );
  });
}

// Worker processes compile the sources on start and the export is meant to take a while.
jest.setTimeout(240_000);

describe('jobs survive faults', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  const workers: ServerProcess[] = [];
  // A queue of its own: this file empties it, and its workers must not take other files' jobs.
  const QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? 'crmtest'}-faults`;
  const env = () => ({
    QUEUE_PREFIX,
    SMTP_URL: smtp.url,
    WORKER_LOCK_SECONDS: '5',
    WORKER_STALLED_CHECK_SECONDS: '2',
    JOB_RECONCILE_INTERVAL_SECONDS: '1',
    JOB_RECONCILE: 'true',
  });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    api = await startTestApi({ SMTP_URL: smtp.url, QUEUE_PREFIX });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    await seedContacts(api, ws, 40_000);
  }, 120_000);
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGKILL')));
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
    await closeFactories();
  });

  it('finishes an export whose worker was killed (SIGKILL) mid-way, once, with every row once', async () => {
    workers.push(await startWorkerProcess(env()));
    const before = smtp.messages.length;
    const { startExport } = await admin.ok(START_EXPORT, { input: { password: ws.password, list: 'CONTACTS' } });
    await waitFor(
      async () => (await admin.ok(JOB, { id: startExport.id })).job,
      (j) => j.status === 'RUNNING' && j.progressDone > 0,
    );
    await workers[0].stop('SIGKILL');
    const mid = (await admin.ok(JOB, { id: startExport.id })).job;
    expect(mid.status).toBe('RUNNING');
    expect(mid.progressDone).toBeLessThan(40_000);

    workers.push(await startWorkerProcess(env()));
    const done = await waitFor(
      async () => (await admin.ok(JOB, { id: startExport.id })).job,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', progressDone: 40_000, result: { rows: 40_000 } });
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.load(
      mail.attachments.find((a) => a.filename?.endsWith('.xlsx'))?.content as unknown as ArrayBuffer,
    );
    const emails = new Set<string>();
    sheet.worksheets[0].eachRow((row, n) => {
      if (n > 1) emails.add(String(row.getCell(18).value));
    });
    expect(emails.size).toBe(40_000);
    const csvLines = mail.attachments
      .find((a) => a.filename?.endsWith('.csv'))
      ?.content.toString('utf8')
      .trim()
      .split('\r\n');
    expect(csvLines).toHaveLength(40_001);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.length - before).toBe(1);
  });

  it('loses no job when Redis loses the queue: the job table puts them back', async () => {
    // No worker yet: the jobs wait in Redis, then Redis "restarts empty" (our keys vanish).
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await admin.ok(START_EXPORT, { input: { password: ws.password, list: 'COMPANIES' } })).startExport.id);
    }
    const prefix = api.deps.config.QUEUE_PREFIX;
    const keys = await api.deps.redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    await api.deps.redis.del(...keys);
    expect(await api.deps.redis.keys(`${prefix}:*`)).toEqual([]);

    const before = smtp.messages.length;
    workers.push(await startWorkerProcess(env()));
    const jobs = await waitFor(
      () => Promise.all(ids.map(async (id) => (await admin.ok(JOB, { id })).job)),
      (js) => js.every((j) => j.status === 'SUCCEEDED' || j.status === 'FAILED'),
    );
    expect(jobs.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    await smtp.waitForMessages(before + 3);
  });

  it('answers errors while the database connections are cut, then recovers by itself', async () => {
    const database = api.deps.config.DATABASE_URL.split('/').pop()?.split('?')[0];
    await api.deps.dataSource.query('SELECT 1');
    // What a PostgreSQL restart does to a running API: every connection is dropped.
    const { Client } = await import('pg');
    const owner = new Client({ connectionString: api.deps.config.DATABASE_ADMIN_URL });
    await owner.connect();
    try {
      await owner.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = 'crm_app'
           AND pid <> pg_backend_pid()`,
        [database],
      );
    } finally {
      await owner.end();
    }
    const answers = await Promise.all(Array.from({ length: 5 }, () => admin.gql('{ me { id } }')));
    for (const r of answers) {
      // Either already recovered, or a clean error: never a hang, never internals.
      if (r.errors?.length) expect(r.errors[0].message).not.toMatch(/terminat|ECONN|postgres/i);
    }
    const healed = await waitFor(
      () => admin.gql('{ me { id } }'),
      (r) => !r.errors?.length,
      20_000,
    );
    expect(healed.data).toMatchObject({ me: { id: ws.userId } });
  });
});
