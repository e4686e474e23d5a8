import Decimal from 'decimal.js';
import { amountParam, formatAmount, formatDecimal } from '../../common/amounts';
import { FieldErrors, badField, conflict } from '../../common/errors';
import type { LineValues } from './document-lines';
import { type InvoiceEntity, InvoiceStatus, QuotePart, type QuoteEntity } from './finance.entity';
import { Money, type Totals, type VatAmount, computeTotals, lineTotal, parseDecimal } from './money';

/**
 * Invoicing a quote in parts, the French way: the whole quote at once (FULL), or deposits
 * (acomptes) then the balance (solde).
 *
 * - A deposit is a share of the quote's total including tax: a percentage of it, or a fixed
 *   amount. It is split over the quote's VAT rates in proportion to what remains to invoice at
 *   each rate (to the cent, largest remainders first), and each rate's share is one line: the
 *   VAT of a deposit is the VAT included in the amount (amount × rate / (100 + rate), to the
 *   cent), its amount before tax the rest. So HT + TVA = TTC exactly, per rate and in total.
 * - The balance has the quote's lines, then one negative line per deposit and rate. Its VAT
 *   per rate is the quote's less the deposits' (not recomputed from its lines, which could
 *   differ by a cent), so the deposits and the balance add up exactly to the quote's totals.
 * - The invoices of a quote that are not cancelled never exceed its total.
 *
 * The amounts of deposit and balance invoices are stored as computed here: their lines are not
 * edited afterwards (updateInvoice refuses changed lines), and their credit note is their exact
 * opposite.
 */

export interface QuoteInvoiceRequest {
  kind?: QuotePart | null;
  percent?: string | null;
  amountInclTax?: string | null;
}

export interface PlannedInvoice {
  part: QuotePart;
  lines: LineValues[];
  totals: Totals;
}

const HUNDRED = new Money(100);
const CENT = new Money('0.01');
const cents = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const rateKey = (rate: string) => new Money(rate).toFixed(2);
const ZERO = () => new Money(0);

/** The invoices of a quote that count: not cancelled (drafts included: they will be issued). */
export const liveInvoices = (invoices: InvoiceEntity[]) => invoices.filter((i) => i.status !== InvoiceStatus.CANCELLED);

/** Total including tax of the quote's live invoices. */
export function invoicedAmount(invoices: InvoiceEntity[]): string {
  return liveInvoices(invoices)
    .reduce((acc, i) => acc.plus(i.totalInclTax), ZERO())
    .toFixed(2);
}

/** What is left to invoice on the quote (never below 0). */
export function remainingAmount(quote: Pick<QuoteEntity, 'totalInclTax'>, invoices: InvoiceEntity[]): string {
  return Decimal.max(new Money(quote.totalInclTax).minus(invoicedAmount(invoices)), 0).toFixed(2);
}

/** The quote's VAT per rate less the VAT per rate of the given invoices: what is left at each rate. */
export function remainingByRate(quoteVat: VatAmount[], invoiced: VatAmount[][]): VatAmount[] {
  const byRate = new Map<string, { rate: string; base: Decimal; tax: Decimal }>();
  const add = (v: VatAmount, sign: 1 | -1) => {
    const key = rateKey(v.rate);
    const entry = byRate.get(key) ?? { rate: key, base: ZERO(), tax: ZERO() };
    entry.base = entry.base.plus(new Money(v.base).times(sign));
    entry.tax = entry.tax.plus(new Money(v.tax).times(sign));
    byRate.set(key, entry);
  };
  quoteVat.forEach((v) => add(v, 1));
  invoiced.forEach((vat) => vat.forEach((v) => add(v, -1)));
  return [...byRate.values()]
    .sort((a, b) => new Money(a.rate).comparedTo(b.rate))
    .map((v) => ({ rate: v.rate, base: v.base.toFixed(2), tax: v.tax.toFixed(2) }));
}

/**
 * Splits a deposit (total including tax) over the VAT rates in proportion to what remains at
 * each rate (including tax), to the cent: each rate gets its share rounded down, and the cents
 * left go to the largest remainders (the lower rate first on a tie). A rate whose whole
 * remainder the deposit takes gets that remainder's base and tax exactly; otherwise its VAT is
 * the VAT included in its share. Rates getting nothing are left out.
 */
export function splitDeposit(remaining: VatAmount[], amountInclTax: string): VatAmount[] {
  const weights = remaining.map((v) => Decimal.max(new Money(v.base).plus(v.tax), 0));
  const total = weights.reduce((acc, w) => acc.plus(w), ZERO());
  const amount = new Money(amountInclTax);
  if (total.isZero()) return [];
  const raw = weights.map((w) => amount.times(w).dividedBy(total));
  const shares = raw.map((r) => r.toDecimalPlaces(2, Decimal.ROUND_DOWN));
  let left = amount.minus(shares.reduce((acc, s) => acc.plus(s), ZERO()));
  const order = raw
    .map((r, i) => ({ i, rest: r.minus(shares[i]) }))
    .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
  for (const { i } of order) {
    if (!left.greaterThan(0)) break;
    if (shares[i].plus(CENT).greaterThan(weights[i])) continue;
    shares[i] = shares[i].plus(CENT);
    left = left.minus(CENT);
  }
  return remaining.flatMap((v, i) => {
    const share = shares[i];
    if (!share.greaterThan(0)) return [];
    if (share.eq(weights[i])) return [{ rate: v.rate, base: v.base, tax: v.tax }];
    const rate = new Money(v.rate);
    const tax = cents(share.times(rate).dividedBy(HUNDRED.plus(rate)));
    return [{ rate: v.rate, base: share.minus(tax).toFixed(2), tax: tax.toFixed(2) }];
  });
}

function totalsOf(lines: LineValues[], vat: VatAmount[]): Totals {
  const totalExclTax = vat.reduce((acc, v) => acc.plus(v.base), ZERO());
  const totalTax = vat.reduce((acc, v) => acc.plus(v.tax), ZERO());
  return {
    lineTotals: lines.map((l) => lineTotal(l).toFixed(2)),
    vat,
    totalExclTax: totalExclTax.toFixed(2),
    totalTax: totalTax.toFixed(2),
    totalInclTax: totalExclTax.plus(totalTax).toFixed(2),
  };
}

const amountLine = (description: string, base: string, rate: string): LineValues => ({
  description,
  quantity: '1.000',
  unitPrice: new Money(base).toFixed(2),
  vatRate: rateKey(rate),
  discountPercent: '0.00',
});

/** "2026-01-09" → "09/01/2026". */
const frenchDate = (iso: string) => iso.split('-').reverse().join('/');

/** The deposit asked for, checked: its amount including tax and the words of its lines. */
function depositAmount(
  quote: QuoteEntity,
  request: QuoteInvoiceRequest,
  remaining: Decimal,
): { amount: string; description: string } {
  const errors = new FieldErrors();
  const hasPercent = request.percent != null && String(request.percent).trim() !== '';
  const hasAmount = request.amountInclTax != null && String(request.amountInclTax).trim() !== '';
  if (hasPercent === hasAmount) {
    errors.add(['input', hasPercent ? 'amountInclTax' : 'percent'], 'finance.depositOneOf');
    errors.throwIfAny();
  }
  let amount: Decimal;
  let description: string;
  const field = hasPercent ? 'percent' : 'amountInclTax';
  if (hasPercent) {
    const parsed = parseDecimal(request.percent, { scale: 2, min: '0', max: '100' });
    if (!parsed.ok) throw badField(['input', 'percent'], parsed.reason, parsed.params);
    amount = cents(new Money(quote.totalInclTax).times(parsed.value).dividedBy(HUNDRED));
    description = `Acompte de ${formatDecimal(new Money(parsed.value).toString(), 'fr')} % sur le devis n° ${quote.number}`;
  } else {
    const parsed = parseDecimal(request.amountInclTax, { scale: 2, min: '0', max: '999999999999.99', amount: true });
    if (!parsed.ok) throw badField(['input', 'amountInclTax'], parsed.reason, parsed.params);
    amount = new Money(parsed.value);
    description = `Acompte de ${formatAmount(amount.toFixed(2), 'fr')} TTC sur le devis n° ${quote.number}`;
  }
  if (!amount.greaterThan(0)) throw badField(['input', field], 'finance.depositNotPositive');
  if (amount.greaterThan(remaining))
    throw badField(['input', field], 'finance.depositAboveRemaining', {
      amount: amountParam(amount.toFixed(2)),
      max: amountParam(remaining.toFixed(2)),
    });
  return { amount: amount.toFixed(2), description };
}

/**
 * What invoicing the quote now would make (lines and totals), given its lines and all the
 * invoices made from it so far; or why it is refused. Pure: the caller locks the quote.
 */
export function planQuoteInvoice(
  quote: QuoteEntity,
  quoteLines: LineValues[],
  invoices: InvoiceEntity[],
  request: QuoteInvoiceRequest | null | undefined,
): PlannedInvoice {
  const part = request?.kind ?? QuotePart.FULL;
  if (part !== QuotePart.DEPOSIT)
    for (const field of ['percent', 'amountInclTax'] as const)
      if (request?.[field] != null && String(request[field]).trim() !== '')
        throw badField(['input', field], 'finance.depositFieldsOnly');
  const live = liveInvoices(invoices);
  const deposits = live.filter((i) => i.quotePart === QuotePart.DEPOSIT);
  const whole = live.find((i) => i.quotePart !== QuotePart.DEPOSIT);
  const remaining = new Money(quote.totalInclTax).minus(invoicedAmount(invoices));
  // Already invoiced as a whole (or its balance made): nothing more, whatever the kind.
  if (whole) {
    if (whole.quotePart === QuotePart.BALANCE)
      throw whole.number
        ? conflict('finance.quoteBalanced', { number: whole.number })
        : conflict('finance.quoteBalancedDraft');
    throw whole.number
      ? conflict('finance.quoteInvoiced', { number: whole.number })
      : conflict('finance.quoteInvoicedDraft');
  }
  if (part === QuotePart.FULL) {
    if (deposits.length)
      throw badField(['input', 'kind'], 'finance.fullAfterDeposit', {
        numbers: deposits.map((d) => d.number ?? '(brouillon)').join(', '),
      });
    return { part, lines: quoteLines, totals: computeTotals(quoteLines) };
  }
  if (!remaining.greaterThan(0)) throw conflict('finance.quoteFullyInvoiced');
  const left = remainingByRate(
    quote.vatBreakdown,
    deposits.map((d) => d.vatBreakdown),
  );
  if (part === QuotePart.DEPOSIT) {
    const { amount, description } = depositAmount(quote, request ?? {}, remaining);
    const vat = splitDeposit(left, amount);
    const lines = vat.map((v) => amountLine(description, v.base, v.rate));
    return { part, lines, totals: totalsOf(lines, vat) };
  }
  // The balance: the quote's lines, less each deposit, rate by rate.
  if (!deposits.length) throw badField(['input', 'kind'], 'finance.balanceWithoutDeposit');
  const draft = deposits.find((d) => d.status === InvoiceStatus.DRAFT || !d.number);
  if (draft) throw conflict('finance.balanceDepositDraft');
  const lines = [
    ...quoteLines,
    ...deposits.flatMap((d) =>
      d.vatBreakdown.map((v) =>
        amountLine(
          `Acompte déjà facturé, facture n° ${d.number} du ${frenchDate(d.issueDate)}`,
          new Money(v.base).negated().toFixed(2),
          v.rate,
        ),
      ),
    ),
  ];
  return { part, lines, totals: totalsOf(lines, left) };
}

/** A description as the lines check keeps it: spaces (no-break ones too) as one plain space. */
const words = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The same lines (descriptions and amounts) in the same order. */
export function sameLines(a: LineValues[], b: LineValues[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (l, i) =>
        words(l.description) === words(b[i].description) &&
        new Money(l.quantity).eq(b[i].quantity) &&
        new Money(l.unitPrice).eq(b[i].unitPrice) &&
        new Money(l.vatRate).eq(b[i].vatRate) &&
        new Money(l.discountPercent).eq(b[i].discountPercent),
    )
  );
}
