import { randomBytes, randomUUID } from 'node:crypto';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  apiKeyClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { type SmtpSink, leafParts, parseMime, partContent, startSmtpSink } from '../../../test/smtp-sink';
import { pdfText } from '../../../test/pdf-text';
import { waitFor } from '../../../test/wait';
import { emailSendHandler } from '../email/email.job';

const DOC = 'id number status pdfUrl totalInclTax';
const CREATE_COMPANY = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id name mainContact { id } } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${DOC} } }`;
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${DOC} } }`;
const ISSUE = `mutation($id: ID!) { issueInvoice(id: $id) { ${DOC} sentAt } }`;
const CANCEL = `mutation($id: ID!) { cancelInvoice(id: $id) { id creditNote { ${DOC} } } }`;
const DRAFT = `query($quoteId: ID, $invoiceId: ID) { documentEmailDraft(quoteId: $quoteId, invoiceId: $invoiceId) {
  companyId contactId toContactIds subject text attachmentName } }`;
const SEND = `mutation($input: SendEmailInput!) { sendEmail(input: $input) { id status subject activity { id contact { id } } } }`;
const EMAIL = `query($id: ID!) { emailMessage(id: $id) { id status failureReason } }`;

const line = (description: string, quantity: string, unitPrice: string, vatRate: string) => ({
  description,
  quantity,
  unitPrice,
  vatRate,
});

describe('quotes and invoices as PDF, e-mailed from the document', () => {
  let smtp: SmtpSink;
  let api: TestApi;
  let worker: RunningWorker;
  let ws: TestWorkspace;
  let admin: TestClient;
  let company: { id: string; name: string; mainContact: { id: string } };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_docmail_${randomBytes(3).toString('hex')}`,
      MAIL_FROM: 'Agence Événements <crm@agence.test>',
      MAIL_RETRY_DELAY_MS: '50',
      SMTP_URL: smtp.url,
    });
    worker = await startWorker(api.deps, new JobRegistry([emailSendHandler(api.deps.config)]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    ws = await createWorkspaceWithAdmin({ name: 'Agence Étoile' });
    admin = await clientFor(api, ws);
    company = (
      await admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Société Générale des Fêtes',
          siret: '73282932000074',
          addressLine1: '29 boulevard Haussmann',
          postalCode: '75009',
          city: 'Paris',
          mainContact: {
            firstName: 'Hélène',
            lastName: 'Dupré',
            email: 'helene.dupre@fetes.test',
            phoneDirect: '01 42 68 53 00',
          },
        },
      })
    ).createCompany;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
    await closeFactories();
  });

  const issuedInvoice = async (lines = [line('Location de la salle « Étoile »', '1', '1234.5', '20')]) => {
    const draft = (await admin.ok(CREATE_INVOICE, { input: { companyId: company.id, lines } })).createInvoice;
    return (await admin.ok(ISSUE, { id: draft.id })).issueInvoice;
  };

  it('serves quotes, invoices and credit notes as PDF to the workspace only (read-only keys too)', async () => {
    const invoice = await issuedInvoice();
    expect(invoice.pdfUrl).toBe(`/print/invoices/${invoice.id}/pdf`);
    const res = await admin.get(invoice.pdfUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Facture ${invoice.number}.pdf"`);
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);
    expect(text).toContain(`Facture ${invoice.number}`);
    expect(text).toContain('Société Générale des Fêtes');
    expect(text).toContain('Location de la salle « Étoile »');
    expect(text).toContain('1 481,40 €');
    expect(text).toContain('TVA à 20 % (1 234,50 €)');
    expect(text).toContain('SIRET : 73282932000074');
    expect(text).toContain('indemnité forfaitaire');

    const quote = (
      await admin.ok(CREATE_QUOTE, { input: { companyId: company.id, lines: [line('Traiteur', '3', '10', '10')] } })
    ).createQuote;
    const quotePdf = await admin.get(quote.pdfUrl);
    expect(quotePdf.headers.get('content-disposition')).toBe(`attachment; filename="Devis ${quote.number}.pdf"`);
    const quoteText = await pdfText(Buffer.from(await quotePdf.arrayBuffer()));
    expect(quoteText).toContain(`Devis ${quote.number}`);
    expect(quoteText).toContain('33,00 €');

    const credit = (await admin.ok(CANCEL, { id: invoice.id })).cancelInvoice.creditNote;
    const creditPdf = await admin.get(credit.pdfUrl);
    expect(creditPdf.headers.get('content-disposition')).toBe(`attachment; filename="Avoir ${credit.number}.pdf"`);
    const creditText = await pdfText(Buffer.from(await creditPdf.arrayBuffer()));
    expect(creditText).toContain(`Avoir ${credit.number}`);
    expect(creditText).toContain(`Avoir sur la facture ${invoice.number}`);
    expect(creditText).toContain('-1 481,40 €');

    const readOnly = await apiKeyClient(api, admin, 'READ_ONLY');
    expect((await readOnly.get(invoice.pdfUrl)).status).toBe(200);
    expect((await fetch(`${api.url}${invoice.pdfUrl}`)).status).toBe(401);
    const stranger = await clientFor(api, await createWorkspaceWithAdmin());
    const foreign = await stranger.get(invoice.pdfUrl);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain('Fêtes');
    expect((await admin.get(`/print/invoices/${invoice.id}/docx`)).headers.get('content-type')).not.toBe(
      'application/pdf',
    );
  });

  it('e-mails an issued invoice with its PDF, on the timeline, and records it sent', async () => {
    const invoice = await issuedInvoice();
    const { documentEmailDraft: draft } = await admin.ok(DRAFT, { invoiceId: invoice.id });
    expect(draft).toEqual({
      companyId: company.id,
      contactId: null,
      toContactIds: [company.mainContact.id],
      subject: `Facture ${invoice.number} — Agence Étoile`,
      text: expect.stringContaining(`notre facture ${invoice.number} d'un montant de 1\u202f481,40 € TTC`),
      attachmentName: `Facture ${invoice.number}.pdf`,
    });
    expect(draft.text).toMatch(/^Bonjour \{\{contact\.firstName\}\},/);

    const before = smtp.messages.length;
    const sent = (
      await admin.ok(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          companyId: draft.companyId,
          toContactIds: draft.toContactIds,
          subject: draft.subject,
          text: draft.text,
          invoiceId: invoice.id,
        },
      })
    ).sendEmail;
    await waitFor(
      () => admin.ok(EMAIL, { id: sent.id }),
      (d) => d.emailMessage.status !== 'QUEUED',
    ).then((d) => expect(d.emailMessage).toMatchObject({ status: 'SENT', failureReason: null }));
    const mail = smtp.messages.slice(before).find((m) => m.rcpt.includes('helene.dupre@fetes.test'));
    expect(mail).toBeDefined();
    const leaves = leafParts(parseMime(mail!.raw));
    expect(leaves.find((p) => p.headers['content-type']?.startsWith('text/plain'))).toBeDefined();
    expect(partContent(leaves.find((p) => p.headers['content-type']?.startsWith('text/plain'))!).toString()).toContain(
      'Bonjour Hélène,',
    );
    const attachment = leaves.find((p) => p.headers['content-disposition']?.startsWith('attachment'));
    expect(attachment!.headers['content-type']).toContain('application/pdf');
    expect(attachment!.headers['content-disposition']).toContain(`filename="Facture ${invoice.number}.pdf"`);
    const attached = partContent(attachment!);
    expect(attached.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(attached)).toContain('1 481,40 €');

    // Sent: on the invoice, in its history, and on the client's timeline.
    const after = await admin.ok(`query($id: ID!) { invoice(id: $id) { sentAt status } }`, { id: invoice.id });
    expect(after.invoice.sentAt).not.toBeNull();
    expect(after.invoice.status).toBe('ISSUED');
    const trail = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Invoice", entityId: $id) { edges { node { action changes } } } }`,
      { id: invoice.id },
    );
    expect(
      trail.auditTrail.edges.map((e: { node: { changes: object } }) => Object.keys(e.node.changes)),
    ).toContainEqual(['sentAt']);
    const timeline = await admin.ok(
      `query($id: ID) { activities(contactId: $id) { edges { node { kind comment email { pdfAttachment { name downloadUrl invoiceId } } } } } }`,
      { id: company.mainContact.id },
    );
    expect(timeline.activities.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      kind: 'EMAIL',
      comment: `Facture ${invoice.number} — Agence Étoile`,
      email: {
        pdfAttachment: { name: `Facture ${invoice.number}.pdf`, downloadUrl: invoice.pdfUrl, invoiceId: invoice.id },
      },
    });
  });

  it('marks a draft quote sent, and refuses a draft invoice or another client', async () => {
    const quote = (
      await admin.ok(CREATE_QUOTE, {
        input: { companyId: company.id, contactId: company.mainContact.id, lines: [line('Son', '1', '500', '20')] },
      })
    ).createQuote;
    expect(quote.status).toBe('DRAFT');
    const { documentEmailDraft: draft } = await admin.ok(DRAFT, { quoteId: quote.id });
    expect(draft).toMatchObject({
      companyId: null,
      contactId: company.mainContact.id,
      subject: `Devis ${quote.number} — Agence Étoile`,
      attachmentName: `Devis ${quote.number}.pdf`,
    });
    const input = (extra: Record<string, unknown>) => ({
      input: {
        idempotencyKey: randomUUID(),
        contactId: company.mainContact.id,
        toContactIds: [company.mainContact.id],
        subject: 'Votre devis',
        text: 'Ci-joint.',
        ...extra,
      },
    });
    await admin.ok(SEND, input({ quoteId: quote.id }));
    const sentQuote = await admin.ok(`query($id: ID!) { quote(id: $id) { status } }`, { id: quote.id });
    expect(sentQuote.quote.status).toBe('SENT');

    const draftInvoice = (
      await admin.ok(CREATE_INVOICE, { input: { companyId: company.id, lines: [line('A', '1', '10', '20')] } })
    ).createInvoice;
    const refused = await admin.gql(SEND, input({ invoiceId: draftInvoice.id }));
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toBe("Une facture brouillon ne peut pas être envoyée : émettez-la d'abord.");

    const other = (
      await admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Autre Client',
          mainContact: { firstName: 'Jean', lastName: 'Autre', email: 'jean@autre.test', phoneDirect: '0142685301' },
        },
      })
    ).createCompany;
    const elsewhere = await admin.gql(
      SEND,
      input({ contactId: other.mainContact.id, toContactIds: [other.mainContact.id], quoteId: quote.id }),
    );
    expect(errorCode(elsewhere)).toBe('BAD_USER_INPUT');
    expect(elsewhere.errors?.[0]?.extensions?.fields).toEqual([
      { path: ['input', 'quoteId'], message: "Ce document n'appartient pas à la société de l'email." },
    ]);

    const readOnly = await apiKeyClient(api, admin, 'READ_ONLY');
    expect(errorCode(await readOnly.gql(SEND, input({ quoteId: quote.id })))).toBe('FORBIDDEN');
  });

  it('copies the renamed client onto a draft quote it sends, and sends neither a cancelled invoice nor its date to the credit note', async () => {
    const client = (
      await admin.ok(CREATE_COMPANY, {
        input: {
          name: 'Salons Ancien Nom',
          mainContact: { firstName: 'Léa', lastName: 'Roux', email: 'lea@salons.test', phoneDirect: '0142685302' },
        },
      })
    ).createCompany;
    const send = (ref: Record<string, string>) =>
      admin.gql(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          companyId: client.id,
          toContactIds: [client.mainContact.id],
          subject: 'Document',
          text: 'Ci-joint.',
          ...ref,
        },
      });
    const quote = (
      await admin.ok(CREATE_QUOTE, { input: { companyId: client.id, lines: [line('Salle', '1', '900', '20')] } })
    ).createQuote;
    await admin.ok(`mutation($id: ID!, $input: CompanyFieldsInput!) { updateCompany(id: $id, input: $input) { id } }`, {
      id: client.id,
      input: { name: 'Salons Nouveau Nom' },
    });
    expect((await send({ quoteId: quote.id })).errors).toBeUndefined();
    // Sent, the quote is frozen with the name the client has now (the PDF the worker renders too).
    expect(
      (await admin.ok(`query($id: ID!) { quote(id: $id) { status clientName } }`, { id: quote.id })).quote,
    ).toEqual({
      status: 'SENT',
      clientName: 'Salons Nouveau Nom',
    });

    const invoice = (
      await admin.ok(CREATE_INVOICE, { input: { companyId: client.id, lines: [line('Salle', '1', '900', '20')] } })
    ).createInvoice;
    await admin.ok(ISSUE, { id: invoice.id });
    expect((await send({ invoiceId: invoice.id })).errors).toBeUndefined();
    const { cancelInvoice } = await admin.ok(CANCEL, { id: invoice.id });
    const refused = await send({ invoiceId: invoice.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toBe(
      "Cette facture est annulée : elle n'est plus due. Envoyez son avoir à la place.",
    );
    // The credit note was never e-mailed: the invoice's sending date is not copied onto it.
    const credit = await admin.ok(`query($id: ID!) { invoice(id: $id) { sentAt } }`, {
      id: cancelInvoice.creditNote.id,
    });
    expect(credit.invoice.sentAt).toBeNull();
    expect((await send({ invoiceId: cancelInvoice.creditNote.id })).errors).toBeUndefined();
  });
});
