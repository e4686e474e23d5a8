import { localDay } from './documentForm';

describe('document form', () => {
  it("writes a day in the browser's time zone as the date pickers take it", () => {
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localDay(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });
});
