import { Money, computeTotals } from './money';
import { remainingByRate, splitDeposit } from './quote-invoicing';

/** A tiny deterministic generator: the same "random" quotes on every run. */
function generator(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const RATES = ['20', '10', '5.5', '2.1', '0'];

describe('deposit split (acompte)', () => {
  it('splits a deposit per VAT rate with HT + TVA = TTC exactly, in proportion to each rate', () => {
    // 1 234,57 € at 20 %, 37 × 28,33 € at 10 %, 3 × 17,99 € at 5,5 %; 33 % of 2 691,45 € = 888,18 €.
    const quote = computeTotals([
      { quantity: '1', unitPrice: '1234.57', vatRate: '20', discountPercent: '0' },
      { quantity: '37', unitPrice: '28.33', vatRate: '10', discountPercent: '0' },
      { quantity: '3', unitPrice: '17.99', vatRate: '5.5', discountPercent: '0' },
    ]);
    expect(quote.totalInclTax).toBe('2691.45');
    const split = splitDeposit(remainingByRate(quote.vat, []), '888.18');
    // TTC per rate in proportion to 1 481,48 / 1 153,03 / 56,94, the cent left to the largest remainder.
    expect(split).toEqual([
      { rate: '5.50', base: '17.81', tax: '0.98' },
      { rate: '10.00', base: '345.91', tax: '34.59' },
      { rate: '20.00', base: '407.41', tax: '81.48' },
    ]);
    const ttc = split.reduce((acc, v) => acc.plus(v.base).plus(v.tax), new Money(0));
    expect(ttc.toFixed(2)).toBe('888.18');
  });

  it('makes deposits and the balance add up exactly to the quote, rate by rate, whatever the amounts', () => {
    const random = generator(42);
    for (let run = 0; run < 100; run += 1) {
      const lines = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
        quantity: String(1 + Math.floor(random() * 40)),
        unitPrice: (random() * 2000).toFixed(2),
        vatRate: RATES[Math.floor(random() * RATES.length)],
        discountPercent: random() < 0.3 ? String(Math.floor(random() * 30)) : '0',
      }));
      const quote = computeTotals(lines);
      const deposits: { rate: string; base: string; tax: string }[][] = [];
      for (let n = 0; n < 3; n += 1) {
        const left = remainingByRate(quote.vat, deposits);
        const leftTtc = left.reduce((acc, v) => acc.plus(v.base).plus(v.tax), new Money(0));
        const percent = [30, 33, 50, 17.5][Math.floor(random() * 4)];
        const amount = Money.min(
          new Money(quote.totalInclTax).times(percent).dividedBy(100).toDecimalPlaces(2),
          leftTtc,
        );
        if (!amount.greaterThan(0)) break;
        const split = splitDeposit(left, amount.toFixed(2));
        // Each deposit: exactly the amount asked, never more than what remains at a rate.
        const ttc = split.reduce((acc, v) => acc.plus(v.base).plus(v.tax), new Money(0));
        expect(ttc.toFixed(2)).toBe(amount.toFixed(2));
        for (const v of split) {
          const at = left.find((l) => l.rate === v.rate);
          expect(new Money(v.base).plus(v.tax).lte(new Money(at!.base).plus(at!.tax))).toBe(true);
          expect(new Money(v.tax).gte(0)).toBe(true);
        }
        deposits.push(split);
      }
      const balance = remainingByRate(quote.vat, deposits);
      for (const rate of quote.vat) {
        const parts = [...deposits.flat(), ...balance].filter((v) => new Money(v.rate).eq(rate.rate));
        expect(parts.reduce((acc, v) => acc.plus(v.base), new Money(0)).toFixed(2)).toBe(rate.base);
        expect(parts.reduce((acc, v) => acc.plus(v.tax), new Money(0)).toFixed(2)).toBe(rate.tax);
      }
    }
  });

  it('gives the whole remainder of a rate, base and tax as they are, when the deposit takes it all', () => {
    const quote = computeTotals([
      { quantity: '1', unitPrice: '0.05', vatRate: '10', discountPercent: '0' },
      { quantity: '3', unitPrice: '33.33', vatRate: '20', discountPercent: '0' },
    ]);
    const left = remainingByRate(quote.vat, []);
    expect(splitDeposit(left, quote.totalInclTax)).toEqual(left);
  });
});
