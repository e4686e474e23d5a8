import { SESSION_COOKIE } from './auth.service';
import {
  TestClient,
  type TestApi,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';

const ME = '{ me { id email role workspace { id name } } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id email workspace { id } } }';

describe('sign-in, sessions and errors', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('logs in with an httpOnly cookie, answers me, and logs out', async () => {
    const ws = await createWorkspaceWithAdmin();
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: LOGIN, variables: { e: ws.email.toUpperCase(), p: ws.password } }),
    });
    const cookie = res.headers.getSetCookie()[0];
    // The rest of the login request already runs as the new user.
    const body = (await res.json()) as { data: { login: { workspace: { id: string } } } };
    expect(body.data.login.workspace.id).toBe(ws.workspaceId);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const client = await clientFor(api, ws);
    const me = await client.ok(ME);
    expect(me.me).toMatchObject({ id: ws.userId, email: ws.email, role: 'ADMIN', workspace: { id: ws.workspaceId } });

    const sessionCookie = client.cookie as string;
    await client.ok('mutation { logout }');
    expect(client.cookie).toBeNull();
    // The old cookie no longer works either: the session row is gone.
    const replay = new TestClient(api.url, { cookie: sessionCookie });
    expect(errorCode(await replay.gql(ME))).toBe('UNAUTHENTICATED');
  });

  it('answers UNAUTHENTICATED without a session, in French by default and in English on request', async () => {
    const anon = new TestClient(api.url);
    const fr = await anon.gql(ME);
    expect(errorCode(fr)).toBe('UNAUTHENTICATED');
    expect(fr.errors?.[0].message).toBe('Vous devez être connecté.');
    const en = await new TestClient(api.url, { 'accept-language': 'en-GB,en;q=0.9' }).gql(ME);
    expect(en.errors?.[0].message).toBe('You must be signed in.');
  });

  it('refuses a wrong password with the same answer as an unknown email', async () => {
    const ws = await createWorkspaceWithAdmin();
    const anon = new TestClient(api.url);
    const wrong = await anon.gql(LOGIN, { e: ws.email, p: 'not the password' });
    const unknown = await anon.gql(LOGIN, { e: 'nobody@nowhere.test', p: 'whatever-123' });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0].message).toBe(unknown.errors?.[0].message);
    expect(anon.cookie).toBeNull();
  });

  it('rate-limits failed logins per account', async () => {
    const limited = await startTestApi({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3' });
    try {
      const ws = await createWorkspaceWithAdmin();
      const anon = new TestClient(limited.url);
      for (let i = 0; i < 3; i++)
        expect(errorCode(await anon.gql(LOGIN, { e: ws.email, p: 'bad' }))).toBe('UNAUTHENTICATED');
      const blocked = await anon.gql(LOGIN, { e: ws.email, p: ws.password });
      expect(errorCode(blocked)).toBe('RATE_LIMITED');
      expect(blocked.errors?.[0].extensions?.retryAfter).toBeGreaterThan(0);
      // Another account from the same address is not blocked by this one.
      const other = await createWorkspaceWithAdmin();
      await anon.login(other.email, other.password);
    } finally {
      await limited.close();
    }
  });

  it('rate-limits failed logins per address', async () => {
    const limited = await startTestApi({ LOGIN_MAX_ATTEMPTS_PER_IP: '4' });
    try {
      const anon = new TestClient(limited.url);
      for (let i = 0; i < 4; i++) await anon.gql(LOGIN, { e: `nobody${i}@x.test`, p: 'bad' });
      const ws = await createWorkspaceWithAdmin();
      expect(errorCode(await anon.gql(LOGIN, { e: ws.email, p: ws.password }))).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('rejects queries that are too deep or use too many aliases', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const aliases = Array.from({ length: 30 }, (_, i) => `a${i}: me { id }`).join(' ');
    const tooWide = await client.gql(`{ ${aliases} }`);
    expect(tooWide.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
    let deep = 'id';
    for (let i = 0; i < 12; i++) deep = `workspace { id } createdBy: me { ${deep} }`;
    const tooDeep = await client.gql(`{ jobs { edges { node { createdBy { ${deep} } } } } }`);
    expect(tooDeep.errors?.length).toBeGreaterThan(0);
  });

  it('caps page sizes with a field error', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const r = await client.gql('{ jobs(first: 500) { totalCount } }');
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields).toEqual([
      { path: ['first'], message: 'Entre 1 et 100 éléments par page.' },
    ]);
  });

  it('refuses cross-site form posts (CSRF prevention)', async () => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=mutation%7Blogout%7D',
    });
    expect(res.status).toBe(400);
  });
});
