import type { Locator, Page } from 'playwright-core';
import { byTest, screenshot, waitForText } from './support/browser';
import type { TestClient } from '../server/test/harness';
import { signedInAdminPerTest } from './support/signed-in';

// Page-side code of evaluate() (the server's tsconfig has no DOM library).
declare const document: { createElement(tag: string): { style: { color: string }; remove(): void } };
declare function getComputedStyle(el: unknown): { color: string; textDecorationLine: string };

jest.setTimeout(120_000);

const pairCard = (page: Page | Locator, text: string) => byTest(page, 'dupes-pair').filter({ hasText: text });

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;

let phone = 10;
async function createCompany(client: TestClient, name: string, siret: string | null, contact: string, email: string) {
  const [firstName, lastName] = contact.split(' ');
  const phoneDirect = `02 40 00 00 ${phone++}`;
  const input = {
    name,
    siret,
    city: 'Nantes',
    postalCode: '44000',
    mainContact: { firstName, lastName, email, phoneDirect },
  };
  return (await client.ok<{ createCompany: { id: string; mainContact: { id: string } } }>(CREATE, { input }))
    .createCompany;
}

describe('the Doublons page', () => {
  const session = signedInAdminPerTest();

  it('lists two companies with the same SIRET, dismisses the pair, and merges two contacts with the same e-mail', async () => {
    const page = session.page;
    const client = await session.apiClient();
    await createCompany(client, 'Atelier Lumière', '73282932000074', 'Léa Roux', 'lea.roux@lumiere.fr');
    await createCompany(client, 'Studio Éclat', '732 829 320 00074', 'Marc Petit', 'marc.petit@eclat.fr');
    // Two contacts with the same e-mail, in two other companies.
    const kept = await createCompany(client, 'Traiteur Saveurs', null, 'Anne Roy', 'anne.roy@saveurs.fr');
    const twin = await createCompany(client, 'Réceptions Roy', null, 'Annie Roy', 'ANNE.ROY@saveurs.fr');

    // From the company list to its Doublons page: the pair, side by side, with its reason.
    await byTest(page, 'menu-companies').click();
    await byTest(page, 'list-duplicates').click();
    await page.waitForURL(/\/companies\/duplicates$/);
    await waitForText(page, 'page-title', 'Doublons');
    const pair = pairCard(page, 'Atelier Lumière');
    await pair.waitFor();
    await waitForText(pair, 'dupes-record', 'Studio Éclat');
    await waitForText(pair, 'dupes-reason', 'Même SIRET');
    await waitForText(pair, 'dupes-record', 'SIRET 73282932000074');
    await screenshot(page, 'dupes-01-companies');

    // "Pas un doublon": the pair goes, and stays gone.
    await byTest(pair, 'dupes-dismiss').click();
    await byTest(page, 'dupes-empty').waitFor();
    await waitForText(page, 'dupes-empty', 'Aucun doublon probable');
    await page.reload();
    await byTest(page, 'dupes-empty').waitFor();
    expect(await byTest(page, 'dupes-pair').count()).toBe(0);

    // The contacts tab: the two contacts with the same e-mail, merged from the page.
    await byTest(page, 'dupes-tab-contacts').click();
    await page.waitForURL(/\/contacts\/duplicates$/);
    const contacts = pairCard(page, 'Anne Roy');
    await contacts.waitFor();
    await waitForText(contacts, 'dupes-reason', 'Même email');
    await waitForText(contacts, 'dupes-record', 'Annie Roy');
    // Phones as shown everywhere else (not E.164), names in the app's link style.
    await waitForText(contacts, 'dupes-record', /Anne Roy.*02 40 00 00 \d{2}/);
    expect(await contacts.innerText()).not.toContain('+33');
    const link = byTest(contacts, 'dupes-link').first();
    const style = await link.evaluate((a) => {
      const probe = document.createElement('span');
      probe.style.color = 'var(--crm-primary-color)';
      a.parentElement!.appendChild(probe);
      const primary = getComputedStyle(probe).color;
      probe.remove();
      return { color: getComputedStyle(a).color, decoration: getComputedStyle(a).textDecorationLine, primary };
    });
    expect(style.color).not.toBe('rgb(0, 0, 238)');
    expect(style).toEqual({ color: style.primary, decoration: 'none', primary: style.primary });
    await byTest(contacts, 'dupes-merge').click();
    const dialog = byTest(page, 'merge-dialog');
    await waitForText(dialog, 'merge-explain', '« Annie Roy »');
    await screenshot(page, 'dupes-02-merge');
    await byTest(dialog, 'merge-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await byTest(page, 'dupes-empty').waitFor();
    const after = await client.ok<{ merged: { deletedAt: string | null }; kept: { deletedAt: string | null } }>(
      `query($k: ID!, $m: ID!) { kept: contact(id: $k) { deletedAt } merged: contact(id: $m, includeDeleted: true) { deletedAt } }`,
      { k: kept.mainContact.id, m: twin.mainContact.id },
    );
    expect(after.kept.deletedAt).toBeNull();
    expect(after.merged.deletedAt).not.toBeNull();

    // The contact list links to the page too.
    await byTest(page, 'dupes-back').click();
    await page.waitForURL(/\/contacts$/);
    await byTest(page, 'list-duplicates').waitFor();
  });

  it('tells two companies with the same name apart in the merge dialog', async () => {
    const page = session.page;
    const client = await session.apiClient();
    const create = (input: object) =>
      client.ok<{ createCompany: { id: string } }>(CREATE, { input }).then((r) => r.createCompany);
    const full = await create({
      name: 'Nova Tech Solutions',
      siret: '73282932000074',
      city: 'Nantes',
      postalCode: '44000',
      mainContact: { firstName: 'Léa', lastName: 'Roux', email: 'lea@nova.fr', phoneDirect: '02 40 00 00 50' },
    });
    for (const lastName of ['Petit', 'Roy']) {
      await client.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
        input: { companyId: full.id, firstName: 'Marc', lastName, email: `marc.${lastName}@nova.fr` },
      });
    }
    await create({
      name: 'Nova Tech Solutions',
      city: 'Saint-Herblain',
      postalCode: '44000',
      mainContact: { firstName: 'Anne', lastName: 'Roy', email: 'anne@nova.fr', phoneDirect: '02 40 00 00 51' },
    });

    await byTest(page, 'menu-companies').click();
    await byTest(page, 'list-duplicates').click();
    const pair = pairCard(page, 'Nova Tech Solutions');
    await byTest(pair, 'dupes-merge').click();
    const dialog = byTest(page, 'merge-dialog');
    // Each option says which record it is; the older one (kept at first) has the SIRET.
    await waitForText(
      byTest(dialog, 'merge-keep-first'),
      'merge-side-details',
      /^SIRET 732 829 320 00074 · 44000 Nantes · 3 contacts · Créée le \d{2}\/\d{2}\/\d{4}$/,
    );
    await waitForText(
      byTest(dialog, 'merge-keep-second'),
      'merge-side-details',
      /^44000 Saint-Herblain · 1 contact · Créée le /,
    );
    // The explanation names them by what differs.
    await waitForText(
      dialog,
      'merge-explain',
      /^Tout ce qui est lié à « Nova Tech Solutions \(44000 Saint-Herblain\) » .* sera rattaché à « Nova Tech Solutions \(44000 Nantes\) »/,
    );
    await screenshot(page, 'dupes-04-merge-same-name');
    await byTest(dialog, 'merge-keep-second').click();
    await waitForText(dialog, 'merge-explain', /^Tout ce qui est lié à « Nova Tech Solutions \(44000 Nantes\) »/);
  });

  it('shows the same name in the same postal code, and restores a dismissed pair from "Écartés"', async () => {
    const page = session.page;
    const client = await session.apiClient();
    // Both in 44000 (the helper's postal code), the same name but for case and accents.
    await createCompany(client, 'Atelier Lumière', null, 'Léa Roux', 'lea.roux@lumiere.fr');
    await createCompany(client, 'ATELIER LUMIERE', null, 'Marc Petit', 'marc.petit@lumiere.fr');

    await byTest(page, 'menu-companies').click();
    await byTest(page, 'list-duplicates').click();
    const pair = pairCard(page, 'Atelier Lumière');
    await pair.waitFor();
    await waitForText(pair, 'dupes-reason', 'Même nom, même code postal');
    expect(await byTest(pair, 'dupes-reason').count()).toBe(1);

    // Dismissed: gone from the list, listed under "Écartés" with who and when.
    await byTest(pair, 'dupes-dismiss').click();
    await byTest(page, 'dupes-empty').waitFor();
    await byTest(page, 'dupes-show-dismissed').click();
    const dismissed = byTest(page, 'dupes-dismissed');
    const card = pairCard(dismissed, 'Atelier Lumière');
    await card.waitFor();
    await waitForText(card, 'dupes-record', 'ATELIER LUMIERE');
    await waitForText(card, 'dupes-dismissed-by', /^Écartée par Test Admin le \d{2}\/\d{2}\/\d{4}$/);
    await screenshot(page, 'dupes-03-dismissed');
    // The switch is in the address: a reload (or a shared link) still shows "Écartés".
    await page.waitForURL(/\/companies\/duplicates\?dismissed=1$/);
    await page.reload();
    await waitForText(pairCard(byTest(page, 'dupes-dismissed'), 'Atelier Lumière'), 'dupes-record', 'ATELIER LUMIERE');
    expect(await byTest(page, 'dupes-show-dismissed').getAttribute('aria-checked')).toBe('true');

    // "Rétablir": gone from "Écartés", back among the duplicates.
    await byTest(card, 'dupes-restore').click();
    await byTest(page, 'dupes-dismissed-empty').waitFor();
    await waitForText(page, 'dupes-dismissed-empty', 'Aucune paire écartée');
    await byTest(page, 'dupes-show-dismissed').click();
    await waitForText(pairCard(page, 'Atelier Lumière'), 'dupes-reason', 'Même nom, même code postal');
    await page.waitForURL(/\/companies\/duplicates$/);
    await page.reload();
    await pairCard(page, 'Atelier Lumière').waitFor();
    expect(await byTest(page, 'dupes-pair').count()).toBe(1);
  });
});
