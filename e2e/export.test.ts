import type { Browser, BrowserContext, Page } from 'playwright-core';
import { productionHandlers } from '../server/src/jobs/handlers';
import { JobRegistry } from '../server/src/jobs/job-handler';
import { type RunningWorker, startWorker } from '../server/src/jobs/worker';
import { seedCompany } from '../server/src/modules/record-list/list-fixtures';
import { UserRole } from '../server/src/modules/user/user.entity';
import {
  addUser,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  type TestApi,
  type TestWorkspace,
} from '../server/test/harness';
import {
  assertWebClientBuilt,
  byTest,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitForText,
} from './support/browser';

jest.setTimeout(120_000);

describe('export dialog', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;

  beforeAll(async () => {
    assertWebClientBuilt();
    // A queue of its own: this file's worker never takes another file's jobs.
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_export_e2e` });
    worker = await startWorker(api.deps, new JobRegistry(productionHandlers()), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    browser = await launchBrowser();
    admin = await createWorkspaceWithAdmin();
    const seeds: [string, string, boolean][] = [
      ['Atelier Lumière', 'Lyon', true],
      ['Brasserie des Canuts', 'Lyon', true],
      ['Canuts Anciens', 'Lyon', false],
      ['Café de Flore', 'Paris', true],
    ];
    for (const [name, city, active] of seeds)
      await seedCompany(api.deps.dataSource, admin.workspaceId, {
        name,
        city,
        active,
        contact: { firstName: 'Jeanne', lastName: name, email: 'jeanne@example.fr' },
      });
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await closeFactories();
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  it('exports the current view: the dialog sends its filter, columns and sort, and the file holds its rows', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(30_000);
    await signIn(page, admin.email, admin.password);
    await page.goto('/companies');
    await byTest(page, 'list-total').filter({ hasText: '3 résultats' }).waitFor();

    // Filter the city column on "lyon", then sort by name descending.
    await byTest(page, 'column-header-city').click();
    await byTest(page, 'column-menu-filter').last().click();
    await byTest(page, 'filter-value').locator('input').fill('lyon');
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '2 résultats');
    await byTest(page, 'column-header-name').click();
    await byTest(page, 'column-menu-desc').last().click();
    await page
      .locator('[data-test="list-row"] [data-test="cell-link-name"]')
      .first()
      .filter({ hasText: 'Brasserie des Canuts' })
      .waitFor();

    const sent: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      const body = r.postDataJSON() as { query?: string; variables?: { input?: Record<string, unknown> } } | null;
      if (body?.query?.includes('startExport') && body.variables?.input) sent.push(body.variables.input);
    });

    await byTest(page, 'export-button').click();
    await byTest(page, 'export-dialog').waitFor();
    await byTest(page, 'export-scope-view').click();
    expect((await byTest(page, 'export-start').textContent())?.trim()).toBe('Exporter');
    await byTest(page, 'export-password').fill(admin.password);
    await screenshot(page, 'export dialog - current view');
    await byTest(page, 'export-start').click();

    const csvLink = byTest(page, 'export-file').filter({ hasText: '.csv' });
    await csvLink.waitFor({ timeout: 60_000 });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      list: 'COMPANIES',
      filter: { column: 'city', op: 'CONTAINS', value: 'lyon' },
      orderBy: [{ column: 'name', direction: 'DESC' }],
    });
    expect(sent[0].columns).toEqual(expect.arrayContaining(['name', 'city']));

    // The file holds the view's rows (the inactive Lyon company stays out, as in the list), in its order.
    const res = await page.request.get((await csvLink.getAttribute('href')) as string);
    expect(res.status()).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0].split(';').slice(0, 2)).toEqual(['Société cliente', 'Contact principal']);
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(['Brasserie des Canuts', 'Atelier Lumière']);
  });

  it('exports every column of the whole list by default', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(30_000);
    await signIn(page, admin.email, admin.password);
    await page.goto('/companies');
    await byTest(page, 'list-total').filter({ hasText: '3 résultats' }).waitFor();
    await byTest(page, 'export-button').click();
    // A wrong password is said under the field, and the dialog stays open for the right one.
    await byTest(page, 'export-password').fill('not-the-password');
    await byTest(page, 'export-start').click();
    await waitForText(
      page,
      'error-export-password',
      'Mot de passe incorrect : saisissez le mot de passe de votre compte.',
    );
    await byTest(page, 'export-password').fill(admin.password);
    await byTest(page, 'export-start').click();
    const csvLink = byTest(page, 'export-file').filter({ hasText: '.csv' });
    await csvLink.waitFor({ timeout: 60_000 });
    const lines = (await (await page.request.get((await csvLink.getAttribute('href')) as string)).text())
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Date de la création;Société cliente;SIRET;/);
    // Inactive records included: the export is the whole list.
    expect(lines).toHaveLength(5);
  });

  it('the jobs page offers the files to the admin who exported them, and to no other admin', async () => {
    const files = async (email: string, password: string) => {
      ({ context, page } = await openPage(browser, api.url));
      context.setDefaultTimeout(30_000);
      await signIn(page, email, password);
      await page.goto('/jobs');
      await byTest(page, 'job-row').first().waitFor();
      return {
        links: await byTest(page, 'job-file').allTextContents(),
        withheld: await byTest(page, 'job-file-withheld').allTextContents(),
        notes: await byTest(page, 'job-files-withheld').count(),
      };
    };
    // The two exports above, two files each.
    const mine = await files(admin.email, admin.password);
    expect(mine.links.filter((f) => f.endsWith('.csv'))).toHaveLength(2);
    expect(mine).toMatchObject({ withheld: [], notes: 0 });
    await context?.close();

    const other = await addUser(admin.workspaceId, UserRole.ADMIN, 'Autre Admin');
    const theirs = await files(other.email, other.password);
    await screenshot(page, 'jobs page - another admin');
    expect(theirs.links).toEqual([]);
    expect(theirs.withheld.sort()).toEqual([...mine.links].sort());
    expect(theirs.notes).toBe(2);
    await waitForText(page, 'job-files-withheld', 'Seul l’administrateur qui a lancé cet export');
  });
});
