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
import { UserRole } from '../user/user.entity';

const COMPANY_FIELDS = `id name website siret siren vatNumber apeCode country active optIn deletedAt
  companyType { label } languages { label } parent { id } subsidiaries { id }
  mainContact { id fullName email isMain phoneDirect { e164 national raw } salesperson { id } }
  contacts { id isMain } billingAddresses { id isDefault addressLine1 city }
  consentHistory { optIn source }`;

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { ${COMPANY_FIELDS} } }`;
const GET = `query($id: ID!) { company(id: $id) { ${COMPANY_FIELDS} } }`;

const mainContact = (over: Record<string, unknown> = {}) => ({
  firstName: 'Claire',
  lastName: 'Martin',
  email: 'claire.martin@acme.fr',
  phoneDirect: '01 42 68 53 00',
  ...over,
});

type Fields = { path: string[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

describe('companies, contacts and billing addresses', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;
  let options: Record<string, Record<string, string>>;

  const create = async (input: Record<string, unknown>) => (await admin.ok(CREATE, { input })).createCompany;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const all = await admin.ok('{ allSettingOptions { id list label } }');
    options = {};
    for (const o of all.allSettingOptions) (options[o.list] ??= {})[o.label] = o.id;
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('creates a company with its main contact, salesperson and default billing address in one step', async () => {
    const c = await create({
      name: '  Société   Générale ',
      website: 'societegenerale.fr',
      siret: '732 829 320 00074',
      vatNumber: 'fr 44 732829320',
      apeCode: '6201z',
      addressLine1: '29 boulevard Haussmann',
      postalCode: '75009',
      city: 'Paris',
      companyTypeId: options.COMPANY_TYPE.Entreprise,
      languageIds: [options.LANGUAGE['Français'], options.LANGUAGE.Anglais],
      optIn: true,
      mainContact: mainContact({ civilityId: options.CIVILITY['Mme'], email: ' Claire.Martin@ACME.fr ' }),
    });
    expect(c).toMatchObject({
      name: 'Société   Générale'.replace(/\s+/g, ' '),
      website: 'https://societegenerale.fr',
      siret: '73282932000074',
      siren: '732829320',
      vatNumber: 'FR44732829320',
      apeCode: '62.01Z',
      country: 'France',
      active: true,
      companyType: { label: 'Entreprise' },
      consentHistory: [{ optIn: true, source: 'user' }],
    });
    expect(c.languages.map((l: { label: string }) => l.label).sort()).toEqual(['Anglais', 'Français']);
    expect(c.mainContact).toMatchObject({
      fullName: 'Claire Martin',
      isMain: true,
      phoneDirect: { e164: '+33142685300', national: '01 42 68 53 00', raw: '01 42 68 53 00' },
      salesperson: { id: ws.userId },
    });
    expect(c.mainContact.email.toLowerCase()).toBe('claire.martin@acme.fr');
    expect(c.billingAddresses).toEqual([
      { id: expect.any(String), isDefault: true, addressLine1: '29 boulevard Haussmann', city: 'Paris' },
    ]);
  });

  it('reports every bad field at once, with its path, and creates nothing', async () => {
    const r = await admin.gql(CREATE, {
      input: {
        name: ' ',
        siret: '73282932000079',
        vatNumber: 'FR45732829320',
        apeCode: '62-01',
        website: 'not a url',
        mainContact: { firstName: '', lastName: 'X', email: 'nope', phoneDirect: '' },
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r).sort()).toEqual(
      [
        'input.name',
        'input.siret',
        'input.vatNumber',
        'input.apeCode',
        'input.website',
        'input.mainContact.firstName',
        'input.mainContact.email',
        'input.mainContact.phoneDirect',
      ].sort(),
    );
    const picker = await admin.ok('{ companyPicker(query: "X") { id } }');
    expect(picker.companyPicker).toEqual([]);
  });

  it('checks the VAT key against the SIREN and accepts the La Poste SIRET exception', async () => {
    const wrongKey = await admin.gql(CREATE, {
      input: { name: 'Bad VAT', siret: '73282932000074', vatNumber: 'FR44542107651', mainContact: mainContact() },
    });
    expect(fieldPaths(wrongKey)).toEqual(['input.vatNumber']);
    const poste = await create({ name: 'La Poste', siret: '35600000000001', mainContact: mainContact() });
    expect(poste.siret).toBe('35600000000001');
  });

  it('reads overseas phone numbers in their own numbering plan', async () => {
    const c = await create({
      name: 'Guadeloupe Events',
      postalCode: '97110',
      city: 'Pointe-à-Pitre',
      mainContact: mainContact({ phoneDirect: '0590 27 12 34' }),
    });
    expect(c.mainContact.phoneDirect.e164).toBe('+590590271234');
  });

  it('checks French postal codes (5 digits, a dropped zero restored) and countries by name or code, on the field', async () => {
    const POSTAL = `query($id: ID!) { company(id: $id) { postalCode country billingAddresses { postalCode country } } }`;
    const nice = await create({
      name: 'Riviera Events',
      addressLine1: '1 promenade des Anglais',
      postalCode: '6000',
      country: 'fra',
      mainContact: mainContact({ email: 'riviera@acme.fr' }),
    });
    expect((await admin.ok(POSTAL, { id: nice.id })).company).toMatchObject({ postalCode: '06000', country: 'France' });
    const refused = await admin.gql(CREATE, {
      input: {
        name: 'Typo',
        postalCode: '75',
        country: 'Frnace',
        useAsBillingAddress: false,
        billingAddress: { addressLine1: '2 rue B', postalCode: 'ABCDE' },
        mainContact: mainContact({ email: 'typo@acme.fr' }),
      },
    });
    expect(fieldPaths(refused).sort()).toEqual(['input.billingAddress.postalCode', 'input.country']);
    const messages = (refused.errors?.[0]?.extensions?.fields as Fields).map((f) => f.message).join(' ');
    expect(messages).toMatch(/Pays inconnu.*|Code postal français invalide/);
    // A French code checked in France: refused; a Belgian one kept as typed.
    expect(
      fieldPaths(
        await admin.gql(CREATE, {
          input: { name: 'P', postalCode: '75', mainContact: mainContact({ email: 'p@acme.fr' }) },
        }),
      ),
    ).toEqual(['input.postalCode']);
    const update = await admin.ok(
      'mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { postalCode country } }',
      { id: nice.id, input: { postalCode: '1000', country: 'Belgique' } },
    );
    expect(update.updateCompany).toEqual({ postalCode: '1000', country: 'Belgique' });
    // A billing address's postal code updated alone is checked in its own country (France).
    const [address] = (
      await admin.ok(`query($id: ID!) { company(id: $id) { billingAddresses { id } } }`, { id: nice.id })
    ).company.billingAddresses;
    const UPDATE_ADDRESS =
      'mutation($id: ID!, $input: AddressInput!) { updateBillingAddress(id: $id, input: $input) { postalCode country } }';
    expect(fieldPaths(await admin.gql(UPDATE_ADDRESS, { id: address.id, input: { postalCode: 'ABCDE' } }))).toEqual([
      'input.postalCode',
    ]);
    expect(
      (await admin.ok(UPDATE_ADDRESS, { id: address.id, input: { postalCode: '6000' } })).updateBillingAddress,
    ).toEqual({
      postalCode: '06000',
      country: 'France',
    });
  });

  it('copies a separate billing address when asked, and keeps exactly one default', async () => {
    const c = await create({
      name: 'Billing Co',
      addressLine1: '1 rue A',
      useAsBillingAddress: false,
      billingAddress: { addressLine1: '2 rue B', city: 'Lyon' },
      mainContact: mainContact(),
    });
    expect(c.billingAddresses).toMatchObject([{ isDefault: true, addressLine1: '2 rue B', city: 'Lyon' }]);
    const first = c.billingAddresses[0].id;
    const added = await admin.ok(
      'mutation($c: ID!) { addBillingAddress(companyId: $c, input: { addressLine1: "3 rue C" }) { id isDefault } }',
      { c: c.id },
    );
    expect(added.addBillingAddress.isDefault).toBe(false);
    // The default cannot be deleted.
    const refused = await admin.gql('mutation($id: ID!) { deleteBillingAddress(id: $id) }', { id: first });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    await admin.ok('mutation($id: ID!) { setDefaultBillingAddress(id: $id) { id } }', {
      id: added.addBillingAddress.id,
    });
    const after = (await admin.ok(GET, { id: c.id })).company.billingAddresses;
    expect(after.map((b: { id: string; isDefault: boolean }) => [b.id, b.isDefault])).toEqual([
      [added.addBillingAddress.id, true],
      [first, false],
    ]);
    await admin.ok('mutation($id: ID!) { deleteBillingAddress(id: $id) }', { id: first });
    expect((await admin.ok(GET, { id: c.id })).company.billingAddresses).toHaveLength(1);
  });

  it('keeps exactly one main contact, which can be changed and is re-elected when it leaves', async () => {
    const c = await create({ name: 'Stars', mainContact: mainContact() });
    const second = await admin.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { id isMain salesperson { id } } }',
      { input: { companyId: c.id, firstName: 'Paul', lastName: 'Durand' } },
    );
    expect(second.createContact).toMatchObject({ isMain: false, salesperson: { id: ws.userId } });
    await admin.ok('mutation($c: ID!, $k: ID!) { setMainContact(companyId: $c, contactId: $k) { id } }', {
      c: c.id,
      k: second.createContact.id,
    });
    let company = (await admin.ok(GET, { id: c.id })).company;
    expect(company.mainContact.id).toBe(second.createContact.id);
    expect(company.contacts.filter((k: { isMain: boolean }) => k.isMain)).toHaveLength(1);
    // A contact of another company cannot be starred here.
    const other = await create({ name: 'Other', mainContact: mainContact() });
    const wrong = await admin.gql(
      'mutation($c: ID!, $k: ID!) { setMainContact(companyId: $c, contactId: $k) { id } }',
      {
        c: c.id,
        k: other.mainContact.id,
      },
    );
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    // Deleting the main contact elects the other one.
    await admin.ok('mutation($id: ID!) { deleteContact(id: $id) { deletedAt } }', { id: second.createContact.id });
    company = (await admin.ok(GET, { id: c.id })).company;
    expect(company.mainContact.id).toBe(c.mainContact.id);
    await admin.ok('mutation($id: ID!) { restoreContact(id: $id) { id } }', { id: second.createContact.id });
    expect((await admin.ok(GET, { id: c.id })).company.contacts).toHaveLength(2);
  });

  it('creates a contact with a new company in the same step, or refuses an inactive company', async () => {
    const r = await admin.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { id isMain company { name mainContact { id } } } }',
      { input: { firstName: 'Léa', lastName: 'Petit', newCompany: { name: 'Nouvelle Société' } } },
    );
    expect(r.createContact).toMatchObject({
      isMain: true,
      company: { name: 'Nouvelle Société', mainContact: { id: r.createContact.id } },
    });
    const inactive = await create({ name: 'Dormant', mainContact: mainContact() });
    await admin.ok('mutation($id: ID!) { setCompanyActive(id: $id, active: false) { active } }', { id: inactive.id });
    const refused = await admin.gql('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
      input: { companyId: inactive.id, firstName: 'A', lastName: 'B' },
    });
    expect(fieldPaths(refused)).toEqual(['input.companyId']);
    const both = await admin.gql('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
      input: { firstName: 'A', lastName: 'B' },
    });
    expect(fieldPaths(both)).toEqual(['input.companyId']);
  });

  it('hides inactive companies from pickers until reactivated', async () => {
    const c = await create({ name: 'Pickable Zebra', mainContact: mainContact() });
    const pick = async () => (await admin.ok('{ companyPicker(query: "zebra") { id } }')).companyPicker;
    expect(await pick()).toEqual([{ id: c.id }]);
    await admin.ok('mutation($id: ID!) { setCompanyActive(id: $id, active: false) { active } }', { id: c.id });
    expect(await pick()).toEqual([]);
    expect((await admin.ok(GET, { id: c.id })).company.active).toBe(false);
    await admin.ok('mutation($id: ID!) { setCompanyActive(id: $id, active: true) { active } }', { id: c.id });
    expect(await pick()).toEqual([{ id: c.id }]);
  });

  it('finds companies in pickers whatever the accents and the case, by name only', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    const make = async (name: string, city: string) =>
      (await client.ok(CREATE, { input: { name, city, mainContact: mainContact() } })).createCompany.id;
    const sg = await make('Société Générale', 'Paris');
    const batiment = await make('Générale de Bâtiment', 'Lyon');
    const ecole = await make('École 100% Événements', 'Évry');
    // Its city matches "societe": the picker looks at names only.
    await make('Banque Populaire', 'Sociétéville');
    const pick = async (query: string) =>
      (await client.ok('query($q: String) { companyPicker(query: $q) { id } }', { q: query })).companyPicker.map(
        (c: { id: string }) => c.id,
      );
    expect(await pick('societe gen')).toEqual([sg]);
    expect(await pick('SOCIÉTÉ')).toEqual([sg]);
    expect(await pick('generale')).toEqual([batiment, sg]);
    expect(await pick('ecole 100% even')).toEqual([ecole]);
    // Too short for trigrams: the names are read in order.
    expect(await pick('so')).toEqual([sg]);
    expect(await pick('1%')).toEqual([]);
  });

  it('refuses a parent that is the company itself or one of its descendants', async () => {
    const top = await create({ name: 'Top', mainContact: mainContact() });
    const mid = await create({ name: 'Mid', parentId: top.id, mainContact: mainContact() });
    const low = await create({ name: 'Low', parentId: mid.id, mainContact: mainContact() });
    expect((await admin.ok(GET, { id: top.id })).company.subsidiaries).toEqual([{ id: mid.id }]);
    const self = await admin.gql('mutation($id: ID!) { updateCompany(id: $id, input: { parentId: $id }) { id } }', {
      id: top.id,
    });
    expect(fieldPaths(self)).toEqual(['input.parentId']);
    const cycle = await admin.gql(
      'mutation($id: ID!, $p: ID!) { updateCompany(id: $id, input: { parentId: $p }) { id } }',
      {
        id: top.id,
        p: low.id,
      },
    );
    expect(fieldPaths(cycle)).toEqual(['input.parentId']);
    expect((await admin.ok(GET, { id: top.id })).company.parent).toBeNull();
  });

  it('soft-deletes a company with its contacts and restores both; or moves the contacts', async () => {
    const c = await create({ name: 'Gone', mainContact: mainContact() });
    await admin.ok('mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { deletedAt } }', { id: c.id });
    expect(errorCode(await admin.gql(GET, { id: c.id }))).toBe('NOT_FOUND');
    expect(errorCode(await admin.gql('query($id: ID!) { contact(id: $id) { id } }', { id: c.mainContact.id }))).toBe(
      'NOT_FOUND',
    );
    await admin.ok('mutation($id: ID!) { restoreCompany(id: $id) { id } }', { id: c.id });
    expect((await admin.ok(GET, { id: c.id })).company.mainContact.id).toBe(c.mainContact.id);

    const target = await create({ name: 'Target', mainContact: mainContact() });
    const missing = await admin.gql('mutation($id: ID!) { deleteCompany(id: $id, contacts: MOVE) { id } }', {
      id: c.id,
    });
    expect(fieldPaths(missing)).toEqual(['moveToCompanyId']);
    await admin.ok(
      'mutation($id: ID!, $t: ID!) { deleteCompany(id: $id, contacts: MOVE, moveToCompanyId: $t) { id } }',
      {
        id: c.id,
        t: target.id,
      },
    );
    const moved = (await admin.ok(GET, { id: target.id })).company.contacts;
    expect(moved.map((k: { id: string }) => k.id).sort()).toEqual([target.mainContact.id, c.mainContact.id].sort());
  });

  it('records opt-in changes and every change in the audit trail', async () => {
    const c = await create({ name: 'Audited', mainContact: mainContact() });
    const contactId = c.mainContact.id;
    await admin.ok('mutation($id: ID!) { updateContact(id: $id, input: { optIn: true, position: "DG" }) { id } }', {
      id: contactId,
    });
    await admin.ok('mutation($id: ID!) { updateContact(id: $id, input: { optIn: false }) { id } }', { id: contactId });
    const contact = await admin.ok('query($id: ID!) { contact(id: $id) { optIn consentHistory { optIn source } } }', {
      id: contactId,
    });
    expect(contact.contact).toEqual({
      optIn: false,
      consentHistory: [
        { optIn: false, source: 'user' },
        { optIn: true, source: 'user' },
      ],
    });
    await admin.ok('mutation($id: ID!) { updateCompany(id: $id, input: { city: "Nantes" }) { id } }', { id: c.id });
    const trail = await admin.ok(
      'query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) { edges { node { action changes actor { id } } } } }',
      { id: c.id },
    );
    expect(trail.auditTrail.edges[0].node).toEqual({
      action: 'update',
      changes: { city: { from: null, to: 'Nantes' } },
      actor: { id: ws.userId },
    });
    const contactTrail = await admin.ok(
      'query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { totalCount edges { node { changes } } } }',
      { id: contactId },
    );
    expect(contactTrail.auditTrail.totalCount).toBe(3);
    expect(contactTrail.auditTrail.edges[1].node.changes).toEqual({
      optIn: { from: false, to: true },
      position: { from: null, to: 'DG' },
    });
  });

  it("lets a user read a contact's and a company's trail, with the names its changes refer to", async () => {
    const from = await create({ name: 'Société Avant', mainContact: mainContact({ lastName: 'Avant' }) });
    const to = await create({ name: 'Société Après', mainContact: mainContact({ lastName: 'Après' }) });
    const colleague = await addUser(ws.workspaceId, UserRole.USER, 'Camille Commerciale');
    const user = await clientFor(api, colleague);
    const source = options.SOURCE['Recommandation'];
    const TRAIL = `query($type: String!, $id: ID!) {
      auditTrail(entityType: $type, entityId: $id) { edges { node { action changes labels actor { name } } } } }`;
    await user.ok('mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }', {
      id: from.mainContact.id,
      input: { position: 'Directrice', sourceId: source, salespersonId: colleague.userId, companyId: to.id },
    });
    const [update] = (await user.ok(TRAIL, { type: 'Contact', id: from.mainContact.id })).auditTrail.edges;
    expect(update.node).toEqual({
      action: 'update',
      actor: { name: 'Camille Commerciale' },
      changes: {
        position: { from: null, to: 'Directrice' },
        sourceId: { from: null, to: source },
        salespersonId: { from: ws.userId, to: colleague.userId },
        companyId: { from: from.id, to: to.id },
      },
      labels: {
        [source]: 'Recommandation',
        [ws.userId]: 'Test Admin',
        [colleague.userId]: 'Camille Commerciale',
        [from.id]: 'Société Avant',
        [to.id]: 'Société Après',
      },
    });
    // A company's trail: same rule (any user of the workspace), same names.
    await user.ok('mutation($id: ID!, $c: ID!) { setMainContact(companyId: $id, contactId: $c) { id } }', {
      id: to.id,
      c: from.mainContact.id,
    });
    const [main] = (await user.ok(TRAIL, { type: 'Company', id: to.id })).auditTrail.edges;
    expect(main.node.changes.mainContactId).toEqual({ from: to.mainContact.id, to: from.mainContact.id });
    expect(main.node.labels).toEqual({
      [to.mainContact.id]: 'Claire Après',
      [from.mainContact.id]: 'Claire Avant',
    });
  });

  it('refuses settings values of the wrong list, hidden values, and unknown salespeople', async () => {
    const wrongList = await admin.gql(CREATE, {
      input: { name: 'X', companyTypeId: options.LANGUAGE.Anglais, mainContact: mainContact() },
    });
    expect(fieldPaths(wrongList)).toEqual(['input.companyTypeId']);
    const unknownUser = await admin.gql(CREATE, {
      input: { name: 'X', mainContact: mainContact({ salespersonId: '00000000-0000-4000-8000-000000000000' }) },
    });
    expect(fieldPaths(unknownUser)).toEqual(['input.mainContact.salespersonId']);
  });

  it('lets users work on records but keeps each workspace apart', async () => {
    const c = await create({ name: 'Mine', mainContact: mainContact() });
    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    await user.ok('mutation($id: ID!) { updateCompany(id: $id, input: { city: "Brest" }) { id } }', { id: c.id });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(GET, { id: c.id }))).toBe('NOT_FOUND');
    expect(
      errorCode(
        await other.gql('mutation($id: ID!) { updateCompany(id: $id, input: { city: "X" }) { id } }', { id: c.id }),
      ),
    ).toBe('NOT_FOUND');
    expect(errorCode(await other.gql('query($id: ID!) { contact(id: $id) { id } }', { id: c.mainContact.id }))).toBe(
      'NOT_FOUND',
    );
    const foreignParent = await other.gql(CREATE, { input: { name: 'Y', parentId: c.id, mainContact: mainContact() } });
    expect(fieldPaths(foreignParent)).toEqual(['input.parentId']);
  });
  it('gives a company created together with a contact its main address as default billing address', async () => {
    const r = await admin.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { company { billingAddresses { isDefault addressLine1 city } } } }',
      {
        input: {
          firstName: 'Léa',
          lastName: 'Petit',
          newCompany: { name: 'Billed Inline', addressLine1: '3 rue Nationale', city: 'Lille' },
        },
      },
    );
    expect(r.createContact.company.billingAddresses).toEqual([
      { isDefault: true, addressLine1: '3 rue Nationale', city: 'Lille' },
    ]);
  });

  it('gives a company created without a street no billing address, whichever way it is created', async () => {
    const BILLING = 'billingAddresses { isDefault addressLine1 city country }';
    const viaContact = await admin.ok(
      `mutation($input: CreateContactInput!) { createContact(input: $input) { company { ${BILLING} } } }`,
      { input: { firstName: 'Léo', lastName: 'Blanc', newCompany: { name: 'Sans Adresse Inline' } } },
    );
    expect(viaContact.createContact.company.billingAddresses).toEqual([]);
    const viaClient = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id ${BILLING} } }`,
      {
        input: {
          name: 'Sans Adresse Client',
          city: 'Lyon',
          mainContact: { firstName: 'Ana', lastName: 'Vide', email: 'ana@vide.example', phoneDirect: '0478000000' },
        },
      },
    );
    expect(viaClient.createCompany.billingAddresses).toEqual([]);
    // A billing address given at creation needs its street too.
    const refused = await admin.gql(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Facturation Vide',
        useAsBillingAddress: false,
        billingAddress: { city: 'Lyon' },
        mainContact: { firstName: 'Ana', lastName: 'Vide', email: 'ana2@vide.example', phoneDirect: '0478000001' },
      },
    });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(refused.errors)).toContain('"input","billingAddress","addressLine1"');
    // The first address added then becomes the default.
    const added = await admin.ok(
      `mutation($c: ID!, $i: AddressInput!) { addBillingAddress(companyId: $c, input: $i) { isDefault addressLine1 } }`,
      { c: viaClient.createCompany.id, i: { addressLine1: '8 quai Saint-Antoine', city: 'Lyon' } },
    );
    expect(added.addBillingAddress).toEqual({ isDefault: true, addressLine1: '8 quai Saint-Antoine' });
  });

  it('makes the main address the default billing address once a street is added to it, audited, only when none exists', async () => {
    const BILLING = 'billingAddresses { isDefault addressLine1 addressLine2 postalCode city country }';
    const UPDATE = `mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { ${BILLING} } }`;
    const create = async (name: string, email: string) =>
      (
        await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id ${BILLING} } }`, {
          input: {
            name,
            postalCode: '69002',
            city: 'Lyon',
            mainContact: { firstName: 'Rue', lastName: 'Tardive', email, phoneDirect: '0478000010' },
          },
        })
      ).createCompany;
    const c = await create('Rue Plus Tard', 'rue@tard.example');
    expect(c.billingAddresses).toEqual([]);
    // Another change without a street still gives none.
    expect(
      (await admin.ok(UPDATE, { id: c.id, input: { city: 'Villeurbanne' } })).updateCompany.billingAddresses,
    ).toEqual([]);
    const withStreet = await admin.ok(UPDATE, { id: c.id, input: { addressLine1: '8 quai Saint-Antoine' } });
    expect(withStreet.updateCompany.billingAddresses).toEqual([
      {
        isDefault: true,
        addressLine1: '8 quai Saint-Antoine',
        addressLine2: null,
        postalCode: '69002',
        city: 'Villeurbanne',
        country: 'France',
      },
    ]);
    const trail = await admin.ok(
      'query($id: ID!) { auditTrail(entityType: "Company", entityId: $id) { edges { node { action changes } } } }',
      { id: c.id },
    );
    expect(trail.auditTrail.edges[0].node.action).toBe('billingAddress.add');
    expect(JSON.stringify(trail.auditTrail.edges[0].node.changes)).toContain('8 quai Saint-Antoine');
    // Later changes of the main address leave the billing address alone.
    const moved = await admin.ok(UPDATE, { id: c.id, input: { addressLine1: '1 place Bellecour' } });
    expect(moved.updateCompany.billingAddresses).toMatchObject([{ addressLine1: '8 quai Saint-Antoine' }]);

    // A company that got a billing address of its own keeps only it.
    const d = await create('Rue Plus Tard Bis', 'rue2@tard.example');
    await admin.ok(`mutation($c: ID!, $i: AddressInput!) { addBillingAddress(companyId: $c, input: $i) { id } }`, {
      c: d.id,
      i: { addressLine1: '3 rue de la Facture', city: 'Lyon' },
    });
    const kept = await admin.ok(UPDATE, { id: d.id, input: { addressLine1: '5 rue du Siège' } });
    expect(kept.updateCompany.billingAddresses).toMatchObject([
      { isDefault: true, addressLine1: '3 rue de la Facture' },
    ]);
  });

  it('refuses a billing address without street (only "France" would be saved), on add and on update', async () => {
    const { id } = (
      await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
        input: {
          name: 'Adresse Obligatoire',
          addressLine1: '1 rue de la Paix',
          mainContact: { firstName: 'Bo', lastName: 'Rue', email: 'bo@rue.example', phoneDirect: '0142000000' },
        },
      })
    ).createCompany;
    const ADD = `mutation($c: ID!, $i: AddressInput!) { addBillingAddress(companyId: $c, input: $i) { id } }`;
    for (const i of [{}, { addressLine1: '   ', city: 'Paris', country: 'France' }]) {
      const r = await admin.gql(ADD, { c: id, i });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(r.errors)).toContain('"input","addressLine1"');
    }
    const [address] = (await admin.ok(`query($id: ID!) { company(id: $id) { billingAddresses { id } } }`, { id }))
      .company.billingAddresses;
    const cleared = await admin.gql(
      `mutation($id: ID!, $i: AddressInput!) { updateBillingAddress(id: $id, input: $i) { id } }`,
      { id: address.id, i: { addressLine1: '' } },
    );
    expect(errorCode(cleared)).toBe('BAD_USER_INPUT');
    // Other fields alone can still be changed.
    await admin.ok(`mutation($id: ID!, $i: AddressInput!) { updateBillingAddress(id: $id, input: $i) { id } }`, {
      id: address.id,
      i: { city: 'Paris' },
    });
  });

  describe('a save from a stale page (expectedUpdatedAt)', () => {
    const UPDATE_COMPANY = `mutation($id: ID!, $input: CompanyFieldsInput!, $at: DateTime) {
      updateCompany(id: $id, input: $input, expectedUpdatedAt: $at) { id city updatedAt customFields } }`;
    const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!, $at: DateTime) {
      updateContact(id: $id, input: $input, expectedUpdatedAt: $at) { id position updatedAt customFields } }`;
    const COMPANY = 'query($id: ID!) { company(id: $id) { city updatedAt customFields languages { label } } }';
    const CONTACT = 'query($id: ID!) { contact(id: $id) { position updatedAt customFields } }';

    it('refuses a company saved from a stale tab (CONFLICT naming who, nothing written); without the argument the save goes through', async () => {
      const c = await create({
        name: 'Onglets Lille',
        city: 'Lille',
        mainContact: mainContact({ email: 'o@lille.fr' }),
      });
      const loaded = (await admin.ok(COMPANY, { id: c.id })).company;
      const other = await addUser(ws.workspaceId, UserRole.USER, 'Alice Onglet');
      const tabA = await clientFor(api, other);
      const a = (await tabA.ok(UPDATE_COMPANY, { id: c.id, input: { city: 'Lille Centre' }, at: loaded.updatedAt }))
        .updateCompany;
      expect(a.updatedAt).not.toBe(loaded.updatedAt);

      const r = await admin.gql(UPDATE_COMPANY, { id: c.id, input: { city: 'Roubaix' }, at: loaded.updatedAt });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0]?.message).toMatch(/^Cette fiche a été modifiée par Alice Onglet à \d\d:\d\d depuis/);
      expect(r.errors?.[0]?.extensions?.currentUpdatedAt).toBe(a.updatedAt);
      expect((await admin.ok(COMPANY, { id: c.id })).company).toMatchObject({
        city: 'Lille Centre',
        updatedAt: a.updatedAt,
      });

      // API integrators and imports send no version: unchanged behaviour, the last save wins.
      const blind = (await admin.ok(UPDATE_COMPANY, { id: c.id, input: { city: 'Roubaix' } })).updateCompany;
      expect(blind.city).toBe('Roubaix');
    });

    it("moves a company's version on a change of its custom fields or its languages alone", async () => {
      await admin.ok('mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }', {
        input: { recordKind: 'COMPANY', key: 'budget_onglet', labelFr: 'Budget', type: 'TEXT' },
      });
      const c = await create({ name: 'Champs Onglets', mainContact: mainContact({ email: 'c@onglets.fr' }) });
      const v0 = (await admin.ok(COMPANY, { id: c.id })).company.updatedAt;
      const v1 = (
        await admin.ok(UPDATE_COMPANY, { id: c.id, input: { customFields: { budget_onglet: '10 k€' } }, at: v0 })
      ).updateCompany.updatedAt;
      expect(v1).not.toBe(v0);
      expect(errorCode(await admin.gql(UPDATE_COMPANY, { id: c.id, input: { city: 'Metz' }, at: v0 }))).toBe(
        'CONFLICT',
      );
      const langs = (
        await admin.ok(UPDATE_COMPANY, {
          id: c.id,
          input: { languageIds: [options.LANGUAGE.Anglais] },
          at: v1,
        })
      ).updateCompany.updatedAt;
      expect(langs).not.toBe(v1);
      expect((await admin.ok(COMPANY, { id: c.id })).company.updatedAt).toBe(langs);
      expect(errorCode(await admin.gql(UPDATE_COMPANY, { id: c.id, input: { city: 'Metz' }, at: v1 }))).toBe(
        'CONFLICT',
      );
    });

    it('refuses a contact saved from a stale tab, and moves its version on a custom-field-only change', async () => {
      await admin.ok('mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }', {
        input: { recordKind: 'CONTACT', key: 'allergie_onglet', labelFr: 'Allergie', type: 'TEXT' },
      });
      const c = await create({ name: 'Contacts Onglets', mainContact: mainContact({ email: 'k@onglets.fr' }) });
      const id = c.mainContact.id;
      const v0 = (await admin.ok(CONTACT, { id })).contact.updatedAt;
      const v1 = (
        await admin.ok(UPDATE_CONTACT, { id, input: { customFields: { allergie_onglet: 'gluten' } }, at: v0 })
      ).updateContact.updatedAt;
      expect(v1).not.toBe(v0);
      const r = await admin.gql(UPDATE_CONTACT, { id, input: { position: 'Directrice' }, at: v0 });
      expect(errorCode(r)).toBe('CONFLICT');
      expect(r.errors?.[0]?.extensions?.currentUpdatedAt).toBe(v1);
      expect((await admin.ok(CONTACT, { id })).contact).toMatchObject({
        position: null,
        customFields: { allergie_onglet: 'gluten' },
      });
      const ok = (await admin.ok(UPDATE_CONTACT, { id, input: { position: 'Directrice' }, at: v1 })).updateContact;
      expect(ok.position).toBe('Directrice');
      expect((await admin.ok(UPDATE_CONTACT, { id, input: { position: 'DG' } })).updateContact.position).toBe('DG');
    });
  });
});
