import type { Page } from 'playwright-core';
import { byTest, screenshot, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

/** Picks an option of a naive-ui select (the one with this data-test). */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await byTest(page, testId).click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

const HISTORY = 'consentHistory { optIn source method note }';

/** Turning an opt-in on asks how consent was given and its proof; the history shows both. */
describe('consent: how it was given', () => {
  const session = signedInAdminPerTest();

  async function createClient(name: string) {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name,
          mainContact: {
            firstName: 'Margot',
            lastName: 'Preuve',
            email: 'margot@preuve.fr',
            phoneDirect: '0142685300',
          },
        },
      },
    );
    return { client, companyId: createCompany.id as string, contactId: createCompany.mainContact.id as string };
  }

  it('records the method and note of an opt-in ticked on a contact and shows them in its consent history', async () => {
    const { page } = session;
    const { client, contactId } = await createClient('Salon Preuve SA');
    await page.goto(new URL(`/contacts/${contactId}`, page.url()).href);
    await waitForText(page, 'page-title', 'Margot Preuve');
    // Nothing to say about a consent not being given.
    expect(await byTest(page, 'contact-opt-in-method').count()).toBe(0);

    await byTest(page, 'contact-opt-in').click();
    await byTest(page, 'contact-opt-in-method').waitFor();
    await choose(page, 'contact-opt-in-method', 'En personne (événement)');
    await byTest(page, 'contact-opt-in-note').fill('Formulaire signé au Salon X 2026');
    await byTest(page, 'contact-consent-proof').scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-01-contact-opt-in-proof');
    await byTest(page, 'contact-save').click();

    const event = await waitForText(page, 'consent-event', 'Opt-in donné');
    await waitForText(event, 'consent-method', 'En personne (événement)');
    await waitForText(event, 'consent-note', 'Formulaire signé au Salon X 2026');
    // Consent given: the form no longer asks how (a later save would not change the opt-in).
    await byTest(page, 'contact-opt-in-method').waitFor({ state: 'detached' });
    await waitForText(page, 'contact-opt-in-since', /^\s*depuis le /);
    await event.scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-02-contact-history');

    const { contact } = await client.ok(`query($id: ID!) { contact(id: $id) { optIn ${HISTORY} } }`, {
      id: contactId,
    });
    expect(contact).toEqual({
      optIn: true,
      consentHistory: [{ optIn: true, source: 'user', method: 'IN_PERSON', note: 'Formulaire signé au Salon X 2026' }],
    });

    // Withdrawn from the page: a new entry, without a method, in front of the first.
    await byTest(page, 'contact-opt-in').click();
    expect(await byTest(page, 'contact-opt-in-method').count()).toBe(0);
    // Switched off, not saved: no "since" under it, which would read as still given.
    await byTest(page, 'contact-opt-in-since').waitFor({ state: 'detached' });
    await byTest(page, 'contact-save').click();
    await waitForText(page, 'consent-event', 'Opt-in retiré');
    const events = byTest(page, 'consent-event');
    expect(await events.count()).toBe(2);
    expect(await events.nth(0).getByTestId('consent-method').count()).toBe(0);
    expect(await events.nth(1).innerText()).toContain('En personne (événement)');
  });

  it('asks how consent was given when the opt-in of a company is turned on', async () => {
    const { page } = session;
    const { client, companyId } = await createClient('Téléphone Preuve SARL');
    await page.goto(new URL(`/companies/${companyId}`, page.url()).href);
    await byTest(page, 'company-more-toggle').click();
    await byTest(page, 'company-opt-in').click();
    await choose(page, 'company-opt-in-method', 'Téléphone');
    await byTest(page, 'company-opt-in-note').fill('Appel du 12 janvier avec la direction');
    await byTest(page, 'company-consent-proof').scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-03-company-opt-in-proof');
    // No history yet: the company's opt-in was never given.
    await waitForText(page, 'consent-history', 'Aucun');
    expect(await byTest(page, 'consent-event').count()).toBe(0);
    await byTest(page, 'company-save').click();
    await byTest(page, 'company-opt-in-method').waitFor({ state: 'detached' });

    // The saved consent shows in the company's history, under its opt-in, with how it was given.
    const event = await waitForText(byTest(page, 'company-more'), 'consent-event', 'Opt-in donné');
    await waitForText(event, 'consent-method', 'Téléphone');
    await waitForText(event, 'consent-note', 'Appel du 12 janvier avec la direction');
    await event.scrollIntoViewIfNeeded();
    await screenshot(page, 'consent-04-company-history');

    const { company } = await client.ok(`query($id: ID!) { company(id: $id) { optIn ${HISTORY} } }`, {
      id: companyId,
    });
    expect(company).toEqual({
      optIn: true,
      consentHistory: [{ optIn: true, source: 'user', method: 'PHONE', note: 'Appel du 12 janvier avec la direction' }],
    });
  });
});
