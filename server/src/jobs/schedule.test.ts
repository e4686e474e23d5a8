import type { Ctx } from '../common/context';
import { TenantScope } from '../db/tenant-scope';
import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { cancelJob, startJob } from '../modules/job/job.service';
import { UserRole } from '../modules/user/user.entity';
import { type TestApi, closeFactories, createWorkspaceWithAdmin, startTestApi } from '../../test/harness';
import { JobRegistry } from './job-handler';
import { reconcileJobs } from './worker';

describe('job reconciliation', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_reconcile` });
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('leaves jobs of kinds it has no handler for, and runs the handlers’ reconcile hooks', async () => {
    const ws = await createWorkspaceWithAdmin();
    const ctx = (): Ctx => ({
      actor: {
        workspaceId: ws.workspaceId,
        userId: ws.userId,
        role: UserRole.ADMIN,
        apiKeyId: null,
        scope: ApiKeyScope.READ_WRITE,
        locale: 'fr',
      },
      scope: new TenantScope(api.deps.dataSource, ws.workspaceId, ws.userId),
      deps: api.deps,
    });
    const c1 = ctx();
    const job = await startJob(c1, 'test.elsewhere');
    await c1.scope.finish(true);
    // Redis lost it.
    await (await api.deps.queue.getJob(job.id))?.remove();

    let reconciled = 0;
    const registry = new JobRegistry([
      { kind: 'test.known', run: async () => ({}), reconcile: async () => void reconciled++ },
    ]);
    await reconcileJobs(api.deps, registry);
    expect(await api.deps.queue.getJob(job.id)).toBeUndefined();
    expect(reconciled).toBe(1);

    const c2 = ctx();
    expect((await cancelJob(c2, job.id)).status).toBe('CANCELLED');
    await c2.scope.finish(true);
  });
});
