import http from 'node:http';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../test/harness';

/**
 * Abusive requests are refused before they cost anything: GraphQL queries too deep, too
 * wide (cost) or with too many aliases get a clear error without running, and bodies or
 * uploads declared larger than the limits get a 413 before their bytes are read.
 */

/** Company → main contact → company → … `levels` times. */
function deepQuery(levels: number): string {
  let inner = 'id';
  // Built from the inside: the outermost level (right under node.mainContact) is `company`.
  for (let i = 0; i < levels; i++)
    inner = (levels - 1 - i) % 2 === 0 ? `company { ${inner} }` : `mainContact { ${inner} }`;
  return `{ companies(first: 1) { edges { node { mainContact { ${inner} } } } } }`;
}

/**
 * Sends only the headers of a request announcing `declared` bytes and resolves with the
 * answer: a status that arrives while the body is still unsent proves the refusal is early.
 */
function announce(
  url: string,
  path: string,
  declared: number,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; bodyBytesSent: number }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = http.request({
      hostname,
      port,
      path,
      method: 'POST',
      headers: { ...headers, 'content-length': String(declared) },
    });
    let sent = 0;
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, bodyBytesSent: sent });
      });
    });
    // The server may close the connection once it has answered: that is fine.
    req.on('error', (err) => (sent < declared ? undefined : reject(err)));
    const chunk = Buffer.alloc(1024, 0x61);
    req.write(chunk);
    sent += chunk.length;
  });
}

describe('request limits', () => {
  let api: TestApi;
  let client: TestClient;

  beforeAll(async () => {
    api = await startTestApi({
      GRAPHQL_MAX_DEPTH: '10',
      GRAPHQL_MAX_ALIASES: '15',
      DOCUMENT_MAX_BYTES: String(64 * 1024),
      IMPORT_MAX_UPLOAD_BYTES: String(64 * 1024),
    });
    const ws = await createWorkspaceWithAdmin();
    client = await clientFor(api, ws);
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Limites SA',
        mainContact: { firstName: 'Li', lastName: 'Mite', email: 'li@limites.fr', phoneDirect: '0142685300' },
      },
    });
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('refuses queries nested deeper than the limit, and runs those within it', async () => {
    const ok = await client.gql(deepQuery(4));
    expect(ok.errors ?? []).toEqual([]);
    const deep = await client.gql(deepQuery(12));
    expect(deep.data ?? null).toBeNull();
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(deep.errors?.[0]?.message).toMatch(/depth limit/i);
  });

  it('refuses too many aliases (no alias-batched password guessing)', async () => {
    const within = Array.from({ length: 10 }, (_, i) => `a${i}: me { id }`).join(' ');
    expect((await client.gql(`{ ${within} }`)).errors ?? []).toEqual([]);
    const guesses = Array.from(
      { length: 40 },
      (_, i) => `g${i}: login(email: "victim@example.com", password: "guess-${i}") { id }`,
    ).join(' ');
    const r = await client.gql(`mutation { ${guesses} }`);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/aliases/i);
  });

  it('refuses queries whose cost is over the limit', async () => {
    const wide = Array.from({ length: 14 }, (_, i) => `l${i}: companies(first: 100) { edges { node { id name } } }`);
    const r = await client.gql(`{ ${wide.join(' ')} }`);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('answers 413 to a GraphQL body declared over 1 MB before reading it', async () => {
    const r = await announce(api.url, '/graphql', 50 * 1024 * 1024, {
      'content-type': 'application/json',
      cookie: client.cookie as string,
    });
    expect(r.status).toBe(413);
    expect(r.bodyBytesSent).toBeLessThan(50 * 1024 * 1024);
  });

  it('answers 413 to document and spreadsheet uploads declared over their limits before reading them', async () => {
    for (const path of ['/documents', '/files/imports']) {
      const r = await announce(api.url, path, 50 * 1024 * 1024, {
        'content-type': 'multipart/form-data; boundary=----limit',
        cookie: client.cookie as string,
      });
      expect({ path, status: r.status }).toEqual({ path, status: 413 });
      expect(r.bodyBytesSent).toBeLessThan(50 * 1024 * 1024);
    }
    // A document refused unread says why in the caller's language, with the limit.
    const r = await announce(api.url, '/documents', 50 * 1024 * 1024, {
      'content-type': 'multipart/form-data; boundary=----limit',
      'accept-language': 'en',
      cookie: client.cookie as string,
    });
    expect(JSON.parse(r.body)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'The file is larger than the 0.063 MB limit.',
      maxBytes: 64 * 1024,
      maxMegabytes: 0.063,
    });
  });
});
