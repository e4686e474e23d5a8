import type { Page } from 'playwright-core';
import type { TestClient } from '../server/test/harness';
import { byTest, waitForDialog, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';
import { invoiceQuote, issueViaDialog, pickVat } from './support/finance';

jest.setTimeout(180_000);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const NNBSP = '\u202f';

/** Answers the open pop-confirm positively and waits for it to close. */
async function confirm(page: Page): Promise<void> {
  const button = page.locator('.n-popconfirm__action button').last();
  await button.click();
  await button.waitFor({ state: 'detached' });
}

/** A client company and a quote of one line for it, made through the API. */
async function quoteFor(client: TestClient, name: string): Promise<{ companyId: string; quoteId: string }> {
  const { createCompany } = await client.ok(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
    {
      input: {
        name,
        addressLine1: '8 rue du Faubourg',
        postalCode: '75008',
        city: 'Paris',
        mainContact: { firstName: 'Inès', lastName: 'Moreau', email: 'ines@client.fr', phoneDirect: '01 42 68 53 00' },
      },
    },
  );
  const { createQuote } = await client.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
    input: {
      companyId: createCompany.id,
      lines: [{ description: 'Location de salle', quantity: '1', unitPrice: '1500', vatRate: '20' }],
    },
  });
  return { companyId: createCompany.id, quoteId: createQuote.id };
}

describe('quote and invoice actions', () => {
  const session = signedInAdminPerTest();
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });

  it('an invoiced quote links to its invoice instead of offering a second one', async () => {
    const { quoteId } = await quoteFor(await session.apiClient(), 'Une Facture');
    await page.goto(`/quotes/${quoteId}`);
    await invoiceQuote(page, 'full');
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    const invoiceUrl = page.url();

    await page.goto(`/quotes/${quoteId}`);
    await waitForText(page, 'quote-status', 'Accepté');
    await waitForText(page, 'quote-invoice', 'Voir la facture (brouillon)');
    expect(await byTest(page, 'quote-to-invoice').count()).toBe(0);
    await byTest(page, 'quote-invoice').click();
    await page.waitForURL(invoiceUrl);

    // Issued, the link names the invoice's number.
    await issueViaDialog(page);
    await waitForText(page, 'invoice-status', 'Émise');
    await page.goto(`/quotes/${quoteId}`);
    await waitForText(page, 'quote-invoice', 'Voir la facture F-000001');
  });

  it('downloads an invoice as PDF and e-mails it from its page once issued', async () => {
    const client = await session.apiClient();
    const { companyId } = await quoteFor(client, 'Envoi PDF');
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      { input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice: '1000', vatRate: '20' }] } },
    );
    const id = createInvoice.id;
    // A draft has no number yet: it cannot be sent.
    await page.goto(`/invoices/${id}`);
    await waitForText(page, 'invoice-status', 'Brouillon');
    expect(await byTest(page, 'invoice-email-disabled').locator('button').isDisabled()).toBe(true);

    await client.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id });
    await page.reload();
    await waitForText(page, 'invoice-status', 'Émise');
    const pdf = await page.request.get((await byTest(page, 'invoice-pdf').getAttribute('href')) as string);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toBe('attachment; filename="Facture F-000001.pdf"');

    await byTest(page, 'invoice-email').click();
    const composer = byTest(page, 'email-composer');
    await waitForText(composer, 'email-pdf', 'Facture F-000001.pdf');
    expect(await byTest(composer, 'email-subject').inputValue()).toMatch(/^Facture F-000001 — Workspace /);
    expect(await byTest(composer, 'email-text').inputValue()).toContain(
      `notre facture F-000001 d'un montant de 1${NNBSP}200,00 € TTC`,
    );
    await waitForText(composer, 'email-to', 'Inès Moreau');
    await byTest(composer, 'email-send').click();
    await composer.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-emailed', 'Envoyée par e-mail le');

    // Cancelled, it is no longer due: the button says to send the credit note instead.
    await client.ok(`mutation($id: ID!) { cancelInvoice(id: $id) { id } }`, { id });
    await page.reload();
    await waitForText(page, 'invoice-status', 'Annulée');
    const blocked = byTest(page, 'invoice-email-disabled');
    expect(await blocked.locator('button').isDisabled()).toBe(true);
    await blocked.hover();
    await page.getByText('Envoyez son avoir à la place.').waitFor();
  });

  it('asks before refusing a quote, and a refused draft is reopened as a draft', async () => {
    const { quoteId } = await quoteFor(await session.apiClient(), 'Refus');
    await page.goto(`/quotes/${quoteId}`);
    await waitForText(page, 'quote-status', 'Brouillon');
    await byTest(page, 'quote-refuse').click();
    const actions = page.locator('.n-popconfirm__action');
    await actions.waitFor();
    // "Retour" leaves the quote as it was.
    await actions.getByRole('button', { name: 'Retour' }).click();
    await actions.waitFor({ state: 'detached' });
    await waitForText(page, 'quote-status', 'Brouillon');

    await byTest(page, 'quote-refuse').click();
    await confirm(page);
    await waitForText(page, 'quote-status', 'Refusé');
    expect(await byTest(page, 'quote-save').count()).toBe(0);
    await page.locator('.n-message', { hasText: 'Devis marqué refusé.' }).waitFor();
    await byTest(page, 'quote-reopen').click();
    // Never sent: back to Brouillon, not Envoyé, and said so.
    await waitForText(page, 'quote-status', 'Brouillon');
    await page.locator('.n-message', { hasText: 'Devis rouvert : il est de nouveau « Brouillon ».' }).waitFor();
    // Reopened, it is edited and invoiced again.
    await byTest(page, 'quote-save').waitFor();
    expect(await byTest(page, 'line-description').first().isDisabled()).toBe(false);
    await byTest(page, 'quote-to-invoice').waitFor();

    // "Marquer accepté" asks too; accepted, the quote is locked and can no longer be refused.
    await byTest(page, 'quote-accept').click();
    await confirm(page);
    await waitForText(page, 'quote-status', 'Accepté');
    await page.locator('.n-message', { hasText: 'Devis marqué accepté.' }).waitFor();
    expect(await byTest(page, 'quote-refuse').count()).toBe(0);
    expect(await byTest(page, 'quote-accept').count()).toBe(0);
  });

  it('asks before cancelling a draft invoice with a text for drafts, not the credit-note one', async () => {
    const client = await session.apiClient();
    const { quoteId } = await quoteFor(client, 'Brouillon Annulé');
    const { createInvoiceFromQuote } = await client.ok(
      `mutation($id: ID!) { createInvoiceFromQuote(quoteId: $id) { id } }`,
      { id: quoteId },
    );
    await page.goto(`/invoices/${createInvoiceFromQuote.id}`);
    await waitForText(page, 'invoice-status', 'Brouillon');
    await byTest(page, 'invoice-cancel').click();
    const popup = page.locator('.n-popconfirm');
    await popup.waitFor();
    expect((await popup.innerText()).replace(/\s+/g, ' ')).toContain(
      'Annuler ce brouillon ? Il n’a jamais été émis : il est annulé sans numéro ni avoir.',
    );
    expect(await popup.innerText()).not.toContain('Une facture émise');
    await confirm(page);
    await waitForText(page, 'invoice-frozen', 'Brouillon annulé');
  });

  it("shows a draft invoice's date as given on issue, and the confirmation says the invoice is dated today", async () => {
    const client = await session.apiClient();
    const { companyId } = await quoteFor(client, 'Datée');
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          companyId,
          issueDate: '2026-01-05',
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }],
        },
      },
    );
    await page.goto(`/invoices/${createInvoice.id}`);
    await waitForText(page, 'hint-issueDate', 'Une facture est datée du jour de son émission.');
    expect(await byTest(page, 'field-issueDate').locator('input').isDisabled()).toBe(true);
    // The due date stays editable.
    expect(await byTest(page, 'field-dueDate').locator('input').isDisabled()).toBe(false);

    const today = new Intl.DateTimeFormat('fr-FR').format(new Date());
    await byTest(page, 'invoice-issue').click();
    const dialog = await waitForDialog(page, 'issue-dialog');
    expect(await dialog.innerText()).toContain(`la date du jour (${today})`);
    await byTest(dialog, 'issue-ok').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', 'Émise');
    expect(await byTest(page, 'field-issueDate').locator('input').inputValue()).toBe(today);
    // Issued, the form is locked and the hint is gone.
    await byTest(page, 'hint-issueDate').waitFor({ state: 'detached' });
  });

  it('a paid invoice cancelled afterwards: the finance tab keeps the money received and shows it owed back', async () => {
    const client = await session.apiClient();
    const { companyId } = await quoteFor(client, 'Payée Annulée');
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      { input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice: '1000', vatRate: '20' }] } },
    );
    const id = createInvoice.id;
    await client.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id });
    await client.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { id } }`, { id });
    await page.goto(`/companies/${companyId}?tab=finance`);
    await waitForText(page, 'finance-paid', `1${NNBSP}200,00 €`);
    expect(await byTest(page, 'finance-refundDue').count()).toBe(0);

    await client.ok(`mutation($id: ID!) { cancelInvoice(id: $id) { id } }`, { id });
    await page.reload();
    await waitForText(page, 'finance-invoiced', '0,00 €');
    await waitForText(page, 'finance-paid', `1${NNBSP}200,00 €`);
    await waitForText(page, 'finance-refundDue', `1${NNBSP}200,00 €`);
    expect(await byTest(page, 'finance-summary').innerText()).toContain('À rembourser (avoirs)');
  });

  it('writes the numbers of the lines and totals in French notation, and reads both notations', async () => {
    const { quoteId } = await quoteFor(await session.apiClient(), 'Notation');
    await page.goto(`/quotes/${quoteId}`);
    const row = byTest(page, 'line-row').first();
    await byTest(row, 'line-quantity').fill('3,5');
    await byTest(row, 'line-unitPrice').fill('12.35');
    await pickVat(page, row, '5,5');
    await byTest(row, 'line-discountPercent').fill('10');
    // 3.5 × 12.35 × 0.9 = 38.9025 → 38.90; VAT 5.5 % = 2.14.
    await waitForText(page, 'total-vat-row', 'TVA 5,5 % sur 38,90 €');
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('updateQuote'),
    );
    await byTest(page, 'quote-save').click();
    await saved;
    await page.reload();
    await waitForText(page, 'total-vat-row', 'TVA 5,5 % sur 38,90 €');
    const values = await Promise.all(
      ['quantity', 'unitPrice', 'discountPercent'].map((key) =>
        byTest(byTest(page, 'line-row').first(), `line-${key}`).inputValue(),
      ),
    );
    expect(values).toEqual(['3,5', '12,35', '10']);
    expect((await byTest(byTest(page, 'line-row').first(), 'line-vatRate').innerText()).trim()).toBe('5,5 %');
  });

  it('saves a quote or an invoice with Enter in a field, once', async () => {
    const client = await session.apiClient();
    const { companyId, quoteId } = await quoteFor(client, 'Entrée');
    const saves: string[] = [];
    page.on('request', (r) => {
      const body = r.postData() ?? '';
      if (r.url().endsWith('/graphql') && /(createQuote|updateQuote|updateInvoice)\(/.test(body)) saves.push(body);
    });

    await page.goto(`/quotes/${quoteId}`);
    const price = byTest(byTest(page, 'line-row').first(), 'line-unitPrice');
    await price.fill('1600');
    const saved = page.waitForResponse((r) => (r.request().postData() ?? '').includes('updateQuote('));
    await price.press('Enter');
    await saved;
    await page.locator('.n-message', { hasText: 'Enregistré.' }).waitFor();
    expect(saves).toHaveLength(1);
    await page.reload();
    expect(await byTest(byTest(page, 'line-row').first(), 'line-unitPrice').inputValue()).toBe('1600,00');

    // A new invoice is created by Enter too, and opened.
    await page.goto(`/invoices/new?companyId=${companyId}`);
    await byTest(page, 'document-company').waitFor();
    const row = byTest(page, 'line-row').first();
    await byTest(row, 'line-description').fill('Salle');
    await byTest(row, 'line-unitPrice').fill('100');
    await byTest(row, 'line-quantity').press('Enter');
    await page.waitForURL(new RegExp(`/invoices/${UUID}$`));
    await waitForText(page, 'page-title', 'Facture (brouillon)');
  });
});
