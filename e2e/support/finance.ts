import type { Locator, Page } from 'playwright-core';
import { byTest, waitForDialog } from './browser';

/** Issues the open draft through the "Émettre" dialog and waits for it to close. */
export async function issueViaDialog(page: Page): Promise<void> {
  await byTest(page, 'invoice-issue').click();
  const dialog = await waitForDialog(page, 'issue-dialog');
  await byTest(dialog, 'issue-ok').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Picks a VAT rate ("5,5") in the select of one line. */
export async function pickVat(page: Page, row: Locator, rate: string): Promise<void> {
  await byTest(row, 'line-vatRate').click();
  await page
    .locator('.n-base-select-option:visible')
    .filter({ hasText: new RegExp(`^${rate.replace('.', '\\.')} %$`) })
    .click();
}

/** « Facturer » on a quote's page, then one of its choices (full, deposit or balance). */
export async function invoiceQuote(page: Page, kind: 'full' | 'deposit' | 'balance'): Promise<void> {
  await byTest(page, 'quote-to-invoice').click();
  await byTest(page, `quote-invoice-${kind}`).click();
}
