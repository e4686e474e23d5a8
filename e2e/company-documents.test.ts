import { assertWebClientBuilt, byTest, waitForDialog, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const session = signedInAdminPerTest();

describe("a company's documents", () => {
  beforeAll(() => assertWebClientBuilt());

  it("include its contacts' documents, marked with the contact, in the tab and in the e-mail attachments", async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string; mainContact: { id: string } } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Groupe Horizon Conseil',
          mainContact: {
            firstName: 'Claire',
            lastName: 'Dubois',
            email: 'claire@horizon.test',
            phoneDirect: '0472000011',
          },
        },
      },
    );
    const form = new FormData();
    form.append('contactId', createCompany.mainContact.id);
    form.append('file', new Blob([new TextEncoder().encode('Brief du séminaire')]), 'brief.txt');
    const up = await fetch(`${client.baseUrl}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: client.cookie! },
    });
    expect(up.status).toBe(201);

    await page.goto(`/companies/${createCompany.id}`);
    await byTest(page, 'tab-documents').click();
    const row = await waitForText(page, 'document-row', 'brief.txt');
    expect(await byTest(row, 'document-contact').textContent()).toContain('Claire Dubois');

    // Sending it from the company: the composer offers it, under the contact's name.
    await byTest(row, 'document-email').click();
    const composer = await waitForDialog(page, 'email-composer');
    await waitForText(composer, 'email-attachments', 'brief.txt (Claire Dubois)');
    await waitForText(composer, 'email-to', 'Claire Dubois');
  });
});
