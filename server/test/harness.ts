import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { openDeps } from '../src/bootstrap-deps';
import { type Config, loadConfig } from '../src/config/env';
import { createAdminDataSource, createAppDataSource } from '../src/db/data-sources';
import { createHttpApp } from '../src/http/app';
import { UserRole } from '../src/modules/user/user.entity';
import { createWorkspaceWithAdmin as createWorkspace } from '../src/modules/user/user.service';
import { hashPassword } from '../src/modules/user/password';
import { withTenant } from '../src/db/tenant-scope';
import { UserEntity } from '../src/modules/user/user.entity';

export type TestDeps = Awaited<ReturnType<typeof openDeps>>;

export interface TestApi {
  url: string;
  deps: TestDeps;
  close(): Promise<void>;
}

/** The test run's configuration (set by global-setup), with overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

/** The real API (HTTP, GraphQL, built web client when present) on a random local port. */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const deps = await openDeps(testConfig(overrides));
  const http = await createHttpApp(deps);
  await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
  const { port } = http.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    async close() {
      await http.stop();
      await deps.close();
    },
  };
}

let sharedDs: DataSource | undefined;
async function dataSource(): Promise<DataSource> {
  if (!sharedDs) {
    sharedDs = createAppDataSource(testConfig());
    await sharedDs.initialize();
  }
  return sharedDs;
}

export async function closeFactories(): Promise<void> {
  await sharedDs?.destroy();
  sharedDs = undefined;
}

const uniq = () => randomBytes(5).toString('hex');

export interface TestWorkspace {
  workspaceId: string;
  userId: string;
  email: string;
  password: string;
}

/** A new workspace with its admin (or, with role USER, an admin plus the returned user). */
export async function createWorkspaceWithAdmin(
  opts: { role?: 'ADMIN' | 'USER'; name?: string } = {},
): Promise<TestWorkspace> {
  const ds = await dataSource();
  const password = `pw-${uniq()}-secret`;
  const email = `admin-${uniq()}@test.local`;
  const { workspace, admin } = await createWorkspace(ds, {
    name: opts.name ?? `Workspace ${uniq()}`,
    adminEmail: email,
    adminPassword: password,
    adminName: 'Test Admin',
  });
  if (opts.role !== 'USER') return { workspaceId: workspace.id, userId: admin.id, email, password };
  const user = await addUser(workspace.id, UserRole.USER);
  return { workspaceId: workspace.id, userId: user.userId, email: user.email, password: user.password };
}

/** Another user in an existing workspace. */
export async function addUser(
  workspaceId: string,
  role: UserRole = UserRole.USER,
  name = 'Test User',
): Promise<TestWorkspace> {
  const ds = await dataSource();
  const password = `pw-${uniq()}-secret`;
  const email = `user-${uniq()}@test.local`;
  const passwordHash = await hashPassword(password);
  const user = await withTenant(ds, workspaceId, null, (em) =>
    em.save(UserEntity, { workspaceId, email, name, role, passwordHash, active: true }),
  );
  return { workspaceId, userId: user.id, email, password };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

/** A GraphQL client over real HTTP that keeps the session cookie, like a browser would. */
export class TestClient {
  cookie: string | null = null;
  constructor(
    readonly baseUrl: string,
    public headers: Record<string, string> = {},
  ) {}

  async gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GqlResult<T>> {
    const res = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...this.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = res.headers.getSetCookie();
    for (const c of setCookie) {
      const [pair] = c.split(';');
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const body = (await res.json()) as Omit<GqlResult<T>, 'status'>;
    return { status: res.status, ...body };
  }

  /** Runs the query and fails the test on any GraphQL error. */
  // Tests read deep into answers; `any` keeps them short, the assertions check the shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
    return r.data as T;
  }

  /** A plain GET of the API (a file download) with this client's session or headers. */
  async get(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...this.headers },
    });
  }

  async login(email: string, password: string): Promise<void> {
    await this.ok('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', {
      e: email,
      p: password,
    });
  }
}

/** Signs in a new client as that user. */
export async function clientFor(api: TestApi, who: { email: string; password: string }): Promise<TestClient> {
  const client = new TestClient(api.url);
  await client.login(who.email, who.password);
  return client;
}

/** A client using a new API key (Bearer) the admin creates with that scope. */
export async function apiKeyClient(
  api: TestApi,
  admin: TestClient,
  scope: 'READ_ONLY' | 'READ_WRITE',
): Promise<TestClient> {
  // Live keys' names are unique in a workspace: each client's key gets its own.
  const { createApiKey } = await admin.ok(
    'mutation($n: String!, $s: ApiKeyScope!) { createApiKey(input: { name: $n, scope: $s }) { secret } }',
    { n: `intégration ${uniq()}`, s: scope },
  );
  return new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
}

/**
 * What a client gets of a job's files: their addresses in the `job` query and the `jobs` list,
 * and the answer to downloading each one (status, and the JSON body of a refusal).
 */
export async function jobFilesAccess(client: TestClient, jobId: string) {
  const { job } = await client.ok<{ job: { resultFiles: { url: string | null }[] } }>(
    'query($id: ID!) { job(id: $id) { resultFiles { url } } }',
    { id: jobId },
  );
  const { jobs } = await client.ok<{
    jobs: { edges: { node: { id: string; resultFiles: { url: string | null }[] } }[] };
  }>('{ jobs(first: 100) { edges { node { id resultFiles { url } } } } }');
  const listed = jobs.edges.find((e) => e.node.id === jobId)?.node.resultFiles;
  const downloads = [];
  for (let index = 0; index < job.resultFiles.length; index++) {
    const res = await client.get(`/files/jobs/${jobId}/${index}`);
    // A refusal's JSON body; for a file, its size.
    const body: unknown = res.ok ? (await res.arrayBuffer()).byteLength : await res.json();
    downloads.push({ status: res.status, body });
  }
  return { urls: job.resultFiles.map((f) => f.url), listedUrls: listed?.map((f) => f.url), downloads };
}

/** The first error's code, for compact assertions. */
export function errorCode(r: GqlResult<unknown>): unknown {
  return r.errors?.[0]?.extensions?.code;
}

/**
 * Registers the hooks of a test file that talks to the database directly: the owner's
 * connection (`admin`: ANALYZE, catalog reads) and the app role's (`app`: row-level security
 * on, as the API runs), opened once for the file.
 */
export function dataSourcesPerFile(): { readonly admin: DataSource; readonly app: DataSource } {
  let admin: DataSource | undefined;
  let app: DataSource | undefined;
  beforeAll(async () => {
    admin = createAdminDataSource(testConfig());
    app = createAppDataSource(testConfig());
    await Promise.all([admin.initialize(), app.initialize()]);
  });
  afterAll(async () => {
    await Promise.all([admin?.destroy(), app?.destroy()]);
    await closeFactories();
  });
  const opened = (ds: DataSource | undefined) => {
    if (!ds) throw new Error('no data source outside a test');
    return ds;
  };
  return {
    get admin() {
      return opened(admin);
    },
    get app() {
      return opened(app);
    },
  };
}

/**
 * Registers the hooks of a test file that drives the API as the admin of one new workspace:
 * one API for the file (`overrides` as for startTestApi), the workspace and a signed-in client.
 */
export function apiAdminPerFile(overrides: Record<string, string> = {}): {
  readonly api: TestApi;
  readonly ws: TestWorkspace;
  readonly admin: TestClient;
} {
  let api: TestApi | undefined;
  let ws: TestWorkspace | undefined;
  let admin: TestClient | undefined;
  beforeAll(async () => {
    api = await startTestApi(overrides);
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api?.close();
    await closeFactories();
  });
  const opened = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`no ${name} outside a test`);
    return value;
  };
  return {
    get api() {
      return opened(api, 'API');
    },
    get ws() {
      return opened(ws, 'workspace');
    },
    get admin() {
      return opened(admin, 'admin client');
    },
  };
}
