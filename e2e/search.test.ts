import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestClient, createWorkspaceWithAdmin, startTestApi, type TestWorkspace } from '../server/test/harness';
import { byTest, launchBrowser, openPage, screenshot, signIn, waitForText } from './support/browser';

jest.setTimeout(120_000);

describe('search and duplicate warnings', () => {
  let api: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;
  let companyId: string;
  let client: TestClient;

  beforeAll(async () => {
    api = await startTestApi();
    browser = await launchBrowser();
    admin = await createWorkspaceWithAdmin();
    client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    const created = await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Société Générale',
        siret: '73282932000074',
        postalCode: '75009',
        city: 'Paris',
        mainContact: {
          firstName: 'Claire',
          lastName: 'Martin',
          email: 'claire.martin@sg.fr',
          phoneDirect: '01 42 68 53 00',
        },
      },
    });
    companyId = created.createCompany.id;
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

  it('finds "Société …" when searching "societe", from the suggestions and the results page', async () => {
    const box = byTest(page, 'global-search');
    await box.fill('societe');
    await waitForText(page, 'search-suggestions', 'Société Générale');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=societe$/);
    await waitForText(page, 'page-title', 'Résultats pour « societe »');
    const tabs = byTest(page, 'search-tabs');
    await tabs.getByText('Sociétés (1)').waitFor();
    await tabs.getByText('Contacts (0)').waitFor();
    const results = byTest(page, 'search-results-COMPANY');
    await waitForText(results, 'search-hit', 'Société Générale');
    await screenshot(page, 'search-results');
    await byTest(results, 'search-hit-link').first().click();
    await page.waitForURL(new RegExp(`/companies/${companyId}$`));
    await waitForText(page, 'page-title', 'Société Générale');
  });

  it('walks the suggestions with the arrows, opens the highlighted one with Enter, offers creation when nothing matches', async () => {
    const box = byTest(page, 'global-search');
    await box.fill('generale');
    await waitForText(page, 'search-suggestions', 'Société Générale');
    expect(await box.getAttribute('role')).toBe('combobox');
    expect(await box.getAttribute('aria-activedescendant')).toBeNull();
    await box.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    expect(active).toBeTruthy();
    const option = page.locator(`[id="${active}"]`);
    expect(await option.getAttribute('role')).toBe('option');
    expect(await option.getAttribute('aria-selected')).toBe('true');
    expect(await option.textContent()).toContain('Société Générale');
    await box.press('Enter');
    await page.waitForURL(new RegExp(`/companies/${companyId}$`));

    // Escape closes the list.
    await box.fill('generale');
    await waitForText(page, 'search-suggestions', 'Société Générale');
    await box.press('Escape');
    await byTest(page, 'search-suggestions').waitFor({ state: 'detached' });

    await box.fill('Louise Traiteur');
    await waitForText(page, 'search-suggestions-nothing', 'Aucun résultat pour « Louise Traiteur »');
    await byTest(page, 'search-suggest-new-contact').click();
    await page.waitForURL(/\/contacts\/new\?name=/);
    expect(await byTest(page, 'contact-first-name').inputValue()).toBe('Louise');
    expect(await byTest(page, 'contact-last-name').inputValue()).toBe('Traiteur');
  });

  it("shows an event's date in the results like the app's other dates", async () => {
    await client.ok(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { companyId, name: 'Séminaire de printemps', startDate: '2027-01-11', venue: 'Château de Chantilly' },
    });
    await page.goto('/search?q=séminaire');
    const results = byTest(page, 'search-results-EVENT');
    await byTest(page, 'search-tabs').getByText('Événements (1)').click();
    const hit = await waitForText(results, 'search-hit', 'Séminaire de printemps');
    await hit.getByText('11/01/2027 · Château de Chantilly').waitFor();
    expect(await hit.innerText()).not.toContain('2027-01-11');
  });

  it('offers to create the client when nothing is found, prefilled with the query', async () => {
    await byTest(page, 'global-search').fill('Traiteur Dubois');
    await byTest(page, 'global-search').press('Enter');
    await waitForText(page, 'search-nothing', 'Aucun résultat');
    await byTest(page, 'search-new-company').click();
    await page.waitForURL(/\/companies\/new\?name=/);
    expect(await byTest(page, 'company-name').inputValue()).toBe('Traiteur Dubois');
  });

  it('warns about an existing SIRET on the new client form and opens the existing record', async () => {
    await page.goto(`${api.url}/companies/new`);
    await waitForText(page, 'page-title', 'Nouveau client');
    await byTest(page, 'company-name').fill('SG Paris');
    await byTest(page, 'company-siret').fill('732 829 320 00074');
    const warning = await waitForText(page, 'company-duplicates', 'Société Générale');
    await waitForText(warning, 'duplicate-candidate', 'Même SIRET');
    await screenshot(page, 'duplicate-warning');
    await byTest(warning, 'duplicate-open').click();
    await page.waitForURL(new RegExp(`/companies/${companyId}$`));
  });

  it('warns about a nearly identical name typed alone, without a postal code', async () => {
    await page.goto(`${api.url}/companies/new`);
    await waitForText(page, 'page-title', 'Nouveau client');
    await byTest(page, 'company-name').fill('Societe Generale');
    const warning = await waitForText(page, 'company-duplicates', 'Société Générale');
    await waitForText(warning, 'duplicate-candidate', 'Nom presque identique');
    await screenshot(page, 'duplicate-warning-name');
  });

  it('merges a duplicate company into the open one', async () => {
    const create = async (name: string, email: string) =>
      (
        await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
          input: { name, mainContact: { firstName: 'Anne', lastName: 'Roy', email, phoneDirect: '01 45 00 00 09' } },
        })
      ).createCompany.id as string;
    const keep = await create('Traiteur Lenôtre', 'anne@lenotre.fr');
    const dup = await create('Traiteur Lenotre (doublon)', 'anne.roy@lenotre.fr');
    await page.goto(`${api.url}/companies/${keep}`);
    await waitForText(page, 'page-title', 'Traiteur Lenôtre');
    await byTest(page, 'company-merge').click();
    const dialog = byTest(page, 'merge-dialog');
    await byTest(dialog, 'merge-pick').click();
    await page.keyboard.type('doublon');
    await page.locator('.n-base-select-option').filter({ hasText: 'Traiteur Lenotre (doublon)' }).first().click();
    await waitForText(dialog, 'merge-explain', '« Traiteur Lenotre (doublon) »');
    await byTest(dialog, 'merge-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    const after = await client.ok(
      `query($k: ID!, $d: ID!) { kept: company(id: $k) { contacts { id } } merged: company(id: $d, includeDeleted: true) { deletedAt } }`,
      { k: keep, d: dup },
    );
    expect(after.kept.contacts).toHaveLength(2);
    expect(after.merged.deletedAt).not.toBeNull();
  });

  it("merging contacts explains what a contact's merge moves and warns when a company loses its only contact", async () => {
    const create = async (name: string, firstName: string, email: string) =>
      (
        await client.ok(
          `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
          { input: { name, mainContact: { firstName, lastName: 'Dumas', email, phoneDirect: '01 45 00 00 10' } } },
        )
      ).createCompany.mainContact.id as string;
    const keep = await create('Atelier Dumas', 'Paul', 'paul@dumas.fr');
    await create('Dumas Conseil', 'Paula', 'paula@dumas-conseil.fr');
    const pauline = await create('Dumas Frères', 'Pauline', 'pauline@dumas-freres.fr');
    const { contact } = await client.ok('query($id: ID!) { contact(id: $id) { company { id } } }', { id: pauline });
    await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: {
        companyId: contact.company.id,
        firstName: 'Marc',
        lastName: 'Dumas',
        email: 'marc@dumas-freres.fr',
        phoneDirect: '01 45 00 00 11',
      },
    });
    await page.goto(`${api.url}/contacts/${keep}`);
    await waitForText(page, 'page-title', 'Paul');
    await byTest(page, 'contact-merge').click();
    const dialog = byTest(page, 'merge-dialog');
    await byTest(dialog, 'merge-pick').click();
    await page.keyboard.type('Paula');
    await page.locator('.n-base-select-option').filter({ hasText: 'Paula' }).first().click();
    const explain = await waitForText(
      dialog,
      'merge-explain',
      /activités, événements, devis, factures, documents, emails/,
    );
    expect(await explain.textContent()).not.toMatch(/contacts|adresses/);
    // Paula is the only contact of Dumas Conseil: the dialog says the company is left without one.
    await waitForText(dialog, 'merge-orphaned-company', "La société « Dumas Conseil » n'aura plus de contact.");

    // Pauline's company keeps Marc: no warning.
    await byTest(dialog, 'merge-pick').click();
    await page.keyboard.type('Pauline');
    await page.locator('.n-base-select-option').filter({ hasText: 'Pauline' }).first().click();
    await waitForText(dialog, 'merge-explain', /Pauline/);
    await byTest(dialog, 'merge-orphaned-company').waitFor({ state: 'detached' });
  });
  it('opens the first tab with results on each new search, keeping a picked tab only for its own query', async () => {
    const create = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
    const contact = (firstName: string, lastName: string, domain = 'tabs.test') => ({
      firstName,
      lastName,
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@${domain}`,
      phoneDirect: '0472000009',
    });
    const horizon = (
      await client.ok(create, {
        input: { name: 'Horizon Évasion', mainContact: contact('Lina', 'Perret', 'horizon.test') },
      })
    ).createCompany.id as string;
    await client.ok(create, { input: { name: 'Traiteur Lemoine', mainContact: contact('Paul', 'Dubois') } });
    await client.ok(create, { input: { name: 'Atelier Rive', mainContact: contact('Anne', 'Dubois') } });
    await client.ok(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { companyId: horizon, name: 'Soirée de gala', startDate: '2027-09-01' },
    });
    const tabs = byTest(page, 'search-tabs');
    const selected = tabs.locator('[role="tab"][aria-selected="true"]');
    const opened = (label: string) => selected.filter({ hasText: label }).waitFor();
    const searchFor = async (q: string) => {
      await byTest(page, 'global-search').fill(q);
      await byTest(page, 'global-search').press('Enter');
      await page.waitForURL(new RegExp(`/search\\?q=${q}$`));
      await waitForText(page, 'page-title', `Résultats pour « ${q} »`);
      // The suggestions asked for while typing do not open over the results once Enter is pressed.
      await page.waitForTimeout(600);
      expect(await byTest(page, 'search-suggestions').isVisible()).toBe(false);
    };

    await page.goto('/search?q=dubois');
    await opened('Contacts (2)');
    await waitForText(tabs, 'search-results-CONTACT', 'Anne Dubois');

    // A new search from the top box: the company tab, first in the page's order, opens, though
    // the contacts tab open before has results too (Lina's address).
    await searchFor('horizon');
    await tabs.getByText('Contacts (1)').waitFor();
    // The client's events are found by its name, as on the events list.
    await tabs.getByText('Événements (1)').waitFor();
    await opened('Sociétés (1)');
    expect(await selected.count()).toBe(1);

    // A tab picked for this query stays open when the same query reloads (inactive switch).
    await tabs.getByText('Événements (1)').click();
    await waitForText(tabs, 'search-results-EVENT', 'Soirée de gala');
    await byTest(page, 'search-include-inactive').click();
    await page.waitForURL(/inactive=1/);
    await waitForText(tabs, 'search-results-EVENT', 'Soirée de gala');
    await opened('Événements (1)');

    // But not for another query.
    await searchFor('dubois');
    await opened('Contacts (2)');
  });
});
