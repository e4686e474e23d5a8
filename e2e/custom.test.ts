import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  TestClient,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  type TestWorkspace,
} from '../server/test/harness';
import {
  assertWebClientBuilt,
  byTest,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitForText,
  waitForValue,
} from './support/browser';

jest.setTimeout(120_000);

/** Picks an option of a naive-ui select (the one with this data-test). */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await byTest(page, testId).click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

const mainContact = { firstName: 'Claire', lastName: 'Martin', email: 'claire@acme.fr', phoneDirect: '0142685300' };

describe('custom fields, custom pages and the pipeline', () => {
  let api: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;
  let client: TestClient;

  beforeAll(async () => {
    assertWebClientBuilt();
    api = await startTestApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await closeFactories();
  });

  beforeEach(async () => {
    ({ context, page } = await openPage(browser, api.url));
    // Six engineers share two cores: a sign-in under load can take longer than the default 10 s.
    context.setDefaultTimeout(30_000);
    admin = await createWorkspaceWithAdmin();
    client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    await signIn(page, admin.email, admin.password);
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  async function newCompany(name: string): Promise<{ id: string; mainContact: { id: string } }> {
    const data = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      { input: { name, mainContact } },
    );
    return data.createCompany;
  }

  it('an admin defines a choice field, sets it on a company and sees it on the company page', async () => {
    await page.goto('/settings');
    await byTest(page, 'settings-custom-fields-link').click();
    await page.waitForURL(/\/settings\/custom-fields/);
    await byTest(page, 'cf-new').click();
    const dialog = byTest(page, 'custom-field-dialog');
    await byTest(dialog, 'cf-label-fr').fill('Niveau client');
    await choose(page, 'cf-type', 'Choix unique');
    await byTest(dialog, 'cf-add-choice').click();
    await byTest(dialog, 'cf-choice-fr-0').fill('Or');
    await byTest(dialog, 'cf-add-choice').click();
    await byTest(dialog, 'cf-choice-fr-1').fill('Argent');
    await byTest(dialog, 'cf-save').click();
    await waitForText(page, 'cf-row', 'Niveau client');
    await waitForText(page, 'cf-row', 'Or, Argent');

    const company = await newCompany('Acme Événements');
    await page.goto(`/companies/${company.id}`);
    const editor = byTest(page, 'custom-fields-editor');
    await waitForText(editor, 'cf-item-niveau_client', 'Niveau client');
    await choose(page, 'cf-input-niveau_client', 'Argent');
    // A custom field alone is an unsaved change: leaving asks first.
    await byTest(page, 'menu-contacts').click();
    const leave = page.locator('.n-dialog').filter({ hasText: 'Quitter sans enregistrer ?' });
    await leave.getByRole('button', { name: 'Rester' }).click();
    await leave.waitFor({ state: 'detached' });
    // The page's one "Enregistrer" saves the general fields and the custom fields together.
    await byTest(page, 'company-website').fill('acme-evenements.fr');
    expect(await byTest(editor, 'custom-fields-save').count()).toBe(0);
    await byTest(page, 'company-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor();

    await page.reload();
    await waitForText(page, 'cf-input-niveau_client', 'Argent');
    const stored = await client.ok(`query($id: ID!) { company(id: $id) { website customFields } }`, {
      id: company.id,
    });
    expect(stored.company.website).toContain('acme-evenements.fr');
    expect(stored.company.customFields).toEqual({ niveau_client: 'argent' });
  });

  it("the contact page's one save keeps its custom fields with its other fields", async () => {
    await client.ok(
      'mutation { createCustomField(input: { recordKind: CONTACT, key: "badge", labelFr: "Badge", type: TEXT }) { id } }',
    );
    const company = await newCompany('Badges Événements');
    await page.goto(`/contacts/${company.mainContact.id}`);
    const badge = byTest(page, 'cf-input-badge');
    await badge.fill('VIP');
    await byTest(page, 'contact-position').fill('Régisseuse');
    await byTest(page, 'contact-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor();
    await page.reload();
    await badge.waitFor();
    await waitForValue(page, 'cf-input-badge', 'VIP');
    const { contact } = await client.ok(`query($id: ID!) { contact(id: $id) { position customFields } }`, {
      id: company.mainContact.id,
    });
    expect(contact).toEqual({ position: 'Régisseuse', customFields: { badge: 'VIP' } });
  });

  it('defines a custom choice field, sets it on a company, shows it as a list column and filters by it', async () => {
    // An admin defines the field in the settings.
    await page.goto('/settings/custom-fields');
    await byTest(page, 'cf-new').click();
    const dialog = byTest(page, 'custom-field-dialog');
    await byTest(dialog, 'cf-label-fr').fill('Niveau client');
    await choose(page, 'cf-type', 'Choix unique');
    await byTest(dialog, 'cf-add-choice').click();
    await byTest(dialog, 'cf-choice-fr-0').fill('Or');
    await byTest(dialog, 'cf-add-choice').click();
    await byTest(dialog, 'cf-choice-fr-1').fill('Argent');
    await byTest(dialog, 'cf-save').click();
    await waitForText(page, 'cf-row', 'Or, Argent');

    // Sets it on a company from the company page; a second company gets the other choice, a third none.
    const acme = await newCompany('Acme');
    const bravo = await newCompany('Bravo');
    await newCompany('Charlie');
    await page.goto(`/companies/${acme.id}`);
    const editor = byTest(page, 'custom-fields-editor');
    await waitForText(editor, 'cf-item-niveau_client', 'Niveau client');
    await choose(page, 'cf-input-niveau_client', 'Or');
    await byTest(page, 'company-save').click();
    await page.getByText('Modifications enregistrées.').first().waitFor();
    await client.ok(
      `mutation($id: ID!) { updateCompany(id: $id, input: { customFields: { niveau_client: "argent" } }) { id } }`,
      {
        id: bravo.id,
      },
    );

    // The list offers it as an optional column.
    await page.goto('/companies');
    await waitForText(page, 'list-total', '3 résultats');
    const column = 'custom.niveau_client';
    expect(await byTest(page, `column-header-${column}`).count()).toBe(0);
    await byTest(page, 'column-chooser').click();
    await byTest(page, `column-toggle-${column}`).click();
    await byTest(page, `column-header-${column}`).waitFor();
    await byTest(page, 'column-chooser').click();
    await byTest(page, 'column-chooser-list').waitFor({ state: 'hidden' });
    const names = () => page.locator('[data-test="list-row"] [data-test="cell-link-name"]').allInnerTexts();
    const row = (name: string) => page.locator('[data-test="list-row"]').filter({ hasText: name });
    await row('Acme').filter({ hasText: 'Or' }).waitFor();
    await row('Bravo').filter({ hasText: 'Argent' }).waitFor();

    // Sorted by it (in the order of the choices), descending: Argent, then Or, then no value (empty
    // values sort last both ways).
    await byTest(page, `column-header-${column}`).click();
    await byTest(page, 'column-menu-desc').last().click();
    await expect(byTest(page, `column-sort-${column}`).getAttribute('data-direction')).resolves.toBe('DESC');
    await page.locator('[data-test="list-row"]').first().filter({ hasText: 'Bravo' }).waitFor();
    expect(await names()).toEqual(['Bravo', 'Acme', 'Charlie']);

    // Filtered by it.
    await byTest(page, `column-header-${column}`).click();
    await byTest(page, 'column-menu-filter').last().click();
    await byTest(page, 'filter-values').click();
    await page.locator('.n-base-select-option').filter({ hasText: /^Or$/ }).click();
    // A click beside the open menu closes it, uncovering the button.
    await page.locator('.n-card-header').last().click();
    await page.locator('.n-base-select-menu').waitFor({ state: 'hidden' });
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '1 résultat');
    await waitForText(page, 'filter-chip', 'Niveau client est parmi Or');
    expect(await names()).toEqual(['Acme']);
    await screenshot(page, 'company list - custom field column filtered');

    // The API answers the same filter.
    const data = await client.ok(
      `{ companies(filter: { column: "${column}", op: IN, values: ["or"] }) { edges { node { name } } } }`,
    );
    expect(data.companies.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Acme']);
  });

  it('applies a page template on the "Personnalisé" tab, then adds a block and saves the page', async () => {
    await client.ok(`mutation($input: CreatePageTemplateInput!) { createPageTemplate(input: $input) { id } }`, {
      input: {
        recordKind: 'COMPANY',
        name: 'Fiche standard',
        blocks: [
          { kind: 'HEADING', x: 0, y: 0, w: 12, h: 1, text: 'Profil du client' },
          { kind: 'RECORD_FIELD', x: 0, y: 1, w: 6, h: 1, field: 'name' },
        ],
      },
    });
    const company = await newCompany('Zénith Organisation');
    await page.goto(`/companies/${company.id}?tab=custom`);
    await byTest(page, 'custom-page-empty').waitFor();
    await choose(page, 'custom-page-template', 'Fiche standard');
    await byTest(page, 'custom-page-apply').click();
    const grid = byTest(page, 'page-grid');
    await waitForText(grid, 'page-block', 'Profil du client');
    await waitForText(grid, 'page-block', 'Zénith Organisation');

    await byTest(page, 'custom-page-edit').click();
    await choose(page, 'block-kind', 'Texte');
    await byTest(page, 'block-add').click();
    const added = byTest(grid, 'page-block').last();
    await byTest(added, 'block-text').fill('Client depuis 2019, préfère les séminaires.');
    // Drag the new block to the right half of the grid by its handle.
    const box = await grid.boundingBox();
    if (!box) throw new Error('no grid');
    await byTest(added, 'block-handle').dragTo(grid, { targetPosition: { x: box.width * 0.55, y: 10 } });
    await expect(added.getAttribute('data-x')).resolves.toBe('6');
    await byTest(page, 'custom-page-save').click();
    await page.getByText('Page enregistrée.').waitFor();

    await page.reload();
    await waitForText(page, 'page-block', 'Client depuis 2019');
    await waitForText(page, 'page-block', 'Profil du client');
    const saved = await client.ok(
      `query($id: ID!) { customPage(recordKind: COMPANY, recordId: $id) { blocks { kind x y text } } }`,
      { id: company.id },
    );
    expect(saved.customPage.blocks).toContainEqual(
      expect.objectContaining({ kind: 'TEXT', x: 6, text: 'Client depuis 2019, préfère les séminaires.' }),
    );
  });

  it('makes a contact template from the Contacts tab of the template settings, then applies it on a contact', async () => {
    await page.goto('/settings/page-templates');
    // Both tabs carry their label, and the page follows the chosen one.
    await waitForText(page, 'template-tab-COMPANY', 'Sociétés');
    await waitForText(page, 'template-tab-CONTACT', 'Contacts');
    await byTest(page, 'template-tab-CONTACT').click();
    await page.waitForURL(/kind=CONTACT/);
    await byTest(page, 'template-new-name').fill('Fiche participant');
    await byTest(page, 'template-create').click();
    const editor = byTest(page, 'template-editor');
    await editor.waitFor();
    await choose(page, 'block-kind', 'Texte');
    await byTest(page, 'block-add').click();
    await choose(page, 'block-kind', 'Lien');
    await byTest(page, 'block-add').click();
    // Saved empty: each block says what it lacks, the banner only points at them.
    await byTest(page, 'template-save').click();
    const blocks = byTest(editor, 'page-block');
    await waitForText(blocks.nth(0), 'block-error', 'Ce champ est obligatoire.');
    await byTest(blocks.nth(1), 'block-error').waitFor();
    await waitForText(page, 'template-error', 'Certains blocs sont incomplets');
    expect(await byTest(page, 'template-error').textContent()).not.toContain('Ce champ est obligatoire.');
    await byTest(blocks.nth(1), 'block-remove').click();
    await byTest(editor, 'block-text').last().fill('Régime alimentaire à demander.');
    const saved = page.waitForResponse((r) => (r.request().postData() ?? '').includes('updatePageTemplate'));
    await byTest(page, 'template-save').click();
    await saved;
    const templates = await client.ok('{ pageTemplates(recordKind: CONTACT) { name } }');
    expect(templates.pageTemplates.map((t: { name: string }) => t.name)).toEqual(['Fiche participant']);

    const company = await newCompany('Participants SARL');
    await page.goto(`/contacts/${company.mainContact.id}`);
    await byTest(page, 'custom-page-empty').waitFor();
    await choose(page, 'custom-page-template', 'Fiche participant');
    await byTest(page, 'custom-page-apply').click();
    await waitForText(byTest(page, 'page-grid'), 'page-block', 'Régime alimentaire à demander.');
  });

  it('drags a contact to the next pipeline column; its progress state has changed after a reload', async () => {
    const company = await newCompany('Pipeline SA');
    const states = await client.ok('{ settingOptions(list: PROGRESS_STATE) { id label } }');
    const toQualify = states.settingOptions.find((s: { label: string }) => s.label === 'À qualifier').id;
    const contactId = company.mainContact.id;
    await client.ok('mutation($id: ID!, $s: ID!) { updateContact(id: $id, input: { progressStateId: $s }) { id } }', {
      id: contactId,
      s: toQualify,
    });
    // A state added in the settings lists is in no column: its contact is on the board all the same.
    const relance = (
      await client.ok(`mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Relance" }) { id } }`)
    ).createSettingOption.id;
    const orphanId = (
      await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId: company.id, firstName: 'Olga', lastName: 'Orpheline', progressStateId: relance },
      })
    ).createContact.id;

    // The dashboard shows the board too.
    await page.goto('/');
    await byTest(page, 'pipeline-board').locator(`[data-contact="${contactId}"]`).waitFor();
    await byTest(page, 'menu-pipeline').click();
    await page.waitForURL(/\/pipeline$/);
    const first = page.locator('[data-test="pipeline-column"][data-column="À qualifier"]');
    const next = page.locator('[data-test="pipeline-column"][data-column="En discussion"]');
    const card = first.locator(`[data-contact="${contactId}"]`);
    await card.waitFor();
    await expect(byTest(first, 'pipeline-count').textContent()).resolves.toContain('1');
    await card.dragTo(next);
    await next.locator(`[data-contact="${contactId}"]`).filter({ hasText: 'Premier contact' }).waitFor();

    await page.reload();
    const moved = next.locator(`[data-contact="${contactId}"]`);
    await moved.filter({ hasText: 'Premier contact' }).waitFor();
    expect(await first.locator(`[data-contact="${contactId}"]`).count()).toBe(0);
    await expect(byTest(next, 'pipeline-count').textContent()).resolves.toContain('1');

    // The trailing "Autres états" column holds it; dragged out to a column, it takes that column's state.
    // Wide enough for the six columns: a drag does not scroll the board between them.
    await page.setViewportSize({ width: 1900, height: 800 });
    const others = page.locator('[data-test="pipeline-column"][data-unassigned]');
    await expect(others.getAttribute('data-column')).resolves.toBe('Autres états');
    await waitForText(others, 'pipeline-unassigned-hint', 'Relance');
    await others.locator(`[data-contact="${orphanId}"]`).dragTo(first);
    await first.locator(`[data-contact="${orphanId}"]`).filter({ hasText: 'À qualifier' }).waitFor();
    await expect(byTest(others, 'pipeline-count').textContent()).resolves.toContain('0');

    // A click on the card opens the contact, which shows the new state.
    await moved.click();
    await page.waitForURL(new RegExp(`/contacts/${contactId}$`));
    const contact = await client.ok('query($id: ID!) { contact(id: $id) { progressState { label } } }', {
      id: contactId,
    });
    expect(contact.contact.progressState.label).toBe('Premier contact');

    // The pipeline settings name the state no column holds.
    await page.goto('/settings/pipeline');
    await waitForText(page, 'pipeline-unassigned-states', 'Relance');
  });

  it('a card dropped into a paged column is shown once after "Voir plus", and the count matches', async () => {
    const company = await newCompany('Pipeline Pages SA');
    const states = await client.ok('{ settingOptions(list: PROGRESS_STATE) { id label } }');
    const stateId = (label: string) => states.settingOptions.find((s: { label: string }) => s.label === label).id;
    await client.ok('mutation($id: ID!, $s: ID!) { updateContact(id: $id, input: { progressStateId: $s }) { id } }', {
      id: company.mainContact.id,
      s: stateId('À qualifier'),
    });
    // 22 cards in "À qualifier": the column has a second page (20 a page).
    for (let i = 1; i <= 21; i += 1) {
      await client.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
        input: {
          companyId: company.id,
          firstName: 'Test',
          lastName: `Aa${String(i).padStart(2, '0')}`,
          progressStateId: stateId('À qualifier'),
        },
      });
    }
    // Its name sorts after every card of "À qualifier": the server sends it again on the second page.
    const late = await client.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
      input: { companyId: company.id, firstName: 'Zoé', lastName: 'Zzzz', progressStateId: stateId('Premier contact') },
    });
    const lateId = late.createContact.id;

    await page.goto('/pipeline');
    const first = page.locator('[data-test="pipeline-column"][data-column="À qualifier"]');
    const next = page.locator('[data-test="pipeline-column"][data-column="En discussion"]');
    await next.locator(`[data-contact="${lateId}"]`).waitFor();
    await expect(byTest(first, 'pipeline-count').textContent()).resolves.toContain('22');
    await expect(first.locator('[data-test="pipeline-card"]').count()).resolves.toBe(20);

    // Dropped on the column's header: the middle of a column of 20 cards is below the fold.
    await next.locator(`[data-contact="${lateId}"]`).dragTo(first, { targetPosition: { x: 60, y: 20 } });
    // The API has answered once the card shows its new state.
    await first.locator(`[data-contact="${lateId}"]`).filter({ hasText: 'À qualifier' }).waitFor();
    await expect(byTest(first, 'pipeline-count').textContent()).resolves.toContain('23');

    await first.getByRole('button', { name: 'Voir plus' }).click();
    await first.locator('[data-test="pipeline-card"]').nth(22).waitFor();
    await expect(first.getByRole('button', { name: 'Voir plus' }).count()).resolves.toBe(0);
    expect(await first.locator(`[data-contact="${lateId}"]`).count()).toBe(1);
    expect(await first.locator('[data-test="pipeline-card"]').count()).toBe(23);
    await expect(byTest(first, 'pipeline-count').textContent()).resolves.toContain('23');
  });

  it("saving one pipeline row keeps another row's unsaved label; leaving with it asks first", async () => {
    await page.goto('/settings/pipeline');
    const rows = byTest(page, 'pipeline-column-row');
    await rows.nth(3).waitFor();
    const label = (i: number) => byTest(rows.nth(i), 'pipeline-column-label');
    const third = await label(2).inputValue();
    const fourth = await label(3).inputValue();
    await label(2).fill(`${third} (bis)`);
    await label(3).fill(`${fourth} (ter)`);
    await byTest(rows.nth(3), 'pipeline-column-save').click();
    // Shown once the columns have been read again.
    await page.getByText('Colonne enregistrée.').first().waitFor();
    expect(await label(2).inputValue()).toBe(`${third} (bis)`);
    expect(await label(3).inputValue()).toBe(`${fourth} (ter)`);

    const leave = page.locator('.n-dialog').filter({ hasText: 'Quitter sans enregistrer ?' });
    await byTest(page, 'menu-companies').click();
    await leave.getByRole('button', { name: 'Rester' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/settings/pipeline');
    expect(await label(2).inputValue()).toBe(`${third} (bis)`);
    const reread = page.waitForResponse((r) => /query PipelineColumns\b/.test(r.request().postData() ?? ''));
    await byTest(rows.nth(2), 'pipeline-column-save').click();
    await reread;
    const { pipelineColumns } = await client.ok('{ pipelineColumns { label } }');
    expect(pipelineColumns.map((c: { label: string }) => c.label)).toEqual(
      expect.arrayContaining([`${third} (bis)`, `${fourth} (ter)`]),
    );
    // Everything saved: no question.
    await byTest(page, 'menu-companies').click();
    await page.waitForURL(/\/companies$/);
    expect(await leave.count()).toBe(0);
  });

  it('a page template with an added block not saved asks before it is left', async () => {
    await page.goto('/settings/page-templates');
    await byTest(page, 'template-new-name').fill('Fiche client');
    await byTest(page, 'template-create').click();
    const editor = byTest(page, 'template-editor');
    await editor.waitFor();
    // Just created: nothing to lose.
    await byTest(page, 'menu-contacts').click();
    await page.waitForURL(/\/contacts$/);
    await page.goBack();
    await byTest(page, 'template-row').first().waitFor();
    await byTest(page, 'template-row').first().locator('a').click();
    await editor.waitFor();
    await choose(page, 'block-kind', 'Texte');
    await byTest(page, 'block-add').click();
    await byTest(editor, 'block-text').last().fill('Points de vigilance du client');
    const leave = page.locator('.n-dialog').filter({ hasText: 'Quitter sans enregistrer ?' });
    await byTest(page, 'menu-contacts').click();
    await leave.getByRole('button', { name: 'Rester' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(await byTest(editor, 'block-text').last().inputValue()).toBe('Points de vigilance du client');
    await byTest(page, 'menu-contacts').click();
    await leave.getByRole('button', { name: 'Quitter' }).click();
    await page.waitForURL(/\/contacts$/);
  });

  it('« Nouveau champ »: the « Obligatoire » label toggles its switch; a choice without its French label is named', async () => {
    await page.goto('/settings/custom-fields');
    await byTest(page, 'cf-new').click();
    const dialog = byTest(page, 'custom-field-dialog');
    const required = dialog.getByRole('switch', { name: 'Obligatoire' });
    expect(await required.getAttribute('aria-checked')).toBe('false');
    await byTest(dialog, 'cf-required-label').click();
    expect(await required.getAttribute('aria-checked')).toBe('true');
    await byTest(dialog, 'cf-required-label').click();
    expect(await required.getAttribute('aria-checked')).toBe('false');

    await byTest(dialog, 'cf-label-fr').fill('Formule');
    await choose(page, 'cf-type', 'Choix unique');
    await byTest(dialog, 'cf-add-choice').click();
    await byTest(dialog, 'cf-add-choice').click();
    await dialog.getByRole('textbox', { name: 'Choix 1, libellé français' }).fill('Or');
    await dialog.getByRole('textbox', { name: 'Choix 2, libellé anglais' }).fill('Silver');
    await byTest(dialog, 'cf-save').click();
    await waitForText(dialog, 'cf-choice-error-1', 'Choix 2, libellé français : Ce champ est obligatoire.');
    expect(await byTest(dialog, 'cf-choice-error-0').count()).toBe(0);
  });
  it('moves a card to another column from the keyboard with « Déplacer vers… », and shows that the board scrolls', async () => {
    const company = await newCompany('Clavier Pipeline SA');
    const states = await client.ok('{ settingOptions(list: PROGRESS_STATE) { id label } }');
    const toQualify = states.settingOptions.find((s: { label: string }) => s.label === 'À qualifier').id;
    const contactId = company.mainContact.id;
    await client.ok('mutation($id: ID!, $s: ID!) { updateContact(id: $id, input: { progressStateId: $s }) { id } }', {
      id: contactId,
      s: toQualify,
    });
    // Narrower than the columns: the board scrolls sideways, and says so on the hidden side.
    await page.setViewportSize({ width: 900, height: 800 });
    await page.goto('/pipeline');
    const first = page.locator('[data-test="pipeline-column"][data-column="À qualifier"]');
    const next = page.locator('[data-test="pipeline-column"][data-column="En discussion"]');
    const card = first.locator(`[data-contact="${contactId}"]`);
    await card.waitFor();
    const viewport = byTest(page, 'pipeline-viewport');
    await page.locator('[data-test="pipeline-viewport"][data-hidden-right]').waitFor();
    expect(await viewport.getAttribute('data-hidden-left')).toBeNull();
    await byTest(page, 'pipeline-columns').evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await page.locator('[data-test="pipeline-viewport"][data-hidden-left]').waitFor();
    expect(await viewport.getAttribute('data-hidden-right')).toBeNull();
    await byTest(page, 'pipeline-columns').evaluate((el) => el.scrollTo({ left: 0 }));

    // Tab from the card reaches its « Déplacer vers… » button, named for screen readers.
    await card.focus();
    await page.keyboard.press('Tab');
    const button = byTest(card, 'pipeline-move');
    expect(await button.evaluate((el) => el.matches(':focus'))).toBe(true);
    expect(await button.getAttribute('aria-label')).toBe('Déplacer Claire Martin vers une autre colonne');
    // Enter opens the menu (not the contact): every other column, but « Autres états ».
    await page.keyboard.press('Enter');
    const options = page.locator('.n-dropdown-option');
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    expect(labels[0].trim()).toBe('En discussion');
    expect(labels.map((l) => l.trim())).not.toContain('À qualifier');
    expect(labels.map((l) => l.trim())).not.toContain('Autres états');
    expect(page.url()).toMatch(/\/pipeline$/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    // Moved like a drop: the new column's first state, said to screen readers, the focus kept on the card.
    const moved = next.locator(`[data-contact="${contactId}"]`);
    await moved.filter({ hasText: 'Premier contact' }).waitFor();
    expect(await card.count()).toBe(0);
    await waitForText(page, 'pipeline-announce', 'Claire Martin déplacé vers « En discussion ».');
    expect(await byTest(moved, 'pipeline-move').evaluate((el) => el.matches(':focus'))).toBe(true);
    const contact = await client.ok('query($id: ID!) { contact(id: $id) { progressState { label } } }', {
      id: contactId,
    });
    expect(contact.contact.progressState.label).toBe('Premier contact');

    // Enter on the card itself still opens the contact.
    await moved.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${contactId}$`));
  });
});
