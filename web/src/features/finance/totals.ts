import Decimal from 'decimal.js';

/**
 * Live totals of the quote and invoice forms, computed exactly as the server does
 * (server/src/modules/finance/money.ts): a line is quantity × unit price × (1 − discount %)
 * rounded to the cent, VAT once per rate on the sum of that rate's lines, half away from zero.
 * What is saved is always the server's own computation; this only previews it.
 */
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
const HUNDRED = new Money(100);

export interface LineDraft {
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  discountPercent: string;
}

export interface PreviewTotals {
  lineTotals: (string | null)[];
  vat: { rate: string; base: string; tax: string }[];
  totalExclTax: string;
  totalTax: string;
  totalInclTax: string;
}

/** "1 234,5" or "1234.50" as a decimal; null when it is not a number yet. */
export function readDecimal(raw: string): Decimal | null {
  const text = raw.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return null;
  return new Money(text);
}

const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

export function previewTotals(lines: LineDraft[]): PreviewTotals {
  const byRate = new Map<string, { rate: Decimal; base: Decimal }>();
  const lineTotals = lines.map((line) => {
    const q = readDecimal(line.quantity);
    const p = readDecimal(line.unitPrice);
    const r = readDecimal(line.vatRate);
    const d = line.discountPercent.trim() ? readDecimal(line.discountPercent) : new Money(0);
    if (!q || !p || !r || !d) return null;
    const total = cents(q.times(p).times(HUNDRED.minus(d).dividedBy(HUNDRED)));
    const key = r.toFixed(2);
    const entry = byRate.get(key) ?? { rate: r, base: new Money(0) };
    entry.base = entry.base.plus(total);
    byRate.set(key, entry);
    return total.toFixed(2);
  });
  const vat = [...byRate.values()]
    .sort((a, b) => a.rate.comparedTo(b.rate))
    .map(({ rate, base }) => ({ rate, base, tax: cents(base.times(rate).dividedBy(HUNDRED)) }));
  const excl = vat.reduce((s, v) => s.plus(v.base), new Money(0));
  const tax = vat.reduce((s, v) => s.plus(v.tax), new Money(0));
  return {
    lineTotals,
    vat: vat.map((v) => ({ rate: v.rate.toFixed(2), base: v.base.toFixed(2), tax: v.tax.toFixed(2) })),
    totalExclTax: excl.toFixed(2),
    totalTax: tax.toFixed(2),
    totalInclTax: excl.plus(tax).toFixed(2),
  };
}

/** "1234.5" → "1 234,50 €" (fr) or "€1,234.50" (en), from the decimal text: no float on the way. */
export function formatMoney(value: string | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === '') return '';
  const negative = value.startsWith('-');
  const [int = '0', dec = ''] = value.replace(/^[-+]/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'fr' ? '\u202f' : ',');
  const cents2 = dec.padEnd(2, '0').slice(0, 2);
  const sign = negative ? '-' : '';
  return locale === 'fr' ? `${sign}${grouped},${cents2} €` : `${sign}€${grouped}.${cents2}`;
}

/** A stored decimal ("20.00", "1.500") shown without useless zeros, in the locale's notation. */
export function formatNumber(value: string, locale: string): string {
  const trimmed = value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
  return locale === 'fr' ? trimmed.replace('.', ',') : trimmed;
}
