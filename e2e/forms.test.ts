import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, waitForText, waitForValue } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

/** Counts the GraphQL requests of the page that run this mutation. */
function countMutations(page: Page, mutation: string): { readonly count: number } {
  const seen = { count: 0 };
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/graphql') && (req.postData() ?? '').includes(mutation))
      seen.count++;
  });
  return seen;
}

/** No red message anywhere: no error toast, no field message, no alert. */
async function expectNoError(page: Page): Promise<void> {
  expect(await page.locator('.n-message--error-type').count()).toBe(0);
  expect(await page.locator('.n-form-item-feedback--error').count()).toBe(0);
  expect(await page.getByText(/existe déjà/).count()).toBe(0);
}

describe('a double click on a submit button sends the form once', () => {
  const ctx = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  it('adds one activity', async () => {
    const { page } = ctx;
    const client = await ctx.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Double Clic SARL',
          mainContact: { firstName: 'Lou', lastName: 'Vif', email: 'lou@vif.test', phoneDirect: '0472000002' },
        },
      },
    );
    const contactId = createCompany.mainContact.id as string;
    const sent = countMutations(page, 'createActivity');
    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'activity-panel', 'Activité avec le client');
    await byTest(page, 'activity-category').first().click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Prospection' }).first().click();
    await byTest(page, 'activity-comment').fill('Appelé deux fois ?');
    await byTest(page, 'activity-add').dblclick();
    await page.getByText('Activité ajoutée.').first().waitFor({ state: 'visible' });
    await waitForText(page, 'activity-entry', 'Appelé deux fois ?');

    const { activities } = await client.ok('query($id: ID) { activities(contactId: $id) { totalCount } }', {
      id: contactId,
    });
    expect(activities.totalCount).toBe(1);
    expect(sent.count).toBe(1);
    expect(await byTest(page, 'activity-entry').filter({ hasText: 'Appelé deux fois ?' }).count()).toBe(1);
    await expectNoError(page);
  });

  it('creates one API key', async () => {
    const { page } = ctx;
    const sent = countMutations(page, 'createApiKey');
    await page.goto('/settings');
    await byTest(page, 'api-key-name').fill('Intégration');
    await byTest(page, 'api-key-create').dblclick();
    await byTest(page, 'api-key-secret-dialog').waitFor({ state: 'visible' });

    const client = await ctx.apiClient();
    const { apiKeys } = await client.ok('{ apiKeys { id name } }');
    expect(apiKeys).toHaveLength(1);
    expect(sent.count).toBe(1);
    await expectNoError(page);
  });

  it('saves one e-mail template, without an "already exists" error', async () => {
    const { page } = ctx;
    const sent = countMutations(page, 'createEmailTemplate');
    await page.goto('/settings/email-templates');
    await byTest(page, 'template-name').fill('Relance devis');
    await byTest(page, 'template-subject').fill('Votre devis');
    await byTest(page, 'template-body').fill('Bonjour, avez-vous pu lire notre devis ?');
    await byTest(page, 'template-save').dblclick();
    await page.getByText('Modèle enregistré.').first().waitFor({ state: 'visible' });
    await waitForText(page, 'email-template-row', 'Relance devis');

    const client = await ctx.apiClient();
    const { emailTemplates } = await client.ok('{ emailTemplates { id } }');
    expect(emailTemplates).toHaveLength(1);
    expect(sent.count).toBe(1);
    expect(await page.getByText('Modèle enregistré.').count()).toBe(1);
    await expectNoError(page);
  });
});

describe('unsaved edits are not lost without a warning', () => {
  const ctx = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  async function newCompany(): Promise<{ companyId: string; contactId: string }> {
    const client = await ctx.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Garde-Fou Événements',
          city: 'Lyon',
          postalCode: '69002',
          mainContact: { firstName: 'Inès', lastName: 'Garde', email: 'ines@garde.test', phoneDirect: '0472000003' },
        },
      },
    );
    return { companyId: createCompany.id, contactId: createCompany.mainContact.id };
  }

  const leaveDialog = (page: Page) => page.locator('.n-dialog').filter({ hasText: 'Quitter sans enregistrer ?' });

  it("company 'Général': another menu entry asks first; Rester keeps the edit, Quitter leaves", async () => {
    const { page } = ctx;
    const { companyId } = await newCompany();
    await page.goto(`/companies/${companyId}`);
    const city = byTest(page, 'company-city');
    await city.waitFor({ state: 'visible' });
    expect(await city.inputValue()).toBe('Lyon');

    // Nothing changed: no question.
    await byTest(page, 'menu-contacts').click();
    await page.waitForURL(/\/contacts$/);
    await page.goBack();
    await city.waitFor({ state: 'visible' });

    await city.fill('Villeurbanne');
    await byTest(page, 'menu-contacts').click();
    await leaveDialog(page).waitFor({ state: 'visible' });
    await leaveDialog(page).getByRole('button', { name: 'Rester' }).click();
    await leaveDialog(page).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/companies/${companyId}`);
    expect(await city.inputValue()).toBe('Villeurbanne');

    // Another tab of the record would drop the edit too.
    await byTest(page, 'tab-contacts').click();
    await leaveDialog(page).waitFor({ state: 'visible' });
    await leaveDialog(page).getByRole('button', { name: 'Rester' }).click();
    expect(await city.inputValue()).toBe('Villeurbanne');

    await byTest(page, 'menu-contacts').click();
    await leaveDialog(page).getByRole('button', { name: 'Quitter' }).click();
    await page.waitForURL(/\/contacts$/);
    const client = await ctx.apiClient();
    const { company } = await client.ok('query($id: ID!) { company(id: $id) { city } }', { id: companyId });
    expect(company.city).toBe('Lyon');
  });

  it('the contact page asks too, and a reload gets the browser prompt; a save ends the question', async () => {
    const { page } = ctx;
    const { contactId } = await newCompany();
    await page.goto(`/contacts/${contactId}`);
    const position = byTest(page, 'contact-position');
    await position.waitFor({ state: 'visible' });
    await position.fill('Directrice');

    await byTest(page, 'menu-companies').click();
    await leaveDialog(page).waitFor({ state: 'visible' });
    await leaveDialog(page).getByRole('button', { name: 'Rester' }).click();
    expect(new URL(page.url()).pathname).toBe(`/contacts/${contactId}`);

    // A reload asks through the browser's beforeunload prompt.
    const prompted = new Promise<string>((resolve) => {
      page.once('dialog', (d) => {
        resolve(d.type());
        void d.dismiss();
      });
    });
    void page.reload().catch(() => undefined);
    expect(await prompted).toBe('beforeunload');
    expect(await position.inputValue()).toBe('Directrice');

    await byTest(page, 'contact-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor({ state: 'visible' });
    await byTest(page, 'menu-companies').click();
    await page.waitForURL(/\/companies$/);
    expect(await leaveDialog(page).count()).toBe(0);
  });

  it('the inline form of « Activité avec le client » asks before a typed comment is dropped', async () => {
    const { page } = ctx;
    const { companyId, contactId } = await newCompany();
    await page.goto(`/companies/${companyId}?tab=activity`);
    const comment = byTest(page, 'activity-comment');
    await comment.waitFor({ state: 'visible' });
    await comment.fill('Rappeler pour le devis');
    await byTest(page, 'menu-contacts').click();
    await leaveDialog(page).waitFor({ state: 'visible' });
    await leaveDialog(page).getByRole('button', { name: 'Rester' }).click();
    await leaveDialog(page).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe(`/companies/${companyId}`);
    expect(await comment.inputValue()).toBe('Rappeler pour le devis');
    await byTest(page, 'menu-contacts').click();
    await leaveDialog(page).getByRole('button', { name: 'Quitter' }).click();
    await page.waitForURL(/\/contacts$/);

    // The contact page's form too; with the contact's own form edited as well, one question.
    await page.goto(`/contacts/${contactId}`);
    await byTest(page, 'contact-position').fill('Directrice');
    await byTest(page, 'activity-comment').fill('Note du jour');
    await byTest(page, 'menu-companies').click();
    await leaveDialog(page).getByRole('button', { name: 'Quitter' }).click();
    await page.waitForURL(/\/companies$/);
    expect(await leaveDialog(page).count()).toBe(0);
  });

  it('an open event asks before its unsaved edits are dropped', async () => {
    const { page } = ctx;
    const { companyId } = await newCompany();
    const client = await ctx.apiClient();
    const { createEvent } = await client.ok(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      { input: { companyId, name: 'Gala de printemps', startDate: '2030-04-10' } },
    );
    await page.goto(`/events/${createEvent.id}`);
    const name = byTest(page, 'event-name');
    await name.waitFor({ state: 'visible' });
    // The form is filled once the event has loaded.
    await waitForValue(page, 'event-name', 'Gala de printemps');
    await name.fill("Gala d'été");
    await byTest(page, 'menu-companies').click();
    await leaveDialog(page).waitFor({ state: 'visible' });
    await leaveDialog(page).getByRole('button', { name: 'Quitter' }).click();
    await page.waitForURL(/\/companies$/);
  });

  it('the e-mail composer asks before a template replaces a typed message', async () => {
    const { page } = ctx;
    const { contactId } = await newCompany();
    const client = await ctx.apiClient();
    const create = `mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`;
    await client.ok(create, { input: { name: 'Relance', subject: 'Relance', body: 'Bonjour, une relance.' } });
    await client.ok(create, { input: { name: 'Merci', subject: 'Merci', body: 'Merci pour votre visite.' } });
    const chooseTemplate = async (label: string) => {
      await byTest(page, 'email-template').click();
      await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
    };
    const replaceDialog = page.locator('.n-dialog').filter({ hasText: 'Remplacer votre message ?' });

    await page.goto(`/contacts/${contactId}?compose=email`);
    await byTest(page, 'email-composer').waitFor({ state: 'visible' });
    // An empty message is filled at once, and an untouched template gives way to another.
    await chooseTemplate('Relance');
    expect(await byTest(page, 'email-text').inputValue()).toBe('Bonjour, une relance.');
    await chooseTemplate('Merci');
    expect(await byTest(page, 'email-text').inputValue()).toBe('Merci pour votre visite.');
    expect(await replaceDialog.count()).toBe(0);

    // A typed message is kept unless the user agrees to replace it.
    await byTest(page, 'email-text').fill('Mon message à moi.');
    await chooseTemplate('Relance');
    await replaceDialog.waitFor({ state: 'visible' });
    await replaceDialog.getByRole('button', { name: 'Garder mon message' }).click();
    await replaceDialog.waitFor({ state: 'detached' });
    expect(await byTest(page, 'email-text').inputValue()).toBe('Mon message à moi.');
    expect(await byTest(page, 'email-subject').inputValue()).toBe('Merci');
    expect(await byTest(page, 'email-template').textContent()).toContain('Merci');
    expect(await byTest(page, 'email-composer').isVisible()).toBe(true);

    await chooseTemplate('Relance');
    await replaceDialog.getByRole('button', { name: 'Remplacer' }).click();
    await replaceDialog.waitFor({ state: 'detached' });
    expect(await byTest(page, 'email-text').inputValue()).toBe('Bonjour, une relance.');
    expect(await byTest(page, 'email-subject').inputValue()).toBe('Relance');
  });

  it('an e-mail template is deleted only once confirmed', async () => {
    const { page } = ctx;
    const client = await ctx.apiClient();
    await client.ok(`mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`, {
      input: { name: 'A supprimer', subject: 'Objet', body: 'Corps' },
    });
    const count = async () =>
      (await client.ok<{ emailTemplates: unknown[] }>('{ emailTemplates { id } }')).emailTemplates.length;

    await page.goto('/settings/email-templates');
    await waitForText(page, 'email-template-row', 'A supprimer');
    await byTest(page, 'email-template-delete').click();
    const confirm = page.locator('.n-popconfirm').filter({ hasText: 'Supprimer le modèle « A supprimer » ?' });
    await confirm.waitFor({ state: 'visible' });
    expect(await count()).toBe(1);
    await confirm.locator('.n-popconfirm__action button').last().click();
    await page.getByText('Modèle supprimé.').first().waitFor({ state: 'visible' });
    await byTest(page, 'email-template-row').waitFor({ state: 'detached' });
    expect(await count()).toBe(0);
  });
});
