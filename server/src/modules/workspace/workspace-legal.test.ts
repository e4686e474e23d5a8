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

const IDENTITY = `legalName addressLine1 addressLine2 postalCode city country siret siren vatNumber legalForm
  shareCapital rcsCity`;
const UPDATE = `mutation($input: WorkspaceLegalIdentityInput!) {
  updateWorkspaceLegalIdentity(input: $input) { ${IDENTITY} } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id printUrl } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id printUrl } }`;
const mainContact = { firstName: 'Anne', lastName: 'Client', email: 'anne@client.fr', phoneDirect: '01 42 68 53 00' };
const line = { description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' };

type Fields = { path: (string | number)[] }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

describe('workspace legal identity (the seller on printed documents)', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin({ name: 'Agence Lumière' });
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  const printed = async (printUrl: string) =>
    (await fetch(`${api.url}${printUrl}`, { headers: { cookie: admin.cookie ?? '' } })).text();

  it('is edited by admins, checked like a company (SIRET checksum, VAT against the SIREN), and read by all', async () => {
    const bad = await admin.gql(UPDATE, {
      input: { siret: '73282932000075', vatNumber: 'FR00', shareCapital: 'dix mille' },
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(bad).sort()).toEqual(['input.shareCapital', 'input.siret', 'input.vatNumber']);
    const mismatch = await admin.gql(UPDATE, { input: { siret: '732 829 320 00074', vatNumber: 'FR40303265045' } });
    expect(fieldPaths(mismatch)).toEqual(['input.vatNumber']);

    const saved = (
      await admin.ok(UPDATE, {
        input: {
          legalName: ' Lumière Événements ',
          addressLine1: '8 rue Oberkampf',
          postalCode: '75011',
          city: 'Paris',
          country: 'France',
          siret: '732 829 320 00074',
          vatNumber: 'fr 44 732829320',
          legalForm: 'SAS',
          shareCapital: '10 000,5',
          rcsCity: 'Paris',
        },
      })
    ).updateWorkspaceLegalIdentity;
    expect(saved).toMatchObject({
      legalName: 'Lumière Événements',
      siret: '73282932000074',
      siren: '732829320',
      vatNumber: 'FR44732829320',
      shareCapital: '10000.50',
      addressLine2: null,
    });
    // Absent keys stay, null clears.
    const cleared = (await admin.ok(UPDATE, { input: { rcsCity: null } })).updateWorkspaceLegalIdentity;
    expect(cleared).toMatchObject({ rcsCity: null, legalName: 'Lumière Événements', shareCapital: '10000.50' });
    await admin.ok(UPDATE, { input: { rcsCity: 'Paris' } });

    const user = await clientFor(api, await addUser(ws.workspaceId));
    expect(errorCode(await user.gql(UPDATE, { input: { legalName: 'Pirate' } }))).toBe('FORBIDDEN');
    expect((await user.ok(`{ workspaceLegalIdentity { legalName } }`)).workspaceLegalIdentity.legalName).toBe(
      'Lumière Événements',
    );
  });

  it('prints the seller address and legal mentions on quotes, invoices and credit notes', async () => {
    const { createCompany } = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      { input: { name: 'Client Imprimé', mainContact } },
    );
    const quote = (await admin.ok(CREATE_QUOTE, { input: { companyId: createCompany.id, lines: [line] } })).createQuote;
    const invoice = (await admin.ok(CREATE_INVOICE, { input: { companyId: createCompany.id, lines: [line] } }))
      .createInvoice;
    await admin.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id: invoice.id });
    const { cancelInvoice } = await admin.ok(
      `mutation($id: ID!) { cancelInvoice(id: $id) { creditNote { id printUrl } } }`,
      { id: invoice.id },
    );
    for (const url of [quote.printUrl, invoice.printUrl, cancelInvoice.creditNote.printUrl]) {
      const html = await printed(url);
      const seller = /data-test="print-seller">(.*?)<\/div>/s.exec(html)?.[1] ?? '';
      expect(seller.split('<br>')).toEqual([
        'Lumière Événements',
        '8 rue Oberkampf',
        '75011 Paris',
        'France',
        'SAS au capital de 10\u202f000,50 €',
        'SIRET : 73282932000074',
        'RCS Paris 732829320',
        'N° TVA intracommunautaire : FR44732829320',
      ]);
    }
  });

  it('prints the workspace name alone while nothing is filled in', async () => {
    const other = await createWorkspaceWithAdmin({ name: 'Agence Vide' });
    const client = await clientFor(api, other);
    const { createCompany } = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      { input: { name: 'Client', mainContact } },
    );
    const quote = (await client.ok(CREATE_QUOTE, { input: { companyId: createCompany.id, lines: [line] } }))
      .createQuote;
    const html = await (
      await fetch(`${api.url}${quote.printUrl}`, { headers: { cookie: client.cookie ?? '' } })
    ).text();
    expect(html).toContain('data-test="print-seller">Agence Vide</div>');
  });
});
