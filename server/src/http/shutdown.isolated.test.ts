import http from 'node:http';
import { closeFactories, createWorkspaceWithAdmin } from '../../test/harness';
import { type ServerProcess, startApiProcess } from '../../test/processes';

/** GET over a keep-alive agent: the socket stays open, idle, after the answer. */
function get(agent: http.Agent, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

function post(agent: http.Agent, url: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * SIGTERM stops the API process promptly even while browsers hold keep-alive connections
 * open: an orchestrator waits a bounded time (Kubernetes: 30 s) before SIGKILL.
 */
describe('API process shutdown', () => {
  let api: ServerProcess & { url: string };
  afterAll(async () => {
    await api?.stop('SIGKILL');
    await closeFactories();
  });

  it('exits within a few seconds of SIGTERM with idle keep-alive connections open', async () => {
    // Not NODE_ENV=test (jest's, which the child would inherit): Apollo Server registers its
    // own SIGTERM handler outside tests, and that is what hung the process.
    api = await startApiProcess({ NODE_ENV: 'development' });
    const ws = await createWorkspaceWithAdmin();
    const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    expect(await get(agent, `${api.url}/healthz`)).toBe(200);
    // A sign-in (database, Redis rate limiter) and a GraphQL request, as a browser does.
    const login = await post(agent, `${api.url}/graphql`, {
      query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { id } }`,
      variables: { email: ws.email, password: ws.password },
    });
    expect(login).toContain('"data"');
    expect(Object.values(agent.sockets).flat().length + Object.values(agent.freeSockets).flat().length).toBeGreaterThan(
      0,
    );

    const exited = new Promise<{ code: number | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      api.child.once('exit', (code) => resolve({ code, ms: Date.now() - t0 }));
    });
    api.child.kill('SIGTERM');
    const result = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    agent.destroy();
    expect(result).not.toBeNull();
    expect(result!.code).toBe(0);
    expect(result!.ms).toBeLessThan(5_000);
  }, 90_000);
});
