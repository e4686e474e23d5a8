import type { Locator, Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;

/** The pixels between the bottom of `above` and the top of `below`. */
async function gap(above: Locator, below: Locator): Promise<number> {
  const a = await above.boundingBox();
  const b = await below.boundingBox();
  if (!a || !b) throw new Error('element not shown');
  return b.y - (a.y + a.height);
}

async function pickDate(page: Page, test: string, day: string): Promise<void> {
  const input = byTest(page, test).locator('input');
  await input.fill(day);
  await input.press('Enter');
}

describe('the event form', () => {
  const ctx = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  const newCompany = async (name: string) =>
    (
      await (
        await ctx.apiClient()
      ).ok(CREATE_COMPANY, {
        input: {
          name,
          mainContact: { firstName: 'Lou', lastName: name, email: 'lou@client.test', phoneDirect: '0472000002' },
        },
      })
    ).createCompany.id as string;

  it('shows the default Commercial (the current user) up front, and keeps field errors off the next label', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Maison Claire');
    await page.goto(`/events/new?companyId=${companyId}`);
    await waitForText(page, 'event-company', 'Maison Claire');
    await waitForText(page, 'event-salesperson', 'Test Admin');

    // A two-line message under "Date de fin", and a one-line one under "Nom".
    await pickDate(page, 'event-start', '15/03/2027');
    await pickDate(page, 'event-end', '10/03/2027');
    await byTest(page, 'event-save').click();
    await waitForText(page, 'error-endDate', /postérieure/);
    await waitForText(page, 'error-name', 'Ce champ est obligatoire.');
    const label = (field: string) => byTest(page, `field-${field}`).locator('.n-form-item-label');
    expect((await byTest(page, 'error-endDate').boundingBox())!.height).toBeGreaterThan(30);
    expect(await gap(byTest(page, 'error-endDate'), label('salespersonId'))).toBeGreaterThanOrEqual(6);
    expect(await gap(byTest(page, 'error-name'), label('endDate'))).toBeGreaterThanOrEqual(6);
  });

  it('keeps the guest count within the limit the API accepts', async () => {
    const { page } = ctx;
    const companyId = await newCompany('Foule Compacte');
    await page.goto(`/events/new?companyId=${companyId}`);
    const guests = byTest(page, 'event-guests').locator('input');
    await guests.fill('2000000');
    await guests.blur();
    expect(await guests.inputValue()).toBe('1000000');
  });
});
