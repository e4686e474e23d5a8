import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import { changedKeys } from '@/features/custom-fields/values';

/** One changed field of an audit entry; a custom field carries its definition (if still defined). */
export interface ChangeRow {
  field: string;
  from: unknown;
  to: unknown;
  custom?: { key: string; definition?: CustomFieldFieldsFragment };
}

function changeOf(value: unknown): { from: unknown; to: unknown } {
  if (value && typeof value === 'object' && 'from' in value && 'to' in value)
    return value as { from: unknown; to: unknown };
  return { from: null, to: value };
}

const asValues = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The rows an entry's changes show: one per field, and the custom fields (stored together
 * as one `customFields` object) one per changed value, in the order of their definitions.
 */
export function changeRows(changes: Record<string, unknown>, definitions: CustomFieldFieldsFragment[]): ChangeRow[] {
  const rows: ChangeRow[] = [];
  for (const [field, value] of Object.entries(changes)) {
    const { from, to } = changeOf(value);
    if (field !== 'customFields') {
      rows.push({ field, from, to });
      continue;
    }
    const before = asValues(from);
    const after = asValues(to);
    // The same comparison as the custom fields form's update: the keys it would have sent.
    const keys = changedKeys(after, before);
    const position = (key: string) => {
      const i = definitions.findIndex((d) => d.key === key);
      return i < 0 ? definitions.length : i;
    };
    keys.sort((a, b) => position(a) - position(b) || a.localeCompare(b));
    for (const key of keys)
      rows.push({
        field: `customFields.${key}`,
        from: before[key] ?? null,
        to: after[key] ?? null,
        custom: { key, definition: definitions.find((d) => d.key === key) },
      });
  }
  return rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id (of a record, a user, a list value): never shown as such. */
export const isId = (value: string) => UUID.test(value);

/** A merge's report of one table's rows (server MovedRelationType). */
export interface MovedRelation {
  table: string;
  column: string;
  moved: number;
  duplicatesDropped: number;
  leftBehind: number;
}

const isRelation = (v: unknown): v is MovedRelation =>
  !!v && typeof v === 'object' && 'table' in v && 'moved' in v && typeof (v as MovedRelation).moved === 'number';

/**
 * The message key naming a table's rows: the table, or for the two pointers a company row
 * holds, what the column means (a subsidiary, a company whose main contact it was).
 */
export const relationKey = (r: Pick<MovedRelation, 'table' | 'column'>) =>
  r.table === 'company' ? `company_${r.column}` : r.table;

/**
 * A merge's "links taken over" as sentences ("1 activité reprise"), one per table, from the
 * stored report, never its JSON. `t(key, count)` is the page's pluralising translate;
 * tables without a message of their own are counted as "other links".
 */
export function relationsSummary(
  value: unknown,
  t: (key: string, count: number) => string,
  has: (key: string) => boolean,
): string[] {
  const list = (Array.isArray(value) ? value : []).filter(isRelation);
  const lines: string[] = [];
  for (const r of list) {
    const key = has(`clients.history.relations.moved.${relationKey(r)}`) ? relationKey(r) : 'other';
    const parts: string[] = [];
    if (r.moved) parts.push(t(`clients.history.relations.moved.${key}`, r.moved));
    if (r.duplicatesDropped) parts.push(t('clients.history.relations.duplicatesDropped', r.duplicatesDropped));
    if (r.leftBehind) parts.push(t('clients.history.relations.leftBehind', r.leftBehind));
    if (!parts.length) continue;
    if (!r.moved) parts.unshift(t(`clients.history.relations.names.${key}`, r.duplicatesDropped + r.leftBehind));
    lines.push(r.moved ? parts.join(', ') : `${parts[0]} : ${parts.slice(1).join(', ')}`);
  }
  return lines;
}

/**
 * The fields a merge filled in, as the user knows them: without the *Raw companions (a phone
 * as typed, copied with its normalised value) that entries written before the server left
 * them out still list.
 */
export const filledFieldKeys = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).filter((f): f is string => typeof f === 'string' && !/Raw$/.test(f));

/** The audited documents of the finance module: their history shows amounts, days and statuses. */
export type FinanceDocument = 'Invoice' | 'Quote';

const FINANCE_DAYS = ['issueDate', 'dueDate', 'validUntil'];
const FINANCE_MONEY = ['totalInclTax', 'paidAmount', 'refundedAmount'];
const FINANCE_ENTRIES = ['payment', 'refund'];

/**
 * A value of a quote's or an invoice's history as words, or null when it is not one of
 * theirs (the caller's general display applies): statuses by their names, days and amounts
 * formatted, a payment or refund as "150,00 € · 12 mars 2026 · Virement · VIR 42".
 * `t` and `has` are the page's translate; `day` and `money` its formatters.
 */
export function financeValue(
  document: FinanceDocument,
  field: string,
  value: unknown,
  fmt: {
    t: (key: string) => string;
    has: (key: string) => boolean;
    day: (value: string) => string;
    money: (value: string) => string;
  },
): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (field === 'status' && typeof value === 'string') {
    const key = `finance.${document === 'Quote' ? 'quote' : 'invoice'}Statuses.${value}`;
    return fmt.has(key) ? fmt.t(key) : value;
  }
  if (FINANCE_DAYS.includes(field) && typeof value === 'string') return fmt.day(value);
  if (FINANCE_MONEY.includes(field) && (typeof value === 'string' || typeof value === 'number'))
    return fmt.money(String(value));
  if (FINANCE_ENTRIES.includes(field) && typeof value === 'object' && !Array.isArray(value)) {
    const e = value as { amount?: unknown; date?: unknown; method?: unknown; reference?: unknown };
    const method = typeof e.method === 'string' ? `finance.payments.methods.${e.method}` : null;
    return [
      e.amount !== undefined && e.amount !== null ? fmt.money(String(e.amount)) : null,
      typeof e.date === 'string' ? fmt.day(e.date) : null,
      method && fmt.has(method) ? fmt.t(method) : null,
      typeof e.reference === 'string' && e.reference ? e.reference : null,
    ]
      .filter(Boolean)
      .join(' · ');
  }
  return null;
}

/**
 * A value of an event's history as words, or null when it is not one of theirs: its status by
 * name ("Confirmé"), its start and end days formatted. `t`, `has` and `day` are the page's.
 */
export function eventValue(
  field: string,
  value: unknown,
  fmt: { t: (key: string) => string; has: (key: string) => boolean; day: (value: string) => string },
): string | null {
  if (typeof value !== 'string' || !value) return null;
  if (field === 'status') {
    const key = `events.statuses.${value}`;
    return fmt.has(key) ? fmt.t(key) : value;
  }
  if (field === 'startDate' || field === 'endDate') return fmt.day(value);
  return null;
}
