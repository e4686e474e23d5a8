import { IsNull } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, conflict } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { recordAudit } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { InvoiceEntity, InvoiceKind, InvoiceStatus, QuoteEntity, QuoteStatus } from './finance.entity';
import { getInvoice, lockInvoice } from './invoice.service';
import { WORDS, date, money } from './print';
import { getQuote, lockQuote, refreshDraftQuoteClient } from './quote.service';

/**
 * Quotes, invoices and credit notes e-mailed from their page: what the composer starts with
 * (documentEmailDraft), the checks of sendEmail's quoteId / invoiceId, and the document marked
 * sent in the same transaction. The worker attaches the PDF (finance/pdf.ts) when it sends.
 */

export interface DocumentRef {
  quoteId?: string | null;
  invoiceId?: string | null;
}

export type EmailedDocument = { kind: 'quote'; quote: QuoteEntity } | { kind: 'invoice'; invoice: InvoiceEntity };

const DRAFT_WORDS = {
  fr: {
    hello: 'Bonjour {{contact.firstName}},',
    quote: (n: string, total: string, until: string | null) =>
      `Veuillez trouver ci-joint notre devis ${n} d'un montant de ${total} TTC${until ? `, valable jusqu'au ${until}` : ''}.`,
    invoice: (n: string, total: string, due: string | null) =>
      `Veuillez trouver ci-joint notre facture ${n} d'un montant de ${total} TTC${due ? `, à régler avant le ${due}` : ''}.`,
    creditNote: (n: string, total: string) =>
      `Veuillez trouver ci-joint notre avoir ${n} d'un montant de ${total} TTC.`,
    bye: 'Cordialement,',
  },
  en: {
    hello: 'Hello {{contact.firstName}},',
    quote: (n: string, total: string, until: string | null) =>
      `Please find attached our quote ${n} for ${total} incl. tax${until ? `, valid until ${until}` : ''}.`,
    invoice: (n: string, total: string, due: string | null) =>
      `Please find attached our invoice ${n} for ${total} incl. tax${due ? `, due on ${due}` : ''}.`,
    creditNote: (n: string, total: string) => `Please find attached our credit note ${n} for ${total} incl. tax.`,
    bye: 'Kind regards,',
  },
} satisfies Record<Locale, unknown>;

/** What the composer opens with on a quote or invoice page. */
export interface DocumentEmailDraft {
  /** The record the email is sent from: the document's contact, else its company. */
  companyId: string | null;
  contactId: string | null;
  toContactIds: string[];
  subject: string;
  text: string;
  attachmentName: string;
}

/** The document's contact (when live, with an e-mail), else its company's main contact. */
async function defaultRecipient(ctx: Ctx, doc: QuoteEntity | InvoiceEntity): Promise<ContactEntity | null> {
  const manager = await em(ctx);
  if (doc.contactId) {
    const contact = await manager.findOneBy(ContactEntity, { id: doc.contactId, deletedAt: IsNull() });
    if (contact?.email) return contact;
  }
  const company = await manager.findOneBy(CompanyEntity, { id: doc.companyId });
  if (!company?.mainContactId) return null;
  const main = await manager.findOneBy(ContactEntity, { id: company.mainContactId, deletedAt: IsNull() });
  return main?.email ? main : null;
}

export async function documentEmailDraft(ctx: Ctx, ref: DocumentRef): Promise<DocumentEmailDraft> {
  const locale = ctx.actor.locale;
  const w = WORDS[locale];
  const words = DRAFT_WORDS[locale];
  const doc = await emailedDocument(ctx, ref, false);
  const d = doc.kind === 'quote' ? doc.quote : doc.invoice;
  const title =
    doc.kind === 'quote' ? w.quote : doc.invoice.kind === InvoiceKind.CREDIT_NOTE ? w.creditNote : w.invoice;
  const number = d.number ?? w.draftFile;
  const workspace = await (await em(ctx)).findOneBy(WorkspaceEntity, { id: ctx.actor.workspaceId });
  const sellerName = workspace?.legalName || workspace?.name || '';
  const total = money(d.totalInclTax, locale);
  const sentence =
    doc.kind === 'quote'
      ? words.quote(number, total, doc.quote.validUntil ? date(doc.quote.validUntil, locale) : null)
      : doc.invoice.kind === InvoiceKind.CREDIT_NOTE
        ? words.creditNote(number, total)
        : words.invoice(number, total, doc.invoice.dueDate ? date(doc.invoice.dueDate, locale) : null);
  const recipient = await defaultRecipient(ctx, d);
  const fromContact = d.contactId && recipient?.id === d.contactId;
  return {
    companyId: fromContact ? null : d.companyId,
    contactId: fromContact ? d.contactId : null,
    toContactIds: recipient ? [recipient.id] : [],
    subject: [`${title} ${number}`, sellerName].filter(Boolean).join(' — '),
    text: [words.hello, sentence, `${words.bye}\n{{sender.name}}`].join('\n\n'),
    attachmentName: `${title} ${number}.pdf`,
  };
}

/**
 * The quote or invoice named by quoteId / invoiceId (exactly one), locked when it is about to be
 * sent. A draft invoice has no number yet and is not sent (CONFLICT): it is issued first.
 */
async function emailedDocument(ctx: Ctx, ref: DocumentRef, lock: boolean): Promise<EmailedDocument> {
  if (ref.quoteId && ref.invoiceId) throw badField(['input', 'invoiceId'], 'finance.emailOneDocument');
  if (ref.quoteId) return { kind: 'quote', quote: await (lock ? lockQuote : getQuote)(ctx, ref.quoteId) };
  if (ref.invoiceId) return { kind: 'invoice', invoice: await (lock ? lockInvoice : getInvoice)(ctx, ref.invoiceId) };
  throw badField(['input', 'quoteId'], 'field.required');
}

/**
 * sendEmail's check of the document to attach: one of the record's company, not a draft invoice.
 * Returns null when the email attaches none.
 */
export async function checkEmailedDocument(
  ctx: Ctx,
  ref: DocumentRef,
  companyId: string,
): Promise<EmailedDocument | null> {
  if (!ref.quoteId && !ref.invoiceId) return null;
  const doc = await emailedDocument(ctx, ref, true);
  const d = doc.kind === 'quote' ? doc.quote : doc.invoice;
  if (d.companyId !== companyId) {
    const errors = new FieldErrors();
    errors.add(['input', doc.kind === 'quote' ? 'quoteId' : 'invoiceId'], 'finance.emailOtherClient');
    errors.throwIfAny();
  }
  if (doc.kind === 'invoice' && doc.invoice.status === InvoiceStatus.DRAFT) throw conflict('finance.emailDraftInvoice');
  // Its PDF bears no cancellation mark and the default text asks for payment.
  if (doc.kind === 'invoice' && doc.invoice.status === InvoiceStatus.CANCELLED)
    throw conflict('finance.emailCancelledInvoice');
  return doc;
}

/**
 * Marks the document e-mailed: a draft quote becomes SENT (what "Marquer envoyé" does; a quote
 * already sent, accepted or refused keeps its status), an invoice or credit note records when it
 * was sent. Audited on the document.
 */
export async function markDocumentEmailed(ctx: Ctx, doc: EmailedDocument): Promise<void> {
  const manager = await em(ctx);
  if (doc.kind === 'quote') {
    if (doc.quote.status !== QuoteStatus.DRAFT) return;
    // Leaving the draft stage, as "Marquer envoyé" does: the client's current details go on it
    // (and in the PDF the worker renders) before they are frozen.
    await refreshDraftQuoteClient(ctx, doc.quote);
    await manager.update(QuoteEntity, { id: doc.quote.id }, { status: QuoteStatus.SENT });
    await recordAudit(ctx, {
      entityType: 'Quote',
      entityId: doc.quote.id,
      action: 'update',
      before: { status: doc.quote.status },
      after: { status: QuoteStatus.SENT },
    });
    return;
  }
  const sentAt = new Date();
  await manager.update(InvoiceEntity, { id: doc.invoice.id }, { sentAt });
  await recordAudit(ctx, {
    entityType: 'Invoice',
    entityId: doc.invoice.id,
    action: 'update',
    before: { sentAt: doc.invoice.sentAt?.toISOString() ?? null },
    after: { sentAt: sentAt.toISOString() },
  });
}
