import { localDay, validUntilInput } from './documentForm';

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
});
