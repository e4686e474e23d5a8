import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type TestApi,
  TestClient,
  createWorkspaceWithAdmin,
  startTestApi,
  type TestWorkspace,
} from '../../server/test/harness';
import { launchBrowser, openPage, screenshot, signIn } from './browser';

export interface SignedInAdmin {
  /** The page of the current test, signed in as `admin`. */
  readonly page: Page;
  /** The admin of the current test's new workspace. */
  readonly admin: TestWorkspace;
  /** An API client signed in as `admin`, to set up data without the UI. */
  apiClient(): Promise<TestClient>;
  /** The API's database, to seed many records at once (e.g. with list-fixtures' tenantSql). */
  readonly dataSource: TestApi['deps']['dataSource'];
}

/**
 * Registers the hooks of a browser test file whose tests each start on a fresh page,
 * signed in as the admin of a new workspace: one API and one browser for the file, a
 * screenshot of every test's last state (test-artifacts/screenshots).
 */
export function signedInAdminPerTest(): SignedInAdmin {
  return signedInAdmin('test');
}

/**
 * The same, with one workspace for the whole file, set up once by `seed` (records the tests
 * only read): each test still starts on a fresh page, signed in as its admin.
 */
export function signedInAdminPerFile(
  seed: (session: { admin: TestWorkspace; dataSource: TestApi['deps']['dataSource'] }) => Promise<void>,
): SignedInAdmin {
  return signedInAdmin('file', seed);
}

function signedInAdmin(
  workspacePer: 'test' | 'file',
  seed?: (session: { admin: TestWorkspace; dataSource: TestApi['deps']['dataSource'] }) => Promise<void>,
): SignedInAdmin {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let admin: TestWorkspace | undefined;

  beforeAll(async () => {
    api = await startTestApi();
    browser = await launchBrowser();
    if (workspacePer === 'file') {
      admin = await createWorkspaceWithAdmin();
      await seed?.({ admin, dataSource: api.deps.dataSource });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await openPage(browser, api.url));
    if (workspacePer === 'test') admin = await createWorkspaceWithAdmin();
    await signIn(page, admin!.email, admin!.password);
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  const current = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`no ${name} outside a test`);
    return value;
  };
  return {
    get page() {
      return current(page, 'page');
    },
    get admin() {
      return current(admin, 'admin');
    },
    get dataSource() {
      return current(api, 'api').deps.dataSource;
    },
    async apiClient() {
      const client = new TestClient(api.url);
      const { email, password } = current(admin, 'admin');
      await client.login(email, password);
      return client;
    },
  };
}
