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
import { withTenant } from '../../db/tenant-scope';
import { normSql } from '../search/search.service';
import { seedCompany, tenantSql } from './list-fixtures';

const COMPANIES = `query($filter: ListFilter, $orderBy: [ListSort!], $first: Int, $after: String) {
  companies(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id name city active eventsCount contactsCount companyType { label } languages { label }
      parent { name } mainContact { fullName email phoneDirect { national } } } }
  }
}`;

const CONTACTS = `query($filter: ListFilter, $orderBy: [ListSort!], $first: Int, $after: String) {
  contacts(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id fullName isMain eventsCount company { name } salesperson { name } progressState { label } } }
  }
}`;

type Fields = { path: (string | number)[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

const cond = (column: string, op: string, more: Record<string, unknown> = {}) => ({ column, op, ...more });

describe('company and contact lists', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
  let opt: Record<string, Record<string, string>>;
  let salesId: string;
  const ids: Record<string, string> = {};

  const names = async (variables: Record<string, unknown>): Promise<string[]> =>
    (await admin.ok(COMPANIES, { first: 100, ...variables })).companies.edges.map(
      (e: { node: { name: string } }) => e.node.name,
    );

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const sales = await addUser(ws.workspaceId, undefined, 'Sophie Vendeuse');
    salesId = sales.userId;
    const all = await admin.ok('{ allSettingOptions { id list label } }');
    opt = {};
    for (const o of all.allSettingOptions) (opt[o.list] ??= {})[o.label] = o.id;
    const ds = api.deps.dataSource;
    const progress = Object.values(opt.PROGRESS_STATE);
    const alpha = await seedCompany(ds, ws.workspaceId, {
      name: 'Alpha Conseil',
      city: 'Paris',
      companyTypeId: opt.COMPANY_TYPE.Entreprise,
      languageIds: [opt.LANGUAGE['Français'], opt.LANGUAGE.Anglais],
      optIn: true,
      createdAt: '2024-01-10T10:00:00Z',
      events: 3,
      contact: {
        firstName: 'Claire',
        lastName: 'Martin',
        email: 'claire@alpha.fr',
        phoneDirect: '+33142685300',
        progressStateId: progress[0],
        salespersonId: salesId,
        linkedEvents: 2,
      },
      extraContacts: [{ firstName: 'Paul', lastName: 'Durand', progressStateId: progress[1] }],
    });
    ids.alpha = alpha.companyId;
    ids.claire = alpha.contactIds[0];
    ids.paul = alpha.contactIds[1];
    ids.beta = (
      await seedCompany(ds, ws.workspaceId, {
        name: 'Bêta Events',
        city: 'Lyon',
        addressLine2: 'Bâtiment B',
        createdAt: '2024-03-01T10:00:00Z',
        events: 1,
        contact: { firstName: 'Anne', lastName: 'Bernard', progressStateId: progress[0] },
      })
    ).companyId;
    ids.gamma = (
      await seedCompany(ds, ws.workspaceId, {
        name: 'Gamma SA',
        city: 'Paris',
        active: false,
        contact: { firstName: 'Luc', lastName: 'Petit' },
      })
    ).companyId;
    ids.delta = (
      await seedCompany(ds, ws.workspaceId, {
        name: 'Delta Filiale',
        city: 'Marseille',
        parentId: ids.alpha,
        createdAt: '2024-06-15T10:00:00Z',
        contact: { firstName: 'Zoé', lastName: 'Roux', salespersonId: salesId },
      })
    ).companyId;
    await seedCompany(ds, ws.workspaceId, { name: 'Epsilon Supprimée', city: 'Paris', deleted: true });
    // Ties: same name, several without a city, to check the cursor on equal keys and NULLs.
    for (let i = 0; i < 7; i++)
      await seedCompany(ds, ws.workspaceId, { name: 'Même Nom', city: i % 2 ? 'Paris' : null, events: i % 3 });
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('shows the computed columns: main contact, its phone and email, counts, labels', async () => {
    const page = (await admin.ok(COMPANIES, { filter: cond('name', 'EQUALS', { value: 'alpha conseil' }) })).companies;
    expect(page.totalCount).toBe(1);
    expect(page.edges[0].node).toEqual({
      id: ids.alpha,
      name: 'Alpha Conseil',
      city: 'Paris',
      active: true,
      eventsCount: 3,
      contactsCount: 2,
      companyType: { label: 'Entreprise' },
      languages: expect.arrayContaining([{ label: 'Français' }, { label: 'Anglais' }]),
      parent: null,
      mainContact: { fullName: 'Claire Martin', email: 'claire@alpha.fr', phoneDirect: { national: '01 42 68 53 00' } },
    });
    const delta = (await admin.ok(COMPANIES, { filter: cond('parent', 'IN', { values: [ids.alpha] }) })).companies;
    expect(delta.edges.map((e: { node: { name: string; parent: unknown } }) => e.node)).toEqual([
      expect.objectContaining({ name: 'Delta Filiale', parent: { name: 'Alpha Conseil' } }),
    ]);
  });

  it('hides inactive records unless the filter asks, and never shows deleted ones', async () => {
    const all = await names({});
    expect(all).not.toContain('Gamma SA');
    expect(all).not.toContain('Epsilon Supprimée');
    expect(await names({ filter: cond('active', 'IS_FALSE') })).toEqual(['Gamma SA']);
    const paris = await names({
      filter: {
        and: [
          cond('city', 'EQUALS', { value: 'PARIS' }),
          { or: [cond('active', 'IS_TRUE'), cond('active', 'IS_FALSE')] },
        ],
      },
    });
    expect(paris).toEqual(['Alpha Conseil', 'Gamma SA', 'Même Nom', 'Même Nom', 'Même Nom']);
  });

  it('filters text (contains, equals, empty), choices, booleans, numbers, dates and references', async () => {
    expect(await names({ filter: cond('name', 'CONTAINS', { value: 'ta e' }) })).toEqual(['Bêta Events']);
    expect(await names({ filter: cond('name', 'CONTAINS', { value: '%' }) })).toEqual([]);
    expect(await names({ filter: cond('addressLine2', 'NOT_EMPTY') })).toEqual(['Bêta Events']);
    expect(await names({ filter: cond('city', 'EMPTY') })).toEqual(['Même Nom', 'Même Nom', 'Même Nom', 'Même Nom']);
    expect(await names({ filter: cond('companyType', 'IN', { values: [opt.COMPANY_TYPE.Entreprise] }) })).toEqual([
      'Alpha Conseil',
    ]);
    expect(await names({ filter: cond('companyType', 'CONTAINS', { value: 'entre' }) })).toEqual(['Alpha Conseil']);
    expect(
      (await names({ filter: cond('companyType', 'NOT_IN', { values: [opt.COMPANY_TYPE.Entreprise] }) })).length,
    ).toBe(9);
    expect(await names({ filter: cond('languages', 'IN', { values: [opt.LANGUAGE.Anglais] }) })).toEqual([
      'Alpha Conseil',
    ]);
    expect(await names({ filter: cond('optIn', 'IS_TRUE') })).toEqual(['Alpha Conseil']);
    expect(await names({ filter: cond('eventsCount', 'BETWEEN', { from: '1', to: '1' }) })).toEqual([
      'Bêta Events',
      'Même Nom',
      'Même Nom',
    ]);
    expect(await names({ filter: cond('eventsCount', 'BETWEEN', { from: '3' }) })).toEqual(['Alpha Conseil']);
    expect(await names({ filter: cond('contactsCount', 'EQUALS', { value: '2' }) })).toEqual(['Alpha Conseil']);
    expect(await names({ filter: cond('createdAt', 'BETWEEN', { from: '2024-01-01', to: '2024-03-01' }) })).toEqual([
      'Alpha Conseil',
      'Bêta Events',
    ]);
    expect(await names({ filter: cond('mainContact', 'CONTAINS', { value: 'zoé' }) })).toEqual(['Delta Filiale']);
    expect(await names({ filter: cond('mainContactPhone', 'CONTAINS', { value: '01 42 68' }) })).toEqual([
      'Alpha Conseil',
    ]);
    expect(await names({ filter: cond('mainContactEmail', 'EQUALS', { value: 'CLAIRE@alpha.fr' }) })).toEqual([
      'Alpha Conseil',
    ]);
  });

  it('combines conditions with AND and OR', async () => {
    expect(
      await names({
        filter: { or: [cond('city', 'EQUALS', { value: 'Lyon' }), cond('city', 'EQUALS', { value: 'Marseille' })] },
      }),
    ).toEqual(['Bêta Events', 'Delta Filiale']);
    expect(
      await names({
        filter: {
          and: [
            { or: [cond('city', 'EQUALS', { value: 'Paris' }), cond('city', 'EQUALS', { value: 'Lyon' })] },
            cond('eventsCount', 'BETWEEN', { from: '1' }),
          ],
        },
      }),
    ).toEqual(['Alpha Conseil', 'Bêta Events', 'Même Nom', 'Même Nom']);
  });

  it('sorts on several columns and pages with keyset cursors, ties and NULLs included', async () => {
    for (const orderBy of [
      [{ column: 'name', direction: 'ASC' }],
      [{ column: 'city', direction: 'DESC' }, { column: 'name' }],
      [{ column: 'city' }, { column: 'eventsCount', direction: 'DESC' }],
      [
        { column: 'eventsCount', direction: 'DESC' },
        { column: 'name', direction: 'DESC' },
      ],
    ]) {
      const full = (await admin.ok(COMPANIES, { orderBy, first: 100 })).companies;
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
          await admin.ok(COMPANIES, { orderBy, first: 2, after })
        ).companies;
        seen.push(...page.edges.map((e) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        pages++;
      } while (after && pages < 20);
      expect(seen).toEqual(full.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(full.totalCount).toBe(10);
    }
    const sorted = (
      await admin.ok(COMPANIES, { orderBy: [{ column: 'city', direction: 'DESC' }, { column: 'name' }] })
    ).companies.edges.map((e: { node: { name: string; city: string | null } }) => [e.node.city, e.node.name]);
    // Descending puts the empty values last too, as ascending does.
    expect(sorted.slice(6).every(([city]: [string | null]) => city === null)).toBe(true);
    expect(sorted.slice(0, 6).map(([, name]: [unknown, string]) => name)).toEqual([
      'Alpha Conseil',
      'Même Nom',
      'Même Nom',
      'Même Nom',
      'Delta Filiale',
      'Bêta Events',
    ]);
  });

  it('orders equal values by name, empty values last both ways, and pages across the empty ones', async () => {
    // No name sort asked for: equal counts read by name (then id), not in creation order.
    expect(await names({ orderBy: [{ column: 'eventsCount' }] })).toEqual([
      'Delta Filiale',
      'Même Nom',
      'Même Nom',
      'Même Nom',
      'Bêta Events',
      'Même Nom',
      'Même Nom',
      'Même Nom',
      'Même Nom',
      'Alpha Conseil',
    ]);
    expect(await names({ orderBy: [{ column: 'eventsCount', direction: 'DESC' }] })).toEqual([
      'Alpha Conseil',
      'Même Nom',
      'Même Nom',
      'Bêta Events',
      'Même Nom',
      'Même Nom',
      'Delta Filiale',
      'Même Nom',
      'Même Nom',
      'Même Nom',
    ]);
    for (const direction of ['ASC', 'DESC']) {
      const orderBy = [{ column: 'city', direction }];
      const full = (await admin.ok(COMPANIES, { orderBy, first: 100 })).companies.edges.map(
        (e: { node: { id: string; name: string; city: string | null } }) => e.node,
      );
      // Lyon, Marseille, Paris (or the reverse), then the four without a city; ties by name.
      const cities = full.map((c: { city: string | null }) => c.city);
      expect(cities.slice(6)).toEqual([null, null, null, null]);
      expect(cities.slice(0, 6)).toEqual(
        direction === 'ASC'
          ? ['Lyon', 'Marseille', 'Paris', 'Paris', 'Paris', 'Paris']
          : ['Paris', 'Paris', 'Paris', 'Paris', 'Marseille', 'Lyon'],
      );
      expect(full.slice(0, 6).filter((c: { city: string | null }) => c.city === 'Paris')[0].name).toBe('Alpha Conseil');
      for (const first of [1, 3, 4]) {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
            await admin.ok(COMPANIES, { orderBy, first, after })
          ).companies;
          seen.push(...page.edges.map((e) => e.node.id));
          after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
        } while (after && seen.length <= 20);
        expect(seen).toEqual(full.map((c: { id: string }) => c.id));
      }
    }
  });

  it('pages backwards with `before`, ties and NULLs included, and says where each page starts', async () => {
    const PAGES = `query($orderBy: [ListSort!], $first: Int, $after: String, $before: String) {
      companies(orderBy: $orderBy, first: $first, after: $after, before: $before) {
        pageInfo { hasNextPage endCursor previousEndCursor startCursor }
        edges { cursor node { id } } } }`;
    type Edge = { cursor: string; node: { id: string } };
    type PageOf = {
      edges: Edge[];
      pageInfo: {
        hasNextPage: boolean;
        endCursor: string;
        previousEndCursor: string | null;
        startCursor: string | null;
      };
    };
    const ids = (edges: Edge[]) => edges.map((e) => e.node.id);
    for (const orderBy of [
      [{ column: 'name', direction: 'ASC' }],
      [{ column: 'city', direction: 'DESC' }, { column: 'name' }],
      [{ column: 'city' }, { column: 'eventsCount', direction: 'DESC' }],
      [{ column: 'eventsCount' }],
    ]) {
      const full: Edge[] = (await admin.ok(PAGES, { orderBy, first: 100 })).companies.edges;
      expect(full).toHaveLength(10);
      for (const first of [1, 3, 4]) {
        // From the last row back to the first, each page the `first` rows just before.
        let end = full.length - 1;
        let before: string | null = full[end].cursor;
        const seen: string[] = [full[end].node.id];
        while (before) {
          const page: PageOf = (await admin.ok(PAGES, { orderBy, first, before })).companies;
          const start = Math.max(0, end - first);
          expect(ids(page.edges)).toEqual(ids(full.slice(start, end)));
          expect(page.pageInfo.hasNextPage).toBe(true);
          expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
          // Where the page starts: after it, the same page reads forwards.
          expect(page.pageInfo.previousEndCursor).toBe(start > 0 ? full[start - 1].cursor : null);
          if (page.pageInfo.previousEndCursor) {
            const again: PageOf = (await admin.ok(PAGES, { orderBy, first, after: page.pageInfo.previousEndCursor }))
              .companies;
            expect(ids(again.edges)).toEqual(ids(page.edges));
            expect(again.pageInfo.previousEndCursor).toBe(page.pageInfo.previousEndCursor);
          }
          seen.unshift(...ids(page.edges));
          end = start;
          before = page.pageInfo.previousEndCursor ? page.pageInfo.startCursor : null;
        }
        expect(seen).toEqual(ids(full));
      }
    }
    const firstPage: PageOf = (await admin.ok(PAGES, { first: 3 })).companies;
    expect(firstPage.pageInfo.previousEndCursor).toBeNull();
    // Refused like `after`: both at once, a cursor of another sort, a forged one.
    const cursor = firstPage.pageInfo.endCursor;
    const both = await admin.gql(PAGES, { first: 2, after: cursor, before: cursor });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(both)).toEqual(['before']);
    expect(fieldPaths(await admin.gql(PAGES, { before: cursor, orderBy: [{ column: 'city' }] }))).toEqual(['before']);
    expect(fieldPaths(await admin.gql(PAGES, { before: Buffer.from('["x", 1]').toString('base64url') }))).toEqual([
      'before',
    ]);
  });

  it('refuses a cursor made for another sort, and bad input with the field path', async () => {
    const first = (await admin.ok(COMPANIES, { first: 2 })).companies.pageInfo.endCursor;
    const other = await admin.gql(COMPANIES, { first: 2, after: first, orderBy: [{ column: 'city' }] });
    expect(errorCode(other)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(other)).toEqual(['after']);
    const forged = await admin.gql(COMPANIES, { after: Buffer.from('["x", 1]').toString('base64url') });
    expect(fieldPaths(forged)).toEqual(['after']);

    const bad = await admin.gql(COMPANIES, {
      filter: { and: [cond('city', 'EQUALS', { value: 'Paris' }), cond('password_hash', 'EQUALS', { value: 'x' })] },
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(bad)).toEqual(['filter.and.1.column']);
    const several = await admin.gql(COMPANIES, {
      filter: {
        or: [
          cond('active', 'CONTAINS', { value: 'x' }),
          cond('companyType', 'IN', { values: ["1' OR '1'='1"] }),
          cond('createdAt', 'BETWEEN', { from: 'yesterday' }),
          { column: 'name', op: 'EQUALS', value: 'x', and: [] },
        ],
      },
      orderBy: [{ column: 'name; DROP TABLE company' }],
    });
    expect(fieldPaths(several)).toEqual(['orderBy.0.column']);
    const filterErrors = await admin.gql(COMPANIES, {
      filter: {
        or: [
          cond('active', 'CONTAINS', { value: 'x' }),
          cond('companyType', 'IN', { values: ["1' OR '1'='1"] }),
          cond('createdAt', 'BETWEEN', { from: 'yesterday' }),
          { column: 'name', op: 'EQUALS', value: 'x', and: [] },
        ],
      },
    });
    expect(fieldPaths(filterErrors)).toEqual([
      'filter.or.0.op',
      'filter.or.1.values.0',
      'filter.or.2.from',
      'filter.or.3',
    ]);
    expect(fieldPaths(await admin.gql(COMPANIES, { first: 101 }))).toEqual(['first']);
  });

  it('groups by a column with counts, on the filtered records', async () => {
    const byCity = (
      await admin.ok('query($f: ListFilter) { companiesGroupBy(column: "city", filter: $f) { key label count } }')
    ).companiesGroupBy;
    expect(byCity).toEqual([
      { key: 'Lyon', label: 'Lyon', count: 1 },
      { key: 'Marseille', label: 'Marseille', count: 1 },
      { key: 'Paris', label: 'Paris', count: 4 },
      { key: null, label: null, count: 4 },
    ]);
    const byType = (
      await admin.ok(
        'query($f: ListFilter) { companiesGroupBy(column: "companyType", filter: $f) { key label count } }',
        {
          f: cond('city', 'EQUALS', { value: 'Paris' }),
        },
      )
    ).companiesGroupBy;
    expect(byType).toEqual([
      { key: opt.COMPANY_TYPE.Entreprise, label: 'Entreprise', count: 1 },
      { key: null, label: null, count: 3 },
    ]);
    const bySales = (await admin.ok('{ contactsGroupBy(column: "salesperson") { key label count } }')).contactsGroupBy;
    expect(bySales).toEqual([
      { key: salesId, label: 'Sophie Vendeuse', count: 2 },
      { key: null, label: null, count: 3 },
    ]);
    // A settings list's values come in its own order (the settings page's positions), not
    // alphabetically; no value last. The rows sorted by it too, so that each group's rows follow its header.
    const sql = tenantSql(api.deps.dataSource, ws.workspaceId);
    const [first, second] = [opt.PROGRESS_STATE['À qualifier'], opt.PROGRESS_STATE['Premier contact']];
    const positions = await sql<{ id: string; position: number }>(
      'SELECT id, position FROM setting_option WHERE id = ANY($1)',
      [[first, second]],
    );
    await sql('UPDATE setting_option SET position = 100 WHERE id = $1', [first]);
    try {
      const byProgress = (await admin.ok('{ contactsGroupBy(column: "progressState") { label count } }'))
        .contactsGroupBy;
      expect(byProgress).toEqual([
        { label: 'Premier contact', count: 1 },
        { label: 'À qualifier', count: 2 },
        { label: null, count: 2 },
      ]);
      const sorted = (
        await admin.ok(CONTACTS, { orderBy: [{ column: 'progressState', direction: 'ASC' }], first: 3 })
      ).contacts.edges.map((e: { node: { fullName: string } }) => e.node.fullName);
      expect(sorted[0]).toBe('Paul Durand');
      expect(sorted.slice(1).sort()).toEqual(['Anne Bernard', 'Claire Martin']);
    } finally {
      for (const p of positions) await sql('UPDATE setting_option SET position = $2 WHERE id = $1', [p.id, p.position]);
    }
    const bad = await admin.gql('{ companiesGroupBy(column: "nope") { key count } }');
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(bad)).toEqual(['column']);
    expect(fieldPaths(await admin.gql('{ companiesGroupBy(column: "createdAt") { key count } }'))).toEqual(['column']);
  });

  it('lists contacts with company, salesperson, progress state and events, filtered and sorted', async () => {
    const progress = Object.entries(opt.PROGRESS_STATE);
    const r = (
      await admin.ok(CONTACTS, {
        filter: cond('progressState', 'IN', { values: [progress[0][1]] }),
        orderBy: [{ column: 'company', direction: 'DESC' }],
      })
    ).contacts;
    expect(r.totalCount).toBe(2);
    expect(r.edges.map((e: { node: unknown }) => e.node)).toEqual([
      {
        id: expect.any(String),
        fullName: 'Anne Bernard',
        isMain: true,
        eventsCount: 0,
        company: { name: 'Bêta Events' },
        salesperson: null,
        progressState: { label: progress[0][0] },
      },
      {
        id: ids.claire,
        fullName: 'Claire Martin',
        isMain: true,
        eventsCount: 2,
        company: { name: 'Alpha Conseil' },
        salesperson: { name: 'Sophie Vendeuse' },
        progressState: { label: progress[0][0] },
      },
    ]);
    const bySales = (await admin.ok(CONTACTS, { filter: cond('salesperson', 'IN', { values: [salesId] }) })).contacts;
    expect(bySales.edges.map((e: { node: { fullName: string } }) => e.node.fullName)).toEqual([
      'Claire Martin',
      'Zoé Roux',
    ]);
    const ofCompany = (await admin.ok(CONTACTS, { filter: cond('company', 'IN', { values: [ids.alpha] }) })).contacts;
    expect(
      ofCompany.edges.map((e: { node: { fullName: string; isMain: boolean } }) => [e.node.fullName, e.node.isMain]),
    ).toEqual([
      ['Paul Durand', false],
      ['Claire Martin', true],
    ]);
    // NPAI set by an emailing sync (issue 10) is a list column too.
    await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
      em.query('UPDATE contact SET email_bounced_at = now() WHERE id = $1', [ids.claire]),
    );
    const bouncing = (await admin.ok(CONTACTS, { filter: cond('emailBouncing', 'IS_TRUE') })).contacts;
    expect(bouncing.edges.map((e: { node: { fullName: string } }) => e.node.fullName)).toEqual(['Claire Martin']);
    // The contacts of an inactive company are still contacts: only their own `active` counts.
    const all = (await admin.ok(CONTACTS, { first: 100 })).contacts;
    expect(all.totalCount).toBe(5);
  });

  it('compares text without accents or case, for companies and contacts', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    const ds = api.deps.dataSource;
    await seedCompany(ds, other.workspaceId, {
      name: 'Société Générale',
      city: 'Évry',
      contact: { firstName: 'Éric', lastName: 'Lefèvre' },
    });
    await seedCompany(ds, other.workspaceId, {
      name: 'École Supérieure',
      city: 'Paris',
      contact: { firstName: 'Zoé', lastName: 'Ångström' },
    });
    await seedCompany(ds, other.workspaceId, {
      name: 'Groupe Ecole',
      city: 'Lyon',
      contact: { firstName: 'Eric', lastName: 'Dupont' },
    });
    const companies = async (filter: Record<string, unknown>) =>
      (await client.ok(COMPANIES, { filter })).companies.edges.map((e: { node: { name: string } }) => e.node.name);
    const contacts = async (filter: Record<string, unknown>) =>
      (await client.ok(CONTACTS, { filter })).contacts.edges.map(
        (e: { node: { fullName: string } }) => e.node.fullName,
      );

    expect(await companies(cond('name', 'CONTAINS', { value: 'societe' }))).toEqual(['Société Générale']);
    expect(await companies(cond('name', 'CONTAINS', { value: 'SOCIÉTÉ GÉN' }))).toEqual(['Société Générale']);
    expect(await companies(cond('name', 'STARTS_WITH', { value: 'ecole' }))).toEqual(['École Supérieure']);
    expect(await companies(cond('name', 'NOT_CONTAINS', { value: 'ecole' }))).toEqual(['Société Générale']);
    expect(await companies(cond('name', 'EQUALS', { value: 'ecole superieure' }))).toEqual(['École Supérieure']);
    expect(await companies(cond('city', 'EQUALS', { value: 'EVRY' }))).toEqual(['Société Générale']);
    // By name, "É" with the other e's (the names' ICU collation, whatever the database's).
    expect(await companies(cond('city', 'NOT_EQUALS', { value: 'evry' }))).toEqual([
      'École Supérieure',
      'Groupe Ecole',
    ]);
    expect(await companies(cond('mainContact', 'CONTAINS', { value: 'eric lefevre' }))).toEqual(['Société Générale']);

    expect(await contacts(cond('name', 'CONTAINS', { value: 'ERIC' }))).toEqual(['Eric Dupont', 'Éric Lefèvre']);
    expect(await contacts(cond('lastName', 'STARTS_WITH', { value: 'angst' }))).toEqual(['Zoé Ångström']);
    expect(await contacts(cond('firstName', 'EQUALS', { value: 'zoe' }))).toEqual(['Zoé Ångström']);
    // A company column compares the company's name.
    expect(await contacts(cond('company', 'CONTAINS', { value: 'societe' }))).toEqual(['Éric Lefèvre']);
    expect(await contacts(cond('company', 'STARTS_WITH', { value: 'ecole' }))).toEqual(['Zoé Ångström']);

    // The filters write search_norm's body out (normSql): both must give the same text.
    const samples = ['Société Générale', 'ÉCOLE', 'Œuvre', 'Straße', 'Ångström', 'ﬁnance', 'Ça, c’est l’été', 'ÀÉÎÕÜ'];
    const [same] = await withTenant(ds, other.workspaceId, null, (em) =>
      em.query(`SELECT bool_and(search_norm(s) = ${normSql('s')}) AS ok FROM unnest($1::text[]) s`, [samples]),
    );
    expect(same.ok).toBe(true);
  });

  it('quick search: every word in the record, without accents or case, combined with a filter, sorted and paged', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    const ds = api.deps.dataSource;
    await seedCompany(ds, other.workspaceId, {
      name: 'Société Générale',
      city: 'Évry',
      postalCode: '91000',
      contact: { firstName: 'Éric', lastName: 'Lefèvre', phoneDirect: '+33142685300' },
    });
    await seedCompany(ds, other.workspaceId, {
      name: 'Générale Optique',
      city: 'Paris',
      contact: { firstName: 'Anne', lastName: 'Durand' },
    });
    await seedCompany(ds, other.workspaceId, {
      name: 'Groupe Ecole',
      city: 'Paris',
      contact: { firstName: 'Luc', lastName: 'Petit' },
    });
    for (const n of [1, 2, 3])
      await seedCompany(ds, other.workspaceId, { name: `Générale Nord ${n}`, city: 'Lille', active: n !== 3 });
    const search = (value: string) => cond('search', 'CONTAINS', { value });
    const companies = async (filter: Record<string, unknown>, more: Record<string, unknown> = {}) =>
      (await client.ok(COMPANIES, { filter, ...more })).companies;
    const companyNames = async (filter: Record<string, unknown>) =>
      (await companies(filter)).edges.map((e: { node: { name: string } }) => e.node.name);
    const contacts = async (filter: Record<string, unknown>) =>
      (await client.ok(CONTACTS, { filter })).contacts.edges.map(
        (e: { node: { fullName: string } }) => e.node.fullName,
      );

    expect(await companyNames(search('GENERALE'))).toEqual([
      'Générale Nord 1',
      'Générale Nord 2',
      'Générale Optique',
      'Société Générale',
    ]);
    // Every word, in any of the document's fields (name, city, postal code, SIRET…).
    expect(await companyNames(search('  societe   evry '))).toEqual(['Société Générale']);
    expect(await companyNames(search('generale 91000'))).toEqual(['Société Générale']);
    expect(await companyNames(search('generale lyon'))).toEqual([]);
    // LIKE metacharacters are plain text.
    expect(await companyNames(search('gen%rale'))).toEqual([]);
    // With the list's other conditions (AND, and inside an OR), and the inactive ones when asked.
    expect(await companyNames({ and: [search('generale'), cond('city', 'EQUALS', { value: 'paris' })] })).toEqual([
      'Générale Optique',
    ]);
    expect(
      await companyNames({
        and: [
          { or: [cond('city', 'EQUALS', { value: 'lille' }), cond('city', 'EQUALS', { value: 'evry' })] },
          search('generale'),
          cond('active', 'IS_FALSE'),
        ],
      }),
    ).toEqual(['Générale Nord 3']);

    // Sorted and paged by keyset like any filter; the count is the search's.
    const sorted = { orderBy: [{ column: 'city', direction: 'DESC' }], first: 2 };
    const first = await companies(search('generale'), sorted);
    expect(first.totalCount).toBe(4);
    expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Générale Optique',
      'Générale Nord 1',
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await companies(search('generale'), { ...sorted, after: first.pageInfo.endCursor });
    expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([
      'Générale Nord 2',
      'Société Générale',
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Grouping counts the searched records.
    const groups = await client.ok(
      'query($filter: ListFilter) { companiesGroupBy(column: "city", filter: $filter) { label count } }',
      { filter: search('generale') },
    );
    expect(groups.companiesGroupBy).toEqual(
      expect.arrayContaining([
        { label: 'Lille', count: 2 },
        { label: 'Paris', count: 1 },
      ]),
    );

    // Contacts: their names, e-mail, phones (typed any way), and their company's name.
    expect(await contacts(search('lefevre eric'))).toEqual(['Éric Lefèvre']);
    expect(await contacts(search('01 42 68 53'))).toEqual(['Éric Lefèvre']);
    expect(await contacts(search('+33 1 42 68'))).toEqual(['Éric Lefèvre']);
    expect(await contacts(search('optique'))).toEqual(['Anne Durand']);
    expect(await contacts({ and: [search('e'), cond('company', 'CONTAINS', { value: 'ecole' })] })).toEqual([
      'Luc Petit',
    ]);

    // A saved view keeps it like any condition.
    const view = await client.ok(
      `mutation($input: ListViewInput!) { createListView(list: COMPANIES, input: $input) { filter } }`,
      { input: { name: 'Générales', columns: ['name'], filter: { and: [search('generale')] } } },
    );
    expect(view.createListView.filter).toEqual({ and: [search('generale')] });

    const wrongOp = await client.gql(COMPANIES, { filter: cond('search', 'EQUALS', { value: 'x' }) });
    expect(errorCode(wrongOp)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(wrongOp)).toEqual(['filter.op']);
    const empty = await client.gql(COMPANIES, { filter: { and: [cond('name', 'EMPTY'), search('  ')] } });
    expect(fieldPaths(empty)).toEqual(['filter.and.1.value']);
  });

  it('sorts contacts with a name missing last both ways, ties by last then first name, and pages through them', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    const none = null as unknown as string; // a contact may have one of its names only
    await seedCompany(api.deps.dataSource, other.workspaceId, {
      name: 'Zeta',
      contact: { firstName: 'Claire', lastName: 'Martin' },
      extraContacts: [
        { firstName: 'Albert', lastName: none },
        { firstName: none, lastName: 'Martin' },
        { firstName: 'Claire', lastName: 'Martin' },
        { firstName: 'Zoé', lastName: 'Roux' },
        { firstName: 'Anne', lastName: 'Bernard' },
        { firstName: 'Bruno', lastName: 'Martin' },
      ],
    });
    const walk = async (orderBy: unknown, first: number) => {
      const seen: { id: string; fullName: string }[] = [];
      let after: string | null = null;
      do {
        const page: {
          edges: { node: { id: string; fullName: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        } = (await client.ok(CONTACTS, { orderBy, first, after })).contacts;
        seen.push(...page.edges.map((e) => e.node));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && seen.length <= 20);
      return seen;
    };
    const orders = {
      ASC: ['Anne Bernard', 'Bruno Martin', 'Claire Martin', 'Claire Martin', 'Martin', 'Zoé Roux', 'Albert'],
      DESC: ['Zoé Roux', 'Claire Martin', 'Claire Martin', 'Bruno Martin', 'Martin', 'Anne Bernard', 'Albert'],
    };
    for (const [direction, expected] of Object.entries(orders)) {
      const orderBy = [{ column: 'name', direction }];
      const full = await walk(orderBy, 100);
      expect(full.map((c) => c.fullName)).toEqual(expected);
      for (const first of [1, 2, 3]) expect(await walk(orderBy, first)).toEqual(full);
    }
    // Another column with equal values (no source anywhere): the contacts read by last, then first name.
    const bySource = await walk([{ column: 'source', direction: 'DESC' }], 2);
    expect(bySource.map((c) => c.fullName)).toEqual(orders.ASC);
  });

  it('shows nothing of another workspace', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    const r = (await client.ok(COMPANIES, {})).companies;
    expect(r).toMatchObject({ totalCount: 0, edges: [] });
    const ext = (await client.ok(COMPANIES, { filter: cond('parent', 'IN', { values: [ids.alpha] }) })).companies;
    expect(ext.edges).toEqual([]);
  });
});
