import { type TestApi, TestClient, addUser, clientFor, closeFactories } from '../../../test/harness';
import { createWorkspaceWithAdmin, errorCode, startTestApi } from '../../../test/harness';
import { UserRole } from '../user/user.entity';

/** The trash: the company and contact lists with `deleted: true`. */
const COMPANY_TRASH = `query($first: Int, $after: String, $filter: ListFilter, $orderBy: [ListSort!]) {
  companies(deleted: true, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name active deletedAt deletedBy { id name } } }
  }
}`;
const CONTACT_TRASH = `query($first: Int) {
  contacts(deleted: true, first: $first) {
    totalCount
    edges { node { id fullName deletedAt deletedBy { id name } company { id name deletedAt } } }
  }
}`;
const LIVE = `{ companies(first: 100) { edges { node { id name deletedAt deletedBy { id } } } } }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const DELETE = `mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id deletedAt } }`;
const RESTORE = `mutation($id: ID!) { restoreCompany(id: $id) { id deletedAt } }`;

type Node = { id: string; name: string; deletedAt: string; deletedBy: { id: string; name: string } | null };

describe('the trash (deleted companies and contacts)', () => {
  let api: TestApi;
  let admin: TestClient;
  let user: TestClient;
  let adminId: string;
  let userId: string;
  let n = 0;

  const company = async (client: TestClient, name: string) => {
    n++;
    const phoneDirect = `04 78 00 01 ${String(n).padStart(2, '0')}`;
    const mainContact = { firstName: 'Jean', lastName: `Corbeille${n}`, email: `jean${n}@example.fr`, phoneDirect };
    return (await client.ok(CREATE, { input: { name, mainContact } })).createCompany as {
      id: string;
      mainContact: { id: string };
    };
  };
  const trash = async (client: TestClient, variables: Record<string, unknown> = {}) =>
    (await client.ok(COMPANY_TRASH, { first: 100, ...variables })).companies as {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: Node }[];
    };
  const names = (page: { edges: { node: Node }[] }) => page.edges.map((e) => e.node.name);
  const liveNames = async (client: TestClient) =>
    (await client.ok(LIVE)).companies.edges.map((e: { node: Node }) => e.node.name) as string[];

  beforeAll(async () => {
    api = await startTestApi();
    const ws = await createWorkspaceWithAdmin();
    adminId = ws.userId;
    admin = await clientFor(api, ws);
    const u = await addUser(ws.workspaceId, UserRole.USER, 'Ursule Utilisatrice');
    userId = u.userId;
    user = await clientFor(api, u);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('lists only the deleted records of the workspace, newest deletion first, with who and when', async () => {
    await company(admin, 'Trash Vivante');
    const first = await company(admin, 'Trash Première');
    const second = await company(admin, 'Trash Seconde');
    const inactive = await company(admin, 'Trash Inactive');
    await admin.ok('mutation($id: ID!) { setCompanyActive(id: $id, active: false) { id } }', { id: inactive.id });
    // Another workspace's deleted company never shows here.
    const other = await createWorkspaceWithAdmin();
    const otherAdmin = await clientFor(api, other);
    const foreign = await company(otherAdmin, 'Trash Étrangère');
    await otherAdmin.ok(DELETE, { id: foreign.id });

    expect((await trash(admin)).totalCount).toBe(0);
    const before = Date.now();
    await admin.ok(DELETE, { id: first.id });
    await user.ok(DELETE, { id: second.id });
    await admin.ok(DELETE, { id: inactive.id });

    const page = await trash(admin);
    expect(page.totalCount).toBe(3);
    // Deleted inactive records are in the trash too.
    expect(names(page)).toEqual(['Trash Inactive', 'Trash Seconde', 'Trash Première']);
    const [, byUser, byAdmin] = page.edges.map((e) => e.node);
    expect(byUser.deletedBy).toEqual({ id: userId, name: 'Ursule Utilisatrice' });
    expect(byAdmin.deletedBy).toEqual({ id: adminId, name: 'Test Admin' });
    expect(Date.parse(byAdmin.deletedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(byUser.deletedAt)).toBeGreaterThanOrEqual(Date.parse(byAdmin.deletedAt));

    // The live list does not show them, and shows no deletion.
    const live = await liveNames(admin);
    expect(live).toContain('Trash Vivante');
    expect(live.filter((name) => name.startsWith('Trash ') && name !== 'Trash Vivante')).toEqual([]);
    expect(names(await trash(otherAdmin))).toEqual(['Trash Étrangère']);

    // The contacts deleted with their company are in the contact trash, with their company.
    const contacts = (await admin.ok(CONTACT_TRASH, { first: 100 })).contacts;
    expect(contacts.totalCount).toBe(3);
    const claire = contacts.edges.find((e: { node: { company: { id: string } } }) => e.node.company.id === second.id);
    expect(claire.node).toMatchObject({
      id: second.mainContact.id,
      deletedBy: { id: userId },
      company: { name: 'Trash Seconde', deletedAt: expect.any(String) },
    });

    // Same columns, filters and sorts as the live list, plus deletedAt and deletedBy.
    const mine = await trash(admin, { filter: { column: 'deletedBy', op: 'IN', values: [userId] } });
    expect(names(mine)).toEqual(['Trash Seconde']);
    const byName = await trash(admin, { orderBy: [{ column: 'name' }] });
    expect(names(byName)).toEqual(['Trash Inactive', 'Trash Première', 'Trash Seconde']);
    const live2 = await admin.gql(`{ companies(orderBy: [{ column: "deletedAt" }]) { totalCount } }`);
    expect(errorCode(live2)).toBe('BAD_USER_INPUT');

    // Restoring takes a record out of the trash and back into the list.
    await user.ok(RESTORE, { id: second.id });
    expect(names(await trash(admin))).toEqual(['Trash Inactive', 'Trash Première']);
    expect(await liveNames(admin)).toContain('Trash Seconde');
    expect((await admin.ok(CONTACT_TRASH, { first: 100 })).contacts.totalCount).toBe(2);
    const restored = (await admin.ok(LIVE)).companies.edges.find((e: { node: Node }) => e.node.id === second.id);
    expect(restored.node).toEqual({ id: second.id, name: 'Trash Seconde', deletedAt: null, deletedBy: null });
  });

  it('pages through the trash with keyset cursors', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push((await company(client, `Page ${i}`)).id);
    for (const id of ids) await client.ok(DELETE, { id });

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await trash(client, { first: 2, after });
      expect(page.totalCount).toBe(5);
      seen.push(...names(page));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(['Page 5', 'Page 4', 'Page 3', 'Page 2', 'Page 1']);
  });

  it('shows a record merged away, which cannot be restored (a merge cannot be undone)', async () => {
    const keep = await company(admin, 'Fusion Gardée');
    const merged = await company(admin, 'Fusion Doublon');
    await user.ok(`mutation($k: ID!, $m: ID!) { mergeCompanies(keepId: $k, mergeId: $m) { keptId } }`, {
      k: keep.id,
      m: merged.id,
    });
    const page = await trash(admin);
    const node = page.edges.find((e) => e.node.id === merged.id)?.node;
    expect(node).toMatchObject({ name: 'Fusion Doublon', deletedBy: { id: userId } });
    expect(names(page)[0]).toBe('Fusion Doublon');
    // The trash says into what it was merged (the page shows a link there instead of "Restaurer").
    const MERGED = `{ companies(deleted: true, first: 100) { edges { node { id mergedInto { id name } } } } }`;
    const merges = (await admin.ok(MERGED)).companies.edges.map(
      (e: { node: { id: string; mergedInto: unknown } }) => e.node,
    );
    expect(merges.find((n: { id: string }) => n.id === merged.id).mergedInto).toEqual({
      id: keep.id,
      name: 'Fusion Gardée',
    });
    expect(merges.filter((n: { mergedInto: unknown }) => n.mergedInto)).toHaveLength(1);
    // A contact merged into another shows the same way in the contact trash.
    const keptContact = await company(admin, 'Fusion Contacts');
    const dupe = await company(admin, 'Fusion Contacts Bis');
    await admin.ok(`mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }`, {
      k: keptContact.mainContact.id,
      m: dupe.mainContact.id,
    });
    const contactMerges = (
      await admin.ok(`{ contacts(deleted: true, first: 100) { edges { node { id mergedInto { id fullName } } } } }`)
    ).contacts.edges.map((e: { node: { id: string; mergedInto: unknown } }) => e.node);
    expect(contactMerges.find((n: { id: string }) => n.id === dupe.mainContact.id).mergedInto).toEqual({
      id: keptContact.mainContact.id,
      fullName: expect.stringMatching(/^Jean Corbeille/),
    });

    // Restoring would bring back an empty shell next to the company that holds its contacts:
    // refused, with a message naming the kept company (merge.test.ts).
    expect(errorCode(await admin.gql(RESTORE, { id: merged.id }))).toBe('CONFLICT');
    expect(names(await trash(admin))).toContain('Fusion Doublon');
    expect(await liveNames(admin)).not.toContain('Fusion Doublon');
  });

  it('is refused where restoring is: read-only API keys get FORBIDDEN', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const gone = await company(client, 'Clé Supprimée');
    await client.ok(DELETE, { id: gone.id });
    const key = async (scope: string) =>
      (
        await client.ok(`mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`, {
          input: { name: scope, scope },
        })
      ).createApiKey.secret as string;
    const reader = new TestClient(api.url, { authorization: `Bearer ${await key('READ_ONLY')}` });
    expect(errorCode(await reader.gql(COMPANY_TRASH, { first: 10 }))).toBe('FORBIDDEN');
    expect(errorCode(await reader.gql(CONTACT_TRASH, { first: 10 }))).toBe('FORBIDDEN');
    expect(errorCode(await reader.gql(RESTORE, { id: gone.id }))).toBe('FORBIDDEN');
    // The live lists stay readable.
    await reader.ok(LIVE);

    const writer = new TestClient(api.url, { authorization: `Bearer ${await key('READ_WRITE')}` });
    expect(names(await trash(writer))).toEqual(['Clé Supprimée']);
  });
});
