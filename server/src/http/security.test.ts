import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { openDeps } from '../bootstrap-deps';
import { loggerRedactions } from '../observability/logger';
import {
  type TestApi,
  TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  testConfig,
} from '../../test/harness';
import { createHttpApp } from './app';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }';

async function login(url: string, email: string, password: string): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }),
  });
}

describe('HTTP security', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ CORS_ORIGINS: 'https://crm.example.com, https://other.example.com/' });
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('sends security headers: a script policy of self only, no framing, no sniffing, no referrer', async () => {
    const res = await fetch(`${api.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // Plain HTTP in this configuration: HSTS only when COOKIE_SECURE says we are behind HTTPS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('lets only the configured origins call the API from a browser, with credentials', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('https://crm.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://crm.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await preflight('https://other.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://other.example.com',
    );
    const refused = await preflight('https://evil.example.net');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const simple = await fetch(`${api.url}/healthz`, { headers: { origin: 'https://evil.example.net' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sets the session cookie httpOnly, SameSite=Lax, on the whole site, and Secure behind HTTPS', async () => {
    const ws = await createWorkspaceWithAdmin();
    const plain = (await login(api.url, ws.email, ws.password)).headers.getSetCookie()[0];
    expect(plain).toMatch(/HttpOnly/i);
    expect(plain).toMatch(/SameSite=Lax/i);
    expect(plain).toMatch(/Path=\//);
    expect(plain).not.toMatch(/;\s*Secure/i);

    const secureApi = await startTestApi({ COOKIE_SECURE: 'true' });
    try {
      const res = await login(secureApi.url, ws.email, ws.password);
      expect(res.headers.getSetCookie()[0]).toMatch(/;\s*Secure/i);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
    } finally {
      await secureApi.close();
    }
  });

  it('refuses oversized request bodies before parsing them', async () => {
    const big = JSON.stringify({ query: '{ me { id } }', variables: { filler: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
  });

  it('rejects queries that are too costly (wide lists of lists)', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const r = await client.gql(
      `{ jobs(first: 100) { edges { node { resultFiles { name } createdBy { id workspace { id name } } } } } }`,
    );
    // Either the cost limit or the schema answers; what matters is a refusal, not a huge answer.
    const wide = Array.from({ length: 14 }, (_, i) => `j${i}: jobs(first: 100) { edges { node { id kind status } } }`);
    const tooCostly = await client.gql(`{ ${wide.join(' ')} }`);
    expect(r.errors ?? []).toEqual([]);
    expect(tooCostly.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 20000 });
  });
});

describe('logs', () => {
  it('never contain passwords, session tokens or API keys', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const deps = await openDeps(testConfig({ LOG_LEVEL: 'trace' }));
    deps.logger = pino({ level: 'trace', redact: loggerRedactions() }, sink);
    const http = await createHttpApp(deps);
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    try {
      const ws = await createWorkspaceWithAdmin();
      const wrong = `wrong-${ws.password}`;
      await login(url, ws.email, wrong);
      const res = await login(url, ws.email, ws.password);
      const token = res.headers.getSetCookie()[0].split(';')[0].split('=')[1];
      const client = new TestClient(url, { cookie: `crm_session=${token}` });
      client.cookie = res.headers.getSetCookie()[0].split(';')[0];
      const created = await client.ok(
        'mutation { createApiKey(input: { name: "ci", scope: READ_ONLY }) { secret apiKey { id } } }',
      );
      const secret: string = created.createApiKey.secret;
      const keyClient = new TestClient(url, { authorization: `Bearer ${secret}` });
      await keyClient.ok('{ me { id } }');
      // A failing request too: error paths log more.
      await keyClient.gql('mutation { logout }');

      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(3);
      for (const value of [ws.password, wrong, token, secret]) expect(log).not.toContain(value);
    } finally {
      await http.stop();
      await deps.close();
      await closeFactories();
    }
  });
});
