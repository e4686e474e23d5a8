import { TestClient, type TestWorkspace, closeFactories, createWorkspaceWithAdmin } from '../../test/harness';
import { type ServerProcess, startApiProcess, startWorkerProcess } from '../../test/processes';
import { type TestSmtp, startTestSmtp } from '../../test/smtp';

const JOB = `query($id: ID!) { job(id: $id) { status attempts result } }`;
const START_EXPORT = `mutation($input: StartExportInput!) { startExport(input: $input) { id } }`;

async function waitForJobs(client: TestClient, ids: string[], ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const jobs = await Promise.all(ids.map(async (id) => (await client.ok(JOB, { id })).job));
    if (jobs.every((j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status))) return jobs;
    if (Date.now() > deadline) throw new Error(`jobs still running: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Two API processes and two worker processes on one PostgreSQL and one Redis, as behind a
 * load balancer: a session opened on one API works on the other, and each job is
 * processed by exactly one worker, once.
 */
describe('several API and worker processes at once', () => {
  let smtp: TestSmtp;
  const processes: ServerProcess[] = [];
  let apis: (ServerProcess & { url: string })[];
  let ws: TestWorkspace;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    // A queue of its own, so these workers never take another test file's jobs.
    const env = {
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: '2',
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crmtest'}-scale`,
    };
    apis = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    processes.push(...apis);
    processes.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
    ws = await createWorkspaceWithAdmin();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await smtp.close();
    await closeFactories();
  });

  it('accepts a session opened on one API process on the other', async () => {
    const first = new TestClient(apis[0].url);
    await first.login(ws.email, ws.password);
    const second = new TestClient(apis[1].url, {});
    second.cookie = first.cookie;
    const me = await second.ok('{ me { id } }');
    expect(me.me.id).toBe(ws.userId);
  });

  it('runs each job exactly once across two workers', async () => {
    const clients = await Promise.all(
      apis.map(async (api) => {
        const c = new TestClient(api.url);
        await c.login(ws.email, ws.password);
        return c;
      }),
    );
    const before = smtp.messages.length;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const client = clients[i % 2];
      const { startExport } = await client.ok(START_EXPORT, {
        input: { password: ws.password, list: i % 2 ? 'CONTACTS' : 'COMPANIES' },
      });
      ids.push(startExport.id);
    }
    const jobs = await waitForJobs(clients[0], ids);
    expect(jobs.map((j) => j.status)).toEqual(ids.map(() => 'SUCCEEDED'));
    expect(jobs.map((j) => j.attempts)).toEqual(ids.map(() => 1));
    // One email per export job: none lost, none sent twice.
    await smtp.waitForMessages(before + ids.length);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.length - before).toBe(ids.length);
  });
});
