import { formatDateTime } from './format';

describe('dates on timelines', () => {
  it('shows four-digit years, in both languages', () => {
    const fr = formatDateTime('2026-11-28T05:44:00Z', 'fr');
    const en = formatDateTime('2026-11-28T05:44:00Z', 'en');
    expect(fr).toMatch(/\b2026\b/);
    expect(en).toMatch(/\b2026\b/);
    expect(fr).toMatch(/^\d{2}\/\d{2}\/2026 \d{2}:\d{2}$/);
    expect(en).toMatch(/^[A-Z][a-z]{2} \d{1,2}, 2026, \d{1,2}:\d{2}\s?[AP]M$/);
    // A far date stays readable as such (it used to read "12/31/99").
    expect(formatDateTime('2099-06-15T12:00:00Z', 'en')).toMatch(/\b2099\b/);
  });

  it('is empty without a date', () => {
    expect(formatDateTime(null, 'fr')).toBe('');
    expect(formatDateTime(undefined, 'en')).toBe('');
  });
});
