import { formatMoney, previewTotals } from './totals';

const line = (quantity: string, unitPrice: string, vatRate: string, discountPercent = '') => ({
  description: 'x',
  quantity,
  unitPrice,
  vatRate,
  discountPercent,
});

// The same cases and figures as the server's money.test.ts and finance.test.ts: both sides must agree.
describe('live totals of the document forms', () => {
  it('matches the server on several rates, discounts and per-rate rounding', () => {
    const t = previewTotals([
      line('2', '1 250,00', '20', '10'),
      line('1.5', '33.33', '5.5'),
      line('3', '0.33', '20'),
      line('1', '99.99', '10'),
    ]);
    expect(t.lineTotals).toEqual(['2250.00', '50.00', '0.99', '99.99']);
    expect(t.vat).toEqual([
      { rate: '5.50', base: '50.00', tax: '2.75' },
      { rate: '10.00', base: '99.99', tax: '10.00' },
      { rate: '20.00', base: '2250.99', tax: '450.20' },
    ]);
    expect([t.totalExclTax, t.totalTax, t.totalInclTax]).toEqual(['2400.98', '462.95', '2863.93']);
  });

  it('leaves out lines that are not numbers yet, and formats amounts without floats', () => {
    const t = previewTotals([line('1', '0.10', '0'), line('1', '0.20', '0'), line('abc', '1', '20')]);
    expect(t.lineTotals).toEqual(['0.10', '0.20', null]);
    expect(t.totalInclTax).toBe('0.30');
    expect(formatMoney('1234567.5', 'fr')).toBe('1\u202f234\u202f567,50 €');
    expect(formatMoney('-1440.00', 'en')).toBe('-€1,440.00');
  });
});
