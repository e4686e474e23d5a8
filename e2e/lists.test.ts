import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createWorkspaceWithAdmin, startTestApi, type TestApi, type TestWorkspace } from '../server/test/harness';
import { seedCompany, tenantSql } from '../server/src/modules/record-list/list-fixtures';
import {
  assertWebClientBuilt,
  byTest,
  headerAction,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitForText,
} from './support/browser';

jest.setTimeout(120_000);

/** The names in the company column of the shown rows, in order. */
async function shownNames(page: Page): Promise<string[]> {
  return page.locator('[data-test="list-row"] [data-test="cell-link-name"]').allInnerTexts();
}

/** The first page of the list (slower on a busy machine: the grid's chunk loads too). */
async function firstLoad(page: Page): Promise<void> {
  await byTest(page, 'list-total').filter({ hasText: '5 résultats' }).waitFor({ timeout: 30_000 });
}

/** The table's rows in order: "## label (count)" for a group header, "name | grouped value" for a record. */
async function groupedRows(page: Page, column: string): Promise<string[]> {
  return page.locator('[data-test="list-table"] tbody tr').evaluateAll(
    (trs, key) =>
      trs.map((tr) => {
        const text = (el: { textContent: string | null } | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (tr.getAttribute('data-test') === 'group-row')
          return `## ${text(tr.querySelector('[data-test="group-header"]'))}`;
        const cells = [...tr.querySelectorAll('td')];
        const headers = [...tr.closest('table')!.querySelectorAll('thead th')];
        const at = headers.findIndex((th) => th.querySelector(`[data-test="column-header-${key}"]`));
        return `${text(tr.querySelector('[data-test="cell-link-name"]'))} | ${text(cells[at] ?? null)}`;
      }),
    column,
  );
}

describe('company list', () => {
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;

  beforeAll(async () => {
    assertWebClientBuilt();
    api = await startTestApi();
    browser = await launchBrowser();
    admin = await createWorkspaceWithAdmin();
    const options = await tenantSql(
      api.deps.dataSource,
      admin.workspaceId,
    )<{ id: string; label: string }>(`SELECT id, label FROM setting_option WHERE list IN ('COMPANY_TYPE', 'SOURCE')`);
    const option = (label: string) => options.find((o) => o.label === label)?.id ?? null;
    // Types and sources in another order than the names: grouping must regroup the rows.
    const seeds = [
      ['Atelier Lumière', 'Lyon', '69002', 'Entreprise', 'Salon / événement'],
      ['Brasserie des Canuts', 'Lyon', '69004', 'Association', 'Site web'],
      ['Café de Flore', 'Paris', '75006', 'Entreprise', 'Salon / événement'],
      ['Zénith Événements', 'Lyon', '69009', 'Administration', 'Site web'],
      ['Marseille Expo', 'Marseille', '13002', 'Association', 'Salon / événement'],
    ];
    for (const [name, city, postalCode, type, source] of seeds)
      await seedCompany(api.deps.dataSource, admin.workspaceId, {
        name,
        city,
        postalCode,
        companyTypeId: option(type),
        events: name.length % 3,
        contact: {
          firstName: 'Jeanne',
          lastName: `Contact ${name}`,
          email: 'jeanne@example.fr',
          sourceId: option(source),
        },
      });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, admin.email, admin.password);
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  it('filters by city, sorts by name descending, hides a column, saves the view and finds it after a reload', async () => {
    await byTest(page, 'menu-companies').click();
    await page.waitForURL(/\/companies$/);
    await firstLoad(page);
    expect(await shownNames(page)).toEqual([
      'Atelier Lumière',
      'Brasserie des Canuts',
      'Café de Flore',
      'Marseille Expo',
      'Zénith Événements',
    ]);
    // The computed columns show: main contact, its email, the counts.
    await waitForText(page, 'list-table', 'Jeanne Contact Atelier Lumière');

    // Filter the city column.
    await headerAction(page, 'city', 'filter');
    await byTest(page, 'filter-value').locator('input').fill('lyon');
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '3 résultats');
    await waitForText(page, 'filter-chip', 'Ville contient « lyon »');
    expect(await shownNames(page)).toEqual(['Atelier Lumière', 'Brasserie des Canuts', 'Zénith Événements']);
    // The header marks the filtered column with a drawn icon (the former ⏷ sign had no glyph on Debian).
    const mark = byTest(page, 'column-filtered-city').locator('svg[data-icon="filter"]');
    await mark.waitFor();
    expect((await mark.boundingBox())?.width).toBeGreaterThan(5);

    // Sort by name, descending.
    await headerAction(page, 'name', 'desc');
    await page
      .locator('[data-test="list-row"] [data-test="cell-link-name"]')
      .first()
      .filter({ hasText: 'Zénith Événements' })
      .waitFor();
    expect(await shownNames(page)).toEqual(['Zénith Événements', 'Brasserie des Canuts', 'Atelier Lumière']);

    // Hide the postal code column.
    await byTest(page, 'column-header-postalCode').waitFor();
    await headerAction(page, 'postalCode', 'hide');
    await byTest(page, 'column-header-postalCode').waitFor({ state: 'detached' });

    // Save as a new view.
    await byTest(page, 'view-save-as').click();
    await byTest(page, 'view-name').locator('input').fill('Clients lyonnais');
    await byTest(page, 'view-create').click();
    await page.getByText('Vue enregistrée.').waitFor();
    await waitForText(page, 'view-select', 'Clients lyonnais');

    // After a reload the view is selected again, with its filter, sort and hidden column.
    await page.reload();
    await waitForText(page, 'view-select', 'Clients lyonnais');
    await waitForText(page, 'list-total', '3 résultats');
    await waitForText(page, 'filter-chip', 'Ville contient « lyon »');
    expect(await shownNames(page)).toEqual(['Zénith Événements', 'Brasserie des Canuts', 'Atelier Lumière']);
    expect(await byTest(page, 'column-sort-name').getAttribute('data-direction')).toBe('DESC');
    expect(await byTest(page, 'column-header-postalCode').count()).toBe(0);
    await byTest(page, 'column-header-city').waitFor();
    await screenshot(page, 'company list - saved view after reload');

    // The quick search narrows the view's results as one types (no case, no accents), kept in the URL.
    await byTest(page, 'list-search').fill('ZENITH');
    await waitForText(page, 'list-total', '1 résultat');
    expect(await shownNames(page)).toEqual(['Zénith Événements']);
    await page.waitForURL(/[?&]q=ZENITH/);
    await page.reload();
    await waitForText(page, 'list-total', '1 résultat');
    expect(await byTest(page, 'list-search').inputValue()).toBe('ZENITH');

    // Back to the default view: everything shows again.
    await byTest(page, 'view-select').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Vue par défaut' }).click();
    await waitForText(page, 'list-total', '5 résultats');
    await byTest(page, 'column-header-postalCode').waitFor();
    expect(await byTest(page, 'list-search').inputValue()).toBe('');
  });

  it('refuses a number filter that is not a number next to its input, without applying it', async () => {
    await page.goto('/companies');
    await firstLoad(page);
    await headerAction(page, 'eventsCount', 'filter');
    await byTest(page, 'filter-to').locator('input').fill('-1,5e3abc');
    await waitForText(page, 'filter-to-item', 'Nombre invalide.');
    expect(await byTest(page, 'filter-apply').isDisabled()).toBe(true);
    await byTest(page, 'filter-editor').press('Enter');
    expect(await byTest(page, 'filter-chip').count()).toBe(0);

    // A number with a French decimal comma is taken.
    await byTest(page, 'filter-to').locator('input').fill('');
    await byTest(page, 'filter-from').locator('input').fill('1,5');
    await byTest(page, 'filter-from-item').filter({ hasText: 'Nombre invalide.' }).waitFor({ state: 'detached' });
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '3 résultats');
    // Sent as 1.5, shown in French notation.
    await waitForText(page, 'filter-chip', 'entre 1,5 – …');
    await byTest(page, 'filter-editor').waitFor({ state: 'detached' });

    // A condition the API refuses stays in the editor with the API's message, never as a chip.
    await headerAction(page, 'city', 'filter');
    await byTest(page, 'filter-value').locator('input').fill('x'.repeat(201));
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'filter-value-item', 'Au plus 200 caractères.');
    expect(await byTest(page, 'filter-chip').allInnerTexts()).toEqual([expect.stringContaining('1,5')]);
    await waitForText(page, 'list-total', '3 résultats');
    expect(await byTest(page, 'error-message').count()).toBe(0);
  });

  it('filters a date column between two days, each picker keeping its own bound when the filter is reopened', async () => {
    await page.goto('/companies');
    await firstLoad(page);
    await byTest(page, 'column-chooser').click();
    await byTest(page, 'column-toggle-createdAt').click();
    await byTest(page, 'column-header-createdAt').waitFor();
    await page.keyboard.press('Escape'); // closes the chooser, as any menu
    await byTest(page, 'column-chooser-list').waitFor({ state: 'hidden' });
    await headerAction(page, 'createdAt', 'filter');
    const from = byTest(page, 'filter-from').locator('input');
    const to = byTest(page, 'filter-to').locator('input');
    expect([await from.getAttribute('placeholder'), await to.getAttribute('placeholder')]).toEqual(['De', 'À']);
    // Typed as shown in French (the filter keeps the ISO day).
    await from.fill('01/01/2000');
    await to.fill('31/12/2000');
    await to.press('Tab'); // closes the calendar, which covers the button
    await page.locator('.n-date-panel').first().waitFor({ state: 'detached' }); // both calendars gone
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'filter-chip', '2000-01-01 – 2000-12-31');
    await waitForText(page, 'list-total', 'Aucun résultat');

    await byTest(page, 'filter-chip').click();
    expect(await byTest(page, 'filter-from').locator('input').inputValue()).toBe('01/01/2000');
    expect(await byTest(page, 'filter-to').locator('input').inputValue()).toBe('31/12/2000');
  });

  it('groups the rows by a column with a header and a count per group', async () => {
    await page.goto('/companies');
    await firstLoad(page);
    await headerAction(page, 'city', 'group');
    await waitForText(page, 'group-header', 'Lyon (3)');
    const headers = await byTest(page, 'group-header').allInnerTexts();
    expect(headers).toEqual(['Lyon (3)', 'Marseille (1)', 'Paris (1)']);
    await screenshot(page, 'company list - grouped by city');
    // Scrolled sideways (a narrow window), each group's label stays in sight at the left.
    await page.setViewportSize({ width: 700, height: 800 });
    await page.evaluate(
      'for (const el of document.querySelectorAll("[data-test=list-table] .n-scrollbar-container")) el.scrollLeft = 1e5',
    );
    const table = await byTest(page, 'list-table').boundingBox();
    const label = await byTest(page, 'group-header').first().boundingBox();
    expect(table && label).toBeTruthy();
    if (table && label) {
      expect(label.x).toBeGreaterThanOrEqual(table.x);
      expect(label.x + label.width).toBeLessThanOrEqual(table.x + table.width);
    }
    await byTest(page, 'group-chip').locator('.n-tag__close').click();
    await byTest(page, 'group-header').first().waitFor({ state: 'detached' });
  });

  it('groups the loaded list live: each record under its own header, each header once, in order', async () => {
    await page.goto('/companies');
    await firstLoad(page);
    await headerAction(page, 'companyType', 'group');
    await waitForText(page, 'group-header', 'Administration (1)');
    // In the settings list's own order (Entreprise, Agence, Association, Administration…), not alphabetical.
    expect(await groupedRows(page, 'companyType')).toEqual([
      '## Entreprise (2)',
      'Atelier Lumière | Entreprise',
      'Café de Flore | Entreprise',
      '## Association (2)',
      'Brasserie des Canuts | Association',
      'Marseille Expo | Association',
      '## Administration (1)',
      'Zénith Événements | Administration',
    ]);

    await page.goto('/contacts');
    await byTest(page, 'list-total').filter({ hasText: '5 résultats' }).waitFor({ timeout: 30_000 });
    await headerAction(page, 'source', 'group');
    await waitForText(page, 'group-header', 'Salon / événement (3)');
    expect(await groupedRows(page, 'source')).toEqual([
      '## Site web (2)',
      'Jeanne Contact Brasserie des Canuts | Site web',
      'Jeanne Contact Zénith Événements | Site web',
      '## Salon / événement (3)',
      'Jeanne Contact Atelier Lumière | Salon / événement',
      'Jeanne Contact Café de Flore | Salon / événement',
      'Jeanne Contact Marseille Expo | Salon / événement',
    ]);
  });

  it('opens a new event from a contact row with its client and its contact filled in', async () => {
    await page.goto('/contacts');
    await byTest(page, 'list-total').filter({ hasText: '5 résultats' }).waitFor({ timeout: 30_000 });
    const row = page.locator('[data-test="list-row"]').filter({ hasText: 'Contact Café de Flore' });
    await row.locator('[data-test="row-new-event"]').click();
    await page.waitForURL(/\/events\/new\?companyId=[0-9a-f-]{36}&contactId=[0-9a-f-]{36}$/);
    await waitForText(page, 'event-company', 'Café de Flore');
    await waitForText(page, 'event-contacts', 'Jeanne Contact Café de Flore');

    // A link knowing only the contact (company column not loaded): the form finds the client itself.
    const contactId = new URL(page.url()).searchParams.get('contactId') as string;
    await page.goto(`/events/new?contactId=${contactId}`);
    await waitForText(page, 'event-company', 'Café de Flore');
    await waitForText(page, 'event-contacts', 'Jeanne Contact Café de Flore');
    expect(await byTest(page, 'event-contacts').innerText()).not.toContain(contactId);
  });

  it('shows the contact list with its columns and row actions', async () => {
    await page.goto('/contacts');
    await byTest(page, 'list-total').filter({ hasText: '5 résultats' }).waitFor({ timeout: 30_000 });
    await waitForText(page, 'list-table', 'Brasserie des Canuts');
    const edit = byTest(page, 'row-edit').first();
    expect(await edit.getAttribute('href')).toMatch(/^\/contacts\/[0-9a-f-]{36}$/);
    expect(await byTest(page, 'row-new-event').first().getAttribute('href')).toMatch(
      /^\/events\/new\?companyId=[0-9a-f-]{36}&contactId=[0-9a-f-]{36}$/,
    );
    // "Client est parmi": each company picked adds to the filter, and its chip names them.
    await headerAction(page, 'company', 'filter');
    const picker = byTest(page, 'filter-company');
    await picker.click();
    for (const name of ['Atelier Lumière', 'Café de Flore']) {
      await picker.locator('input').fill(name.slice(0, 5));
      await page.locator('.n-base-select-option').filter({ hasText: name }).click();
    }
    // The menu of several choices stays open: leaving the field closes it.
    await picker.locator('input').press('Tab');
    await page.locator('.n-base-select-menu').waitFor({ state: 'hidden' });
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '2 résultats');
    await waitForText(page, 'filter-chip', /parmi Atelier Lumière, Café de Flore$/);
    // A link to it (a reload) names them too.
    await page.reload();
    await waitForText(page, 'filter-chip', /parmi Atelier Lumière, Café de Flore$/);
    await byTest(page, 'filter-chip').locator('.n-tag__close').click();
    await waitForText(page, 'list-total', '5 résultats');
    // Show a hidden column from the chooser.
    await byTest(page, 'column-chooser').click();
    await byTest(page, 'column-toggle-position').click();
    await byTest(page, 'column-header-position').waitFor();
    await byTest(page, 'page-title').click(); // closes the chooser
    await byTest(page, 'column-chooser-list').waitFor({ state: 'hidden' });
    await edit.click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);

    // The contact list imports too: its button opens the import page set on contacts.
    await page.goBack();
    await byTest(page, 'import-button-contacts').click();
    await page.waitForURL(/\/import\?target=contacts$/);
    await byTest(page, 'import-target-contacts').and(page.locator('.n-radio-button--checked')).waitFor();
  });
});
