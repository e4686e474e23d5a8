import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, screenshot, waitForDialog, waitForText, waitForValue } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';
import { invoiceQuote, issueViaDialog, pickVat } from './support/finance';
import { addUser } from '../server/test/harness';
import { UserRole } from '../server/src/modules/user/user.entity';

jest.setTimeout(180_000);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NNBSP = '\u202f';

// The callbacks given to evaluate() run in the browser; the server's type check has no DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Fills one cell of a line of the lines editor (the VAT rate: picks it in its select). */
async function cell(page: Page, row: number, key: string, value: string): Promise<void> {
  const line = byTest(page, 'line-row').nth(row);
  if (key === 'vatRate') await pickVat(page, line, value);
  else await byTest(line, `line-${key}`).fill(value);
}

describe('events, quotes and invoices pages', () => {
  const session = signedInAdminPerTest();
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });

  it('from a contact: an event, a quote at two VAT rates, its invoice issued, totals on the company finance tab', async () => {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Maison Lumière',
          siret: '73282932000074',
          vatNumber: 'FR44732829320',
          addressLine1: '8 rue du Faubourg',
          postalCode: '75008',
          city: 'Paris',
          mainContact: {
            firstName: 'Inès',
            lastName: 'Moreau',
            email: 'ines.moreau@lumiere.fr',
            phoneDirect: '01 42 68 53 00',
          },
        },
      },
    );
    const companyId: string = createCompany.id;
    const contactId: string = createCompany.mainContact.id;

    // The contact's page: its events tab offers "new event with this contact".
    await page.goto(`/contacts/${contactId}`);
    await byTest(page, 'tab-events').click();
    await byTest(page, 'event-new').click();
    await page.waitForURL(new RegExp(`/events/new\\?companyId=${companyId}&contactId=${contactId}$`));
    await waitForText(page, 'event-company', 'Maison Lumière');
    await waitForText(page, 'event-contacts', 'Inès Moreau');
    await byTest(page, 'event-name').fill('Soirée de lancement');
    const start = byTest(page, 'event-start').locator('input');
    await start.fill('15/06/2026');
    await start.press('Enter');
    await byTest(page, 'event-venue').fill('Pavillon Ledoyen');
    await byTest(page, 'event-save').click();
    await page.waitForURL(new RegExp(`/events/${UUID}$`));
    const eventId = new URL(page.url()).pathname.split('/').pop() as string;
    await waitForText(page, 'page-title', 'Soirée de lancement');
    await screenshot(page, 'finance-01-event');

    // A quote for the event, two lines at different VAT rates, totals computed live.
    await byTest(byTest(page, 'event-documents'), 'quote-new').click();
    await page.waitForURL(/\/quotes\/new\?/);
    expect(new URL(page.url()).searchParams.get('eventId')).toBe(eventId);
    // A new document is dated today (the browser runs on this machine's clock and zone).
    const today = new Intl.DateTimeFormat('fr-FR').format(new Date());
    expect(await byTest(page, 'field-issueDate').locator('input').inputValue()).toBe(today);
    await waitForText(page, 'document-company', 'Maison Lumière');
    await waitForText(page, 'document-contact', 'Inès Moreau');
    await waitForText(page, 'document-event', 'Soirée de lancement');
    await cell(page, 0, 'description', 'Location du pavillon');
    await cell(page, 0, 'quantity', '2');
    await cell(page, 0, 'unitPrice', '1000');
    await cell(page, 0, 'vatRate', '20');
    await byTest(page, 'line-add').click();
    await cell(page, 1, 'description', 'Cocktail dînatoire');
    await cell(page, 1, 'quantity', '10');
    await cell(page, 1, 'unitPrice', '45,50');
    await cell(page, 1, 'vatRate', '5,5');
    // A line added and left blank is not saved, rather than blocking the save as "required".
    await byTest(page, 'line-add').click();
    // 2000.00 + 455.00 before tax; VAT 400.00 + 25.025 → 25.03; total 2880.03.
    await waitForText(page, 'total-excl', `2${NNBSP}455,00 €`);
    await waitForText(page, 'total-incl', `2${NNBSP}880,03 €`);
    await byTest(page, 'quote-save').click();
    await page.waitForURL(new RegExp(`/quotes/${UUID}$`));
    await waitForText(page, 'page-title', /Devis D-\d{6}/);
    await waitForText(page, 'total-incl', `2${NNBSP}880,03 €`);
    expect(await byTest(page, 'total-vat-row').count()).toBe(2);
    expect(await byTest(page, 'line-row').count()).toBe(2);
    await screenshot(page, 'finance-02-quote');

    // Turn it into an invoice and issue it: it gets its number and is frozen.
    await invoiceQuote(page, 'full');
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    await waitForText(page, 'page-title', 'Facture (brouillon)');
    await waitForText(page, 'total-incl', `2${NNBSP}880,03 €`);
    // "Émettre" asks in a dialog, whole on screen at 1366 px, the focus inside it: Escape and
    // "Retour" close it without issuing; "Émettre la facture" issues.
    await page.setViewportSize({ width: 1366, height: 768 });
    await byTest(page, 'invoice-issue').click();
    let dialog = await waitForDialog(page, 'issue-dialog');
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 1366).toBe(true);
    expect(
      await dialog.evaluate((el) =>
        el.contains((el.ownerDocument as { activeElement: unknown }).activeElement as never),
      ),
    ).toBe(true);
    expect((await dialog.locator('.n-dialog__action button').allInnerTexts()).map((s) => s.trim())).toEqual([
      'Retour',
      'Émettre la facture',
    ]);
    expect(await dialog.getByRole('button', { name: 'Fermer', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await byTest(page, 'invoice-issue').click();
    dialog = await waitForDialog(page, 'issue-dialog');
    await byTest(dialog, 'issue-back').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', 'Brouillon');
    await issueViaDialog(page);
    await waitForText(page, 'invoice-status', 'Émise');
    await waitForText(page, 'page-title', /Facture F-000001/);
    await byTest(page, 'invoice-frozen').waitFor();
    expect(await byTest(page, 'line-description').first().isDisabled()).toBe(true);
    await screenshot(page, 'finance-03-invoice-issued');
    // The cancel confirmation's buttons say what they do: « Annuler » there would be ambiguous.
    await byTest(page, 'invoice-cancel').click();
    const actions = page.locator('.n-popconfirm__action');
    await actions.waitFor();
    // Issued: the confirmation says a credit note cancels it.
    expect(await page.locator('.n-popconfirm').innerText()).toContain('Une facture émise est annulée par un avoir.');
    expect((await actions.locator('button').allInnerTexts()).map((s) => s.trim())).toEqual([
      'Retour',
      'Annuler la facture',
    ]);
    await actions.getByRole('button', { name: 'Retour' }).click();
    await actions.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', 'Émise');

    // The printable view carries the client's legal mentions.
    const printHref = await byTest(page, 'invoice-print').getAttribute('href');
    const print = await page.request.get(printHref as string);
    expect(print.status()).toBe(200);
    const html = await print.text();
    expect(html).toContain('F-000001');
    expect(html).toContain('SIRET : 73282932000074');

    // The company's finance tab: the quote, the invoice and the totals.
    await page.goto(`/companies/${companyId}?tab=finance`);
    await waitForText(page, 'finance-quoted', `2${NNBSP}880,03 €`);
    await waitForText(page, 'finance-invoiced', `2${NNBSP}880,03 €`);
    await waitForText(page, 'finance-outstanding', `2${NNBSP}880,03 €`);
    await waitForText(page, 'finance-paid', '0,00 €');
    await waitForText(page, 'quote-row', 'Soirée de lancement');
    await waitForText(page, 'invoice-row', 'F-000001');
    // Days as a French reader writes them, not as the API sends them.
    const issued = new Intl.DateTimeFormat('fr', { dateStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date());
    await waitForText(page, 'quote-row', issued);
    expect(await byTest(page, 'invoice-row').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await screenshot(page, 'finance-04-company-finance-tab');

    // And the event shows on the company's events tab.
    await byTest(page, 'tab-events').click();
    await waitForText(page, 'event-row', 'Soirée de lancement');

    // The event's finance card lists its quote and the invoice made from it.
    await page.goto(`/events/${eventId}`);
    const documents = byTest(page, 'event-documents');
    await waitForText(documents, 'quote-row', /D-\d{6}/);
    await waitForText(documents, 'invoice-row', 'F-000001');
    expect(await byTest(documents, 'quote-row').count()).toBe(1);
    expect(await byTest(documents, 'invoice-row').count()).toBe(1);
  });

  it('creates an event with a new client (bad fields under the inline form), then from an existing client: duplicates taken instead, a new contact with its required custom field, a quote with a new contact', async () => {
    await page.goto('/events/new');
    await byTest(page, 'event-new-client-switch').click();
    await byTest(page, 'company-name').fill('Atelier Nouveau');
    await byTest(page, 'contact-first-name').fill('Hugo');
    await byTest(page, 'contact-last-name').fill('Petit');
    await byTest(page, 'contact-email').fill('hugo.petit@');
    await byTest(page, 'contact-phone-direct').fill('01 42 68 53 00');
    await byTest(page, 'event-name').fill('Portes ouvertes');
    const start = byTest(page, 'event-start').locator('input');
    await start.fill('02/10/2026');
    await start.press('Enter');
    await byTest(page, 'event-save').click();
    await waitForText(page, 'error-newClient.mainContact.email', /\S/);
    expect(page.url()).toMatch(/\/events\/new$/);

    await byTest(page, 'contact-email').fill('hugo.petit@atelier.fr');
    await byTest(page, 'event-save').click();
    await page.waitForURL(new RegExp(`/events/${UUID}$`));
    await waitForText(page, 'event-company', 'Atelier Nouveau');
    await waitForText(page, 'event-contacts', 'Hugo Petit');
    await screenshot(page, 'finance-05-event-with-new-client');

    // The admin makes a custom field required on companies and on contacts: the inline forms ask
    // for them (the API refuses a record without them).
    const client = await session.apiClient();
    const field = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { key } }`;
    await client.ok(field, { input: { recordKind: 'COMPANY', labelFr: 'Secteur', type: 'TEXT', required: true } });
    await client.ok(field, { input: { recordKind: 'CONTACT', labelFr: 'Badge', type: 'TEXT', required: true } });
    await page.goto('/events/new');
    await byTest(page, 'event-new-client-switch').click();
    await byTest(byTest(page, 'required-custom-fields-COMPANY'), 'cf-input-secteur').waitFor();
    await byTest(byTest(page, 'required-custom-fields-CONTACT'), 'cf-input-badge').waitFor();
    // Typing a client that exists: likely duplicates show, and the existing contact can be taken instead.
    await byTest(page, 'company-name').fill('Atelier Nouveau');
    await waitForText(page, 'company-duplicates', 'Atelier Nouveau');
    await byTest(page, 'contact-email').fill('hugo.petit@atelier.fr');
    const existing = await waitForText(page, 'contact-duplicates', 'Hugo Petit');
    await screenshot(page, 'finance-06-new-client-duplicates');
    await byTest(existing, 'duplicate-use').click();
    await waitForText(page, 'event-company', 'Atelier Nouveau');
    await waitForText(page, 'event-contacts', 'Hugo Petit');
    expect(await byTest(page, 'new-client-fields').count()).toBe(0);

    // "+ Nouveau contact" of that client: its required custom field is asked for, the error named under it.
    await byTest(page, 'event-new-contact').click();
    await byTest(page, 'contact-first-name').fill('Léa');
    await byTest(page, 'contact-last-name').fill('Girard');
    await byTest(page, 'event-name').fill('Atelier découverte');
    const day = byTest(page, 'event-start').locator('input');
    await day.fill('05/11/2026');
    await day.press('Enter');
    await byTest(page, 'event-save').click();
    await waitForText(page, 'cf-item-badge', 'Ce champ est obligatoire.');
    await screenshot(page, 'finance-07-new-contact-required-field');
    await byTest(page, 'cf-input-badge').fill('Presse');
    await byTest(page, 'event-save').click();
    await page.waitForURL(new RegExp(`/events/${UUID}$`));
    await waitForText(page, 'event-contacts', 'Hugo Petit');
    await waitForText(page, 'event-contacts', 'Léa Girard');

    // A quote of that client: a new contact that exists is taken instead; another one is created
    // with the quote and becomes its contact.
    await byTest(byTest(page, 'event-documents'), 'quote-new').click();
    await page.waitForURL(/\/quotes\/new\?/);
    await waitForText(page, 'document-company', 'Atelier Nouveau');
    await byTest(page, 'document-new-contact').click();
    await byTest(page, 'contact-first-name').fill('Léa');
    await byTest(page, 'contact-last-name').fill('Girard');
    await byTest(await waitForText(page, 'contact-duplicates', 'Léa Girard'), 'duplicate-use').click();
    await waitForText(page, 'document-contact', 'Léa Girard');
    await byTest(page, 'document-new-contact').click();
    await byTest(page, 'contact-first-name').fill('Marc');
    await byTest(page, 'contact-last-name').fill('Roux');
    await byTest(page, 'cf-input-badge').fill('Orga');
    await cell(page, 0, 'description', 'Visite');
    await cell(page, 0, 'quantity', '1');
    await cell(page, 0, 'unitPrice', '100');
    await cell(page, 0, 'vatRate', '20');
    await byTest(page, 'quote-save').click();
    await page.waitForURL(new RegExp(`/quotes/${UUID}$`));
    await waitForText(page, 'document-contact', 'Marc Roux');
    await screenshot(page, 'finance-08-quote-with-new-contact');
  });

  // (Was finance-paging.test.ts: merged here to share this file's API and browser.)
  /** The finance tab's lists show 50 documents, then the next ones behind "Voir plus". */
  it('« Devis »: every quote of the workspace, filtered by status (« Expiré » too) and by salesperson, totals, a row opens its quote; « Factures » by salesperson too', async () => {
    const client = await session.apiClient();
    const claire = await addUser(session.admin.workspaceId, UserRole.USER, 'Claire Martin');
    const company = async (name: string, email: string, salespersonId?: string) =>
      (
        await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
          input: {
            name,
            mainContact: { firstName: 'Anne', lastName: name, email, phoneDirect: '0142685300', salespersonId },
          },
        })
      ).createCompany.id as string;
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const quote = async (companyId: string, unitPrice: string, status: string | null, dates = {}) => {
      const { id, number } = (
        await client.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id number } }`, {
          input: { companyId, ...dates, lines: [{ description: 'Salle', quantity: '1', unitPrice, vatRate: '20' }] },
        })
      ).createQuote;
      if (status)
        await client.ok('mutation($id: ID!, $s: QuoteStatus!) { setQuoteStatus(id: $id, status: $s) { id } }', {
          id,
          s: status,
        });
      return { id: id as string, number: number as string };
    };
    // Claire follows Lumière (its main contact is hers); the admin, who creates Atelier Bleu, follows it.
    const lumiere = await company('Lumière SA', 'anne@lumiere.fr', claire.userId);
    const atelier = await company('Atelier Bleu', 'anne@atelier-bleu.fr');
    // Sent forty days ago, valid thirty: expired ten days ago.
    const expired = await quote(lumiere, '1000', 'SENT', { issueDate: day(-40), validUntil: day(-10) });
    await quote(lumiere, '300', null);
    await quote(atelier, '2000', 'SENT');
    await quote(atelier, '500', 'ACCEPTED');

    await byTest(page, 'menu-quotes').click();
    await page.waitForURL(/\/quotes$/);
    await byTest(page, 'quote-list-table').waitFor();
    expect(await byTest(page, 'quote-list-row').count()).toBe(4);
    // Open (draft or sent, not expired) before tax: the pipeline's value.
    await waitForText(page, 'quote-list-open', `En cours : 2${NNBSP}300,00 € HT`);
    await waitForText(page, 'quote-list-sum', `Total : 3${NNBSP}800,00 € HT · 4${NNBSP}560,00 € TTC`);
    await waitForText(page, 'quote-list-count', /^4 devis$/);
    const late = byTest(page, 'quote-list-row').filter({ hasText: expired.number });
    await waitForText(late, 'quote-list-status-tag', 'Expiré');
    expect(await byTest(late, 'quote-list-salesperson-name').innerText()).toBe('Claire Martin');

    // « Expiré » as a status: only that quote.
    const pickStatus = async (label: string) => {
      await byTest(page, 'quote-list-status').click();
      await page.locator('.n-base-select-option:visible').filter({ hasText: label }).click();
      await page.keyboard.press('Escape');
    };
    await pickStatus('Expiré');
    await waitForText(page, 'quote-list-count', /^1 devis$/);
    expect(await byTest(page, 'quote-list-row').count()).toBe(1);
    await waitForText(page, 'quote-list-row', expired.number);
    // « Envoyé » beside it: the sent quotes of both clients (the expired one is still sent).
    await pickStatus('Envoyé');
    await waitForText(page, 'quote-list-count', /^2 devis$/);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="quote-list-row"]').length === 2);
    await waitForText(page, 'quote-list-open', `En cours : 2${NNBSP}000,00 € HT`);

    // Claire's only.
    await byTest(page, 'quote-list-salesperson').click();
    await page.locator('.n-base-select-option:visible').filter({ hasText: 'Claire Martin' }).click();
    await waitForText(page, 'quote-list-count', /^1 devis$/);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="quote-list-row"]').length === 1);
    await waitForText(page, 'quote-list-open', `En cours : 0,00 € HT`);
    await waitForText(page, 'quote-list-row', 'Lumière SA');
    await screenshot(page, 'quotes-page-01-claire-sent');

    // At 390 px: number, client, amounts and status first, the rest scrolls inside the table's box.
    await page.setViewportSize({ width: 390, height: 800 });
    const cells = await byTest(page, 'quote-list-row')
      .first()
      .evaluate((row: { querySelectorAll(s: string): Iterable<{ innerText: string }> }) =>
        [...row.querySelectorAll('td')].map((td) => td.innerText.trim()),
      );
    expect(cells.slice(0, 5)).toEqual([
      expired.number,
      'Lumière SA',
      `1${NNBSP}000,00 €`,
      `1${NNBSP}200,00 €`,
      'Expiré',
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'quotes-page-02-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The row leads to its quote.
    await byTest(page, 'quote-list-link').click();
    await page.waitForURL(new RegExp(`/quotes/${expired.id}$`));
    await waitForText(page, 'page-title', expired.number);

    // « Factures » takes the same salesperson filter: an invoice of each client, Claire's only.
    for (const companyId of [lumiere, atelier])
      await client.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
        input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }] },
      });
    await byTest(page, 'menu-invoices').click();
    await waitForText(page, 'receivables-count', /^2 factures$/);
    await byTest(page, 'receivables-salesperson').click();
    await page.locator('.n-base-select-option:visible').filter({ hasText: 'Claire Martin' }).click();
    await waitForText(page, 'receivables-count', /^1 facture$/);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="receivables-row"]').length === 1);
    await waitForText(page, 'receivables-row', 'Lumière SA');
    expect(await byTest(page, 'receivables-salesperson-name').innerText()).toBe('Claire Martin');
  });

  describe('finance tab paging', () => {
    it('shows the first 50 quotes with the tab, the 51st after "more", the count unchanged', async () => {
      const { page } = session;
      const client = await session.apiClient();
      const { createCompany } = await client.ok(
        `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
        {
          input: {
            name: 'Pagination Événements SAS',
            mainContact: {
              firstName: 'Paul',
              lastName: 'Page',
              email: 'paul@pagination.fr',
              phoneDirect: '0142685300',
            },
          },
        },
      );
      const companyId: string = createCompany.id;
      // Newest first: the oldest, dated a day earlier than the others, is the one on the second page.
      for (let i = 0; i < 51; i++) {
        await client.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
          input: { companyId, issueDate: i === 0 ? '2026-05-03' : '2026-05-04', lines: [] },
        });
      }

      await page.goto(`/companies/${companyId}?tab=finance`);
      await byTest(page, 'quotes-list').waitFor();
      expect(await byTest(page, 'quote-row').count()).toBe(50);
      await page.getByText('Devis (51)').waitFor();
      expect(await byTest(page, 'invoices-more').count()).toBe(0);

      await byTest(page, 'quotes-more').click();
      await byTest(page, 'quotes-more').waitFor({ state: 'detached' });
      expect(await byTest(page, 'quote-row').count()).toBe(51);
      expect(await byTest(page, 'quote-row').nth(50).innerText()).toContain('03/05/2026');
      await page.getByText('Devis (51)').waitFor();
      await screenshot(page, 'finance-paging-01-all-quotes');
    });
  });

  // (Was legal-identity.test.ts: merged here to share this file's API and browser.)
  describe("the agency's legal identity (Paramètres)", () => {
    beforeAll(() => assertWebClientBuilt());

    it('is entered in the settings, with the SIRET checked, and printed as the seller of an invoice', async () => {
      const { page } = session;
      await page.goto('/settings');
      await byTest(page, 'legal-identity').waitFor({ state: 'visible' });
      await byTest(page, 'legal-legalName').fill('Lumière Événements');
      await byTest(page, 'legal-legalForm').fill('SARL');
      await byTest(page, 'legal-shareCapital').fill('7 500');
      await byTest(page, 'legal-addressLine1').fill('8 rue Oberkampf');
      await byTest(page, 'legal-postalCode').fill('75011');
      await byTest(page, 'legal-city').fill('Paris');
      await byTest(page, 'legal-siret').fill('732 829 320 00075');
      // Enter saves, as on the other settings forms.
      await byTest(page, 'legal-siret').press('Enter');
      await waitForText(page, 'error-siret', /SIRET invalide/);

      await byTest(page, 'legal-siret').fill('732 829 320 00074');
      await byTest(page, 'legal-vatNumber').fill('FR44732829320');
      await byTest(page, 'legal-save').click();
      await page.getByText('Identité légale enregistrée.').first().waitFor({ state: 'visible' });
      await byTest(page, 'error-siret').waitFor({ state: 'detached' });
      expect(await byTest(page, 'legal-siret').inputValue()).toBe('73282932000074');

      // Kept after a reload.
      await page.reload();
      await byTest(page, 'legal-legalName').waitFor({ state: 'visible' });
      await waitForValue(page, 'legal-shareCapital', '7500');

      const client = await session.apiClient();
      const { createInvoice } = await client.ok(
        `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { printUrl } }`,
        {
          input: {
            newClient: {
              name: 'Client Imprimé',
              mainContact: {
                firstName: 'Anne',
                lastName: 'Imprimé',
                email: 'anne@imprime.fr',
                phoneDirect: '0142685300',
              },
            },
            lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }],
          },
        },
      );
      await page.goto(createInvoice.printUrl);
      const seller = await byTest(page, 'print-seller').innerText();
      expect(seller.split('\n')).toEqual([
        'Lumière Événements',
        '8 rue Oberkampf',
        '75011 Paris',
        'SARL au capital de 7\u202f500,00 €',
        'SIRET : 73282932000074',
        'N° TVA intracommunautaire : FR44732829320',
      ]);
    });
  });

  it('accepts a quote, invoices a 30 % deposit, issues it, then the balance: the amounts shown add up to the quote', async () => {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Congrès Acompte',
          addressLine1: '3 cours Lafayette',
          postalCode: '69003',
          city: 'Lyon',
          mainContact: { firstName: 'Léa', lastName: 'Roux', email: 'lea@congres.fr', phoneDirect: '04 78 00 00 00' },
        },
      },
    );
    // 2 000,00 € at 20 % and 455,00 € at 5,5 %: 2 880,03 € TTC.
    const { createQuote } = await client.ok(
      `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`,
      {
        input: {
          companyId: createCompany.id,
          lines: [
            { description: 'Location du pavillon', quantity: '2', unitPrice: '1000', vatRate: '20' },
            { description: 'Cocktail dînatoire', quantity: '10', unitPrice: '45.50', vatRate: '5.5' },
          ],
        },
      },
    );
    await page.goto(`/quotes/${createQuote.id}`);
    await waitForText(page, 'total-incl', `2${NNBSP}880,03 €`);
    await byTest(page, 'quote-accept').click();
    const accept = page.locator('.n-popconfirm__action button').last();
    await accept.click();
    await accept.waitFor({ state: 'detached' });
    await waitForText(page, 'quote-status', 'Accepté');

    // « Facturer » → « Facture d'acompte… »: 30 % by default, the amounts shown before confirming.
    await byTest(page, 'quote-to-invoice').click();
    // No deposit yet: the balance is not offered.
    expect(await byTest(page, 'quote-invoice-balance').getAttribute('class')).toMatch(/disabled/);
    await byTest(page, 'quote-invoice-deposit').click();
    const dialog = await waitForDialog(page, 'deposit-dialog');
    await waitForText(dialog, 'deposit-remaining', `2${NNBSP}880,03 €`);
    // 30 % of 2 880,03 € = 864,01 € TTC, split over both rates: HT + TVA = TTC to the cent.
    await waitForText(dialog, 'deposit-incl', '864,01 €');
    await waitForText(dialog, 'deposit-excl', '736,50 €');
    await waitForText(dialog, 'deposit-tax', '127,51 €');
    expect(await byTest(dialog, 'deposit-vat-row').count()).toBe(2);
    // Too much is refused before anything is made.
    await byTest(dialog, 'deposit-value').fill('101');
    await waitForText(dialog, 'error-deposit-percent', /Au plus 100/);
    expect(await byTest(dialog, 'deposit-ok').isDisabled()).toBe(true);
    await byTest(dialog, 'deposit-value').fill('30');
    await waitForText(dialog, 'deposit-incl', '864,01 €');
    await screenshot(page, 'finance-deposit-01-dialog');
    await byTest(dialog, 'deposit-ok').click();
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    await waitForText(page, 'page-title', 'Facture d’acompte (brouillon)');
    await waitForText(page, 'total-incl', '864,01 €');
    await waitForText(page, 'total-excl', '736,50 €');
    expect(await byTest(page, 'line-row').count()).toBe(2);
    expect(await byTest(page, 'line-description').first().inputValue()).toMatch(
      /^Acompte de 30 % sur le devis n° D-\d{6}$/,
    );
    await issueViaDialog(page);
    await waitForText(page, 'invoice-status', 'Émise');
    const title = await (await waitForText(page, 'page-title', /Facture d’acompte F-\d{6}/)).innerText();
    const depositNumber = title.match(/F-\d{6}/)?.[0];

    // Back on the quote: what is invoiced and what remains; the balance is offered, not a full invoice.
    await page.goto(`/quotes/${createQuote.id}`);
    await waitForText(page, 'quote-invoiced', '864,01 €');
    await waitForText(page, 'quote-remaining', `2${NNBSP}016,02 €`);
    expect(await byTest(page, 'quote-invoice-row').count()).toBe(1);
    await byTest(page, 'quote-to-invoice').click();
    expect(await byTest(page, 'quote-invoice-full').getAttribute('class')).toMatch(/disabled/);
    await byTest(page, 'quote-invoice-balance').click();
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    await waitForText(page, 'page-title', 'Facture de solde (brouillon)');
    await waitForText(page, 'total-incl', `2${NNBSP}016,02 €`);
    // The quote's two lines, then the deposit deducted at each rate, citing its number and date.
    expect(await byTest(page, 'line-row').count()).toBe(4);
    const today = new Intl.DateTimeFormat('fr-FR').format(new Date());
    expect(await byTest(page, 'line-description').nth(2).inputValue()).toBe(
      `Acompte déjà facturé, facture n° ${depositNumber} du ${today}`,
    );
    await waitForText(page, 'invoice-quote-part', /découlent du devis/);
    await screenshot(page, 'finance-deposit-02-balance');

    await page.goto(`/quotes/${createQuote.id}`);
    await waitForText(page, 'quote-invoiced', `2${NNBSP}880,03 €`);
    await waitForText(page, 'quote-remaining', '0,00 €');
    expect(await byTest(page, 'quote-invoice-row').count()).toBe(2);
    await waitForText(page, 'quote-invoice', 'Voir la facture (brouillon)');
  });
});
