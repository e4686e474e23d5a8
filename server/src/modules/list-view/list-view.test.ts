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

const VIEW_FIELDS =
  'id list name shared mine owner { id } columns orderBy { column direction } filter groupBy pageSize';
const CREATE = `mutation($list: RecordList!, $input: ListViewInput!) {
  createListView(list: $list, input: $input) { ${VIEW_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: ListViewInput!) { updateListView(id: $id, input: $input) { ${VIEW_FIELDS} } }`;
const DELETE = 'mutation($id: ID!) { deleteListView(id: $id) }';
const LIST = `query($list: RecordList!) { listViews(list: $list) { ${VIEW_FIELDS} } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

const parisView = {
  name: 'Clients parisiens',
  columns: ['name', 'mainContact', 'city', 'eventsCount'],
  orderBy: [{ column: 'name', direction: 'DESC' }],
  filter: {
    and: [
      { column: 'city', op: 'EQUALS', value: 'Paris' },
      { column: 'optIn', op: 'IS_TRUE' },
    ],
  },
  groupBy: 'companyType',
  pageSize: 25,
};

describe('saved list views', () => {
  let api: TestApi;
  let me: TestClient;
  let colleague: TestClient;
  let stranger: TestClient;
  let myId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const ws = await createWorkspaceWithAdmin();
    me = await clientFor(api, ws);
    myId = ws.userId;
    colleague = await clientFor(api, await addUser(ws.workspaceId));
    stranger = await clientFor(api, await createWorkspaceWithAdmin());
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('saves a view with its columns, sorts, filter, grouping and page size, and lists it for its list', async () => {
    const view = (await me.ok(CREATE, { list: 'COMPANIES', input: parisView })).createListView;
    expect(view).toMatchObject({
      list: 'COMPANIES',
      name: 'Clients parisiens',
      shared: false,
      mine: true,
      owner: { id: myId },
      columns: parisView.columns,
      orderBy: [{ column: 'name', direction: 'DESC' }],
      filter: parisView.filter,
      groupBy: 'companyType',
      pageSize: 25,
    });
    expect((await me.ok(LIST, { list: 'COMPANIES' })).listViews.map((v: { id: string }) => v.id)).toEqual([view.id]);
    expect((await me.ok(LIST, { list: 'CONTACTS' })).listViews).toEqual([]);
    // The stored filter runs as is.
    const rows = await me.gql('query($f: ListFilter) { companies(filter: $f) { totalCount } }', { f: view.filter });
    expect(rows.errors).toBeUndefined();
  });

  it('keeps a private view to its owner; a shared one is seen but not changed by colleagues', async () => {
    const priv = (await me.ok(CREATE, { list: 'CONTACTS', input: { name: 'Mes prospects', columns: ['name'] } }))
      .createListView;
    const shared = (
      await me.ok(CREATE, { list: 'CONTACTS', input: { name: 'Équipe', columns: ['name', 'company'], shared: true } })
    ).createListView;
    const seen = (await colleague.ok(LIST, { list: 'CONTACTS' })).listViews;
    expect(seen).toEqual([expect.objectContaining({ id: shared.id, mine: false, owner: { id: myId } })]);

    const edit = await colleague.gql(UPDATE, { id: shared.id, input: { name: 'Piraté', columns: ['name'] } });
    expect(errorCode(edit)).toBe('FORBIDDEN');
    expect(errorCode(await colleague.gql(DELETE, { id: shared.id }))).toBe('FORBIDDEN');
    expect(errorCode(await colleague.gql(UPDATE, { id: priv.id, input: { name: 'x', columns: [] } }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await colleague.gql(DELETE, { id: priv.id }))).toBe('NOT_FOUND');

    // Another workspace sees neither, even shared.
    expect((await stranger.ok(LIST, { list: 'CONTACTS' })).listViews).toEqual([]);
    expect(errorCode(await stranger.gql(DELETE, { id: shared.id }))).toBe('NOT_FOUND');

    // The owner updates (the whole configuration) and deletes.
    const updated = (
      await me.ok(UPDATE, { id: shared.id, input: { name: 'Équipe commerciale', columns: ['company', 'name'] } })
    ).updateListView;
    expect(updated).toMatchObject({ name: 'Équipe commerciale', columns: ['company', 'name'], shared: false });
    expect((await colleague.ok(LIST, { list: 'CONTACTS' })).listViews).toEqual([]);
    expect((await me.ok(DELETE, { id: priv.id })).deleteListView).toBe(true);
    expect((await me.ok(LIST, { list: 'CONTACTS' })).listViews.map((v: { id: string }) => v.id)).toEqual([shared.id]);
  });

  it('refuses unknown columns, bad sorts, filters, grouping and page sizes, naming each field', async () => {
    const r = await me.gql(CREATE, {
      list: 'COMPANIES',
      input: {
        name: ' ',
        columns: ['name', 'salary', 'name'],
        orderBy: [{ column: 'nope' }],
        filter: { column: 'city', op: 'IS_TRUE' },
        groupBy: 'createdAt',
        pageSize: 500,
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r)).toEqual([
      'input.name',
      'input.columns.1',
      'input.columns.2',
      'input.orderBy.0.column',
      'input.filter.op',
      'input.groupBy',
      'input.pageSize',
    ]);
    // A contact column is not a company column.
    const wrongList = await me.gql(CREATE, { list: 'COMPANIES', input: { name: 'x', columns: ['salesperson'] } });
    expect(fieldPaths(wrongList)).toEqual(['input.columns.0']);
  });

  it('refuses a second view of the same name for the same list, whatever the case', async () => {
    await me.ok(CREATE, { list: 'COMPANIES', input: { name: 'Doublon', columns: ['name'] } });
    const again = await me.gql(CREATE, { list: 'COMPANIES', input: { name: 'doublon', columns: ['city'] } });
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(again)).toEqual(['input.name']);
    // The failed insert left the request usable: the colleague may use the same name.
    await colleague.ok(CREATE, { list: 'COMPANIES', input: { name: 'Doublon', columns: ['name'] } });
  });

  it('tells an admin which saved views use a custom field, before it is deleted', async () => {
    const { createCustomField: field } = await me.ok(
      'mutation { createCustomField(input: { recordKind: COMPANY, labelFr: "Saison vue", type: TEXT }) { id key } }',
    );
    const column = `custom.${field.key}`;
    const filtered = (
      await colleague.ok(CREATE, {
        list: 'COMPANIES',
        input: {
          name: 'Été',
          shared: true,
          columns: ['name'],
          filter: {
            or: [{ column: 'city', op: 'EQUALS', value: 'Lyon' }, { and: [{ column, op: 'EQUALS', value: 'été' }] }],
          },
        },
      })
    ).createListView;
    const shown = (
      await colleague.ok(CREATE, { list: 'COMPANIES', input: { name: 'Colonnes saison', columns: ['name', column] } })
    ).createListView;
    await me.ok(CREATE, {
      list: 'COMPANIES',
      input: { name: 'Sans saison', columns: ['name'], filter: { column: 'city', op: 'EQUALS', value: 'Saison' } },
    });
    const USING = 'query($id: ID!) { listViewsUsingCustomField(id: $id) { id name shared owner { id } } }';
    const { listViewsUsingCustomField: using } = await me.ok(USING, { id: field.id });
    // Every user's views, private ones included: the admin deleting the field needs to know.
    expect(using.map((v: { id: string }) => v.id)).toEqual([shown.id, filtered.id]);
    expect(using[1]).toMatchObject({ name: 'Été', shared: true });
    expect(errorCode(await colleague.gql(USING, { id: field.id }))).toBe('FORBIDDEN');
    expect(errorCode(await me.gql(USING, { id: '00000000-0000-0000-0000-000000000000' }))).toBe('NOT_FOUND');

    // Deleted: the view keeps its filter as saved, and the API refuses it, naming the column.
    await me.ok('mutation($id: ID!) { deleteCustomField(id: $id) }', { id: field.id });
    const kept = (await colleague.ok(LIST, { list: 'COMPANIES' })).listViews.find(
      (v: { id: string }) => v.id === filtered.id,
    );
    expect(JSON.stringify(kept.filter)).toContain(column);
    const r = await colleague.gql('query($f: ListFilter) { companies(filter: $f, first: 5) { totalCount } }', {
      f: kept.filter,
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors?.[0].extensions?.fields)).toContain('le champ personnalisé a été supprimé');
  });
});
