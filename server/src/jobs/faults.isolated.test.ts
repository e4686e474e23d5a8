import ExcelJS from 'exceljs';
import { withTenant } from '../db/tenant-scope';
import {
  type TestApi,
  TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../test/harness';
import { type FakeProvider, startMailchimpFake } from '../../test/emailing-fakes';
import {
  CREATE_CONNECTION,
  SYNC_CONNECTION,
  contactsCsv,
  importedStats,
  startCsvImport,
  syncLoad,
  syncedStats,
} from '../../test/job-loads';
import { type ServerProcess, freePort, startApiProcess, startWorkerProcess } from '../../test/processes';
import { type TestSmtp, startTestSmtp } from '../../test/smtp';
import { startSmtpSink } from '../../test/smtp-sink';
import { waitFor as waitUntil } from '../../test/wait';

const JOB = `query($id: ID!) { job(id: $id) { status attempts progressDone progressTotal counts result error } }`;
const START_EXPORT = `mutation($input: StartExportInput!) { startExport(input: $input) { id } }`;

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
// Jobs here run through a worker that may be killed and restarted: longer than the shared default.
const waitFor = <T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 90_000) => waitUntil(probe, until, ms);

describe('jobs survive faults', () => {
  let smtp: TestSmtp;
  let mailchimp: FakeProvider;
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
    EMAILING_MAILCHIMP_BASE_URL: mailchimp.url,
    // Imports written 100 rows per transaction: a few thousand rows make dozens of checkpoints.
    IMPORT_BATCH_ROWS: '100',
  });

  beforeAll(async () => {
    smtp = await startTestSmtp();
    mailchimp = await startMailchimpFake();
    api = await startTestApi({
      SMTP_URL: smtp.url,
      QUEUE_PREFIX,
      EMAILING_MAILCHIMP_BASE_URL: mailchimp.url,
      // Emails retried soon and often (doubling from 0.4 s): the SMTP outage below lasts seconds.
      MAIL_RETRY_DELAY_MS: '400',
      MAIL_SEND_ATTEMPTS: '12',
    });
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
    await mailchimp.close();
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

  it('answers errors while the database connections are cut again and again under load, then recovers by itself', async () => {
    // An API process of its own: an unhandled connection error would end it, as in production.
    const apiProcess = await startApiProcess({ QUEUE_PREFIX, SMTP_URL: smtp.url });
    workers.push(apiProcess);
    const client = new TestClient(apiProcess.url);
    await client.login(ws.email, ws.password);
    const database = api.deps.config.DATABASE_URL.split('/').pop()?.split('?')[0];
    const { Client } = await import('pg');
    const owner = new Client({ connectionString: api.deps.config.DATABASE_ADMIN_URL });
    await owner.connect();
    // What a PostgreSQL restart does to a running API, several times over: every connection dropped.
    let cutting = true;
    let cuts = 0;
    const cutter = (async () => {
      let rounds = 0;
      while (cutting) {
        const r = await owner.query(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
            WHERE datname = $1 AND usename = 'crm_app' AND pid <> pg_backend_pid()`,
          [database],
        );
        cuts += r.rows[0].n;
        // Mostly right away (connections die as soon as the pool opens them), now and then a pause.
        await new Promise((resolve) => setTimeout(resolve, ++rounds % 4 === 0 ? 300 : 40));
      }
    })();
    const tag = Math.random().toString(36).slice(2, 8);
    const tally = {
      ok: 0,
      errors: 0,
      created: [] as string[],
      creates: 0,
      codes: new Set<string>(),
      leaks: [] as string[],
      network: [] as string[],
    };
    const deadline = Date.now() + 6_000;
    // Eight clients reading and writing as fast as they can while the connections keep dropping.
    const burst = Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let n = 0; Date.now() < deadline; n++) {
          const write = n % 2 === 1;
          if (write) tally.creates++;
          const r = await (
            write
              ? client.gql('mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }', {
                  input: {
                    name: `Coupure ${tag} ${lane}-${n}`,
                    mainContact: {
                      firstName: 'Alex',
                      lastName: `Coupure${n}`,
                      email: `alex.${tag}.${lane}.${n}@coupure.fr`,
                      phoneDirect: '0142685300',
                    },
                  },
                })
              : client.gql('{ me { id } }')
          ).catch((err: Error) => {
            // The API went away (a crash) or refused the connection.
            tally.network.push(`${err.message}: ${String((err.cause as Error)?.message)}`);
            return null;
          });
          if (!r) continue;
          if (r.errors?.length || !r.data) {
            tally.errors++;
            tally.codes.add(`${r.status} ${r.errors?.[0].extensions?.code ?? (r as { error?: string }).error}`);
            // A clean error: never the driver's words, hosts or stack traces.
            if (/terminat|ECONN|postgres|at .*\.ts/i.test(JSON.stringify(r))) tally.leaks.push(JSON.stringify(r));
          } else {
            tally.ok++;
            if (write) tally.created.push((r.data as { createCompany: { id: string } }).createCompany.id);
          }
        }
      }),
    );
    try {
      await burst;
    } finally {
      cutting = false;
      await cutter;
      await owner.end();
    }
    // Still the same process: it never crashed, and answered every request.
    if (apiProcess.child.exitCode !== null || apiProcess.child.signalCode) console.log(apiProcess.output());
    expect(apiProcess.child.exitCode).toBeNull();
    expect(tally.network).toEqual([]);
    expect(cuts).toBeGreaterThan(5);
    expect(tally.errors).toBeGreaterThan(0);
    expect(tally.leaks).toEqual([]);
    // Errors only of the server's kind (none blaming the request), each with its code.
    expect([...tally.codes].filter((c) => /undefined|BAD_USER_INPUT/.test(c))).toEqual([]);
    const healed = await waitFor(
      () => client.gql('{ me { id } }'),
      (r) => !r.errors?.length,
      20_000,
    );
    expect(healed.data).toMatchObject({ me: { id: ws.userId } });
    const after = await client.ok('mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }', {
      input: {
        name: `Coupure ${tag} après`,
        mainContact: {
          firstName: 'Alex',
          lastName: 'Après',
          email: `apres.${tag}@coupure.fr`,
          phoneDirect: '0142685300',
        },
      },
    });
    tally.created.push(after.createCompany.id);
    tally.creates++;
    // Writes it acknowledged are all there; none appeared that was not asked for.
    const [{ n, acknowledged }] = await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
      em.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE id = ANY($2::uuid[]))::int AS acknowledged
           FROM company WHERE name LIKE $1`,
        [`Coupure ${tag} %`, tally.created],
      ),
    );
    expect(acknowledged).toBe(tally.created.length);
    expect(n).toBeLessThanOrEqual(tally.creates);
    console.log(
      `connections cut ${cuts} times; ${tally.ok} answers, ${tally.errors} errors (${[...tally.codes].join(', ')}); ` +
        `${tally.created.length} of ${tally.creates} creations acknowledged, ${n} stored`,
    );
  }, 90_000);

  it('finishes an import whose worker was killed (SIGKILL) mid-file, with every row exactly once', async () => {
    const ws2 = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws2);
    const tag = Math.random().toString(36).slice(2, 8);
    const rows = 6_000;
    const jobId = await startCsvImport(client, contactsCsv(tag, rows, 300), rows);
    workers.push(await startWorkerProcess(env()));
    await waitFor(
      async () => (await client.ok(JOB, { id: jobId })).job,
      (j) => j.status === 'RUNNING' && j.progressDone >= 500,
    );
    await workers[0].stop('SIGKILL');
    const mid = (await client.ok(JOB, { id: jobId })).job;
    expect(mid.status).toBe('RUNNING');
    expect(mid.progressDone).toBeLessThan(rows);
    const atKill = await importedStats(api.deps.dataSource, ws2, tag);
    expect(atKill.contacts).toBeGreaterThan(0);
    expect(atKill.contacts).toBeLessThan(rows);

    workers.push(await startWorkerProcess(env()));
    const done = await waitFor(
      async () => (await client.ok(JOB, { id: jobId })).job,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
    );
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      progressDone: rows,
      counts: { created: rows, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(await importedStats(api.deps.dataSource, ws2, tag)).toEqual({
      contacts: rows,
      emails: rows,
      companies: 300,
      company_names: 300,
      logged: rows,
    });
    console.log(`import killed at ${atKill.contacts} of ${rows} rows, finished by attempt ${done.attempts}`);
  }, 90_000);

  it('finishes a provider sync whose worker was killed (SIGKILL) mid-way, nothing lost or doubled', async () => {
    const ws2 = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws2);
    const tag = Math.random().toString(36).slice(2, 8);
    const load = await syncLoad(api.deps.dataSource, ws2, tag, 8, 150);
    mailchimp.state.campaigns = load.campaigns;
    // Pages of 50 answered in 120 ms each: a few seconds for the whole sync.
    mailchimp.state.pageCap = 50;
    mailchimp.state.delayMs = 120;
    mailchimp.state.requests = [];
    const { createEmailingConnection } = await client.ok(CREATE_CONNECTION, {
      input: { provider: 'MAILCHIMP', label: `Fautes ${tag}`, apiKey: 'abc123-us19' },
    });
    const connectionId = createEmailingConnection.id;
    workers.push(await startWorkerProcess(env()));
    const { syncEmailingConnection } = await client.ok(SYNC_CONNECTION, { id: connectionId });
    const jobId = syncEmailingConnection.id;
    await waitFor(
      async () => (await client.ok(JOB, { id: jobId })).job,
      (j) => j.status === 'RUNNING' && j.progressDone >= 2,
    );
    await workers[0].stop('SIGKILL');
    const mid = (await client.ok(JOB, { id: jobId })).job;
    expect(mid.status).toBe('RUNNING');
    expect(mid.progressDone).toBeLessThan(8);
    const atKill = await syncedStats(api.deps.dataSource, ws2, connectionId);
    expect(atKill.activities).toBeLessThan(load.expected.activities);

    workers.push(await startWorkerProcess(env()));
    const done = await waitFor(
      async () => (await client.ok(JOB, { id: jobId })).job,
      (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED',
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', result: { resumed: true } });
    expect(done.attempts).toBeGreaterThanOrEqual(2);
    expect(await syncedStats(api.deps.dataSource, ws2, connectionId)).toEqual(load.expected);
    // Resumed where it stopped: the first campaign's activity (3 pages) was read once only.
    expect(mailchimp.hits(new RegExp(`^/reports/k0${tag}/email-activity$`))).toHaveLength(3);
    mailchimp.state.delayMs = 0;
    console.log(`sync killed after ${mid.progressDone} of 8 campaigns (${atKill.activities} activity rows)`);
  }, 90_000);

  it('keeps emails queued while the SMTP server is down and sends each exactly once when it is back', async () => {
    const port = await freePort();
    const received: string[] = [];
    let sink = await startSmtpSink({ port, onMessage: (m) => received.push(m.raw) });
    await sink.close();
    workers.push(await startWorkerProcess({ ...env(), SMTP_URL: `smtp://127.0.0.1:${port}` }));
    const [{ id: contactId }] = await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
      em.query(`SELECT id FROM contact WHERE email = 'p1@grosse-boite.fr'`),
    );
    const tag = Math.random().toString(36).slice(2, 8);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { sendEmail } = await admin.ok(
        `mutation($input: SendEmailInput!) { sendEmail(input: $input) { id status } }`,
        {
          input: {
            idempotencyKey: `${tag}-${i}`,
            contactId,
            toContactIds: [contactId],
            subject: `Panne ${tag} ${i}`,
            text: 'Bonjour',
          },
        },
      );
      ids.push(sendEmail.id);
    }
    const EMAIL = `query($id: ID!) { emailMessage(id: $id) { status attempts failureReason } }`;
    // The server is down: each email is tried, fails, and waits in the queue for the next try.
    const waiting = await waitFor(
      () => Promise.all(ids.map(async (id) => (await admin.ok(EMAIL, { id })).emailMessage)),
      (ms) => ms.every((m) => m.attempts >= 2),
      45_000,
    );
    for (const m of waiting) {
      expect(m.status).toBe('QUEUED');
      expect(m.failureReason).toMatch(/SMTP server unavailable/);
    }
    expect(received).toEqual([]);

    sink = await startSmtpSink({ port, onMessage: (m) => received.push(m.raw) });
    try {
      const sent = await waitFor(
        () => Promise.all(ids.map(async (id) => (await admin.ok(EMAIL, { id })).emailMessage)),
        (ms) => ms.every((m) => m.status !== 'QUEUED'),
        45_000,
      );
      expect(sent.map((m) => m.status)).toEqual(['SENT', 'SENT', 'SENT']);
      // A duplicate, if any, would follow soon.
      await new Promise((r) => setTimeout(r, 1500));
      const subjects = received.map((raw) => /^Subject: (.*)$/m.exec(raw)?.[1]?.trim()).sort();
      expect(subjects).toEqual([0, 1, 2].map((i) => `Panne ${tag} ${i}`));
      console.log(`SMTP down: ${waiting.map((m) => m.attempts).join('/')} failed attempts, then sent once each`);
    } finally {
      await sink.close();
    }
  }, 90_000);
});
