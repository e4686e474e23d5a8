import { type TestClient, addUser, apiAdminPerFile, apiKeyClient, clientFor, errorCode } from '../../../test/harness';
import { Money } from './money';

/**
 * Deposit (acompte) and balance (solde) invoices made from a quote: the split per VAT rate and
 * its rounding, the sums exact to the cent, the limits, the balance's lines, a cancelled deposit
 * freeing its amount, and who may make them.
 */

type Vat = { rate: string; base: string; tax: string };
type Line = { description: string; quantity: string; unitPrice: string; vatRate: string; totalExclTax: string };
type Invoice = {
  id: string;
  number: string | null;
  status: string;
  issueDate: string;
  quotePart: string | null;
  totalExclTax: string;
  totalTax: string;
  totalInclTax: string;
  vat: Vat[];
  lines: Line[];
  creditNote: { id: string; totalExclTax: string; totalTax: string; totalInclTax: string; vat: Vat[] } | null;
};

const AMOUNTS = 'totalExclTax totalTax totalInclTax vat { rate base tax }';
const INVOICE = `id number status issueDate quotePart ${AMOUNTS}
  lines { description quantity unitPrice vatRate totalExclTax } creditNote { id ${AMOUNTS} }`;
const QUOTE_AMOUNTS = `id number status ${AMOUNTS} invoicedAmount remainingAmount invoices { id quotePart status }`;
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${QUOTE_AMOUNTS} } }`;
const GET_QUOTE = `query($id: ID!) { quote(id: $id) { ${QUOTE_AMOUNTS} } }`;
const FROM_QUOTE = `mutation($id: ID!, $input: InvoiceFromQuoteInput) {
  createInvoiceFromQuote(quoteId: $id, input: $input) { ${INVOICE} } }`;
const PREVIEW = `query($id: ID!, $input: InvoiceFromQuoteInput) {
  invoiceFromQuotePreview(quoteId: $id, input: $input) { quotePart ${AMOUNTS} lines { description unitPrice vatRate } } }`;
const UPDATE_INVOICE = `mutation($id: ID!, $input: InvoiceFieldsInput!) { updateInvoice(id: $id, input: $input) { ${INVOICE} notes } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { ${INVOICE} } }`;
const CANCEL = `mutation($id: ID!) { cancelInvoice(id: $id) { ${INVOICE} } }`;
const PAY = `mutation($id: ID!) { markInvoicePaid(id: $id) { id status balanceDue } }`;

type Fields = { path: (string | number)[]; message: string }[];
type Result = { errors?: { message: string; extensions?: Record<string, unknown> }[] };
const fields = (r: Result) => (r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? [];
const fieldPaths = (r: Result) => fields(r).map((f) => f.path.join('.'));
/** The error's message, or its fields' messages for a BAD_USER_INPUT. */
const message = (r: Result) =>
  fields(r).length
    ? fields(r)
        .map((f) => f.message)
        .join(' ')
    : (r.errors?.[0]?.message ?? '');

const line = (description: string, quantity: string, unitPrice: string, vatRate: string) => ({
  description,
  quantity,
  unitPrice,
  vatRate,
});
/** Three lines at 20 %, 10 % and 5,5 %, amounts that do not divide evenly: 2 691,45 € TTC. */
const AWKWARD = [
  line('Location de salle', '1', '1234.57', '20'),
  line('Cocktail dînatoire', '37', '28.33', '10'),
  line('Livres offerts', '3', '17.99', '5.5'),
];

const add = (values: string[]) => values.reduce((acc, v) => acc.plus(v), new Money(0)).toFixed(2);
/** Checks a document's amounts add up: HT + TVA = TTC, and each total is the sum of its rates. */
function consistent(d: { totalExclTax: string; totalTax: string; totalInclTax: string; vat: Vat[] }) {
  expect(add([d.totalExclTax, d.totalTax])).toBe(d.totalInclTax);
  expect(add(d.vat.map((v) => v.base))).toBe(d.totalExclTax);
  expect(add(d.vat.map((v) => v.tax))).toBe(d.totalTax);
}
/** "2026-01-09" → "09/01/2026". */
const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

describe('deposit and balance invoices', () => {
  const file = apiAdminPerFile();
  let admin: TestClient;
  let user: TestClient;
  let companyId: string;

  beforeAll(async () => {
    admin = file.admin;
    user = await clientFor(file.api, await addUser(file.ws.workspaceId));
    companyId = (
      await admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Séminaires Acompte SAS',
          addressLine1: '12 quai des Chartrons',
          postalCode: '33000',
          city: 'Bordeaux',
          mainContact: {
            firstName: 'Inès',
            lastName: 'Acompte',
            email: 'ines@acompte.fr',
            phoneDirect: '05 56 00 00 00',
          },
        },
      })
    ).createCompany.id;
  });

  const quote = async (lines = AWKWARD) =>
    (await admin.ok(CREATE_QUOTE, { input: { companyId, lines } })).createQuote as {
      id: string;
      number: string;
      totalInclTax: string;
      vat: Vat[];
    };
  const invoice = async (id: string, input: Record<string, unknown>, client = admin) =>
    (await client.ok(FROM_QUOTE, { id, input })).createInvoiceFromQuote as Invoice;
  const issue = async (id: string) => (await admin.ok(ISSUE, { id })).issueInvoice as Invoice;
  const quoteAmounts = async (id: string) =>
    (await admin.ok(GET_QUOTE, { id })).quote as { invoicedAmount: string; remainingAmount: string; status: string };

  it('splits a 33 % deposit per VAT rate to the cent, and deposits + balance add up exactly to the quote', async () => {
    const q = await quote();
    expect(q).toMatchObject({ totalExclTax: '2336.75', totalTax: '354.70', totalInclTax: '2691.45' });
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '0.00', remainingAmount: '2691.45' });

    // What the dialog shows before confirming is what is made.
    const preview = (await admin.ok(PREVIEW, { id: q.id, input: { kind: 'DEPOSIT', percent: '33' } }))
      .invoiceFromQuotePreview;
    const deposit = await invoice(q.id, { kind: 'DEPOSIT', percent: '33' });
    expect(preview).toMatchObject({
      quotePart: 'DEPOSIT',
      totalExclTax: deposit.totalExclTax,
      totalTax: deposit.totalTax,
      totalInclTax: deposit.totalInclTax,
      vat: deposit.vat,
    });
    // 33 % of 2 691,45 € = 888,1785 → 888,18 €, split in proportion to each rate's share of the quote.
    expect(deposit).toMatchObject({
      status: 'DRAFT',
      quotePart: 'DEPOSIT',
      totalExclTax: '771.13',
      totalTax: '117.05',
      totalInclTax: '888.18',
      vat: [
        { rate: '5.50', base: '17.81', tax: '0.98' },
        { rate: '10.00', base: '345.91', tax: '34.59' },
        { rate: '20.00', base: '407.41', tax: '81.48' },
      ],
    });
    consistent(deposit);
    // One line per VAT rate (French rule: the deposit invoice shows the VAT per rate).
    expect(deposit.lines).toEqual(
      deposit.vat.map((v) => ({
        description: `Acompte de 33 % sur le devis n° ${q.number}`,
        quantity: '1.000',
        unitPrice: v.base,
        vatRate: v.rate,
        totalExclTax: v.base,
      })),
    );
    expect(await quoteAmounts(q.id)).toMatchObject({
      status: 'ACCEPTED',
      invoicedAmount: '888.18',
      remainingAmount: '1803.27',
    });

    // A balance cites the deposits' numbers: refused while one is a draft.
    const early = await admin.gql(FROM_QUOTE, { id: q.id, input: { kind: 'BALANCE' } });
    expect(errorCode(early)).toBe('CONFLICT');
    expect(message(early)).toMatch(/encore en brouillon/);
    const first = await issue(deposit.id);
    // A second deposit, a fixed amount including tax this time.
    const secondDraft = await invoice(q.id, { kind: 'DEPOSIT', amountInclTax: '1 000,01' });
    // The invoice form saves its other fields with the lines as they are: accepted.
    await admin.ok(UPDATE_INVOICE, {
      id: secondDraft.id,
      input: {
        notes: 'Second acompte',
        lines: secondDraft.lines.map(({ totalExclTax: _t, ...l }) => ({
          ...l,
          unitPrice: l.unitPrice.replace('.', ','),
        })),
      },
    });
    const second = await issue(secondDraft.id);
    expect(second.totalInclTax).toBe('1000.01');
    expect(second.lines[0].description).toBe(`Acompte de 1\u202f000,01 € TTC sur le devis n° ${q.number}`);
    consistent(second);

    const balance = await invoice(q.id, { kind: 'BALANCE' });
    expect(balance.quotePart).toBe('BALANCE');
    expect(balance.totalInclTax).toBe('803.26');
    consistent(balance);
    // The quote's lines, then one negative line per deposit and rate.
    expect(balance.lines.slice(0, 3).map((l) => l.description)).toEqual(AWKWARD.map((l) => l.description));
    const deducted = balance.lines.slice(3);
    expect(deducted).toEqual(
      [first, second].flatMap((d) =>
        d.vat.map((v) => ({
          description: `Acompte déjà facturé, facture n° ${d.number} du ${frenchDate(d.issueDate)}`,
          quantity: '1.000',
          unitPrice: new Money(v.base).negated().toFixed(2),
          vatRate: v.rate,
          totalExclTax: new Money(v.base).negated().toFixed(2),
        })),
      ),
    );
    // Rate by rate, deposits + balance = the quote, to the cent (base and VAT), and the totals too.
    for (const rate of q.vat) {
      const at = (d: Invoice) => d.vat.find((v) => v.rate === rate.rate) ?? { base: '0', tax: '0' };
      expect(add([first, second, balance].map((d) => at(d).base))).toBe(rate.base);
      expect(add([first, second, balance].map((d) => at(d).tax))).toBe(rate.tax);
    }
    for (const key of ['totalExclTax', 'totalTax', 'totalInclTax'] as const)
      expect(add([first, second, balance].map((d) => d[key]))).toBe((q as Record<string, unknown>)[key]);

    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '2691.45', remainingAmount: '0.00' });
    // The printed balance shows the deducted deposits as lines, and its totals.
    const printed = await (
      await fetch(`${file.api.url}/print/invoices/${balance.id}`, { headers: { cookie: admin.cookie ?? '' } })
    ).text();
    expect(printed).toContain(`Acompte déjà facturé, facture n° ${first.number}`);
    expect(printed).toContain('803,26');
    // The balance is an invoice like any other: issued, numbered, paid.
    const issuedBalance = await issue(balance.id);
    expect(issuedBalance.number).toMatch(/^F-\d{6}$/);
    expect((await admin.ok(PAY, { id: balance.id })).markInvoicePaid).toMatchObject({
      status: 'PAID',
      balanceDue: '0.00',
    });
    // Nothing left: no more deposit, balance or full invoice.
    for (const input of [{ kind: 'DEPOSIT', percent: '1' }, { kind: 'BALANCE' }, { kind: 'FULL' }]) {
      const refused = await admin.gql(FROM_QUOTE, { id: q.id, input });
      expect(errorCode(refused)).toBe('CONFLICT');
      expect(message(refused)).toContain(issuedBalance.number);
    }
    // The deducted deposit cannot be cancelled alone: its balance would bill the client short.
    const cancelDeposit = await admin.gql(CANCEL, { id: first.id });
    expect(errorCode(cancelDeposit)).toBe('CONFLICT');
    expect(message(cancelDeposit)).toContain(issuedBalance.number);
  });

  it('refuses a deposit above what remains, at or below zero, or given twice; a full invoice after a deposit; a balance without one', async () => {
    const q = await quote([line('Salle', '1', '1000', '20')]);
    const refused = async (input: Record<string, unknown>) => {
      const r = await admin.gql(FROM_QUOTE, { id: q.id, input });
      return { code: errorCode(r), paths: fieldPaths(r), message: message(r) };
    };
    expect(await refused({ kind: 'DEPOSIT', percent: '0' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      paths: ['input.percent'],
      message: expect.stringMatching(/supérieur à 0,00/),
    });
    expect(await refused({ kind: 'DEPOSIT', percent: '100.01' })).toMatchObject({ paths: ['input.percent'] });
    expect(await refused({ kind: 'DEPOSIT', amountInclTax: '-5' })).toMatchObject({ paths: ['input.amountInclTax'] });
    expect(await refused({ kind: 'DEPOSIT', amountInclTax: '1200.01' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      paths: ['input.amountInclTax'],
      message: expect.stringContaining('1\u202f200,00 €'),
    });
    expect(await refused({ kind: 'DEPOSIT', percent: '30', amountInclTax: '100' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      paths: ['input.amountInclTax'],
    });
    expect(await refused({ kind: 'DEPOSIT' })).toMatchObject({ code: 'BAD_USER_INPUT', paths: ['input.percent'] });
    expect(await refused({ kind: 'FULL', percent: '30' })).toMatchObject({ paths: ['input.percent'] });
    expect(await refused({ kind: 'BALANCE' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      paths: ['input.kind'],
      message: expect.stringMatching(/facture complète/),
    });
    // Nothing was made by the refusals.
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '0.00', remainingAmount: '1200.00' });

    const deposit = await invoice(q.id, { kind: 'DEPOSIT', percent: '30' });
    expect(deposit).toMatchObject({
      totalInclTax: '360.00',
      totalExclTax: '300.00',
      totalTax: '60.00',
      lines: [{ unitPrice: '300.00', vatRate: '20.00' }],
    });
    expect(await refused({ kind: 'FULL' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      paths: ['input.kind'],
      message: expect.stringMatching(/facture de solde/),
    });
    // Without input, the whole quote as before: refused the same way.
    expect(errorCode(await admin.gql(FROM_QUOTE, { id: q.id }))).toBe('BAD_USER_INPUT');
    // At most what remains: 840,00 €; exactly that is accepted.
    expect(await refused({ kind: 'DEPOSIT', percent: '71' })).toMatchObject({
      paths: ['input.percent'],
      message: expect.stringContaining('840,00 €'),
    });
    const rest = await invoice(q.id, { kind: 'DEPOSIT', amountInclTax: '840' });
    expect(rest).toMatchObject({ totalExclTax: '700.00', totalTax: '140.00', totalInclTax: '840.00' });
    expect(await refused({ kind: 'DEPOSIT', amountInclTax: '0.01' })).toMatchObject({ code: 'CONFLICT' });
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '1200.00', remainingAmount: '0.00' });

    // A deposit's lines come from the quote: the form sends them back unchanged with other edits,
    // but changing them is refused.
    const edited = (
      await admin.ok(UPDATE_INVOICE, {
        id: deposit.id,
        input: {
          notes: 'Acompte à régler à la signature',
          lines: deposit.lines.map((l) => ({ ...l, totalExclTax: undefined, quantity: '1' })),
        },
      })
    ).updateInvoice;
    expect(edited).toMatchObject({ notes: 'Acompte à régler à la signature', totalInclTax: '360.00' });
    const changed = await admin.gql(UPDATE_INVOICE, {
      id: deposit.id,
      input: { lines: [line('Acompte', '1', '500', '20')] },
    });
    expect(errorCode(changed)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(changed)).toEqual(['input.lines']);
  });

  it('frees the amount of a cancelled deposit (draft, or issued with its credit note)', async () => {
    const q = await quote([line('Salle', '1', '1000', '20'), line('Repas', '10', '33.33', '10')]);
    expect(q.totalInclTax).toBe('1566.63');
    const draft = await invoice(q.id, { kind: 'DEPOSIT', percent: '50' });
    expect(await quoteAmounts(q.id)).toMatchObject({ remainingAmount: '783.31' });
    await admin.ok(CANCEL, { id: draft.id });
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '0.00', remainingAmount: '1566.63' });

    const deposit = await issue((await invoice(q.id, { kind: 'DEPOSIT', percent: '100' })).id);
    expect(deposit.totalInclTax).toBe('1566.63');
    expect(deposit.vat).toEqual(q.vat);
    expect(errorCode(await admin.gql(FROM_QUOTE, { id: q.id, input: { kind: 'DEPOSIT', percent: '1' } }))).toBe(
      'CONFLICT',
    );
    // A user does not cancel an issued invoice; an admin does, with a credit note exactly opposite.
    expect(errorCode(await user.gql(CANCEL, { id: deposit.id }))).toBe('FORBIDDEN');
    const cancelled = (await admin.ok(CANCEL, { id: deposit.id })).cancelInvoice as Invoice;
    expect(cancelled.creditNote).toMatchObject({
      totalExclTax: new Money(deposit.totalExclTax).negated().toFixed(2),
      totalTax: new Money(deposit.totalTax).negated().toFixed(2),
      totalInclTax: '-1566.63',
      vat: deposit.vat.map((v) => ({
        rate: v.rate,
        base: new Money(v.base).negated().toFixed(2),
        tax: new Money(v.tax).negated().toFixed(2),
      })),
    });
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '0.00', remainingAmount: '1566.63' });
    // Its amount is free again: a new deposit, then a balance that cites only the live deposit.
    const again = await issue((await invoice(q.id, { kind: 'DEPOSIT', percent: '30' })).id);
    const balance = await invoice(q.id, { kind: 'BALANCE' });
    expect(balance.lines.filter((l) => l.description.startsWith('Acompte déjà facturé'))).toHaveLength(
      again.vat.length,
    );
    expect(balance.lines.map((l) => l.description).join('\n')).not.toContain(deposit.number);
    expect(add([again.totalInclTax, balance.totalInclTax])).toBe('1566.63');
    // A draft balance also holds its deposits; cancelling the balance frees them.
    expect(errorCode(await admin.gql(CANCEL, { id: again.id }))).toBe('CONFLICT');
    await admin.ok(CANCEL, { id: balance.id });
    expect((await admin.ok(CANCEL, { id: again.id })).cancelInvoice.status).toBe('CANCELLED');
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '0.00', remainingAmount: '1566.63' });
    // Back to a whole invoice once no deposit is left.
    expect((await invoice(q.id, { kind: 'FULL' })).quotePart).toBe('FULL');
  });

  it('makes one of two deposits asked at once when both would exceed the quote (the quote row is locked)', async () => {
    const q = await quote([line('Salle', '1', '1000', '20')]);
    const both = await Promise.all([
      admin.gql(FROM_QUOTE, { id: q.id, input: { kind: 'DEPOSIT', percent: '60' } }),
      admin.gql(FROM_QUOTE, { id: q.id, input: { kind: 'DEPOSIT', percent: '60' } }),
    ]);
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    const refused = both.find((r) => r.errors);
    expect(errorCode(refused!)).toBe('BAD_USER_INPUT');
    expect(message(refused!)).toContain('480,00 €');
    expect(await quoteAmounts(q.id)).toMatchObject({ invoicedAmount: '720.00', remainingAmount: '480.00' });
  });

  it('lets those who create invoices make deposits and balances; a read-only key previews only', async () => {
    const q = await quote([line('Salle', '2', '500', '20')]);
    const readOnly = await apiKeyClient(file.api, admin, 'READ_ONLY');
    const denied = await readOnly.gql(FROM_QUOTE, { id: q.id, input: { kind: 'DEPOSIT', percent: '30' } });
    expect(errorCode(denied)).toBe('FORBIDDEN');
    expect(
      (await readOnly.ok(PREVIEW, { id: q.id, input: { kind: 'DEPOSIT', percent: '30' } })).invoiceFromQuotePreview,
    ).toMatchObject({ totalInclTax: '360.00' });
    const deposit = await invoice(q.id, { kind: 'DEPOSIT', percent: '30' }, user);
    expect((await user.ok(ISSUE, { id: deposit.id })).issueInvoice.status).toBe('ISSUED');
    expect((await invoice(q.id, { kind: 'BALANCE' }, user)).totalInclTax).toBe('840.00');
    // In a list, the amounts of every quote come from the loaders, per quote.
    const rows = (
      await admin.ok(
        `query($filter: QuoteFilter) { quotes(filter: $filter, first: 100) { edges { node { id invoicedAmount remainingAmount } } } }`,
        { filter: { companyId } },
      )
    ).quotes.edges as { node: { id: string; invoicedAmount: string; remainingAmount: string } }[];
    expect(rows.find((r) => r.node.id === q.id)?.node).toMatchObject({
      invoicedAmount: '1200.00',
      remainingAmount: '0.00',
    });
    expect(rows.every((r) => new Money(r.node.remainingAmount).gte(0))).toBe(true);
  });
});
