import type { Page } from 'playwright-core';
import { byTest, screenshot, waitForText } from './support/browser';
import type { TestClient } from '../server/test/harness';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

/** The list page's rows holding this text (the grid loads asynchronously). */
const listRow = (page: Page, text: string) => byTest(page, 'list-row').filter({ hasText: text });
const trashRow = (page: Page, text: string) => byTest(page, 'trash-row').filter({ hasText: text });

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;

/** A client company and its main contact ("First Last"), created through the API. */
async function createClient(client: TestClient, name: string, contact: string, phoneDirect: string) {
  const [firstName, lastName] = contact.split(' ');
  const email = `${firstName}.${lastName}@example.fr`.toLowerCase();
  const input = { name, city: 'Nantes', mainContact: { firstName, lastName, email, phoneDirect } };
  return (await client.ok<{ createCompany: { id: string } }>(CREATE, { input })).createCompany.id;
}

describe('the trash', () => {
  const session = signedInAdminPerTest();

  it('finds a deleted company with who and when, opens it read-only and restores it into the list', async () => {
    const page = session.page;
    const click = (id: string) => byTest(page, id).click();
    const client = await session.apiClient();
    const id = await createClient(client, 'Atelier Corbeille', 'Léa Poubelle', '02 40 00 00 01');
    await createClient(client, 'Agence Restante', 'Marc Reste', '02 40 00 00 02');

    // Delete the company (and its contact) from its page.
    await page.goto(`/companies/${id}`);
    await waitForText(page, 'page-title', 'Atelier Corbeille');
    await click('company-delete');
    await click('delete-contacts-delete');
    await click('delete-confirm');
    await byTest(page, 'company-deleted').waitFor();

    // Once the page is left, the list no longer shows it: the trash does, with who and when.
    await click('menu-companies');
    await listRow(page, 'Agence Restante').waitFor();
    expect(await listRow(page, 'Atelier Corbeille').count()).toBe(0);
    await click('list-trash');
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
    await click('trash-contacts');
    await page.waitForURL(/\/contacts\/trash$/);
    await waitForText(trashRow(page, 'Léa Poubelle'), 'trash-deleted-by', 'Test Admin');
    await waitForText(page, 'trash-row', 'Atelier Corbeille');
    await byTest(trashRow(page, 'Léa Poubelle'), 'trash-link').click();
    await byTest(page, 'contact-deleted').waitFor();
    await waitForText(page, 'page-title', 'Léa Poubelle');
    await page.goBack();
    await click('trash-companies');
    await page.waitForURL(/\/companies\/trash$/);

    // The record opens from the trash, read-only with its Restore button.
    await byTest(trashRow(page, 'Atelier Corbeille'), 'trash-link').click();
    await page.waitForURL(new RegExp(`/companies/${id}$`));
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
    await click('trash-back');
    await page.waitForURL(/\/companies$/);
    await listRow(page, 'Atelier Corbeille').waitFor();
    const { contacts } = await client.ok<{ contacts: { totalCount: number } }>(
      '{ contacts(deleted: true) { totalCount } }',
    );
    expect(contacts.totalCount).toBe(0);
  });

  it('does not restore a company merged into another: it says where its contacts went', async () => {
    const page = session.page;
    const client = await session.apiClient();
    const keptId = await createClient(client, 'Dupont Événements', 'Jean Dupont', '02 40 00 00 03');
    const mergedId = await createClient(client, 'Dupont Evenements', 'Marie Curie', '02 40 00 00 04');
    await client.ok(`mutation($k: ID!, $m: ID!) { mergeCompanies(keepId: $k, mergeId: $m) { keptId } }`, {
      k: keptId,
      m: mergedId,
    });

    // The kept company's history tells what the merge took over, in words.
    await page.goto(`/companies/${keptId}`);
    await waitForText(page, 'page-title', 'Dupont Événements');
    await byTest(page, 'tab-history').click();
    const merge = byTest(page, 'history-entry').filter({ hasText: 'Fusion' }).first();
    await merge.waitFor();
    const relations = await waitForText(merge, 'history-change', 'Liens repris');
    expect(await relations.innerText()).toMatch(/^Liens repris\s*:\s*1 contact repris$/);
    expect(await merge.innerText()).not.toMatch(/[{}"]|contact_id|—\s*→/);

    // The trash row says where it went, with a link there, and offers no "Restaurer" (the
    // server would refuse: a merge cannot be undone).
    await page.goto('/companies/trash');
    const row = trashRow(page, 'Dupont Evenements');
    await row.waitFor();
    await waitForText(row, 'trash-merged-into', 'Fusionnée dans « Dupont Événements »');
    expect(await byTest(row, 'trash-restore').count()).toBe(0);
    await waitForText(page, 'trash-total', '1 fiche supprimée');
    await screenshot(page, 'trash-03-merged-not-restored');
    await byTest(row, 'trash-merged-link').click();
    await page.waitForURL(new RegExp(`/companies/${keptId}$`));
    await waitForText(page, 'page-title', 'Dupont Événements');
    // The kept company keeps the contact.
    const { company } = await client.ok<{ company: { contacts: { fullName: string }[] } }>(
      'query($id: ID!) { company(id: $id) { contacts { fullName } } }',
      { id: keptId },
    );
    expect(company.contacts.map((c) => c.fullName).sort()).toEqual(['Jean Dupont', 'Marie Curie']);
  });

  it('deletes an activity from the timeline, undoes it from the toast, then restores it from the trash', async () => {
    const page = session.page;
    const client = await session.apiClient();
    const companyId = await createClient(client, 'Traiteur Corbeille', 'Nina Note', '02 40 00 00 05');
    const { settingOptions } = await client.ok<{ settingOptions: { id: string }[] }>(
      '{ settingOptions(list: ACTIVITY_CATEGORY) { id } }',
    );
    await client.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: { kind: 'CALL', companyId, categoryId: settingOptions[0].id, comment: 'Appel à ne pas perdre' },
    });
    const entry = () => byTest(page, 'activity-entry').filter({ hasText: 'Appel à ne pas perdre' });
    const deleteFromTimeline = async () => {
      await byTest(entry(), 'activity-menu').click();
      await page.locator('.n-dropdown-option').filter({ hasText: 'Supprimer' }).first().click();
      // The confirmation says where it goes.
      const dialog = page.locator('.n-dialog').filter({ hasText: 'Mettre cette activité à la corbeille ?' });
      await dialog.filter({ hasText: 'Vous pourrez la restaurer.' }).waitFor();
      await dialog.locator('.n-dialog__action button').filter({ hasText: 'Supprimer' }).click();
      await byTest(page, 'undo-toast').filter({ hasText: 'Activité mise à la corbeille.' }).waitFor();
      await entry().waitFor({ state: 'detached' });
    };

    await page.goto(`/companies/${companyId}?tab=activity`);
    await entry().waitFor();
    await deleteFromTimeline();
    await screenshot(page, 'trash-03-activity-undo-toast');
    // « Annuler » in the toast brings it back at once.
    await byTest(page, 'undo-toast-undo').click();
    await entry().waitFor();

    // Deleted again, and left to the trash: its "Activités" tab lists it, and "Restaurer" brings it back.
    await deleteFromTimeline();
    await page.goto('/companies/trash');
    await byTest(page, 'trash-activities').click();
    await page.waitForURL(/\/activities\/trash$/);
    const row = trashRow(page, 'Appel à ne pas perdre');
    await row.waitFor();
    await waitForText(page, 'trash-total', '1 activité supprimée');
    await waitForText(row, 'trash-deleted-by', 'Test Admin');
    expect(await row.innerText()).toContain('Traiteur Corbeille');
    await screenshot(page, 'trash-04-activities');
    await byTest(row, 'trash-restore').click();
    await byTest(page, 'trash-empty').waitFor();
    await page.goto(`/companies/${companyId}?tab=activity`);
    await entry().waitFor();
  });
});
