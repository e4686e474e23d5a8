import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ctx } from '../common/context';
import { TenantScope } from '../db/tenant-scope';
import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { startJob } from '../modules/job/job.service';
import { UserRole } from '../modules/user/user.entity';
import {
  type TestApi,
  type TestWorkspace,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../test/harness';
import { type JobHandler, JobRegistry } from './job-handler';
import { type RunningWorker, startWorker } from './worker';
import { waitFor } from '../../test/wait';

const JOB =
  'query($id: ID!) { job(id: $id) { id kind status progressDone progressTotal counts error attempts resultFiles { name url size } createdBy { id } } }';

/** Handlers that exist only for these tests. */
const runs = new Map<string, number>();
let releaseSlow: () => void = () => undefined;
const handlers: JobHandler[] = [
  {
    kind: 'test.count',
    async run({ job, checkpoint, deps }) {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      const total = Number(job.params.total ?? 3);
      for (let i = 1; i <= total; i++) await checkpoint({ done: i, total, counts: { counted: i } });
      const dir = path.join(deps.config.STORAGE_DIR, 'jobs', job.id);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'report.txt'), `counted ${total}`);
      return {
        result: { total },
        resultFiles: [{ name: 'report.txt', path: `jobs/${job.id}/report.txt`, contentType: 'text/plain', size: 9 }],
      };
    },
  },
  {
    kind: 'test.flaky',
    async run({ job, attempt }) {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      if (attempt < Number(job.params.succeedOn ?? 99)) throw new Error(`attempt ${attempt} broke`);
      return { result: { attempt } };
    },
  },
  {
    kind: 'test.slow',
    async run({ checkpoint }) {
      await checkpoint({ done: 0, total: 10 });
      await new Promise<void>((resolve) => {
        releaseSlow = resolve;
      });
      await checkpoint({ done: 5, total: 10 });
      return {};
    },
  },
];

function ctxFor(api: TestApi, ws: TestWorkspace, role = UserRole.ADMIN): Ctx {
  return {
    actor: {
      workspaceId: ws.workspaceId,
      userId: ws.userId,
      role,
      apiKeyId: null,
      scope: ApiKeyScope.READ_WRITE,
      locale: 'fr',
    },
    scope: new TenantScope(api.deps.dataSource, ws.workspaceId, ws.userId),
    deps: api.deps,
  };
}

async function recordJob(
  api: TestApi,
  ws: TestWorkspace,
  kind: string,
  params = {},
  options = { attempts: 3, backoffMs: 50 },
) {
  const ctx = ctxFor(api, ws);
  const job = await startJob(ctx, kind, params, options);
  await ctx.scope.finish(true);
  return job.id;
}

describe('background jobs', () => {
  let api: TestApi;
  let worker: RunningWorker | undefined;
  const registry = new JobRegistry(handlers);
  const start = async () => {
    worker = await startWorker(api.deps, registry, { concurrency: 2, reconcileIntervalMs: 60_000 });
  };
  const stop = async () => {
    await worker?.close();
    worker = undefined;
  };

  beforeAll(async () => {
    // A queue of its own: one test empties it, and its test-only handlers must not meet other files' jobs.
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crmtest'}-worker`,
      JOB_RECONCILE: 'true',
    });
  });
  afterEach(stop);
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('refuses two handlers for one kind', () => {
    expect(() => new JobRegistry([handlers[0], handlers[0]])).toThrow(/Two handlers/);
  });

  it('run to the end with progress, counts and downloadable result files', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    await start();
    const id = await recordJob(api, ws, 'test.count', { total: 4 });
    const done = await waitFor(
      () => client.ok(JOB, { id }),
      (d) => d.job.status === 'SUCCEEDED',
    );
    expect(done.job).toMatchObject({
      progressDone: 4,
      progressTotal: 4,
      counts: { counted: 4 },
      attempts: 1,
      createdBy: { id: ws.userId },
    });
    const file = await fetch(`${api.url}${done.job.resultFiles[0].url}`, { headers: { cookie: client.cookie! } });
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('counted 4');
    expect((await fetch(`${api.url}${done.job.resultFiles[0].url}`)).status).toBe(401);
    const list = await client.ok('{ jobs(filter: { status: [SUCCEEDED] }) { totalCount edges { node { id } } } }');
    expect(list.jobs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
  });

  it('survive a Redis flush: the worker enqueues unfinished jobs from the database again', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const id = await recordJob(api, ws, 'test.count', { total: 2 });
    // Redis restarted empty: every key of this deployment is gone.
    const keys = await api.deps.redis.keys(`${api.deps.config.QUEUE_PREFIX}:*`);
    if (keys.length) await api.deps.redis.del(...keys);
    expect(await api.deps.queue.getJob(id)).toBeUndefined();
    await start();
    const done = await waitFor(
      () => client.ok(JOB, { id }),
      (d) => d.job.status === 'SUCCEEDED',
    );
    expect(done.job.progressDone).toBe(2);
    expect(runs.get(id)).toBe(1);
  });

  it('retry with backoff, then fail with the reason, and can be retried by hand', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    await start();
    const id = await recordJob(api, ws, 'test.flaky', { succeedOn: 3 }, { attempts: 2, backoffMs: 50 });
    const failed = await waitFor(
      () => client.ok(JOB, { id }),
      (d) => d.job.status === 'FAILED',
    );
    expect(failed.job).toMatchObject({ attempts: 2, error: 'attempt 2 broke' });
    expect(runs.get(id)).toBe(2);

    const retried = await client.ok('mutation($id: ID!) { retryJob(id: $id) { status error } }', { id });
    expect(retried.retryJob).toEqual({ status: 'QUEUED', error: null });
    // The manual retry starts a fresh BullMQ job; its first attempt is attempt 1 again, which
    // still fails, so this job only succeeds on the next retry: we check it ran again.
    await waitFor(
      () => Promise.resolve(runs.get(id) ?? 0),
      (n) => n >= 3,
    );
    expect(
      errorCode(
        await client.gql('mutation($id: ID!) { retryJob(id: $id) { id } }', {
          id: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('are cancelled while queued or at the next checkpoint while running', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const queued = await recordJob(api, ws, 'test.count');
    const c1 = await client.ok('mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: queued });
    expect(c1.cancelJob.status).toBe('CANCELLED');

    await start();
    const running = await recordJob(api, ws, 'test.slow');
    await waitFor(
      () => client.ok(JOB, { id: running }),
      (d) => d.job.status === 'RUNNING' && d.job.progressTotal === 10,
    );
    await client.ok('mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: running });
    releaseSlow();
    const cancelled = await waitFor(
      () => client.ok(JOB, { id: running }),
      (d) => d.job.status === 'CANCELLED',
    );
    // It stopped at the checkpoint that saw the cancel, which recorded how far it got.
    expect(cancelled.job.progressDone).toBe(5);
    expect(runs.get(queued)).toBeUndefined();
    const again = await client.gql('mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: running });
    expect(errorCode(again)).toBe('CONFLICT');
  });

  it('are visible to their workspace only, and to users only when they started them', async () => {
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    const id = await recordJob(api, a, 'test.count');
    const adminB = await clientFor(api, b);
    expect(errorCode(await adminB.gql(JOB, { id }))).toBe('NOT_FOUND');
    expect(errorCode(await adminB.gql('mutation($id: ID!) { cancelJob(id: $id) { id } }', { id }))).toBe('NOT_FOUND');
    const userA = await clientFor(api, await addUser(a.workspaceId, UserRole.USER));
    expect(errorCode(await userA.gql(JOB, { id }))).toBe('NOT_FOUND');
    expect((await userA.ok('{ jobs { totalCount } }')).jobs.totalCount).toBe(0);
    const adminA = await clientFor(api, a);
    expect((await adminA.ok(JOB, { id })).job.status).toBe('QUEUED');
  });
});
