import ExcelJS from 'exceljs';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { PREVIEW, csv, upload, uploadAndPreview, xlsx } from '../../../test/import-files';
import { withTenant } from '../../db/tenant-scope';

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;

// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);

describe('import preview', () => {
  let api: TestApi;
  let client: TestClient;
  let workspaceId: string;

  beforeAll(async () => {
    api = await startTestApi();
  });
  beforeEach(async () => {
    const ws = await createWorkspaceWithAdmin();
    workspaceId = ws.workspaceId;
    client = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  const countCompanies = async () =>
    withTenant(api.deps.dataSource, workspaceId, null, async (em) => {
      const [{ n }] = await em.query('SELECT count(*)::int AS n FROM company');
      return n as number;
    });

  it('matches French or English headers in any order, ignoring case, accents and spacing, and lists unknown columns', async () => {
    const file = await xlsx([
      ['  EMAIL du contact ', 'societe CLIENTE', 'Prenom du contact', 'Last name', 'Couleur préférée', 'Code Postal'],
      ['Ana@Acme.fr ', 'Acme  ', 'Ana', 'Lopez', 'bleu', '75001'],
    ]);
    const p = await uploadAndPreview(client, file, 'clients.xlsx');
    expect(p.columns.map((c: { field: string | null }) => c.field)).toEqual([
      'email',
      'companyName',
      'firstName',
      'lastName',
      null,
      'postalCode',
    ]);
    expect(p.unknownColumns).toEqual(['Couleur préférée']);
    expect(p.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
    expect(p.rows[0]).toMatchObject({ rowNo: 2, status: 'CREATE' });
    expect(p.rows[0].changes).toEqual(expect.arrayContaining(['company.name', 'contact.email', 'contact.lastName']));
    expect(await countCompanies()).toBe(0);
  });

  it('reads cells as Excel stores them: serial and text dates, numeric phones, Oui/Non/X/1/0, spaces, empty rows, a merged title row', async () => {
    const file = await xlsx(
      [
        ['Liste des clients 2025', null, null, null, null, null, null, null],
        [],
        [
          'Date de création',
          'Société cliente',
          'Nom du contact',
          'Prénom du contact',
          'Téléphone portable du contact',
          'Opt-In',
          'Code postal',
          'SIRET',
        ],
        [45672, 'Alpha', 'Durand', 'Luc', 612345678, 'Oui', 1000, 73282932000074],
        ['15/01/2025', 'Beta ', 'Morel', 'Lea', '06 11 22 33 44', 'X', '69001', null],
        [],
        [null, 'Gamma', 'Petit', 'Max', null, 'non', null, null],
        [null, 'Delta', 'Roux', 'Eva', null, '1', null, null],
        [null, 'Epsilon', 'Blanc', 'Ines', null, 'peut-être', null, null],
        ['31/02/2024', 'Zeta', 'Noir', 'Jo', null, null, null, null],
      ],
      { merge: ['A1:H1'] },
    );
    const p = await uploadAndPreview(client, file, 'quirks.xlsx');
    expect(p.headerRow).toBe(3);
    expect(p.totalRows).toBe(6);
    const byRow = Object.fromEntries(p.rows.map((r: { rowNo: number }) => [r.rowNo, r]));
    expect(byRow[4].status).toBe('CREATE');
    expect(byRow[5].status).toBe('CREATE');
    expect(byRow[7].status).toBe('CREATE');
    expect(byRow[8].status).toBe('CREATE');
    expect(byRow[9].errors).toEqual([
      expect.objectContaining({ field: 'optIn', column: 'Opt-In', message: expect.stringMatching(/Oui ou Non/) }),
    ]);
    expect(byRow[10].errors).toEqual([expect.objectContaining({ field: 'createdAt' })]);

    // Run it to see the values as stored.
    const start = await client.ok('mutation($id: ID!) { startImport(previewId: $id) { id } }', { id: p.id });
    expect(start.startImport.id).toBeTruthy();
  });

  it('matches companies by SIRET, else VAT, else name and postal code, and contacts by email; says which fields change', async () => {
    await client.ok(CREATE_COMPANY, {
      input: {
        name: 'Société Générale Events',
        siret: '73282932000074',
        city: 'Paris',
        mainContact: { firstName: 'Paul', lastName: 'Martin', email: 'paul@sge.fr', phoneDirect: '0142685300' },
      },
    });
    await client.ok(CREATE_COMPANY, {
      input: {
        name: 'Vat Only',
        vatNumber: 'FR44732829320',
        mainContact: { firstName: 'Vera', lastName: 'Tva', email: 'vera@vat.fr', phoneDirect: '0142685301' },
      },
    });
    await client.ok(CREATE_COMPANY, {
      input: {
        name: 'Name Postal',
        postalCode: '13001',
        mainContact: { firstName: 'Nina', lastName: 'Np', email: 'nina@np.fr', phoneDirect: '0142685302' },
      },
    });
    const file = await xlsx([
      [
        'Société cliente',
        'SIRET',
        'Numéro de TVA',
        'Code postal',
        'Ville',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Poste occupé du contact',
      ],
      ['Another Name', '732 829 320 00074', null, null, 'Lyon', 'Paul', 'Martin', 'PAUL@sge.fr', null],
      ['Renamed by VAT', null, 'FR 44 732829320', null, null, 'Vera', 'Tva', 'vera@vat.fr', 'CEO'],
      ['name postal', null, null, '13001', null, 'Nina', 'Np', 'nina@np.fr', null],
      ['Name Postal', null, null, '13002', null, 'Noé', 'Other', 'noe@np.fr', null],
    ]);
    const p = await uploadAndPreview(client, file, 'match.xlsx');
    const [sir, vat, np, other] = p.rows;
    expect(sir.status).toBe('UPDATE');
    expect(sir.changes.sort()).toEqual(['company.city', 'company.name']);
    expect(vat.status).toBe('UPDATE');
    expect(vat.changes.sort()).toEqual(['company.name', 'contact.position']);
    // Exact name compared without case; same postal code: the same company (its name's case changes).
    expect(np.status).toBe('UPDATE');
    expect(np.changes).toEqual(['company.name']);
    // Same name, another postal code: another company.
    expect(other.status).toBe('CREATE');
    expect(other.changes).toContain('company.name');
  });

  it('keeps a contact found by e-mail in its own company when the row names it without SIRET or postal code, or spelt differently', async () => {
    const moreau = (
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Cabinet Moreau Avocats',
          siret: '73282932000074',
          postalCode: '75008',
          city: 'Paris',
          mainContact: {
            firstName: 'Isabelle',
            lastName: 'Moreau',
            email: 'isabelle.moreau@cabinet-moreau-avocats.example',
            phoneDirect: '0142685300',
          },
        },
      })
    ).createCompany as { id: string };
    for (const [firstName, email] of [
      ['Jean', 'jean@cabinet-moreau-avocats.example'],
      ['Luc', 'luc@cabinet-moreau-avocats.example'],
      ['Marie', 'marie@cabinet-moreau-avocats.example'],
    ])
      await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId: moreau.id, firstName, lastName: 'Moreau', email },
      });
    await client.ok(CREATE_COMPANY, {
      input: {
        name: 'Traiteur Dupont',
        postalCode: '33000',
        mainContact: { firstName: 'Paul', lastName: 'Dupont', email: 'paul@dupont.example', phoneDirect: '0556000000' },
      },
    });
    for (const postalCode of ['75001', '69001'])
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Duo Events',
          postalCode,
          mainContact: {
            firstName: 'Al',
            lastName: postalCode,
            email: `al${postalCode}@duo.example`,
            phoneDirect: '0556000001',
          },
        },
      });
    const before = await countCompanies();
    const file = await xlsx([
      [
        'Société cliente',
        'SIRET',
        'Code postal',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Poste occupé du contact',
      ],
      // The QA's row: no SIRET, no postal code.
      [
        'Cabinet Moreau Avocats',
        null,
        null,
        'Isabelle',
        'Moreau',
        'isabelle.moreau@cabinet-moreau-avocats.example',
        'Associée',
      ],
      // Case, accents and spacing differ; another postal code: the company moved.
      ['CABINET  MOREAU avocats', null, '69001', 'Jean', 'Moreau', 'jean@cabinet-moreau-avocats.example', null],
      // Genuinely another company: still refused.
      ['Autre Cabinet', null, null, 'Luc', 'Moreau', 'luc@cabinet-moreau-avocats.example', null],
      // Same name but the SIRET says another company: refused.
      [
        'Cabinet Moreau Avocats',
        '35600000000001',
        null,
        'Marie',
        'Moreau',
        'marie@cabinet-moreau-avocats.example',
        null,
      ],
      // No postal code in the file: the only company of that name.
      ['Traiteur Dupont', null, null, 'Zoé', 'Dupont', 'zoe@dupont.example', null],
      // Two companies of that name: neither is guessed, a new one is created.
      ['Duo Events', null, null, 'Bob', 'Duo', 'bob@duo.example', null],
    ]);
    const p = await uploadAndPreview(client, file, 'moreau.xlsx');
    const [isabelle, jean, luc, marie, zoe, bob] = p.rows;
    expect(isabelle).toMatchObject({ status: 'UPDATE', changes: ['contact.position'], errors: [] });
    expect(jean).toMatchObject({ status: 'UPDATE', changes: ['company.postalCode'], errors: [] });
    expect(luc.status).toBe('ERROR');
    expect(luc.errors[0].message).toMatch(/autre société/);
    expect(marie.status).toBe('ERROR');
    expect(marie.errors[0].message).toMatch(/autre société/);
    expect(zoe.status).toBe('CREATE');
    expect(zoe.changes).toContain('contact.email');
    expect(zoe.changes).not.toContain('company.name');
    expect(bob.status).toBe('CREATE');
    expect(bob.changes).toContain('company.name');
    expect(p.counts).toEqual({ create: 2, update: 2, unchanged: 0, error: 2 });
    expect(await countCompanies()).toBe(before);
  });

  it('reports repeated rows and invalid values with the field and the reason', async () => {
    const file = await xlsx([
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact', 'SIRET', 'Site web'],
      ['Acme', 'Ana', 'Lopez', 'ana@acme.fr', null, null],
      ['Acme', 'Ana', 'Lopez', 'ana@acme.fr', null, null],
      ['Bad', 'Bob', 'Bad', 'not-an-email', '73282932000079', 'http://'],
      ['NoName', null, null, 'x@y.fr', null, null],
      [null, 'Lost', 'Contact', 'lost@x.fr', null, null],
    ]);
    const p = await uploadAndPreview(client, file, 'errors.xlsx');
    expect(p.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 4 });
    const [, dup, bad, noName, noCompany] = p.rows;
    expect(dup.errors).toEqual([
      expect.objectContaining({ field: 'email', message: expect.stringContaining('ligne 2') }),
    ]);
    expect(bad.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'siret', 'website']);
    expect(bad.errors.find((e: { field: string }) => e.field === 'siret').message).toMatch(/SIRET invalide/);
    expect(noName.errors.map((e: { field: string }) => e.field).sort()).toEqual(['firstName', 'lastName']);
    expect(noCompany.errors).toEqual([
      expect.objectContaining({ field: 'companyName', message: 'Ce champ est obligatoire.' }),
    ]);
  });

  it('reads countries by name or code (France, FR, fra, « france »), refuses unknown ones, and French postal codes of other than 5 digits', async () => {
    const file = await xlsx([
      ['Société cliente', 'Code postal', 'Pays', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
      ['Azur', '6000', 'fra', 'Ana', 'Azur', 'ana@azur.fr'],
      ['Lyon', 69001, '« france »', 'Bob', 'Lyon', 'bob@lyon.fr'],
      ['Typo', '75008', 'Frnace', 'Cy', 'Typo', 'cy@typo.fr'],
      ['Court', '75', 'FR', 'Di', 'Court', 'di@court.fr'],
      ['Bruxelles', '1000', 'Belgique', 'Ed', 'Brux', 'ed@brux.be'],
    ]);
    const p = await uploadAndPreview(client, file, 'countries.xlsx');
    expect(p.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 2 });
    const [, , typo, short] = p.rows;
    expect(typo.errors).toEqual([
      expect.objectContaining({ field: 'country', column: 'Pays', message: expect.stringMatching(/^Pays inconnu/) }),
    ]);
    expect(short.errors).toEqual([
      expect.objectContaining({
        field: 'postalCode',
        message: expect.stringMatching(/^Code postal français invalide/),
      }),
    ]);
  });

  it('normalises a long file on two threads (parse-child.ts): every row back, in order, checked', async () => {
    // Past THREAD_AFTER_ROWS (5,000) the rows are normalised by the child's second thread.
    const rows: unknown[][] = [['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email', 'Portable']];
    for (let i = 0; i < 12_000; i++) rows.push([`Société ${i % 500}`, 'Ana', `Nom${i}`, `c${i}@ex.fr`, 612345678]);
    rows[3_000][3] = 'pas-un-email'; // file row 3,001: normalised on the main thread
    rows[9_000][4] = '01 23'; // row 9,001: on the second thread
    rows[11_000][3] = 'c0@ex.fr'; // row 11,001: the same contact as row 2
    const p = await uploadAndPreview(client, await xlsx(rows as never), 'long.xlsx');
    expect(p.totalRows).toBe(12_000);
    expect(p.counts).toEqual({ create: 11_997, update: 0, unchanged: 0, error: 3 });
    const errors = p.rows
      .filter((r: { status: string }) => r.status === 'ERROR')
      .map((r: { rowNo: number; errors: { field: string }[] }) => [r.rowNo, r.errors.map((e) => e.field)]);
    expect(errors).toEqual([
      [3_001, ['email']],
      [9_001, ['phoneMobile']],
      [11_001, ['email']],
    ]);
  });

  it('matches settings values without case or accents, lists unknown ones, and takes the user’s choice for them', async () => {
    const file = await xlsx([
      [
        'Société cliente',
        'Type société',
        'Langues société',
        'Civilité',
        'Prénom du contact',
        'Nom du contact',
        'Source',
        'Situation',
        'Catégorie du commentaire contact',
        'Commentaires sur le contact',
      ],
      [
        'Acme',
        'agence',
        'francais, ANGLAIS',
        'mme',
        'Ana',
        'Lopez',
        'site WEB',
        'membre',
        'etude de marche',
        'Vue au salon',
      ],
      ['Beta', 'Startup', 'Klingon', 'M.', 'Bob', 'Beta', 'Autre', 'Non membre', null, null],
    ]);
    const p = await uploadAndPreview(client, file, 'settings.xlsx');
    expect(p.rows[0].status).toBe('CREATE');
    expect(p.rows[0].changes).toEqual(
      expect.arrayContaining(['company.companyTypeId', 'company.languages', 'contact.civilityId', 'contact.comment']),
    );
    expect(p.unknownValues).toEqual([
      { field: 'languages', list: 'LANGUAGE', value: 'Klingon', rows: 1 },
      { field: 'companyType', list: 'COMPANY_TYPE', value: 'Startup', rows: 1 },
    ]);
    expect(p.rows[1].errors.map((e: { field: string }) => e.field)).toEqual(['languages', 'companyType']);

    const options = await client.ok('{ settingOptions(list: COMPANY_TYPE) { id label } }');
    const agency = options.settingOptions.find((o: { label: string }) => o.label === 'Agence').id;
    const up = await upload(client, file, 'settings.xlsx');
    const chosen = await client.ok(PREVIEW, {
      uploadId: up.body.id,
      target: 'CONTACTS',
      values: [
        { field: 'companyType', value: 'startup', optionId: agency },
        { field: 'languages', value: 'Klingon', create: true },
      ],
    });
    expect(chosen.previewImport.counts.error).toBe(0);
    expect(chosen.previewImport.unknownValues).toEqual([]);
  });

  it('says a row matches a record in the trash (SIRET, e-mail) and refuses it; restoring over a live record with the same SIRET or e-mail is refused', async () => {
    const cafe = (
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Café Crème & Cie',
          siret: '73282932000074',
          mainContact: {
            firstName: 'François',
            lastName: 'Muller',
            email: 'francois.muller@example.fr',
            phoneDirect: '0142685300',
          },
        },
      })
    ).createCompany;
    await client.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: cafe.id });
    const p = await uploadAndPreview(
      client,
      await xlsx([
        ['Société cliente', 'SIRET', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
        ['Café Crème & Cie', '73282932000074', 'François', 'Muller', 'francois.muller@example.fr'],
        ['Autre Société', null, 'François', 'Muller', 'francois.muller@example.fr'],
        ['Nouvelle Société', null, 'Zoé', 'Neuve', 'zoe@neuve.fr'],
      ]),
      'trash.xlsx',
    );
    expect(p.counts).toMatchObject({ create: 1, error: 2 });
    expect(p.rows[0].errors).toEqual([
      {
        field: 'siret',
        column: 'SIRET',
        message:
          'Correspond à un enregistrement de la corbeille (« Café Crème & Cie ») : restaurez-le plutôt que d’en créer un doublon.',
      },
    ]);
    expect(p.rows[1].errors.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['email', expect.stringContaining('corbeille (« François Muller »)')],
    ]);

    // A live company with the same SIRET made since: the trashed one is not restored over it.
    const live = (
      await client.ok(CREATE_COMPANY, {
        input: {
          name: 'Café Crème (nouveau)',
          siret: '73282932000074',
          mainContact: { firstName: 'Paul', lastName: 'Neuf', email: 'paul@neuf.fr', phoneDirect: '0142685302' },
        },
      })
    ).createCompany;
    const refused = await client.gql('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: cafe.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0].message).toContain('Café Crème (nouveau)');
    expect(refused.errors?.[0].extensions?.duplicate).toEqual({
      entityType: 'Company',
      id: live.id,
      label: 'Café Crème (nouveau)',
    });
    // Nor a contact over a live contact with the same e-mail.
    await client.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: live.id });
    await client.ok('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: cafe.id });
    await client.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: cafe.mainContact.id });
    const other = await client.ok(CREATE_COMPANY, {
      input: {
        name: 'Ailleurs',
        mainContact: {
          firstName: 'Franz',
          lastName: 'Muller',
          email: 'francois.muller@example.fr',
          phoneDirect: '0142685301',
        },
      },
    });
    const again = await client.gql('mutation($id: ID!) { restoreContact(id: $id) { id } }', {
      id: cafe.mainContact.id,
    });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0].message).toContain('Franz Muller');
    expect(again.errors?.[0].extensions?.duplicate).toMatchObject({
      entityType: 'Contact',
      id: other.createCompany.mainContact.id,
    });
  });

  it('matches the usual civility spellings: Monsieur → M., Madame/Mademoiselle → Mme, Dr, Pr, Me', async () => {
    const rows: (string | null)[][] = [['Société cliente', 'Civilité', 'Prénom du contact', 'Nom du contact']];
    for (const [i, civility] of ['Monsieur', 'Madame', 'Mademoiselle', 'Dr', 'Pr.', 'Me', 'MR'].entries()) {
      rows.push([`Société ${i}`, civility, `P${i}`, `N${i}`]);
    }
    const p = await uploadAndPreview(client, await xlsx(rows), 'civilities.xlsx');
    expect(p.unknownValues).toEqual([]);
    expect(p.counts).toMatchObject({ create: 7, error: 0 });
    // Not every word is a civility: an unknown one is still asked about.
    const q = await uploadAndPreview(
      client,
      await xlsx([rows[0], ['Acme', 'Sa Majesté', 'Ana', 'Lopez']]),
      'civilities.xlsx',
    );
    expect(q.unknownValues).toEqual([{ field: 'civility', list: 'CIVILITY', value: 'Sa Majesté', rows: 1 }]);
  });

  it('shows cells as the import reads them: Excel date serials as dd/mm/yyyy, phones in national format', async () => {
    const p = await uploadAndPreview(
      client,
      await xlsx([
        ['Date de création', 'Société cliente', 'Nom du contact', 'Téléphone portable du contact', 'Ville'],
        [44941, 'Acme', 'Lopez', 612345678, 'Lyon'],
        ['15/01/2023', 'Beta', 'Durand', '06 11 22 33 44', 'Paris'],
      ]),
      'interpreted.xlsx',
    );
    expect(p.rows.map((r: { values: unknown[] }) => r.values)).toEqual([
      ['15/01/2023', 'Acme', 'Lopez', '06 12 34 56 78', 'Lyon'],
      ['15/01/2023', 'Beta', 'Durand', '06 11 22 33 44', 'Paris'],
    ]);
  });

  it('lets the user override the column mapping', async () => {
    const file = await xlsx([
      ['Société cliente', 'Nom', 'Prénom', 'Mail perso'],
      ['Acme', 'Lopez', 'Ana', 'ana@perso.fr'],
    ]);
    const first = await uploadAndPreview(client, file, 'map.xlsx');
    expect(first.unknownColumns).toEqual(['Mail perso']);
    const up = await upload(client, file, 'map.xlsx');
    const mapped = await client.ok(PREVIEW, {
      uploadId: up.body.id,
      target: 'CONTACTS',
      mapping: [
        { index: 0, field: 'companyName' },
        { index: 1, field: 'lastName' },
        { index: 2, field: 'firstName' },
        { index: 3, field: 'email' },
      ],
    });
    expect(mapped.previewImport.columns[3].field).toBe('email');
    expect(mapped.previewImport.rows[0].changes).toContain('contact.email');
    const bad = await client.gql(PREVIEW, {
      uploadId: up.body.id,
      target: 'CONTACTS',
      mapping: [
        { index: 0, field: 'email' },
        { index: 3, field: 'email' },
        { index: 1, field: 'shoeSize' },
      ],
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect((bad.errors?.[0].extensions?.fields as { path: unknown[] }[]).map((f) => f.path)).toEqual([
      ['mapping', '1', 'field'],
      ['mapping', '2', 'field'],
    ]);
  });

  it('takes a header no field matches (another CRM’s words) so the user can map its columns; the mapping keeps that row', async () => {
    const file = await xlsx([
      ['Export Axonaut — 27/11/2026'],
      [],
      ['Account Name', 'Contact First', 'Contact Last', 'Mail Address'],
      ['Acme', 'Ana', 'Lopez', 'ana@acme.fr'],
      ['Beta', 'Paul', 'Roy', 'paul@beta.fr'],
    ]);
    const up = await upload(client, file, 'axonaut.xlsx');
    const first = (await client.ok(PREVIEW, { uploadId: up.body.id, target: 'CONTACTS' })).previewImport;
    expect(first.headerRow).toBe(3);
    expect(first.unknownColumns).toEqual(['Account Name', 'Contact First', 'Contact Last', 'Mail Address']);
    expect(first.columns.map((c: { field: string | null }) => c.field)).toEqual([null, null, null, null]);
    expect(first.counts).toEqual({ create: 0, update: 0, unchanged: 0, error: 2 });
    const mapping = ['companyName', 'firstName', 'lastName', 'email'].map((field, index) => ({ index, field }));
    const mapped = (await client.ok(PREVIEW, { uploadId: up.body.id, target: 'CONTACTS', mapping })).previewImport;
    expect(mapped.headerRow).toBe(3);
    expect(mapped.unknownColumns).toEqual([]);
    expect(mapped.counts).toEqual({ create: 2, update: 0, unchanged: 0, error: 0 });
    expect(mapped.rows.map((r: { rowNo: number }) => r.rowNo)).toEqual([4, 5]);
  });

  it('reads CSV in UTF-8 with or without BOM, or Windows-1252, separated by ";" or ","', async () => {
    const rows = [
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Téléphone direct du contact'],
      ['Crème Brûlée', 'Hélène', 'Gaël', '612345678'],
    ];
    for (const [encoding, delimiter] of [
      ['utf8bom', ';'],
      ['utf8', ','],
      ['win1252', ';'],
      ['win1252', ','],
    ] as const) {
      const p = await uploadAndPreview(client, csv(rows, { encoding, delimiter }), 'clients.csv');
      expect(p.counts.create).toBe(1);
      // The phone as the import reads it: the leading 0 restored, in national format.
      expect(p.rows[0].values).toEqual(['Crème Brûlée', 'Hélène', 'Gaël', '06 12 34 56 78']);
      expect(p.rows[0].errors).toEqual([]);
    }
  });

  it('reads formulas as their cached values', async () => {
    const file = await xlsx([
      ['Société cliente', 'Prénom du contact', 'Nom du contact'],
      [{ formula: 'UPPER("acme")', result: 'ACME' }, 'Ana', { formula: 'B2&"z"', result: 'Anaz' }],
    ]);
    const p = await uploadAndPreview(client, file, 'formulas.xlsx');
    expect(p.rows[0].values).toEqual(['ACME', 'Ana', 'Anaz']);
    expect(p.rows[0].status).toBe('CREATE');
  });

  it('offers a template with the French headers, an example row and choice lists, which imports as is', async () => {
    const res = await fetch(`${api.url}/files/imports/template.xlsx`, { headers: { cookie: client.cookie! } });
    expect(res.status).toBe(200);
    const file = Buffer.from(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as never);
    const sheet = wb.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toHaveLength(31);
    expect(headers.slice(0, 4)).toEqual(['Date de création', 'Société cliente', 'SIRET', 'Numéro de TVA']);
    expect(headers).toEqual(expect.arrayContaining(['Civilité', 'Opt-In', 'Source', 'Situation', 'Type société']));
    const civility = sheet.getCell(2, headers.indexOf('Civilité') + 1);
    expect(civility.value).toBe('M.');
    expect(civility.dataValidation).toMatchObject({ type: 'list' });
    const p = await uploadAndPreview(client, file, 'modele.xlsx', 'COMPANIES');
    expect(p.unknownColumns).toEqual([]);
    expect(p.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 0 });
  });

  it('reads accented text split across the zip stream’s chunks intact', async () => {
    const rows: string[][] = [
      ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Commentaires sur le contact'],
    ];
    for (let i = 0; i < 480; i++) rows.push([`Société ${i}`, 'Élodie', 'Lefèvre', `${i} ${'é'.repeat(700)}`]);
    const p = await uploadAndPreview(client, await xlsx(rows), 'accents.xlsx');
    expect(p.counts.error).toBe(0);
    expect(p.rows.filter((r: { values: string[] }) => r.values.join('').includes('\ufffd'))).toEqual([]);
  });

  it('is not visible from another workspace', async () => {
    const up = await upload(
      client,
      await xlsx([
        ['Société cliente', 'Ville'],
        ['Acme', 'Paris'],
      ]),
      'a.xlsx',
    );
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(PREVIEW, { uploadId: up.body.id, target: 'COMPANIES' }))).toBe('NOT_FOUND');
    const mine = await client.ok(PREVIEW, { uploadId: up.body.id, target: 'COMPANIES' });
    expect(
      errorCode(
        await other.gql('mutation($id: ID!) { startImport(previewId: $id) { id } }', { id: mine.previewImport.id }),
      ),
    ).toBe('NOT_FOUND');
  });
});
