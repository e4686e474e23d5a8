import type { DataSource } from 'typeorm';
import {
  type TestClient,
  TestClient as Client,
  addUser,
  apiAdminPerFile,
  clientFor,
  errorCode,
  testConfig,
} from '../../../test/harness';
import { createAdminDataSource } from '../../db/data-sources';
import { addDays, today } from '../event/dates';

/**
 * Finance rules browser QA found wrong: client details copied at issue, no invoice below zero,
 * "Reste à encaisser" = the sum of the listed balances, who may cancel and refund, deleting a
 * client that still owes money, amounts in messages, the re-dating at issue said.
 */

const ADDRESS = 'billingAddress { addressLine1 postalCode city }';
const DOC = `id number status issueDate totalInclTax clientName clientSiret clientVatNumber chosenBillingAddressId ${ADDRESS}`;
const MONEY = `paidAmount balanceDue payments { id } creditNote { id }`;
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
  id billingAddresses { id isDefault } } }`;
const UPDATE_COMPANY = `mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { id } }`;
const ADD_ADDRESS = `mutation($companyId: ID!, $input: AddressInput!, $makeDefault: Boolean!) {
  addBillingAddress(companyId: $companyId, input: $input, makeDefault: $makeDefault) { id } }`;
const UPDATE_ADDRESS = `mutation($id: ID!, $input: AddressInput!) { updateBillingAddress(id: $id, input: $input) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${DOC} } }`;
const UPDATE_INVOICE = `mutation($id: ID!, $input: InvoiceFieldsInput!) { updateInvoice(id: $id, input: $input) { ${DOC} } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { ${DOC} redatedFrom } }`;
const GET = `query($id: ID!) { invoice(id: $id) { ${DOC} ${MONEY} } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${DOC} } }`;
const QUOTE_STATUS = `mutation($id: ID!, $status: QuoteStatus!) { setQuoteStatus(id: $id, status: $status) { ${DOC} } }`;
const CANCEL = `mutation($id: ID!) { cancelInvoice(id: $id) { id status ${MONEY} } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordInvoicePayment(input: $input) { id status ${MONEY} } }`;
const PAY = `mutation($id: ID!) { markInvoicePaid(id: $id) { id status } }`;
const REFUND = `mutation($input: RecordRefundInput!) { recordRefund(input: $input) { id payments { id } } }`;
const CANCEL_PAYMENT = `mutation($id: ID!) { cancelPayment(id: $id) { id } }`;
const SUMMARY = `query($companyId: ID) { financeSummary(companyId: $companyId) { outstanding } }`;
const LIST = `query($companyId: ID) { invoices(filter: { companyId: $companyId }, first: 100) {
  edges { node { number kind status balanceDue } } } }`;
const DELETE_COMPANY = `mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }`;
const RESTORE_COMPANY = `mutation($id: ID!) { restoreCompany(id: $id) { id } }`;
const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`;
const DELETE_EVENT = `mutation($id: ID!) { deleteEvent(id: $id) { id } }`;
const RESTORE_EVENT = `mutation($id: ID!) { restoreEvent(id: $id) { id } }`;
const EVENTS = `query($deleted: Boolean) { events(filter: { deleted: $deleted }, first: 100) { edges { node { id } } } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fieldErrors = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => `${f.path.join('.')}: ${f.message}`);
const message = (r: { errors?: { message: string }[] }) => r.errors?.[0]?.message ?? '';
const line = (unitPrice: string, quantity = '1') => ({ description: 'Salle', quantity, unitPrice, vatRate: '20' });

describe('finance rules', () => {
  const file = apiAdminPerFile();
  let admin: TestClient;
  let user: TestClient;
  let owner: DataSource;

  beforeAll(async () => {
    admin = file.admin;
    user = await clientFor(file.api, await addUser(file.ws.workspaceId));
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
  });
  afterAll(async () => {
    await owner.destroy();
  });

  async function company(name: string, extra: Record<string, unknown> = {}) {
    return (
      await admin.ok(CREATE_COMPANY, {
        input: {
          name,
          addressLine1: '1 place Chateaubriand',
          postalCode: '35400',
          city: 'Saint-Malo',
          mainContact: {
            firstName: 'Anne',
            lastName: 'Client',
            email: `anne-${Date.now()}@client.fr`,
            phoneDirect: '0142685300',
          },
          ...extra,
        },
      })
    ).createCompany as { id: string; billingAddresses: { id: string; isDefault: boolean }[] };
  }
  const draft = async (companyId: string, unitPrice = '1000', extra: Record<string, unknown> = {}) =>
    (await admin.ok(CREATE_INVOICE, { input: { companyId, lines: [line(unitPrice)], ...extra } })).createInvoice;
  const issued = async (companyId: string, unitPrice = '1000') => {
    const { id } = await draft(companyId, unitPrice);
    return (await admin.ok(ISSUE, { id })).issueInvoice as { id: string; number: string };
  };

  it('issues an invoice (and sends a quote) with the client details of that moment, not of the draft', async () => {
    const c = await company('Ville de Saint-Malo', { siret: '73282932000074', vatNumber: 'FR44732829320' });
    const other = (
      await admin.ok(ADD_ADDRESS, {
        companyId: c.id,
        input: { addressLine1: '5 rue Neuve', postalCode: '69001', city: 'Lyon' },
        makeDefault: false,
      })
    ).addBillingAddress.id;
    const follows = await draft(c.id);
    expect(follows.chosenBillingAddressId).toBeNull();
    const chosen = await draft(c.id, '1000', { billingAddressId: other });
    expect(chosen.chosenBillingAddressId).toBe(other);
    const quote = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [line('500')] } })).createQuote;
    // A draft dated two days ago: issuing dates it today, and says so.
    const old = await draft(c.id, '10', { issueDate: addDays(today(), -2) });

    // The client is renamed, gets other identifiers and another default address; the chosen address moves.
    await admin.ok(UPDATE_COMPANY, {
      id: c.id,
      input: { name: 'Mairie de Saint-Malo', siret: '91234567500017', vatNumber: 'FR65912345675' },
    });
    await admin.ok(ADD_ADDRESS, {
      companyId: c.id,
      input: { addressLine1: 'Hôtel de ville', postalCode: '35401', city: 'Saint-Malo Cedex' },
      makeDefault: true,
    });
    await admin.ok(UPDATE_ADDRESS, {
      id: other,
      input: { addressLine1: '7 rue Neuve', postalCode: '69002', city: 'Lyon' },
    });

    const a = (await admin.ok(ISSUE, { id: follows.id })).issueInvoice;
    expect(a).toMatchObject({
      status: 'ISSUED',
      clientName: 'Mairie de Saint-Malo',
      clientSiret: '91234567500017',
      clientVatNumber: 'FR65912345675',
      billingAddress: { addressLine1: 'Hôtel de ville', postalCode: '35401', city: 'Saint-Malo Cedex' },
      redatedFrom: null,
    });
    const b = (await admin.ok(ISSUE, { id: chosen.id })).issueInvoice;
    expect(b).toMatchObject({
      clientName: 'Mairie de Saint-Malo',
      chosenBillingAddressId: other,
      billingAddress: { addressLine1: '7 rue Neuve', postalCode: '69002', city: 'Lyon' },
    });
    const printed = await (
      await fetch(`${file.api.url}/print/invoices/${follows.id}`, { headers: { cookie: admin.cookie ?? '' } })
    ).text();
    expect(printed).toContain('Mairie de Saint-Malo');
    expect(printed).not.toContain('Ville de Saint-Malo');

    const redated = (await admin.ok(ISSUE, { id: old.id })).issueInvoice;
    expect(redated).toMatchObject({ issueDate: today(), redatedFrom: addDays(today(), -2) });
    // Outside the issue mutation's result, the field says nothing.
    expect((await admin.ok(`query($id: ID!) { invoice(id: $id) { redatedFrom } }`, { id: old.id })).invoice).toEqual({
      redatedFrom: null,
    });

    // Once issued, the invoice is frozen: the client's later changes stay off it.
    await admin.ok(UPDATE_COMPANY, { id: c.id, input: { name: 'Saint-Malo Agglomération' } });
    expect((await admin.ok(GET, { id: follows.id })).invoice.clientName).toBe('Mairie de Saint-Malo');

    // A draft quote sent takes the details of now too.
    const sent = (await admin.ok(QUOTE_STATUS, { id: quote.id, status: 'SENT' })).setQuoteStatus;
    expect(sent).toMatchObject({
      clientName: 'Saint-Malo Agglomération',
      billingAddress: { addressLine1: 'Hôtel de ville' },
    });

    // Choosing "the default address" again on a draft (null) makes it follow the default.
    const back = await draft(c.id, '1000', { billingAddressId: other });
    const followsAgain = (await admin.ok(UPDATE_INVOICE, { id: back.id, input: { billingAddressId: null } }))
      .updateInvoice;
    expect(followsAgain).toMatchObject({
      chosenBillingAddressId: null,
      billingAddress: { addressLine1: 'Hôtel de ville' },
    });
  });

  it('refuses to issue an invoice below zero, and "Reste à encaisser" is the sum of the listed balances', async () => {
    const c = await company('Soldes SA');
    const negative = await draft(c.id, '-100');
    const r = await admin.gql(ISSUE, { id: negative.id });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(r)).toEqual([
      'totalInclTax: Le total de cette facture est négatif (-120,00 €) : une facture ne peut pas être émise en dessous de zéro, utilisez un avoir.',
    ]);
    expect((await admin.ok(GET, { id: negative.id })).invoice.status).toBe('DRAFT');

    // A part-paid invoice, an unpaid one, a paid one cancelled (credit note), a draft.
    const part = await issued(c.id, '1000');
    await admin.ok(RECORD, { input: { invoiceId: part.id, amount: '1000', method: 'TRANSFER' } });
    await issued(c.id, '50');
    const cancelled = await issued(c.id, '300');
    await admin.ok(RECORD, { input: { invoiceId: cancelled.id, amount: '100', method: 'CASH' } });
    await admin.ok(CANCEL, { id: cancelled.id });
    // An invoice below zero issued before this rule (written as it was then).
    const legacy = await draft(c.id, '-10');
    await owner.query(`UPDATE invoice SET status = 'ISSUED', number = $2, issued_at = now() WHERE id = $1`, [
      legacy.id,
      `F-LEGACY-${Date.now()}`,
    ]);

    const listed = (await admin.ok(LIST, { companyId: c.id })).invoices.edges.map(
      (e: { node: { balanceDue: string } }) => e.node.balanceDue,
    );
    const sum = listed.reduce((acc: number, v: string) => acc + Math.round(Number(v) * 100), 0) / 100;
    const { outstanding } = (await admin.ok(SUMMARY, { companyId: c.id })).financeSummary;
    expect(outstanding).toBe('260.00'); // 200 left of 1 200 + 60
    expect(Number(outstanding)).toBe(sum);
  });

  it('refuses to issue an invoice at zero, naming its lines; a quote at zero is still sent', async () => {
    const c = await company('Gratuit SARL');
    const named = (description: string, unitPrice: string, quantity = '1') => ({
      ...line(unitPrice, quantity),
      description,
    });
    const zero = (
      await admin.ok(CREATE_INVOICE, {
        input: { companyId: c.id, lines: [named('Location de salle', '0'), named('Traiteur', '25', '0')] },
      })
    ).createInvoice;
    expect(zero.totalInclTax).toBe('0.00');
    const r = await admin.gql(ISSUE, { id: zero.id });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(r)).toEqual([
      'totalInclTax: Le total de cette facture est de 0 € : une facture à zéro ne peut pas être émise. Vérifiez le prix, la quantité et la remise de ses lignes (« Location de salle », « Traiteur »), ou annulez ce brouillon.',
    ]);
    expect((await admin.ok(GET, { id: zero.id })).invoice).toMatchObject({ status: 'DRAFT', number: null });

    // Lines that cancel each other out (a discount line as large as the rest): zero too; past
    // five lines, the others are counted.
    const many = (
      await admin.ok(CREATE_INVOICE, {
        input: {
          companyId: c.id,
          lines: [
            ...['A', 'B', 'C', 'D', 'E', 'F'].map((d) => named(`Prestation ${d}`, '50')),
            named('Geste commercial', '-300'),
          ],
        },
      })
    ).createInvoice;
    expect(fieldErrors(await admin.gql(ISSUE, { id: many.id }))).toEqual([
      expect.stringContaining(
        '(« Prestation A », « Prestation B », « Prestation C », « Prestation D », « Prestation E », et 2 autres)',
      ),
    ]);

    // Once a price is put right, it is issued.
    await admin.ok(UPDATE_INVOICE, {
      id: zero.id,
      input: { lines: [named('Location de salle', '800'), named('Traiteur', '25', '0')] },
    });
    expect((await admin.ok(ISSUE, { id: zero.id })).issueInvoice).toMatchObject({
      status: 'ISSUED',
      totalInclTax: '960.00',
    });

    // Quotes keep their rules: a quote at zero (an offer, a free option) is sent.
    const quote = (await admin.ok(CREATE_QUOTE, { input: { companyId: c.id, lines: [named('Option offerte', '0')] } }))
      .createQuote;
    expect((await admin.ok(QUOTE_STATUS, { id: quote.id, status: 'SENT' })).setQuoteStatus.status).toBe('SENT');
  });

  it('keeps cancelling an issued invoice, cancelling payments and refunds to admins; users record payments', async () => {
    const c = await company('Droits SA');
    const inv = await issued(c.id, '1000');
    // A user records a payment and marks an invoice paid.
    const paid = (await user.ok(RECORD, { input: { invoiceId: inv.id, amount: '1000', method: 'TRANSFER' } }))
      .recordInvoicePayment;
    expect(paid.paidAmount).toBe('1000.00');
    const other = await issued(c.id, '10');
    expect((await user.ok(PAY, { id: other.id })).markInvoicePaid.status).toBe('PAID');

    const cancelIssued = await user.gql(CANCEL, { id: inv.id });
    expect(errorCode(cancelIssued)).toBe('FORBIDDEN');
    expect(message(cancelIssued)).toBe('Seul un administrateur peut annuler une facture émise (par un avoir).');
    const cancelPayment = await user.gql(CANCEL_PAYMENT, { id: paid.payments[0].id });
    expect(errorCode(cancelPayment)).toBe('FORBIDDEN');
    expect(message(cancelPayment)).toBe(
      'Seul un administrateur peut annuler un paiement ou un remboursement enregistré.',
    );
    // Nothing changed.
    expect((await admin.ok(GET, { id: inv.id })).invoice).toMatchObject({ status: 'ISSUED', paidAmount: '1000.00' });

    // A user still drops a draft.
    const mine = await draft(c.id);
    expect((await user.ok(CANCEL, { id: mine.id })).cancelInvoice.status).toBe('CANCELLED');

    // An admin's READ_WRITE key acts as the admin: it cancels; the refund is the admin's.
    const secret = (
      await admin.ok('mutation { createApiKey(input: { name: "compta", scope: READ_WRITE }) { secret } }')
    ).createApiKey.secret;
    const key = new Client(file.api.url, { authorization: `Bearer ${secret}` });
    const credit = (await key.ok(CANCEL, { id: inv.id })).cancelInvoice.creditNote.id;
    const refund = await user.gql(REFUND, { input: { creditNoteId: credit, amount: '10', method: 'TRANSFER' } });
    expect(errorCode(refund)).toBe('FORBIDDEN');
    expect(message(refund)).toBe('Seul un administrateur peut enregistrer un remboursement.');
    await admin.ok(REFUND, { input: { creditNoteId: credit, amount: '40', method: 'TRANSFER' } });

    // Amounts in messages are written the French way.
    const refunded = await admin.gql(CANCEL_PAYMENT, { id: paid.payments[0].id });
    expect(errorCode(refunded)).toBe('CONFLICT');
    expect(message(refunded)).toContain('(40,00 €)');
  });

  it('writes the amounts of field messages the French way', async () => {
    const c = await company('Montants SA');
    const tooLarge = await admin.gql(CREATE_INVOICE, { input: { companyId: c.id, lines: [line('20000000')] } });
    expect(fieldErrors(tooLarge)).toEqual(['input.lines.0.unitPrice: Au plus 10\u202f000\u202f000,00 €.']);
    const quantity = await admin.gql(CREATE_INVOICE, { input: { companyId: c.id, lines: [line('1', '200000')] } });
    expect(fieldErrors(quantity)).toEqual(['input.lines.0.quantity: Au plus 100\u202f000.']);
    const inv = await issued(c.id, '10');
    const small = await admin.gql(RECORD, { input: { invoiceId: inv.id, amount: '0', method: 'CASH' } });
    expect(fieldErrors(small)).toEqual(['input.amount: Au moins 0,01 €.']);
  });

  it('refuses deleting a client with invoices left to pay; a deleted client’s events are in the trash and come back with it', async () => {
    const c = await company('Dette SA');
    const event = (await admin.ok(CREATE_EVENT, { input: { companyId: c.id, name: 'Gala', startDate: today() } }))
      .createEvent.id;
    const alone = (await admin.ok(CREATE_EVENT, { input: { companyId: c.id, name: 'Salon', startDate: today() } }))
      .createEvent.id;
    await admin.ok(DELETE_EVENT, { id: alone });
    const first = await issued(c.id, '1000');
    const { id: named } = await draft(c.id, '100', { eventId: event });
    const second = (await admin.ok(ISSUE, { id: named })).issueInvoice;
    await admin.ok(RECORD, { input: { invoiceId: first.id, amount: '200', method: 'CASH' } });

    const refused = await admin.gql(DELETE_COMPANY, { id: c.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(message(refused)).toContain([first.number, second.number].sort().join(', '));
    expect(message(refused)).toContain('avant de la supprimer');

    // Settled (paid, or cancelled by a credit note), the client can go.
    await admin.ok(PAY, { id: first.id });
    await admin.ok(CANCEL, { id: second.id });
    await admin.ok(DELETE_COMPANY, { id: c.id });
    const ids = async (deleted: boolean) =>
      (await admin.ok(EVENTS, { deleted })).events.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ids(false)).not.toContain(event);
    expect(await ids(true)).toEqual(expect.arrayContaining([event, alone]));
    // In the trash, the event comes back with its company only.
    expect(errorCode(await admin.gql(RESTORE_EVENT, { id: event }))).toBe('CONFLICT');
    await admin.ok(RESTORE_COMPANY, { id: c.id });
    expect(await ids(false)).toContain(event);
    // The event deleted on its own before stays in the trash.
    expect(await ids(false)).not.toContain(alone);
    expect(await ids(true)).toContain(alone);
  });

  it('does not issue the draft of a client in the trash (it would owe money while deleted)', async () => {
    const c = await company('Corbeille SARL');
    const { id } = await draft(c.id, '500');
    // A draft owes nothing: the client can go to the trash.
    await admin.ok(DELETE_COMPANY, { id: c.id });
    const refused = await admin.gql(ISSUE, { id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(message(refused)).toBe(
      "Le client de cette facture (« Corbeille SARL ») est dans la corbeille : restaurez-le avant d'émettre la facture.",
    );
    expect((await admin.ok(GET, { id })).invoice).toMatchObject({ status: 'DRAFT', number: null });
    await admin.ok(RESTORE_COMPANY, { id: c.id });
    expect((await admin.ok(ISSUE, { id })).issueInvoice.status).toBe('ISSUED');
  });
});
