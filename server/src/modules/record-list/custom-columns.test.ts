import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { CustomFieldType, RecordKind, type CustomFieldDefinition } from '../custom-field/custom-field.model';
import { LISTS } from './columns';
import { customColumn, withCustomColumns } from './custom-columns';
import { FilterCompiler, Params } from './filter';
import { KeysetSort } from './keyset';
import { seedCompany } from './list-fixtures';
import { FilterOp } from './record-list.inputs';

const COMPANIES = `query($filter: ListFilter, $orderBy: [ListSort!], $first: Int, $after: String) {
  companies(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name customFields } }
  }
}`;
const CONTACTS = `query($filter: ListFilter, $orderBy: [ListSort!]) {
  contacts(filter: $filter, orderBy: $orderBy, first: 100) { totalCount edges { node { lastName customFields } } }
}`;
const GROUPS = `query($column: String!, $filter: ListFilter) {
  companiesGroupBy(column: $column, filter: $filter) { key label count } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id key } }`;
const UPDATE_COMPANY = `mutation($id: ID!, $values: JSONObject!) {
  updateCompany(id: $id, input: { customFields: $values }) { id } }`;
const COLUMNS = `query($list: RecordList!) { listColumns(list: $list) { key kind groupable } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fields = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? [];

const cond = (column: string, op: string, more: Record<string, unknown> = {}) => ({ column, op, ...more });

const def = (key: string, type: CustomFieldType, choices: string[] = []): CustomFieldDefinition => ({
  id: key,
  recordKind: RecordKind.COMPANY,
  key,
  labelFr: key,
  labelEn: null,
  type,
  required: false,
  choices: choices.map((c) => ({ key: c, labelFr: c, labelEn: null })),
  position: 0,
});

describe('custom fields as list columns (SQL)', () => {
  it('filters choices, yes and whole numbers by containment, which the GIN index serves', () => {
    const list = withCustomColumns(LISTS.COMPANIES, [
      def('niveau', CustomFieldType.SINGLE_CHOICE, ['or', 'argent']),
      def('tags', CustomFieldType.MULTIPLE_CHOICE, ['a', 'b']),
      def('vip', CustomFieldType.BOOLEAN),
      def('budget', CustomFieldType.NUMBER),
    ]);
    const params = new Params();
    const sql = new FilterCompiler(list, params).compile(
      {
        and: [
          { column: 'custom.niveau', op: FilterOp.IN, values: ['or', 'argent'] },
          { column: 'custom.tags', op: FilterOp.IN, values: ['b'] },
          { column: 'custom.vip', op: FilterOp.IS_TRUE },
          { column: 'custom.budget', op: FilterOp.EQUALS, value: '10' },
        ],
      },
      ['filter'],
    );
    expect(sql.match(/c\.custom_fields @> \$\d+::jsonb/g)).toHaveLength(5);
    expect(params.values).toEqual([
      '{"niveau":"or"}',
      '{"niveau":"argent"}',
      '{"tags":["b"]}',
      '{"vip":true}',
      '{"budget":10}',
    ]);
  });

  it('never writes an unsafe key into SQL, and sorts numbers as numbers', () => {
    expect(() => customColumn(def("x'); DROP TABLE company; --", CustomFieldType.TEXT), 'c')).toThrow(/unsafe/);
    const choice = def('niveau', CustomFieldType.SINGLE_CHOICE, ['ok']);
    choice.choices.push({ key: "o'k", labelFr: 'bad', labelEn: null });
    expect(() => customColumn(choice, 'c')).toThrow(/unsafe/);
    const list = withCustomColumns(LISTS.COMPANIES, [def('budget', CustomFieldType.DECIMAL)]);
    const sort = new KeysetSort(list, [{ column: 'custom.budget', direction: 'ASC' as never }], ['orderBy']);
    expect(sort.orderBy()).toContain("((c.custom_fields->>'budget')::numeric) ASC");
    // The static registry is untouched.
    expect(LISTS.COMPANIES.columns.has('custom.budget')).toBe(false);
  });
});

describe('custom fields as list columns', () => {
  let api: TestApi;
  let admin: TestClient;
  let other: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
  const ids: Record<string, string> = {};

  const names = async (variables: Record<string, unknown>): Promise<string[]> =>
    (await admin.ok(COMPANIES, { first: 100, ...variables })).companies.edges.map(
      (e: { node: { name: string } }) => e.node.name,
    );
  // Ties (values missing) by name, so the expected orders are exact.
  const sorted = (column: string, direction = 'ASC') => names({ orderBy: [{ column, direction }, { column: 'name' }] });
  const filtered = (...conditions: Record<string, unknown>[]) =>
    names({ filter: conditions.length === 1 ? conditions[0] : { and: conditions } });
  const groups = async (column: string, filter?: unknown) =>
    (await admin.ok(GROUPS, { column, filter })).companiesGroupBy as { key: string; label: string; count: number }[];

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    other = await clientFor(api, await createWorkspaceWithAdmin());
    const field = (input: Record<string, unknown>) =>
      admin.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', ...input } });
    await field({ key: 'note', labelFr: 'Note', type: 'TEXT' });
    await field({ key: 'budget', labelFr: 'Budget', type: 'NUMBER' });
    await field({ key: 'taux', labelFr: 'Taux', type: 'DECIMAL' });
    await field({ key: 'signature', labelFr: 'Date de signature', type: 'DATE' });
    await field({ key: 'vip', labelFr: 'VIP', type: 'BOOLEAN' });
    await field({
      key: 'niveau',
      labelFr: 'Niveau',
      type: 'SINGLE_CHOICE',
      choices: [
        { key: 'or', labelFr: 'Or', labelEn: 'Gold' },
        { key: 'argent', labelFr: 'Argent', labelEn: 'Silver' },
        { key: 'bronze', labelFr: 'Bronze' },
      ],
    });
    await field({
      key: 'tags',
      labelFr: 'Étiquettes',
      type: 'MULTIPLE_CHOICE',
      choices: [
        { key: 'salon', labelFr: 'Salon' },
        { key: 'seminaire', labelFr: 'Séminaire' },
      ],
    });
    await other.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', key: 'secret', labelFr: 'Secret', type: 'TEXT' } });

    const values: Record<string, Record<string, unknown>> = {
      Alpha: {
        note: 'Client fidèle',
        budget: 2,
        taux: '2.5',
        signature: '2024-03-01',
        vip: true,
        niveau: 'argent',
        tags: ['salon'],
      },
      Beta: {
        note: 'Prospect',
        budget: 10,
        taux: '10.25',
        signature: '2023-12-31',
        vip: false,
        niveau: 'or',
        tags: ['salon', 'seminaire'],
      },
      Gamma: { budget: 1, taux: '-1', signature: '2024-11-15', niveau: 'argent' },
      Delta: {},
    };
    for (const [name, v] of Object.entries(values)) {
      ids[name] = (await seedCompany(api.deps.dataSource, ws.workspaceId, { name })).companyId;
      if (Object.keys(v).length) await admin.ok(UPDATE_COMPANY, { id: ids[name], values: v });
    }
  });

  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('lists custom columns with their kinds, and only the workspace’s own', async () => {
    const columns = (await admin.ok(COLUMNS, { list: 'COMPANIES' })).listColumns as { key: string; kind: string }[];
    const custom = Object.fromEntries(columns.filter((c) => c.key.startsWith('custom.')).map((c) => [c.key, c.kind]));
    expect(custom).toEqual({
      'custom.note': 'text',
      'custom.budget': 'number',
      'custom.taux': 'number',
      'custom.signature': 'date',
      'custom.vip': 'boolean',
      'custom.niveau': 'choice',
      'custom.tags': 'multiChoice',
    });
    const theirs = (await other.ok(COLUMNS, { list: 'COMPANIES' })).listColumns as { key: string }[];
    expect(theirs.filter((c) => c.key.startsWith('custom.')).map((c) => c.key)).toEqual(['custom.secret']);
    // Another workspace's field is not a column here, even when named.
    const r = await admin.gql(COMPANIES, { filter: cond('custom.secret', 'CONTAINS', { value: 'x' }) });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fields(r)[0]).toMatchObject({ path: ['filter', 'column'] });
    expect(fields(r)[0].message).toMatch(/champ personnalisé a été supprimé/);
  });

  it('sorts numbers numerically (2 < 10), decimals too, values missing last', async () => {
    expect(await sorted('custom.budget')).toEqual(['Gamma', 'Alpha', 'Beta', 'Delta']);
    // Missing values last in both directions.
    expect(await sorted('custom.budget', 'DESC')).toEqual(['Beta', 'Alpha', 'Gamma', 'Delta']);
    expect(await sorted('custom.taux')).toEqual(['Gamma', 'Alpha', 'Beta', 'Delta']);
    // Keyset pages of one row follow the same order (numeric cursors).
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const data: {
        companies: {
          edges: { node: { name: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await admin.ok(COMPANIES, { first: 1, after, orderBy: [{ column: 'custom.taux' }] });
      seen.push(...data.companies.edges.map((e: { node: { name: string } }) => e.node.name));
      after = data.companies.pageInfo.hasNextPage ? data.companies.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['Gamma', 'Alpha', 'Beta', 'Delta']);
  });

  it('filters numbers: between, equals, empty', async () => {
    expect(await filtered(cond('custom.budget', 'BETWEEN', { from: '2', to: '10' }))).toEqual(['Alpha', 'Beta']);
    expect(await filtered(cond('custom.budget', 'EQUALS', { value: '10' }))).toEqual(['Beta']);
    expect(await filtered(cond('custom.taux', 'BETWEEN', { from: '2.4' }))).toEqual(['Alpha', 'Beta']);
    expect(await filtered(cond('custom.budget', 'EMPTY'))).toEqual(['Delta']);
    const bad = await admin.gql(COMPANIES, { filter: cond('custom.budget', 'EQUALS', { value: 'dix' }) });
    expect(fields(bad).map((f) => f.path.join('.'))).toEqual(['filter.value']);
  });

  it('sorts and filters dates as days', async () => {
    expect(await sorted('custom.signature')).toEqual(['Beta', 'Alpha', 'Gamma', 'Delta']);
    expect(await filtered(cond('custom.signature', 'BETWEEN', { from: '2024-01-01', to: '2024-11-15' }))).toEqual([
      'Alpha',
      'Gamma',
    ]);
    expect(await filtered(cond('custom.signature', 'BETWEEN', { to: '2023-12-31' }))).toEqual(['Beta']);
    expect((await groups('custom.signature')).map((g) => g.key)).toEqual([
      '2023-12-31',
      '2024-03-01',
      '2024-11-15',
      null,
    ]);
  });

  it('filters, sorts and groups a single choice by its stored key, labels in the request language', async () => {
    expect(await filtered(cond('custom.niveau', 'IN', { values: ['argent'] }))).toEqual(['Alpha', 'Gamma']);
    expect(await filtered(cond('custom.niveau', 'IN', { values: ['or', 'argent'] }))).toEqual([
      'Alpha',
      'Beta',
      'Gamma',
    ]);
    expect(await filtered(cond('custom.niveau', 'NOT_IN', { values: ['argent'] }))).toEqual(['Beta', 'Delta']);
    expect(await filtered(cond('custom.niveau', 'EMPTY'))).toEqual(['Delta']);
    // In the order of the choices: or, argent, bronze.
    expect(await sorted('custom.niveau')).toEqual(['Beta', 'Alpha', 'Gamma', 'Delta']);
    expect(await groups('custom.niveau')).toEqual([
      { key: 'or', label: 'Or', count: 1 },
      { key: 'argent', label: 'Argent', count: 2 },
      { key: null, label: null, count: 1 },
    ]);
    admin.headers['accept-language'] = 'en';
    try {
      expect((await groups('custom.niveau')).map((g) => g.label)).toEqual(['Gold', 'Silver', null]);
    } finally {
      delete admin.headers['accept-language'];
    }
    const bad = await admin.gql(COMPANIES, { filter: cond('custom.niveau', 'IN', { values: ['platine'] }) });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(fields(bad).map((f) => f.path.join('.'))).toEqual(['filter.values.0']);
    // Text operators do not apply to a choice column (its values are keys).
    const op = await admin.gql(COMPANIES, { filter: cond('custom.niveau', 'CONTAINS', { value: 'or' }) });
    expect(fields(op).map((f) => f.path.join('.'))).toEqual(['filter.op']);
  });

  it('filters a multiple choice by any of the choices, is not groupable', async () => {
    expect(await filtered(cond('custom.tags', 'IN', { values: ['salon'] }))).toEqual(['Alpha', 'Beta']);
    expect(await filtered(cond('custom.tags', 'IN', { values: ['seminaire'] }))).toEqual(['Beta']);
    expect(await filtered(cond('custom.tags', 'NOT_IN', { values: ['seminaire'] }))).toEqual([
      'Alpha',
      'Delta',
      'Gamma',
    ]);
    expect(await filtered(cond('custom.tags', 'EMPTY'))).toEqual(['Delta', 'Gamma']);
    expect(await filtered(cond('custom.tags', 'NOT_EMPTY'))).toEqual(['Alpha', 'Beta']);
    const r = await admin.gql(GROUPS, { column: 'custom.tags' });
    expect(fields(r).map((f) => f.path.join('.'))).toEqual(['column']);
  });

  it('filters, sorts and groups yes/no', async () => {
    expect(await filtered(cond('custom.vip', 'IS_TRUE'))).toEqual(['Alpha']);
    expect(await filtered(cond('custom.vip', 'IS_FALSE'))).toEqual(['Beta', 'Delta', 'Gamma']);
    expect(await sorted('custom.vip')).toEqual(['Beta', 'Alpha', 'Delta', 'Gamma']);
    expect(await groups('custom.vip')).toEqual([
      { key: 'false', label: 'false', count: 1 },
      { key: 'true', label: 'true', count: 1 },
      { key: null, label: null, count: 2 },
    ]);
  });

  it('filters, sorts and groups text', async () => {
    expect(await filtered(cond('custom.note', 'CONTAINS', { value: 'fidèle' }))).toEqual(['Alpha']);
    expect(await filtered(cond('custom.note', 'EQUALS', { value: 'prospect' }))).toEqual(['Beta']);
    expect(await sorted('custom.note')).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma']);
    expect((await groups('custom.note')).map((g) => [g.key, g.count])).toEqual([
      ['Client fidèle', 1],
      ['Prospect', 1],
      [null, 2],
    ]);
  });

  it('combines a custom filter with the usual columns and counts', async () => {
    const data = await admin.ok(COMPANIES, {
      filter: { or: [cond('custom.vip', 'IS_TRUE'), cond('name', 'EQUALS', { value: 'Delta' })] },
      orderBy: [{ column: 'custom.budget', direction: 'DESC' }],
    });
    expect(data.companies.totalCount).toBe(2);
    // Delta has no budget: last, even descending.
    expect(data.companies.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Alpha', 'Delta']);
  });

  it('gives contacts their own custom columns', async () => {
    await admin.ok(CREATE_FIELD, {
      input: { recordKind: 'CONTACT', key: 'score', labelFr: 'Score', type: 'NUMBER' },
    });
    const seeded = await seedCompany(api.deps.dataSource, ws.workspaceId, {
      name: 'Contacts SA',
      contact: { firstName: 'A', lastName: 'Dix' },
      extraContacts: [{ firstName: 'B', lastName: 'Deux' }],
    });
    const setScore = `mutation($id: ID!, $v: JSONObject!) { updateContact(id: $id, input: { customFields: $v }) { id } }`;
    await admin.ok(setScore, { id: seeded.contactIds[0], v: { score: 10 } });
    await admin.ok(setScore, { id: seeded.contactIds[1], v: { score: 2 } });
    const data = await admin.ok(CONTACTS, {
      filter: cond('custom.score', 'NOT_EMPTY'),
      orderBy: [{ column: 'custom.score' }],
    });
    expect(data.contacts.edges.map((e: { node: { lastName: string } }) => e.node.lastName)).toEqual(['Deux', 'Dix']);
    // A company field is not a contact column.
    const r = await admin.gql(CONTACTS, { orderBy: [{ column: 'custom.budget' }] });
    expect(fields(r).map((f) => f.path.join('.'))).toEqual(['orderBy.0.column']);
  });

  it('saves views with custom columns; a view naming a deleted field does not break the list', async () => {
    const VIEW = `mutation($input: ListViewInput!) { createListView(list: COMPANIES, input: $input) { id columns filter } }`;
    const input = {
      name: 'Clients or',
      columns: ['name', 'custom.niveau', 'custom.budget'],
      orderBy: [{ column: 'custom.budget', direction: 'DESC' }],
      filter: cond('custom.niveau', 'IN', { values: ['or'] }),
      groupBy: 'custom.niveau',
    };
    const created = (await admin.ok(VIEW, { input })).createListView;
    expect(created.columns).toEqual(input.columns);
    const bad = await admin.gql(VIEW, { input: { ...input, name: 'x', columns: ['custom.nope'] } });
    expect(fields(bad).map((f) => f.path.join('.'))).toEqual(['input.columns.0']);

    const temp = (
      await admin.ok(CREATE_FIELD, {
        input: { recordKind: 'COMPANY', key: 'temp', labelFr: 'Temporaire', type: 'TEXT' },
      })
    ).createCustomField;
    await admin.ok(VIEW, { input: { ...input, name: 'Temp', columns: ['name', 'custom.temp'], filter: null } });
    await admin.ok(`mutation($id: ID!) { deleteCustomField(id: $id) }`, { id: temp.id });
    // The views still list; the list itself still answers for the remaining columns.
    const views = (await admin.ok(`{ listViews(list: COMPANIES) { name columns } }`)).listViews;
    expect(views.map((v: { name: string }) => v.name)).toEqual(['Clients or', 'Temp']);
    expect(await filtered(cond('custom.niveau', 'IN', { values: ['or'] }))).toEqual(['Beta']);
    // Asking for the deleted column gets a clear error naming it.
    const gone = await admin.gql(COMPANIES, { orderBy: [{ column: 'custom.temp' }] });
    expect(errorCode(gone)).toBe('BAD_USER_INPUT');
    expect(fields(gone)[0].message).toContain('custom.temp');
  });
});
