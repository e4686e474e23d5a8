import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest, screenshot, waitForDialog, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Picks an option of a naive-ui select (the one with this data-test). */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await byTest(page, testId).click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

/** Fills the inputs with these data-test ids, in order. */
async function fillAll(page: Page, values: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) await byTest(page, testId).fill(value);
}

/** The identity and LinkedIn of a Garnier at Maison Garnier Réceptions, as form inputs. */
function garnier(firstName: string, handle: string, position: string): Record<string, string> {
  return {
    'contact-first-name': firstName,
    'contact-last-name': 'Garnier',
    'contact-position': position,
    'contact-email': `${handle}@garnier-receptions.fr`,
    'contact-linkedin': `https://www.linkedin.com/in/${handle}-garnier/`,
  };
}

/**
 * Fills a new-record form whose contact has a potential and opts in, sends it with one bad
 * field (`bad`: its input, the key of its error, the value that fixes it), checks the error
 * shows under that field, then sends it fixed.
 */
async function createOptedInContact(
  page: Page,
  form: { values: Record<string, string>; potential: string; submit: string; bad: [string, string, string] },
): Promise<void> {
  const [input, errorKey, fixed] = form.bad;
  await fillAll(page, form.values);
  await choose(page, 'contact-potential', form.potential);
  await byTest(page, 'contact-opt-in').click();
  await byTest(page, 'contact-opt-in-hint').waitFor();
  await byTest(page, form.submit).click();
  const error = byTest(page, `error-${errorKey}`);
  await error.waitFor();
  expect((await error.textContent())?.trim()).not.toBe('');
  await error.scrollIntoViewIfNeeded();
  await screenshot(page, `clients-12-${form.submit}-bad-${input}`);
  await byTest(page, input).fill(fixed);
  await byTest(page, form.submit).click();
}

/** Answers "Confirmer" in the open pop-confirm and waits for it to close. */
async function confirm(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Confirmer' });
  await button.click();
  await button.waitFor({ state: 'detached' });
}

describe('client pages', () => {
  const session = signedInAdminPerTest();
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });

  it('creates a client, adds a billing address and a contact, stars it and toggles the company', async () => {
    // New client: an invalid email is refused and the message shows under the field.
    await byTest(page, 'menu-company-new').click();
    await page.waitForURL(/\/companies\/new$/);
    await waitForText(page, 'page-title', 'Nouveau client');
    await waitForText(page, 'section-company', 'Informations générales');
    await waitForText(page, 'section-main-contact', 'Contact principal');
    // The country is chosen from the list, France by default.
    expect(await byTest(page, 'company-country').innerText()).toContain('France');
    expect(await byTest(page, 'company-use-as-billing').getAttribute('class')).toMatch(/n-switch--active/);

    await byTest(page, 'company-name').fill('Société Générale Événements');
    await byTest(page, 'company-address1').fill('12 rue de la République');
    await byTest(page, 'company-postal-code').fill('69002');
    await byTest(page, 'company-city').fill('Lyon');
    await choose(page, 'company-type', 'Entreprise');
    await choose(page, 'contact-civility', 'Mme');
    await byTest(page, 'contact-first-name').fill('Claire');
    await byTest(page, 'contact-last-name').fill('Martin');
    await byTest(page, 'contact-email').fill('claire.martin@');
    await byTest(page, 'contact-position').fill('Directrice événementiel');
    await byTest(page, 'contact-phone-direct').fill('04 72 00 00 01');
    await byTest(page, 'company-create').click();

    const emailError = byTest(page, 'error-mainContact.email');
    await emailError.waitFor();
    expect((await emailError.textContent())?.trim()).not.toBe('');
    expect(page.url()).toMatch(/\/companies\/new$/);
    await emailError.scrollIntoViewIfNeeded();
    await screenshot(page, 'clients-01-new-client-invalid-email');

    await byTest(page, 'contact-email').fill('claire.martin@example.com');
    await byTest(page, 'company-create').click();

    // The company page.
    await page.waitForURL(new RegExp(`/companies/${UUID}$`));
    const companyId = new URL(page.url()).pathname.split('/').pop() as string;
    await waitForText(page, 'page-title', 'Société Générale Événements');
    await waitForText(page, 'company-status', /^\s*Actif\s*$/);
    expect(await byTest(page, 'company-city').inputValue()).toBe('Lyon');
    await screenshot(page, 'clients-02-company-page');

    // Billing addresses: the main address became the default one; add another and make it default.
    await byTest(page, 'tab-billing').click();
    const billingRows = byTest(page, 'billing-row');
    await billingRows.first().waitFor();
    expect(await billingRows.count()).toBe(1);
    expect(await billingRows.first().getAttribute('data-default')).toBe('true');
    expect(await byTest(billingRows.first(), 'billing-delete').count()).toBe(0);

    await byTest(page, 'billing-add').click();
    await byTest(page, 'billing-dialog').waitFor();
    // Adresse 1 is marked required, as the API requires it; the other lines are not.
    const dialog = byTest(page, 'billing-dialog');
    expect(await byTest(dialog, 'field-addressLine1').locator('.n-form-item-label__asterisk').count()).toBe(1);
    expect(await dialog.locator('.n-form-item-label__asterisk').count()).toBe(1);
    // Saved empty, it would have been a row reading "France" alone: refused, said under Adresse 1.
    await byTest(page, 'billing-save').click();
    await byTest(page, 'billing-dialog')
      .locator('.n-form-item')
      .filter({ has: byTest(page, 'billing-address1') })
      .filter({ hasText: 'Ce champ est obligatoire.' })
      .waitFor();
    expect(await billingRows.count()).toBe(1);
    await byTest(page, 'billing-label').fill('Siège Paris');
    await byTest(page, 'billing-address1').fill('5 avenue de l’Opéra');
    await byTest(page, 'billing-postal-code').fill('75001');
    await byTest(page, 'billing-city').fill('Paris');
    await byTest(page, 'billing-save').click();
    const paris = billingRows.filter({ hasText: 'Siège Paris' });
    await paris.waitFor();
    expect(await billingRows.count()).toBe(2);
    expect(await paris.getAttribute('data-default')).toBe('false');
    expect(await byTest(paris, 'billing-delete').count()).toBe(1);

    await byTest(paris, 'billing-default').click();
    await page.locator('[data-test="billing-row"][data-default="true"]').filter({ hasText: 'Siège Paris' }).waitFor();
    const lyon = billingRows.filter({ hasText: 'Lyon' });
    expect(await lyon.getAttribute('data-default')).toBe('false');
    expect(await byTest(paris, 'billing-delete').count()).toBe(0);
    expect(await byTest(lyon, 'billing-delete').count()).toBe(1);
    await page.mouse.move(0, 0);
    await screenshot(page, 'clients-03-billing-addresses');

    // Contacts: the main contact is starred; add a second contact from the company page.
    await byTest(page, 'tab-contacts').click();
    const contactRows = byTest(page, 'contact-row');
    await contactRows.first().waitFor();
    expect(await contactRows.count()).toBe(1);
    expect(await contactRows.first().getAttribute('data-main')).toBe('true');

    await byTest(page, 'company-new-contact').click();
    await page.waitForURL(new RegExp(`/contacts/new\\?companyId=${companyId}$`));
    await waitForText(page, 'contact-company', 'Société Générale Événements');
    await byTest(page, 'contact-first-name').fill('Paul');
    await byTest(page, 'contact-last-name').fill('Durand');
    await byTest(page, 'contact-email').fill('paul.durand@example.com');
    await byTest(page, 'contact-phone-mobile').fill('06 12 34 56 78');
    await byTest(page, 'contact-create').click();

    await page.waitForURL(new RegExp(`/contacts/${UUID}$`));
    await waitForText(page, 'page-title', 'Paul Durand');
    // Phones show in their national format; the salesperson is the user who created it.
    expect(await byTest(page, 'contact-phone-mobile').inputValue()).toBe('06 12 34 56 78');
    await waitForText(page, 'contact-salesperson', 'Test Admin');
    await waitForText(page, 'contact-other', 'Claire Martin');
    await screenshot(page, 'clients-04-contact-page');

    await byTest(page, 'contact-company-link').click();
    await page.waitForURL(new RegExp(`/companies/${companyId}$`));
    await byTest(page, 'tab-contacts').click();
    const paul = contactRows.filter({ hasText: 'Paul Durand' });
    await paul.waitFor();
    expect(await contactRows.count()).toBe(2);
    expect(await paul.getAttribute('data-main')).toBe('false');

    await byTest(paul, 'contact-star').click();
    await page.locator('[data-test="contact-row"][data-main="true"]').filter({ hasText: 'Paul Durand' }).waitFor();
    expect(await contactRows.filter({ hasText: 'Claire Martin' }).getAttribute('data-main')).toBe('false');
    await screenshot(page, 'clients-05-main-contact-starred');

    // Deactivate, then reactivate the company.
    await byTest(page, 'company-active-toggle').click();
    await waitForText(page, 'company-status', 'Inactif');
    await byTest(page, 'company-inactive').waitFor();
    await screenshot(page, 'clients-06-company-inactive');
    await byTest(page, 'company-active-toggle').click();
    await waitForText(page, 'company-status', /^\s*Actif\s*$/);
    await byTest(page, 'company-inactive').waitFor({ state: 'detached' });

    // The history lists the changes, newest first.
    await byTest(page, 'tab-history').click();
    const entries = byTest(page, 'history-entry');
    await entries.first().waitFor();
    expect(await entries.first().getAttribute('data-action')).toBe('update');
    const mainChange = await waitForText(page, 'history-change', 'Contact principal');
    expect(await mainChange.innerText()).toMatch(/Contact principal\s*:\s*Claire Martin\s*→\s*Paul Durand/);
    expect(await byTest(page, 'history-tab').innerText()).not.toMatch(new RegExp(UUID));
    await screenshot(page, 'clients-07-history');

    // What the API has.
    const client = await session.apiClient();
    const data = await client.ok<{
      company: {
        active: boolean;
        mainContact: { fullName: string };
        contacts: { fullName: string }[];
        billingAddresses: { label: string | null; city: string; isDefault: boolean }[];
      };
    }>(
      `query($id: ID!) { company(id: $id) { active mainContact { fullName } contacts { fullName }
        billingAddresses { label city isDefault } } }`,
      { id: companyId },
    );
    expect(data.company.active).toBe(true);
    expect(data.company.mainContact.fullName).toBe('Paul Durand');
    expect(data.company.contacts.map((c) => c.fullName).sort()).toEqual(['Claire Martin', 'Paul Durand']);
    expect(data.company.billingAddresses).toEqual([
      { label: 'Siège Paris', city: 'Paris', isDefault: true },
      { label: null, city: 'Lyon', isDefault: false },
    ]);
  });

  it('creates a contact with a new company, edits both, deletes and restores the company', async () => {
    const client = await session.apiClient();
    await client.ok(`mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, {
      input: {
        recordKind: 'CONTACT',
        key: 'niveau',
        labelFr: 'Niveau client',
        type: 'SINGLE_CHOICE',
        choices: [{ key: 'or', labelFr: 'Or' }],
      },
    });
    const other = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Agence Lumière',
          city: 'Nantes',
          mainContact: { firstName: 'Léa', lastName: 'Petit', email: 'lea@lumiere.fr', phoneDirect: '02 40 00 00 00' },
        },
      },
    );

    // New contact together with a new company.
    await byTest(page, 'menu-contact-new').click();
    await page.waitForURL(/\/contacts\/new$/);
    await byTest(page, 'contact-new-company-switch').click();
    await byTest(page, 'company-name').fill('Atelier Dupont');
    await byTest(page, 'company-postal-code').fill('33000');
    await byTest(page, 'company-city').fill('Bordeaux');
    await byTest(page, 'contact-first-name').fill('Hugo');
    await byTest(page, 'contact-last-name').fill('Dupont');
    await byTest(page, 'contact-phone-direct').fill('0556000000');
    await byTest(page, 'contact-create').click();
    await page.waitForURL(new RegExp(`/contacts/${UUID}$`));
    await waitForText(page, 'page-title', 'Hugo Dupont');
    await waitForText(page, 'contact-company-link', 'Atelier Dupont');
    await waitForText(page, 'contact-main-tag', 'Contact principal');
    expect(await byTest(page, 'contact-phone-direct').inputValue()).toBe('05 56 00 00 00');
    const contactId = new URL(page.url()).pathname.split('/').pop() as string;

    // Contact page: a bad email is shown under its field; a good one is saved.
    await byTest(page, 'contact-email').fill('hugo@@dupont');
    await byTest(page, 'contact-save').click();
    await byTest(page, 'error-email').waitFor();
    await byTest(page, 'contact-email').fill('hugo@atelier-dupont.fr');
    await choose(page, 'contact-situation', 'Membre');
    await byTest(page, 'contact-position').fill('Directeur artistique');
    await choose(page, 'contact-source', 'Recommandation');
    await byTest(page, 'contact-opt-in').click();
    await byTest(page, 'contact-save').click();
    await waitForText(page, 'consent-event', 'Opt-in donné');
    await byTest(page, 'error-email').waitFor({ state: 'detached' });
    await screenshot(page, 'clients-10-contact-saved');

    // "Historique": who changed what, with the labels of the fields, list values and custom choices.
    await client.ok(
      `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`,
      {
        id: contactId,
        input: { customFields: { niveau: 'or' } },
      },
    );
    await page.reload();
    await waitForText(page, 'tab-history', 'Historique');
    await byTest(page, 'tab-history').click();
    await page.locator('[data-test="history-change"][data-field="customFields.niveau"]').waitFor();
    const [customEntry, formEntry] = await byTest(page, 'history-entry').all();
    expect(await customEntry.getAttribute('data-action')).toBe('update');
    expect(await customEntry.innerText()).toMatch(/^Modification\s+Niveau client\s*:\s*—\s*→\s*Or\s+.*· Test Admin$/);
    expect(await formEntry.innerText()).toContain('Test Admin');
    const lines: [string, RegExp][] = [
      ['position', /^Poste occupé\s*:\s*—\s*→\s*Directeur artistique$/],
      ['sourceId', /^Source\s*:\s*—\s*→\s*Recommandation$/],
      ['situationId', /^Situation\s*:\s*—\s*→\s*Membre$/],
      ['optIn', /^Opt-in\s*:\s*Non\s*→\s*Oui$/],
      ['email', /^Email\s*:\s*—\s*→\s*hugo@atelier-dupont\.fr$/],
    ];
    for (const [field, text] of lines)
      expect(
        (await formEntry.locator(`[data-test="history-change"][data-field="${field}"]`).innerText()).trim(),
      ).toMatch(text);
    expect(await byTest(page, 'history-tab').innerText()).not.toMatch(new RegExp(UUID));
    await screenshot(page, 'clients-10b-contact-history');

    // Company page, "Général": a wrong SIRET shows under its field (the extra options open).
    await byTest(page, 'contact-company-link').click();
    await page.waitForURL(new RegExp(`/companies/${UUID}$`));
    const companyId = new URL(page.url()).pathname.split('/').pop() as string;
    await byTest(page, 'company-more-toggle').click();
    await byTest(page, 'company-siret').fill('73282932000079');
    await byTest(page, 'company-save').click();
    await byTest(page, 'error-siret').waitFor();
    await byTest(page, 'company-siret').fill('73282932000074');
    await byTest(page, 'company-website').fill('atelier-dupont.fr');
    await byTest(page, 'company-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor();
    await byTest(page, 'error-siret').waitFor({ state: 'detached' });
    await byTest(page, 'tab-history').click();
    await waitForText(page, 'history-change', 'SIRET');

    // Delete the company with its contacts, then restore it.
    await byTest(page, 'company-delete').click();
    await waitForDialog(page, 'delete-company-dialog');
    await byTest(page, 'delete-contacts-move').click();
    await byTest(page, 'delete-confirm').click();
    await byTest(page, 'error-moveToCompanyId').waitFor();
    await byTest(page, 'delete-contacts-delete').click();
    await byTest(page, 'delete-confirm').click();
    await byTest(page, 'company-deleted').waitFor();
    await byTest(page, 'delete-company-dialog').waitFor({ state: 'detached' });
    await waitForText(page, 'company-status', 'Supprimé');
    await screenshot(page, 'clients-11-company-deleted');
    await byTest(page, 'company-restore').click();
    await waitForText(page, 'company-status', /^\s*Actif\s*$/);
    await byTest(page, 'tab-contacts').click();
    await waitForText(page, 'contact-row', 'Hugo Dupont');

    // Delete again, moving the contact to the other company.
    await byTest(page, 'company-delete').click();
    await waitForDialog(page, 'delete-company-dialog');
    await byTest(page, 'delete-contacts-move').click();
    await byTest(page, 'delete-move-target').click();
    await page.locator('.n-base-select-option').filter({ hasText: 'Agence Lumière' }).first().click();
    await byTest(page, 'delete-confirm').click();
    await byTest(page, 'company-deleted').waitFor();
    const moved = await client.ok<{ company: { contacts: { fullName: string }[] } }>(
      `query($id: ID!) { company(id: $id) { contacts { fullName } } }`,
      { id: other.createCompany.id },
    );
    expect(moved.company.contacts.map((c) => c.fullName).sort()).toEqual(['Hugo Dupont', 'Léa Petit']);
    // The contact's history names both companies, the deleted one too.
    await page.goto(`/contacts/${contactId}`);
    await byTest(page, 'tab-history').click();
    const companyChange = page.locator('[data-test="history-change"][data-field="companyId"]').first();
    await companyChange.waitFor();
    expect(await companyChange.innerText()).toMatch(/Société\s*:\s*Atelier Dupont\s*→\s*Agence Lumière/);
    const deleted = await client.ok<{ company: { deletedAt: string | null; siret: string; website: string } }>(
      `query($id: ID!) { company(id: $id, includeDeleted: true) { deletedAt siret website } }`,
      { id: companyId },
    );
    expect(deleted.company).toEqual({
      deletedAt: expect.any(String),
      siret: '73282932000074',
      website: expect.stringContaining('atelier-dupont.fr'),
    });
  });

  it('records potential, social links and opt-in on creation, and lists the picked company’s contacts', async () => {
    // New client: the main contact's potential, LinkedIn and opt-in; a bad LinkedIn shows under its field.
    await byTest(page, 'menu-company-new').click();
    await page.waitForURL(/\/companies\/new$/);
    await createOptedInContact(page, {
      values: {
        'company-name': 'Maison Garnier Réceptions',
        'company-city': 'Reims',
        ...garnier('Inès', 'ines', 'Gérante'),
        'contact-phone-direct': '03 26 00 00 01',
        'contact-linkedin': 'ines garnier',
      },
      potential: 'Moyen',
      submit: 'company-create',
      bad: ['contact-linkedin', 'mainContact.linkedin', 'linkedin.com/in/ines-garnier'],
    });
    await page.waitForURL(new RegExp(`/companies/${UUID}$`));
    const companyId = new URL(page.url()).pathname.split('/').pop() as string;

    const client = await session.apiClient();
    const created = await client.ok<{
      company: {
        mainContact: {
          potential: { label: string };
          linkedin: string;
          optIn: boolean;
          consentHistory: { optIn: boolean; source: string }[];
        };
      };
    }>(
      `query($id: ID!) { company(id: $id) { mainContact { potential { label } linkedin optIn
        consentHistory { optIn source } } } }`,
      { id: companyId },
    );
    expect(created.company.mainContact).toEqual({
      potential: { label: 'Moyen' },
      linkedin: 'https://linkedin.com/in/ines-garnier',
      optIn: true,
      consentHistory: [{ optIn: true, source: 'user' }],
    });

    // New contact: picking the company lists its contacts; a bad Facebook shows under its field.
    await byTest(page, 'menu-contact-new').click();
    await page.waitForURL(/\/contacts\/new$/);
    expect(await byTest(page, 'picked-company-contacts').count()).toBe(0);
    await byTest(page, 'contact-company').click();
    await page.keyboard.type('Garnier');
    await page.locator('.n-base-select-option').filter({ hasText: 'Maison Garnier Réceptions' }).first().click();
    const other = await waitForText(page, 'contact-other', 'Inès Garnier');
    expect(await other.innerText()).toMatch(/★\s*Inès Garnier\s*Gérante/);
    expect(await byTest(page, 'picked-company-contacts').locator('a').getAttribute('href')).toMatch(
      new RegExp(`/contacts/${UUID}$`),
    );
    await screenshot(page, 'clients-13-new-contact-company-contacts');
    await createOptedInContact(page, {
      values: { ...garnier('Théo', 'theo', 'Chef de cuisine'), 'contact-facebook': 'abc' },
      potential: 'Fort',
      submit: 'contact-create',
      bad: ['contact-facebook', 'facebook', ''],
    });

    // The saved contact: potential, LinkedIn, opt-in and its consent history.
    await page.waitForURL(new RegExp(`/contacts/${UUID}$`));
    await waitForText(page, 'page-title', 'Théo Garnier');
    await waitForText(page, 'contact-potential', 'Fort');
    expect(await byTest(page, 'contact-linkedin').inputValue()).toBe('https://www.linkedin.com/in/theo-garnier');
    expect(await byTest(page, 'contact-opt-in').getAttribute('class')).toMatch(/n-switch--active/);
    const consent = byTest(page, 'consent-event');
    await consent.first().waitFor();
    expect(await consent.count()).toBe(1);
    expect(await consent.first().innerText()).toMatch(/Opt-in donné.*\(saisi par un utilisateur\)/);
    await waitForText(page, 'contact-other', 'Inès Garnier');
    await consent.first().scrollIntoViewIfNeeded();
    await screenshot(page, 'clients-14-new-contact-saved');
  });

  it('edits the settings lists: add, rename, reorder, hide, and a refused delete', async () => {
    const client = await session.apiClient();
    const { settingOptions } = await client.ok<{ settingOptions: { id: string; label: string }[] }>(
      `{ settingOptions(list: SOURCE) { id label } }`,
    );
    const web = settingOptions.find((o) => o.label === 'Site web');
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Client Web',
        mainContact: {
          firstName: 'Ana',
          lastName: 'Lopez',
          email: 'ana@example.com',
          phoneDirect: '01 44 00 00 00',
          sourceId: web?.id,
        },
      },
    });

    await byTest(page, 'menu-settings').click();
    await byTest(page, 'settings-lists-link').click();
    await page.waitForURL(/\/settings\/lists/);
    await waitForText(page, 'page-title', 'Listes de valeurs');
    await byTest(page, 'setting-tab-SOURCE').click();
    const editor = byTest(page, 'setting-list-SOURCE');
    const rows = byTest(editor, 'setting-row');
    await rows.first().waitFor();
    const before = await rows.count();

    await byTest(editor, 'setting-new-label').fill('Partenaire');
    await byTest(editor, 'setting-add').click();
    await rows.filter({ hasText: 'Partenaire' }).waitFor();
    expect(await rows.count()).toBe(before + 1);

    // A duplicate (whatever the case) is refused under the field.
    await byTest(editor, 'setting-new-label').fill('partenaire');
    await byTest(editor, 'setting-add').click();
    await byTest(editor, 'setting-new-error').waitFor();

    // So is an empty value (spaces only): the field says why nothing was added.
    await byTest(editor, 'setting-new-label').fill('   ');
    await byTest(editor, 'setting-add').click();
    await waitForText(editor, 'setting-new-error', 'Ce champ est obligatoire.');
    expect(await rows.count()).toBe(before + 1);

    const partner = rows.filter({ hasText: 'Partenaire' });
    await byTest(partner, 'setting-rename').click();
    await byTest(editor, 'setting-label-input').fill('Partenaires');
    await byTest(editor, 'setting-rename-save').click();
    await waitForText(editor, 'setting-label', 'Partenaires');

    // Up one place: it was last.
    await byTest(rows.last(), 'setting-up').click();
    await rows
      .nth(before - 1)
      .filter({ hasText: 'Partenaires' })
      .waitFor();

    await byTest(rows.filter({ hasText: 'Partenaires' }), 'setting-toggle-hidden').click();
    await editor.locator('[data-test="setting-row"][data-hidden="true"]').filter({ hasText: 'Partenaires' }).waitFor();
    await screenshot(page, 'clients-20-settings-lists');

    // A value in use cannot be deleted: the server says so.
    await byTest(rows.filter({ hasText: 'Site web' }), 'setting-delete').click();
    await confirm(page);
    await waitForText(editor, 'error-message', 'Site web');
    expect(await rows.filter({ hasText: 'Site web' }).count()).toBe(1);

    await byTest(rows.filter({ hasText: 'Partenaires' }), 'setting-delete').click();
    await confirm(page);
    await rows.filter({ hasText: 'Partenaires' }).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(before);
  });

  // (Was company-documents.test.ts: merged here to share this file's API and browser.)
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

  it('refuses a company saved from a stale tab (Ville « Roubaix » over « Lille Centre »), keeping the edit until « Recharger »', async () => {
    const client = await session.apiClient();
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Filature Onglets',
          city: 'Lille',
          mainContact: { firstName: 'Lou', lastName: 'Onglets', email: 'lou@onglets.test', phoneDirect: '0320000001' },
        },
      },
    );
    const city = async () =>
      (await client.ok(`query($id: ID!) { company(id: $id) { city } }`, { id: createCompany.id })).company.city;
    const tabB = await page.context().newPage();
    for (const tab of [page, tabB]) {
      await tab.goto(`/companies/${createCompany.id}`);
      await waitForText(tab, 'page-title', 'Filature Onglets');
    }

    await byTest(page, 'company-city').fill('Lille Centre');
    await byTest(page, 'company-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor({ state: 'visible' });

    await byTest(tabB, 'company-city').fill('Roubaix');
    await byTest(tabB, 'company-save').click();
    await waitForText(tabB, 'stale-record', /Cette fiche a été modifiée par Test Admin à \d\d:\d\d depuis/);
    expect(await byTest(tabB, 'company-city').inputValue()).toBe('Roubaix');
    expect(await city()).toBe('Lille Centre');

    await byTest(tabB, 'stale-record-reload').click();
    await byTest(tabB, 'stale-record').waitFor({ state: 'detached' });
    expect(await byTest(tabB, 'company-city').inputValue()).toBe('Lille Centre');
    await tabB.close();
  });
});
