import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { createAppDataSource } from '../../db/data-sources';
import { withTenant } from '../../db/tenant-scope';

const DOC = `id issueDate clientName clientSiret clientVatNumber totalExclTax totalTax totalInclTax printUrl
  vat { rate base tax } billingAddress { label addressLine1 city }
  lines { description quantity unitPrice vatRate discountPercent totalExclTax }
  company { id } contact { id } event { id }`;
const QUOTE = `${DOC} number status validUntil`;
const INVOICE = `${DOC} number status kind dueDate issuedAt quote { id } creditNote { id number kind status totalInclTax creditedInvoice { id } }`;

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } billingAddresses { id } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${QUOTE} } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${INVOICE} } }`;
const FROM_QUOTE = `mutation($id: ID!) { createInvoiceFromQuote(quoteId: $id) { ${INVOICE} } }`;
const UPDATE_INVOICE = `mutation($id: ID!, $input: InvoiceFieldsInput!) { updateInvoice(id: $id, input: $input) { ${INVOICE} } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { id number status issueDate dueDate } }`;
const PAY = `mutation($id: ID!) { markInvoicePaid(id: $id) { id status } }`;
const CANCEL = `mutation($id: ID!) { cancelInvoice(id: $id) { ${INVOICE} } }`;
const QUOTES = `query($filter: QuoteFilter, $first: Int, $after: String) { quotes(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id number contact { id } } } } }`;
const INVOICES = `query($filter: InvoiceFilter) { invoices(filter: $filter) { totalCount edges { node { id number kind status contact { id } } } } }`;
const SUMMARY = `query($companyId: ID, $contactId: ID) { financeSummary(companyId: $companyId, contactId: $contactId) {
  quoted invoiced paid outstanding } }`;

type Fields = { path: (string | number)[] }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));

const newClient = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  siret: '73282932000074',
  vatNumber: 'FR44732829320',
  addressLine1: '29 boulevard Haussmann',
  postalCode: '75009',
  city: 'Paris',
  mainContact: {
    firstName: 'Claire',
    lastName: name,
    email: `${name.toLowerCase().replace(/\W/g, '')}@client.fr`,
    phoneDirect: '01 42 68 53 00',
  },
  ...extra,
});

const line = (description: string, quantity: string, unitPrice: string, vatRate: string, discountPercent?: string) => ({
  description,
  quantity,
  unitPrice,
  vatRate,
  ...(discountPercent ? { discountPercent } : {}),
});

describe('quotes and invoices', () => {
  let api: TestApi;
  let admin: TestClient;
  let ws: Awaited<ReturnType<typeof createWorkspaceWithAdmin>>;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  const company = async (name: string, extra: Record<string, unknown> = {}, client = admin) =>
    (await client.ok(CREATE_COMPANY, { input: newClient(name, extra) })).createCompany;

  it('quotes a company without billing address: its main address once it has a street, else none (no empty "France")', async () => {
    const c = await company('Sans Facturation', { addressLine1: null, postalCode: null, city: null });
    expect(c.billingAddresses).toEqual([]);
    const input = { companyId: c.id, issueDate: '2026-05-04', lines: [line('Salle', '1', '100', '20')] };
    const bare = (await admin.ok(CREATE_QUOTE, { input })).createQuote;
    expect(bare.billingAddress).toEqual({ label: null, addressLine1: null, city: null });
    await admin.ok(`mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { id } }`, {
      id: c.id,
      input: { addressLine1: '4 rue du Port', city: 'Nantes' },
    });
    const later = (await admin.ok(CREATE_QUOTE, { input })).createQuote;
    expect(later.billingAddress).toEqual({ label: null, addressLine1: '4 rue du Port', city: 'Nantes' });
  });

  it('computes totals exactly: several VAT rates, discounts, rounding per rate', async () => {
    const c = await company('Totaux SA');
    const q = (
      await admin.ok(CREATE_QUOTE, {
        input: {
          companyId: c.id,
          issueDate: '2026-05-04',
          lines: [
            line('Location salle', '2', '1 250,00', '20', '10'),
            line('Traiteur', '1.5', '33.33', '5.5'),
            line('Badges', '3', '0.33', '20'),
            line('Transport', '1', '99.99', '10'),
          ],
        },
      })
    ).createQuote;
    expect(q.number).toMatch(/^D-\d{6}$/);
    expect(q.status).toBe('DRAFT');
    expect(q.validUntil).toBe('2026-06-03');
    expect(q.lines.map((l: { totalExclTax: string }) => l.totalExclTax)).toEqual(['2250.00', '50.00', '0.99', '99.99']);
    expect(q.lines[0]).toMatchObject({
      quantity: '2.000',
      unitPrice: '1250.00',
      vatRate: '20.00',
      discountPercent: '10.00',
    });
    // 5.5 % of 50.00 = 2.75; 10 % of 99.99 = 9.999 → 10.00; 20 % of 2250.99 = 450.198 → 450.20
    expect(q.vat).toEqual([
      { rate: '5.50', base: '50.00', tax: '2.75' },
      { rate: '10.00', base: '99.99', tax: '10.00' },
      { rate: '20.00', base: '2250.99', tax: '450.20' },
    ]);
    expect([q.totalExclTax, q.totalTax, q.totalInclTax]).toEqual(['2400.98', '462.95', '2863.93']);
  });

  it('reports every bad line cell with its path and creates nothing', async () => {
    const c = await company('Erreurs SARL');
    const r = await admin.gql(CREATE_QUOTE, {
      input: {
        companyId: c.id,
        issueDate: '2026-13-01',
        lines: [line('', '1', '10', '20'), line('OK', 'deux', '10.001', '120', '-5')],
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(r).sort()).toEqual(
      [
        'input.issueDate',
        'input.lines.0.description',
        'input.lines.1.quantity',
        'input.lines.1.unitPrice',
        'input.lines.1.vatRate',
        'input.lines.1.discountPercent',
      ].sort(),
    );
    expect((await admin.ok(QUOTES, { filter: { companyId: c.id } })).quotes.totalCount).toBe(0);
    const neither = await admin.gql(CREATE_INVOICE, { input: { lines: [] } });
    expect(fieldPaths(neither)).toEqual(['input.companyId']);
    // No client at all is a missing client, not a choice between two ("pas les deux").
    const fields = neither.errors?.[0]?.extensions?.fields as { message: string }[];
    expect(fields[0].message).toBe('Choisissez un client ou créez-en un.');
  });

  it('edits quotes and invoices alike: lines and totals replaced, second date checked against the date', async () => {
    const c = await company('Edition SA');
    const q = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, issueDate: '2026-05-04', lines: [] } }))
      .createQuote;
    const i = (await admin.ok(CREATE_INVOICE, { input: { companyId: c.id, issueDate: '2026-05-04', lines: [] } }))
      .createInvoice;
    const edits = [
      { mutation: 'updateQuote', input: 'QuoteFieldsInput', id: q.id, second: 'validUntil', fields: QUOTE },
      { mutation: 'updateInvoice', input: 'InvoiceFieldsInput', id: i.id, second: 'dueDate', fields: INVOICE },
    ];
    for (const e of edits) {
      const update = `mutation($id: ID!, $input: ${e.input}!) { ${e.mutation}(id: $id, input: $input) { ${e.fields} } }`;
      const early = await admin.gql(update, { id: e.id, input: { [e.second]: '2026-05-01' } });
      expect(errorCode(early)).toBe('BAD_USER_INPUT');
      expect(fieldPaths(early)).toEqual([`input.${e.second}`]);
      const edited = (
        await admin.ok(update, {
          id: e.id,
          input: { [e.second]: '2026-06-01', notes: 'Acompte 30 %', lines: [line('Salle', '2', '100', '20')] },
        })
      )[e.mutation];
      expect(edited).toMatchObject({ [e.second]: '2026-06-01', issueDate: '2026-05-04' });
      expect([edited.totalExclTax, edited.totalTax, edited.totalInclTax]).toEqual(['200.00', '40.00', '240.00']);
      expect(edited.lines).toHaveLength(1);
      // Absent keys leave the rest as it was.
      const notesOnly = (await admin.ok(update, { id: e.id, input: { notes: 'Solde' } }))[e.mutation];
      expect(notesOnly).toMatchObject({ [e.second]: '2026-06-01', totalInclTax: '240.00' });
      expect(notesOnly.lines).toHaveLength(1);
      // null clears the second date (what the form sends for an emptied field).
      const cleared = (await admin.ok(update, { id: e.id, input: { [e.second]: null } }))[e.mutation];
      expect(cleared[e.second]).toBeNull();
    }
  });

  it("copies the default billing address, or another of the company's, and later company edits do not change it", async () => {
    const c = await company('Adresses SA');
    const other = (
      await admin.ok(
        `mutation($c: ID!) { addBillingAddress(companyId: $c, input: { label: "Siège", addressLine1: "5 rue Neuve", city: "Lyon" }) { id } }`,
        { c: c.id },
      )
    ).addBillingAddress;
    const q = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [line('A', '1', '10', '20')] } }))
      .createQuote;
    expect(q.billingAddress).toEqual({ label: null, addressLine1: '29 boulevard Haussmann', city: 'Paris' });
    expect(q.contact).toBeNull();
    const inv = (
      await admin.ok(CREATE_INVOICE, {
        input: { companyId: c.id, billingAddressId: other.id, lines: [line('A', '1', '10', '20')] },
      })
    ).createInvoice;
    expect(inv.billingAddress).toEqual({ label: 'Siège', addressLine1: '5 rue Neuve', city: 'Lyon' });
    expect(inv).toMatchObject({
      clientName: 'Adresses SA',
      clientSiret: '73282932000074',
      clientVatNumber: 'FR44732829320',
    });

    const stranger = await company('Autre SA');
    const r = await admin.gql(CREATE_INVOICE, {
      input: { companyId: c.id, billingAddressId: stranger.billingAddresses[0].id, lines: [] },
    });
    expect(fieldPaths(r)).toEqual(['input.billingAddressId']);

    await admin.ok(
      `mutation($id: ID!) { updateBillingAddress(id: $id, input: { addressLine1: "1 avenue Changée", city: "Nantes" }) { id } }`,
      { id: other.id },
    );
    await admin.ok(
      `mutation($id: ID!) { updateBillingAddress(id: $id, input: { addressLine1: "2 place Modifiée" }) { id } }`,
      { id: c.billingAddresses[0].id },
    );
    await admin.ok(
      `mutation($id: ID!) { updateCompany(id: $id, input: { name: "Adresses Renommée", siret: null, vatNumber: null }) { id } }`,
      {
        id: c.id,
      },
    );
    const q2 = (await admin.ok(`query($id: ID!) { quote(id: $id) { ${QUOTE} } }`, { id: q.id })).quote;
    expect(q2.billingAddress).toEqual({ label: null, addressLine1: '29 boulevard Haussmann', city: 'Paris' });
    expect(q2.clientName).toBe('Adresses SA');
    const inv2 = (await admin.ok(`query($id: ID!) { invoice(id: $id) { ${INVOICE} } }`, { id: inv.id })).invoice;
    expect(inv2.billingAddress).toEqual({ label: 'Siège', addressLine1: '5 rue Neuve', city: 'Lyon' });
    expect(inv2.clientSiret).toBe('73282932000074');
  });

  it('shows a company all its documents and a contact only its own, with the finance totals', async () => {
    const c = await company('Visibilité SA');
    const main = c.mainContact.id;
    const second = (
      await admin.ok(CREATE_CONTACT, { input: { companyId: c.id, firstName: 'Paul', lastName: 'Second' } })
    ).createContact.id;
    const qMain = (
      await admin.ok(CREATE_QUOTE, {
        input: { companyId: c.id, contactId: main, lines: [line('A', '1', '100', '20')] },
      })
    ).createQuote;
    await admin.ok(CREATE_QUOTE, {
      input: { companyId: c.id, contactId: second, lines: [line('B', '1', '50', '20')] },
    });
    const refused = (
      await admin.ok(CREATE_QUOTE, {
        input: { companyId: c.id, contactId: second, lines: [line('C', '1', '1000', '20')] },
      })
    ).createQuote;
    await admin.ok('mutation($id: ID!) { setQuoteStatus(id: $id, status: REFUSED) { id } }', { id: refused.id });

    const invMain = (await admin.ok(FROM_QUOTE, { id: qMain.id })).createInvoiceFromQuote;
    expect(invMain).toMatchObject({
      status: 'DRAFT',
      number: null,
      quote: { id: qMain.id },
      contact: { id: main },
      totalInclTax: '120.00',
    });
    await admin.ok(ISSUE, { id: invMain.id });
    const invSecond = (
      await admin.ok(CREATE_INVOICE, {
        input: { companyId: c.id, contactId: second, lines: [line('D', '2', '25', '20')] },
      })
    ).createInvoice;
    await admin.ok(ISSUE, { id: invSecond.id });
    await admin.ok(PAY, { id: invSecond.id });
    // A draft counts for nothing yet.
    await admin.ok(CREATE_INVOICE, {
      input: { companyId: c.id, contactId: second, lines: [line('E', '1', '999', '20')] },
    });

    const companyQuotes = (await admin.ok(QUOTES, { filter: { companyId: c.id } })).quotes;
    expect(companyQuotes.totalCount).toBe(3);
    const mainQuotes = (await admin.ok(QUOTES, { filter: { contactId: main } })).quotes;
    expect(mainQuotes.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([qMain.id]);
    const companyInvoices = (await admin.ok(INVOICES, { filter: { companyId: c.id } })).invoices;
    expect(companyInvoices.totalCount).toBe(3);
    const secondInvoices = (await admin.ok(INVOICES, { filter: { contactId: second } })).invoices;
    expect(secondInvoices.edges.every((e: { node: { contact: { id: string } } }) => e.node.contact.id === second)).toBe(
      true,
    );
    expect(secondInvoices.totalCount).toBe(2);

    expect((await admin.ok(SUMMARY, { companyId: c.id })).financeSummary).toEqual({
      quoted: '180.00',
      invoiced: '180.00',
      paid: '60.00',
      outstanding: '120.00',
    });
    expect((await admin.ok(SUMMARY, { contactId: main })).financeSummary).toEqual({
      quoted: '120.00',
      invoiced: '120.00',
      paid: '0.00',
      outstanding: '120.00',
    });
    expect((await admin.ok(SUMMARY, { contactId: second })).financeSummary).toEqual({
      quoted: '60.00',
      invoiced: '60.00',
      paid: '60.00',
      outstanding: '0.00',
    });
    // The quote that was invoiced is accepted, and closed to edits.
    const accepted = await admin.gql('mutation($id: ID!) { updateQuote(id: $id, input: { notes: "x" }) { id } }', {
      id: qMain.id,
    });
    expect(errorCode(accepted)).toBe('CONFLICT');
  });

  it('reopens a refused quote to the status it had before: a never-sent draft stays a draft', async () => {
    const c = await company('Rouvert SA');
    const newQuote = async () =>
      (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [line('Salle', '1', '100', '20')] } }))
        .createQuote.id as string;
    const SET = 'mutation($id: ID!, $s: QuoteStatus!) { setQuoteStatus(id: $id, status: $s) { status } }';
    const REOPEN = 'mutation($id: ID!) { reopenQuote(id: $id) { status } }';

    const draft = await newQuote();
    await admin.ok(SET, { id: draft, s: 'REFUSED' });
    expect((await admin.ok(REOPEN, { id: draft })).reopenQuote.status).toBe('DRAFT');

    const sent = await newQuote();
    await admin.ok(SET, { id: sent, s: 'SENT' });
    await admin.ok(SET, { id: sent, s: 'REFUSED' });
    expect((await admin.ok(REOPEN, { id: sent })).reopenQuote.status).toBe('SENT');
    // The latest refusal counts: sent, refused, reopened, back to draft, refused again → draft.
    await admin.ok(SET, { id: sent, s: 'DRAFT' });
    await admin.ok(SET, { id: sent, s: 'REFUSED' });
    expect((await admin.ok(REOPEN, { id: sent })).reopenQuote.status).toBe('DRAFT');
    // A quote that is not refused is left as it is.
    expect((await admin.ok(REOPEN, { id: sent })).reopenQuote.status).toBe('DRAFT');
  });

  it('invoices a quote once: a second invoice is refused until the first is cancelled, and the quote lists its invoices', async () => {
    const c = await company('Une Facture SA');
    const q = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [line('Salle', '1', '100', '20')] } }))
      .createQuote;
    const QUOTE_INVOICES = `query($id: ID!) { quote(id: $id) { invoices { id number status } } }`;
    expect((await admin.ok(QUOTE_INVOICES, { id: q.id })).quote.invoices).toEqual([]);

    // Two requests at once (a double click from two tabs): one invoice, the other refused.
    const both = await Promise.all([admin.gql(FROM_QUOTE, { id: q.id }), admin.gql(FROM_QUOTE, { id: q.id })]);
    const made = both.filter((r) => !r.errors);
    const refused = both.filter((r) => r.errors);
    expect(made).toHaveLength(1);
    expect(refused.map(errorCode)).toEqual(['CONFLICT']);
    expect(refused[0].errors?.[0]?.message).toMatch(/déjà une facture en brouillon/);
    const first = (made[0].data as { createInvoiceFromQuote: { id: string } }).createInvoiceFromQuote;

    const issued = (await admin.ok(ISSUE, { id: first.id })).issueInvoice;
    const again = await admin.gql(FROM_QUOTE, { id: q.id });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain(issued.number);
    expect((await admin.ok(QUOTE_INVOICES, { id: q.id })).quote.invoices).toEqual([
      { id: first.id, number: issued.number, status: 'ISSUED' },
    ]);

    // Once cancelled (by its credit note), the quote can be invoiced anew; the list keeps both.
    await admin.ok(CANCEL, { id: first.id });
    const second = (await admin.ok(FROM_QUOTE, { id: q.id })).createInvoiceFromQuote;
    expect((await admin.ok(QUOTE_INVOICES, { id: q.id })).quote.invoices).toEqual([
      { id: first.id, number: issued.number, status: 'CANCELLED' },
      { id: second.id, number: null, status: 'DRAFT' },
    ]);
    // In a list, the invoices of every quote come in one statement (DataLoader), per quote.
    const rows = (
      await admin.ok(
        `query($filter: QuoteFilter) { quotes(filter: $filter) { edges { node { id invoices { id } } } } }`,
        { filter: { companyId: c.id } },
      )
    ).quotes.edges;
    expect(rows).toEqual([{ node: { id: q.id, invoices: [{ id: first.id }, { id: second.id }] } }]);
  });

  it('freezes an issued invoice and cancels it with a credit note', async () => {
    const c = await company('Avoir SA');
    const inv = (
      await admin.ok(CREATE_INVOICE, {
        input: { companyId: c.id, lines: [line('Salle', '1', '1000', '20'), line('Repas', '10', '45.50', '10', '5')] },
      })
    ).createInvoice;
    const edited = (
      await admin.ok(UPDATE_INVOICE, {
        id: inv.id,
        input: { lines: [line('Salle', '1', '1200', '20')], notes: 'Acompte' },
      })
    ).updateInvoice;
    expect(edited.totalInclTax).toBe('1440.00');
    const issued = (await admin.ok(ISSUE, { id: inv.id })).issueInvoice;
    expect(issued).toMatchObject({ status: 'ISSUED', number: expect.stringMatching(/^F-\d{6}$/) });
    expect(issued.dueDate > issued.issueDate).toBe(true);

    const edit = await admin.gql(UPDATE_INVOICE, { id: inv.id, input: { lines: [line('Salle', '1', '1', '20')] } });
    expect(errorCode(edit)).toBe('CONFLICT');
    expect(errorCode(await admin.gql(ISSUE, { id: inv.id }))).toBe('CONFLICT');
    const still = (await admin.ok(`query($id: ID!) { invoice(id: $id) { ${INVOICE} } }`, { id: inv.id })).invoice;
    expect(still.lines).toHaveLength(1);
    expect(still.totalInclTax).toBe('1440.00');

    const cancelled = (await admin.ok(CANCEL, { id: inv.id })).cancelInvoice;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.number).toBe(issued.number);
    expect(cancelled.creditNote).toMatchObject({
      kind: 'CREDIT_NOTE',
      status: 'ISSUED',
      totalInclTax: '-1440.00',
      creditedInvoice: { id: inv.id },
      number: expect.stringMatching(/^AV-\d{6}$/),
    });
    expect(Number(cancelled.creditNote.number.slice(3))).toBe(Number(issued.number.slice(2)) + 1);
    // The invoice's commercial notes (« Acompte ») are not carried over, nor printed on the credit note.
    const credit = (
      await admin.ok(`query($id: ID!) { invoice(id: $id) { notes clientName dueDate printUrl } }`, {
        id: cancelled.creditNote.id,
      })
    ).invoice;
    expect(credit).toMatchObject({ notes: null, clientName: 'Avoir SA', dueDate: null });
    const printed = await (
      await fetch(`${api.url}${credit.printUrl}`, { headers: { cookie: admin.cookie ?? '' } })
    ).text();
    expect(printed).toContain(cancelled.creditNote.number);
    expect(printed).not.toContain('Acompte');
    expect(errorCode(await admin.gql(CANCEL, { id: inv.id }))).toBe('CONFLICT');
    expect(errorCode(await admin.gql(CANCEL, { id: cancelled.creditNote.id }))).toBe('CONFLICT');
    expect(errorCode(await admin.gql(PAY, { id: inv.id }))).toBe('CONFLICT');
    expect((await admin.ok(SUMMARY, { companyId: c.id })).financeSummary).toMatchObject({
      invoiced: '0.00',
      outstanding: '0.00',
    });

    // The database itself refuses to touch the lines of an issued invoice, whatever the code path.
    const ds = createAppDataSource(testConfig());
    await ds.initialize();
    try {
      await expect(
        withTenant(ds, ws.workspaceId, null, (m) =>
          m.query('DELETE FROM finance_line WHERE invoice_id = $1', [inv.id]),
        ),
      ).rejects.toThrow(/issued/);
    } finally {
      await ds.destroy();
    }

    const empty = (await admin.ok(CREATE_INVOICE, { input: { companyId: c.id } })).createInvoice;
    expect(errorCode(await admin.gql(ISSUE, { id: empty.id }))).toBe('CONFLICT');
    // A draft is cancelled without a number nor a credit note.
    const draftCancelled = (await admin.ok(CANCEL, { id: empty.id })).cancelInvoice;
    expect(draftCancelled).toMatchObject({ status: 'CANCELLED', number: null, creditNote: null });
  });

  it('keeps the money received of a paid invoice cancelled afterwards, and shows it as owed back', async () => {
    const c = await company('Remboursement SA');
    const inv = (
      await admin.ok(CREATE_INVOICE, { input: { companyId: c.id, lines: [line('Salle', '1', '1000', '20')] } })
    ).createInvoice;
    await admin.ok(ISSUE, { id: inv.id });
    await admin.ok(PAY, { id: inv.id });
    const other = (
      await admin.ok(CREATE_INVOICE, { input: { companyId: c.id, lines: [line('Repas', '1', '50', '20')] } })
    ).createInvoice;
    await admin.ok(ISSUE, { id: other.id });
    const FULL = `query($companyId: ID) { financeSummary(companyId: $companyId) { invoiced paid outstanding refundDue } }`;
    expect((await admin.ok(FULL, { companyId: c.id })).financeSummary).toEqual({
      invoiced: '1260.00',
      paid: '1200.00',
      outstanding: '60.00',
      refundDue: '0.00',
    });
    const cancelled = (await admin.ok(CANCEL, { id: inv.id })).cancelInvoice;
    expect(cancelled.creditNote.totalInclTax).toBe('-1200.00');
    // Invoiced nets to the other invoice; the 1200 received stays received, and is owed back.
    expect((await admin.ok(FULL, { companyId: c.id })).financeSummary).toEqual({
      invoiced: '60.00',
      paid: '1200.00',
      outstanding: '60.00',
      refundDue: '1200.00',
    });
    // An unpaid invoice cancelled owes nothing back.
    await admin.ok(CANCEL, { id: other.id });
    expect((await admin.ok(FULL, { companyId: c.id })).financeSummary).toEqual({
      invoiced: '0.00',
      paid: '1200.00',
      outstanding: '0.00',
      refundDue: '1200.00',
    });
  });

  it('creates the client inline with a quote or an invoice; the main contact is the document contact', async () => {
    const q = (
      await admin.ok(CREATE_QUOTE, {
        input: { newClient: newClient('Inline Devis'), lines: [line('A', '1', '10', '20')] },
      })
    ).createQuote;
    expect(q).toMatchObject({ clientName: 'Inline Devis', billingAddress: { addressLine1: '29 boulevard Haussmann' } });
    expect(q.contact.id).toEqual(expect.any(String));
    const inv = (
      await admin.ok(CREATE_INVOICE, {
        input: {
          newClient: newClient('Inline Facture', {
            useAsBillingAddress: false,
            billingAddress: { addressLine1: '3 quai Compta', city: 'Lille' },
          }),
        },
      })
    ).createInvoice;
    expect(inv.billingAddress).toMatchObject({ addressLine1: '3 quai Compta', city: 'Lille' });
    const bad = await admin.gql(CREATE_QUOTE, {
      input: {
        newClient: { ...newClient('Inline Bad'), mainContact: { lastName: 'X' } },
        lines: [line('A', 'x', '1', '20')],
      },
    });
    expect(fieldPaths(bad).sort()).toEqual(
      [
        'input.lines.0.quantity',
        'input.newClient.mainContact.firstName',
        'input.newClient.mainContact.email',
        'input.newClient.mainContact.phoneDirect',
      ].sort(),
    );
  });

  it('links a document only to a contact and an event of its company', async () => {
    const a = await company('Lien A');
    const b = await company('Lien B');
    const event = (
      await admin.ok(
        'mutation($c: ID!) { createEvent(input: { companyId: $c, name: "Gala", startDate: "2026-07-01" }) { id } }',
        { c: b.id },
      )
    ).createEvent;
    const r = await admin.gql(CREATE_QUOTE, { input: { companyId: a.id, contactId: b.mainContact.id } });
    expect(fieldPaths(r)).toEqual(['input.contactId']);
    const r2 = await admin.gql(CREATE_QUOTE, { input: { companyId: a.id, eventId: event.id } });
    expect(fieldPaths(r2)).toEqual(['input.eventId']);
    const ok = (await admin.ok(CREATE_QUOTE, { input: { companyId: b.id, eventId: event.id } })).createQuote;
    expect(ok.event.id).toBe(event.id);
  });

  it('serves a printable view with the legal mentions, to the workspace only', async () => {
    const c = await company('Impression SA');
    const inv = (
      await admin.ok(CREATE_INVOICE, {
        input: { companyId: c.id, lines: [line('Salle <b>VIP</b>', '1', '1234.5', '20')] },
      })
    ).createInvoice;
    const issued = (await admin.ok(ISSUE, { id: inv.id })).issueInvoice;
    const res = await fetch(`${api.url}${inv.printUrl}`, { headers: { cookie: admin.cookie ?? '' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain(issued.number);
    expect(html).toContain('SIRET : 73282932000074');
    expect(html).toContain('FR44732829320');
    expect(html).toContain('1\u202f481,40 €');
    expect(html).toContain('Salle &lt;b&gt;VIP&lt;/b&gt;');
    expect(html).toContain('40 €');

    expect((await fetch(`${api.url}${inv.printUrl}`)).status).toBe(401);
    const stranger = await clientFor(api, await createWorkspaceWithAdmin());
    const foreign = await fetch(`${api.url}${inv.printUrl}`, { headers: { cookie: stranger.cookie ?? '' } });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('Impression');
  });

  it("keeps each workspace's documents to itself", async () => {
    const c = await company('Privé SA');
    const q = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [line('A', '1', '10', '20')] } }))
      .createQuote;
    const inv = (await admin.ok(FROM_QUOTE, { id: q.id })).createInvoiceFromQuote;
    const stranger = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await stranger.gql(`query($id: ID!) { quote(id: $id) { id } }`, { id: q.id }))).toBe('NOT_FOUND');
    expect(errorCode(await stranger.gql(`query($id: ID!) { invoice(id: $id) { id } }`, { id: inv.id }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await stranger.gql(ISSUE, { id: inv.id }))).toBe('NOT_FOUND');
    expect(errorCode(await stranger.gql(FROM_QUOTE, { id: q.id }))).toBe('NOT_FOUND');
    expect((await stranger.ok(QUOTES, { filter: { companyId: c.id } })).quotes.totalCount).toBe(0);
    expect((await stranger.ok(SUMMARY, { companyId: c.id })).financeSummary.quoted).toBe('0.00');
    const r = await stranger.gql(CREATE_QUOTE, { input: { companyId: c.id } });
    expect(fieldPaths(r)).toEqual(['input.companyId']);
  });

  it('numbers issued invoices without gaps under concurrent issuing, rollbacks included', async () => {
    // A fresh workspace: its series starts at 1.
    const own = await createWorkspaceWithAdmin();
    const client = await clientFor(api, own);
    const c = await company('Numéros SA', {}, client);
    const drafts: string[] = [];
    for (let i = 0; i < 12; i++) {
      drafts.push(
        (
          await client.ok(CREATE_INVOICE, {
            input: { companyId: c.id, lines: [line(`L${i}`, '1', String(100 + i), '20')] },
          })
        ).createInvoice.id,
      );
    }
    const empty = (await client.ok(CREATE_INVOICE, { input: { companyId: c.id } })).createInvoice.id;
    // Separate HTTP requests, each in its own transaction, all at once. Two of them fail: one
    // before taking a number (no lines), one after (the second mutation of the request fails,
    // so the whole request rolls back and its number must be given back).
    const results = await Promise.all([
      ...drafts.slice(0, 10).map((id) => client.gql(ISSUE, { id })),
      client.gql(ISSUE, { id: empty }),
      client.gql(
        `mutation($a: ID!, $b: ID!) { a: issueInvoice(id: $a) { number } b: updateInvoice(id: $b, input: { notes: "x" }) { id } }`,
        { a: drafts[10], b: '00000000-0000-4000-8000-000000000000' },
      ),
    ]);
    expect(results.slice(0, 10).every((r) => !r.errors)).toBe(true);
    expect(errorCode(results[10])).toBe('CONFLICT');
    expect(errorCode(results[11])).toBe('NOT_FOUND');
    const rolledBack = (await client.ok(`query($id: ID!) { invoice(id: $id) { number status } }`, { id: drafts[10] }))
      .invoice;
    expect(rolledBack).toEqual({ number: null, status: 'DRAFT' });

    await client.ok(ISSUE, { id: drafts[11] });
    const all = (await client.ok(INVOICES, { filter: { companyId: c.id } })).invoices.edges
      .map((e: { node: { number: string | null } }) => e.node.number)
      .filter(Boolean)
      .map((n: string) => Number(n.slice(2)))
      .sort((x: number, y: number) => x - y);
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('pages documents newest first with a cursor', async () => {
    const c = await company('Pages SA');
    for (const d of ['2026-01-05', '2026-03-05', '2026-02-05'])
      await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, issueDate: d, lines: [line(d, '1', '1', '20')] } });
    const p1 = (await admin.ok(QUOTES, { filter: { companyId: c.id }, first: 2 })).quotes;
    const p2 = (await admin.ok(QUOTES, { filter: { companyId: c.id }, first: 2, after: p1.pageInfo.endCursor })).quotes;
    const dates = async (ids: string[]) =>
      Promise.all(
        ids.map(
          async (id) => (await admin.ok(`query($id: ID!) { quote(id: $id) { issueDate } }`, { id })).quote.issueDate,
        ),
      );
    expect(await dates(p1.edges.map((e: { node: { id: string } }) => e.node.id))).toEqual(['2026-03-05', '2026-02-05']);
    expect(await dates(p2.edges.map((e: { node: { id: string } }) => e.node.id))).toEqual(['2026-01-05']);
    expect(p2.pageInfo.hasNextPage).toBe(false);
  });
});
