import { apiAdminPerFile } from '../../../test/harness';

/**
 * GDPR and the person's invoices: the export lists the payments recorded on them; the erasure keeps
 * invoices, amounts, dates, payments and refunds with their references (accounting records, said in
 * the audit) and clears only the notes of drafts (not a legal record).
 */
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { id } }`;
const RECORD = `mutation($input: RecordPaymentInput!) { recordInvoicePayment(input: $input) { id } }`;
const CANCEL_PAYMENT = `mutation($id: ID!) { cancelPayment(id: $id) { id } }`;
const INVOICE = `query($id: ID!) { invoice(id: $id) { status notes totalInclTax paidAmount
  payments { id amount date method reference } } }`;
const QUOTE = `query($id: ID!) { quote(id: $id) { notes } }`;
const TRAIL = `query($type: String!, $id: ID!) { auditTrail(entityType: $type, entityId: $id) {
  edges { node { action changes } } } }`;
const EXPORT = `mutation($id: ID!, $pw: String!) { exportPersonData(contactId: $id, password: $pw) {
  counts resultFiles { url } } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) {
  paymentReferencesKept } }`;

describe('GDPR: payments and finance documents of a person', () => {
  const file = apiAdminPerFile();
  let companyId: string;
  let contactId: string;
  let otherId: string;

  const line = { description: 'Location de salle', quantity: '1', unitPrice: '1000', vatRate: '20' };

  async function issuedInvoice(contact: string, notes: string): Promise<string> {
    const { id } = (
      await file.admin.ok(CREATE_INVOICE, { input: { companyId, contactId: contact, notes, lines: [line] } })
    ).createInvoice;
    await file.admin.ok(ISSUE, { id });
    return id;
  }

  beforeAll(async () => {
    const created = (
      await file.admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Factures Rgpd SA',
          addressLine1: '1 rue de la Paix',
          postalCode: '75002',
          city: 'Paris',
          mainContact: {
            firstName: 'Gaspard',
            lastName: 'Payeur',
            email: 'gaspard@perso.example',
            phoneDirect: '01 42 68 53 00',
          },
        },
      })
    ).createCompany;
    companyId = created.id;
    contactId = created.mainContact.id;
    otherId = (
      await file.admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId, firstName: 'Ondine', lastName: 'Autre', email: 'ondine@autre.example' },
      })
    ).createContact.id;
  });

  it('exports the payments of the invoices addressed to the person (date, amount, method, reference)', async () => {
    const invoiceId = await issuedInvoice(contactId, 'Conditions habituelles');
    await file.admin.ok(RECORD, {
      input: { invoiceId, amount: '200', method: 'CHEQUE', reference: 'Chèque n° 1234 de M. Gaspard Payeur' },
    });
    // Another person's invoice: not theirs.
    const other = await issuedInvoice(otherId, 'Autre');
    await file.admin.ok(RECORD, { input: { invoiceId: other, amount: '100', method: 'CASH', reference: 'Ondine' } });

    const job = (await file.admin.ok(EXPORT, { id: contactId, pw: file.ws.password })).exportPersonData;
    expect(job.counts.payments).toBe(1);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const data = (await (await file.admin.get(job.resultFiles[0].url)).json()) as any;
    expect(data.payments).toEqual([
      expect.objectContaining({
        documentKind: 'INVOICE',
        kind: 'PAYMENT',
        date: expect.any(String),
        amount: 200,
        currency: 'EUR',
        method: 'CHEQUE',
        reference: 'Chèque n° 1234 de M. Gaspard Payeur',
        cancelled_at: null,
      }),
    ]);
    expect(data.payments[0].invoiceNumber).toMatch(/^F-/);
  });

  it('erasure keeps invoices, payments and their references (rows and audit trail), clears draft notes, says why', async () => {
    const { id: personId } = (
      await file.admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId, firstName: 'Léon', lastName: 'Efface', email: 'leon@efface.example' },
      })
    ).createContact;
    const invoiceId = await issuedInvoice(personId, 'Remise accordée à Léon');
    await file.admin.ok(RECORD, {
      input: { invoiceId, amount: '300', method: 'TRANSFER', reference: 'VIR LEON EFFACE' },
    });
    const wrong = (
      await file.admin.ok(RECORD, { input: { invoiceId, amount: '10', method: 'CASH', reference: 'Léon, espèces' } })
    ).recordInvoicePayment;
    const cancelled = (await file.admin.ok(INVOICE, { id: invoiceId })).invoice.payments.find(
      (p: { amount: string }) => p.amount === '10.00',
    );
    expect(wrong.id).toBe(invoiceId);
    await file.admin.ok(CANCEL_PAYMENT, { id: cancelled.id });
    const draftId = (
      await file.admin.ok(CREATE_INVOICE, {
        input: { companyId, contactId: personId, notes: 'Léon veut une facture à son nom', lines: [line] },
      })
    ).createInvoice.id;
    const quoteId = (
      await file.admin.ok(CREATE_QUOTE, {
        input: { companyId, contactId: personId, notes: 'Devis pour Léon', lines: [line] },
      })
    ).createQuote.id;
    // Someone else's payment on the same company stays as it is.
    const otherInvoice = await issuedInvoice(otherId, 'Autre');
    await file.admin.ok(RECORD, {
      input: { invoiceId: otherInvoice, amount: '50', method: 'CASH', reference: 'Ondine garde ceci' },
    });

    const erased = (await file.admin.ok(ERASE, { id: personId, pw: file.ws.password })).erasePerson;
    expect(erased.paymentReferencesKept).toBe(2);

    const invoice = (await file.admin.ok(INVOICE, { id: invoiceId })).invoice;
    expect(invoice).toMatchObject({ status: 'ISSUED', notes: 'Remise accordée à Léon', paidAmount: '300.00' });
    expect(invoice.payments).toEqual([
      {
        id: expect.any(String),
        amount: '300.00',
        date: expect.any(String),
        method: 'TRANSFER',
        reference: 'VIR LEON EFFACE',
      },
    ]);
    expect((await file.admin.ok(INVOICE, { id: draftId })).invoice.notes).toBeNull();
    expect((await file.admin.ok(QUOTE, { id: quoteId })).quote.notes).toBeNull();
    const other = (await file.admin.ok(INVOICE, { id: otherInvoice })).invoice;
    expect(other.payments.map((p: { reference: string }) => p.reference)).toEqual(['Ondine garde ceci']);

    // The invoice's audit trail keeps the payments and the cancelled one, references included.
    const trail = JSON.stringify(
      (await file.admin.ok(TRAIL, { type: 'Invoice', id: invoiceId })).auditTrail.edges.map(
        (e: { node: unknown }) => e.node,
      ),
    );
    expect(trail).toContain('VIR LEON EFFACE');
    expect(trail).toContain('Léon, espèces');
    expect(trail).toContain('"amount":"300.00"');
    expect(trail).not.toContain('referenceErased');
    for (const [type, id] of [
      ['Invoice', draftId],
      ['Quote', quoteId],
    ])
      expect(JSON.stringify((await file.admin.ok(TRAIL, { type, id })).auditTrail)).not.toContain('Léon');

    // The erasure's own audit entry says why the invoices and the payment references are still there.
    const entry = (await file.admin.ok(TRAIL, { type: 'Contact', id: personId })).auditTrail.edges.find(
      (e: { node: { action: string } }) => e.node.action === 'gdpr.erase',
    ).node;
    expect(entry.changes).toMatchObject({
      invoicesKept: { to: 1 },
      paymentReferencesKept: { to: 2 },
      paymentReferencesKeptReason: { to: expect.stringContaining('art. 17.3.b') },
      draftNotesCleared: { to: 2 },
      invoicesKeptReason: { to: expect.stringContaining('obligation légale de conservation comptable') },
    });
  });
});
