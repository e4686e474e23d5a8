import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const ADD_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const MAIN = `query($id: ID!) { company(id: $id) { mainContact { id } } }`;
const AUDIT = `query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) {
  edges { node { action changes } } } }`;

/** Who becomes a company's main contact when its main contact goes (SPEC: one person to call). */
describe('electing a new main contact', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  let n = 0;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-main-contact` });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  /** A company whose main contact is Jean, then the given contacts in creation order. */
  async function companyWith(others: { firstName: string; active?: boolean }[]) {
    n++;
    const c = await admin.ok(CREATE, {
      input: {
        name: `Élection ${n}`,
        mainContact: {
          firstName: 'Jean',
          lastName: 'Dupont',
          email: `jean${n}@dupont.fr`,
          phoneDirect: '01 45 00 00 01',
        },
      },
    });
    const ids: string[] = [];
    for (const o of others) {
      const id = (await admin.ok(ADD_CONTACT, { input: { companyId: c.createCompany.id, lastName: 'X', ...o } }))
        .createContact.id;
      ids.push(id);
    }
    return { id: c.createCompany.id as string, main: c.createCompany.mainContact.id as string, ids };
  }
  const mainOf = async (id: string) => (await admin.ok(MAIN, { id })).company.mainContact?.id ?? null;
  const lastEntry = async (id: string) => (await admin.ok(AUDIT, { id })).auditTrail.edges[0].node;

  it('skips inactive contacts and records the change in the company history', async () => {
    const co = await companyWith([{ firstName: 'Inactif', active: false }, { firstName: 'Actif' }]);
    await admin.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: co.main });
    expect(await mainOf(co.id)).toBe(co.ids[1]);
    expect(await lastEntry(co.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: co.main, to: co.ids[1] } },
    });
  });

  it('leaves the main contact empty when only inactive or erased contacts are left (bulk deletion)', async () => {
    const co = await companyWith([{ firstName: 'Marie' }, { firstName: 'Effacé' }]);
    await admin.ok(`mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId } }`, {
      id: co.ids[1],
      pw: ws.password,
    });
    await admin.ok(`mutation($ids: [ID!]!) { bulkDeleteContacts(ids: $ids) { count } }`, { ids: [co.main, co.ids[0]] });
    expect(await mainOf(co.id)).toBeNull();
    expect(await lastEntry(co.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: co.main, to: null } },
    });
  });

  it('passes the main contact on when it is made inactive (single edit), in the company history', async () => {
    const co = await companyWith([{ firstName: 'Inactif', active: false }, { firstName: 'Actif' }]);
    await admin.ok('mutation($id: ID!) { setContactActive(id: $id, active: false) { id } }', { id: co.main });
    expect(await mainOf(co.id)).toBe(co.ids[1]);
    expect(await lastEntry(co.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: co.main, to: co.ids[1] } },
    });
    // Another edit of a contact that is not (or no longer) the main contact changes nothing.
    await admin.ok('mutation($id: ID!) { setContactActive(id: $id, active: false) { id } }', { id: co.ids[0] });
    expect(await mainOf(co.id)).toBe(co.ids[1]);
  });

  it('passes the main contact on when "Désactiver" is applied to a selection', async () => {
    const a = await companyWith([{ firstName: 'Marie' }, { firstName: 'Paul' }]);
    const b = await companyWith([{ firstName: 'Seule', active: false }]);
    await admin.ok(`mutation($ids: [ID!]!) { bulkUpdateContacts(ids: $ids, input: { active: false }) { count } }`, {
      ids: [a.main, a.ids[0], b.main],
    });
    // Marie is deactivated with Jean: Paul takes over; b has no active contact left.
    expect(await mainOf(a.id)).toBe(a.ids[1]);
    expect(await mainOf(b.id)).toBeNull();
    expect(await lastEntry(a.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: a.main, to: a.ids[1] } },
    });
    expect(await lastEntry(b.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: b.main, to: null } },
    });
  });

  it('does not hand the main contact to an inactive contact when the main contact is erased', async () => {
    const co = await companyWith([{ firstName: 'Parti', active: false }]);
    await admin.ok(`mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId } }`, {
      id: co.main,
      pw: ws.password,
    });
    expect(await mainOf(co.id)).toBeNull();
  });
});
