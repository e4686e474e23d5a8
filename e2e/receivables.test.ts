import { dataSourcesPerFile } from '../server/test/harness';
import { byTest, screenshot, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const NNBSP = '\u202f';

// The callbacks given to evaluate() run in the browser; the server's type check has no DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): any;
type DomElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** "Factures": every invoice of the workspace, what is left to pay, the overdue ones in red. */
describe('receivables page', () => {
  const session = signedInAdminPerTest();
  const db = dataSourcesPerFile();

  it('lists the invoices of every client with their balance due and totals, filters the overdue ones, fits a phone', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const company = async (name: string, email: string) =>
      (
        await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
          input: { name, mainContact: { firstName: 'Anne', lastName: name, email, phoneDirect: '0142685300' } },
        })
      ).createCompany.id as string;
    const issued = async (companyId: string, unitPrice: string) => {
      const { id } = (
        await client.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
          input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice, vatRate: '20' }] },
        })
      ).createInvoice;
      await client.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id });
      return id as string;
    };
    const late = await company('Retard SARL', 'anne@retard.fr');
    const onTime = await company('Ponctuel SA', 'anne@ponctuel.fr');
    const lateId = await issued(late, '1000');
    await issued(onTime, '500');
    await client.ok(`mutation($input: RecordPaymentInput!) { recordInvoicePayment(input: $input) { id } }`, {
      input: { invoiceId: lateId, amount: '200', method: 'TRANSFER' },
    });
    // Issued 40 days ago, due ten days ago (the API dates an invoice on issue: set in the database).
    await db.admin.query(
      `UPDATE invoice SET issue_date = current_date - 40, due_date = current_date - 10 WHERE id = $1`,
      [lateId],
    );

    await byTest(page, 'menu-invoices').click();
    await byTest(page, 'receivables-table').waitFor();
    await waitForText(page, 'receivables-outstanding', `Reste à encaisser : 1${NNBSP}600,00 €`);
    await waitForText(page, 'receivables-overdue', `dont en retard : 1${NNBSP}000,00 €`);
    expect(await byTest(page, 'receivables-row').count()).toBe(2);
    const lateRow = byTest(page, 'receivables-row').filter({ hasText: 'Retard SARL' });
    await waitForText(lateRow, 'receivables-status-tag', 'En retard');
    expect(await byTest(lateRow, 'receivables-balance').innerText()).toBe(`1${NNBSP}000,00 €`);
    expect(await byTest(lateRow, 'receivables-balance').evaluate((el) => getComputedStyle(el).color)).toBe(
      'rgb(208, 48, 80)',
    );

    // "En retard" as a status filter: only that invoice, and the totals follow the filter.
    await byTest(page, 'receivables-status').click();
    await page.locator('.n-base-select-option:visible').filter({ hasText: 'En retard' }).click();
    await page.keyboard.press('Escape');
    await waitForText(page, 'receivables-outstanding', `Reste à encaisser : 1${NNBSP}000,00 €`);
    await page.waitForFunction(() => document.querySelectorAll('[data-test="receivables-row"]').length === 1);
    await waitForText(page, 'receivables-count', /^1 facture$/);
    await screenshot(page, 'receivables-01-overdue');

    // At 390 px: number, client, amount, left to pay and status come first, nothing breaks
    // inside a number or a date, the rest scrolls sideways in the table's own box.
    await page.setViewportSize({ width: 390, height: 800 });
    const cells = await byTest(page, 'receivables-row')
      .first()
      .evaluate((row: DomElement) =>
        [...row.querySelectorAll('td')].map((td: DomElement) => ({
          text: td.innerText.trim(),
          white: getComputedStyle(td).whiteSpace,
        })),
      );
    expect(cells.slice(0, 5).map((c: { text: string }) => c.text)).toEqual([
      expect.stringMatching(/^F-\d{6}$/),
      'Retard SARL',
      `1${NNBSP}200,00 €`,
      `1${NNBSP}000,00 €`,
      'En retard',
    ]);
    for (const i of [0, 2, 3, 5, 6, 7]) expect(cells[i].white).toBe('nowrap');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'receivables-02-phone');

    // The company's finance tab shows what is left to pay too.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/companies/${late}?tab=finance`);
    await waitForText(page, 'invoice-row-balance', `1${NNBSP}000,00 €`);
    await waitForText(page, 'invoice-row-status', 'En retard');
    expect(await page.locator('[data-test="invoices-list"] th').allInnerTexts()).toContain('Reste dû');
  });
});
