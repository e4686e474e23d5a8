import {
  TestClient,
  type TestApi,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../test/harness';
import { UserRole } from '../modules/user/user.entity';
import { SESSION_COOKIE } from '../modules/auth/auth.service';

describe('operator endpoints', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('serve health, readiness and Prometheus metrics', async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ database: 'ok', redis: 'ok' });
    await new TestClient(api.url).gql('query Probe { __typename }');
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toContain('http_request_duration_seconds');
    expect(metrics).toMatch(/graphql_operation_duration_seconds_count\{operation="Probe"/);
  });

  it('reports not ready when the database is unreachable', async () => {
    const broken = await startTestApi();
    try {
      await broken.deps.dataSource.destroy();
      const ready = await fetch(`${broken.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ database: 'down', redis: 'ok' });
    } finally {
      await broken.deps.dataSource.initialize();
      await broken.close();
    }
  });

  it('keep the queue dashboard for admins', async () => {
    const ws = await createWorkspaceWithAdmin();
    const user = await addUser(ws.workspaceId, UserRole.USER);
    expect((await fetch(`${api.url}/admin/queues`)).status).toBe(401);
    const userClient = await clientFor(api, user);
    const asUser = await fetch(`${api.url}/admin/queues`, { headers: { cookie: userClient.cookie! } });
    expect(asUser.status).toBe(403);
    const adminClient = await clientFor(api, ws);
    expect(adminClient.cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    const asAdmin = await fetch(`${api.url}/admin/queues`, { headers: { cookie: adminClient.cookie! } });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.text()).toMatch(/<html/i);
  });

  it('tags every response with a request id', async () => {
    const res = await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });
});
