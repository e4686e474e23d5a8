import {
  blankLine,
  draftsToInput,
  errorsOnDrafts,
  isBlankLine,
  linesToDrafts,
  localDay,
  sentLineIndexes,
  validUntilInput,
} from './documentForm';

describe('document form', () => {
  it("writes a day in the browser's time zone as the date pickers take it", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localDay(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it('sends a cleared "valid until" of an existing quote as null, and leaves it to the default on a new one', () => {
    expect(validUntilInput(null, false)).toEqual({ validUntil: null });
    expect(validUntilInput('', false)).toEqual({ validUntil: null });
    expect(validUntilInput(null, true)).toEqual({});
    expect(validUntilInput('2027-01-31', false)).toEqual({ validUntil: '2027-01-31' });
  });

  it('shows stored lines in the notation of the locale, which the inputs read back alike', () => {
    const stored = [
      {
        id: 'l1',
        description: 'Cocktail',
        quantity: '3.500',
        unitPrice: '1500.00',
        vatRate: '5.50',
        discountPercent: '12.50',
        totalExclTax: '4593.75',
      },
      {
        id: 'l2',
        description: 'Salle',
        quantity: '2.000',
        unitPrice: '12.35',
        vatRate: '20.00',
        discountPercent: '0.00',
        totalExclTax: '24.70',
      },
    ];
    expect(linesToDrafts(stored, 'fr')).toEqual([
      { description: 'Cocktail', quantity: '3,5', unitPrice: '1500,00', vatRate: '5,5', discountPercent: '12,5' },
      { description: 'Salle', quantity: '2', unitPrice: '12,35', vatRate: '20', discountPercent: '' },
    ]);
    expect(linesToDrafts(stored, 'en')[0]).toMatchObject({ quantity: '3.5', unitPrice: '1500.00', vatRate: '5.5' });
  });
});

describe('blank lines', () => {
  const filled = { description: 'Salle', quantity: '2', unitPrice: '100', vatRate: '20', discountPercent: '' };

  it('leaves out a line untouched since it was added, not a partly filled one', () => {
    const partly = { ...blankLine(), unitPrice: '50' };
    const lines = [blankLine(), filled, { ...blankLine(), quantity: ' 1 ' }, partly];
    expect(draftsToInput(lines)).toEqual([
      { description: 'Salle', quantity: '2', unitPrice: '100', vatRate: '20' },
      { description: '', quantity: '1', unitPrice: '50', vatRate: '20' },
    ]);
    expect(isBlankLine({ ...blankLine(), quantity: '3' })).toBe(false);
    expect(isBlankLine({ ...blankLine(), vatRate: '10' })).toBe(false);
    expect(isBlankLine({ ...blankLine(), description: 'Traiteur' })).toBe(false);
    expect(sentLineIndexes(lines)).toEqual([1, 3]);
  });

  it("puts the API's line errors back on the drafts they came from", () => {
    const errors = { 'lines.1.description': 'Ce champ est obligatoire.', notes: 'Trop long' };
    expect(errorsOnDrafts(errors, [1, 3])).toEqual({
      'lines.3.description': 'Ce champ est obligatoire.',
      notes: 'Trop long',
    });
  });
});
