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

  it('keep the job dashboard for the operators, not for every workspace admin', async () => {
    const operator = await createWorkspaceWithAdmin();
    const otherAdmin = await createWorkspaceWithAdmin();
    const user = await addUser(operator.workspaceId, UserRole.USER);
    // The dashboard shows every workspace's jobs: only the listed operators get it.
    const withOperators = await startTestApi({ JOB_DASHBOARD_OPERATORS: ` ${operator.email.toUpperCase()} , x@y.z` });
    try {
      const page = async (a: TestApi, who?: Parameters<typeof clientFor>[1]) => {
        const cookie = who ? (await clientFor(a, who)).cookie! : '';
        return fetch(`${a.url}/admin/queues`, { headers: cookie ? { cookie } : {} });
      };
      expect((await page(withOperators)).status).toBe(401);
      expect((await page(withOperators, user)).status).toBe(403);
      // Signed in but no operator: a page in French saying why, with a way back to the app.
      const refused = await page(withOperators, otherAdmin);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
      const refusal = await refused.text();
      expect(refusal).toContain('<html lang="fr">');
      expect(refusal).toContain('<h1>Accès refusé</h1>');
      expect(refusal).toMatch(/réservé aux opérateurs de la plateforme/);
      expect(refusal).toContain('<a href="/">Retour à l’accueil</a>');
      const asOperator = await page(withOperators, operator);
      expect(asOperator.status).toBe(200);
      const html = await asOperator.text();
      expect(html).toMatch(/<html/i);
      // No third-party fonts (the CSP would block them, and operators' visits are nobody else's
      // business): everything the page loads is its own, which the dashboard's CSP allows.
      expect(html).toMatch(/<link href="static\/css\/[^"]+\.css" rel="stylesheet">/);
      expect(html).not.toMatch(/fonts\.(googleapis|gstatic)\.com/);
      expect(
        [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]).filter((u) => /^(https?:)?\/\//.test(u)),
      ).toEqual([]);
      expect(asOperator.headers.get('content-security-policy')).toMatch(/style-src 'self'/);
      // A deep link (a queue's page) is the same page.
      const deep = await fetch(`${withOperators.url}/admin/queues/queue/jobs`, {
        headers: { cookie: (await clientFor(withOperators, operator)).cookie! },
      });
      expect(deep.status).toBe(200);
      expect(await deep.text()).not.toContain('fonts.googleapis.com');
      // With no operator configured, nobody gets it, admins included.
      expect((await page(api, operator)).status).toBe(403);
      const adminClient = await clientFor(api, operator);
      expect(adminClient.cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    } finally {
      await withOperators.close();
    }
  });

  it('tags every response with a request id', async () => {
    const res = await fetch(`${api.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });
});
