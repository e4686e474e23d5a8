import { closeFactories, createWorkspaceWithAdmin } from '../../test/harness';
import { type ServerProcess, startApiProcess } from '../../test/processes';

/**
 * The other tests run the server's TypeScript through SWC; `npm start` runs tsc's CommonJS
 * build. The two can differ: a local named `exports` in `erasePerson` hid CommonJS's own in the
 * build only, so GDPR erasure failed there while every test passed. This walks the main
 * mutations and queries through the built API process (`npm test` builds it first).
 */
describe('the built API (dist/)', () => {
  let api: ServerProcess & { url: string };
  let cookie = '';
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables }),
    });
    for (const c of res.headers.getSetCookie()) cookie = c.split(';')[0]!;
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  };

  beforeAll(async () => {
    // Not NODE_ENV=test: the build runs as it does for users.
    api = await startApiProcess({ NODE_ENV: 'development' }, { built: true });
  });
  afterAll(async () => {
    await api?.stop();
    await closeFactories();
  });

  it('signs in, creates, lists, searches, edits in bulk, finds duplicates and erases a person', async () => {
    const ws = await createWorkspaceWithAdmin();
    await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', {
      e: ws.email,
      p: ws.password,
    });
    const create = (name: string, email: string) =>
      gql<{ createCompany: { id: string; mainContact: { id: string } } }>(
        `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
        {
          input: {
            name,
            siret: '73282932000074',
            addressLine1: '1 rue de la Paix',
            postalCode: '75002',
            city: 'Paris',
            mainContact: { firstName: 'Léa', lastName: 'Rousseau', email, phoneDirect: '0142000000' },
          },
        },
      );
    const first = (await create('Société Générale Événements', 'lea@sge.test')).createCompany;
    await create('Societe Generale Evenements', 'lea.r@sge.test');

    const list = await gql<{ companies: { totalCount: number } }>(
      '{ companies(first: 50, orderBy: [{ column: "name", direction: DESC }]) { totalCount } }',
    );
    expect(list.companies.totalCount).toBe(2);
    const search = await gql<{ search: { groups: { hits: { id: string }[] }[] } }>(
      '{ search(query: "societe generale") { groups { hits { id } } } }',
    );
    expect(search.search.groups.flatMap((g) => g.hits).length).toBeGreaterThan(0);
    const bulk = await gql<{ bulkUpdateContacts: { count: number } }>(
      'mutation($ids: [ID!]!) { bulkUpdateContacts(ids: $ids, input: { active: false }) { count } }',
      { ids: [first.mainContact.id] },
    );
    expect(bulk.bulkUpdateContacts.count).toBe(1);
    const pairs = await gql<{ duplicatePairs: { edges: { node: { reasons: string[] } }[] } }>(
      '{ duplicatePairs(kind: COMPANY) { edges { node { reasons } } } }',
    );
    expect(pairs.duplicatePairs.edges).toHaveLength(1);

    const erased = await gql<{ erasePerson: { contactId: string } }>(
      'mutation($id: ID!, $p: String!) { erasePerson(contactId: $id, password: $p) { contactId } }',
      { id: first.mainContact.id, p: ws.password },
    );
    expect(erased.erasePerson.contactId).toBe(first.mainContact.id);
    const contact = await gql<{ contact: { lastName: string; email: string | null } }>(
      'query($id: ID!) { contact(id: $id) { lastName email } }',
      { id: first.mainContact.id },
    );
    expect(contact.contact).toEqual({ lastName: 'Personne effacée', email: null });
  }, 120_000);
});
