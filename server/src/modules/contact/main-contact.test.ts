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

  const SET_ACTIVE = 'mutation($id: ID!, $a: Boolean!) { setContactActive(id: $id, active: $a) { id } }';
  const MOVE = 'mutation($id: ID!, $c: ID!) { updateContact(id: $id, input: { companyId: $c }) { id } }';

  /** A company whose only contacts are inactive: its main contact slot is empty. */
  async function companyWithoutMain() {
    const co = await companyWith([{ firstName: 'Dormant', active: false }]);
    await admin.ok(SET_ACTIVE, { id: co.main, a: false });
    expect(await mainOf(co.id)).toBeNull();
    return co;
  }

  it('fills an empty main contact slot when a contact is reactivated, in the company history', async () => {
    const co = await companyWithoutMain();
    await admin.ok(SET_ACTIVE, { id: co.ids[0], a: true });
    expect(await mainOf(co.id)).toBe(co.ids[0]);
    expect(await lastEntry(co.id)).toEqual({
      action: 'update',
      changes: { mainContactId: { from: null, to: co.ids[0] } },
    });
    // The same through "Activer" on a selection: only an empty slot is filled.
    const other = await companyWithoutMain();
    await admin.ok(`mutation($ids: [ID!]!) { bulkUpdateContacts(ids: $ids, input: { active: true }) { count } }`, {
      ids: [other.ids[0], other.main],
    });
    expect(await mainOf(other.id)).toBe(other.main);
  });

  it('never makes an inactive contact the main contact: moved in, restored, created or starred', async () => {
    const from = await companyWith([{ firstName: 'Inactif', active: false }, { firstName: 'Actif' }]);
    const to = await companyWithoutMain();
    await admin.ok(MOVE, { id: from.ids[0], c: to.id });
    expect(await mainOf(to.id)).toBeNull();
    // Restored from the trash while inactive: still no main contact.
    await admin.ok('mutation($id: ID!) { deleteContact(id: $id) { id } }', { id: from.ids[0] });
    await admin.ok('mutation($id: ID!) { restoreContact(id: $id) { id } }', { id: from.ids[0] });
    expect(await mainOf(to.id)).toBeNull();
    // Created inactive.
    await admin.ok(ADD_CONTACT, { input: { companyId: to.id, firstName: 'Nina', lastName: 'Nouveau', active: false } });
    expect(await mainOf(to.id)).toBeNull();
    // Starred by hand: refused, with the reason.
    const star = await admin.gql('mutation($c: ID!, $k: ID!) { setMainContact(companyId: $c, contactId: $k) { id } }', {
      c: to.id,
      k: from.ids[0],
    });
    expect(star.errors?.[0]?.extensions?.fields).toEqual([
      { path: ['contactId'], message: 'Ce contact est inactif : réactivez-le avant d’en faire le contact principal.' },
    ]);
    // An active contact moved in takes the empty slot.
    await admin.ok(MOVE, { id: from.ids[1], c: to.id });
    expect(await mainOf(to.id)).toBe(from.ids[1]);
  });

  it('moves contacts of a deleted company without handing the slot to an inactive one', async () => {
    const from = await companyWith([{ firstName: 'Inactif', active: false }]);
    await admin.ok(SET_ACTIVE, { id: from.main, a: false });
    const to = await companyWithoutMain();
    await admin.ok(
      'mutation($id: ID!, $to: ID!) { deleteCompany(id: $id, contacts: MOVE, moveToCompanyId: $to) { id } }',
      { id: from.id, to: to.id },
    );
    expect(await mainOf(to.id)).toBeNull();
  });
});
