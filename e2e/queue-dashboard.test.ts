import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createWorkspaceWithAdmin, startTestApi, type TestApi } from '../server/test/harness';
import { assertWebClientBuilt, launchBrowser, openPage, screenshot, signIn } from './support/browser';

jest.setTimeout(120_000);

/** The operators' job dashboard (bull-board at /admin/queues), in a real browser with the app's CSP. */
describe('job dashboard', () => {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    assertWebClientBuilt();
    const operator = await createWorkspaceWithAdmin();
    api = await startTestApi({ JOB_DASHBOARD_OPERATORS: operator.email });
    browser = await launchBrowser();
    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, operator.email, operator.password);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
  });

  it('loads only from the app itself, with no console error (nothing the CSP refuses)', async () => {
    const origin = new URL(api.url).origin;
    const elsewhere: string[] = [];
    const errors: string[] = [];
    page.on('request', (req) => {
      if (!/^(data|blob):/.test(req.url()) && new URL(req.url()).origin !== origin) elsewhere.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto('/admin/queues');
    // Drawn by the dashboard's own script: the queue's name in its list.
    await page.getByText('crm-jobs').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'queue-dashboard');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });
});
