import { Client } from 'pg';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  addUser,
  apiKeyClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { seedCompany, tenantSql } from './list-fixtures';

/** Bulk actions of the lists' selection bar: the single edit's rules, all or nothing, a fixed number of statements. */
const UPDATE_CONTACTS = `mutation($ids: [ID!]!, $input: BulkContactPatch!) {
  bulkUpdateContacts(ids: $ids, input: $input) { count ids } }`;
const UPDATE_COMPANIES = `mutation($ids: [ID!]!, $input: BulkCompanyPatch!) {
  bulkUpdateCompanies(ids: $ids, input: $input) { count ids } }`;
const DELETE_CONTACTS = `mutation($ids: [ID!]!) { bulkDeleteContacts(ids: $ids) { count ids } }`;
const CONTACT = `query($id: ID!) { contact(id: $id, includeDeleted: true) {
  id active deletedAt salesperson { id } progressState { id } situation { id } source { id } potential { id }
  company { id mainContact { id } } } }`;
const COMPANY = `query($id: ID!) { company(id: $id) { id active companyType { id } } }`;
const AUDIT = `query($type: String!, $id: ID!) { auditTrail(entityType: $type, entityId: $id) {
  edges { node { action changes } } } }`;
const UPDATE_CONTACTS_MATCHING = `mutation($matching: BulkMatching!, $input: BulkContactPatch!) {
  bulkUpdateContacts(matching: $matching, input: $input) { count ids } }`;
const UPDATE_COMPANIES_MATCHING = `mutation($matching: BulkMatching!, $input: BulkCompanyPatch!) {
  bulkUpdateCompanies(matching: $matching, input: $input) { count ids } }`;
const DELETE_CONTACTS_MATCHING = `mutation($matching: BulkMatching!) {
  bulkDeleteContacts(matching: $matching) { count ids } }`;
/** The contact list's filter "company is one of these". */
const ofCompany = (...ids: string[]) => ({ column: 'company', op: 'IN', values: ids });
const TRASH = `{ contacts(deleted: true, first: 100) { edges { node { id } } } }`;

type Option = { id: string; list: string; label: string };

describe('bulk actions on the company and contact lists', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  let sql: ReturnType<typeof tenantSql>;
  let options: Option[];
  let salesId: string;
  let n = 0;

  const of = (list: string, i = 0) => options.filter((o) => o.list === list)[i].id;
  /** A company with `count` contacts (the first is its main contact); returns the contact ids. */
  const contacts = async (count: number, extra: Record<string, unknown> = {}) => {
    n++;
    const people = Array.from({ length: count }, (_, i) => ({ firstName: 'Lot', lastName: `N${n}-${i}`, ...extra }));
    const seeded = await seedCompany(api.deps.dataSource, ws.workspaceId, {
      name: `Bulk ${n}`,
      contact: people[0],
      extraContacts: people.slice(1),
    });
    return seeded;
  };
  const contact = async (id: string) => (await admin.ok(CONTACT, { id })).contact;
  const audit = async (type: string, id: string) =>
    (await admin.ok(AUDIT, { type, id })).auditTrail.edges.map(
      (e: { node: { action: string; changes: Record<string, { from: unknown; to: unknown }> } }) => e.node,
    );

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    salesId = (await addUser(ws.workspaceId, undefined, 'Valérie Vendeuse')).userId;
    sql = tenantSql(api.deps.dataSource, ws.workspaceId);
    options = await sql<Option>(`SELECT id, list::text, label FROM setting_option ORDER BY list, position`);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('sets the fields on every contact, audits each changed one and skips the unchanged', async () => {
    const { contactIds } = await contacts(3);
    const state = of('PROGRESS_STATE', 1);
    // The third already has the state and the salesperson: nothing to change on it.
    await sql('UPDATE contact SET progress_state_id = $1, salesperson_id = $2 WHERE id = $3', [
      state,
      salesId,
      contactIds[2],
    ]);
    const input = { progressStateId: state, salespersonId: salesId, situationId: of('SITUATION') };
    const { bulkUpdateContacts } = await admin.ok(UPDATE_CONTACTS, { ids: contactIds, input });
    // The third still lacked the situation: it changes too.
    expect(bulkUpdateContacts.count).toBe(3);
    for (const id of contactIds) {
      const c = await contact(id);
      expect([c.progressState?.id, c.salesperson?.id, c.situation?.id]).toEqual([state, salesId, of('SITUATION')]);
    }
    const [entry] = await audit('Contact', contactIds[0]);
    expect(entry.action).toBe('update');
    expect(entry.changes).toEqual({
      progressStateId: { from: null, to: state },
      salespersonId: { from: null, to: salesId },
      situationId: { from: null, to: of('SITUATION') },
    });
    expect(Object.keys((await audit('Contact', contactIds[2]))[0].changes)).toEqual(['situationId']);

    // Again: nothing changes, no record is touched, no entry is written.
    const again = await admin.ok(UPDATE_CONTACTS, { ids: contactIds, input });
    expect(again.bulkUpdateContacts).toEqual({ count: 0, ids: [] });
    expect(await audit('Contact', contactIds[0])).toHaveLength(1);

    // Null clears what a single edit can clear; inactive as a single edit does.
    const cleared = await admin.ok(UPDATE_CONTACTS, {
      ids: contactIds.slice(0, 2),
      input: { salespersonId: null, progressStateId: null, active: false },
    });
    expect(cleared.bulkUpdateContacts.count).toBe(2);
    const c0 = await contact(contactIds[0]);
    expect([c0.salesperson, c0.progressState, c0.active]).toEqual([null, null, false]);
    expect((await audit('Contact', contactIds[0]))[0].changes.active).toEqual({ from: true, to: false });
  });

  it('changes nothing when one record breaks a rule, naming it by its index in ids', async () => {
    const { contactIds } = await contacts(3);
    const hidden = of('PROGRESS_STATE', 2);
    await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: true }) { id } }', {
      id: hidden,
    });
    try {
      // A hidden state stays valid on a record that has it (the first), not on the others.
      await sql('UPDATE contact SET progress_state_id = $1 WHERE id = $2', [hidden, contactIds[0]]);
      const r = await admin.gql(UPDATE_CONTACTS, {
        ids: contactIds,
        input: { progressStateId: hidden, active: false },
      });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      const fields = r.errors?.[0].extensions?.fields as { path: string[]; message: string }[];
      expect(fields.map((f) => f.path)).toEqual([
        ['ids', '1', 'progressStateId'],
        ['ids', '2', 'progressStateId'],
      ]);
      // The first record, valid, was not deactivated either.
      expect((await contact(contactIds[0])).active).toBe(true);
      expect(await audit('Contact', contactIds[0])).toHaveLength(0);

      // A value wrong for all (unknown salesperson) is reported on the input's field.
      const unknown = await admin.gql(UPDATE_CONTACTS, {
        ids: contactIds,
        input: { salespersonId: contactIds[0] },
      });
      expect(unknown.errors?.[0].extensions?.fields).toEqual([
        expect.objectContaining({ path: ['input', 'salespersonId'] }),
      ]);
      const empty = await admin.gql(UPDATE_CONTACTS, { ids: contactIds, input: {} });
      expect(empty.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['input'] })]);
    } finally {
      await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: false }) { id } }', {
        id: hidden,
      });
    }
  });

  it("is NOT_FOUND, listing them, for another workspace's, unknown and deleted ids", async () => {
    const { contactIds } = await contacts(2);
    const other = await createWorkspaceWithAdmin();
    const foreign = await seedCompany(api.deps.dataSource, other.workspaceId, {
      name: 'Étrangère',
      contact: { firstName: 'Autre', lastName: 'Espace' },
    });
    const deleted = await contacts(1);
    await sql('UPDATE contact SET deleted_at = now() WHERE id = $1', [deleted.contactIds[0]]);
    const ids = [...contactIds, foreign.contactIds[0], 'pas-un-id', deleted.contactIds[0]];
    const r = await admin.gql(UPDATE_CONTACTS, { ids, input: { active: false } });
    expect(errorCode(r)).toBe('NOT_FOUND');
    expect(r.errors?.[0].extensions?.missingIds).toEqual([foreign.contactIds[0], 'pas-un-id', deleted.contactIds[0]]);
    expect((await contact(contactIds[0])).active).toBe(true);
    const d = await admin.gql(DELETE_CONTACTS, { ids: [contactIds[0], foreign.contactIds[0]] });
    expect(errorCode(d)).toBe('NOT_FOUND');
    expect((await contact(contactIds[0])).deletedAt).toBeNull();
    const otherAdmin = await clientFor(api, other);
    expect((await otherAdmin.ok(CONTACT, { id: foreign.contactIds[0] })).contact.active).toBe(true);
  });

  it('refuses more than 500 ids and an empty selection on ids', async () => {
    const { contactIds } = await contacts(1);
    const ids = [...contactIds, ...Array.from({ length: 500 }, () => contactIds[0])];
    for (const r of [
      await admin.gql(UPDATE_CONTACTS, { ids, input: { active: false } }),
      await admin.gql(DELETE_CONTACTS, { ids }),
      await admin.gql(UPDATE_COMPANIES, { ids, input: { active: false } }),
      await admin.gql(DELETE_CONTACTS, { ids: [] }),
    ]) {
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['ids'] })]);
    }
    expect((await contact(contactIds[0])).active).toBe(true);
  });

  it('is FORBIDDEN to a read-only API key, like single edits', async () => {
    const { companyId, contactIds } = await contacts(1);
    const readOnly = await apiKeyClient(api, admin, 'READ_ONLY');
    for (const r of [
      await readOnly.gql(UPDATE_CONTACTS, { ids: contactIds, input: { active: false } }),
      await readOnly.gql(UPDATE_COMPANIES, { ids: [companyId], input: { active: false } }),
      await readOnly.gql(DELETE_CONTACTS, { ids: contactIds }),
    ])
      expect(errorCode(r)).toBe('FORBIDDEN');
    const c = await contact(contactIds[0]);
    expect([c.active, c.deletedAt]).toEqual([true, null]);
    // A USER (not an admin) may, as for single edits.
    const user = await clientFor(api, await addUser(ws.workspaceId));
    expect(
      (await user.ok(UPDATE_CONTACTS, { ids: contactIds, input: { active: false } })).bulkUpdateContacts.count,
    ).toBe(1);
  });

  it('sets the company type and active on companies, audited, refusing a hidden type', async () => {
    const a = await contacts(1);
    const b = await contacts(1);
    const type = of('COMPANY_TYPE', 1);
    const { bulkUpdateCompanies } = await admin.ok(UPDATE_COMPANIES, {
      ids: [a.companyId, b.companyId],
      input: { companyTypeId: type, active: false },
    });
    expect(bulkUpdateCompanies.count).toBe(2);
    const company = (await admin.ok(COMPANY, { id: b.companyId })).company;
    expect([company.companyType?.id, company.active]).toEqual([type, false]);
    expect((await audit('Company', a.companyId))[0].changes).toEqual({
      companyTypeId: { from: null, to: type },
      active: { from: true, to: false },
    });
    const hidden = of('COMPANY_TYPE', 2);
    await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: true }) { id } }', {
      id: hidden,
    });
    const r = await admin.gql(UPDATE_COMPANIES, { ids: [a.companyId], input: { companyTypeId: hidden } });
    expect(r.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['input', 'companyTypeId'] })]);
    await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: false }) { id } }', {
      id: hidden,
    });
  });

  it('moves contacts to the trash like deleteContact: audited, the main contact replaced', async () => {
    const { companyId, contactIds } = await contacts(3);
    const [main, second, kept] = contactIds;
    const { bulkDeleteContacts } = await admin.ok(DELETE_CONTACTS, { ids: [main, second, main] });
    expect(bulkDeleteContacts.count).toBe(2);
    const trash = (await admin.ok(TRASH)).contacts.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(trash).toEqual(expect.arrayContaining([main, second]));
    expect(trash).not.toContain(kept);
    // The company elects its remaining contact, as after one deletion.
    expect(
      (await admin.ok(COMPANY.replace('companyType { id }', 'mainContact { id }'), { id: companyId })).company,
    ).toMatchObject({ mainContact: { id: kept } });
    expect((await audit('Contact', second))[0]).toMatchObject({
      action: 'delete',
      changes: { deletedAt: { from: null } },
    });
    // Deleted contacts cannot be deleted (or edited) again: NOT_FOUND, as for one.
    const again = await admin.gql(DELETE_CONTACTS, { ids: [second, kept] });
    expect(errorCode(again)).toBe('NOT_FOUND');
    expect((await contact(kept)).deletedAt).toBeNull();
  });

  it('applies to every record the list shows for a filter, on every page, audited per record', async () => {
    const a = await contacts(3);
    const b = await contacts(2);
    const untouched = await contacts(1);
    // Inactive records are hidden by a filter that does not name `active`, as in the list.
    await sql('UPDATE contact SET active = false WHERE id = $1', [b.contactIds[1]]);
    const state = of('PROGRESS_STATE', 1);
    const filter = { or: [ofCompany(a.companyId), ofCompany(b.companyId)] };
    const { bulkUpdateContacts } = await admin.ok(UPDATE_CONTACTS_MATCHING, {
      matching: { filter, expectedCount: 4 },
      input: { progressStateId: state },
    });
    expect(bulkUpdateContacts.count).toBe(4);
    expect([...bulkUpdateContacts.ids].sort()).toEqual([...a.contactIds, b.contactIds[0]].sort());
    for (const id of [...a.contactIds, b.contactIds[0]]) expect((await contact(id)).progressState?.id).toBe(state);
    expect((await contact(b.contactIds[1])).progressState).toBeNull();
    expect((await contact(untouched.contactIds[0])).progressState).toBeNull();
    expect((await audit('Contact', a.contactIds[2]))[0]).toMatchObject({
      action: 'update',
      changes: { progressStateId: { from: null, to: state } },
    });

    // Naming `active` takes the inactive ones too, as the list shows them.
    const all = await admin.ok(UPDATE_CONTACTS_MATCHING, {
      matching: { filter: { and: [ofCompany(b.companyId), { column: 'active', op: 'IS_FALSE' }] } },
      input: { active: true },
    });
    expect(all.bulkUpdateContacts.ids).toEqual([b.contactIds[1]]);

    // Companies: the company list's filter.
    const companies = await admin.ok(UPDATE_COMPANIES_MATCHING, {
      matching: { filter: { column: 'name', op: 'EQUALS', value: `Bulk ${n}` } },
      input: { active: false },
    });
    expect(companies.bulkUpdateCompanies.ids).toEqual([untouched.companyId]);
    expect((await audit('Company', untouched.companyId))[0].changes.active).toEqual({ from: true, to: false });

    // Deletion: every contact of the filter goes to the trash, the company elects no one.
    const { bulkDeleteContacts } = await admin.ok(DELETE_CONTACTS_MATCHING, {
      matching: { filter: ofCompany(a.companyId), expectedCount: 3 },
    });
    expect(bulkDeleteContacts.count).toBe(3);
    for (const id of a.contactIds) expect((await contact(id)).deletedAt).not.toBeNull();
    expect((await audit('Contact', a.contactIds[1]))[0].action).toBe('delete');
  });

  it('refuses, changing nothing: a record breaking a rule (named by id), a changed count, a bad filter', async () => {
    const { companyId, contactIds } = await contacts(3);
    const hidden = of('PROGRESS_STATE', 2);
    await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: true }) { id } }', {
      id: hidden,
    });
    try {
      await sql('UPDATE contact SET progress_state_id = $1 WHERE id = $2', [hidden, contactIds[0]]);
      const r = await admin.gql(UPDATE_CONTACTS_MATCHING, {
        matching: { filter: ofCompany(companyId) },
        input: { progressStateId: hidden, active: false },
      });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      const fields = r.errors?.[0].extensions?.fields as { path: string[] }[];
      expect(fields.map((f) => f.path).sort()).toEqual(
        [
          ['matching', contactIds[1], 'progressStateId'],
          ['matching', contactIds[2], 'progressStateId'],
        ].sort(),
      );
      expect((await contact(contactIds[0])).active).toBe(true);
      expect(await audit('Contact', contactIds[0])).toHaveLength(0);
    } finally {
      await admin.ok('mutation($id: ID!) { updateSettingOption(id: $id, input: { hidden: false }) { id } }', {
        id: hidden,
      });
    }

    const changed = await admin.gql(DELETE_CONTACTS_MATCHING, {
      matching: { filter: ofCompany(companyId), expectedCount: 2 },
    });
    expect(changed.errors?.[0].extensions?.fields).toEqual([
      expect.objectContaining({ path: ['matching', 'expectedCount'], message: expect.stringContaining('3 fiches') }),
    ]);
    const badFilter = await admin.gql(DELETE_CONTACTS_MATCHING, {
      matching: { filter: { column: 'nope', op: 'EQUALS', value: 'x' } },
    });
    expect(badFilter.errors?.[0].extensions?.fields).toEqual([
      expect.objectContaining({ path: ['matching', 'filter', 'column'] }),
    ]);
    const both = await admin.gql(
      `mutation($ids: [ID!], $matching: BulkMatching) { bulkDeleteContacts(ids: $ids, matching: $matching) { count } }`,
      { ids: contactIds, matching: { filter: ofCompany(companyId) } },
    );
    expect(both.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['matching'] })]);
    for (const id of contactIds) expect((await contact(id)).deletedAt).toBeNull();
  });

  it("never reaches another workspace's records: they match no filter", async () => {
    const other = await createWorkspaceWithAdmin();
    const foreign = await seedCompany(api.deps.dataSource, other.workspaceId, {
      name: 'Étrangère',
      contact: { firstName: 'Autre', lastName: 'Espace' },
    });
    const r = await admin.gql(DELETE_CONTACTS_MATCHING, { matching: { filter: ofCompany(foreign.companyId) } });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields).toEqual([expect.objectContaining({ path: ['matching'] })]);
    const otherAdmin = await clientFor(api, other);
    expect((await otherAdmin.ok(CONTACT, { id: foreign.contactIds[0] })).contact.deletedAt).toBeNull();
  });

  it('costs the same few statements for 5 and for 500 contacts, and for 5,000 matching a filter', async () => {
    const small = await contacts(5);
    const large = await contacts(500);
    const smallMatching = await contacts(5);
    // 5,000 contacts in one company, inserted at once (seedCompany takes a statement each).
    const huge = await contacts(1);
    await sql(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name)
       SELECT $1, $2, 'Masse', 'M' || g FROM generate_series(1, 4999) g`,
      [ws.workspaceId, huge.companyId],
    );
    const original = Client.prototype.query;
    let statements: string[] = [];
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      statements.push(typeof first === 'string' ? first : (first?.text ?? '?'));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const measure = async (query: string, variables: Record<string, unknown>) => {
      statements = [];
      const started = Date.now();
      await admin.ok(query, variables);
      return { count: statements.length, ms: Date.now() - started };
    };
    try {
      const input = { progressStateId: of('PROGRESS_STATE'), salespersonId: salesId, potentialId: of('POTENTIAL') };
      const few = await measure(UPDATE_CONTACTS, { ids: small.contactIds, input });
      const many = await measure(UPDATE_CONTACTS, { ids: large.contactIds, input });
      expect(few.count).toBeGreaterThanOrEqual(6);
      expect(many.count).toBe(few.count);
      // Session, BEGIN, the records, two options, the salesperson, the update, the audit, COMMIT.
      expect(many.count).toBeLessThanOrEqual(10);
      const deleteFew = await measure(DELETE_CONTACTS, { ids: small.contactIds });
      const deleteMany = await measure(DELETE_CONTACTS, { ids: large.contactIds });
      expect(deleteMany.count).toBe(deleteFew.count);
      // Generous against a shared machine; it takes a fraction of this.
      expect(many.ms + deleteMany.ms).toBeLessThan(5000);

      // Every contact of a filter: the ids are read by the list's WHERE clause in the same one
      // statement that the ids path reads them by id, so the count does not change with 5,000.
      const matching = { filter: ofCompany(huge.companyId), expectedCount: 5000 };
      const fewMatching = await measure(UPDATE_CONTACTS_MATCHING, {
        matching: { filter: ofCompany(smallMatching.companyId) },
        input,
      });
      const hugeMatching = await measure(UPDATE_CONTACTS_MATCHING, { matching, input });
      expect(fewMatching.count).toBe(few.count);
      expect(hugeMatching.count).toBe(few.count);
      const deleteHuge = await measure(DELETE_CONTACTS_MATCHING, { matching });
      expect(deleteHuge.count).toBe(deleteFew.count);
      expect(hugeMatching.ms + deleteHuge.ms).toBeLessThan(30000);
    } finally {
      Client.prototype.query = original;
    }
    expect((await contact(large.contactIds[499])).deletedAt).not.toBeNull();
    const trashed = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM contact WHERE company_id = $1 AND deleted_at IS NOT NULL',
      [huge.companyId],
    );
    expect(trashed[0].n).toBe(5000);
    const audited = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log a JOIN contact k ON k.id = a.entity_id
       WHERE k.company_id = $1 AND a.action = 'delete'`,
      [huge.companyId],
    );
    expect(audited[0].n).toBe(5000);
    // Seeding 505 contacts one by one and acting on 5,000 takes a while on a shared machine.
  }, 120_000);

  it('refuses more than 5,000 records matching a filter, saying to narrow it', async () => {
    const { companyId } = await contacts(1);
    await sql(
      `INSERT INTO contact (workspace_id, company_id, first_name, last_name)
       SELECT $1, $2, 'Masse', 'M' || g FROM generate_series(1, 5000) g`,
      [ws.workspaceId, companyId],
    );
    const r = await admin.gql(UPDATE_CONTACTS_MATCHING, {
      matching: { filter: ofCompany(companyId) },
      input: { active: false },
    });
    expect(r.errors?.[0].extensions?.fields).toEqual([
      expect.objectContaining({ path: ['matching'], message: expect.stringContaining('affinez') }),
    ]);
    const [{ n }] = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM contact WHERE company_id = $1 AND NOT active',
      [companyId],
    );
    expect(n).toBe(0);
  });
});
