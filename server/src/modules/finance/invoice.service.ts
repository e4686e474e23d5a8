import { requireAdmin, requireWrite } from '../../common/actor';
import { amountParam } from '../../common/amounts';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, conflict, notFound } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { checkId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { addDays, today } from '../event/dates';
import { currentClientDetails, newDocumentParties } from './document-parties';
import { checkLines, linesOf, lineValues, writeLines } from './document-lines';
import { applyDocumentEdit, checkedDocumentLines, datedFields, given, totalsColumns } from './document-edit';
import { type DocumentOrder, listDocuments } from './document-list';
import { InvoiceEntity, InvoiceKind, InvoiceStatus, QuotePart, QuoteStatus } from './finance.entity';
import type { CreateInvoiceInput, InvoiceFieldsInput, InvoiceFilter } from './finance.inputs';
import { Money, computeTotals } from './money';
import { formatNumber, nextNumber } from './numbering';
import { getQuote, lockQuote, quoteLines, refreshDraftQuoteClient } from './quote.service';
import { type PlannedInvoice, type QuoteInvoiceRequest, planQuoteInvoice, sameLines } from './quote-invoicing';

const AUDITED = [
  'number',
  'status',
  'issueDate',
  'dueDate',
  'contactId',
  'eventId',
  'billingAddressId',
  'billingAddressLine1',
  'billingPostalCode',
  'billingCity',
  'clientName',
  'clientSiret',
  'clientVatNumber',
  'totalInclTax',
  'notes',
];

export async function getInvoice(ctx: Ctx, id: string): Promise<InvoiceEntity> {
  const invoice = await (await em(ctx)).findOneBy(InvoiceEntity, { id: checkId(id, 'Invoice') });
  if (!invoice) throw notFound('Invoice');
  return invoice;
}

/** The invoice row locked for this transaction: two requests acting on it run one after the other. */
export async function lockInvoice(ctx: Ctx, id: string): Promise<InvoiceEntity> {
  const invoice = await (
    await em(ctx)
  )
    .createQueryBuilder(InvoiceEntity, 'i')
    .where('i.id = :id', { id: checkId(id, 'Invoice') })
    .setLock('pessimistic_write')
    .getOne();
  if (!invoice) throw notFound('Invoice');
  return invoice;
}

function invoiceFields(
  input: InvoiceFieldsInput,
  errors: FieldErrors,
  current: InvoiceEntity | null,
): Partial<InvoiceEntity> {
  return datedFields(
    input,
    errors,
    current,
    { key: 'dueDate', value: input.dueDate, current: current?.dueDate, given: given(input, 'dueDate') },
    'finance.dueBeforeDate',
  );
}

async function audit(ctx: Ctx, action: string, before: InvoiceEntity | null, after: InvoiceEntity): Promise<void> {
  await recordAudit(ctx, {
    entityType: 'Invoice',
    entityId: after.id,
    action,
    before: before ? { ...before } : null,
    after: { ...after },
    fields: AUDITED,
  });
}

/** A draft invoice on its own (not from a quote), for an existing client or one created inline. */
export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const fields = invoiceFields(input, errors, null);
  const { lines, totals } = checkedDocumentLines(input, errors);
  const parties = await newDocumentParties(ctx, input, errors);
  const invoice = await (
    await em(ctx)
  ).save(InvoiceEntity, {
    ...fields,
    ...parties,
    workspaceId: ctx.actor.workspaceId,
    kind: InvoiceKind.INVOICE,
    number: null,
    status: InvoiceStatus.DRAFT,
    currency: 'EUR',
    ...totalsColumns(totals),
    createdBy: ctx.actor.userId,
  });
  await writeLines(ctx, { invoiceId: invoice.id }, lines, totals);
  const created = await getInvoice(ctx, invoice.id);
  await audit(ctx, 'create', null, created);
  return created;
}

/**
 * A draft invoice made from a quote, with its client, billing address (as copied on the quote)
 * and event: the whole quote (its lines), a deposit (a percentage of its total or an amount
 * including tax, one line per VAT rate) or the balance (its lines less the deposits issued);
 * see quote-invoicing.ts for the rules and the rounding.
 */
export async function createInvoiceFromQuote(
  ctx: Ctx,
  quoteId: string,
  request?: QuoteInvoiceRequest | null,
): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  // The quote row is locked: two clicks on "invoice this quote" run one after the other, and
  // the second one sees the invoice the first made.
  const locked = await lockQuote(ctx, quoteId);
  if (locked.status === QuoteStatus.REFUSED) throw conflict('finance.quoteRefused');
  const existing = (await invoicesByQuoteIds(ctx, [locked.id]))[0];
  const planned = planQuoteInvoice(locked, await quoteLines(ctx, locked.id), existing, request);
  // A draft quote invoiced is accepted below: it takes the client's details of now first.
  const quote = await refreshDraftQuoteClient(ctx, locked);
  const { lines, totals } = planned;
  const manager = await em(ctx);
  const invoice = await manager.save(InvoiceEntity, {
    workspaceId: ctx.actor.workspaceId,
    kind: InvoiceKind.INVOICE,
    number: null,
    status: InvoiceStatus.DRAFT,
    issueDate: today(),
    dueDate: null,
    companyId: quote.companyId,
    contactId: quote.contactId,
    eventId: quote.eventId,
    quoteId: quote.id,
    quotePart: planned.part,
    billingAddressId: quote.billingAddressId,
    billingAddressChosen: quote.billingAddressChosen,
    billingLabel: quote.billingLabel,
    billingAddressLine1: quote.billingAddressLine1,
    billingAddressLine2: quote.billingAddressLine2,
    billingPostalCode: quote.billingPostalCode,
    billingCity: quote.billingCity,
    billingCountry: quote.billingCountry,
    clientName: quote.clientName,
    clientSiret: quote.clientSiret,
    clientVatNumber: quote.clientVatNumber,
    currency: quote.currency,
    ...totalsColumns(totals),
    notes: quote.notes,
    createdBy: ctx.actor.userId,
  });
  await writeLines(ctx, { invoiceId: invoice.id }, lines, totals);
  // Invoicing a quote means the client accepted it.
  if (quote.status !== QuoteStatus.ACCEPTED) {
    await manager.query(`UPDATE quote SET status = 'ACCEPTED', updated_at = now() WHERE id = $1`, [quote.id]);
    await recordAudit(ctx, {
      entityType: 'Quote',
      entityId: quote.id,
      action: 'update',
      before: { status: quote.status },
      after: { status: QuoteStatus.ACCEPTED, invoiceId: invoice.id },
    });
  }
  const created = await getInvoice(ctx, invoice.id);
  await audit(ctx, 'create', null, created);
  return created;
}

/** Only a draft is edited: an issued invoice is frozen and is cancelled by a credit note. */
export async function updateInvoice(ctx: Ctx, id: string, input: InvoiceFieldsInput): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  const current = await lockInvoice(ctx, id);
  if (current.status !== InvoiceStatus.DRAFT) throw conflict('finance.invoiceNotDraft');
  const errors = new FieldErrors();
  const fields = invoiceFields(input, errors, current);
  if (input.lines && (current.quotePart === QuotePart.DEPOSIT || current.quotePart === QuotePart.BALANCE)) {
    // A deposit's or a balance's lines and amounts come from the quote (and its other invoices):
    // the form sends them back unchanged with the other fields; changing them is refused.
    const sent = checkLines(input.lines, new FieldErrors(), ['input', 'lines']);
    const stored = (await linesOf(ctx, 'invoice', current.id)).map(lineValues);
    if (!sameLines(sent, stored)) throw badField(['input', 'lines'], 'finance.quotePartLines');
    input = { ...input, lines: undefined };
  }
  await applyDocumentEdit(ctx, { invoiceId: current.id }, current, input, errors, fields);
  if (Object.keys(fields).length) await (await em(ctx)).update(InvoiceEntity, { id: current.id }, fields);
  const updated = await getInvoice(ctx, id);
  await audit(ctx, 'update', current, updated);
  return updated;
}

/** An invoice just issued, with the date its draft carried when issuing dated it today instead. */
export type IssuedInvoice = InvoiceEntity & { redatedFrom: string | null };

/**
 * Issues a draft: the next number of the workspace's series, taken in this transaction, and
 * today's date (numbers and dates must both go up); a draft dated otherwise is re-dated, and the
 * result says from which date (`redatedFrom`). The client's details (name, SIRET, VAT number,
 * billing address) are copied again as they are now: the invoice carries them as at issue. A
 * negative total is refused (that is a credit note's job). From then on the invoice is frozen.
 */
export async function issueInvoice(ctx: Ctx, id: string): Promise<IssuedInvoice> {
  requireWrite(ctx.actor);
  const current = await lockInvoice(ctx, id);
  if (current.status !== InvoiceStatus.DRAFT) throw conflict('finance.invoiceNotDraft');
  const lines = await linesOf(ctx, 'invoice', current.id);
  if (!lines.length) throw conflict('finance.noLines');
  // An invoice below zero would never be paid and would count against the balance due: money
  // owed to the client is a credit note.
  if (new Money(current.totalInclTax).isNegative())
    throw badField(['totalInclTax'], 'finance.negativeTotal', { total: amountParam(current.totalInclTax) });
  // Nor at zero: a 0 € invoice is a mistake (prices left out, a discount cancelling everything),
  // and once issued it takes a number for good. Credit notes are issued by cancelInvoice.
  if (current.kind === InvoiceKind.INVOICE && new Money(current.totalInclTax).isZero())
    throw badField(['totalInclTax'], 'finance.zeroTotal', { lines: linesNamed(lines, ctx.actor.locale) });
  const issueDate = today();
  if (current.dueDate && current.dueDate < issueDate) throw conflict('finance.dueDatePast');
  // A client in the trash owes nothing (deleting it is refused while it does): its draft is not
  // issued. The share lock orders this against the company's deletion (which updates its row).
  const [company] = (await (
    await em(ctx)
  ).query('SELECT name, deleted_at FROM company WHERE id = $1 FOR SHARE', [current.companyId])) as {
    name: string;
    deleted_at: Date | null;
  }[];
  if (company?.deleted_at) throw conflict('finance.companyDeleted', { name: company.name });
  if (current.eventId) {
    // An issued invoice's event stays live (deleteEvent refuses it): a draft naming an event in
    // the trash is not issued. The share lock orders this against a deletion of the event
    // running at the same time (deleteEvent locks the event row before looking at invoices).
    const [event] = (await (
      await em(ctx)
    ).query('SELECT name, deleted_at FROM event WHERE id = $1 FOR SHARE', [current.eventId])) as {
      name: string;
      deleted_at: Date | null;
    }[];
    if (event?.deleted_at) throw conflict('finance.eventDeleted', { name: event.name });
  }
  // In this transaction: a rename committed before the number is taken is on the invoice.
  const client = await currentClientDetails(ctx, current);
  await (await em(ctx)).update(InvoiceEntity, { id: current.id }, client);
  await assignNumber(ctx, current, issueDate);
  const issued = await getInvoice(ctx, id);
  await audit(ctx, 'issue', current, issued);
  return { ...issued, redatedFrom: current.issueDate !== issueDate ? current.issueDate : null };
}

/** The lines of a document as a message names them: « Location de salle », « Remise »… (the first five). */
function linesNamed(lines: { description: string }[], locale: Locale): string {
  const [open, close] = locale === 'fr' ? ['« ', ' »'] : ['“', '”'];
  const shown = lines.slice(0, 5).map((l) => {
    const text = l.description.replace(/\s+/g, ' ').trim();
    return `${open}${text.length > 60 ? `${text.slice(0, 59)}…` : text}${close}`;
  });
  const more = lines.length - shown.length;
  if (more > 0) shown.push(locale === 'fr' ? `et ${more} autre${more > 1 ? 's' : ''}` : `and ${more} more`);
  return shown.join(', ');
}

async function assignNumber(ctx: Ctx, invoice: InvoiceEntity, issueDate: string): Promise<void> {
  const n = await nextNumber(ctx, 'INVOICE');
  await (
    await em(ctx)
  ).update(
    InvoiceEntity,
    { id: invoice.id },
    {
      number: formatNumber(invoice.kind === InvoiceKind.CREDIT_NOTE ? 'AV' : 'F', n),
      status: InvoiceStatus.ISSUED,
      issueDate,
      dueDate: invoice.dueDate ?? (invoice.kind === InvoiceKind.INVOICE ? addDays(issueDate, 30) : null),
      issuedAt: new Date(),
    },
  );
}

/**
 * Cancels an invoice. A draft is simply cancelled (it never had a number). An issued (or paid)
 * invoice is never changed: a credit note with the opposite lines is issued in the same
 * series, and the invoice is marked cancelled.
 */
export async function cancelInvoice(ctx: Ctx, id: string): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  const current = await lockInvoice(ctx, id);
  if (current.kind === InvoiceKind.CREDIT_NOTE) throw conflict('finance.creditNoteFinal');
  if (current.status === InvoiceStatus.CANCELLED) throw conflict('finance.alreadyCancelled');
  // A draft is anyone's to drop; an issued invoice is in the books: its credit note is an admin's
  // decision (an admin's READ_WRITE API key acts as that admin).
  if (current.status !== InvoiceStatus.DRAFT) requireAdmin(ctx.actor, 'finance.cancelIssuedAdminOnly');
  if (current.quotePart === QuotePart.DEPOSIT && current.quoteId) {
    // The quote's lock orders this against a balance being made from the quote at the same time.
    await lockQuote(ctx, current.quoteId);
    const balance = (await invoicesByQuoteIds(ctx, [current.quoteId]))[0].find(
      (i) => i.quotePart === QuotePart.BALANCE && i.status !== InvoiceStatus.CANCELLED,
    );
    // The balance deducts this deposit: cancelling the deposit alone would leave it billed short.
    if (balance)
      throw balance.number
        ? conflict('finance.depositInBalance', { number: balance.number })
        : conflict('finance.depositInBalanceDraft');
  }
  const manager = await em(ctx);
  if (current.status !== InvoiceStatus.DRAFT) {
    const lines = (await linesOf(ctx, 'invoice', current.id)).map((l) => ({
      ...lineValues(l),
      quantity: new Money(l.quantity).negated().toFixed(3),
    }));
    // The exact opposite of the invoice's stored totals: a deposit's or a balance's VAT per rate
    // is not recomputed from its lines (quote-invoicing.ts), so it is negated, not recomputed.
    const totals = {
      ...computeTotals(lines),
      vat: current.vatBreakdown.map((v) => ({
        rate: v.rate,
        base: new Money(v.base).negated().toFixed(2),
        tax: new Money(v.tax).negated().toFixed(2),
      })),
      totalExclTax: new Money(current.totalExclTax).negated().toFixed(2),
      totalTax: new Money(current.totalTax).negated().toFixed(2),
      totalInclTax: new Money(current.totalInclTax).negated().toFixed(2),
    };
    // The credit note carries the invoice's parties (client, contact, event, billing address,
    // client identifiers) and currency. Not its notes: they are the invoice's commercial terms
    // (« Acompte de 30 % à la signature »), meaningless on a credit note. Its own dates: issued
    // today (assignNumber), no due date, no payment terms (the late-payment text is the invoice's).
    const { id: _id, createdAt: _c, updatedAt: _u, notes: _notes, ...copy } = current;
    const credit = await manager.save(InvoiceEntity, {
      ...copy,
      notes: null,
      kind: InvoiceKind.CREDIT_NOTE,
      number: null,
      status: InvoiceStatus.DRAFT,
      dueDate: null,
      quoteId: null,
      quotePart: null,
      creditedInvoiceId: current.id,
      issuedAt: null,
      // Never e-mailed itself: the invoice's sending date is not the credit note's.
      sentAt: null,
      paidAt: null,
      cancelledAt: null,
      ...totalsColumns(totals),
      createdBy: ctx.actor.userId,
    });
    await writeLines(ctx, { invoiceId: credit.id }, lines, totals);
    await assignNumber(ctx, credit, today());
    await audit(ctx, 'create', null, await getInvoice(ctx, credit.id));
  }
  await manager.update(InvoiceEntity, { id }, { status: InvoiceStatus.CANCELLED, cancelledAt: new Date() });
  const cancelled = await getInvoice(ctx, id);
  await audit(ctx, 'cancel', current, cancelled);
  return cancelled;
}

export async function listInvoices(
  ctx: Ctx,
  filter: InvoiceFilter | null | undefined,
  first?: number | null,
  after?: string | null,
  orderBy?: DocumentOrder | null,
): Promise<Page<InvoiceEntity>> {
  return listDocuments(ctx, InvoiceEntity, filter, first, after, orderBy);
}

/** Batch: the invoices made from each quote (credit notes excluded), oldest first. */
export async function invoicesByQuoteIds(ctx: Ctx, ids: readonly string[]): Promise<InvoiceEntity[][]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(InvoiceEntity, 'i')
    .where('i.quote_id IN (:...ids) AND i.kind = :kind', { ids: [...ids], kind: InvoiceKind.INVOICE })
    .orderBy('i.created_at', 'ASC')
    .addOrderBy('i.id', 'ASC')
    .getMany();
  return ids.map((id) => rows.filter((r) => r.quoteId === id));
}

/** Batch: the credit note cancelling each invoice, if any. */
export async function creditNotesByInvoiceIds(ctx: Ctx, ids: readonly string[]): Promise<(InvoiceEntity | null)[]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(InvoiceEntity, 'i')
    .where('i.credited_invoice_id IN (:...ids)', { ids: [...ids] })
    .getMany();
  return ids.map((id) => rows.find((r) => r.creditedInvoiceId === id) ?? null);
}

/**
 * What createInvoiceFromQuote would make now, without making it (the deposit dialog shows the
 * amounts before the user confirms): the same checks, the same errors.
 */
export async function previewInvoiceFromQuote(
  ctx: Ctx,
  quoteId: string,
  request?: QuoteInvoiceRequest | null,
): Promise<PlannedInvoice> {
  const quote = await getQuote(ctx, quoteId);
  if (quote.status === QuoteStatus.REFUSED) throw conflict('finance.quoteRefused');
  const existing = (await invoicesByQuoteIds(ctx, [quote.id]))[0];
  return planQuoteInvoice(quote, await quoteLines(ctx, quote.id), existing, request);
}
