import Decimal from 'decimal.js';
import { amountParam, decimalParam } from '../../common/amounts';

/**
 * Money arithmetic for quotes and invoices: exact decimals (decimal.js), never JS floats.
 *
 * Rules (the usual French practice, the same in the web client's live totals):
 * - a line's amount before tax is quantity × unit price × (1 − discount %), rounded to the cent;
 * - VAT is computed once per rate on the sum of the lines at that rate, rounded to the cent
 *   (not line by line, which drifts by cents on long documents);
 * - total before tax = Σ bases, total tax = Σ VAT per rate, total = both added.
 * Rounding is half away from zero, so a credit note is exactly the negative of its invoice.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export interface LineAmounts {
  quantity: string;
  unitPrice: string;
  vatRate: string;
  discountPercent: string;
}

export interface VatAmount {
  rate: string;
  base: string;
  tax: string;
}

export interface Totals {
  lineTotals: string[];
  vat: VatAmount[];
  totalExclTax: string;
  totalTax: string;
  totalInclTax: string;
}

const HUNDRED = new Money(100);
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export function lineTotal(line: LineAmounts): Decimal {
  const gross = new Money(line.quantity).times(line.unitPrice);
  const kept = HUNDRED.minus(line.discountPercent).dividedBy(HUNDRED);
  return cents(gross.times(kept));
}

export function computeTotals(lines: LineAmounts[]): Totals {
  const lineTotals = lines.map(lineTotal);
  const byRate = new Map<string, { rate: Decimal; base: Decimal }>();
  lines.forEach((line, i) => {
    const rate = new Money(line.vatRate);
    const key = rate.toFixed(2);
    const entry = byRate.get(key) ?? { rate, base: new Money(0) };
    entry.base = entry.base.plus(lineTotals[i]);
    byRate.set(key, entry);
  });
  const vat = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map(({ rate, base }) => ({ rate, base, tax: cents(base.times(rate).dividedBy(HUNDRED)) }));
  const totalExclTax = vat.reduce((sum, v) => sum.plus(v.base), new Money(0));
  const totalTax = vat.reduce((sum, v) => sum.plus(v.tax), new Money(0));
  return {
    lineTotals: lineTotals.map((d) => d.toFixed(2)),
    vat: vat.map((v) => ({ rate: v.rate.toFixed(2), base: v.base.toFixed(2), tax: v.tax.toFixed(2) })),
    totalExclTax: totalExclTax.toFixed(2),
    totalTax: totalTax.toFixed(2),
    totalInclTax: totalExclTax.plus(totalTax).toFixed(2),
  };
}

/** Sum of decimal strings (amounts read from the database), exact. */
export function sum(values: (string | null | undefined)[]): string {
  return values.reduce((acc, v) => acc.plus(v ?? 0), new Money(0)).toFixed(2);
}

export type ParsedDecimal =
  { ok: true; value: string } | { ok: false; reason: string; params?: Record<string, string | number> };

/**
 * Reads a decimal typed by a person: "1 234,5" or "1234.50". Returns its canonical text, or why
 * it is refused (not a number, more decimals than the column keeps, out of range). Never goes
 * through a JS number, so "0.1" stays exactly 0.1.
 */
export function parseDecimal(
  raw: string | null | undefined,
  opts: { scale: number; min?: string; max: string; amount?: boolean },
): ParsedDecimal {
  // The bounds in messages are written the reader's way ("Au plus 10 000 000,00 €").
  const bound = (v: string) =>
    opts.amount ? amountParam(new Money(v).toFixed(2)) : decimalParam(new Money(v).toFixed());
  const text = String(raw ?? '')
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return { ok: false, reason: 'finance.notANumber' };
  const value = new Money(text);
  if (value.decimalPlaces() > opts.scale)
    return { ok: false, reason: 'finance.tooManyDecimals', params: { scale: opts.scale } };
  if (opts.min !== undefined && value.lessThan(opts.min))
    return { ok: false, reason: 'finance.tooSmall', params: { min: bound(opts.min) } };
  if (value.greaterThan(opts.max)) return { ok: false, reason: 'finance.tooLarge', params: { max: bound(opts.max) } };
  return { ok: true, value: value.toFixed(opts.scale) };
}

export { formatAmount } from '../../common/amounts';
