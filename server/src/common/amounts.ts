import type { Locale } from './i18n';

/**
 * Numbers in messages, written the reader's way: "1 234,50 €" and "100 000" in French,
 * "€1,234.50" and "100,000" in English. A message parameter made with `amountParam` or
 * `decimalParam` is formatted by `translate` in the locale the message is shown in.
 */

const AMOUNT = 'amount:';
const DECIMAL = 'decimal:';

function grouped(value: string, locale: Locale): { sign: string; int: string; dec: string } {
  const [int, dec = ''] = value.replace('-', '').split('.');
  return {
    sign: value.startsWith('-') ? '-' : '',
    int: int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ','),
    dec,
  };
}

/** "1234.5" → "1 234,50 €" (fr, narrow no-break space) or "€1,234.50" (en): display only, from the decimal text. */
export function formatAmount(value: string, locale: Locale): string {
  const { sign, int, dec } = grouped(value, locale);
  const cents = dec.padEnd(2, '0');
  return locale === 'fr' ? `${sign}${int},${cents} €` : `${sign}€${int}.${cents}`;
}

/** "100000" → "100 000", "0.5" → "0,5" (fr); "100,000", "0.5" (en). */
export function formatDecimal(value: string, locale: Locale): string {
  const { sign, int, dec } = grouped(value, locale);
  return dec ? `${sign}${int}${locale === 'fr' ? ',' : '.'}${dec}` : `${sign}${int}`;
}

/** A message parameter shown as an amount in euros. */
export const amountParam = (value: string): string => `${AMOUNT}${value}`;
/** A message parameter shown as a plain number. */
export const decimalParam = (value: string): string => `${DECIMAL}${value}`;

/** The text of a parameter made by `amountParam` / `decimalParam`; null for any other. */
export function formattedParam(value: string, locale: Locale): string | null {
  if (value.startsWith(AMOUNT)) return formatAmount(value.slice(AMOUNT.length), locale);
  if (value.startsWith(DECIMAL)) return formatDecimal(value.slice(DECIMAL.length), locale);
  return null;
}
