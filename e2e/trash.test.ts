import type { Page } from 'playwright-core';
import { byTest, screenshot, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

/** The list page's rows holding this text (the grid loads asynchronously). */
const listRow = (page: Page, text: string) => byTest(page, 'list-row').filter({ hasText: text });
const trashRow = (page: Page, text: string) => byTest(page, 'trash-row').filter({ hasText: text });

describe('the trash', () => {
  const session = signedInAdminPerTest();

  it('finds a deleted company with who and when, opens it read-only and restores it into the list', async () => {
    const page = session.page;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Atelier Corbeille',
          city: 'Nantes',
          mainContact: {
            firstName: 'Léa',
            lastName: 'Poubelle',
            email: 'lea.poubelle@example.fr',
            phoneDirect: '02 40 00 00 01',
          },
        },
      },
    );
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Agence Restante',
        mainContact: { firstName: 'Marc', lastName: 'Reste', email: 'marc@example.fr', phoneDirect: '02 40 00 00 02' },
      },
    });

    // Delete the company (and its contact) from its page.
    await page.goto(`/companies/${createCompany.id}`);
    await waitForText(page, 'page-title', 'Atelier Corbeille');
    await byTest(page, 'company-delete').click();
    await byTest(page, 'delete-company-dialog').waitFor();
    await byTest(page, 'delete-contacts-delete').click();
    await byTest(page, 'delete-confirm').click();
    await byTest(page, 'company-deleted').waitFor();

    // Once the page is left, the list no longer shows it: the trash does, with who and when.
    await byTest(page, 'menu-companies').click();
    await listRow(page, 'Agence Restante').waitFor();
    expect(await listRow(page, 'Atelier Corbeille').count()).toBe(0);
    await byTest(page, 'list-trash').click();
    await page.waitForURL(/\/companies\/trash$/);
    await waitForText(page, 'page-title', 'Corbeille');
    const row = trashRow(page, 'Atelier Corbeille');
    await row.waitFor();
    await waitForText(page, 'trash-total', '1 fiche supprimée');
    expect(await byTest(page, 'trash-row').count()).toBe(1);
    await waitForText(row, 'trash-deleted-by', 'Test Admin');
    const year = String(new Date().getFullYear());
    await waitForText(row, 'trash-deleted-at', year);
    await screenshot(page, 'trash-01-companies');

    // The contact deleted with it is in the contacts' trash.
    await byTest(page, 'trash-contacts').click();
    await page.waitForURL(/\/contacts\/trash$/);
    await waitForText(trashRow(page, 'Léa Poubelle'), 'trash-deleted-by', 'Test Admin');
    await waitForText(page, 'trash-row', 'Atelier Corbeille');
    await byTest(page, 'trash-companies').click();
    await page.waitForURL(/\/companies\/trash$/);

    // The record opens from the trash, read-only with its Restore button.
    await byTest(trashRow(page, 'Atelier Corbeille'), 'trash-link').click();
    await page.waitForURL(new RegExp(`/companies/${createCompany.id}$`));
    await waitForText(page, 'page-title', 'Atelier Corbeille');
    await byTest(page, 'company-deleted').waitFor();
    await byTest(page, 'company-restore').waitFor();
    await page.goBack();
    await page.waitForURL(/\/companies\/trash$/);

    // Restore right from the row: it leaves the trash and is back in the list, with its contact.
    await byTest(trashRow(page, 'Atelier Corbeille'), 'trash-restore').click();
    await byTest(page, 'trash-empty').waitFor();
    await waitForText(page, 'trash-total', 'Aucune fiche supprimée');
    await screenshot(page, 'trash-02-restored');
    await byTest(page, 'trash-back').click();
    await page.waitForURL(/\/companies$/);
    await listRow(page, 'Atelier Corbeille').waitFor();
    const { contacts } = await client.ok<{ contacts: { totalCount: number } }>(
      '{ contacts(deleted: true) { totalCount } }',
    );
    expect(contacts.totalCount).toBe(0);
  });
});
