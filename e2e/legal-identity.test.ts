import { assertWebClientBuilt, byTest, waitForText, waitForValue } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

describe("the agency's legal identity (Paramètres)", () => {
  const ctx = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  it('is entered in the settings, with the SIRET checked, and printed as the seller of an invoice', async () => {
    const { page } = ctx;
    await page.goto('/settings');
    await byTest(page, 'legal-identity').waitFor({ state: 'visible' });
    await byTest(page, 'legal-legalName').fill('Lumière Événements');
    await byTest(page, 'legal-legalForm').fill('SARL');
    await byTest(page, 'legal-shareCapital').fill('7 500');
    await byTest(page, 'legal-addressLine1').fill('8 rue Oberkampf');
    await byTest(page, 'legal-postalCode').fill('75011');
    await byTest(page, 'legal-city').fill('Paris');
    await byTest(page, 'legal-siret').fill('732 829 320 00075');
    // Enter saves, as on the other settings forms.
    await byTest(page, 'legal-siret').press('Enter');
    await waitForText(page, 'error-siret', /SIRET invalide/);

    await byTest(page, 'legal-siret').fill('732 829 320 00074');
    await byTest(page, 'legal-vatNumber').fill('FR44732829320');
    await byTest(page, 'legal-save').click();
    await page.getByText('Identité légale enregistrée.').first().waitFor({ state: 'visible' });
    await byTest(page, 'error-siret').waitFor({ state: 'detached' });
    expect(await byTest(page, 'legal-siret').inputValue()).toBe('73282932000074');

    // Kept after a reload.
    await page.reload();
    await byTest(page, 'legal-legalName').waitFor({ state: 'visible' });
    await waitForValue(page, 'legal-shareCapital', '7500');

    const client = await ctx.apiClient();
    const { createInvoice } = await client.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { printUrl } }`,
      {
        input: {
          newClient: {
            name: 'Client Imprimé',
            mainContact: {
              firstName: 'Anne',
              lastName: 'Imprimé',
              email: 'anne@imprime.fr',
              phoneDirect: '0142685300',
            },
          },
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }],
        },
      },
    );
    await page.goto(createInvoice.printUrl);
    const seller = await byTest(page, 'print-seller').innerText();
    expect(seller.split('\n')).toEqual([
      'Lumière Événements',
      '8 rue Oberkampf',
      '75011 Paris',
      'SARL au capital de 7\u202f500,00 €',
      'SIRET : 73282932000074',
      'N° TVA intracommunautaire : FR44732829320',
    ]);
  });
});
