import { apiAdminPerFile, errorCode } from '../../../test/harness';
import { recordStatements } from '../../../test/statements';
import { addDays, today } from '../event/dates';

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { id number } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordInvoicePayment(input: $input) { id } }`;
const SET = 'mutation($id: ID!, $s: QuoteStatus!) { setQuoteStatus(id: $id, status: $s) { status expired } }';
const ROW = `id number clientName issueDate dueDate status kind totalInclTax paidAmount balanceDue overdue company { id name }`;
const LIST = `query($filter: InvoiceFilter, $first: Int, $after: String, $orderBy: DocumentOrder) {
  invoices(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ROW} } } } }`;
const TOTALS = `query($filter: InvoiceFilter) { invoiceTotals(filter: $filter) { count outstanding overdue } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fieldErrors = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => `${f.path.join('.')}: ${f.message}`);

describe('receivables: the invoices of the workspace, overdue, totals; quote statuses; VAT rates', () => {
  const file = apiAdminPerFile();
  const company = async (name: string) =>
    (
      await file.admin.ok(CREATE_COMPANY, {
        input: {
          name,
          addressLine1: '1 rue de la Paix',
          postalCode: '75002',
          city: 'Paris',
          mainContact: {
            firstName: 'Anne',
            lastName: name,
            email: `anne@${name.toLowerCase()}.fr`,
            phoneDirect: '01 42 68 53 00',
          },
        },
      })
    ).createCompany.id as string;
  /** An invoice of `ht` € before 20 % VAT, issued today and due in `dueIn` days (a draft when dueIn is null). */
  const invoice = async (companyId: string, ht: string, dueIn: number | null) => {
    const { id } = (
      await file.admin.ok(CREATE_INVOICE, {
        input: {
          companyId,
          dueDate: dueIn === null ? null : addDays(today(), dueIn),
          lines: [{ description: 'Salle', quantity: '1', unitPrice: ht, vatRate: '20' }],
        },
      })
    ).createInvoice;
    if (dueIn !== null) await file.admin.ok(ISSUE, { id });
    return id as string;
  };

  let ids: Record<'a' | 'b' | 'c' | 'd' | 'e', string>;
  let first: string;
  beforeAll(async () => {
    first = await company('Retard');
    const other = await company('Autre');
    ids = {
      a: await invoice(first, '1000', 5), // 1 200, 200 paid: 1 000 due
      b: await invoice(first, '500', 20), // 600 due, not yet late in 10 days
      c: await invoice(first, '100', 1), // 120, paid in full
      d: await invoice(first, '200', null), // draft of 240
      e: await invoice(other, '2000', 3), // 2 400 due
    };
    await file.admin.ok(RECORD, { input: { invoiceId: ids.a, amount: '200', method: 'TRANSFER' } });
    await file.admin.ok(RECORD, { input: { invoiceId: ids.c, amount: '120', method: 'CHEQUE' } });
  });
  afterEach(() => {
    delete file.api.deps.clock;
  });
  /** Ten days from now: a, c (paid) and e are past their due date. */
  const tenDaysLater = () => {
    file.api.deps.clock = () => new Date(Date.now() + 10 * 86_400_000);
  };

  it('lists every invoice of the workspace with its balance due; overdue is computed from today', async () => {
    const now = (await file.admin.ok(LIST, { first: 100 })).invoices;
    expect(now.totalCount).toBe(5);
    expect(now.edges.map((e: { node: { overdue: boolean } }) => e.node.overdue)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect((await file.admin.ok(TOTALS, {})).invoiceTotals).toEqual({
      count: 5,
      outstanding: '4000.00',
      overdue: '0.00',
    });

    tenDaysLater();
    const late = (await file.admin.ok(LIST, { filter: { overdue: true }, orderBy: 'DUE_DATE_ASC' })).invoices;
    expect(late.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.e, ids.a]);
    expect(late.edges[1].node).toMatchObject({
      overdue: true,
      balanceDue: '1000.00',
      paidAmount: '200.00',
      status: 'ISSUED',
    });
    expect((await file.admin.ok(TOTALS, {})).invoiceTotals).toEqual({
      count: 5,
      outstanding: '4000.00',
      overdue: '3400.00',
    });
    // Filters add up: one client's; overdue or paid; a period.
    expect((await file.admin.ok(TOTALS, { filter: { companyId: first } })).invoiceTotals).toEqual({
      count: 4,
      outstanding: '1600.00',
      overdue: '1000.00',
    });
    const overdueOrPaid = (
      await file.admin.ok(LIST, { filter: { overdue: true, status: ['PAID'] }, orderBy: 'NUMBER_ASC' })
    ).invoices;
    expect(overdueOrPaid.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.a, ids.c, ids.e]);
    const yesterday = addDays(today(), -1);
    expect((await file.admin.ok(LIST, { filter: { issuedTo: yesterday } })).invoices.totalCount).toBe(0);
    expect(
      (await file.admin.ok(LIST, { filter: { issuedFrom: today(), issuedTo: today() } })).invoices.totalCount,
    ).toBe(5);
    expect(fieldErrors(await file.admin.gql(LIST, { filter: { issuedFrom: '2026-02-30' } }))).toEqual([
      'filter.issuedFrom: Date invalide (AAAA-MM-JJ).',
    ]);
  });

  it('sorts by due date, total or number, and pages through each order with its cursor', async () => {
    const walk = async (orderBy: string) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
          await file.admin.ok(LIST, { first: 2, after, orderBy })
        ).invoices;
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) return seen;
        after = page.pageInfo.endCursor;
      }
    };
    const { a, b, c, d, e } = ids;
    expect(await walk('TOTAL_DESC')).toEqual([e, a, b, d, c]);
    expect(await walk('TOTAL_ASC')).toEqual([c, d, b, a, e]);
    // No due date (the draft) comes last both ways; so do drafts without a number.
    expect(await walk('DUE_DATE_ASC')).toEqual([c, e, a, b, d]);
    expect(await walk('DUE_DATE_DESC')).toEqual([b, a, e, c, d]);
    expect(await walk('NUMBER_ASC')).toEqual([a, b, c, e, d]);
    expect(await walk('NUMBER_DESC')).toEqual([e, c, b, a, d]);
    expect((await walk('ISSUE_DATE_DESC')).sort()).toEqual([a, b, c, d, e].sort());
    // A cursor of another order is refused on `after`, not a server error.
    const cursor = (await file.admin.ok(LIST, { first: 1, orderBy: 'NUMBER_ASC' })).invoices.pageInfo.endCursor;
    expect(errorCode(await file.admin.gql(LIST, { first: 1, after: cursor, orderBy: 'TOTAL_ASC' }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('reads a page of the list with the same few statements whatever its length', async () => {
    tenDaysLater();
    const measure = async (size: number) => {
      const { result, statements } = await recordStatements(() =>
        file.admin.ok(LIST, { first: size, orderBy: 'DUE_DATE_ASC' }),
      );
      return { rows: result.invoices.edges.length, statements: statements.length };
    };
    const small = await measure(1);
    const large = await measure(5);
    expect([small.rows, large.rows]).toEqual([1, 5]);
    // Session, BEGIN, count, page, the payments of the page, its companies, COMMIT.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(7);
  });

  it('says a sent quote past its validity date is expired, and refuses a transition in words', async () => {
    const { id } = (
      await file.admin.ok(CREATE_QUOTE, {
        input: {
          companyId: first,
          validUntil: addDays(today(), 2),
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }],
        },
      })
    ).createQuote;
    expect((await file.admin.ok(SET, { id, s: 'SENT' })).setQuoteStatus).toEqual({ status: 'SENT', expired: false });
    tenDaysLater();
    const QUOTES = `query($filter: QuoteFilter) { quotes(filter: $filter) { edges { node { id expired } } } }`;
    expect((await file.admin.ok(QUOTES, { filter: { expired: true } })).quotes.edges).toEqual([
      { node: { id, expired: true } },
    ]);
    expect((await file.admin.ok(SET, { id, s: 'ACCEPTED' })).setQuoteStatus).toEqual({
      status: 'ACCEPTED',
      expired: false,
    });
    const refused = await file.admin.gql(SET, { id, s: 'REFUSED' });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('Un devis accepté ne peut pas être refusé.');
    expect(refused.errors?.[0]?.message).not.toContain('ACCEPTED');
  });

  it('takes the French VAT rates only, refusing another on the line', async () => {
    const lines = (vatRate: string) => [
      { description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' },
      { description: 'Repas', quantity: '1', unitPrice: '100', vatRate },
    ];
    // Corsica's and the overseas departments' rates too (8,5 % in Guadeloupe, Martinique, La Réunion).
    for (const rate of ['5,5', '2.1', '10', '0', '20.00', '8,5', '13', '1.75'])
      await file.admin.ok(CREATE_INVOICE, { input: { companyId: first, lines: lines(rate) } });
    const refused = await file.admin.gql(CREATE_INVOICE, { input: { companyId: first, lines: lines('7') } });
    expect(fieldErrors(refused)).toEqual([
      'input.lines.1.vatRate: Taux de TVA inconnu : choisissez 20 ; 10 ; 5,5 ; 2,1 ; 0 ; 13 ; 8,5 ; 1,75 ; 1,05 ; 0,9 %.',
    ]);
  });
});
