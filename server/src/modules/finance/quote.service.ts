import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, conflict, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import type { Page } from '../../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import { addDays } from '../event/dates';
import { currentClientDetails, newDocumentParties } from './document-parties';
import { linesOf, lineValues, writeLines } from './document-lines';
import { applyDocumentEdit, checkedDocumentLines, datedFields, given, totalsColumns } from './document-edit';
import { type DocumentOrder, listDocuments } from './document-list';
import { QuoteEntity, QuoteStatus } from './finance.entity';
import type { CreateQuoteInput, QuoteFieldsInput, QuoteFilter } from './finance.inputs';
import { formatNumber, nextNumber } from './numbering';

const AUDITED = [
  'number',
  'status',
  'issueDate',
  'validUntil',
  'contactId',
  'eventId',
  'billingAddressId',
  'totalInclTax',
  'notes',
];

export async function getQuote(ctx: Ctx, id: string): Promise<QuoteEntity> {
  const quote = await (await em(ctx)).findOneBy(QuoteEntity, { id: checkId(id, 'Quote') });
  if (!quote) throw notFound('Quote');
  return quote;
}

/** The quote row locked for this transaction: two requests acting on it run one after the other. */
export async function lockQuote(ctx: Ctx, id: string): Promise<QuoteEntity> {
  const quote = await (
    await em(ctx)
  )
    .createQueryBuilder(QuoteEntity, 'q')
    .where('q.id = :id', { id: checkId(id, 'Quote') })
    .setLock('pessimistic_write')
    .getOne();
  if (!quote) throw notFound('Quote');
  return quote;
}

/** Checks the fields shared by create and update; returns the columns to write. */
function quoteFields(input: QuoteFieldsInput, errors: FieldErrors, current: QuoteEntity | null): Partial<QuoteEntity> {
  const fields = datedFields(
    input,
    errors,
    current,
    { key: 'validUntil', value: input.validUntil, current: current?.validUntil, given: given(input, 'validUntil') },
    'finance.validBeforeDate',
  );
  if (!current && !given(input, 'validUntil')) fields.validUntil = addDays(fields.issueDate as string, 30);
  return fields;
}

export async function createQuote(ctx: Ctx, input: CreateQuoteInput): Promise<QuoteEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const fields = quoteFields(input, errors, null);
  const { lines, totals } = checkedDocumentLines(input, errors);
  const parties = await newDocumentParties(ctx, input, errors);
  const manager = await em(ctx);
  const quote = await manager.save(QuoteEntity, {
    ...fields,
    ...parties,
    workspaceId: ctx.actor.workspaceId,
    number: formatNumber('D', await nextNumber(ctx, 'QUOTE')),
    status: QuoteStatus.DRAFT,
    currency: 'EUR',
    ...totalsColumns(totals),
    createdBy: ctx.actor.userId,
  });
  await writeLines(ctx, { quoteId: quote.id }, lines, totals);
  await recordAudit(ctx, {
    entityType: 'Quote',
    entityId: quote.id,
    action: 'create',
    after: { ...quote },
    fields: AUDITED,
  });
  return getQuote(ctx, quote.id);
}

/** A quote is edited while draft or sent; accepted and refused quotes are closed. */
export async function updateQuote(ctx: Ctx, id: string, input: QuoteFieldsInput): Promise<QuoteEntity> {
  requireWrite(ctx.actor);
  const current = await getQuote(ctx, id);
  if (current.status === QuoteStatus.ACCEPTED || current.status === QuoteStatus.REFUSED)
    throw conflict('finance.quoteClosed');
  const errors = new FieldErrors();
  const fields = quoteFields(input, errors, current);
  await applyDocumentEdit(ctx, { quoteId: current.id }, current, input, errors, fields);
  const manager = await em(ctx);
  if (Object.keys(fields).length) await manager.update(QuoteEntity, { id: current.id }, fields);
  const updated = await getQuote(ctx, id);
  await recordAudit(ctx, {
    entityType: 'Quote',
    entityId: id,
    action: 'update',
    before: { ...current },
    after: { ...updated },
    fields: AUDITED,
  });
  return updated;
}

/**
 * A draft quote leaving the draft stage (sent, or accepted straight away) takes the client's
 * details of now, as an invoice does at issue: the name, identifiers and billing address the
 * client reads are the current ones. Returns the quote as written.
 */
export async function refreshDraftQuoteClient(ctx: Ctx, quote: QuoteEntity): Promise<QuoteEntity> {
  if (quote.status !== QuoteStatus.DRAFT) return quote;
  const client = await currentClientDetails(ctx, quote);
  await (await em(ctx)).update(QuoteEntity, { id: quote.id }, client);
  return { ...quote, ...client };
}

const QUOTE_TRANSITIONS: Record<QuoteStatus, QuoteStatus[]> = {
  [QuoteStatus.DRAFT]: [QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.REFUSED],
  [QuoteStatus.SENT]: [QuoteStatus.DRAFT, QuoteStatus.ACCEPTED, QuoteStatus.REFUSED],
  [QuoteStatus.ACCEPTED]: [],
  // Reopening goes back to the status before the refusal (reopenQuote).
  [QuoteStatus.REFUSED]: [QuoteStatus.DRAFT, QuoteStatus.SENT],
};

export async function setQuoteStatus(ctx: Ctx, id: string, status: QuoteStatus): Promise<QuoteEntity> {
  requireWrite(ctx.actor);
  const current = await getQuote(ctx, id);
  if (current.status === status) return current;
  if (!QUOTE_TRANSITIONS[current.status].includes(status))
    throw conflict(`finance.quoteTransition.${current.status}.${status}`);
  if (status !== QuoteStatus.REFUSED) await refreshDraftQuoteClient(ctx, current);
  await (await em(ctx)).update(QuoteEntity, { id }, { status });
  await recordAudit(ctx, {
    entityType: 'Quote',
    entityId: id,
    action: 'update',
    before: { status: current.status },
    after: { status },
  });
  return getQuote(ctx, id);
}

/**
 * Reopens a refused quote to the status it had before the refusal: a draft that was never
 * sent goes back to DRAFT, not SENT. The quote row keeps no sent date; the audit trail of
 * the refusal (setQuoteStatus) holds the previous status. A quote refused before the trail
 * existed goes back to SENT, as it always did.
 */
export async function reopenQuote(ctx: Ctx, id: string): Promise<QuoteEntity> {
  requireWrite(ctx.actor);
  const current = await getQuote(ctx, id);
  if (current.status !== QuoteStatus.REFUSED) return current;
  const [refusal]: { from: string | null }[] = await (
    await em(ctx)
  ).query(
    `SELECT changes->'status'->>'from' AS "from" FROM audit_log
      WHERE entity_type = 'Quote' AND entity_id = $1 AND changes->'status'->>'to' = $2
      ORDER BY id DESC LIMIT 1`,
    [id, QuoteStatus.REFUSED],
  );
  return setQuoteStatus(ctx, id, refusal?.from === QuoteStatus.DRAFT ? QuoteStatus.DRAFT : QuoteStatus.SENT);
}

export async function listQuotes(
  ctx: Ctx,
  filter: QuoteFilter | null | undefined,
  first?: number | null,
  after?: string | null,
  orderBy?: DocumentOrder | null,
): Promise<Page<QuoteEntity>> {
  return listDocuments(ctx, QuoteEntity, filter, first, after, orderBy);
}

/** The quote's lines as plain values, for an invoice made from it. */
export async function quoteLines(ctx: Ctx, quoteId: string) {
  return (await linesOf(ctx, 'quote', quoteId)).map(lineValues);
}

/** The company row of a document (deleted companies included: documents outlive them). */
export async function documentCompany(ctx: Ctx, companyId: string): Promise<CompanyEntity> {
  return (await em(ctx)).findOneByOrFail(CompanyEntity, { id: companyId });
}
