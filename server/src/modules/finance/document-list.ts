import { nowOf } from '../../app-deps';
import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import { FieldErrors, badField } from '../../common/errors';
import { checkId } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { checkDate, today } from '../event/dates';
import { InvoiceEntity, QuoteEntity } from './finance.entity';

/** Orders of the quote and invoice lists; "due date" is a quote's validity date. */
export enum DocumentOrder {
  ISSUE_DATE_DESC = 'ISSUE_DATE_DESC',
  DUE_DATE_ASC = 'DUE_DATE_ASC',
  DUE_DATE_DESC = 'DUE_DATE_DESC',
  TOTAL_ASC = 'TOTAL_ASC',
  TOTAL_DESC = 'TOTAL_DESC',
  NUMBER_ASC = 'NUMBER_ASC',
  NUMBER_DESC = 'NUMBER_DESC',
}

export interface DocumentFilter {
  companyId?: string | null;
  contactId?: string | null;
  eventId?: string | null;
  status?: string[] | null;
  /** Invoices only: issued, balance due, due date passed (computed, never stored). */
  overdue?: boolean | null;
  /** Quotes only: sent, validity date passed. */
  expired?: boolean | null;
  issuedFrom?: string | null;
  issuedTo?: string | null;
  /** The document's salesperson (« Commercial »): see SALESPERSON_SQL. */
  salespersonId?: string | null;
}

type Doc = QuoteEntity | InvoiceEntity;

/** One key of an order: the SQL expression (never null), its cast for the cursor, its value on a row. */
interface SortKey {
  sql: string;
  cast: string;
  value: (d: Doc) => unknown;
}

const dueOf = (d: Doc) => ('dueDate' in d ? d.dueDate : d.validUntil);

function sortKeys(order: DocumentOrder, isInvoice: boolean): { keys: SortKey[]; dir: 'ASC' | 'DESC' } {
  const due = isInvoice ? 'd.due_date' : 'd.valid_until';
  const id: SortKey = { sql: 'd.id', cast: 'uuid', value: (d) => d.id };
  switch (order) {
    case DocumentOrder.DUE_DATE_ASC:
    case DocumentOrder.DUE_DATE_DESC: {
      // Documents without a due date come last either way.
      const asc = order === DocumentOrder.DUE_DATE_ASC;
      const none = asc ? 'infinity' : '-infinity';
      return {
        dir: asc ? 'ASC' : 'DESC',
        keys: [{ sql: `coalesce(${due}, '${none}'::date)`, cast: 'date', value: (d) => dueOf(d) ?? none }, id],
      };
    }
    case DocumentOrder.TOTAL_ASC:
    case DocumentOrder.TOTAL_DESC:
      return {
        dir: order === DocumentOrder.TOTAL_ASC ? 'ASC' : 'DESC',
        keys: [{ sql: 'd.total_incl_tax', cast: 'numeric', value: (d) => d.totalInclTax }, id],
      };
    case DocumentOrder.NUMBER_ASC:
    case DocumentOrder.NUMBER_DESC: {
      // Drafts (no number yet) come last either way: a flag first, false before true ascending.
      const asc = order === DocumentOrder.NUMBER_ASC;
      return {
        dir: asc ? 'ASC' : 'DESC',
        keys: [
          {
            sql: asc ? '(d.number IS NULL)' : '(d.number IS NOT NULL)',
            cast: 'boolean',
            value: (d) => (asc ? d.number === null : d.number !== null),
          },
          { sql: "coalesce(d.number, '')", cast: 'text', value: (d) => d.number ?? '' },
          id,
        ],
      };
    }
    default:
      return {
        dir: 'DESC',
        keys: [
          { sql: 'd.issue_date', cast: 'date', value: (d) => d.issueDate },
          { sql: 'd.created_at', cast: 'timestamptz', value: (d) => d.createdAt.toISOString() },
          id,
        ],
      };
  }
}

/** The payments received on invoice `d`, not cancelled: its balance due is the total less this. */
const RECEIVED = `(SELECT coalesce(sum(p.amount), 0) FROM invoice_payment p
  WHERE p.invoice_id = d.id AND p.kind = 'PAYMENT' AND p.cancelled_at IS NULL)`;
/** Invoice `d` is overdue: issued, something left to pay, due date before :today. */
export const OVERDUE_SQL = `(d.kind = 'INVOICE' AND d.status = 'ISSUED' AND d.due_date < CAST(:today AS date)
  AND d.total_incl_tax > ${RECEIVED})`;

/**
 * The salesperson of document `d` (« Commercial »): the salesperson of its contact (the
 * contact's commercial relationship), else, for a document without a contact or whose contact
 * has none, the salesperson of its company's main contact. Read as the records are now, so a
 * client handed over to another salesperson takes its documents along. The `salesperson`
 * field of Quote and Invoice follows the same rule (documentSalesperson in finance.resolver).
 */
const SALESPERSON_SQL = `coalesce(
  (SELECT c.salesperson_id FROM contact c WHERE c.id = d.contact_id),
  (SELECT m.salesperson_id FROM company co JOIN contact m ON m.id = co.main_contact_id WHERE co.id = d.company_id))`;

/** Quote `d` is expired: sent, validity date before :today. */
const EXPIRED_SQL = "(d.status = 'SENT' AND d.valid_until IS NOT NULL AND d.valid_until < CAST(:today AS date))";

/** The list's WHERE clause (and its parameters), shared by the page, its count and the totals. */
function documentWhere(ctx: Ctx, isInvoice: boolean, filter: DocumentFilter | null | undefined) {
  const f = filter ?? {};
  const where: string[] = [];
  const params: Record<string, unknown> = { today: today(nowOf(ctx.deps)) };
  if (f.companyId) {
    where.push('d.company_id = :companyId');
    params.companyId = checkId(f.companyId, 'Company');
  }
  if (f.contactId) {
    where.push('d.contact_id = :contactId');
    params.contactId = checkId(f.contactId, 'Contact');
  }
  if (f.eventId) {
    where.push('d.event_id = :eventId');
    params.eventId = checkId(f.eventId, 'Event');
  }
  if (f.salespersonId) {
    where.push(`${SALESPERSON_SQL} = :salespersonId`);
    params.salespersonId = checkId(f.salespersonId, 'User');
  }
  const errors = new FieldErrors();
  const from = checkDate(errors, ['filter', 'issuedFrom'], f.issuedFrom);
  const to = checkDate(errors, ['filter', 'issuedTo'], f.issuedTo);
  errors.throwIfAny();
  if (from) {
    where.push('d.issue_date >= CAST(:issuedFrom AS date)');
    params.issuedFrom = from;
  }
  if (to) {
    where.push('d.issue_date <= CAST(:issuedTo AS date)');
    params.issuedTo = to;
  }
  // Overdue (or expired) and statuses add up: "Payée or en retard" is either one.
  const either: string[] = [];
  if (f.status?.length) {
    either.push('d.status IN (:...status)');
    params.status = f.status;
  }
  if (isInvoice && f.overdue) either.push(OVERDUE_SQL);
  if (!isInvoice && f.expired) either.push(EXPIRED_SQL);
  if (either.length) where.push(`(${either.join(' OR ')})`);
  return { where, params };
}

/**
 * Quotes or invoices, newest first unless `orderBy` says otherwise. The finance tab's rule: a
 * company sees every document of the company whatever the contact; a contact only the
 * documents made out to it. Without a company or contact: every document of the workspace
 * (the "Factures" and "Devis" pages). Two statements: the count and the page.
 */
export async function listDocuments<T extends Doc>(
  ctx: Ctx,
  entity: new () => T,
  filter: DocumentFilter | null | undefined,
  first?: number | null,
  after?: string | null,
  orderBy?: DocumentOrder | null,
): Promise<Page<T>> {
  const size = checkPageSize(first);
  const isInvoice = (entity as unknown) === InvoiceEntity;
  const qb = (await em(ctx)).createQueryBuilder(entity, 'd');
  const { where, params } = documentWhere(ctx, isInvoice, filter);
  for (const w of where) qb.andWhere(w);
  qb.setParameters(params);
  const total = await qb.clone().getCount();
  const { keys, dir } = sortKeys(orderBy ?? DocumentOrder.ISSUE_DATE_DESC, isInvoice);
  if (after) {
    const values = decodeCursor(after, keys.length);
    if (values.some((v) => typeof v !== 'string' && typeof v !== 'boolean')) throw badField(['after'], 'field.cursor');
    const cursorParams: Record<string, unknown> = {};
    keys.forEach((_, i) => (cursorParams[`k${i}`] = values[i]));
    qb.andWhere(
      `(${keys.map((k) => k.sql).join(', ')}) ${dir === 'ASC' ? '>' : '<'} (${keys
        .map((k, i) => `CAST(:k${i} AS ${k.cast})`)
        .join(', ')})`,
      cursorParams,
    );
  }
  keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.sql, dir) : qb.addOrderBy(k.sql, dir)));
  let rows: T[];
  try {
    rows = await qb.take(size + 1).getMany();
  } catch (e) {
    // A cursor value the casts refuse (a forged cursor) is the cursor's fault.
    if (after && (e as { code?: string }).code?.startsWith('22')) throw badField(['after'], 'field.cursor');
    throw e;
  }
  return toPage(rows, size, (r) => keys.map((k) => k.value(r)), total);
}

export interface ReceivableTotals {
  count: number;
  outstanding: string;
  overdue: string;
}

/** The count and the sums (`columns`: alias to SQL) of the documents a filter selects, in one statement. */
async function sums<T extends { count: number }>(
  ctx: Ctx,
  isInvoice: boolean,
  filter: DocumentFilter | null | undefined,
  columns: Record<Exclude<keyof T, 'count'> & string, string>,
): Promise<T> {
  const { where, params } = documentWhere(ctx, isInvoice, filter);
  const qb = (await em(ctx))
    .createQueryBuilder(isInvoice ? InvoiceEntity : QuoteEntity, 'd')
    .select('count(*)::int', 'count');
  // numeric(16, 2) keeps the two decimals, also for the 0 of an empty sum.
  for (const [alias, sql] of Object.entries<string>(columns as Record<string, string>))
    qb.addSelect(`coalesce(${sql}, 0)::numeric(16, 2)::text`, alias);
  for (const w of where) qb.andWhere(w);
  qb.setParameters(params);
  // An aggregate without GROUP BY always returns its one row.
  return (await qb.getRawOne<T>()) as T;
}

/**
 * Totals of the invoices a filter selects: what is left to collect (balance due of the issued
 * invoices) and the part of it that is overdue. One statement, sums done by PostgreSQL (exact).
 */
export async function receivableTotals(ctx: Ctx, filter: DocumentFilter | null | undefined): Promise<ReceivableTotals> {
  return sums<ReceivableTotals>(ctx, true, filter, {
    outstanding: `sum(greatest(d.total_incl_tax - ${RECEIVED}, 0)) FILTER (WHERE d.kind = 'INVOICE' AND d.status = 'ISSUED')`,
    overdue: `sum(d.total_incl_tax - ${RECEIVED}) FILTER (WHERE ${OVERDUE_SQL})`,
  });
}

export interface QuoteTotals {
  count: number;
  totalExclTax: string;
  totalInclTax: string;
  openExclTax: string;
}

/**
 * Totals of the quotes a filter selects: their amounts before and after tax, and the amount
 * before tax of the open ones (draft or sent, not expired: what can still be signed, the
 * pipeline's value). One statement, sums done by PostgreSQL (exact).
 */
export async function quoteTotals(ctx: Ctx, filter: DocumentFilter | null | undefined): Promise<QuoteTotals> {
  return sums<QuoteTotals>(ctx, false, filter, {
    totalExclTax: 'sum(d.total_excl_tax)',
    totalInclTax: 'sum(d.total_incl_tax)',
    openExclTax: `sum(d.total_excl_tax) FILTER (WHERE d.status IN ('DRAFT', 'SENT') AND NOT ${EXPIRED_SQL})`,
  });
}
