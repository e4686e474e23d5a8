import { formatDay, formatDays } from './format';

describe('formatDay', () => {
  it('shows an API day in the reader’s locale, never a day off whatever the time zone', () => {
    expect(formatDay('2026-11-27', 'fr')).toBe('27/11/2026');
    expect(formatDay('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDay(null, 'fr')).toBe('');
    expect(formatDay('not a day', 'fr')).toBe('not a day');
  });

  it('shows a span only when it ends on another day', () => {
    expect(formatDays('2027-03-12', '2027-03-14', 'fr')).toBe('12/03/2027 → 14/03/2027');
    expect(formatDays('2027-03-12', '2027-03-12', 'fr')).toBe('12/03/2027');
    expect(formatDays('2027-03-12', null, 'fr')).toBe('12/03/2027');
  });
});
