import { seedCompany } from '../server/src/modules/record-list/list-fixtures';
import { assertWebClientBuilt, byTest, screenshot, waitForText } from './support/browser';
import { signedInAdminPerFile } from './support/signed-in';

jest.setTimeout(120_000);

/** Deleting a custom field that saved views use: said before, and when such a view is opened. */
describe('custom fields × saved views', () => {
  beforeAll(() => assertWebClientBuilt());
  const session = signedInAdminPerFile(async ({ admin, dataSource }) => {
    for (let i = 0; i < 4; i++)
      await seedCompany(dataSource, admin.workspaceId, { name: `${i < 2 ? 'Agence' : 'Traiteur'} ${i}`, city: 'Lyon' });
  });

  it('lists the views using a field in its delete confirmation, and a view filtering on it says the condition is refused', async () => {
    const { page } = session;
    const client = await session.apiClient();
    await client.ok(
      'mutation { createCustomField(input: { recordKind: COMPANY, key: "saison", labelFr: "Saison", type: TEXT }) { id } }',
    );
    const { createListView: view } = await client.ok(
      `mutation($input: ListViewInput!) { createListView(list: COMPANIES, input: $input) { id } }`,
      {
        input: {
          name: 'Été',
          shared: true,
          columns: ['name', 'city'],
          filter: {
            and: [
              { column: 'name', op: 'CONTAINS', value: 'agence' },
              { column: 'custom.saison', op: 'EMPTY' },
            ],
          },
        },
      },
    );
    await page.goto(`/companies?view=${view.id}`);
    await waitForText(page, 'list-total', '2 résultats');

    // The delete confirmation names the view (and whose it is).
    await page.goto('/settings/custom-fields');
    const row = byTest(page, 'cf-row').filter({ hasText: 'Saison' });
    await row.waitFor();
    await byTest(row, 'cf-delete').click();
    const views = await waitForText(page, 'cf-delete-views', '« Été » (Test Admin)');
    expect(await views.innerText()).toContain('sera refusé à l’ouverture');
    await screenshot(page, 'custom field delete - views using it');
    await page.locator('.n-popconfirm__action button').last().click();
    await page.getByText('Champ supprimé.').waitFor();

    // Opened again, the view does not quietly show every company: its filter is refused,
    // naming the condition on the deleted field, and no rows are offered to act on.
    await page.goto(`/companies?view=${view.id}`);
    const refused = await waitForText(page, 'filter-refused', 'Le filtre de la liste est refusé.');
    expect(await byTest(refused, 'filter-refused-line').allInnerTexts()).toEqual([
      "« custom.saison » : La colonne custom.saison n'existe plus : le champ personnalisé a été supprimé.",
    ]);
    await screenshot(page, 'saved view - deleted field refused');
    expect(await byTest(page, 'list-row').count()).toBe(0);
    expect(await byTest(page, 'filter-chip').count()).toBe(2);
    // Removing the refused condition's chip gives the rest of the view's filter.
    await byTest(page, 'filter-chip').filter({ hasText: 'custom.saison' }).locator('.n-tag__close').click();
    await waitForText(page, 'list-total', '2 résultats');
    await byTest(page, 'filter-refused').waitFor({ state: 'detached' });
  });
});
