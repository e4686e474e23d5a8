import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  TestClient,
  addUser,
  createWorkspaceWithAdmin,
  startTestApi,
  type TestWorkspace,
} from '../server/test/harness';
import { byTest, launchBrowser, openPage, screenshot, signIn, waitForText } from './support/browser';

jest.setTimeout(120_000);

/** The API's field error for a wrong password, shown under the password field. */
const WRONG_PASSWORD = 'Mot de passe incorrect : saisissez le mot de passe de votre compte.';

/** The contact page's GDPR menu: export (downloads) and erasure behind the admin's password. */
describe('GDPR menu of the contact page', () => {
  let api: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;
  let contactId: string;

  beforeAll(async () => {
    api = await startTestApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  beforeEach(async () => {
    ({ context, page } = await openPage(browser, api.url));
    admin = await createWorkspaceWithAdmin();
    const client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    const r = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { mainContact { id } } }`,
      {
        input: {
          name: 'Rgpd Navigateur SA',
          mainContact: { firstName: 'Odile', lastName: 'Privée', email: 'odile@prive.fr', phoneDirect: '0142685300' },
        },
      },
    );
    contactId = r.createCompany.mainContact.id;
    const witness = await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { firstName: 'Témoin', lastName: 'Supprimé', newCompany: { name: 'Témoin SARL' } },
    });
    await client.ok(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: witness.createContact.id });
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  it('exports the person’s data, then erases the person, each after a wrong and a right password', async () => {
    await signIn(page, admin.email, admin.password);
    await page.goto(`${api.url}/contacts/${contactId}`);
    await waitForText(page, 'page-title', 'Odile Privée');

    // Export: the password is asked first, a wrong one is refused; then the JSON file
    // downloads and the dialog lists both files.
    await byTest(page, 'gdpr-menu').click();
    await byTest(page, 'gdpr-export').click();
    await waitForText(page, 'gdpr-export-password-dialog', 'Odile Privée');
    await byTest(page, 'gdpr-password').fill('not-the-password');
    await byTest(page, 'gdpr-export-confirm').click();
    await waitForText(page, 'error-gdpr-password', WRONG_PASSWORD);
    expect(await byTest(page, 'gdpr-file').count()).toBe(0);
    await byTest(page, 'gdpr-password').fill(admin.password);
    const download = page.waitForEvent('download');
    await byTest(page, 'gdpr-export-confirm').click();
    expect((await download).suggestedFilename()).toMatch(/^rgpd-privee-odile-\d{4}-\d{2}-\d{2}\.json$/);
    await byTest(page, 'gdpr-export-password-dialog').waitFor({ state: 'detached' });
    const files = byTest(page, 'gdpr-file');
    await files.nth(1).waitFor();
    expect(await files.allTextContents()).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.xlsx$/)]);
    // The footer's button (the header's × is named « Fermer » too, but has no text).
    await byTest(page, 'gdpr-export-dialog')
      .getByRole('button', { name: 'Fermer' })
      .filter({ hasText: 'Fermer' })
      .click();

    // Erasure: a wrong password is refused and changes nothing.
    await byTest(page, 'gdpr-menu').click();
    await byTest(page, 'gdpr-erase').click();
    await waitForText(page, 'gdpr-erase-dialog', 'Odile Privée');
    // The merge family goes with it: said before the password is typed.
    await waitForText(page, 'gdpr-erase-dialog', 'la fiche conservée et tous les doublons fusionnés dedans');
    await byTest(page, 'gdpr-password').fill('not-the-password');
    await byTest(page, 'gdpr-erase-confirm').click();
    await waitForText(page, 'error-gdpr-password', WRONG_PASSWORD);
    await byTest(page, 'gdpr-password').fill(admin.password);
    await byTest(page, 'gdpr-erase-confirm').click();
    await byTest(page, 'gdpr-erase-dialog').waitFor({ state: 'detached' });
    await waitForText(page, 'page-title', 'Personne effacée');
    await waitForText(page, 'contact-status', 'Inactif');
    // The form shows the erased record, not the values typed before (saving must not bring them back).
    expect(await byTest(page, 'contact-first-name').inputValue()).toBe('');
    expect(await byTest(page, 'contact-last-name').inputValue()).toBe('Personne effacée');
    expect(await byTest(page, 'contact-email').inputValue()).toBe('');
    expect(await byTest(page, 'contact-phone-direct').inputValue()).toBe('');
    // Read-only from then on: said so with the date, no save, merge or GDPR action to offer.
    await waitForText(page, 'contact-erased', /Personne effacée le .+ \(RGPD\)/);
    expect(await byTest(page, 'contact-first-name').isDisabled()).toBe(true);
    for (const action of ['contact-save', 'contact-save-bottom', 'contact-merge', 'gdpr-menu', 'contact-active-toggle'])
      expect(await byTest(page, action).count()).toBe(0);
    // Nothing can be added to it either: no activity form, e-mail composer, upload or edit on the timeline.
    await byTest(page, 'activity-timeline').waitFor();
    await byTest(page, 'documents-panel').waitFor();
    for (const entry of ['activity-form', 'activity-send-email', 'documents-drop', 'documents-input'])
      expect(await byTest(page, entry).count()).toBe(0);
    await screenshot(page, 'gdpr-erased-read-only');
    // The same on a later visit.
    await page.reload();
    await waitForText(page, 'contact-erased', /Personne effacée le .+ \(RGPD\)/);
    expect(await byTest(page, 'contact-save').count()).toBe(0);
    expect(await byTest(page, 'activity-send-email').count()).toBe(0);

    // It can go to the trash, never come back: no restore on its page nor in the trash, whose row says
    // why (the API refuses a restore too: gdpr-erased-readonly.test.ts).
    await byTest(page, 'contact-delete').click();
    const yes = page.getByRole('button', { name: 'Confirmer' });
    await yes.click();
    await yes.waitFor({ state: 'detached' });
    await waitForText(page, 'contact-status', 'Supprimé');
    expect(await byTest(page, 'contact-restore').count()).toBe(0);
    await page.goto(`${api.url}/contacts/trash`);
    const row = byTest(page, 'trash-row').filter({ hasText: 'Personne effacée' });
    await waitForText(row, 'trash-erased', 'Effacé (RGPD)');
    expect(await byTest(row, 'trash-restore').count()).toBe(0);
    // Another deleted contact of the same trash still offers it.
    await byTest(byTest(page, 'trash-row').filter({ hasText: 'Témoin Supprimé' }), 'trash-restore').waitFor();
  });

  it('shows no GDPR menu to a user who is not an admin', async () => {
    const user = await addUser(admin.workspaceId);
    await signIn(page, user.email, user.password);
    await page.goto(`${api.url}/contacts/${contactId}`);
    await waitForText(page, 'page-title', 'Odile Privée');
    await byTest(page, 'contact-merge').waitFor();
    expect(await byTest(page, 'gdpr-menu').count()).toBe(0);
  });
});
