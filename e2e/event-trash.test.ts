import type { Page } from 'playwright-core';
import { byTest, screenshot, waitForDialog, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;

const eventRow = (page: Page, text: string) => byTest(page, 'event-row').filter({ hasText: text });
const trashRow = (page: Page, text: string) => byTest(page, 'trash-row').filter({ hasText: text });
const listRow = (page: Page, text: string) => byTest(page, 'events-row').filter({ hasText: text });

/** `days` from today (Paris), as YYYY-MM-DD. */
const day = (days: number) => {
  const d = new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

describe('deleting events, the trash and the events list', () => {
  const session = signedInAdminPerTest();

  async function seed() {
    const client = await session.apiClient();
    const companyId = (
      await client.ok<{ createCompany: { id: string } }>(CREATE_COMPANY, {
        input: {
          name: 'Maison Festive',
          city: 'Lyon',
          mainContact: { firstName: 'Inès', lastName: 'Fête', email: 'ines@festive.fr', phoneDirect: '04 72 00 00 01' },
        },
      })
    ).createCompany.id;
    const event = async (name: string, startDate: string) =>
      (await client.ok<{ createEvent: { id: string } }>(CREATE_EVENT, { input: { companyId, name, startDate } }))
        .createEvent.id;
    return {
      companyId,
      gala: await event('Gala de printemps', day(20)),
      salon: await event('Salon passé', day(-15)),
      demain: await event('Atelier demain', day(1)),
    };
  }

  it('deletes an event from its page, which leaves the company tab, and restores it from the trash', async () => {
    const page = session.page;
    const { companyId, gala } = await seed();

    await page.goto(`/events/${gala}`);
    await waitForText(page, 'page-title', 'Gala de printemps');
    await byTest(page, 'event-delete').click();
    const dialog = await waitForDialog(page, 'delete-event-dialog');
    await waitForText(page, 'delete-event-dialog', 'devis et factures brouillons');
    await screenshot(page, 'event-trash-01-confirm');
    await byTest(dialog, 'event-delete-confirm').click();
    await byTest(page, 'event-deleted').waitFor();
    await byTest(page, 'event-restore').waitFor();
    // Read-only while in the trash: no save, no new quote or invoice for it.
    await waitForText(page, 'event-documents', 'Devis (0)');
    expect(await byTest(page, 'event-save').count()).toBe(0);
    expect(await byTest(page, 'quote-new').count()).toBe(0);

    await page.goto(`/companies/${companyId}?tab=events`);
    await eventRow(page, 'Salon passé').waitFor();
    expect(await eventRow(page, 'Gala de printemps').count()).toBe(0);
    await waitForText(page, 'events-tab', '2 événement');

    await page.goto('/events/trash');
    const row = trashRow(page, 'Gala de printemps');
    await row.waitFor();
    await waitForText(row, 'trash-deleted-by', 'Test Admin');
    await screenshot(page, 'event-trash-02-trash');
    await byTest(row, 'trash-restore').click();
    await byTest(page, 'trash-empty').waitFor();

    await page.goto(`/companies/${companyId}?tab=events`);
    await eventRow(page, 'Gala de printemps').waitFor();
    await waitForText(page, 'events-tab', '3 événement');
  });

  it('lists events upcoming first from the side menu, and opens one', async () => {
    const page = session.page;
    await seed();
    await page.goto('/');
    await byTest(page, 'menu-events').click();
    await page.waitForURL(/\/events$/);
    await listRow(page, 'Salon passé').waitFor();
    const names = await byTest(page, 'events-link').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['Atelier demain', 'Gala de printemps', 'Salon passé']);
    await waitForText(listRow(page, 'Gala de printemps'), 'events-link', 'Gala de printemps');
    expect(await listRow(page, 'Gala de printemps').textContent()).toContain('Maison Festive');

    expect(await page.getByRole('textbox', { name: 'Nom, lieu ou client', exact: true }).count()).toBe(1);
    await byTest(page, 'events-search').fill('salon');
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="events-row"]').length === n, 1);
    await screenshot(page, 'event-trash-03-list');
    await byTest(listRow(page, 'Salon passé'), 'events-link').click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}$/);
    await waitForText(page, 'page-title', 'Salon passé');
  });
});

declare const document: { querySelectorAll(selector: string): { length: number } };
