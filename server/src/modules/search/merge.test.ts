import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { createAdminDataSource, createAppDataSource } from '../../db/data-sources';
import { withTenant } from '../../db/tenant-scope';
import { UserRole } from '../user/user.entity';

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const ADD_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const MERGE_COMPANIES = `mutation($k: ID!, $m: ID!) { mergeCompanies(keepId: $k, mergeId: $m) {
  keptId mergedId filledFields relations { table column moved duplicatesDropped leftBehind } } }`;
const MERGE_CONTACTS = `mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) {
  keptId mergedId filledFields relations { table column moved duplicatesDropped leftBehind } } }`;
const COMPANY = `query($id: ID!) { company(id: $id, includeDeleted: true) {
  id name website siret siren city postalCode deletedAt mainContact { id } parent { id }
  languages { label } contacts { id } billingAddresses { id isDefault city } } }`;
const CONTACT = `query($id: ID!) { contact(id: $id, includeDeleted: true) {
  id firstName lastName email position deletedAt phoneMobile { e164 raw } company { id mainContact { id } } } }`;
const AUDIT = `query($t: String!, $id: ID!) { auditTrail(entityType: $t, entityId: $id) { edges { node { action changes } } } }`;

type Relation = { table: string; column: string; moved: number; duplicatesDropped: number; leftBehind: number };
const rel = (rels: Relation[], table: string, column: string) =>
  rels.find((r) => r.table === table && r.column === column) ?? { moved: 0, duplicatesDropped: 0, leftBehind: 0 };

describe('merging companies and contacts', () => {
  let api: TestApi;
  let admin: TestClient;
  let user: TestClient;
  let ds: DataSource;
  let wsId: string;
  let options: Record<string, Record<string, string>>;
  let n = 0;

  const company = async (input: Record<string, unknown>, contact: Record<string, unknown> = {}) => {
    n++;
    const mainContact = {
      firstName: 'Jean',
      lastName: `Durand${n}`,
      email: `jean.durand${n}@example.fr`,
      phoneDirect: `04 78 00 00 ${String(n).padStart(2, '0')}`,
      ...contact,
    };
    return (await admin.ok(CREATE, { input: { mainContact, ...input } })).createCompany as {
      id: string;
      mainContact: { id: string };
    };
  };
  const contact = async (companyId: string, input: Record<string, unknown>) =>
    (await admin.ok(ADD_CONTACT, { input: { companyId, ...input } })).createContact.id as string;
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withTenant(ds, wsId, null, (em) => em.query(text, params)) as Promise<T[]>;
  const event = async (companyId: string, name: string, contactIds: string[] = []) => {
    const [{ id }] = await sql<{ id: string }>(
      `INSERT INTO event (workspace_id, company_id, name, start_date) VALUES ($1, $2, $3, '2027-03-01') RETURNING id`,
      [wsId, companyId, name],
    );
    for (const c of contactIds)
      await sql('INSERT INTO event_contact (workspace_id, event_id, company_id, contact_id) VALUES ($1, $2, $3, $4)', [
        wsId,
        id,
        companyId,
        c,
      ]);
    return id;
  };
  const activity = async (on: { companyId?: string; contactId?: string }, comment: string) =>
    sql(`INSERT INTO activity (workspace_id, kind, company_id, contact_id, comment) VALUES ($1, 'INFO', $2, $3, $4)`, [
      wsId,
      on.companyId ?? null,
      on.contactId ?? null,
      comment,
    ]);

  beforeAll(async () => {
    api = await startTestApi();
    const ws = await createWorkspaceWithAdmin();
    wsId = ws.workspaceId;
    admin = await clientFor(api, ws);
    user = await clientFor(api, await addUser(wsId, UserRole.USER));
    ds = createAppDataSource(testConfig());
    await ds.initialize();
    const all = await admin.ok('{ allSettingOptions { id list label } }');
    options = {};
    for (const o of all.allSettingOptions) (options[o.list] ??= {})[o.label] = o.id;
  });
  afterAll(async () => {
    await ds.destroy();
    await api.close();
    await closeFactories();
  });

  it("makes the merged company's real billing address the default when the kept one has none or an empty one", async () => {
    const BILLING = `query($id: ID!) { company(id: $id) { billingAddresses { isDefault addressLine1 city } } }`;
    for (const blank of [false, true]) {
      const keep = await company({ name: `Sans Adresse ${blank}` });
      // An empty default, as companies created without address got before (the migration
      // removes those no document uses; those some document uses stay).
      if (blank)
        await sql(
          `INSERT INTO billing_address (workspace_id, company_id, country, is_default) VALUES ($1, $2, 'France', true)`,
          [wsId, keep.id],
        );
      const merge = await company({
        name: `Avec Adresse ${blank}`,
        addressLine1: '5 rue Royale',
        postalCode: '69001',
        city: 'Lyon',
      });
      await user.ok(MERGE_COMPANIES, { k: keep.id, m: merge.id });
      const defaults = (await admin.ok(BILLING, { id: keep.id })).company.billingAddresses.filter(
        (b: { isDefault: boolean }) => b.isDefault,
      );
      expect(defaults).toEqual([{ isDefault: true, addressLine1: '5 rue Royale', city: 'Lyon' }]);
    }
  });

  it('moves every relation of a company, fills empty fields and soft-deletes the merged one', async () => {
    const keep = await company({
      name: 'Société Générale',
      addressLine1: '29 boulevard Haussmann',
      postalCode: '75009',
      city: 'Paris',
      languageIds: [options.LANGUAGE['Français']],
    });
    const merge = await company(
      {
        name: 'Societe Generale (doublon)',
        website: 'societegenerale.fr',
        siret: '73282932000074',
        addressLine1: '17 cours Valmy',
        postalCode: '92000',
        city: 'Nanterre',
        languageIds: [options.LANGUAGE['Français'], options.LANGUAGE.Anglais],
      },
      { firstName: 'Claire', lastName: 'Martin' },
    );
    const second = await contact(merge.id, {
      firstName: 'Paul',
      lastName: 'Petit',
      email: 'paul.petit@sg.fr',
      phoneDirect: '01 45 00 00 02',
    });
    await admin.ok(
      `mutation($c: ID!, $i: AddressInput!) { addBillingAddress(companyId: $c, input: $i, makeDefault: false) { id } }`,
      { c: merge.id, i: { addressLine1: '1 place de la Défense', postalCode: '92000', city: 'Nanterre' } },
    );
    const subsidiary = await company({ name: 'SG Filiale', parentId: merge.id });
    const ev = await event(merge.id, 'Convention annuelle', [merge.mainContact.id, second]);
    await activity({ companyId: merge.id }, 'note on the duplicate');
    await activity({ contactId: second }, 'call with Paul');

    const r = (await user.ok(MERGE_COMPANIES, { k: keep.id, m: merge.id })).mergeCompanies;
    expect(r).toMatchObject({ keptId: keep.id, mergedId: merge.id });
    expect(r.filledFields).toEqual(expect.arrayContaining(['website', 'siret', 'siren']));
    expect(r.filledFields).not.toContain('city');
    expect(rel(r.relations, 'contact', 'company_id').moved).toBe(2);
    expect(rel(r.relations, 'company_language', 'company_id')).toMatchObject({ moved: 1, duplicatesDropped: 1 });
    expect(rel(r.relations, 'billing_address', 'company_id').moved).toBe(2);
    expect(rel(r.relations, 'event', 'company_id').moved).toBe(1);
    expect(rel(r.relations, 'activity', 'company_id').moved).toBe(1);
    expect(rel(r.relations, 'company', 'parent_id').moved).toBe(1);

    const kept = (await admin.ok(COMPANY, { id: keep.id })).company;
    expect(kept).toMatchObject({
      name: 'Société Générale',
      city: 'Paris',
      website: 'https://societegenerale.fr',
      siret: '73282932000074',
      siren: '732829320',
      deletedAt: null,
      mainContact: { id: keep.mainContact.id },
    });
    expect(kept.contacts.map((c: { id: string }) => c.id).sort()).toEqual(
      [keep.mainContact.id, merge.mainContact.id, second].sort(),
    );
    expect(kept.languages.map((l: { label: string }) => l.label).sort()).toEqual(['Anglais', 'Français']);
    expect(kept.billingAddresses).toHaveLength(3);
    // Both defaults are real addresses: the kept company's stays the default.
    expect(kept.billingAddresses.filter((b: { isDefault: boolean }) => b.isDefault)).toEqual([
      expect.objectContaining({ city: 'Paris' }),
    ]);
    expect((await admin.ok(COMPANY, { id: subsidiary.id })).company.parent).toEqual({ id: keep.id });

    // Events, their invited contacts and the contacts' own history followed.
    const links = await sql(
      'SELECT company_id, contact_id FROM event_contact WHERE event_id = $1 ORDER BY contact_id',
      [ev],
    );
    expect(links).toEqual([merge.mainContact.id, second].sort().map((c) => ({ company_id: keep.id, contact_id: c })));
    expect(await sql('SELECT company_id FROM event WHERE id = $1', [ev])).toEqual([{ company_id: keep.id }]);
    expect(await sql('SELECT count(*)::int AS n FROM activity WHERE company_id = $1', [merge.id])).toEqual([{ n: 0 }]);

    const merged = (await admin.ok(COMPANY, { id: merge.id })).company;
    expect(merged.deletedAt).not.toBeNull();
    expect(merged.contacts).toEqual([]);
    const keptAudit = (await admin.ok(AUDIT, { t: 'Company', id: keep.id })).auditTrail.edges[0].node;
    expect(keptAudit).toMatchObject({ action: 'merge', changes: { mergedFrom: { to: merge.id } } });
    const mergedAudit = (await admin.ok(AUDIT, { t: 'Company', id: merge.id })).auditTrail.edges[0].node;
    expect(mergedAudit).toMatchObject({ action: 'merge', changes: { mergedInto: { to: keep.id } } });
    const contactAudit = (await admin.ok(AUDIT, { t: 'Contact', id: second })).auditTrail.edges[0].node;
    expect(contactAudit.changes).toEqual({ companyId: { from: merge.id, to: keep.id } });
  });

  it('takes the whole address of the merged company when the kept one has none', async () => {
    const keep = await company({ name: 'Sans Adresse' });
    const merge = await company({
      name: 'Avec Adresse',
      addressLine1: '3 rue de Lyon',
      postalCode: '69002',
      city: 'Lyon',
    });
    const r = (await admin.ok(MERGE_COMPANIES, { k: keep.id, m: merge.id })).mergeCompanies;
    expect(r.filledFields).toContain('address');
    expect((await admin.ok(COMPANY, { id: keep.id })).company).toMatchObject({ postalCode: '69002', city: 'Lyon' });
  });

  it('moves rows of tables added later, found through their foreign keys', async () => {
    const table = `test_quote_${randomBytes(4).toString('hex')}`;
    const owner = createAdminDataSource(testConfig());
    await owner.initialize();
    try {
      await owner.query(`
        CREATE TABLE ${table} (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
          company_id uuid NOT NULL REFERENCES company(id),
          contact_id uuid REFERENCES contact(id),
          amount numeric NOT NULL);
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
        GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO crm_app_rls;`);
      const keep = await company({ name: 'Devis Gardé' });
      const merge = await company({ name: 'Devis Fusionné' });
      await sql(`INSERT INTO ${table} (workspace_id, company_id, contact_id, amount) VALUES ($1, $2, $3, 1200)`, [
        wsId,
        merge.id,
        merge.mainContact.id,
      ]);
      const r = (await admin.ok(MERGE_COMPANIES, { k: keep.id, m: merge.id })).mergeCompanies;
      expect(rel(r.relations, table, 'company_id').moved).toBe(1);
      expect(await sql(`SELECT company_id FROM ${table}`)).toEqual([{ company_id: keep.id }]);

      // The same table is followed when contacts merge.
      const other = await contact(keep.id, {
        firstName: 'Zoé',
        lastName: 'Roux',
        email: 'zoe@devis.fr',
        phoneDirect: '01 45 00 00 03',
      });
      const c = (await admin.ok(MERGE_CONTACTS, { k: other, m: merge.mainContact.id })).mergeContacts;
      expect(rel(c.relations, table, 'contact_id').moved).toBe(1);
      expect(await sql(`SELECT contact_id FROM ${table}`)).toEqual([{ contact_id: other }]);
    } finally {
      await owner.query(`DROP TABLE IF EXISTS ${table}`);
      await owner.destroy();
    }
  });

  it('merges two contacts of a company: links, history, main contact and empty fields', async () => {
    const co = await company({ name: 'Fusion Contacts' }, { firstName: 'Marie', lastName: 'Curie' });
    const keep = await contact(co.id, {
      firstName: 'Marie',
      lastName: 'Curie',
      email: 'marie@curie.fr',
      phoneDirect: '01 45 00 00 04',
    });
    const dup = co.mainContact.id;
    await sql('UPDATE contact SET phone_mobile = $2, phone_mobile_raw = $3, position = $4 WHERE id = $1', [
      dup,
      '+33612345678',
      '06 12 34 56 78',
      'Directrice',
    ]);
    const both = await event(co.id, 'Gala', [keep, dup]);
    const onlyDup = await event(co.id, 'Salon', [dup]);
    await activity({ contactId: dup }, 'rendez-vous');

    const r = (await admin.ok(MERGE_CONTACTS, { k: keep, m: dup })).mergeContacts;
    expect(r.filledFields).toEqual(expect.arrayContaining(['phoneMobile', 'position']));
    // The raw input is copied with its phone but is not reported as a field of its own.
    expect(r.filledFields).not.toContain('phoneMobileRaw');
    expect(r.filledFields).not.toContain('email');
    expect(rel(r.relations, 'event_contact', 'contact_id')).toMatchObject({ moved: 1, duplicatesDropped: 1 });
    expect(rel(r.relations, 'activity', 'contact_id').moved).toBe(1);
    expect(rel(r.relations, 'company', 'main_contact_id').moved).toBe(1);

    const kept = (await admin.ok(CONTACT, { id: keep })).contact;
    expect(kept).toMatchObject({
      email: 'marie@curie.fr',
      position: 'Directrice',
      phoneMobile: { e164: '+33612345678', raw: '06 12 34 56 78' },
      company: { id: co.id, mainContact: { id: keep } },
    });
    expect((await admin.ok(CONTACT, { id: dup })).contact.deletedAt).not.toBeNull();
    expect(
      await sql('SELECT event_id, contact_id FROM event_contact WHERE event_id = ANY($1) ORDER BY event_id', [
        [both, onlyDup],
      ]),
    ).toEqual([both, onlyDup].sort().map((e) => ({ event_id: e, contact_id: keep })));
  });

  describe('consent (GDPR art. 7(1) proof)', () => {
    const CONSENT = `query($id: ID!) { contact(id: $id, includeDeleted: true) {
      optIn optInAt optInSource consentHistory { optIn source } } }`;
    const COMPANY_CONSENT = `query($id: ID!) { company(id: $id, includeDeleted: true) { optIn consentHistory { optIn source } } }`;
    /** A consent event at a given date, the record's opt-in set as that event left it. */
    const consent = async (type: 'Contact' | 'Company', id: string, optIn: boolean, source: string, at: string) => {
      await sql(
        `INSERT INTO consent_event (workspace_id, subject_type, subject_id, opt_in, source, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [wsId, type, id, optIn, source, at],
      );
      if (type === 'Contact')
        await sql('UPDATE contact SET opt_in = $2, opt_in_at = $3, opt_in_source = $4 WHERE id = $1', [
          id,
          optIn,
          at,
          source,
        ]);
      else await sql('UPDATE company SET opt_in = $2 WHERE id = $1', [id, optIn]);
    };

    it("carries the merged contact's opt-in and its history over to a kept contact without consent", async () => {
      const co = await company({ name: 'Dupré Consent' });
      const keep = await contact(co.id, { firstName: 'Helene', lastName: 'DUPRE' });
      const dup = await contact(co.id, { firstName: 'Hélène', lastName: 'Dupré' });
      await consent('Contact', dup, true, 'import', '2026-03-02T09:00:00Z');

      const r = (await admin.ok(MERGE_CONTACTS, { k: keep, m: dup })).mergeContacts;
      expect(r.filledFields).toContain('optIn');
      expect(rel(r.relations, 'consent_event', 'subject_id').moved).toBe(1);
      expect((await admin.ok(CONSENT, { id: keep })).contact).toEqual({
        optIn: true,
        optInAt: '2026-03-02T09:00:00.000Z',
        optInSource: 'import',
        consentHistory: [{ optIn: true, source: 'import' }],
      });
    });

    it('follows the most recent consent event of both contacts: a later opt-out wins, a later opt-in too', async () => {
      const co = await company({ name: 'Consent Order' });
      // The kept contact opted in; the merged one withdrew later.
      const keepA = await contact(co.id, { firstName: 'Anne', lastName: 'Martin' });
      const dupA = await contact(co.id, { firstName: 'Anne', lastName: 'MARTIN' });
      await consent('Contact', keepA, true, 'user', '2026-01-10T10:00:00Z');
      await consent('Contact', dupA, true, 'import', '2026-01-05T10:00:00Z');
      await sql(
        `INSERT INTO consent_event (workspace_id, subject_type, subject_id, opt_in, source, created_at)
         VALUES ($1, 'Contact', $2, false, 'brevo', '2026-02-01T10:00:00Z')`,
        [wsId, dupA],
      );
      await sql('UPDATE contact SET opt_in = false WHERE id = $1', [dupA]);
      await admin.ok(MERGE_CONTACTS, { k: keepA, m: dupA });
      expect((await admin.ok(CONSENT, { id: keepA })).contact).toMatchObject({
        optIn: false,
        optInSource: 'brevo',
        consentHistory: [
          { optIn: false, source: 'brevo' },
          { optIn: true, source: 'user' },
          { optIn: true, source: 'import' },
        ],
      });
      expect((await admin.ok(CONSENT, { id: dupA })).contact.consentHistory).toEqual([]);

      // The kept contact withdrew before the merged one opted in: the later opt-in wins.
      const keepB = await contact(co.id, { firstName: 'Paul', lastName: 'Roux' });
      const dupB = await contact(co.id, { firstName: 'Paul', lastName: 'ROUX' });
      await consent('Contact', keepB, false, 'user', '2026-01-01T10:00:00Z');
      await consent('Contact', dupB, true, 'user', '2026-04-01T10:00:00Z');
      await admin.ok(MERGE_CONTACTS, { k: keepB, m: dupB });
      expect((await admin.ok(CONSENT, { id: keepB })).contact).toMatchObject({ optIn: true });

      // The kept contact's opt-out is the latest: an older opt-in of the merged one does not bring it back.
      const keepC = await contact(co.id, { firstName: 'Léa', lastName: 'Blanc' });
      const dupC = await contact(co.id, { firstName: 'Lea', lastName: 'BLANC' });
      await consent('Contact', dupC, true, 'import', '2026-01-01T10:00:00Z');
      await consent('Contact', keepC, false, 'user', '2026-05-01T10:00:00Z');
      const r = (await admin.ok(MERGE_CONTACTS, { k: keepC, m: dupC })).mergeContacts;
      expect(r.filledFields).not.toContain('optIn');
      expect((await admin.ok(CONSENT, { id: keepC })).contact.optIn).toBe(false);
    });

    it("carries a merged company's consent history over and follows its latest event", async () => {
      const keep = (await company({ name: 'Consent Société' })).id;
      const dup = (await company({ name: 'Consent Societe' })).id;
      await consent('Company', dup, true, 'import', '2026-03-02T09:00:00Z');
      const r = (await admin.ok(MERGE_COMPANIES, { k: keep, m: dup })).mergeCompanies;
      expect(r.filledFields).toContain('optIn');
      expect((await admin.ok(COMPANY_CONSENT, { id: keep })).company).toEqual({
        optIn: true,
        consentHistory: [{ optIn: true, source: 'import' }],
      });
    });
  });

  it('merging contacts of two companies leaves the other company its links and a live main contact', async () => {
    const a = await company({ name: 'Maison A' }, { firstName: 'Léa', lastName: 'Blanc' });
    const b = await company({ name: 'Maison B' }, { firstName: 'Léa', lastName: 'Blanc' });
    const colleague = await contact(b.id, {
      firstName: 'Hugo',
      lastName: 'Noir',
      email: 'hugo@b.fr',
      phoneDirect: '01 45 00 00 05',
    });
    const ev = await event(b.id, 'Séminaire B', [b.mainContact.id]);
    const r = (await admin.ok(MERGE_CONTACTS, { k: a.mainContact.id, m: b.mainContact.id })).mergeContacts;
    expect(rel(r.relations, 'event_contact', 'contact_id')).toMatchObject({ moved: 0, leftBehind: 1 });
    expect(await sql('SELECT contact_id FROM event_contact WHERE event_id = $1', [ev])).toEqual([
      { contact_id: b.mainContact.id },
    ]);
    expect((await admin.ok(COMPANY, { id: b.id })).company.mainContact).toEqual({ id: colleague });
  });

  it('refuses merging a record with itself, deleted records and other workspaces', async () => {
    const a = await company({ name: 'Refus A' });
    const b = await company({ name: 'Refus B' });
    const self = await admin.gql(MERGE_COMPANIES, { k: a.id, m: a.id });
    expect(errorCode(self)).toBe('BAD_USER_INPUT');
    expect((self.errors?.[0].extensions?.fields as { path: string[] }[])[0].path).toEqual(['mergeId']);
    expect(errorCode(await admin.gql(MERGE_CONTACTS, { k: a.mainContact.id, m: a.mainContact.id }))).toBe(
      'BAD_USER_INPUT',
    );

    const stranger = await clientFor(api, await createWorkspaceWithAdmin());
    const theirs = (
      await stranger.ok(CREATE, {
        input: {
          name: 'Ailleurs',
          mainContact: { firstName: 'X', lastName: 'Y', email: 'x@y.fr', phoneDirect: '01 45 00 00 06' },
        },
      })
    ).createCompany;
    expect(errorCode(await admin.gql(MERGE_COMPANIES, { k: a.id, m: theirs.id }))).toBe('NOT_FOUND');
    expect(errorCode(await admin.gql(MERGE_CONTACTS, { k: a.mainContact.id, m: theirs.mainContact.id }))).toBe(
      'NOT_FOUND',
    );
    expect((await stranger.ok(COMPANY, { id: theirs.id })).company.deletedAt).toBeNull();

    await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: b.id });
    expect(errorCode(await admin.gql(MERGE_COMPANIES, { k: a.id, m: b.id }))).toBe('NOT_FOUND');
    expect(errorCode(await admin.gql(MERGE_COMPANIES, { k: b.id, m: a.id }))).toBe('NOT_FOUND');
    expect(errorCode(await admin.gql(MERGE_COMPANIES, { k: a.id, m: 'not-an-id' }))).toBe('NOT_FOUND');
  });

  it('keeps the company tree acyclic', async () => {
    const top = await company({ name: 'Groupe' });
    const mid = await company({ name: 'Division', parentId: top.id });
    const leaf = await company({ name: 'Agence', parentId: mid.id });
    // Keeping a grandchild of the merged company would close a cycle.
    expect(errorCode(await admin.gql(MERGE_COMPANIES, { k: leaf.id, m: top.id }))).toBe('CONFLICT');
    // A direct child takes its parent's place.
    await admin.ok(MERGE_COMPANIES, { k: leaf.id, m: mid.id });
    expect((await admin.ok(COMPANY, { id: leaf.id })).company.parent).toEqual({ id: top.id });
  });

  it('refuses to restore a merged-away company or contact, naming the record it went into', async () => {
    const keep = await company({ name: 'Dupont Événements' });
    const gone = await company({ name: 'Dupont Evenements' }, { firstName: 'Marie', lastName: 'Curie' });
    await admin.ok(MERGE_COMPANIES, { k: keep.id, m: gone.id });
    const refused = await admin.gql('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: gone.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(
      /^« Dupont Evenements » a été fusionnée dans « Dupont Événements » le \d{1,2} \S+ \d{4} : .*utilisez « Dupont Événements »\.$/,
    );
    expect(refused.errors?.[0]?.extensions?.mergedInto).toBe(keep.id);
    // Nothing changed: still in the trash, its contact still on the kept company.
    expect((await admin.ok(COMPANY, { id: gone.id })).company).toMatchObject({ contacts: [] });
    expect((await admin.ok(COMPANY, { id: gone.id })).company.deletedAt).not.toBeNull();
    expect((await admin.ok(CONTACT, { id: gone.mainContact.id })).contact.company.id).toBe(keep.id);

    const other = await contact(keep.id, { firstName: 'Marie', lastName: 'CURIE' });
    await admin.ok(MERGE_CONTACTS, { k: gone.mainContact.id, m: other });
    const refusedContact = await admin.gql('mutation($id: ID!) { restoreContact(id: $id) { id } }', { id: other });
    expect(errorCode(refusedContact)).toBe('CONFLICT');
    expect(refusedContact.errors?.[0]?.message).toMatch(/^« Marie CURIE » a été fusionné dans « Marie Curie » le /);
    expect((await admin.ok(CONTACT, { id: other })).contact.deletedAt).not.toBeNull();

    // Same names: each gets what tells it apart (postal code and city, e-mail).
    const twinKeep = await company({ name: 'Nova Tech', postalCode: '44000', city: 'Nantes' });
    const twinGone = await company({ name: 'Nova Tech', postalCode: '44800', city: 'Saint-Herblain' });
    await admin.ok(MERGE_COMPANIES, { k: twinKeep.id, m: twinGone.id });
    const twinRefused = await admin.gql('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: twinGone.id });
    expect(twinRefused.errors?.[0]?.message).toMatch(
      /^« Nova Tech \(44800 Saint-Herblain\) » a été fusionnée dans « Nova Tech \(44000 Nantes\) » le .*utilisez « Nova Tech \(44000 Nantes\) »\.$/,
    );
    const twinContact = await contact(keep.id, { firstName: 'Marie', lastName: 'Curie', email: 'm.curie@autre.fr' });
    await admin.ok(MERGE_CONTACTS, { k: gone.mainContact.id, m: twinContact });
    const twinContactRefused = await admin.gql('mutation($id: ID!) { restoreContact(id: $id) { id } }', {
      id: twinContact,
    });
    expect(twinContactRefused.errors?.[0]?.message).toMatch(
      /^« Marie Curie \(m\.curie@autre\.fr\) » a été fusionné dans « Marie Curie \(jean\.durand\d+@example\.fr\) » le /,
    );

    // A company deleted for another reason is still restored, and elects a main contact if it has none.
    const plain = await company({ name: 'Supprimée pour de bon' });
    await sql('UPDATE company SET main_contact_id = NULL WHERE id = $1', [plain.id]);
    await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }', { id: plain.id });
    const restored = await admin.ok('mutation($id: ID!) { restoreCompany(id: $id) { mainContact { id } } }', {
      id: plain.id,
    });
    expect(restored.restoreCompany.mainContact).toEqual({ id: plain.mainContact.id });
    const trail = (await admin.ok(AUDIT, { t: 'Company', id: plain.id })).auditTrail.edges.map(
      (e: { node: { action: string; changes: object } }) => e.node,
    );
    expect(trail[0]).toEqual({
      action: 'update',
      changes: { mainContactId: { from: null, to: plain.mainContact.id } },
    });
  });
});
