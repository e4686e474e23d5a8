import http from 'node:http';
import {
  type TestApi,
  type GqlResult,
  TestClient,
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

/** Armor's own wording, which must never reach a client. */
const ARMOR_TEXT = /syntax error|exceeded|found \d|limit of|parsing aborted/i;

/** The one refusal every limit answers: 400, no data, QUERY_TOO_COMPLEX naming the limit, a readable message. */
function expectTooComplex(r: GqlResult, limit: string, max: number, message: RegExp) {
  expect(r.status).toBe(400);
  expect(r.data ?? null).toBeNull();
  expect(r.errors).toHaveLength(1);
  expect(r.errors?.[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, max });
  expect(r.errors?.[0].message).toMatch(message);
  expect(r.errors?.[0].message).not.toMatch(ARMOR_TEXT);
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
    expectTooComplex(await client.gql(deepQuery(12)), 'depth', 10, /^Requête trop imbriquée : au plus 10 niveaux/);
  });

  it('refuses too many aliases (no alias-batched password guessing)', async () => {
    const within = Array.from({ length: 10 }, (_, i) => `a${i}: me { id }`).join(' ');
    expect((await client.gql(`{ ${within} }`)).errors ?? []).toEqual([]);
    const guesses = Array.from(
      { length: 40 },
      (_, i) => `g${i}: login(email: "victim@example.com", password: "guess-${i}") { id }`,
    ).join(' ');
    expectTooComplex(await client.gql(`mutation { ${guesses} }`), 'aliases', 15, /^Requête avec trop d'alias/);
  });

  it('refuses queries whose cost is over the limit', async () => {
    const wide = Array.from({ length: 14 }, (_, i) => `l${i}: companies(first: 100) { edges { node { id name } } }`);
    expectTooComplex(await client.gql(`{ ${wide.join(' ')} }`), 'cost', 20000, /^Requête trop lourde/);
    // In the request's language.
    const en = new TestClient(api.url, { cookie: client.cookie as string, 'accept-language': 'en' });
    expectTooComplex(
      await en.gql(`{ ${wide.join(' ')} }`),
      'cost',
      20000,
      /^Query too heavy: .* \(maximum cost 20000\)/,
    );
  });

  it('refuses fragments spread over and over, though each costs only its fields', async () => {
    const fields = 'companies(first: 100) { totalCount edges { node { id name siret } } }';
    expect((await client.gql(`{ ${fields} }`)).errors ?? []).toEqual([]);
    // The same fields through one shared fragment: accepted too.
    expect((await client.gql(`{ ...Page } fragment Page on Query { ${fields} }`)).errors ?? []).toEqual([]);
    // Ten spreads of ten spreads of them: a hundred copies for the validator and the cost.
    const spreads = (name: string) => Array.from({ length: 10 }, () => `...${name}`).join(' ');
    const bomb = `{ ...A } fragment A on Query { ${spreads('B')} } fragment B on Query { ${spreads('Page')} } fragment Page on Query { ${fields} }`;
    expectTooComplex(await client.gql(bomb), 'cost', 20000, /^Requête trop lourde/);
  });

  it('refuses too many directives and too many tokens', async () => {
    const directives = Array.from({ length: 60 }, (_, i) => `d${i % 10}: id @include(if: true)`);
    const few = await client.gql(`{ me { ${directives.slice(0, 10).join(' ')} } }`);
    expect(few.errors ?? []).toEqual([]);
    expectTooComplex(
      await client.gql(`{ me { ${directives.map((d) => d.replace(/^d\d: /, '')).join(' ')} } }`),
      'directives',
      50,
      /^Requête avec trop de directives : au plus 50\.$/,
    );
    const tokens = await client.gql(`{ me { ${Array.from({ length: 6000 }, () => 'id').join(' ')} } }`);
    expectTooComplex(tokens, 'tokens', 5000, /^Requête trop longue : au plus 5000 éléments/);
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
