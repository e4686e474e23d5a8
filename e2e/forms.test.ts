import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, waitForText } from './support/browser';
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
