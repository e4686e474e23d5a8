import { apiAdminPerFile, clientFor, createWorkspaceWithAdmin, errorCode } from '../../../test/harness';
import { recordStatements } from '../../../test/statements';
import { addDays, today } from '../event/dates';

const PAYMENTS = `paidAmount balanceDue refundedAmount refundDue payments { id kind amount date method reference }`;
const INVOICE = `id number kind status totalInclTax ${PAYMENTS} creditNote { id }`;
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { id } }`;
const PAY = `mutation($id: ID!) { markInvoicePaid(id: $id) { ${INVOICE} } }`;
const CANCEL = `mutation($id: ID!) { cancelInvoice(id: $id) { ${INVOICE} } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordInvoicePayment(input: $input) { ${INVOICE} } }`;
const REFUND = `mutation($input: RecordRefundInput!) { recordRefund(input: $input) { ${INVOICE} } }`;
const CANCEL_PAYMENT = `mutation($id: ID!) { cancelPayment(id: $id) { ${INVOICE} } }`;
const GET = `query($id: ID!) { invoice(id: $id) { ${INVOICE} } }`;
const SUMMARY = `query($companyId: ID) { financeSummary(companyId: $companyId) { invoiced paid outstanding refundDue } }`;
const TRAIL = `query($id: ID!) { auditTrail(entityType: "Invoice", entityId: $id) { edges { node { action changes } } } }`;

type Fields = { path: (string | number)[]; message: string }[];
const fieldErrors = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => `${f.path.join('.')}: ${f.message}`);

describe('payments and refunds', () => {
  const file = apiAdminPerFile();
  let companyId: string;

  beforeAll(async () => {
    companyId = (
      await file.admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Paiements SA',
          addressLine1: '29 boulevard Haussmann',
          postalCode: '75009',
          city: 'Paris',
          mainContact: {
            firstName: 'Paul',
            lastName: 'Payeur',
            email: 'paul@paiements.fr',
            phoneDirect: '01 42 68 53 00',
          },
        },
      })
    ).createCompany.id;
  });

  /** An issued invoice of 1 200,00 € (1 000 + 20 % VAT). */
  async function issued(unitPrice = '1000'): Promise<string> {
    const { id } = (
      await file.admin.ok(CREATE_INVOICE, {
        input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice, vatRate: '20' }] },
      })
    ).createInvoice;
    await file.admin.ok(ISSUE, { id });
    return id;
  }

  it('records partial payments up to the total: balance due, PAID at 0, audited', async () => {
    const id = await issued();
    const first = (
      await file.admin.ok(RECORD, {
        input: { invoiceId: id, amount: '500,50', method: 'TRANSFER', reference: '  VIR 42  ' },
      })
    ).recordInvoicePayment;
    expect(first).toMatchObject({ status: 'ISSUED', paidAmount: '500.50', balanceDue: '699.50' });
    expect(first.payments).toEqual([
      {
        id: expect.any(String),
        kind: 'PAYMENT',
        amount: '500.50',
        date: today(),
        method: 'TRANSFER',
        reference: 'VIR 42',
      },
    ]);
    expect((await file.admin.ok(SUMMARY, { companyId })).financeSummary).toMatchObject({
      paid: '500.50',
      outstanding: '699.50',
    });
    // The printed invoice says what was paid and what is left.
    const printed = await (
      await fetch(`${file.api.url}/print/invoices/${id}`, { headers: { cookie: file.admin.cookie ?? '' } })
    ).text();
    expect(printed).toMatch(/Déjà réglé<\/td><td class="n">500,50 €/);
    expect(printed).toMatch(/Reste à payer<\/td><td class="n">699,50 €/);

    const second = (
      await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '699.50', method: 'CHEQUE', date: today() } })
    ).recordInvoicePayment;
    expect(second).toMatchObject({ status: 'PAID', paidAmount: '1200.00', balanceDue: '0.00' });
    expect(second.payments.map((p: { amount: string }) => p.amount)).toEqual(['500.50', '699.50']);

    // Nothing more can be recorded on a paid invoice.
    expect(errorCode(await file.admin.gql(RECORD, { input: { invoiceId: id, amount: '1', method: 'CASH' } }))).toBe(
      'CONFLICT',
    );

    const trail = (await file.admin.ok(TRAIL, { id })).auditTrail.edges.map(
      (e: { node: { action: string; changes: Record<string, { from: unknown; to: unknown }> } }) => e.node,
    );
    expect(trail[0].action).toBe('payment');
    expect(trail[0].changes.paidAmount).toEqual({ from: '500.50', to: '1200.00' });
    expect(trail[0].changes.status).toEqual({ from: 'ISSUED', to: 'PAID' });
    expect(trail[0].changes.payment.to).toMatchObject({ amount: '699.50', method: 'CHEQUE' });
  });

  it('refuses an overpayment, a bad amount, a future date or one before the invoice, each on its field', async () => {
    const id = await issued();
    await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '1000', method: 'CARD' } });
    const over = await file.admin.gql(RECORD, { input: { invoiceId: id, amount: '200.01', method: 'CARD' } });
    expect(errorCode(over)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(over)).toEqual(['input.amount: Au plus le reste à payer : 200,00 €.']);

    const bad = await file.admin.gql(RECORD, {
      input: { invoiceId: id, amount: '0', method: 'CARD', date: addDays(today(), 1), reference: 'x'.repeat(201) },
    });
    expect(fieldErrors(bad)).toEqual([
      'input.amount: Au moins 0,01 €.',
      'input.date: La date ne peut pas être dans le futur.',
      'input.reference: Au plus 200 caractères.',
    ]);
    const early = await file.admin.gql(RECORD, {
      input: { invoiceId: id, amount: 'abc', method: 'CARD', date: addDays(today(), -1) },
    });
    expect(fieldErrors(early)).toEqual([
      'input.amount: Nombre attendu (ex. 1250,50).',
      `input.date: La date ne peut pas précéder la date du document (${today().split('-').reverse().join('/')}).`,
    ]);
    expect(
      fieldErrors(
        await file.admin.gql(RECORD, { input: { invoiceId: id, amount: '1', method: 'CARD', date: '2026-02-30' } }),
      ),
    ).toHaveLength(1);
    // Nothing was written by the refused requests.
    expect((await file.admin.ok(GET, { id })).invoice).toMatchObject({ paidAmount: '1000.00', balanceDue: '200.00' });

    // A draft takes no payment.
    const { id: draft } = (
      await file.admin.ok(CREATE_INVOICE, {
        input: { companyId, lines: [{ description: 'Salle', quantity: '1', unitPrice: '10', vatRate: '20' }] },
      })
    ).createInvoice;
    expect(errorCode(await file.admin.gql(RECORD, { input: { invoiceId: draft, amount: '1', method: 'CARD' } }))).toBe(
      'CONFLICT',
    );
  });

  it('cancels a wrong payment: a paid invoice is due again, and the entry is audited', async () => {
    const id = await issued();
    const paid = (await file.admin.ok(PAY, { id })).markInvoicePaid;
    // markInvoicePaid records one payment of the whole balance, method OTHER, dated today.
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: '1200.00', balanceDue: '0.00' });
    expect(paid.payments).toEqual([
      { id: expect.any(String), kind: 'PAYMENT', amount: '1200.00', date: today(), method: 'OTHER', reference: null },
    ]);
    const back = (await file.admin.ok(CANCEL_PAYMENT, { id: paid.payments[0].id })).cancelPayment;
    expect(back).toMatchObject({ status: 'ISSUED', paidAmount: '0.00', balanceDue: '1200.00', payments: [] });
    expect(errorCode(await file.admin.gql(CANCEL_PAYMENT, { id: paid.payments[0].id }))).toBe('NOT_FOUND');
    const [entry] = (await file.admin.ok(TRAIL, { id })).auditTrail.edges;
    expect(entry.node.action).toBe('paymentCancelled');
    expect(entry.node.changes.status).toEqual({ from: 'PAID', to: 'ISSUED' });
    expect(entry.node.changes.payment.from).toMatchObject({ amount: '1200.00', method: 'OTHER' });

    // Marked paid after a partial payment: one more payment of what is left.
    await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '200', method: 'CASH' } });
    const rest = (await file.admin.ok(PAY, { id })).markInvoicePaid;
    expect(rest.payments.map((p: { amount: string }) => p.amount)).toEqual(['200.00', '1000.00']);
    expect(rest.status).toBe('PAID');
  });

  it('never overpays under concurrent requests: the invoice row is locked', async () => {
    const id = await issued();
    const results = await Promise.all(
      [1, 2, 3].map(() => file.admin.gql(RECORD, { input: { invoiceId: id, amount: '700', method: 'TRANSFER' } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    const both = await Promise.all([
      file.admin.gql(RECORD, { input: { invoiceId: id, amount: '500', method: 'TRANSFER' } }),
      file.admin.gql(PAY, { id }),
    ]);
    expect(both.filter((r) => !r.errors)).toHaveLength(1);
    expect(both.filter((r) => r.errors).map(errorCode)).toEqual(['CONFLICT']);
    expect((await file.admin.ok(GET, { id })).invoice).toMatchObject({
      status: 'PAID',
      paidAmount: '1200.00',
      balanceDue: '0.00',
    });
  });

  it('records refunds of a cancelled paid invoice on its credit note until nothing is owed back', async () => {
    const id = await issued('100');
    await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '100', method: 'TRANSFER' } });
    const cancelled = (await file.admin.ok(CANCEL, { id })).cancelInvoice;
    const creditNoteId = cancelled.creditNote.id;
    const credit = (await file.admin.ok(GET, { id: creditNoteId })).invoice;
    expect(credit).toMatchObject({ kind: 'CREDIT_NOTE', refundDue: '100.00', refundedAmount: '0.00' });
    const before = (await file.admin.ok(SUMMARY, { companyId })).financeSummary.refundDue;

    const over = await file.admin.gql(REFUND, { input: { creditNoteId, amount: '100.01', method: 'TRANSFER' } });
    expect(fieldErrors(over)).toEqual(['input.amount: Au plus le montant à rembourser : 100,00 €.']);
    const part = (await file.admin.ok(REFUND, { input: { creditNoteId, amount: '40', method: 'TRANSFER' } }))
      .recordRefund;
    expect(part).toMatchObject({ refundDue: '60.00', refundedAmount: '40.00' });
    expect(part.payments).toMatchObject([{ kind: 'REFUND', amount: '40.00' }]);
    expect(Number((await file.admin.ok(SUMMARY, { companyId })).financeSummary.refundDue)).toBeCloseTo(
      Number(before) - 40,
    );

    // The payment cannot be cancelled while refunds use it; a refund can.
    const paymentId = (await file.admin.ok(GET, { id })).invoice.payments[0].id;
    expect(errorCode(await file.admin.gql(CANCEL_PAYMENT, { id: paymentId }))).toBe('CONFLICT');
    const undone = (await file.admin.ok(CANCEL_PAYMENT, { id: part.payments[0].id })).cancelPayment;
    expect(undone).toMatchObject({ id: creditNoteId, refundDue: '100.00', payments: [] });

    const all = (await file.admin.ok(REFUND, { input: { creditNoteId, amount: '100', method: 'CHEQUE' } }))
      .recordRefund;
    expect(all.refundDue).toBe('0.00');
    expect(Number((await file.admin.ok(SUMMARY, { companyId })).financeSummary.refundDue)).toBeCloseTo(
      Number(before) - 100,
    );
    expect(errorCode(await file.admin.gql(REFUND, { input: { creditNoteId, amount: '1', method: 'CHEQUE' } }))).toBe(
      'CONFLICT',
    );
    const [entry] = (await file.admin.ok(TRAIL, { id: creditNoteId })).auditTrail.edges;
    expect(entry.node.action).toBe('refund');
    expect(entry.node.changes.refundedAmount).toEqual({ from: '0.00', to: '100.00' });

    // A refund goes on a credit note only; an unpaid cancelled invoice owes nothing back.
    expect(
      errorCode(await file.admin.gql(REFUND, { input: { creditNoteId: id, amount: '1', method: 'CHEQUE' } })),
    ).toBe('CONFLICT');
    const unpaid = await issued('10');
    const note = (await file.admin.ok(CANCEL, { id: unpaid })).cancelInvoice.creditNote.id;
    expect(
      errorCode(await file.admin.gql(REFUND, { input: { creditNoteId: note, amount: '1', method: 'CHEQUE' } })),
    ).toBe('CONFLICT');
  });

  it("reads an invoice's history, with the names its changes refer to, with the same few statements at any length", async () => {
    const contact = (
      await file.admin.ok(`query($id: ID!) { company(id: $id) { mainContact { id } } }`, { id: companyId })
    ).company.mainContact.id as string;
    /** An issued invoice for the contact, with `rounds` payments each cancelled: 2 + 2 × rounds entries. */
    const invoiceWith = async (rounds: number) => {
      const { id } = (
        await file.admin.ok(CREATE_INVOICE, {
          input: {
            companyId,
            contactId: contact,
            lines: [{ description: 'Salle', quantity: '1', unitPrice: '1000', vatRate: '20' }],
          },
        })
      ).createInvoice;
      await file.admin.ok(ISSUE, { id });
      for (let i = 0; i < rounds; i++) {
        const paid = (await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '10', method: 'CHEQUE' } }))
          .recordInvoicePayment;
        await file.admin.ok(CANCEL_PAYMENT, { id: paid.payments.at(-1).id });
      }
      return id as string;
    };
    const short = await invoiceWith(1);
    const long = await invoiceWith(5);
    const HISTORY = `query($id: ID!) { auditTrail(entityType: "Invoice", entityId: $id, first: 50) {
      totalCount edges { node { action changes labels createdAt actorLabel actor { name } } } } }`;
    const measure = async (id: string) => {
      const { result, statements } = await recordStatements(() => file.admin.ok(HISTORY, { id }));
      return { trail: result.auditTrail, statements: statements.length };
    };
    const small = await measure(short);
    const large = await measure(long);
    expect([small.trail.edges.length, large.trail.edges.length]).toEqual([4, 12]);
    // Session, BEGIN, the page, its count, the actors, the contacts, the billing addresses,
    // COMMIT: one statement per kind of name, nothing per entry.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(8);
    const created = large.trail.edges.at(-1).node;
    expect(created.action).toBe('create');
    expect(created.actor.name).toBe('Test Admin');
    // The contact's id shows as its name.
    expect(created.labels).toEqual(expect.objectContaining({ [contact]: 'Paul Payeur' }));
    expect(large.trail.edges.map((e: { node: { action: string } }) => e.node.action).slice(0, 2)).toEqual([
      'paymentCancelled',
      'payment',
    ]);
  });

  it("keeps another workspace's invoices and payments out of reach", async () => {
    const id = await issued();
    const { payments } = (await file.admin.ok(RECORD, { input: { invoiceId: id, amount: '10', method: 'CASH' } }))
      .recordInvoicePayment;
    const stranger = await clientFor(file.api, await createWorkspaceWithAdmin());
    expect(errorCode(await stranger.gql(RECORD, { input: { invoiceId: id, amount: '1', method: 'CASH' } }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await stranger.gql(PAY, { id }))).toBe('NOT_FOUND');
    expect(errorCode(await stranger.gql(CANCEL_PAYMENT, { id: payments[0].id }))).toBe('NOT_FOUND');
    expect(errorCode(await stranger.gql(REFUND, { input: { creditNoteId: id, amount: '1', method: 'CASH' } }))).toBe(
      'NOT_FOUND',
    );
    expect((await file.admin.ok(GET, { id })).invoice.paidAmount).toBe('10.00');
  });
});
