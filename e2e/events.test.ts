import type { Locator, Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;

/** The pixels between the bottom of `above` and the top of `below`. */
async function gap(above: Locator, below: Locator): Promise<number> {
  const a = await above.boundingBox();
  const b = await below.boundingBox();
  if (!a || !b) throw new Error('element not shown');
  return b.y - (a.y + a.height);
}

async function pickDate(page: Page, test: string, day: string): Promise<void> {
  const input = byTest(page, test).locator('input');
  await input.fill(day);
  await input.press('Enter');
}

describe('the event form', () => {
  const ctx = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  const newCompany = async (name: string) =>
    (
      await (
        await ctx.apiClient()
      ).ok(CREATE_COMPANY, {
        input: {
          name,
          mainContact: { firstName: 'Lou', lastName: name, email: 'lou@client.test', phoneDirect: '0472000002' },
        },
      })
    ).createCompany.id as string;

  it('shows the default Commercial (the current user) up front, and keeps field errors off the next label', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Maison Claire');
    await page.goto(`/events/new?companyId=${companyId}`);
    await waitForText(page, 'event-company', 'Maison Claire');
    await waitForText(page, 'event-salesperson', 'Test Admin');

    // A two-line message under "Date de fin", and a one-line one under "Nom".
    await pickDate(page, 'event-start', '15/03/2027');
    await pickDate(page, 'event-end', '10/03/2027');
    await byTest(page, 'event-save').click();
    await waitForText(page, 'error-endDate', /postérieure/);
    await waitForText(page, 'error-name', 'Ce champ est obligatoire.');
    const label = (field: string) => byTest(page, `field-${field}`).locator('.n-form-item-label');
    expect((await byTest(page, 'error-endDate').boundingBox())!.height).toBeGreaterThan(30);
    expect(await gap(byTest(page, 'error-endDate'), label('salespersonId'))).toBeGreaterThanOrEqual(6);
    expect(await gap(byTest(page, 'error-name'), label('endDate'))).toBeGreaterThanOrEqual(6);
  });

  it('refuses a guest count over the limit with the API message instead of cutting it down', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Foule Compacte');
    await page.goto(`/events/new?companyId=${companyId}`);
    await waitForText(page, 'event-company', 'Foule Compacte');
    await byTest(page, 'event-name').fill('Grand rassemblement');
    await pickDate(page, 'event-start', '15/03/2027');
    // Over the limit: not cut down to 1 000 000 behind the user's back, but refused with the
    // API's message, and nothing is saved.
    const guests = byTest(page, 'event-guests').locator('input');
    await guests.fill('2000000');
    await guests.press('Enter');
    await waitForText(
      page,
      'error-guestCount',
      "Le nombre d'invités doit être un nombre entier entre 0 et 1\u00a0000\u00a0000.",
    );
    expect(await guests.inputValue()).toBe('2000000');
    expect(page.url()).toMatch(/\/events\/new\?/);
    // Within the limit: the error goes and Enter saves.
    await guests.fill('150000');
    await guests.press('Enter');
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    expect(await byTest(page, 'error-guestCount').count()).toBe(0);
    expect(await byTest(page, 'event-guests').locator('input').inputValue()).toBe('150000');
  });

  it('saves on Enter in a field, a cleared Commercial included', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Entrée Directe');
    await page.goto(`/events/new?companyId=${companyId}`);
    await waitForText(page, 'event-company', 'Entrée Directe');
    await byTest(page, 'event-name').fill('Soirée clavier');
    // Enter in the date picker takes the date, it does not save yet.
    await pickDate(page, 'event-start', '15/03/2027');
    expect(page.url()).toMatch(/\/events\/new\?/);
    await byTest(page, 'event-venue').fill('Salle Pleyel');
    await byTest(page, 'event-venue').press('Enter');
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await waitForText(page, 'page-title', 'Soirée clavier');
    await waitForText(page, 'event-salesperson', 'Test Admin');

    // An existing event: the Commercial cleared, Enter in the guest count saves it.
    await byTest(page, 'event-salesperson').hover();
    await byTest(page, 'event-salesperson').locator('.n-base-clear').click();
    await byTest(page, 'event-guests').locator('input').fill('80');
    await byTest(page, 'event-guests').locator('input').press('Enter');
    await page.getByText('Événement enregistré.').first().waitFor({ state: 'visible' });
    await page.reload();
    await waitForText(page, 'page-title', 'Soirée clavier');
    expect(await byTest(page, 'event-guests').locator('input').inputValue()).toBe('80');
    expect(await byTest(page, 'event-salesperson').innerText()).not.toContain('Test Admin');
  });

  it('shows the « Historique » of an event: an edit, field by field, in French words', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Traces Lyon');
    const client = await ctx.apiClient();
    const { createEvent } = await client.ok(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      { input: { companyId, name: 'Cocktail suivi', startDate: '2027-03-15', venue: 'Lyon' } },
    );
    await page.goto(`/events/${createEvent.id}`);
    await waitForText(page, 'page-title', 'Cocktail suivi');
    const history = byTest(page, 'event-history');
    await waitForText(history, 'history-entry', 'Création');
    expect(await history.locator('.n-card-header').innerText()).toContain('Historique');

    await byTest(page, 'event-venue').fill('Marseille');
    await byTest(page, 'event-status').click();
    await page.locator('.n-base-select-option', { hasText: 'Confirmé' }).click();
    await pickDate(page, 'event-start', '20/03/2027');
    await byTest(page, 'event-contacts').click();
    await page.locator('.n-base-select-option', { hasText: 'Lou Traces Lyon' }).click();
    await byTest(page, 'event-save').click();
    await page.getByText('Événement enregistré.').first().waitFor({ state: 'visible' });

    // The saved event comes back: the history reloads with the edit on top, by Test Admin.
    const edit = history.locator('[data-test="history-entry"][data-action="update"]');
    await edit.waitFor();
    expect(await edit.innerText()).toContain('Test Admin');
    const change = (field: string) => edit.locator(`[data-test="history-change"][data-field="${field}"]`);
    expect(await change('venue').innerText()).toMatch(/^Lieu : Lyon\s*→\s*Marseille$/);
    expect(await change('status').innerText()).toMatch(/^Statut : Option\s*→\s*Confirmé$/);
    expect(await change('startDate').innerText()).toMatch(/^Date de début : 15\/03\/2027\s*→\s*20\/03\/2027$/);
    expect(await change('contactIds').innerText()).toMatch(/^Contacts invités : —\s*→\s*Lou Traces Lyon$/);
    expect(await history.locator('[data-test="history-entry"]').count()).toBe(2);
  });
  it('filters the events list by status, sorts it by a column header, and keeps both in the URL for Back and bookmarks', async () => {
    const { page } = ctx;
    const client = await ctx.apiClient();
    const zoe = await newCompany('Zoé Traiteur');
    const alpha = await newCompany('alpha Conseil');
    const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
    for (const [companyId, name, startDate, status] of [
      [zoe, "Gala d'hiver", '2027-03-01', 'CONFIRMED'],
      [alpha, 'Atelier cuisine', '2027-01-15', 'OPTION'],
      [zoe, 'Brunch annulé', '2027-02-01', 'CANCELLED'],
    ])
      await client.ok(CREATE_EVENT, { input: { companyId, name, startDate, status } });
    const names = () => byTest(page, 'events-link').allInnerTexts();
    const rowsAre = async (expected: string[]) => {
      for (let i = 0; i < 100; i++) {
        if (JSON.stringify((await names()).map((n) => n.trim())) === JSON.stringify(expected)) return;
        await page.waitForTimeout(100);
      }
      expect((await names()).map((n) => n.trim())).toEqual(expected);
    };

    await page.goto('/events');
    await rowsAre(['Atelier cuisine', 'Brunch annulé', "Gala d'hiver"]);
    // Statuses: the cancelled brunch leaves the list.
    await byTest(page, 'events-status-filter').click();
    await page.locator('.n-base-select-option', { hasText: 'Confirmé' }).click();
    await page.locator('.n-base-select-option', { hasText: 'Option' }).click();
    await page.keyboard.press('Escape');
    await page.waitForURL(/status=CONFIRMED%2COPTION|status=CONFIRMED,OPTION/);
    await rowsAre(['Atelier cuisine', "Gala d'hiver"]);

    // A header sorts, ascending then descending, said by aria-sort.
    const nameHeader = page.locator('th', { has: byTest(page, 'events-sort-name') });
    await byTest(page, 'events-sort-name').click();
    await page.waitForURL(/sort=name%3Aasc|sort=name:asc/);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending');
    await byTest(page, 'events-sort-name').click();
    await page.waitForURL(/sort=name%3Adesc|sort=name:desc/);
    await rowsAre(["Gala d'hiver", 'Atelier cuisine']);
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    // The text filter (the client's name, accents ignored) joins them in the URL.
    await byTest(page, 'events-search').fill('zoe');
    await page.waitForURL(/q=zoe/);
    await rowsAre(["Gala d'hiver"]);

    // Back from an event: the same list, filters and sort included.
    await byTest(page, 'events-link').first().click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.waitForURL(/\/events\?/);
    await rowsAre(["Gala d'hiver"]);
    expect(await byTest(page, 'events-search').inputValue()).toBe('zoe');
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending');
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: 'zoe', status: 'CONFIRMED,OPTION', sort: 'name:desc' });

    // A bookmark: cancelled events by client, the select showing the status.
    await page.goto('/events?status=CANCELLED&sort=client:asc');
    await rowsAre(['Brunch annulé']);
    await waitForText(page, 'events-status-filter', 'Annulé');
    await page.goto('/events?sort=client:desc');
    await rowsAre(["Gala d'hiver", 'Brunch annulé', 'Atelier cuisine']);
    expect(await names()).toHaveLength(3);
  });

  it('does not let a stale tab silently undo a newer change: it says who changed the event, keeps the edit, and reloads on demand', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Deux Onglets');
    const client = await ctx.apiClient();
    const { createContact } = await client.ok(
      `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`,
      { input: { companyId, firstName: 'Zoé', lastName: 'Seconde' } },
    );
    const { createEvent } = await client.ok(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id contacts { id } } }`,
      { input: { companyId, name: 'Salon à deux', startDate: '2027-04-15' } },
    );
    const stored = async () =>
      (await client.ok(`query($id: ID!) { event(id: $id) { venue contacts { id } } }`, { id: createEvent.id }))
        .event as { venue: string | null; contacts: { id: string }[] };
    const initial = (await stored()).contacts.length;

    // Tabs A and B open the same event.
    const tabB = await page.context().newPage();
    for (const tab of [page, tabB]) {
      await tab.goto(`/events/${createEvent.id}`);
      await waitForText(tab, 'page-title', 'Salon à deux');
    }

    // A adds a contact and saves.
    await byTest(page, 'event-contacts').click();
    await page.locator('.n-base-select-option', { hasText: 'Zoé Seconde' }).click();
    await byTest(page, 'event-save').click();
    await page.getByText('Événement enregistré.').first().waitFor({ state: 'visible' });
    expect((await stored()).contacts.map((c) => c.id)).toContain(createContact.id);

    // B, still showing the old contacts, changes only « Lieu » and saves: refused, nothing lost.
    await byTest(tabB, 'event-venue').fill('Lille Grand Palais');
    await byTest(tabB, 'event-save').click();
    await waitForText(tabB, 'stale-record', /Cette fiche a été modifiée par Test Admin à \d\d:\d\d depuis/);
    expect(await tabB.getByText('Événement enregistré.').count()).toBe(0);
    expect(await byTest(tabB, 'event-venue').inputValue()).toBe('Lille Grand Palais');
    const afterRefusal = await stored();
    expect(afterRefusal.venue).toBeNull();
    expect(afterRefusal.contacts.map((c) => c.id)).toContain(createContact.id);
    expect(afterRefusal.contacts).toHaveLength(initial + 1);

    // « Recharger » drops B's edit and shows A's contact; B's change made again is saved with it.
    await byTest(tabB, 'stale-record-reload').click();
    await waitForText(tabB, 'event-contacts', 'Zoé Seconde');
    expect(await byTest(tabB, 'event-venue').inputValue()).toBe('');
    expect(await byTest(tabB, 'stale-record').count()).toBe(0);
    await byTest(tabB, 'event-venue').fill('Lille Grand Palais');
    await byTest(tabB, 'event-save').click();
    await tabB.getByText('Événement enregistré.').first().waitFor({ state: 'visible' });
    const final = await stored();
    expect(final.venue).toBe('Lille Grand Palais');
    expect(final.contacts.map((c) => c.id)).toContain(createContact.id);
    await tabB.close();
  });
});
