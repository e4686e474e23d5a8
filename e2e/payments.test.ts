import type { Page } from 'playwright-core';
import { addUser } from '../server/test/harness';
import { byTest, login, logout, waitForDialog, waitForText } from './support/browser';
import { issueViaDialog } from './support/finance';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(180_000);

const NNBSP = '\u202f';

/** Answers the open pop-confirm positively and waits for it to close. */
async function confirm(page: Page): Promise<void> {
  const button = page.locator('.n-popconfirm__action button').last();
  await button.click();
  await button.waitFor({ state: 'detached' });
}

describe('payments recorded on an invoice', () => {
  const session = signedInAdminPerTest();
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });

  it('records two partial payments in the dialog: partly paid, then paid; a deleted payment makes it due again', async () => {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Règlements SA',
          addressLine1: '8 rue du Faubourg',
          postalCode: '75008',
          city: 'Paris',
          mainContact: {
            firstName: 'Inès',
            lastName: 'Moreau',
            email: 'ines@reglements.fr',
            phoneDirect: '01 42 68 53 00',
          },
        },
      },
    );
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          companyId: createCompany.id,
          issueDate: '2026-01-05',
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '1000', vatRate: '20' }],
        },
      },
    );

    // Issued from its page: dated today, and the page says the draft's date was replaced.
    await page.goto(`/invoices/${createInvoice.id}`);
    await issueViaDialog(page);
    await waitForText(page, 'invoice-status', 'Émise');
    await page.locator('.n-message', { hasText: 'et non du 05/01/2026 du brouillon' }).waitFor();
    await waitForText(page, 'payments-due', `1${NNBSP}200,00 €`);
    await waitForText(page, 'payments-card', 'Aucun paiement enregistré.');

    // First payment: more than due is refused under the amount, Enter submits.
    await byTest(page, 'payment-record').click();
    let dialog = await waitForDialog(page, 'payment-dialog');
    const amount = byTest(dialog, 'payment-amount').locator('input');
    expect(await amount.inputValue()).toBe('1200,00');
    await amount.fill('1500');
    await amount.press('Enter');
    await dialog
      .locator('.n-form-item-feedback', { hasText: `Au plus le reste à payer : 1${NNBSP}200,00 €.` })
      .waitFor();
    await amount.fill('500,50');
    await byTest(dialog, 'payment-method').click();
    await page.locator('.n-base-select-option', { hasText: 'Chèque' }).click();
    const reference = byTest(dialog, 'payment-reference').locator('input');
    await reference.fill('Chèque n° 1234');
    await reference.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', 'Partiellement payée');
    await waitForText(page, 'payments-done', '500,50 €');
    await waitForText(page, 'payments-due', '699,50 €');
    const first = byTest(page, 'payment-row').first();
    expect(await first.innerText()).toContain('Chèque');
    expect(await first.innerText()).toContain('Chèque n° 1234');
    // The invoice's history says it in words: who, when, what (and the issue before it).
    const history = byTest(page, 'document-history');
    const entry = await waitForText(history, 'history-entry', 'Paiement enregistré');
    const said = await entry.innerText();
    expect(said).toContain('Test Admin');
    expect(said).toContain('Montant réglé');
    expect(said).toContain('500,50 € · ');
    expect(said).toContain('Chèque · Chèque n° 1234');
    expect(said).not.toMatch(/CHEQUE|paidAmount/);
    await waitForText(history, 'history-entry', 'Émission');

    // Second payment: the balance is offered, saved as it is.
    await byTest(page, 'payment-record').click();
    dialog = await waitForDialog(page, 'payment-dialog');
    expect(await byTest(dialog, 'payment-amount').locator('input').inputValue()).toBe('699,50');
    await byTest(dialog, 'payment-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', /^Payée$/);
    await waitForText(page, 'payments-due', '0,00 €');
    expect(await byTest(page, 'payment-row').count()).toBe(2);
    expect(await byTest(page, 'payment-record').count()).toBe(0);
    expect(await byTest(page, 'invoice-paid').count()).toBe(0);

    // The finance tab lists it paid.
    await page.goto(`/companies/${createCompany.id}?tab=finance`);
    await waitForText(page, 'invoice-row-status', /^Payée$/);
    await waitForText(page, 'finance-paid', `1${NNBSP}200,00 €`);

    // A wrong payment deleted (after confirming): due again, partly paid.
    await page.goto(`/invoices/${createInvoice.id}`);
    await waitForText(page, 'invoice-status', /^Payée$/);
    await byTest(page, 'payment-delete').last().click();
    await confirm(page);
    await waitForText(page, 'invoice-status', 'Partiellement payée');
    await waitForText(page, 'payments-due', '699,50 €');
    expect(await byTest(page, 'payment-row').count()).toBe(1);

    // The issued invoice shows the billing address printed on it, not "adresse par défaut".
    expect(await byTest(page, 'document-billing-printed').locator('input').inputValue()).toContain(
      '8 rue du Faubourg, 75008 Paris',
    );
    // "Marquer payée" opens the payment dialog with the balance, rather than paying at once.
    await byTest(page, 'invoice-paid').click();
    dialog = await waitForDialog(page, 'payment-dialog');
    expect(await byTest(dialog, 'payment-amount').locator('input').inputValue()).toBe('699,50');
    await dialog.getByRole('button', { name: 'Annuler', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'invoice-status', 'Partiellement payée');
    // Cancelling a part-paid invoice says the money received is owed back through the credit note.
    await byTest(page, 'invoice-cancel').click();
    await waitForText(page, 'invoice-cancel-confirm', '500,50 € déjà encaissés seront dus au client');
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'Retour' }).click();

    // A plain user records payments, but neither cancels the invoice nor takes a payment back.
    const user = await addUser(session.admin.workspaceId);
    await logout(page);
    await login(page, user.email, user.password);
    await page.goto(`/invoices/${createInvoice.id}`);
    await waitForText(page, 'invoice-status', 'Partiellement payée');
    expect(await byTest(page, 'invoice-cancel').isDisabled()).toBe(true);
    await byTest(page, 'invoice-cancel-locked').hover();
    await page.locator('.n-tooltip', { hasText: 'Seul un administrateur peut annuler une facture émise' }).waitFor();
    expect(await byTest(page, 'payment-delete').isDisabled()).toBe(true);
    expect(await byTest(page, 'payment-record').isDisabled()).toBe(false);
  });

  it('records the refunds of a paid invoice cancelled afterwards until nothing is owed back', async () => {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Remboursée SA',
          mainContact: {
            firstName: 'Rémi',
            lastName: 'Bourse',
            email: 'remi@rembourse.fr',
            phoneDirect: '01 42 68 53 01',
          },
        },
      },
    );
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          companyId: createCompany.id,
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '1000', vatRate: '20' }],
        },
      },
    );
    const id = createInvoice.id;
    await client.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id });
    await client.ok(`mutation($id: ID!) { markInvoicePaid(id: $id) { id } }`, { id });
    const { cancelInvoice } = await client.ok(`mutation($id: ID!) { cancelInvoice(id: $id) { creditNote { id } } }`, {
      id,
    });
    await page.goto(`/companies/${createCompany.id}?tab=finance`);
    await waitForText(page, 'finance-refundDue', `1${NNBSP}200,00 €`);

    await page.goto(`/invoices/${cancelInvoice.creditNote.id}`);
    await waitForText(page, 'refunds-due', `1${NNBSP}200,00 €`);
    await byTest(page, 'refund-record').click();
    let dialog = await waitForDialog(page, 'refund-dialog');
    const amount = byTest(dialog, 'refund-amount').locator('input');
    await amount.fill('200');
    await amount.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'refunds-done', '200,00 €');
    await waitForText(page, 'refunds-due', `1${NNBSP}000,00 €`);

    await byTest(page, 'refund-record').click();
    dialog = await waitForDialog(page, 'refund-dialog');
    await byTest(dialog, 'refund-save').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'refunds-due', '0,00 €');
    expect(await byTest(page, 'refund-row').count()).toBe(2);
    expect(await byTest(page, 'refund-record').count()).toBe(0);

    // Nothing owed back any more: the finance tab's notice is gone, the money received stays.
    await page.goto(`/companies/${createCompany.id}?tab=finance`);
    await waitForText(page, 'finance-paid', `1${NNBSP}200,00 €`);
    expect(await byTest(page, 'finance-refundDue').count()).toBe(0);
  });
});
