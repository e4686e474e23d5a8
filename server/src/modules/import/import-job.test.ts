import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { PREVIEW, upload, uploadAndPreview, xls, xlsx } from '../../../test/import-files';
import { withTenant } from '../../db/tenant-scope';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import { importJobHandler } from './import.job';
import { waitFor as waitUntil } from '../../../test/wait';

const JOB = `query($id: ID!) { job(id: $id) { id status progressDone progressTotal counts result error attempts
  resultFiles { name url size } } }`;
const START = 'mutation($id: ID!) { startImport(previewId: $id) { id status } }';
const UNDO = 'mutation($id: ID!) { undoImport(jobId: $id) { removed restored } }';

const HEADER = [
  'Date de création',
  'Société cliente',
  'SIRET',
  'Code postal',
  'Ville',
  'Civilité',
  'Prénom du contact',
  'Nom du contact',
  'Email du contact',
  'Téléphone portable du contact',
  'Commentaires sur le contact',
  'Catégorie du commentaire contact',
  'Opt-In',
  'Langues société',
];

// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);
// Import jobs of thousands of rows: longer than the shared default.
const waitFor = <T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 120_000) => waitUntil(probe, until, ms);

describe('import job', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let client: TestClient;
  let workspaceId: string;

  beforeAll(async () => {
    // A queue of its own, so this file's worker never takes another file's import jobs.
    api = await startTestApi({ IMPORT_BATCH_ROWS: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-importjob` });
    worker = await startWorker(api.deps, new JobRegistry([importJobHandler()]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
  });
  beforeEach(async () => {
    const ws = await createWorkspaceWithAdmin();
    workspaceId = ws.workspaceId;
    client = await clientFor(api, ws);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    withTenant(api.deps.dataSource, workspaceId, null, (em) => em.query(query, params) as Promise<T[]>);

  async function runImport(
    rows: unknown[][],
    target: 'COMPANIES' | 'CONTACTS' = 'CONTACTS',
    previewExtra: Record<string, unknown> = {},
  ) {
    const preview = await uploadAndPreview(client, await xlsx(rows as never), 'import.xlsx', target, previewExtra);
    const { startImport } = await client.ok(START, { id: preview.id });
    const done = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
    );
    expect(done.job.error).toBeNull();
    return { preview, job: done.job };
  }

  it('creates companies and contacts with main contact, comments as INFO activities, opt-ins in the consent history, and reports rejected rows', async () => {
    const { preview, job } = await runImport([
      HEADER,
      [
        45672,
        'Alpha',
        73282932000074,
        1000,
        'Bourg',
        'mme',
        'Luc',
        'Durand',
        'luc@alpha.fr',
        612345678,
        'Vu au salon',
        'prospection',
        'Oui',
        'francais; anglais',
      ],
      [
        null,
        'Alpha',
        73282932000074,
        1000,
        'Bourg',
        'M.',
        'Zoé',
        'Durand',
        'zoe@alpha.fr',
        null,
        null,
        null,
        'non',
        null,
      ],
      [
        null,
        'Beta',
        null,
        '75002',
        'Paris',
        null,
        'Bob',
        'Beta',
        'bob@beta.fr',
        '06 11 22 33 44',
        null,
        null,
        null,
        null,
      ],
      [null, 'Gamma', null, null, null, null, 'Bad', 'Email', 'not-an-email', null, null, null, null, null],
      [null, 'Alpha', 73282932000074, 1000, null, null, 'Luc', 'Durand', 'luc@alpha.fr', null, null, null, null, null],
    ]);
    expect(preview.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 2 });
    expect(job.status).toBe('SUCCEEDED');
    expect(job.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 2 });
    expect(job.progressDone).toBe(5);
    expect(job.progressTotal).toBe(5);

    const companies = await sql<{ id: string; name: string; postal_code: string; created_at: Date; main: string }>(
      `SELECT c.id, c.name, c.postal_code, c.created_at, m.email AS main FROM company c
       LEFT JOIN contact m ON m.id = c.main_contact_id ORDER BY c.name`,
    );
    expect(companies.map((c) => [c.name, c.postal_code, c.main])).toEqual([
      ['Alpha', '01000', 'luc@alpha.fr'],
      ['Beta', '75002', 'bob@beta.fr'],
    ]);
    expect(companies[0].created_at.toISOString()).toBe('2025-01-15T00:00:00.000Z');
    const [alpha] = companies;
    const languages = await sql<{ label: string }>(
      `SELECT o.label FROM company_language l JOIN setting_option o ON o.id = l.option_id
       WHERE l.company_id = $1 ORDER BY o.label`,
      [alpha.id],
    );
    expect(languages.map((l) => l.label)).toEqual(['Anglais', 'Français']);
    // A postal code and a city but no street: no billing address (none that could go on an
    // invoice); the first one added on its page becomes the default.
    const billing = await sql(`SELECT is_default, postal_code FROM billing_address WHERE company_id = $1`, [alpha.id]);
    expect(billing).toEqual([]);

    const [luc] = await sql<Record<string, unknown>>(
      `SELECT c.*, o.label AS civility FROM contact c LEFT JOIN setting_option o ON o.id = c.civility_id
       WHERE email = 'luc@alpha.fr'`,
    );
    expect(luc).toMatchObject({
      phone_mobile: '+33612345678',
      phone_mobile_raw: '0612345678',
      civility: 'Mme',
      opt_in: true,
      opt_in_source: 'import',
      company_id: alpha.id,
    });
    const activities = await sql(
      `SELECT a.kind, a.comment, o.label AS category, a.occurred_at FROM activity a
       JOIN setting_option o ON o.id = a.category_id WHERE a.contact_id = $1`,
      [luc.id],
    );
    expect(activities).toEqual([
      { kind: 'INFO', comment: 'Vu au salon', category: 'Prospection', occurred_at: new Date('2025-01-15T00:00:00Z') },
    ]);
    const consent = await sql(`SELECT subject_type, opt_in, source FROM consent_event WHERE subject_id = $1`, [luc.id]);
    expect(consent).toEqual([{ subject_type: 'Contact', opt_in: true, source: 'import' }]);

    // The report of rejected rows: the file's columns, the row number and the reasons.
    expect(job.resultFiles).toHaveLength(1);
    const res = await fetch(`${api.url}${job.resultFiles[0].url}`, { headers: { cookie: client.cookie! } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const sheet = wb.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(HEADER.length + 2).value).toBe('Erreur');
    expect(sheet.getRow(2).getCell(2).value).toBe('Gamma');
    expect(sheet.getRow(2).getCell(HEADER.length + 1).value).toBe(5);
    expect(String(sheet.getRow(2).getCell(HEADER.length + 2).value)).toMatch(/^Email du contact : /);
    expect(String(sheet.getRow(3).getCell(HEADER.length + 2).value)).toMatch(
      /Ligne en double : même enregistrement que la ligne 2/,
    );

    // Imported again: nothing new, no second comment.
    const again = await runImport([
      HEADER,
      [
        45672,
        'Alpha',
        73282932000074,
        1000,
        'Bourg',
        'mme',
        'Luc',
        'Durand',
        'luc@alpha.fr',
        612345678,
        'Vu au salon',
        'prospection',
        'Oui',
        'francais; anglais',
      ],
    ]);
    expect(again.job.counts).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(await sql('SELECT id FROM activity')).toHaveLength(1);
  });

  it('imports the rows the preview parsed without reading the file again, or the file when they are gone', async () => {
    const rows = (tag: string) => [
      ['Société cliente', 'SIRET', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
      [`Alpha ${tag}`, null, 'Ana', 'Lopez', `ana@${tag}.fr`],
      [`Alpha ${tag}`, null, 'Ben', 'Neuf', `ben@${tag}.fr`],
      [`Beta ${tag}`, null, 'Cy', 'Frais', 'bad-email'],
    ];
    const paths = async (previewId: string) => {
      const [u] = await sql<{ storage_path: string }>(
        'SELECT u.storage_path FROM import_upload u JOIN import_preview p ON p.upload_id = u.id WHERE p.id = $1',
        [previewId],
      );
      const file = path.resolve(api.deps.config.STORAGE_DIR, u.storage_path);
      return { file, spool: path.join(path.dirname(file), `${previewId}.rows`) };
    };
    const start = async (previewId: string) => {
      const { startImport } = await client.ok(START, { id: previewId });
      return (
        await waitFor(
          () => client.ok(JOB, { id: startImport.id }),
          (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
        )
      ).job;
    };

    // Previewed twice: only the last preview keeps its spool. The upload is spoilt after
    // the preview: the job does not need it.
    const up = await upload(client, await xlsx(rows('one')), 'one.xlsx');
    const preview = async () =>
      (await client.ok(PREVIEW, { uploadId: up.body.id, target: 'CONTACTS' })).previewImport as { id: string };
    const zero = await paths((await preview()).id);
    expect(existsSync(zero.spool)).toBe(true);
    const first = await preview();
    const one = await paths(first.id);
    expect(existsSync(one.spool)).toBe(true);
    expect(existsSync(zero.spool)).toBe(false);
    await writeFile(one.file, 'not a spreadsheet any more');
    const job1 = await start(first.id);
    expect(job1.error).toBeNull();
    expect(job1.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    expect(job1.resultFiles).toHaveLength(1);
    expect(existsSync(one.spool)).toBe(false);

    // No spool (removed, or a preview from an older version): the job parses the file.
    const second = await uploadAndPreview(client, await xlsx(rows('two')), 'two.xlsx', 'CONTACTS');
    const two = await paths(second.id);
    await rm(two.spool);
    const job2 = await start(second.id);
    expect(job2.error).toBeNull();
    expect(job2.counts).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const emails = await sql<{ email: string }>('SELECT email FROM contact ORDER BY email');
    expect(emails.map((e) => e.email)).toEqual(['ana@one.fr', 'ana@two.fr', 'ben@one.fr', 'ben@two.fr']);
  });

  it('fails at once, without retries, when the uploaded file and its parsed rows are gone, and says so', async () => {
    const preview = await uploadAndPreview(
      client,
      await xlsx([
        ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
        ['Gamma', 'Léa', 'Roux', 'lea@gamma.fr'],
      ]),
      'gone.csv.xlsx',
      'CONTACTS',
    );
    const [u] = await sql<{ storage_path: string }>(
      'SELECT u.storage_path FROM import_upload u JOIN import_preview p ON p.upload_id = u.id WHERE p.id = $1',
      [preview.id],
    );
    const file = path.resolve(api.deps.config.STORAGE_DIR, u.storage_path);
    // Storage lost or cleaned between the preview and the import.
    await rm(file);
    await rm(path.join(path.dirname(file), `${preview.id}.rows`));
    const { startImport } = await client.ok(START, { id: preview.id });
    const done = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => d.job.status === 'FAILED',
    );
    // Not "damaged file, save it again as .xlsx", and not four more attempts that cannot succeed.
    expect(done.job.error).toMatch(/n’est plus disponible.*déposez-le de nouveau/);
    expect(done.job.attempts).toBe(1);
    expect(await sql('SELECT id FROM contact')).toEqual([]);
  });

  it('imports a legacy .xls (BIFF8): accents, dates and phones stored as numbers, blank rows', async () => {
    const file = await xls([
      [
        'Société cliente',
        'Code postal',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Téléphone portable du contact',
        'Date de création',
        'Opt-In',
      ],
      ['Société Générale d’Étiquettes', 1000, 'Zoé', 'Lefèvre', 'zoe@etiquettes.fr', 612345678, 45672, 'Oui'],
      [null, null, null, null, null, null, null, null],
      ['Beta', '75002', 'Bob', 'Beta', 'not-an-email', null, '15/01/2025', 'non'],
    ]);
    expect(file.subarray(0, 4)).toEqual(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    const preview = await uploadAndPreview(client, file, 'ancien.xls', 'CONTACTS');
    expect(preview.totalRows).toBe(2);
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 1 });
    expect(preview.rows.map((r: { rowNo: number; status: string }) => [r.rowNo, r.status])).toEqual([
      [2, 'CREATE'],
      [4, 'ERROR'],
    ]);
    const { startImport } = await client.ok(START, { id: preview.id });
    const { job } = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
    );
    expect(job.error).toBeNull();
    expect(job.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    const [zoe] = await sql<Record<string, unknown>>(
      `SELECT k.first_name, k.last_name, k.phone_mobile, k.opt_in, k.created_at, c.name, c.postal_code
       FROM contact k JOIN company c ON c.id = k.company_id`,
    );
    expect(zoe).toMatchObject({
      first_name: 'Zoé',
      last_name: 'Lefèvre',
      phone_mobile: '+33612345678',
      opt_in: true,
      name: 'Société Générale d’Étiquettes',
      postal_code: '01000',
    });
    expect((zoe.created_at as Date).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });

  it('refreshes the statistics of companies and contacts when they changed a lot (import_analyze, run by the app role)', async () => {
    const reltuples = async () =>
      Number((await sql<{ n: number }>(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'contact'`))[0].n);
    const [{ id }] = await sql<{ id: string }>(
      `INSERT INTO company (workspace_id, name) VALUES ($1, 'Stats') RETURNING id`,
      [workspaceId],
    );
    await sql(
      `INSERT INTO contact (workspace_id, company_id, last_name, email)
       SELECT $1, $2, 'N' || i, 'stats' || i || '@stats.fr' FROM generate_series(1, 20000) AS i`,
      [workspaceId, id],
    );
    const before = await reltuples();
    const [{ import_analyze: analysed }] = await sql<{ import_analyze: boolean }>('SELECT import_analyze()');
    expect(analysed).toBe(true);
    const after = await reltuples();
    expect(after).toBeGreaterThanOrEqual(20000);
    expect(after).toBeGreaterThan(before);
    // Fresh statistics: nothing to do the second time.
    expect((await sql<{ import_analyze: boolean }>('SELECT import_analyze()'))[0].import_analyze).toBe(false);
  });

  it('does what the preview said to a company found by SIRET, with “update existing” on or off, and warns when its name differs', async () => {
    await runImport(
      [
        ['Société cliente', 'SIRET', 'Code postal', 'Ville'],
        ['Groupe Horizon Conseil', '73282932000074', '75002', 'Paris'],
      ],
      'COMPANIES',
    );
    const file = (email: string) => [
      [
        'Société cliente',
        'SIRET',
        'Code postal',
        'Ville',
        'Numéro de TVA',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
      ],
      ['Événements Côte d’Azur', '73282932000074', '06000', 'Nice', 'FR44732829320', 'Léa', 'Roux', email],
    ];
    const company = async () => (await sql('SELECT name, postal_code, city, vat_number FROM company'))[0];
    const warning = {
      field: 'siret',
      column: 'SIRET',
      message: 'Le SIRET correspond à « Groupe Horizon Conseil » : vérifiez le SIRET ou le nom de la société.',
    };

    // Off: the contact is created, the company left as it is, and the preview says so.
    const off = await runImport(file('lea@nice.fr'), 'CONTACTS', { updateExisting: false });
    expect(off.preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    expect(off.preview.rows[0]).toMatchObject({
      companyAction: 'unchanged',
      contactAction: 'create',
      warnings: [warning],
    });
    expect(off.preview.rows[0].changes.filter((c: string) => c.startsWith('company.'))).toEqual([]);
    expect(off.job.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(await company()).toEqual({
      name: 'Groupe Horizon Conseil',
      postal_code: '75002',
      city: 'Paris',
      vat_number: null,
    });
    // The same file as companies: the company unchanged too.
    const asCompanies = await uploadAndPreview(client, await xlsx(file('x@nice.fr') as never), 'c.xlsx', 'COMPANIES', {
      updateExisting: false,
    });
    expect(asCompanies.rows[0]).toMatchObject({ companyAction: 'unchanged', warnings: [warning] });

    // On: the company's fields are updated, as the preview lists them.
    const on = await runImport(file('max@nice.fr'), 'CONTACTS', { updateExisting: true });
    expect(on.preview.rows[0]).toMatchObject({ companyAction: 'update', contactAction: 'create', warnings: [warning] });
    expect(on.preview.rows[0].changes.filter((c: string) => c.startsWith('company.')).sort()).toEqual([
      'company.city',
      'company.name',
      'company.postalCode',
      'company.vatNumber',
    ]);
    expect(await company()).toEqual({
      name: 'Événements Côte d’Azur',
      postal_code: '06000',
      city: 'Nice',
      vat_number: 'FR44732829320',
    });

    // Starting with another choice than the preview's is refused, naming the option.
    const again = await uploadAndPreview(client, await xlsx(file('zoe@nice.fr') as never), 'z.xlsx', 'CONTACTS', {
      updateExisting: false,
    });
    const refused = await client.gql(
      'mutation($id: ID!) { startImport(previewId: $id, options: { updateExisting: true }) { id } }',
      { id: again.id },
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.fields).toEqual([
      { path: ['options', 'updateExisting'], message: expect.stringContaining('relancez l’aperçu') },
    ]);
  });

  it('makes the main address the default billing address of a company it updates with a street when it has none, and undoes it', async () => {
    await runImport(
      [
        ['Société cliente', 'SIRET', 'Adresse 1', 'Code postal', 'Ville'],
        ['Horizon', '73282932000074', null, '75002', 'Paris'],
        ['Delta', '55210055400013', '1 rue Haute', '69001', 'Lyon'],
        ['Sans Rue', '35600000000048', null, '13001', 'Marseille'],
      ],
      'COMPANIES',
    );
    const billing = async () =>
      sql<{ name: string; address_line1: string; postal_code: string; city: string; country: string }>(
        `SELECT c.name, b.address_line1, b.postal_code, b.city, b.country, b.is_default
           FROM billing_address b JOIN company c ON c.id = b.company_id ORDER BY c.name, b.created_at`,
      );
    expect(await billing()).toEqual([
      {
        name: 'Delta',
        address_line1: '1 rue Haute',
        postal_code: '69001',
        city: 'Lyon',
        country: 'France',
        is_default: true,
      },
    ]);

    // "Mettre à jour": Horizon gets a street (and a billing address), Delta a new street (it keeps
    // its billing address: it has one), Sans Rue only a new city (still no street: none).
    const { job } = await runImport(
      [
        ['Société cliente', 'SIRET', 'Adresse 1', 'Adresse 2', 'Code postal', 'Ville'],
        ['Horizon', '73282932000074', '12 rue de la Paix', 'Bât. B', '75002', 'Paris'],
        ['Delta', '55210055400013', '2 rue Basse', null, '69001', 'Lyon'],
        ['Sans Rue', '35600000000048', null, null, '13002', 'Marseille'],
      ],
      'COMPANIES',
      { updateExisting: true },
    );
    expect(job.counts).toEqual({ created: 0, updated: 3, unchanged: 0, rejected: 0 });
    expect(await billing()).toEqual([
      {
        name: 'Delta',
        address_line1: '1 rue Haute',
        postal_code: '69001',
        city: 'Lyon',
        country: 'France',
        is_default: true,
      },
      {
        name: 'Horizon',
        address_line1: '12 rue de la Paix',
        postal_code: '75002',
        city: 'Paris',
        country: 'France',
        is_default: true,
      },
    ]);
    const [{ address_line2 }] = await sql<{ address_line2: string }>(
      `SELECT b.address_line2 FROM billing_address b JOIN company c ON c.id = b.company_id WHERE c.name = 'Horizon'`,
    );
    expect(address_line2).toBe('Bât. B');

    // Undoing the import removes the billing address it added with the street.
    expect((await client.ok(UNDO, { id: job.id })).undoImport).toEqual({ removed: 0, restored: 3 });
    expect(await billing()).toEqual([
      {
        name: 'Delta',
        address_line1: '1 rue Haute',
        postal_code: '69001',
        city: 'Lyon',
        country: 'France',
        is_default: true,
      },
    ]);
    expect(await sql(`SELECT address_line1 FROM company WHERE name = 'Horizon'`)).toEqual([{ address_line1: null }]);
  });

  it('refuses to undo an import whose added billing address was edited since', async () => {
    await runImport(
      [
        ['Société cliente', 'SIRET', 'Ville'],
        ['Nova', '73282932000074', 'Lyon'],
      ],
      'COMPANIES',
    );
    const [company] = await sql<{ id: string }>('SELECT id FROM company');
    const { job } = await runImport(
      [
        ['Société cliente', 'SIRET', 'Adresse 1', 'Code postal', 'Ville'],
        ['Nova', '73282932000074', '3 place Bellecour', '69002', 'Lyon'],
      ],
      'COMPANIES',
      { updateExisting: true },
    );
    const [address] = await sql<{ id: string }>('SELECT id FROM billing_address WHERE company_id = $1', [company.id]);
    expect(address).toBeDefined();
    await sql(`UPDATE billing_address SET updated_at = updated_at + interval '1 second' WHERE id = $1`, [address.id]);
    const refused = await client.gql(UNDO, { id: job.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.conflicts).toEqual([
      { entityType: 'Company', id: company.id, label: 'Nova', reason: 'EDITED' },
    ]);
  });

  it('gives rejected cells back as typed (dates as dates, text untouched), so the fixed report imports', async () => {
    const { job } = await runImport([
      [
        'Date de création',
        'Société cliente',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Téléphone portable du contact',
        'Code postal',
      ],
      [new Date(Date.UTC(2024, 2, 15)), 'Riviera Events', 'Léa', 'Roux', 'lea@riviera', '+33 6 11 22 33 44', 6000],
    ]);
    expect(job.counts).toMatchObject({ created: 0, rejected: 1 });
    const res = await fetch(`${api.url}${job.resultFiles[0].url}`, { headers: { cookie: client.cookie! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const row = wb.worksheets[0].getRow(2);
    expect(row.getCell(1).value).toEqual(new Date(Date.UTC(2024, 2, 15)));
    expect(row.getCell(1).numFmt).toBe('dd/mm/yyyy');
    expect(row.getCell(2).value).toBe('Riviera Events');
    expect(row.getCell(6).value).toBe('+33 6 11 22 33 44');
    expect(row.getCell(7).value).toBe(6000);

    // Fixed in the report and imported again (its "Ligne" and "Erreur" columns are ignored).
    row.getCell(5).value = 'lea@riviera.fr';
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const preview = await uploadAndPreview(client, fixed, 'lignes-rejetees.xlsx', 'CONTACTS');
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    const { startImport } = await client.ok(START, { id: preview.id });
    await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => d.job.status === 'SUCCEEDED',
    );
    const [lea] = await sql<Record<string, unknown>>(
      `SELECT c.phone_mobile, c.created_at, co.postal_code FROM contact c JOIN company co ON co.id = c.company_id`,
    );
    expect(lea).toEqual({
      phone_mobile: '+33611223344',
      created_at: new Date('2024-03-15T00:00:00Z'),
      postal_code: '06000',
    });
  });

  it('undoes an import: removes what it created, restores what it changed, refuses records edited since', async () => {
    await runImport([
      ['Société cliente', 'SIRET', 'Ville', 'Prénom du contact', 'Nom du contact', 'Email du contact', 'Opt-In'],
      ['Old Name', '73282932000074', 'Lyon', 'Ana', 'Lopez', 'ana@old.fr', 'Non'],
    ]);
    const [before] = await sql<{ id: string }>('SELECT id FROM company');
    const { job } = await runImport([
      [
        'Société cliente',
        'SIRET',
        'Ville',
        'Langues société',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Opt-In',
        'Commentaires sur le contact',
      ],
      ['New Name', '73282932000074', 'Paris', 'Allemand', 'Ana', 'Lopez', 'ana@old.fr', 'Oui', 'Rappeler'],
      ['New Name', '73282932000074', 'Paris', 'Allemand', 'Ben', 'Neuf', 'ben@new.fr', null, null],
      ['Fresh Co', null, 'Nice', null, 'Cy', 'Frais', 'cy@fresh.fr', null, null],
    ]);
    expect(job.counts).toEqual({ created: 2, updated: 1, unchanged: 0, rejected: 0 });

    // Someone edits a created contact: undo refuses and says which.
    const [cy] = await sql<{ id: string }>(`SELECT id FROM contact WHERE email = 'cy@fresh.fr'`);
    await client.ok(
      'mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }',
      {
        id: cy.id,
        input: { position: 'Boss' },
      },
    );
    const refused = await client.gql(UNDO, { id: job.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].extensions?.conflicts).toEqual([
      { entityType: 'Contact', id: cy.id, label: 'Cy Frais', reason: 'EDITED' },
    ]);
    expect(await sql('SELECT id FROM company')).toHaveLength(2);

    // Put back as the import left it: the undo goes through.
    await sql(
      `UPDATE contact SET position = NULL, updated_at = r.written_at FROM import_record r
               WHERE r.entity_id = contact.id AND contact.id = $1`,
      [cy.id],
    );
    // The jobs list names the import's file and target, and says when it was undone.
    const INFO = '{ jobs(first: 10) { edges { node { id kind importInfo { fileName target undoneAt } } } } }';
    const infoOf = async () =>
      (await client.ok(INFO)).jobs.edges.find((e: { node: { id: string } }) => e.node.id === job.id).node.importInfo;
    expect(await infoOf()).toEqual({ fileName: 'import.xlsx', target: 'CONTACTS', undoneAt: null });
    const undone = await client.ok(UNDO, { id: job.id });
    expect(undone.undoImport).toEqual({ removed: 3, restored: 2 });
    expect((await infoOf()).undoneAt).toEqual(expect.any(String));
    const companies = await sql<{ id: string; name: string; city: string; main_contact_id: string }>(
      'SELECT id, name, city, main_contact_id FROM company',
    );
    expect(companies).toHaveLength(1);
    expect(companies[0]).toMatchObject({ id: before.id, name: 'Old Name', city: 'Lyon' });
    expect(await sql('SELECT * FROM company_language')).toEqual([]);
    const contacts = await sql<{ email: string; opt_in: boolean }>('SELECT email, opt_in FROM contact');
    expect(contacts).toEqual([{ email: 'ana@old.fr', opt_in: false }]);
    expect(await sql('SELECT id FROM activity')).toEqual([]);
    expect(errorCode(await client.gql(UNDO, { id: job.id }))).toBe('CONFLICT');

    // Another workspace cannot see or undo it.
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(UNDO, { id: job.id }))).toBe('NOT_FOUND');
    expect(errorCode(await other.gql(JOB, { id: job.id }))).toBe('NOT_FOUND');
  });
  it('updates a contact found by e-mail in its own company when the row has no SIRET or postal code, and matches a company by its unique name', async () => {
    const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
    const moreau = (
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Cabinet Moreau Avocats',
          siret: '73282932000074',
          postalCode: '75008',
          mainContact: {
            firstName: 'Isabelle',
            lastName: 'Moreau',
            email: 'isabelle.moreau@cabinet-moreau-avocats.example',
            phoneDirect: '0142685300',
          },
        },
      })
    ).createCompany.id as string;
    const dupont = (
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Traiteur Dupont',
          postalCode: '33000',
          mainContact: {
            firstName: 'Paul',
            lastName: 'Dupont',
            email: 'paul@dupont.example',
            phoneDirect: '0556000000',
          },
        },
      })
    ).createCompany.id as string;
    const { job } = await runImport([
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact', 'Poste occupé du contact'],
      ['Cabinet Moreau Avocats', 'Isabelle', 'Moreau', 'isabelle.moreau@cabinet-moreau-avocats.example', 'Associée'],
      ['Traiteur Dupont', 'Zoé', 'Dupont', 'zoe@dupont.example', 'Cheffe'],
      ['cabinet moreau avocats', 'Hugo', 'Moreau', 'hugo@cabinet-moreau-avocats.example', null],
    ]);
    expect(job.counts).toMatchObject({ created: 2, updated: 1, rejected: 0 });
    const contacts = await sql<{ email: string; position: string | null; company_id: string }>(
      `SELECT email::text, position, company_id FROM contact ORDER BY email`,
    );
    expect(contacts).toEqual([
      { email: 'hugo@cabinet-moreau-avocats.example', position: null, company_id: expect.any(String) },
      { email: 'isabelle.moreau@cabinet-moreau-avocats.example', position: 'Associée', company_id: moreau },
      { email: 'paul@dupont.example', position: null, company_id: dupont },
      { email: 'zoe@dupont.example', position: 'Cheffe', company_id: dupont },
    ]);
    // Hugo has no contact to vouch for a company: name without postal code, the only one of that
    // name (case aside) is Cabinet Moreau Avocats.
    expect(contacts[0].company_id).toBe(moreau);
    expect(await sql('SELECT id FROM company')).toHaveLength(2);
  });

  it('imports with the preview’s choices for unknown values: “create” makes the value, “associate” uses an existing one; no row rejected', async () => {
    const rows = [
      ['Société cliente', 'Civilité', 'Prénom du contact', 'Nom du contact', 'Email du contact', 'Source'],
      ['Alpha', 'Sa Sainteté', 'Luc', 'Durand', 'luc@alpha.fr', 'Salon'],
      ['Beta', 'M.', 'Bob', 'Beta', 'bob@beta.fr', 'salon'],
      ['Gamma', 'Sa Sainteté', 'Eve', 'Gamma', 'eve@gamma.fr', null],
    ];
    const file = await xlsx(rows as never);
    const first = await uploadAndPreview(client, file, 'choices.xlsx');
    expect(first.counts.error).toBe(3);
    const civilities = await client.ok('{ settingOptions(list: CIVILITY) { id label } }');
    const docteur = civilities.settingOptions.find((o: { label: string }) => o.label === 'Docteur').id;
    const preview = await uploadAndPreview(client, file, 'choices.xlsx', 'CONTACTS', {
      values: [
        { field: 'civility', value: 'Sa Sainteté', optionId: docteur },
        { field: 'source', value: 'Salon', create: true },
      ],
    });
    expect(preview.counts).toMatchObject({ create: 3, error: 0 });
    const { startImport } = await client.ok(START, { id: preview.id });
    const done = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
    );
    expect(done.job.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const sources = await sql<{ id: string; label: string }>(
      `SELECT id, label FROM setting_option WHERE label = 'Salon'`,
    );
    expect(sources).toHaveLength(1);
    const contacts = await sql<{ email: string; civility_id: string | null; source_id: string | null }>(
      'SELECT email::text, civility_id, source_id FROM contact ORDER BY email',
    );
    expect(contacts).toEqual([
      { email: 'bob@beta.fr', civility_id: expect.any(String), source_id: sources[0].id },
      { email: 'eve@gamma.fr', civility_id: docteur, source_id: null },
      { email: 'luc@alpha.fr', civility_id: docteur, source_id: sources[0].id },
    ]);
    expect(await sql('SELECT row_no FROM import_rejected_row')).toEqual([]);
  });

  it('refuses a “create” choice from a user who is not an admin (FORBIDDEN naming the value), in the preview and at the start', async () => {
    const file = await xlsx([
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Source'],
      ['Alpha', 'Luc', 'Durand', 'SourceParUser'],
    ]);
    // The admin previews with a "create" choice…
    const preview = await uploadAndPreview(client, file, 'user.xlsx', 'CONTACTS', {
      values: [{ field: 'source', value: 'SourceParUser', create: true }],
    });
    const user = await clientFor(api, await addUser(workspaceId));
    const up = await upload(user, file, 'user.xlsx');
    const refused = await user.gql(PREVIEW, {
      uploadId: up.body.id,
      target: 'CONTACTS',
      values: [{ field: 'source', value: 'SourceParUser', create: true }],
    });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('SourceParUser');
    expect(refused.errors?.[0].extensions).toMatchObject({ field: 'source', value: 'SourceParUser' });
    // …which a plain user cannot start either; nothing created.
    const started = await user.gql(START, { id: preview.id });
    expect(errorCode(started)).toBe('FORBIDDEN');
    expect(await sql(`SELECT id FROM setting_option WHERE label = 'SourceParUser'`)).toEqual([]);
    expect(await sql('SELECT id FROM job')).toEqual([]);
    // Associating stays open to them.
    const sources = await client.ok('{ settingOptions(list: SOURCE) { id label } }');
    const associated = await user.ok(PREVIEW, {
      uploadId: up.body.id,
      target: 'CONTACTS',
      values: [{ field: 'source', value: 'SourceParUser', optionId: sources.settingOptions[0].id }],
    });
    expect(associated.previewImport.counts.error).toBe(0);
  });

  it('finds a contact written by the previous batch while that batch is still being written (batches overlap)', async () => {
    // Batches of 2 rows: row 3 is planned while rows 1–2 are written. It names the company
    // of row 1 by name and postal code (no SIRET) and the same contact without e-mail: a row
    // of its own (not a repeat), which must update that contact, not create a second one.
    const { job } = await runImport([
      HEADER,
      [null, 'Gamma', 73282932000074, '75003', 'Paris', null, 'Paul', 'Martin', null, null, null, null, null, null],
      [null, 'Delta', null, '75004', 'Paris', null, 'Eve', 'Delta', 'eve@delta.fr', null, null, null, null, null],
      [null, 'Gamma', null, '75003', 'Paris', null, 'Paul', 'Martin', null, 612345678, null, null, null, null],
    ]);
    expect(job.counts).toMatchObject({ created: 2, updated: 1, rejected: 0 });
    const contacts = await sql<{ last_name: string; phone_mobile: string | null }>(
      `SELECT last_name, phone_mobile FROM contact WHERE first_name = 'Paul'`,
    );
    expect(contacts).toEqual([{ last_name: 'Martin', phone_mobile: '+33612345678' }]);
    expect(await sql('SELECT id FROM company')).toHaveLength(2);
  });
});
