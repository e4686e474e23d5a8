import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../server/test/harness';
import { type Cell, xlsx } from '../server/test/import-files';
import { JobRegistry, type JobRunContext } from '../server/src/jobs/job-handler';
import { type RunningWorker, startWorker } from '../server/src/jobs/worker';
import { importJobHandler } from '../server/src/modules/import/import.job';
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

// Page-side code (page.evaluate) runs in the browser; no DOM lib in the server tsconfig.
declare const document: { activeElement: { getAttribute(name: string): string | null } | null };

jest.setTimeout(180_000);

/** 20 contacts of 7 companies; rows 6, 12 and 18 of the sheet are wrong (email, SIRET, missing name). */
async function contactsFile(): Promise<Buffer> {
  const rows: (string | number | null)[][] = [
    [
      'Société cliente',
      'SIRET',
      'Code postal',
      'Ville',
      'Prénom du contact',
      'Nom du contact',
      'Email du contact',
      'Téléphone portable du contact',
      'Opt-In',
    ],
  ];
  for (let i = 1; i <= 20; i++) {
    const sheetRow = i + 1;
    rows.push([
      `Agence ${i % 7}`,
      sheetRow === 12 ? '12345678901234' : null,
      '75010',
      'Paris',
      `Prénom${i}`,
      sheetRow === 18 ? null : `Nom${i}`,
      sheetRow === 6 ? 'pas-un-email' : `contact${i}@agence${i % 7}.fr`,
      600000000 + i,
      i % 2 ? 'Oui' : 'Non',
    ]);
  }
  return xlsx(rows);
}

/** Picks an option of a filterable naive-ui select (the one with this data-test), typing its label. */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await byTest(page, testId).click();
  await page.keyboard.type(label);
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
  // The select shows its new value: a click lost while the menu re-rendered fails here, by name.
  await byTest(page, testId).filter({ hasText: label }).waitFor();
}

describe('import page', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let failNextAttempt = false;

  beforeAll(async () => {
    assertWebClientBuilt();
    // A queue of its own, so this file's worker never takes another file's import jobs.
    api = await startTestApi({ IMPORT_BATCH_ROWS: '4', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-e2eimport` });
    const imports = importJobHandler({ pauseAfterBatchMs: 300 });
    // A test may make the next attempt fail the way a lost database connection would.
    const flaky = {
      ...imports,
      run: (ctx: JobRunContext) => {
        if (!failNextAttempt) return imports.run(ctx);
        failNextAttempt = false;
        return Promise.reject(new Error('La connexion à la base de données a été coupée'));
      },
    };
    worker = await startWorker(api.deps, new JobRegistry([flaky]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await closeFactories();
  });
  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
  });

  it('imports a file of 20 rows with 3 bad ones: preview, progress, result and report', async () => {
    ({ context, page } = await openPage(browser, api.url));
    // Parsing starts a child process: slow on a loaded machine.
    context.setDefaultTimeout(60_000);
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);
    await byTest(page, 'menu-import').click();
    await page.waitForURL(/\/import/);
    await byTest(page, 'import-target-contacts').click();
    await byTest(page, 'import-template').waitFor();

    const dir = mkdtempSync(path.join(os.tmpdir(), 'import-e2e-'));
    const file = path.join(dir, 'contacts.xlsx');
    writeFileSync(file, await contactsFile());
    await byTest(page, 'import-upload').locator('input[type=file]').setInputFiles(file);

    await waitForText(
      page,
      'import-counts',
      '20 ligne(s) : 17 à créer, 0 à mettre à jour, 0 inchangée(s), 3 en erreur.',
    );
    const table = byTest(page, 'import-preview-table');
    await table.locator('.import-row--error').first().waitFor();
    expect(await table.locator('.import-row--error').count()).toBe(3);
    expect(await table.locator('.import-row--error').first().innerText()).toMatch(/Email du contact : /);
    // Why a row is refused shows without scrolling sideways, on a few lines, not one word a line.
    const reason = table.locator('.import-errors li').first();
    const [reasonBox, tableBox] = [await reason.boundingBox(), await table.boundingBox()];
    expect(reasonBox!.x + reasonBox!.width).toBeLessThanOrEqual(tableBox!.x + tableBox!.width);
    expect(reasonBox!.height).toBeLessThan(100);
    await screenshot(page, 'import preview');

    await byTest(page, 'import-start').click();
    await byTest(page, 'job-progress').waitFor();
    await waitForText(page, 'job-progress', /\d+ \/ 20/);
    await waitForText(
      page,
      'import-result',
      'Import terminé : 17 créée(s), 0 mise(s) à jour, 0 inchangée(s), 3 rejetée(s).',
    );

    const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, 'import-report').click()]);
    const saved = path.join(dir, 'report.xlsx');
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(saved) as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(11).value).toBe('Erreur');
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(10).value)).toEqual([6, 12, 18]);

    // The card says the import is over, and leads to the list it filled.
    expect(await byTest(page, 'import-job').locator('.n-card-header').innerText()).toContain('Import terminé');
    await byTest(page, 'import-open-list').click();
    await page.waitForURL(/\/contacts$/);
    await waitForText(page, 'list-total', '17 résultats');
  });

  it('says when an attempt failed and another one is coming, then finishes the import', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();
    await uploadRows('retry.xlsx', [
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
      ['Agence Reprise', 'Nina', 'Lambert', 'nina@agence-reprise.fr'],
    ]);
    await waitForText(page, 'import-counts', '1 ligne(s) : 1 à créer');
    failNextAttempt = true;
    await byTest(page, 'import-start').click();
    // The first attempt fails; the retry comes 2 s later: the page says what happened meanwhile.
    await waitForText(
      page,
      'import-job-retry',
      /tentative n° 1 a échoué \(La connexion à la base de données a été coupée\)/,
    );
    await screenshot(page, 'import attempt failed, retry coming');
    await waitForText(
      page,
      'import-result',
      'Import terminé : 1 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 rejetée(s).',
    );
    expect(await byTest(page, 'import-job-retry').count()).toBe(0);
  });

  /** A new workspace with this company custom field, signed in on the companies import page. */
  async function companiesImportWith(field: Record<string, unknown>) {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    const admin = await createWorkspaceWithAdmin();
    const client = await clientFor(api, admin);
    await client.ok(`mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, {
      input: { recordKind: 'COMPANY', ...field },
    });
    await signIn(page, admin.email, admin.password);
    await page.goto('/import?target=companies');
    await byTest(page, 'import-template').waitFor();
    return client;
  }

  /** Drops an .xlsx of these rows on the upload area. */
  async function uploadRows(name: string, rows: Cell[][]) {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-e2e-')), name);
    writeFileSync(file, await xlsx(rows));
    await byTest(page, 'import-upload').locator('input[type=file]').setInputFiles(file);
  }

  /** Starts the import of the preview shown, waits for its one company created, and returns it ("Acme…"). */
  async function importOneCompany(client: TestClient) {
    await byTest(page, 'import-start').click();
    await waitForText(
      page,
      'import-result',
      'Import terminé : 1 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 rejetée(s).',
    );
    const found = await client.ok(`query { companyPicker(query: "Acme") { id customFields } }`);
    return found.companyPicker[0] as { id: string; customFields: Record<string, unknown> };
  }

  it('maps a column to a custom field in the preview, imports it, and the company page shows the value', async () => {
    const field = { key: 'budget', labelFr: 'Budget annuel', labelEn: 'Annual budget', type: 'NUMBER' };
    const client = await companiesImportWith(field);
    // "Enveloppe" is no field's label: the column is unknown until the user maps it.
    await uploadRows('budgets.xlsx', [
      ['Société cliente', 'Ville', 'Enveloppe'],
      ['Acme Événements', 'Lyon', 1500],
    ]);
    await waitForText(page, 'import-unknown-columns', 'Enveloppe');
    await choose(page, 'import-map-2', 'Budget annuel');
    // The preview is planned again with the mapping: the column is no longer unknown.
    await byTest(page, 'import-unknown-columns').waitFor({ state: 'detached' });
    await waitForText(page, 'import-row-summary', 'Création : société');
    expect(await byTest(page, 'import-unknown-columns').count()).toBe(0);
    await screenshot(page, 'import mapped to a custom field');

    const company = await importOneCompany(client);
    expect(company.customFields).toEqual({ budget: 1500 });
    await page.goto(`/companies/${company.id}`);
    // In French notation, thousands grouped by a narrow no-break space.
    await waitForValue(page, 'cf-input-budget', '1\u202f500');

    // So do the list's column and a filter's chip (its bounds are kept in the API's "1000.5").
    const filter = Buffer.from(JSON.stringify(['a', ['custom.budget', 'BETWEEN', null, null, '1000.5']])).toString(
      'base64url',
    );
    await page.goto(`/companies?cols=name,custom.budget&filter=${filter}`);
    await waitForText(page, 'filter-chip', 'Budget annuel entre 1\u202f000,5 – …');
    await page.locator('[data-test="list-row"]').filter({ hasText: '1\u202f500' }).waitFor();
  });

  it('says what each row does in the column headers’ words: a creation in short, an update by the columns it changes', async () => {
    const client = await companiesImportWith({ key: 'niveau', labelFr: 'Niveau', type: 'TEXT' });
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Cabinet Moreau Avocats',
        postalCode: '75008',
        mainContact: {
          firstName: 'Isabelle',
          lastName: 'Moreau',
          email: 'isabelle.moreau@cabinet-moreau-avocats.example',
          phoneDirect: '0142685300',
        },
      },
    });
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();
    await uploadRows('summary.xlsx', [
      [
        'Société cliente',
        'Code postal',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Poste occupé du contact',
        'Civilité',
      ],
      [
        'Cabinet Moreau Avocats',
        '75008',
        'Isabelle',
        'Moreau',
        'isabelle.moreau@cabinet-moreau-avocats.example',
        'Associée',
        null,
      ],
      ['Nouvelle Agence', '69001', 'Karim', 'Benali', 'karim@nouvelle-agence.example', 'Gérant', 'M.'],
      ['Cabinet Moreau Avocats', '75008', 'Hugo', 'Moreau', 'hugo@cabinet-moreau-avocats.example', null, null],
    ]);
    // Existing records are left as they are unless asked: the preview plans the row so.
    await waitForText(page, 'import-counts', '3 ligne(s) : 2 à créer, 0 à mettre à jour, 1 inchangée(s), 0 en erreur.');
    await byTest(page, 'import-update-existing').click();
    await waitForText(page, 'import-counts', '3 ligne(s) : 2 à créer, 1 à mettre à jour, 0 inchangée(s), 0 en erreur.');
    const summaries = await byTest(page, 'import-row-summary').allInnerTexts();
    expect(summaries).toEqual([
      'Mise à jour : Poste occupé du contact',
      'Création : société + contact',
      'Création : contact',
    ]);
    await screenshot(page, 'import row summaries');
  });

  it('takes a file in another CRM’s words: its columns mapped by hand, a required custom field named until mapped', async () => {
    const client = await companiesImportWith({ key: 'secteur', labelFr: 'Secteur', type: 'TEXT', required: true });
    // No header names a known column: the first row of text cells is taken, its columns listed.
    await uploadRows('other-crm.xlsx', [
      ['Account Name', 'Location', 'Industry'],
      ['Acme Voyages', 'Lyon', 'Tourisme'],
    ]);
    await waitForText(page, 'import-unknown-columns', 'Account Name, Location, Industry');
    await waitForText(page, 'import-missing-required', 'Secteur');
    await waitForText(page, 'import-counts', '1 ligne(s) : 0 à créer, 0 à mettre à jour, 0 inchangée(s), 1 en erreur.');
    await screenshot(page, 'import of unknown columns');

    await choose(page, 'import-map-0', 'Société cliente');
    await waitForText(page, 'import-unknown-columns', /^(?!.*Account Name).*Location, Industry/);
    await choose(page, 'import-map-2', 'Secteur');
    await waitForText(page, 'import-counts', '1 ligne(s) : 1 à créer, 0 à mettre à jour, 0 inchangée(s), 0 en erreur.');
    expect(await byTest(page, 'import-missing-required').count()).toBe(0);

    expect((await importOneCompany(client)).customFields).toEqual({ secteur: 'Tourisme' });
  });
  /** The data-test of the focused element. */
  const focusedTest = () => page.evaluate(() => document.activeElement?.getAttribute('data-test') ?? null);

  it('is operable by keyboard: a "Choisir un fichier" button opens the picker; the job stays in the URL, and the jobs page undoes it', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    const admin = await createWorkspaceWithAdmin();
    const client = await clientFor(api, admin);
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Agence Clavier',
        postalCode: '75010',
        mainContact: {
          firstName: 'Léa',
          lastName: 'Roux',
          email: 'lea@clavier.fr',
          position: 'Gérante',
          phoneDirect: '0142685300',
        },
      },
    });
    await signIn(page, admin.email, admin.password);
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();

    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'import-e2e-')), 'clavier.xlsx');
    writeFileSync(
      file,
      await xlsx([
        [
          'Société cliente',
          'Code postal',
          'Prénom du contact',
          'Nom du contact',
          'Email du contact',
          'Poste occupé du contact',
        ],
        ['Agence Clavier', '75010', 'Léa', 'Roux', 'lea@clavier.fr', 'Stagiaire'],
        ['Agence Clavier', '75010', 'Tom', 'Roux', 'tom@clavier.fr', null],
      ]),
    );
    // Tab until the button has the focus, then the keyboard opens the file picker.
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await focusedTest()) === 'import-choose-file';
    }
    expect(found).toBe(true);
    expect(await focusedTest()).toBe('import-choose-file');
    // Space, like Enter, presses a real button (Chromium gives Playwright the picker of a Space press).
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(file);
    // Updating existing records is asked, off by default: the preview plans it so (Léa unchanged)…
    await waitForText(page, 'import-counts', '2 ligne(s) : 1 à créer, 0 à mettre à jour, 1 inchangée(s)');
    const update = byTest(page, 'import-update-existing');
    await update.waitFor();
    expect(await update.locator('.n-checkbox--checked').count()).toBe(0);
    // …on, it plans the update; off again, only the creation is imported, as the preview says.
    await update.click();
    await waitForText(page, 'import-counts', '2 ligne(s) : 1 à créer, 1 à mettre à jour');
    await update.click();
    await waitForText(page, 'import-counts', '1 inchangée(s)');
    await waitForText(page, 'import-start', 'Importer (1 ligne(s))');
    await byTest(page, 'import-start').click();
    await waitForText(page, 'import-result', /1 créée\(s\), 0 mise\(s\) à jour/);
    const lea = await client.ok('{ contacts(first: 5) { edges { node { email position } } } }');
    expect(lea.contacts.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      email: 'lea@clavier.fr',
      position: 'Gérante',
    });

    // The URL keeps the job: a reload shows its result and its undo.
    expect(page.url()).toMatch(/[?&]job=[0-9a-f-]{36}/);
    const jobId = new URL(page.url()).searchParams.get('job')!;
    await page.reload();
    await waitForText(page, 'import-result', /1 créée\(s\)/);
    await waitForText(page, 'import-job-file', 'clavier.xlsx');
    await byTest(page, 'import-undo').waitFor();

    // The jobs page: the import's file, counts and undo, confirmed in words that say what they do.
    await page.goto('/jobs');
    const row = page.locator(`[data-test="job-row"][data-job-id="${jobId}"]`);
    await waitForText(row, 'job-import-file', 'clavier.xlsx');
    await waitForText(row, 'job-import-counts', '1 créée(s), 0 mise(s) à jour');
    await byTest(row, 'import-undo').click();
    await page.getByRole('button', { name: 'Garder l’import' }).waitFor();
    await screenshot(page, 'jobs page undo an import');
    await page.getByRole('button', { name: 'Annuler l’import' }).click();
    // Said in a toast, which stays when the refreshed row no longer offers the undo.
    await page
      .locator('.n-message', { hasText: 'Import annulé : 1 créé(s) supprimé(s), 0 modifié(s) restauré(s)' })
      .waitFor();
    await waitForText(row, 'job-import-file', '· annulé');
    const after = await client.ok('{ contacts(first: 5) { edges { node { email } } } }');
    expect(after.contacts.edges.map((e: { node: { email: string } }) => e.node.email)).toEqual(['lea@clavier.fr']);
  });

  it('offers a plain user only to associate an unknown settings value, not to create it', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    const user = await createWorkspaceWithAdmin({ role: 'USER' });
    await signIn(page, user.email, user.password);
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();
    await uploadRows('sources.xlsx', [
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Source'],
      ['Agence Source', 'Ana', 'Lopez', 'SourceParUser'],
    ]);
    await waitForText(page, 'import-unknown-values', 'SourceParUser');
    await byTest(page, 'import-value-source').click();
    const options = page.locator('.n-base-select-option');
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels).not.toContain('Créer cette valeur');
  });
  it('names the fields of the mapping in English once the UI is in English', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();
    await byTest(page, 'locale-en').click();
    await uploadRows('english.xlsx', [
      ['Société cliente', 'Prénom du contact', 'Nom du contact'],
      ['Acme', 'Ana', 'Lopez'],
    ]);
    await byTest(page, 'import-map-1').waitFor();
    await byTest(page, 'import-map-1').click();
    const options = page.locator('.n-base-select-option');
    await options.first().waitFor();
    const labels = await options.allInnerTexts();
    expect(labels).toContain('First name');
    expect(labels).not.toContain('Prénom du contact');
  });
  it('on a phone, shows why a row is refused within the screen, wrapped, without scrolling sideways', async () => {
    ({ context, page } = await openPage(browser, api.url));
    context.setDefaultTimeout(60_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);
    await page.goto('/import?target=contacts');
    await byTest(page, 'import-template').waitFor();
    await uploadRows('phone.xlsx', [
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
      ['Agence Mobile', 'Ana', 'Lopez', 'pas-un-email'],
    ]);
    const reason = byTest(page, 'import-preview-table').locator('.import-errors li').first();
    await reason.waitFor();
    const box = (await reason.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await screenshot(page, 'import preview on a phone');
  });
});
