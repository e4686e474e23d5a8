import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { createAdminDataSource } from '../../db/data-sources';

const ADD_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const MERGE = `mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) {
  contactId documentsRemoved emailsCleared activitiesCleared } }`;
const HISTORY = `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id, first: 100) {
  edges { node { action changes labels } } } }`;

/** The person's data, spread over three records merged one into the other before the erasure. */
const SECRETS = [
  'Gaston',
  'gaston.rgpd',
  'gaston.pro',
  '123456789',
  '987654321',
  '111223344',
  'linkedin.com/in/gaston',
];

describe('GDPR erasure of a person whose duplicates were merged', () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let keptId: string;
  let duplicateId: string;
  let olderDuplicateId: string;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-gdpr-merge` });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const created = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Société Fusion Rgpd',
          mainContact: {
            firstName: 'Gaston',
            lastName: 'Rgpd',
            email: 'gaston@rgpd.example',
            phoneDirect: '01 11 22 33 44',
          },
        },
      },
    );
    const companyId = created.createCompany.id;
    keptId = created.createCompany.mainContact.id;
    duplicateId = (
      await admin.ok(ADD_CONTACT, {
        input: {
          companyId,
          firstName: 'Gaston',
          lastName: 'RGPD',
          email: 'gaston.rgpd@perso.example',
          phoneDirect: '+33 1 23 45 67 89',
          linkedin: 'https://linkedin.com/in/gaston',
        },
      })
    ).createContact.id;
    olderDuplicateId = (
      await admin.ok(ADD_CONTACT, {
        input: { companyId, firstName: 'Gaston', lastName: 'R.', email: 'gaston.pro@travail.example' },
      })
    ).createContact.id;
    await admin.ok(`mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`, {
      id: olderDuplicateId,
      input: { phoneMobile: '06 98 76 54 32' },
    });
    // An activity on the merged-away record moves to the kept one: the kept one's erasure clears it.
    const cat = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    await admin.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: { kind: 'CALL', categoryId: cat, contactId: duplicateId, comment: 'Appel avec Gaston sur son mobile' },
    });
    // Transitive: the older duplicate into the duplicate, then the duplicate into the kept record.
    await admin.ok(MERGE, { k: duplicateId, m: olderDuplicateId });
    await admin.ok(MERGE, { k: keptId, m: duplicateId });
  });

  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  it('erases the merged-away duplicates too: no trace of the person in records, trash, history or search', async () => {
    const r = await admin.ok(ERASE, { id: keptId, pw: ws.password });
    expect(r.erasePerson).toMatchObject({ contactId: keptId, activitiesCleared: 1 });

    const rows: { id: string; r: string; deleted_at: Date | null }[] = await owner.query(
      `SELECT id, to_jsonb(c)::text AS r, deleted_at FROM contact c WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    expect(rows).toHaveLength(3);
    for (const secret of SECRETS)
      expect(rows.filter((row) => row.r.toLowerCase().includes(secret.toLowerCase()))).toEqual([]);
    // The duplicates stay merged (in the trash), anonymised like the kept record.
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(duplicateId)?.deleted_at).not.toBeNull();
    expect(byId.get(olderDuplicateId)?.deleted_at).not.toBeNull();

    const trash = await admin.ok(
      `{ contacts(deleted: true, first: 100) { edges { node { id firstName lastName } } } }`,
    );
    expect(JSON.stringify(trash)).not.toContain('Gaston');
    expect(trash.contacts.edges).toHaveLength(2);

    const trail: { changes: string }[] = await owner.query(
      `SELECT changes::text AS changes FROM audit_log WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    for (const secret of SECRETS)
      expect(trail.filter((t) => t.changes.toLowerCase().includes(secret.toLowerCase()))).toEqual([]);
    const activities = await owner.query(`SELECT comment FROM activity WHERE workspace_id = $1`, [ws.workspaceId]);
    expect(activities).toEqual([{ comment: null }]);

    // The kept record's history names the merged record by its (now anonymised) name.
    const history = await admin.ok(HISTORY, { id: keptId });
    const merge = history.auditTrail.edges.find((e: { node: { action: string } }) => e.node.action === 'merge');
    expect(merge.node.labels[duplicateId]).toBe('Personne effacée');
    expect(JSON.stringify(history)).not.toContain('Gaston');
    // Each erased record says so in its own history.
    const erased = await owner.query(
      `SELECT entity_id FROM audit_log WHERE workspace_id = $1 AND action = 'gdpr.erase' ORDER BY entity_id`,
      [ws.workspaceId],
    );
    expect(erased.map((e: { entity_id: string }) => e.entity_id)).toEqual(
      [keptId, duplicateId, olderDuplicateId].sort(),
    );

    for (const q of ['Gaston', 'gaston.rgpd@perso.example', 'gaston.pro@travail.example', '0123456789']) {
      const found = await admin.ok(
        `query($q: String!) { search(query: $q, includeInactive: true, kinds: [CONTACT]) { groups { hits { id } } } }`,
        { q },
      );
      expect(found.search.groups.flatMap((g: { hits: unknown[] }) => g.hits)).toEqual([]);
    }
  });
});

/**
 * The same person in three records, merged one into the other: `older` into `duplicate`, then
 * `duplicate` into `kept`. Each merged-away record keeps its own values, consent history and trail.
 */
async function mergeFamilyOf(admin: TestClient, n: string) {
  const created = await admin.ok(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
    {
      input: {
        name: `Société Famille ${n}`,
        mainContact: {
          firstName: 'Hortense',
          lastName: 'Famille',
          email: `hortense${n}@kept.example`,
          phoneDirect: '01 11 22 33 45',
        },
      },
    },
  );
  const companyId = created.createCompany.id;
  const kept: string = created.createCompany.mainContact.id;
  const duplicate: string = (
    await admin.ok(ADD_CONTACT, {
      input: {
        companyId,
        firstName: 'Hortense',
        lastName: 'FAMILLE',
        email: `hortense${n}@duplicate.example`,
        optIn: true,
        optInMethod: 'IN_PERSON',
        optInNote: `Carte de visite d'Hortense ${n}`,
      },
    })
  ).createContact.id;
  const older: string = (
    await admin.ok(ADD_CONTACT, {
      input: { companyId, firstName: 'Hortense', lastName: 'F.', email: `hortense${n}@older.example` },
    })
  ).createContact.id;
  await admin.ok(`mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`, {
    id: older,
    input: { position: `Régisseuse ${n}` },
  });
  await admin.ok(MERGE, { k: duplicate, m: older });
  await admin.ok(MERGE, { k: kept, m: duplicate });
  return { kept, duplicate, older };
}

describe('GDPR export and erasure across a merge family', () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-gdpr-family` });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });

  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  const EXPORT = `mutation($id: ID!, $pw: String!) { exportPersonData(contactId: $id, password: $pw) {
    counts resultFiles { url } } }`;

  let sheets: string[] = [];
  async function exported(contactId: string) {
    const job = (await admin.ok(EXPORT, { id: contactId, pw: ws.password })).exportPersonData;
    const res = await admin.get(job.resultFiles[0].url);
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await admin.get(job.resultFiles[1].url)).arrayBuffer());
    sheets = workbook.worksheets.map((w) => w.name);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { counts: job.counts, data: (await res.json()) as any };
  }

  it('exports the records merged into the person, transitively, each labelled with its merge', async () => {
    const f = await mergeFamilyOf(admin, 'export');
    const { counts, data } = await exported(f.kept);
    expect(counts.mergedRecords).toBe(2);
    expect(data.person.id).toBe(f.kept);
    const byId = new Map(data.mergedRecords.map((r: { recordId: string }) => [r.recordId, r]));
    expect(byId.get(f.duplicate)).toMatchObject({
      relation: 'MERGED',
      label: 'Fiche fusionnée (doublon de la personne)',
      mergedInto: f.kept,
      mergedAt: expect.any(String),
      person: { id: f.duplicate, email: 'hortenseexport@duplicate.example', deleted_at: expect.any(String) },
      // A merge moves the consent history to the kept record: the proof is exported with the person.
      consentHistory: [],
    });
    expect(data.consentHistory).toContainEqual(
      expect.objectContaining({ opt_in: true, note: "Carte de visite d'Hortense export" }),
    );
    // The older duplicate went into the duplicate first: still the same person.
    expect(byId.get(f.older)).toMatchObject({
      relation: 'MERGED',
      mergedInto: f.duplicate,
      person: { id: f.older, email: 'hortenseexport@older.example', position: 'Régisseuse export' },
    });
    // The spreadsheet lists them, then gives each its own sheets.
    expect(sheets).toEqual(
      expect.arrayContaining(['Personne', 'Fiches fusionnées', 'Fusion 1 - Personne', 'Fusion 2 - Historique']),
    );
    const olderTrail = JSON.stringify((byId.get(f.older) as { auditTrail: unknown[] }).auditTrail);
    expect(olderTrail).toContain('Régisseuse export');

    // Exported from a merged-away copy: the record it went into comes with it, labelled as such.
    const fromCopy = (await exported(f.older)).data;
    expect(fromCopy.person.id).toBe(f.older);
    expect(
      fromCopy.mergedRecords.map((r: { recordId: string; relation: string }) => [r.recordId, r.relation]).sort(),
    ).toEqual(
      [
        [f.kept, 'KEPT'],
        [f.duplicate, 'MERGED'],
      ].sort(),
    );
  });

  it('erasing a merged-away copy erases the whole family: the record kept and every record merged into it', async () => {
    const f = await mergeFamilyOf(admin, 'erase');
    const r = await admin.ok(
      `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId recordsErased } }`,
      { id: f.older, pw: ws.password },
    );
    expect(r.erasePerson).toEqual({ contactId: f.older, recordsErased: 3 });
    const rows: { r: string }[] = await owner.query(
      `SELECT to_jsonb(c)::text AS r FROM contact c WHERE id = ANY($1::uuid[])`,
      [[f.kept, f.duplicate, f.older]],
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.r.toLowerCase()).not.toContain('hortense');
    const trail: { changes: string }[] = await owner.query(
      `SELECT changes::text AS changes FROM audit_log WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    expect(trail.filter((t) => t.changes.includes('hortenseerase') || t.changes.includes('Régisseuse erase'))).toEqual(
      [],
    );
    const { contact } = await admin.ok(`query($id: ID!) { contact(id: $id) { erasedAt } }`, { id: f.kept });
    expect(contact.erasedAt).not.toBeNull();
  });
});
