import { formatDateTime, timelineOrder } from './format';

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

describe('the order of a timeline', () => {
  it('puts an activity whose date was moved back below the newer ones (newest first, then by id)', () => {
    const items = [
      { id: 'b', occurredAt: '2026-01-01T09:00:00Z' }, // edited: was the newest
      { id: 'c', occurredAt: '2026-11-20T10:00:00Z' },
      { id: 'a', occurredAt: '2026-11-20T10:00:00Z' },
      { id: 'd', occurredAt: '2026-06-01T08:00:00Z' },
    ];
    expect(timelineOrder(items).map((x) => x.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(items[0]?.id).toBe('b');
  });
});
