import { recordStatements } from '../../../test/statements';
import { addUser, apiAdminPerFile, errorCode } from '../../../test/harness';
import { addDays, today } from '../event/dates';
import { UserRole } from '../user/user.entity';

const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const UPDATE_CONTACT = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const SET = 'mutation($id: ID!, $s: QuoteStatus!) { setQuoteStatus(id: $id, status: $s) { status } }';
const ROW = `id number status expired validUntil totalExclTax totalInclTax company { id name } contact { fullName }
  salesperson { id name }`;
const LIST = `query($filter: QuoteFilter, $first: Int, $after: String, $orderBy: DocumentOrder) {
  quotes(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${ROW} } } } }`;
const TOTALS = `query($filter: QuoteFilter) { quoteTotals(filter: $filter) { count totalExclTax totalInclTax openExclTax } }`;
const INVOICES = `query($filter: InvoiceFilter) {
  invoices(filter: $filter) { totalCount edges { node { id salesperson { name } } } }
  invoiceTotals(filter: $filter) { count outstanding } }`;

type Row = { id: string; salesperson: { id: string; name: string } | null };
const ids = (page: { edges: { node: Row }[] }) => page.edges.map((e) => e.node.id);

/** The "Devis" page's API: every quote of the workspace, filtered, sorted, totalled; the « Commercial » filter. */
describe('quotes of the workspace: filters, totals, salesperson', () => {
  const file = apiAdminPerFile();
  let claire: string;
  let alpha: string;
  let beta: string;
  let bruno: string;
  let q: Record<'sentSoon' | 'draft' | 'accepted' | 'sent' | 'refused', string>;

  const company = async (name: string, salespersonId?: string) =>
    (
      await file.admin.ok(CREATE_COMPANY, {
        input: {
          name,
          mainContact: {
            firstName: 'Anne',
            lastName: name,
            email: `anne@${name.toLowerCase()}.fr`,
            phoneDirect: '01 42 68 53 00',
            ...(salespersonId ? { salespersonId } : {}),
          },
        },
      })
    ).createCompany as { id: string; mainContact: { id: string } };
  /** A quote of `ht` € before 20 % VAT, valid `validIn` days, moved through `statuses`. */
  const quote = async (
    companyId: string,
    contactId: string | null,
    ht: string,
    validIn: number,
    statuses: string[],
  ) => {
    const { id } = (
      await file.admin.ok(CREATE_QUOTE, {
        input: {
          companyId,
          contactId,
          validUntil: addDays(today(), validIn),
          lines: [{ description: 'Salle', quantity: '1', unitPrice: ht, vatRate: '20' }],
        },
      })
    ).createQuote;
    for (const s of statuses) await file.admin.ok(SET, { id, s });
    return id as string;
  };

  beforeAll(async () => {
    claire = (await addUser(file.ws.workspaceId, UserRole.USER, 'Claire Martin')).userId;
    // Alpha's main contact is the admin's (the creating user's); Bruno, at Alpha too, is Claire's.
    const a = await company('Alpha');
    alpha = a.id;
    bruno = (
      await file.admin.ok(CREATE_CONTACT, {
        input: {
          companyId: alpha,
          firstName: 'Bruno',
          lastName: 'Roy',
          email: 'bruno@alpha.fr',
          salespersonId: claire,
        },
      })
    ).createContact.id;
    // Beta's main contact is Claire's.
    const b = await company('Beta', claire);
    beta = b.id;
    q = {
      sentSoon: await quote(alpha, bruno, '1000', 5, ['SENT']), // Claire (Bruno's)
      draft: await quote(alpha, null, '2000', 30, []), // no contact: Alpha's main contact, the admin
      accepted: await quote(beta, null, '500', 30, ['ACCEPTED']), // no contact: Beta's main contact, Claire
      sent: await quote(beta, b.mainContact.id, '300', 30, ['SENT']), // Claire
      refused: await quote(alpha, a.mainContact.id, '400', 30, ['REFUSED']), // the admin
    };
  });
  afterEach(() => {
    delete file.api.deps.clock;
  });
  /** Ten days from now: the quote sent valid five days has expired. */
  const tenDaysLater = () => {
    file.api.deps.clock = () => new Date(Date.now() + 10 * 86_400_000);
  };

  it("names each quote's salesperson: its contact's, else its company's main contact's; and filters on it", async () => {
    const all = (await file.admin.ok(LIST, { first: 50, orderBy: 'TOTAL_DESC' })).quotes;
    expect(all.totalCount).toBe(5);
    expect(all.edges.map((e: { node: Row }) => [e.node.id, e.node.salesperson?.name])).toEqual([
      [q.draft, 'Test Admin'],
      [q.sentSoon, 'Claire Martin'],
      [q.accepted, 'Claire Martin'],
      [q.refused, 'Test Admin'],
      [q.sent, 'Claire Martin'],
    ]);
    const hers = (await file.admin.ok(LIST, { filter: { salespersonId: claire }, orderBy: 'TOTAL_DESC' })).quotes;
    expect(ids(hers)).toEqual([q.sentSoon, q.accepted, q.sent]);
    expect(hers.totalCount).toBe(3);
    const mine = (await file.admin.ok(LIST, { filter: { salespersonId: file.ws.userId }, orderBy: 'TOTAL_DESC' }))
      .quotes;
    expect(ids(mine)).toEqual([q.draft, q.refused]);
    // The totals follow the filter: open = draft or sent and not expired, before tax.
    expect((await file.admin.ok(TOTALS, { filter: { salespersonId: claire } })).quoteTotals).toEqual({
      count: 3,
      totalExclTax: '1800.00',
      totalInclTax: '2160.00',
      openExclTax: '1300.00',
    });
    // Nobody's quotes: none, and zero totals with their two decimals.
    const nobody = (await addUser(file.ws.workspaceId, UserRole.USER, 'Sans Client')).userId;
    expect((await file.admin.ok(LIST, { filter: { salespersonId: nobody } })).quotes.totalCount).toBe(0);
    expect((await file.admin.ok(TOTALS, { filter: { salespersonId: nobody } })).quoteTotals).toEqual({
      count: 0,
      totalExclTax: '0.00',
      totalInclTax: '0.00',
      openExclTax: '0.00',
    });
    expect(errorCode(await file.admin.gql(LIST, { filter: { salespersonId: 'nope' } }))).toBe('NOT_FOUND');
  });

  it('follows the client when its contact is handed over to another salesperson', async () => {
    await file.admin.ok(UPDATE_CONTACT, { id: bruno, input: { salespersonId: file.ws.userId } });
    try {
      const mine = (await file.admin.ok(LIST, { filter: { salespersonId: file.ws.userId } })).quotes;
      expect(ids(mine).sort()).toEqual([q.sentSoon, q.draft, q.refused].sort());
    } finally {
      await file.admin.ok(UPDATE_CONTACT, { id: bruno, input: { salespersonId: claire } });
    }
  });

  it('filters by status or expired (either one), client and period, with totals of the filtered set', async () => {
    expect((await file.admin.ok(TOTALS, {})).quoteTotals).toEqual({
      count: 5,
      totalExclTax: '4200.00',
      totalInclTax: '5040.00',
      openExclTax: '3300.00',
    });
    tenDaysLater();
    const expired = (await file.admin.ok(LIST, { filter: { expired: true } })).quotes;
    expect(expired.edges.map((e: { node: { id: string; expired: boolean } }) => [e.node.id, e.node.expired])).toEqual([
      [q.sentSoon, true],
    ]);
    // Expired quotes are no longer open.
    expect((await file.admin.ok(TOTALS, {})).quoteTotals.openExclTax).toBe('2300.00');
    const expiredOrAccepted = (
      await file.admin.ok(LIST, { filter: { expired: true, status: ['ACCEPTED'] }, orderBy: 'TOTAL_DESC' })
    ).quotes;
    expect(ids(expiredOrAccepted)).toEqual([q.sentSoon, q.accepted]);
    expect(
      (await file.admin.ok(TOTALS, { filter: { status: ['SENT', 'DRAFT'], companyId: beta } })).quoteTotals,
    ).toEqual({ count: 1, totalExclTax: '300.00', totalInclTax: '360.00', openExclTax: '300.00' });
    expect(
      (await file.admin.ok(TOTALS, { filter: { expired: true, salespersonId: file.ws.userId } })).quoteTotals.count,
    ).toBe(0);
    expect((await file.admin.ok(LIST, { filter: { companyId: alpha } })).quotes.totalCount).toBe(3);
    const yesterday = addDays(today(), -1);
    expect((await file.admin.ok(TOTALS, { filter: { issuedTo: yesterday } })).quoteTotals.count).toBe(0);
    expect(
      (await file.admin.ok(TOTALS, { filter: { issuedFrom: today(), issuedTo: today() } })).quoteTotals.count,
    ).toBe(5);
  });

  it('sorts by validity date or total, paging through each order with its cursor', async () => {
    const walk = async (orderBy: string, filter?: Record<string, unknown>) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { edges: { node: Row }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
          await file.admin.ok(LIST, { first: 2, after, orderBy, filter })
        ).quotes;
        seen.push(...ids(page));
        if (!page.pageInfo.hasNextPage) return seen;
        after = page.pageInfo.endCursor;
      }
    };
    expect(await walk('TOTAL_ASC')).toEqual([q.sent, q.refused, q.accepted, q.sentSoon, q.draft]);
    expect((await walk('DUE_DATE_ASC'))[0]).toBe(q.sentSoon);
    expect(await walk('TOTAL_ASC', { salespersonId: claire })).toEqual([q.sent, q.accepted, q.sentSoon]);
  });

  it("filters the invoices by the same salesperson, and reads a page's salespeople with a fixed number of statements", async () => {
    const { id } = (
      await file.admin.ok(CREATE_INVOICE, {
        input: { companyId: beta, lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }] },
      })
    ).createInvoice;
    const hers = await file.admin.ok(INVOICES, { filter: { salespersonId: claire } });
    expect(hers.invoices).toEqual({ totalCount: 1, edges: [{ node: { id, salesperson: { name: 'Claire Martin' } } }] });
    expect(hers.invoiceTotals.count).toBe(1);
    expect((await file.admin.ok(INVOICES, { filter: { salespersonId: file.ws.userId } })).invoices.totalCount).toBe(0);

    const measure = async (size: number) => {
      const { result, statements } = await recordStatements(() =>
        file.admin.ok(LIST, { first: size, orderBy: 'TOTAL_ASC' }),
      );
      return { rows: result.quotes.edges.length, statements: statements.length };
    };
    // Cheapest first: the first three hold a quote without a contact (its salesperson read
    // through its company's main contact), as the five do.
    const small = await measure(3);
    const large = await measure(5);
    expect([small.rows, large.rows]).toEqual([3, 5]);
    // Session, BEGIN, count, page, companies, contacts, main contacts, users, COMMIT.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(9);
  });
});
