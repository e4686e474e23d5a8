import type { FinanceLineFieldsFragment, FinanceLineInput } from '@/gql/graphql';
import { type LineDraft, formatNumber } from './totals';

/**
 * Stored lines as editable drafts, in the locale's notation ("3,5" in French): quantities and
 * rates without trailing zeros, prices with their cents. The inputs take either notation back
 * (the server reads "3,5" and "3.5" alike).
 */
export function linesToDrafts(lines: readonly FinanceLineFieldsFragment[], locale: string): LineDraft[] {
  const price = (v: string) => (locale === 'fr' ? v.replace('.', ',') : v);
  return lines.map((l) => ({
    description: l.description,
    quantity: formatNumber(l.quantity, locale),
    unitPrice: price(l.unitPrice),
    vatRate: formatNumber(l.vatRate, locale),
    discountPercent: Number(l.discountPercent) ? formatNumber(l.discountPercent, locale) : '',
  }));
}

/**
 * The French VAT rates the API takes (server: document-lines.ts VAT_RATES), mainland first
 * (normal rate first), then Corsica's and the overseas departments'.
 */
export const VAT_RATES = ['20', '10', '5.5', '2.1', '0', '13', '8.5', '1.75', '1.05', '0.9'] as const;

/** A new line as the editor adds it (and a new document starts with): one unit at 20 % VAT. */
export const blankLine = (): LineDraft => ({
  description: '',
  quantity: '1',
  unitPrice: '',
  vatRate: '20',
  discountPercent: '',
});

/**
 * A line left as it was added: not sent, so that a new document's starter line (or one added
 * and not filled) does not block the save as "required". A partly filled line is still sent,
 * and refused for what it lacks.
 */
export function isBlankLine(line: LineDraft): boolean {
  const blank = blankLine();
  return (Object.keys(blank) as (keyof LineDraft)[]).every((k) => line[k].trim() === blank[k]);
}

/** The indexes, among the drafts, of the lines sent (the blank ones left out). */
export function sentLineIndexes(lines: readonly LineDraft[]): number[] {
  return lines.flatMap((l, i) => (isBlankLine(l) ? [] : [i]));
}

/**
 * The API's errors with their line numbers turned back into the drafts': `lines.1.unitPrice`
 * of the sent lines is the draft's third line when a blank one before it was left out.
 */
export function errorsOnDrafts(errors: Record<string, string>, sent: readonly number[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => {
      const match = /^lines\.(\d+)\.(.*)$/.exec(path);
      const draft = match ? sent[Number(match[1])] : undefined;
      return [draft === undefined ? path : `lines.${draft}.${match![2]}`, message];
    }),
  );
}

/** Drafts as sent to the API: decimal strings as typed, the server checks and normalises them. */
export function draftsToInput(lines: readonly LineDraft[]): FinanceLineInput[] {
  return lines
    .filter((l) => !isBlankLine(l))
    .map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      vatRate: l.vatRate,
      ...(l.discountPercent.trim() ? { discountPercent: l.discountPercent } : {}),
    }));
}

/**
 * A quote's "valid until" as sent: left out when empty on a new quote (the server's default,
 * 30 days after the date), null when cleared on an existing one (left out, the API would keep
 * the old date while the page says "saved").
 */
export function validUntilInput(validUntil: string | null, creating: boolean): { validUntil?: string | null } {
  if (validUntil) return { validUntil };
  return creating ? {} : { validUntil: null };
}

/** Query-string ids (?companyId=…&contactId=…&eventId=…) that prefill a new document. */
export function prefill(query: Record<string, unknown>) {
  const id = (k: string) => (typeof query[k] === 'string' && query[k] ? (query[k] as string) : null);
  return { companyId: id('companyId'), contactId: id('contactId'), eventId: id('eventId'), billingAddressId: null };
}

/**
 * A day in the browser's time zone, as the date pickers' value (yyyy-MM-dd): a new document's
 * date shows today, the date the server would take anyway, instead of an empty field.
 */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
