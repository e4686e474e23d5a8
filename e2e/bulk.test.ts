import type { Locator, Page } from 'playwright-core';
import { byTest, screenshot, waitForText } from './support/browser';
import type { TestClient } from '../server/test/harness';
import { signedInAdminPerTest } from './support/signed-in';
import { seedCompany, tenantSql } from '../server/src/modules/record-list/list-fixtures';

jest.setTimeout(120_000);

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const ADD_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;

/** The list's row of this contact (the grid loads asynchronously). */
const listRow = (page: Page, text: string): Locator => byTest(page, 'list-row').filter({ hasText: text });

/**
 * Waits for the list to show this many rows (a locator's wait, not page.waitForFunction: the
 * app's CSP refuses the eval its string form may need).
 */
async function rowCount(page: Page, n: number): Promise<void> {
  await byTest(page, 'list-row')
    .nth(n - 1)
    .waitFor();
  await byTest(page, 'list-row').nth(n).waitFor({ state: 'detached' });
}

/** One company with these contacts (the first is its main contact), through the API. */
async function createClient(client: TestClient, name: string, people: string[]): Promise<void> {
  const [firstName, lastName] = people[0].split(' ');
  const mainContact = {
    firstName,
    lastName,
    email: `${lastName.toLowerCase()}@example.fr`,
    phoneDirect: '02 40 00 00 01',
  };
  const { createCompany } = await client.ok(CREATE, { input: { name, city: 'Nantes', mainContact } });
  for (const person of people.slice(1)) {
    const [first, last] = person.split(' ');
    await client.ok(ADD_CONTACT, { input: { companyId: createCompany.id, firstName: first, lastName: last } });
  }
}

describe('bulk actions on the contact list', () => {
  const session = signedInAdminPerTest();

  it('sets the progress state of 3 selected contacts, then deletes 2 into the trash', async () => {
    const page = session.page;
    const client = await session.apiClient();
    await createClient(client, 'Atelier Groupé', ['Alice Lot', 'Bruno Lot', 'Chloé Lot', 'Denis Reste']);

    await page.goto('/contacts');
    await waitForText(page, 'list-total', '4 résultats');
    // No bar until something is selected.
    expect(await byTest(page, 'bulk-bar').count()).toBe(0);

    // Select with the keyboard as well as the mouse: Space on a focused checkbox toggles it.
    await byTest(listRow(page, 'Alice Lot'), 'row-select').click();
    await byTest(listRow(page, 'Bruno Lot'), 'row-select').click();
    await byTest(listRow(page, 'Chloé Lot'), 'row-select').focus();
    await page.keyboard.press('Space');
    await waitForText(page, 'bulk-count', '3 sélectionnés');

    // "Modifier…": no field preselected, Apply waits for a field and a value (an empty value
    // never clears by itself), then asks, naming the field, the value and the count.
    await byTest(page, 'bulk-edit').click();
    const apply = byTest(page, 'bulk-edit-apply');
    expect(await apply.isDisabled()).toBe(true);
    await byTest(page, 'bulk-edit-field').click();
    await page.locator('.n-base-select-option').filter({ hasText: "État d'avancement" }).first().click();
    expect(await apply.isDisabled()).toBe(true);
    await byTest(page, 'bulk-edit-value').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Négociation' }).first().click();
    await screenshot(page, 'bulk-01-edit-dialog');
    await apply.click();
    await waitForText(page, 'bulk-confirm-text', "Mettre l'état d'avancement à « Négociation » pour 3 contacts ?");
    await byTest(page, 'bulk-confirm-apply').click();

    await page.locator('.n-message').filter({ hasText: '3 contacts modifiés' }).waitFor();
    for (const name of ['Alice Lot', 'Bruno Lot', 'Chloé Lot'])
      await listRow(page, name).filter({ hasText: 'Négociation' }).waitFor();
    expect(await listRow(page, 'Denis Reste').filter({ hasText: 'Négociation' }).count()).toBe(0);
    // The selection is gone with its bar.
    await byTest(page, 'bulk-bar').waitFor({ state: 'detached' });
    expect(await page.locator('[data-test="row-select"].n-checkbox--checked').count()).toBe(0);
    await screenshot(page, 'bulk-02-updated');

    // Clearing is an explicit choice, confirmed too.
    await byTest(listRow(page, 'Chloé Lot'), 'row-select').click();
    await byTest(page, 'bulk-edit').click();
    await byTest(page, 'bulk-edit-field').click();
    await page.locator('.n-base-select-option').filter({ hasText: "État d'avancement" }).first().click();
    await byTest(page, 'bulk-edit-clear').click();
    await apply.click();
    await waitForText(page, 'bulk-confirm-text', "Effacer l'état d'avancement de 1 contact ?");
    await byTest(page, 'bulk-confirm-apply').click();
    await page.locator('.n-message').filter({ hasText: '1 contact modifié' }).waitFor();
    await byTest(page, 'bulk-bar').waitFor({ state: 'detached' });
    await listRow(page, 'Chloé Lot').filter({ hasText: 'Négociation' }).waitFor({ state: 'detached' });
    await listRow(page, 'Alice Lot').filter({ hasText: 'Négociation' }).waitFor();

    // Delete two of them, after a confirmation naming the count.
    await byTest(listRow(page, 'Alice Lot'), 'row-select').click();
    await byTest(listRow(page, 'Bruno Lot'), 'row-select').click();
    await byTest(page, 'bulk-delete').click();
    await waitForText(page, 'bulk-delete-text', 'Supprimer 2 contacts ?');
    await byTest(page, 'bulk-delete-confirm').click();
    await page.locator('.n-message').filter({ hasText: '2 contacts supprimés' }).waitFor();
    await waitForText(page, 'list-total', '2 résultats');
    expect(await listRow(page, 'Alice Lot').count()).toBe(0);
    expect(await listRow(page, 'Bruno Lot').count()).toBe(0);
    await listRow(page, 'Chloé Lot').waitFor();

    // They are in the trash.
    await byTest(page, 'list-trash').click();
    await page.waitForURL(/\/contacts\/trash$/);
    await byTest(page, 'trash-row').filter({ hasText: 'Alice Lot' }).waitFor();
    await byTest(page, 'trash-row').filter({ hasText: 'Bruno Lot' }).waitFor();
    expect(await byTest(page, 'trash-row').count()).toBe(2);
    await screenshot(page, 'bulk-03-trash');
  });

  it('selects the page from the header; a refusal names the record and changes nothing', async () => {
    const page = session.page;
    const client = await session.apiClient();
    await createClient(client, 'Maison Partagée', ['Emma Vue', 'Félix Vue']);

    await page.goto('/contacts');
    await waitForText(page, 'list-total', '2 résultats');
    await byTest(page, 'select-page').click();
    await waitForText(page, 'bulk-count', '2 sélectionnés');

    // A colleague deletes one of them meanwhile: deactivating the selection is refused as a
    // whole, naming it.
    const { contacts } = await client.ok('{ contacts(first: 10) { edges { node { id fullName } } } }');
    const emma = contacts.edges.find((e: { node: { fullName: string } }) => e.node.fullName === 'Emma Vue').node.id;
    await client.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: emma });
    await byTest(page, 'bulk-deactivate').click();
    await waitForText(page, 'bulk-error', 'Emma Vue');
    await waitForText(page, 'bulk-error', 'Rien n’a été modifié');
    await screenshot(page, 'bulk-04-refused');
    // The dialogs list a refusal too, in place of the bar's list; closing one brings the bar's back.
    await byTest(page, 'bulk-edit').click();
    await byTest(page, 'bulk-edit-field').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Situation' }).first().click();
    await byTest(page, 'bulk-edit-clear').click();
    await byTest(page, 'bulk-edit-apply').click();
    await waitForText(page, 'bulk-confirm-text', 'Effacer la situation de 2 contacts ?');
    await byTest(page, 'bulk-confirm-apply').click();
    await waitForText(page, 'bulk-error', 'Emma Vue');
    expect(await byTest(page, 'bulk-error').count()).toBe(1);
    await byTest(page, 'bulk-confirm-cancel').click();
    await byTest(page, 'bulk-confirm-cancel').waitFor({ state: 'hidden' });
    await waitForText(page, 'bulk-error', 'Emma Vue');
    expect(await byTest(page, 'bulk-error').count()).toBe(1);
    await byTest(page, 'bulk-edit-cancel').click();
    await byTest(page, 'bulk-edit-cancel').waitFor({ state: 'hidden' });
    await waitForText(page, 'bulk-error', 'Emma Vue');
    await byTest(page, 'bulk-delete').click();
    await byTest(page, 'bulk-delete-confirm').click();
    await waitForText(page, 'bulk-error', 'Emma Vue');
    expect(await byTest(page, 'bulk-error').count()).toBe(1);
    await byTest(page, 'bulk-delete-cancel').click();
    await byTest(page, 'bulk-delete-cancel').waitFor({ state: 'hidden' });
    await waitForText(page, 'bulk-error', 'Emma Vue');
    // Félix was not deactivated: still in the list (inactive contacts leave it).
    await page.reload();
    await waitForText(page, 'list-total', '1 résultat');
    await listRow(page, 'Félix Vue').waitFor();

    // "Annuler la sélection" takes the bar away.
    await byTest(listRow(page, 'Félix Vue'), 'row-select').click();
    await waitForText(page, 'bulk-count', '1 sélectionné');
    await byTest(page, 'bulk-clear').click();
    await byTest(page, 'bulk-bar').waitFor({ state: 'detached' });
  });

  it('sets the company type of selected companies and deactivates them (no bulk deletion there)', async () => {
    const page = session.page;
    const client = await session.apiClient();
    await createClient(client, 'Traiteur Alpha', ['Gaëlle Alpha']);
    await createClient(client, 'Traiteur Bêta', ['Hugo Beta']);
    await createClient(client, 'Salle Gamma', ['Inès Gamma']);

    await page.goto('/companies');
    await waitForText(page, 'list-total', '3 résultats');
    await byTest(listRow(page, 'Traiteur Alpha'), 'row-select').click();
    await byTest(listRow(page, 'Traiteur Bêta'), 'row-select').click();
    await waitForText(page, 'bulk-count', '2 sélectionnés');
    // Deleting a company asks what becomes of its contacts: one at a time, from its page.
    expect(await byTest(page, 'bulk-delete').count()).toBe(0);

    await byTest(page, 'bulk-edit').click();
    await byTest(page, 'bulk-edit-field').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Type de société' }).first().click();
    await byTest(page, 'bulk-edit-value').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Agence' }).first().click();
    await byTest(page, 'bulk-edit-apply').click();
    await waitForText(page, 'bulk-confirm-text', 'Mettre le type de société à « Agence » pour 2 sociétés ?');
    await byTest(page, 'bulk-confirm-apply').click();
    await page.locator('.n-message').filter({ hasText: '2 sociétés modifiées' }).waitFor();
    await listRow(page, 'Traiteur Alpha').filter({ hasText: 'Agence' }).waitFor();
    await listRow(page, 'Traiteur Bêta').filter({ hasText: 'Agence' }).waitFor();
    expect(await listRow(page, 'Salle Gamma').filter({ hasText: 'Agence' }).count()).toBe(0);

    // Inactive companies leave the list (unless a filter asks for them).
    await byTest(listRow(page, 'Traiteur Alpha'), 'row-select').click();
    await byTest(page, 'bulk-deactivate').click();
    await page.locator('.n-message').filter({ hasText: '1 société modifiée' }).waitFor();
    await waitForText(page, 'list-total', '2 résultats');
    expect(await listRow(page, 'Traiteur Alpha').count()).toBe(0);

    // …which the list says, with the way back to them: the inactive ones, kept in the URL.
    await waitForText(page, 'deactivated-hidden', 'La fiche désactivée est masquée de la liste.');
    await byTest(page, 'show-inactive').click();
    await page.waitForURL(/[?&]active=inactive/);
    await waitForText(page, 'list-total', '1 résultat');
    await listRow(page, 'Traiteur Alpha').waitFor();
    expect(await byTest(page, 'deactivated-hidden').count()).toBe(0);
    await page.reload();
    await listRow(page, 'Traiteur Alpha').waitFor();
    await waitForText(page, 'list-total', '1 résultat');
    // "Tous": active and inactive together.
    await byTest(page, 'list-activity').getByText('Tous').click();
    await waitForText(page, 'list-total', '3 résultats');
    await page.waitForURL(/[?&]active=all/);
  });

  it('offers every result of the filter after the whole page, and says the real count before acting', async () => {
    const page = session.page;
    const { workspaceId } = session.admin;
    const sql = tenantSql(session.dataSource, workspaceId);
    // 1 234 contacts named "Masse…" (at once in SQL), and 2 the filter leaves out.
    const { companyId } = await seedCompany(session.dataSource, workspaceId, { name: 'Grande Maison' });
    await sql(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name)
       SELECT $1, $2, 'Invité', 'Masse ' || lpad(g::text, 4, '0') FROM generate_series(1, 1234) g`,
      [workspaceId, companyId],
    );
    await seedCompany(session.dataSource, workspaceId, {
      name: 'Petite Maison',
      contact: { firstName: 'Jeanne', lastName: 'Hors' },
      extraContacts: [{ firstName: 'Karl', lastName: 'Dehors' }],
    });
    const filter = Buffer.from(JSON.stringify(['a', ['name', 'CONTAINS', 'Masse']])).toString('base64url');
    await page.goto(`/contacts?size=20&filter=${filter}`);
    await waitForText(page, 'list-total', /1\s234 résultats/);

    // A few rows: no offer. The whole page: the offer, with the number of results.
    await byTest(listRow(page, 'Masse 0001'), 'row-select').click();
    await waitForText(page, 'bulk-count', '1 sélectionné');
    expect(await byTest(page, 'bulk-select-all').count()).toBe(0);
    await byTest(page, 'select-page').click();
    await waitForText(page, 'bulk-count', '20 sélectionnés');
    await waitForText(page, 'bulk-page-selected', 'Les 20 fiches de la page sont sélectionnées.');
    await waitForText(page, 'bulk-select-all', /Sélectionner les 1\s234 résultats/);
    await byTest(page, 'bulk-select-all').click();
    await waitForText(page, 'bulk-count', /Les 1\s234 résultats sont sélectionnés/);
    await screenshot(page, 'bulk-05-all-selected');

    // Deactivating them asks first, with the real count; cancelling changes nothing.
    await byTest(page, 'bulk-deactivate').click();
    await waitForText(page, 'bulk-confirm-text', /Désactiver 1\s234 contacts \?/);
    await screenshot(page, 'bulk-06-confirm-all');
    await byTest(page, 'bulk-confirm-cancel').click();
    await byTest(page, 'bulk-confirm-cancel').waitFor({ state: 'hidden' });
    // The dialogs say it too.
    await byTest(page, 'bulk-delete').click();
    await waitForText(page, 'bulk-delete-text', /Supprimer 1\s234 contacts \?/);
    await byTest(page, 'bulk-delete-cancel').click();
    await byTest(page, 'bulk-delete-cancel').waitFor({ state: 'hidden' });
    // Unticking a row goes back to the selected rows.
    await byTest(listRow(page, 'Masse 0001'), 'row-select').click();
    await waitForText(page, 'bulk-count', '19 sélectionnés');
    await byTest(page, 'select-page').click();
    await byTest(page, 'bulk-select-all').click();
    await waitForText(page, 'bulk-count', /Les 1\s234 résultats sont sélectionnés/);
    const active = async () =>
      (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM contact WHERE active AND last_name LIKE 'Masse%'`))[0]
        .n;
    expect(await active()).toBe(1234);

    await byTest(page, 'bulk-deactivate').click();
    await byTest(page, 'bulk-confirm-apply').click();
    await page
      .locator('.n-message')
      .filter({ hasText: /1\s234 contacts modifiés/ })
      .waitFor();
    await waitForText(page, 'list-total', 'Aucun résultat');
    expect(await active()).toBe(0);
    // Only the filter's results: the others are still active.
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM contact WHERE active`);
    expect(n).toBe(2);

    // The whole list on one page: nothing more to offer.
    await page.goto('/contacts?size=20');
    await waitForText(page, 'list-total', '2 résultats');
    await byTest(page, 'select-page').click();
    await waitForText(page, 'bulk-count', '2 sélectionnés');
    expect(await byTest(page, 'bulk-select-all').count()).toBe(0);
  });

  it('goes back to the first page after an action run from page 2 took its rows out of the list', async () => {
    const page = session.page;
    const { workspaceId } = session.admin;
    const sql = tenantSql(session.dataSource, workspaceId);
    const { companyId } = await seedCompany(session.dataSource, workspaceId, { name: 'Maison Paginée' });
    await sql(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name)
       SELECT $1, $2, 'Invité', 'Page ' || lpad(g::text, 2, '0') FROM generate_series(1, 25) g`,
      [workspaceId, companyId],
    );
    await page.goto('/contacts?size=20');
    await waitForText(page, 'list-total', '25 résultats');
    await byTest(page, 'page-next').click();
    await waitForText(page, 'page-number', 'Page 2 / 2');
    await rowCount(page, 5);

    // The whole of page 2 deleted: the list shows its first page again, not an empty page 2.
    await byTest(page, 'select-page').click();
    await waitForText(page, 'bulk-count', '5 sélectionnés');
    await byTest(page, 'bulk-delete').click();
    await byTest(page, 'bulk-delete-confirm').click();
    await page.locator('.n-message').filter({ hasText: '5 contacts supprimés' }).waitFor();
    await waitForText(page, 'list-total', '20 résultats');
    await waitForText(page, 'page-number', 'Page 1 / 1');
    await rowCount(page, 20);
    expect(page.url()).not.toContain('after=');
    await screenshot(page, 'bulk-07-after-page-2');
  });

  it('shows the rows of the other pages ticked while every result is selected', async () => {
    const page = session.page;
    const { workspaceId } = session.admin;
    const sql = tenantSql(session.dataSource, workspaceId);
    const { companyId } = await seedCompany(session.dataSource, workspaceId, { name: 'Maison Cochée' });
    await sql(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name)
       SELECT $1, $2, 'Invité', 'Coche ' || lpad(g::text, 2, '0') FROM generate_series(1, 25) g`,
      [workspaceId, companyId],
    );
    await page.goto('/contacts?size=20');
    await waitForText(page, 'list-total', '25 résultats');
    await byTest(page, 'select-page').click();
    await byTest(page, 'bulk-select-all').click();
    await waitForText(page, 'bulk-count', 'Les 25 résultats sont sélectionnés');
    await byTest(page, 'page-next').click();
    await waitForText(page, 'page-number', 'Page 2 / 2');
    await rowCount(page, 5);
    const ticked = page.locator('[data-test="row-select"].n-checkbox--checked');
    await ticked.nth(4).waitFor();
    expect(await ticked.count()).toBe(5);
    expect(await page.locator('[data-test="select-page"].n-checkbox--checked').count()).toBe(1);
    await screenshot(page, 'bulk-08-all-selected-page-2');

    // Unticking one of them goes back to the rows ticked one by one (those of page 1).
    await byTest(page, 'row-select').first().click();
    await waitForText(page, 'bulk-count', '20 sélectionnés');
    expect(await page.locator('[data-test="row-select"].n-checkbox--checked').count()).toBe(0);
  });
});
