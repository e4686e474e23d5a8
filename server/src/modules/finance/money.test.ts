import { computeTotals, lineTotal, parseDecimal } from './money';

const line = (quantity: string, unitPrice: string, vatRate: string, discountPercent = '0') => ({
  quantity,
  unitPrice,
  vatRate,
  discountPercent,
});

describe('money arithmetic', () => {
  it('is exact where floats are not', () => {
    // 0.1 + 0.2 and 1.005 × 100 are the classic float traps.
    expect(computeTotals([line('1', '0.10', '0'), line('1', '0.20', '0')]).totalExclTax).toBe('0.30');
    expect(lineTotal(line('3', '1.15', '20', '0')).toFixed(2)).toBe('3.45');
    expect(lineTotal(line('1', '1.01', '20', '50')).toFixed(2)).toBe('0.51'); // 0.505 rounds half up
  });

  it('computes VAT once per rate on the sum of the lines at that rate', () => {
    // Line by line the VAT would be 3 × round(0.066) = 0.21; on the base 0.99 it is round(0.198) = 0.20.
    const t = computeTotals([line('1', '0.33', '20'), line('1', '0.33', '20'), line('1', '0.33', '20')]);
    expect(t.vat).toEqual([{ rate: '20.00', base: '0.99', tax: '0.20' }]);
    expect(t.totalInclTax).toBe('1.19');
  });

  it('groups rates lowest first and keeps credit notes the exact negative', () => {
    const lines = [line('2', '100.00', '20', '10'), line('1.5', '33.33', '5.5'), line('1', '10', '20')];
    const t = computeTotals(lines);
    expect(t.lineTotals).toEqual(['180.00', '50.00', '10.00']);
    expect(t.vat).toEqual([
      { rate: '5.50', base: '50.00', tax: '2.75' },
      { rate: '20.00', base: '190.00', tax: '38.00' },
    ]);
    expect([t.totalExclTax, t.totalTax, t.totalInclTax]).toEqual(['240.00', '40.75', '280.75']);
    const credit = computeTotals(lines.map((l) => ({ ...l, quantity: `-${l.quantity}` })));
    expect([credit.totalExclTax, credit.totalTax, credit.totalInclTax]).toEqual(['-240.00', '-40.75', '-280.75']);
  });

  it('reads decimals as people type them, without going through floats', () => {
    expect(parseDecimal('1 234,5', { scale: 2, max: '10000' })).toEqual({ ok: true, value: '1234.50' });
    expect(parseDecimal('0.1', { scale: 3, max: '1' })).toEqual({ ok: true, value: '0.100' });
    expect(parseDecimal('1.234', { scale: 2, max: '10' })).toMatchObject({
      ok: false,
      reason: 'finance.tooManyDecimals',
    });
    expect(parseDecimal('abc', { scale: 2, max: '10' })).toMatchObject({ ok: false, reason: 'finance.notANumber' });
    expect(parseDecimal('1e3', { scale: 2, max: '10000' })).toMatchObject({ ok: false, reason: 'finance.notANumber' });
    expect(parseDecimal('101', { scale: 2, min: '0', max: '100' })).toMatchObject({
      ok: false,
      reason: 'finance.tooLarge',
    });
  });
});
