import {
  type TestApi,
  type TestClient,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';
import { withTenant } from '../../db/tenant-scope';
import { seedCompany } from './list-fixtures';

/**
 * Names sort like a person reads them (migration 1765958400000-NameCollation, ICU root
 * collation), whatever the database's own locale: byte order would give
 * "Bravo, Eve, Zoé, alpha, Éric" on a C or C.UTF-8 cluster.
 */
const ORDER = ['alpha', 'Bravo', 'Éric', 'Eve', 'Zoé'];
/** Seeded in another order than the expected one, so that insertion order proves nothing. */
const SEEDED = ['Zoé', 'Éric', 'alpha', 'Eve', 'Bravo'];

const COMPANIES = `query($orderBy: [ListSort!], $first: Int, $after: String) {
  companies(orderBy: $orderBy, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name city } }
  }
}`;

const CONTACTS = `query($orderBy: [ListSort!], $first: Int, $after: String) {
  contacts(orderBy: $orderBy, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id firstName lastName } }
  }
}`;

interface Node {
  id: string;
  name?: string;
  city?: string | null;
  firstName?: string;
  lastName?: string;
}

describe('names sort alphabetically, not by byte value', () => {
  let api: TestApi;
  let client: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    client = await clientFor(api, ws);
    const ds = api.deps.dataSource;
    const cities = ['Évry', 'Zurich', 'annecy', 'Bordeaux', 'Evian'];
    for (const [i, name] of SEEDED.entries()) {
      await seedCompany(ds, ws.workspaceId, {
        name,
        city: cities[i],
        // Same last name twice (ties broken by first name, then id) and first names in mixed case.
        contact: { firstName: i % 2 ? 'anne' : 'Élise', lastName: name },
        extraContacts:
          name === 'Eve'
            ? [
                { firstName: 'Zed', lastName: 'Eve' },
                { firstName: 'Ève', lastName: 'Eve' },
              ]
            : [],
      });
    }
  });

  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  /** Every row of a list, page by page (`first` rows a page), in the order the pages give. */
  async function walk(query: string, field: 'companies' | 'contacts', vars: Record<string, unknown>, first: number) {
    const rows: Node[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] } = (
        await client.ok(query, { ...vars, first, after })
      )[field];
      rows.push(...r.edges.map((e) => e.node));
      if (!r.pageInfo.hasNextPage) return rows;
      after = r.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('sorts the company list by name, and by city', async () => {
    const byName = await walk(COMPANIES, 'companies', {}, 100);
    expect(byName.map((c) => c.name)).toEqual(ORDER);
    const desc = await walk(COMPANIES, 'companies', { orderBy: [{ column: 'name', direction: 'DESC' }] }, 100);
    expect(desc.map((c) => c.name)).toEqual([...ORDER].reverse());
    const byCity = await walk(COMPANIES, 'companies', { orderBy: [{ column: 'city', direction: 'ASC' }] }, 100);
    expect(byCity.map((c) => c.city)).toEqual(['annecy', 'Bordeaux', 'Evian', 'Évry', 'Zurich']);
  });

  it('sorts the contact list by name (last name, then first name)', async () => {
    const rows = await walk(CONTACTS, 'contacts', {}, 100);
    expect(rows.map((c) => `${c.lastName} ${c.firstName}`)).toEqual([
      'alpha Élise',
      'Bravo Élise',
      'Éric anne',
      'Eve anne',
      'Eve Ève',
      'Eve Zed',
      'Zoé Élise',
    ]);
    expect([...new Set(rows.map((c) => c.lastName))]).toEqual(ORDER);
  });

  it.each([1, 2, 3])('keeps the order across pages of %i, with no row twice or missing', async (size) => {
    for (const direction of ['ASC', 'DESC']) {
      const orderBy = [{ column: 'name', direction }];
      const whole = await walk(COMPANIES, 'companies', { orderBy }, 100);
      const paged = await walk(COMPANIES, 'companies', { orderBy }, size);
      expect(paged.map((c) => c.id)).toEqual(whole.map((c) => c.id));
      expect(paged.map((c) => c.name)).toEqual(direction === 'ASC' ? ORDER : [...ORDER].reverse());

      const contacts = await walk(CONTACTS, 'contacts', { orderBy }, 100);
      const contactPages = await walk(CONTACTS, 'contacts', { orderBy }, size);
      expect(contactPages.map((c) => c.id)).toEqual(contacts.map((c) => c.id));
      expect(new Set(contactPages.map((c) => c.id)).size).toBe(7);
    }
  });

  it('sorts a custom text field the same way, across pages', async () => {
    await client.ok('mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }', {
      input: { recordKind: 'COMPANY', key: 'surnom', labelFr: 'Surnom', labelEn: 'Nickname', type: 'TEXT' },
    });
    // Each company's nickname is its name: the expected order is the names' order.
    await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
      em.query(`UPDATE company SET custom_fields = jsonb_build_object('surnom', name)`),
    );
    for (const [direction, expected] of [
      ['ASC', ORDER],
      ['DESC', [...ORDER].reverse()],
    ] as const) {
      const orderBy = [{ column: 'custom.surnom', direction }];
      expect((await walk(COMPANIES, 'companies', { orderBy }, 100)).map((c) => c.name)).toEqual(expected);
      expect((await walk(COMPANIES, 'companies', { orderBy }, 2)).map((c) => c.name)).toEqual(expected);
    }
  });

  it('orders the company picker by name', async () => {
    const picked = async (query: string | null) =>
      (await client.ok('query($q: String) { companyPicker(query: $q, first: 50) { name } }', { q: query }))
        .companyPicker as { name: string }[];
    expect((await picked(null)).map((c) => c.name)).toEqual(ORDER);
    // "e" is in every name but alpha's (Éric's once accents are ignored).
    expect((await picked('e')).map((c) => c.name)).toEqual(['Éric', 'Eve', 'Zoé']);
  });

  it('orders the users by name', async () => {
    for (const name of SEEDED) await addUser(ws.workspaceId, undefined, name);
    const users: { name: string }[] = (await client.ok('{ users { name } }')).users;
    expect(users.map((u) => u.name).filter((n) => ORDER.includes(n))).toEqual(ORDER);
  });
});
