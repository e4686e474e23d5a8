import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { PREVIEW, upload, uploadAndPreview, xlsx } from '../../../test/import-files';
import { withTenant } from '../../db/tenant-scope';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import { importJobHandler } from '../import/import.job';
import { type ParseRequest, parseSpreadsheet } from '../import/parse-file';
import { customFieldOfHeader } from './custom-field-import';
import { CustomFieldType, RecordKind } from './custom-field.model';
import { waitFor as waitUntil } from '../../../test/wait';

const JOB = `query($id: ID!) { job(id: $id) { id status counts error } }`;
const START =
  'mutation($id: ID!, $update: Boolean) { startImport(previewId: $id, options: { updateExisting: $update }) { id } }';
const UNDO = 'mutation($id: ID!) { undoImport(jobId: $id) { removed restored } }';
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id key } }`;

// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);
// Jobs here run through a worker that may be killed and restarted: longer than the shared default.
const waitFor = <T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 120_000) => waitUntil(probe, until, ms);

describe('custom fields in imports: header matching', () => {
  const def = (key: string, labelFr: string, labelEn: string | null) => ({
    id: key,
    recordKind: RecordKind.COMPANY,
    key,
    labelFr,
    labelEn,
    type: CustomFieldType.TEXT,
    required: false,
    choices: [],
    position: 0,
  });
  const defs = [def('niveau_client', 'Niveau client', 'Customer tier'), def('budget', 'Budget annuel', null)];

  it('compares headers as the import does: case, accents, punctuation, spacing; French, English or key', () => {
    expect(customFieldOfHeader(defs, '  NIVEAU-client ')?.key).toBe('niveau_client');
    expect(customFieldOfHeader(defs, 'Customer Tier')?.key).toBe('niveau_client');
    expect(customFieldOfHeader(defs, 'budget')?.key).toBe('budget');
    expect(customFieldOfHeader(defs, 'niveau_client')?.key).toBe('niveau_client');
    expect(customFieldOfHeader(defs, 'Niveau-Client')?.key).toBe('niveau_client');
    expect(customFieldOfHeader(defs, 'Budget annuél')?.key).toBe('budget');
    expect(customFieldOfHeader(defs, 'Niveau')).toBeNull();
  });
});

describe('custom fields in imports: the parsing child', () => {
  it('takes template fields and well-formed custom keys (leaving those cells to the parent), refuses anything else', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfmap-'));
    const file = path.join(dir, 'f.xlsx');
    await writeFile(
      file,
      await xlsx([
        ['Société cliente', 'Ville', 'Palier'],
        ['Acme', 'Lyon', 'Or'],
      ]),
    );
    const parse = async (mapping: ParseRequest['mapping']) => {
      const items = [];
      const req = { file, fileName: 'f.xlsx', target: 'COMPANIES' as const, mapping };
      for await (const item of parseSpreadsheet({
        ...req,
        limits: { maxRows: 10, maxUnzippedBytes: 1e7, maxCellChars: 1000 },
      }))
        items.push(item);
      return items;
    };
    try {
      const [head, row] = await parse(['companyName', 'city', 'custom.niveau']);
      expect(head).toMatchObject({ header: { mapping: ['companyName', 'city', 'custom.niveau'] } });
      expect(row).toMatchObject({
        row: { cells: ['Acme', 'Lyon', 'Or'], problems: [], company: { name: 'Acme', city: 'Lyon' } },
      });
      for (const bad of ['custom.', 'custom.Bad key', 'custom.a.b', 'shoeSize', '__proto__']) {
        await expect(parse(['companyName', 'city', bad as never])).rejects.toThrow('Invalid column mapping');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('custom fields in imports', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let client: TestClient;
  let workspaceId: string;

  beforeAll(async () => {
    api = await startTestApi({ IMPORT_BATCH_ROWS: '2', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-cfimport` });
    worker = await startWorker(api.deps, new JobRegistry([importJobHandler()]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    const ws = await createWorkspaceWithAdmin();
    workspaceId = ws.workspaceId;
    client = await clientFor(api, ws);
    const field = (input: Record<string, unknown>) => client.ok(CREATE_FIELD, { input });
    await field({
      recordKind: 'COMPANY',
      key: 'niveau',
      labelFr: 'Niveau client',
      labelEn: 'Customer tier',
      type: 'SINGLE_CHOICE',
      choices: [
        { key: 'or', labelFr: 'Or', labelEn: 'Gold' },
        { key: 'argent', labelFr: 'Argent' },
      ],
    });
    await field({ recordKind: 'COMPANY', key: 'budget', labelFr: 'Budget annuel', type: 'NUMBER' });
    await field({ recordKind: 'COMPANY', key: 'signature', labelFr: 'Date de signature', type: 'DATE' });
    await field({ recordKind: 'CONTACT', key: 'vip', labelFr: 'Contact VIP', type: 'BOOLEAN' });
    await field({
      recordKind: 'CONTACT',
      key: 'themes',
      labelFr: 'Thèmes',
      type: 'MULTIPLE_CHOICE',
      choices: [{ labelFr: 'Salon' }, { labelFr: 'Séminaire' }],
    });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    withTenant(api.deps.dataSource, workspaceId, null, (em) => em.query(query, params) as Promise<T[]>);

  async function run(previewId: string, updateExisting = true, as = client) {
    const { startImport } = await as.ok(START, { id: previewId, update: updateExisting });
    const done = await waitFor(
      () => as.ok(JOB, { id: startImport.id }),
      (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
    );
    expect(done.job.error).toBeNull();
    return done.job;
  }

  const HEADER = [
    'Société cliente',
    'Prénom du contact',
    'Nom du contact',
    'NIVEAU CLIENT',
    'Budget annuel',
    'Date de signature',
    'Contact VIP',
    'Thèmes',
  ];

  it('maps headers equal to a field label, checks values by type, reports bad ones per row with the field, writes the rest', async () => {
    const file = await xlsx([
      HEADER,
      ['Alpha Conseil', 'Claire', 'Martin', 'Or', 12, '31/03/2026', 'oui', 'Salon; Séminaire'],
      ['Beta Events', 'Paul', 'Durand', 'gold', '1 200', new Date(Date.UTC(2025, 0, 15)), 'non', ''],
      ['Gamma', 'Léa', 'Petit', 'Platine', 'douze', '2026-02-30', 'peut-être', 'Concert'],
      ['Delta', 'Jean', 'Roux', '', '', '', '', ''],
    ]);
    const preview = await uploadAndPreview(client, file, 'clients.xlsx', 'CONTACTS');
    expect(preview.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 1 });
    expect(preview.unknownColumns).toEqual([]);
    // The preview's mapping names the header-matched custom columns, as the page shows them.
    expect(preview.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'companyName',
      'firstName',
      'lastName',
      'custom.niveau',
      'custom.budget',
      'custom.signature',
      'custom.vip',
      'custom.themes',
    ]);
    const rows = preview.rows as { rowNo: number; status: string; changes: string[]; errors: unknown[] }[];
    const alpha = rows.find((r) => r.rowNo === 2)!;
    expect(alpha.changes).toEqual(
      expect.arrayContaining([
        'company.custom.niveau',
        'company.custom.budget',
        'company.custom.signature',
        'contact.custom.vip',
        'contact.custom.themes',
      ]),
    );
    const gamma = rows.find((r) => r.rowNo === 4)!;
    expect(gamma.status).toBe('ERROR');
    expect(gamma.errors).toEqual([
      {
        field: 'custom.niveau',
        column: 'Niveau client',
        message: '« Platine » ne fait pas partie des choix de ce champ.',
      },
      { field: 'custom.budget', column: 'Budget annuel', message: 'Un nombre entier est attendu.' },
      {
        field: 'custom.signature',
        column: 'Date de signature',
        message: 'Une date est attendue (JJ/MM/AAAA ou AAAA-MM-JJ).',
      },
      { field: 'custom.vip', column: 'Contact VIP', message: 'Oui ou non est attendu.' },
      { field: 'custom.themes', column: 'Thèmes', message: '« Concert » ne fait pas partie des choix de ce champ.' },
    ]);

    const job = await run(preview.id);
    expect(job.counts).toMatchObject({ created: 3, rejected: 1 });
    const companies = await sql<{ name: string; custom_fields: Record<string, unknown> }>(
      'SELECT name, custom_fields FROM company ORDER BY name',
    );
    expect(companies).toEqual([
      { name: 'Alpha Conseil', custom_fields: { niveau: 'or', budget: 12, signature: '2026-03-31' } },
      { name: 'Beta Events', custom_fields: { niveau: 'or', budget: 1200, signature: '2025-01-15' } },
      { name: 'Delta', custom_fields: {} },
    ]);
    const contacts = await sql<{ last_name: string; custom_fields: Record<string, unknown> }>(
      'SELECT last_name, custom_fields FROM contact ORDER BY last_name',
    );
    expect(contacts).toEqual([
      { last_name: 'Durand', custom_fields: { vip: false } },
      { last_name: 'Martin', custom_fields: { vip: true, themes: ['salon', 'seminaire'] } },
      { last_name: 'Roux', custom_fields: {} },
    ]);
    // The rejected row's report names the field.
    const [rejected] = await sql<{ errors: string }>('SELECT errors FROM import_rejected_row');
    expect(rejected.errors).toContain('Niveau client : « Platine » ne fait pas partie des choix de ce champ.');

    // Importing again: same values are unchanged; a changed custom value alone makes an update.
    const again = await uploadAndPreview(
      client,
      await xlsx([
        HEADER,
        ['Alpha Conseil', 'Claire', 'Martin', 'Or', 12, '31/03/2026', 'oui', 'Salon; Séminaire'],
        ['Beta Events', 'Paul', 'Durand', 'Argent', '', '', '', ''],
      ]),
      'again.xlsx',
      'CONTACTS',
    );
    expect(again.counts).toEqual({ create: 0, update: 1, unchanged: 1, error: 0 });
    expect(again.rows.find((r: { rowNo: number }) => r.rowNo === 3).changes).toEqual(['company.custom.niveau']);
    await run(again.id);
    const [beta] = await sql<{ custom_fields: Record<string, unknown> }>(
      `SELECT custom_fields FROM company WHERE name = 'Beta Events'`,
    );
    // Blank cells leave the other values as they were.
    expect(beta.custom_fields).toEqual({ niveau: 'argent', budget: 1200, signature: '2025-01-15' });
  });

  it('leaves existing records alone when updating existing ones is off', async () => {
    const preview = await uploadAndPreview(
      client,
      await xlsx([
        ['Société cliente', 'Ville', 'Niveau client'],
        ['Alpha Conseil', '', 'Argent'],
        ['Epsilon', 'Lyon', 'Argent'],
      ]),
      'companies.xlsx',
      'COMPANIES',
      { updateExisting: false },
    );
    await run(preview.id, false);
    const rows = await sql<{ name: string; niveau: string }>(
      `SELECT name, custom_fields->>'niveau' AS niveau FROM company WHERE name IN ('Alpha Conseil', 'Epsilon') ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'Alpha Conseil', niveau: 'or' },
      { name: 'Epsilon', niveau: 'argent' },
    ]);
  });

  it('undo gives the custom values the import changed back, and removes what it created', async () => {
    const seed = await uploadAndPreview(
      client,
      await xlsx([
        HEADER,
        ['Zeta Voyages', 'Anne', 'Blanc', 'Or', 500, '', 'oui', 'Salon'],
        ['Theta Sport', 'Luc', 'Vert', '', '', '', 'non', ''],
      ]),
      'seed.xlsx',
      'CONTACTS',
    );
    await run(seed.id);
    const values = () =>
      sql<{ name: string; company: Record<string, unknown>; contact: Record<string, unknown> | null }>(
        `SELECT c.name, c.custom_fields AS company, k.custom_fields AS contact
           FROM company c LEFT JOIN contact k ON k.company_id = c.id
          WHERE c.name IN ('Zeta Voyages', 'Theta Sport', 'Eta Congrès') ORDER BY c.name`,
      );
    const before = await values();
    expect(before).toEqual([
      { name: 'Theta Sport', company: {}, contact: { vip: false } },
      { name: 'Zeta Voyages', company: { niveau: 'or', budget: 500 }, contact: { vip: true, themes: ['salon'] } },
    ]);

    // Only custom values change on the existing records (two batches of two rows), and one record is new.
    const update = await uploadAndPreview(
      client,
      await xlsx([
        HEADER,
        ['Zeta Voyages', 'Anne', 'Blanc', 'Argent', 750, '', 'non', 'Séminaire'],
        ['Eta Congrès', 'Marc', 'Noir', 'Or', '', '', '', ''],
        ['Theta Sport', 'Luc', 'Vert', 'Or', '', '', 'oui', ''],
      ]),
      'update.xlsx',
      'CONTACTS',
    );
    expect(update.counts).toEqual({ create: 1, update: 2, unchanged: 0, error: 0 });
    const job = await run(update.id);
    expect(await values()).toEqual([
      { name: 'Eta Congrès', company: { niveau: 'or' }, contact: {} },
      { name: 'Theta Sport', company: { niveau: 'or' }, contact: { vip: true } },
      {
        name: 'Zeta Voyages',
        company: { niveau: 'argent', budget: 750 },
        contact: { vip: false, themes: ['seminaire'] },
      },
    ]);

    const undone = await client.ok(UNDO, { id: job.id });
    expect(undone.undoImport).toEqual({ removed: 2, restored: 4 });
    expect(await values()).toEqual(before);
  });

  it('maps a column to a custom field by hand when its header is no label: preview, checks, job, undo', async () => {
    const file = await xlsx([
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Palier', 'Enveloppe', 'Invité d’honneur'],
      ['Iota Events', 'Inès', 'Garnier', 'Argent', 300, 'oui'],
      ['Kappa Prod', 'Karl', 'Bauer', 'Bronze', 'beaucoup', 'oui'],
    ]);
    // Without a mapping the headers match no field: the columns are unknown, as before.
    const auto = await uploadAndPreview(client, file, 'hand.xlsx', 'CONTACTS');
    expect(auto.unknownColumns).toEqual(['Palier', 'Enveloppe', 'Invité d’honneur']);
    expect(auto.columns.slice(3).map((c: { field: string | null }) => c.field)).toEqual([null, null, null]);

    const mapping = ['companyName', 'firstName', 'lastName', 'custom.niveau', 'custom.budget', 'custom.vip'].map(
      (field, index) => ({ index, field }),
    );
    const preview = await uploadAndPreview(client, file, 'hand.xlsx', 'CONTACTS', { mapping });
    expect(preview.columns.map((c: { field: string | null }) => c.field)).toEqual(mapping.map((m) => m.field));
    expect(preview.unknownColumns).toEqual([]);
    expect(preview.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 1 });
    const [iota, kappa] = preview.rows as { status: string; changes: string[]; errors: unknown[] }[];
    expect(iota.changes).toEqual(
      expect.arrayContaining(['company.custom.niveau', 'company.custom.budget', 'contact.custom.vip']),
    );
    expect(kappa.errors).toEqual([
      {
        field: 'custom.niveau',
        column: 'Niveau client',
        message: '« Bronze » ne fait pas partie des choix de ce champ.',
      },
      { field: 'custom.budget', column: 'Budget annuel', message: 'Un nombre entier est attendu.' },
    ]);
    const job = await run(preview.id);
    expect(job.counts).toMatchObject({ created: 1, rejected: 1 });
    const values = () =>
      sql<{ name: string; company: Record<string, unknown>; contact: Record<string, unknown> }>(
        `SELECT c.name, c.custom_fields AS company, k.custom_fields AS contact
           FROM company c JOIN contact k ON k.company_id = c.id WHERE c.name IN ('Iota Events', 'Kappa Prod')`,
      );
    const created = await values();
    expect(created).toEqual([
      { name: 'Iota Events', company: { niveau: 'argent', budget: 300 }, contact: { vip: true } },
    ]);

    // A companies import, mapped by hand, updates the values; undo gives them back.
    const update = await uploadAndPreview(
      client,
      await xlsx([
        ['Société cliente', 'Ville', 'Palier', 'Enveloppe'],
        ['Iota Events', '', 'Or', 450],
      ]),
      'hand-update.xlsx',
      'COMPANIES',
      { mapping: ['companyName', 'city', 'custom.niveau', 'custom.budget'].map((field, index) => ({ index, field })) },
    );
    expect(update.counts).toEqual({ create: 0, update: 1, unchanged: 0, error: 0 });
    // Without the preview's parsed rows, the job parses the file again with the mapping kept.
    const [{ storage_path }] = await sql<{ storage_path: string }>(
      'SELECT u.storage_path FROM import_upload u JOIN import_preview p ON p.upload_id = u.id WHERE p.id = $1',
      [update.id],
    );
    const uploaded = path.resolve(api.deps.config.STORAGE_DIR, storage_path);
    await rm(path.join(path.dirname(uploaded), `${update.id}.rows`));
    const updated = await run(update.id);
    expect((await values())[0].company).toEqual({ niveau: 'or', budget: 450 });
    expect((await client.ok(UNDO, { id: updated.id })).undoImport).toEqual({ removed: 0, restored: 1 });
    expect(await values()).toEqual(created);
  });

  /** Another workspace, for fields the tests above must not see. */
  async function otherWorkspace() {
    const ws = await createWorkspaceWithAdmin();
    const c = await clientFor(api, ws);
    const inWs = <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
      withTenant(api.deps.dataSource, ws.workspaceId, null, (em) => em.query(query, params) as Promise<T[]>);
    const field = async (input: Record<string, unknown>) =>
      (await c.ok(CREATE_FIELD, { input })).createCustomField as { id: string; key: string };
    return { client: c, sql: inWs, field };
  }
  const REQUIRED = 'Ce champ est obligatoire.';

  it('rejects a row that would create a company or a contact without a value for a required custom field, as the API does', async () => {
    const other = await otherWorkspace();
    await other.field({ recordKind: 'COMPANY', key: 'secteur', labelFr: 'Secteur', type: 'TEXT', required: true });
    await other.field({ recordKind: 'CONTACT', key: 'badge', labelFr: 'Badge', type: 'TEXT', required: true });
    await other.field({ recordKind: 'COMPANY', key: 'budget', labelFr: 'Budget annuel', type: 'NUMBER' });
    const head = ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Secteur'];
    type PRow = { rowNo: number; status: string; errors: unknown[] };

    // No column fills the contact's required field: the preview names it, and every new contact is refused.
    const unmapped = await uploadAndPreview(
      other.client,
      await xlsx([head, ['Alpha', 'Claire', 'Martin', 'Tourisme']]),
      'no-badge.xlsx',
      'CONTACTS',
    );
    expect(unmapped.missingRequiredFields).toEqual(['Badge']);
    expect(unmapped.rows[0].errors).toEqual([{ field: 'custom.badge', column: 'Badge', message: REQUIRED }]);

    const preview = await uploadAndPreview(
      other.client,
      await xlsx([
        [...head, 'Badge'],
        ['Alpha', 'Claire', 'Martin', 'Tourisme', 'B1'],
        // Alpha is created by the row above: only the contact is new here.
        ['Alpha', 'Paul', 'Durand', '', 'B2'],
        ['Beta', 'Léa', 'Petit', '', 'B3'],
        ['Gamma', 'Jean', 'Roux', 'Sport', ''],
      ]),
      'required.xlsx',
      'CONTACTS',
    );
    expect(preview.missingRequiredFields).toEqual([]);
    expect(preview.counts).toEqual({ create: 2, update: 0, unchanged: 0, error: 2 });
    const rows = preview.rows as PRow[];
    expect(rows.map((r) => r.status)).toEqual(['CREATE', 'CREATE', 'ERROR', 'ERROR']);
    expect(rows[2].errors).toEqual([{ field: 'custom.secteur', column: 'Secteur', message: REQUIRED }]);
    expect(rows[3].errors).toEqual([{ field: 'custom.badge', column: 'Badge', message: REQUIRED }]);
    const job = await run(preview.id, true, other.client);
    expect(job.counts).toMatchObject({ created: 2, rejected: 2 });
    expect(await other.sql('SELECT name, custom_fields FROM company')).toEqual([
      { name: 'Alpha', custom_fields: { secteur: 'Tourisme' } },
    ]);
    expect(await other.sql('SELECT last_name, custom_fields FROM contact ORDER BY last_name')).toEqual([
      { last_name: 'Durand', custom_fields: { badge: 'B2' } },
      { last_name: 'Martin', custom_fields: { badge: 'B1' } },
    ]);
    const rejected = await other.sql<{ row_no: number; errors: string }>(
      'SELECT row_no, errors FROM import_rejected_row ORDER BY row_no',
    );
    expect(rejected).toEqual([
      { row_no: 4, errors: `Secteur : ${REQUIRED}` },
      { row_no: 5, errors: `Badge : ${REQUIRED}` },
    ]);

    // An update needs nothing (a blank cell leaves the value); a companies import creating a
    // company, or a contact from its contact columns, follows the same rule.
    const companies = await uploadAndPreview(
      other.client,
      await xlsx([
        ['Société cliente', 'Ville', 'Budget annuel', 'Prénom du contact', 'Nom du contact'],
        ['Alpha', 'Lyon', 100, '', ''],
        ['Delta', 'Paris', 200, '', ''],
        ['Alpha', '', '', 'Zoé', 'Blanc'],
      ]),
      'companies.xlsx',
      'COMPANIES',
    );
    expect(companies.missingRequiredFields).toEqual(['Secteur']);
    expect(companies.counts).toEqual({ create: 0, update: 1, unchanged: 0, error: 2 });
    expect((companies.rows as PRow[]).map((r) => r.errors)).toEqual([
      [],
      [{ field: 'custom.secteur', column: 'Secteur', message: REQUIRED }],
      [{ field: 'custom.badge', column: 'Badge', message: REQUIRED }],
    ]);
    await run(companies.id, true, other.client);
    expect(await other.sql('SELECT name, city, custom_fields FROM company')).toEqual([
      { name: 'Alpha', city: 'Lyon', custom_fields: { secteur: 'Tourisme', budget: 100 } },
    ]);
  });

  it('finds the header by custom-field labels or keys of the target (template headers first) and keeps that row for a mapping', async () => {
    const other = await otherWorkspace();
    const tier = await other.field({
      recordKind: 'COMPANY',
      key: 'palier_client',
      labelFr: 'Niveau client',
      type: 'TEXT',
    });
    await other.field({ recordKind: 'COMPANY', key: 'ville_bis', labelFr: 'Ville', type: 'TEXT' });
    await other.field({ recordKind: 'CONTACT', key: 'vip', labelFr: 'Contact VIP', type: 'BOOLEAN' });
    const file = await xlsx([
      // Looks like a header, names nothing.
      ['Export', 'Clients'],
      ['Raison', 'Niveau client', 'Contact VIP', 'Ville'],
      ['Acme', 'Or', 'oui', 'Lyon'],
    ]);
    const up = await upload(other.client, file, 'custom-header.xlsx');
    const first = (await other.client.ok(PREVIEW, { uploadId: up.body.id, target: 'COMPANIES' })).previewImport;
    expect(first.headerRow).toBe(2);
    // "Ville" stays the template's; a contact field is no column of a companies import.
    expect(first.columns.map((c: { field: string | null }) => c.field)).toEqual([
      null,
      'custom.palier_client',
      null,
      'city',
    ]);
    expect(first.unknownColumns).toEqual(['Raison', 'Contact VIP']);
    const contacts = (await other.client.ok(PREVIEW, { uploadId: up.body.id, target: 'CONTACTS' })).previewImport;
    expect(contacts.columns[2].field).toBe('custom.vip');

    // The label changes: the mapping made for row 2's columns still meets them (the search alone would take row 1).
    await other.client.ok(
      'mutation($id: ID!, $input: UpdateCustomFieldInput!) { updateCustomField(id: $id, input: $input) { id } }',
      { id: tier.id, input: { labelFr: 'Palier' } },
    );
    const mapping = ['companyName', 'custom.palier_client', null, 'city'].map((field, index) => ({
      index,
      field,
    }));
    const mapped = (await other.client.ok(PREVIEW, { uploadId: up.body.id, target: 'COMPANIES', mapping }))
      .previewImport;
    expect(mapped.headerRow).toBe(2);
    expect(mapped.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    // Without the preview's parsed rows, the job parses the file again: the same header row.
    const [{ storage_path }] = await other.sql<{ storage_path: string }>(
      'SELECT storage_path FROM import_upload WHERE id = $1',
      [up.body.id],
    );
    const uploaded = path.resolve(api.deps.config.STORAGE_DIR, storage_path);
    await rm(path.join(path.dirname(uploaded), `${mapped.id}.rows`));
    const job = await run(mapped.id, true, other.client);
    expect(job.counts).toMatchObject({ created: 1, rejected: 0 });
    expect(await other.sql('SELECT name, city, custom_fields FROM company')).toEqual([
      { name: 'Acme', city: 'Lyon', custom_fields: { palier_client: 'Or' } },
    ]);
  });

  it('refuses a hand mapping to an unknown custom field, to a contact field in a companies import, or a field twice', async () => {
    const up = await upload(
      client,
      await xlsx([
        ['Société cliente', 'A', 'B', 'C', 'D'],
        ['Lambda', 'x', 'y', 'z', 't'],
      ]),
      'bad-map.xlsx',
    );
    const bad = await client.gql(PREVIEW, {
      uploadId: up.body.id,
      target: 'COMPANIES',
      mapping: [
        { index: 0, field: 'companyName' },
        { index: 1, field: 'custom.x' },
        { index: 2, field: 'custom.budget' },
        { index: 3, field: 'custom.budget' },
        { index: 4, field: 'custom.vip' },
        { index: 1, field: 'custom.Bad key' },
      ],
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.fields).toEqual([
      {
        path: ['mapping', '1', 'field'],
        message: 'Champ personnalisé inconnu « custom.x » : ce n’est pas un champ de la fiche importée.',
      },
      { path: ['mapping', '3', 'field'], message: 'Le champ « custom.budget » est associé à deux colonnes.' },
      {
        path: ['mapping', '4', 'field'],
        message: 'Le champ « Contact VIP » est un champ de contact : seul un import de contacts le remplit.',
      },
      {
        path: ['mapping', '5', 'field'],
        message: 'Champ personnalisé inconnu « custom.Bad key » : ce n’est pas un champ de la fiche importée.',
      },
    ]);
  });
});
