import { Client } from 'pg';
import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';
import { tenantSql } from './list-fixtures';

/**
 * A list page costs a fixed number of SQL statements whatever its length. The API runs in
 * this process, so every statement it sends goes through pg's Client.prototype.query: the
 * spy counts them (nothing is mocked, the statements still run).
 */
const PAGE = `query($first: Int, $filter: ListFilter) {
  companies(first: $first, filter: $filter, orderBy: [{ column: "name" }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name city postalCode active optIn eventsCount contactsCount
      companyType { id label } languages { id label } parent { id name } createdBy { name }
      mainContact { id fullName email isMain phoneDirect { national } company { id name } }
    } }
  }
}`;

const CONTACT_PAGE = `query($first: Int) {
  contacts(first: $first) {
    totalCount
    edges { node { id fullName email isMain eventsCount phoneDirect { national }
      company { id name } salesperson { name } civility { label } source { label } potential { label }
      situation { label } progressState { label } } }
  }
}`;

describe('statements per list page', () => {
  let api: TestApi;
  let admin: TestClient;
  let statements: string[] = [];
  let counting = false;
  const original = Client.prototype.query;
  let sqlAsAdmin: ReturnType<typeof tenantSql>;

  beforeAll(async () => {
    api = await startTestApi();
    const ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const sales = await addUser(ws.workspaceId);
    const sql = tenantSql(api.deps.dataSource, ws.workspaceId);
    sqlAsAdmin = sql;
    const [type] = await sql<{ id: string }>(`SELECT id FROM setting_option WHERE list = 'COMPANY_TYPE' LIMIT 1`);
    const options = await sql<{ id: string; list: string }>(`SELECT id, list::text FROM setting_option`);
    const of = (list: string) => options.find((o) => o.list === list)?.id ?? null;
    // 120 companies, each with a main contact, a type, a language, a parent, two events.
    await sql(
      `WITH c AS (
         INSERT INTO company (workspace_id, name, city, company_type_id, created_by)
         SELECT $1, 'Société ' || lpad(i::text, 3, '0'), 'Paris', $2, $3 FROM generate_series(1, 120) i RETURNING id),
       k AS (
         INSERT INTO contact (workspace_id, company_id, first_name, last_name, email, phone_direct, salesperson_id,
           civility_id, source_id, potential_id, situation_id, progress_state_id)
         SELECT $1, id, 'Prénom', 'Nom', 'x@example.fr', '+33142685300', $4, $5, $6, $7, $8, $9 FROM c RETURNING id, company_id)
       UPDATE company SET main_contact_id = k.id FROM k WHERE company.id = k.company_id`,
      [
        ws.workspaceId,
        type.id,
        ws.userId,
        sales.userId,
        of('CIVILITY'),
        of('SOURCE'),
        of('POTENTIAL'),
        of('SITUATION'),
        of('PROGRESS_STATE'),
      ],
    );
    await sql('INSERT INTO company_language (workspace_id, company_id, option_id) SELECT $1, id, $2 FROM company', [
      ws.workspaceId,
      of('LANGUAGE'),
    ]);
    await sql(`UPDATE company SET parent_id = (SELECT id FROM company ORDER BY name LIMIT 1)
      WHERE name > (SELECT min(name) FROM company)`);
    await sql(
      `INSERT INTO event (workspace_id, company_id, name, start_date)
       SELECT $1, id, 'Salon', current_date FROM company, generate_series(1, 2)`,
      [ws.workspaceId],
    );

    // Count every statement sent by any pg client of this process while `counting`.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) {
        const first = args[0] as string | { text?: string };
        statements.push(typeof first === 'string' ? first : (first?.text ?? '?'));
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });

  afterAll(async () => {
    Client.prototype.query = original;
    await api.close();
    await closeFactories();
  });

  async function measure(query: string, first: number): Promise<{ rows: number; statements: string[] }> {
    statements = [];
    counting = true;
    const data = await admin.ok(query, { first });
    counting = false;
    const connection = data.companies ?? data.contacts;
    return { rows: connection.edges.length, statements };
  }

  it('answers a company page of 10 and of 100 rows with the same few statements', async () => {
    const small = await measure(PAGE, 10);
    const large = await measure(PAGE, 100);
    expect(small.rows).toBe(10);
    expect(large.rows).toBe(100);
    // Session check, BEGIN + workspace, the page, its count, COMMIT: nothing per row.
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(5);
    expect(large.statements.filter((s) => /FROM company c\b/.test(s))).toHaveLength(2);
  });

  it('answers a page read backwards (`before`) with the same statements as one read forwards', async () => {
    const BACK = PAGE.replace('$filter: ListFilter)', '$filter: ListFilter, $before: String)').replace(
      'filter: $filter,',
      'filter: $filter, before: $before,',
    );
    const last = (await admin.ok(PAGE, { first: 100 })).companies.edges.at(-1).cursor;
    const forward = await measure(PAGE, 100);
    const measureBack = async (first: number) => {
      statements = [];
      counting = true;
      const { companies } = await admin.ok(BACK, { first, before: last });
      counting = false;
      return { rows: companies.edges.length, statements };
    };
    const small = await measureBack(10);
    const large = await measureBack(100);
    expect([small.rows, large.rows]).toEqual([10, 99]);
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBe(forward.statements.length);
    expect(large.statements.filter((s) => /FROM company c\b/.test(s))).toHaveLength(2);
  });

  it('answers a contact page of 10 and of 100 rows with the same few statements', async () => {
    const small = await measure(CONTACT_PAGE, 10);
    const large = await measure(CONTACT_PAGE, 100);
    expect(large.rows).toBe(100);
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(5);
  });

  it('shows a custom field column at no extra statement; filtering and sorting on one reads the fields once', async () => {
    await admin.ok(`mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }`, {
      input: { recordKind: 'COMPANY', key: 'budget', labelFr: 'Budget', type: 'NUMBER' },
    });
    await sqlAsAdmin(`UPDATE company SET custom_fields = jsonb_build_object('budget', (random() * 1000)::int)`);
    const base = await measure(PAGE, 100);
    const shown = await measure(PAGE.replace('id name city', 'id name customFields city'), 100);
    expect(shown.statements.length).toBe(base.statements.length);
    const CUSTOM = `query($first: Int) {
      companies(first: $first, filter: { column: "custom.budget", op: BETWEEN, from: "0" },
        orderBy: [{ column: "custom.budget", direction: DESC }]) {
        totalCount edges { node { id name customFields eventsCount companyType { label } } } } }`;
    const small = await measure(CUSTOM, 10);
    const large = await measure(CUSTOM, 100);
    expect(large.rows).toBe(100);
    expect(large.statements.length).toBe(small.statements.length);
    // The field definitions, read once per request, and nothing per row.
    expect(large.statements.length).toBeLessThanOrEqual(base.statements.length + 1);
    expect(large.statements.filter((s) => /FROM "?custom_field"?/.test(s))).toHaveLength(1);
  });

  it("reads a contact's history and the names its changes refer to with the same few statements at any length", async () => {
    const [contact] = await sqlAsAdmin<{ id: string }>('SELECT id FROM contact LIMIT 1');
    const sources = await sqlAsAdmin<{ id: string }>(`SELECT id FROM setting_option WHERE list = 'SOURCE'`);
    for (let i = 0; i < 12; i++)
      await admin.ok(
        'mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }',
        {
          id: contact.id,
          input: { position: `Poste ${i}`, sourceId: sources[i % sources.length].id },
        },
      );
    const TRAIL = `query($id: ID!, $first: Int) {
      auditTrail(entityType: "Contact", entityId: $id, first: $first) { edges { node { changes labels actor { name } } } } }`;
    const measure = async (first: number) => {
      statements = [];
      counting = true;
      const { auditTrail } = await admin.ok(TRAIL, { id: contact.id, first });
      counting = false;
      return { entries: auditTrail.edges.length, statements };
    };
    const small = await measure(2);
    const large = await measure(12);
    expect([small.entries, large.entries]).toEqual([2, 12]);
    // Session, BEGIN, the page, its count, the actors, the list values, COMMIT: nothing per entry.
    expect(large.statements.length).toBe(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(7);
  });

  it('computes only what the query selects: a column dropped with @include(if: false) costs nothing', async () => {
    const query = `query($first: Int, $withMain: Boolean!) {
      companies(first: $first) { edges { node { id mainContact @include(if: $withMain) { fullName } } } } }`;
    statements = [];
    counting = true;
    await admin.ok(query, { first: 5, withMain: false });
    await admin.ok(query, { first: 5, withMain: true });
    counting = false;
    const pages = statements.filter((s) => /FROM company c\b/.test(s));
    expect(pages).toHaveLength(2);
    expect(pages[0]).not.toContain('main_contact_id');
    expect(pages[1]).toContain('main_contact_id');
  });

  it('answers a trash page, with who deleted each record and what it was merged into, with the same few statements', async () => {
    const users = await sqlAsAdmin<{ id: string }>('SELECT id FROM app_user ORDER BY id');
    await sqlAsAdmin(
      `UPDATE company SET deleted_at = date_trunc('milliseconds', now()) - (row_number * interval '1 minute'),
         deleted_by = ($1::uuid[])[1 + row_number % 2]
       FROM (SELECT id AS cid, row_number() OVER (ORDER BY name) FROM company) n WHERE company.id = n.cid`,
      [users.map((u) => u.id)],
    );
    // Every other one merged into the first company (its merge entry matching its deletion).
    await sqlAsAdmin(
      `INSERT INTO audit_log (workspace_id, entity_type, entity_id, action, changes)
       SELECT workspace_id, 'Company', id, 'merge', jsonb_build_object(
         'mergedInto', jsonb_build_object('to', (SELECT id FROM company ORDER BY name LIMIT 1)),
         'deletedAt', jsonb_build_object('to', to_char(deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
       FROM (SELECT *, row_number() OVER (ORDER BY name) AS r FROM company) c WHERE r % 2 = 0`,
    );
    try {
      const TRASH = `query($first: Int) {
        companies(first: $first, deleted: true) { totalCount
          edges { node { id name deletedAt deletedBy { id name } createdBy { name } companyType { label }
            mergedInto { id name } } } } }`;
      const small = await measure(TRASH, 10);
      const large = await measure(TRASH, 100);
      expect(large.rows).toBe(100);
      expect(large.statements.length).toBe(small.statements.length);
      // The page's statements, plus one for the merges and one for the kept records.
      expect(large.statements.length).toBeLessThanOrEqual(7);
      const { companies } = await admin.ok(TRASH, { first: 100 });
      const merged = companies.edges.filter((e: { node: { mergedInto: unknown } }) => e.node.mergedInto);
      expect(merged).toHaveLength(50);
      expect(merged[0].node.mergedInto.name).toBe('Société 001');
    } finally {
      await sqlAsAdmin('UPDATE company SET deleted_at = NULL, deleted_by = NULL');
      await sqlAsAdmin(`DELETE FROM audit_log WHERE action = 'merge'`);
    }
  });
});
