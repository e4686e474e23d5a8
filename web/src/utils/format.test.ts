import {
  deadlineDay,
  formatDay,
  formatDays,
  formatDeadline,
  formatDecimal,
  formatLeadingDay,
  isSameDay,
  lateness,
} from './format';

describe('formatDecimal', () => {
  it('shows a stored number or decimal text in the locale’s notation, digits kept', () => {
    expect(formatDecimal('900.75', 'fr')).toBe('900,75');
    expect(formatDecimal('12500.50', 'fr')).toBe('12\u202f500,50');
    expect(formatDecimal(100000, 'fr')).toBe('100\u202f000');
    expect(formatDecimal('-1000.5', 'fr')).toBe('-1\u202f000,5');
    expect(formatDecimal('12345678901234567890.123456789', 'fr')).toBe(
      '12\u202f345\u202f678\u202f901\u202f234\u202f567\u202f890,123456789',
    );
    expect(formatDecimal('12500.5', 'en')).toBe('12,500.5');
    expect(formatDecimal(7, 'fr')).toBe('7');
  });

  it('leaves text that is no stored number as it is (a value being typed)', () => {
    expect(formatDecimal('12 500,5', 'fr')).toBe('12 500,5');
    expect(formatDecimal('abc', 'fr')).toBe('abc');
  });
});

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

describe('task deadlines', () => {
  // Built in local time, as the browser shows them.
  const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).toISOString();

  it('shows the time only when the deadline is not the end of its day', () => {
    expect(formatDeadline(local(2026, 11, 28, 23, 59), 'fr')).toBe('28 nov. 2026');
    expect(formatDeadline(local(2026, 11, 28, 14, 30), 'fr')).toBe('28 nov. 2026, 14:30');
    expect(formatDeadline(local(2026, 12, 1, 23, 59), 'en')).toBe('Dec 1, 2026');
    expect(formatDeadline(null, 'fr')).toBe('');
  });

  it('shows a day picked in another time zone as that day, like the assignment mail', () => {
    // "Due 20 November" picked in a UTC browser (23:59 UTC) and in a Paris one (22:59 UTC),
    // read in Paris (+60) and in New York (−300): the 20th everywhere, without a clock time.
    for (const stored of ['2031-11-20T23:59:00.000Z', '2031-11-20T22:59:00.000Z', '2031-11-21T04:59:00.000Z'])
      for (const reader of [60, -300, 0]) {
        expect(deadlineDay(stored, reader)).toEqual({ year: 2031, month: 11, day: 20 });
        expect(formatDeadline(stored, 'en', reader)).toBe('Nov 20, 2031');
      }
    expect(deadlineDay('2031-11-20T15:30:00.000Z', 60)).toBeNull();
    expect(formatDeadline('2031-11-20T15:30:00.000Z', 'fr', 60)).toMatch(/^20 nov\. 2031, \d{2}:30$/);
  });

  it('says how late a task is in its largest whole unit', () => {
    const now = new Date(2026, 10, 28, 12, 0).getTime();
    expect(lateness(local(2026, 11, 25, 11, 0), now)).toEqual({ unit: 'day', count: 3 });
    expect(lateness(local(2026, 11, 28, 9, 30), now)).toEqual({ unit: 'hour', count: 2 });
    expect(lateness(local(2026, 11, 28, 11, 59), now)).toEqual({ unit: 'minute', count: 1 });
    expect(lateness(local(2026, 11, 28, 12, 0), now)).toBeNull();
    expect(lateness(local(2026, 11, 29), now)).toBeNull();
    expect(lateness(null, now)).toBeNull();
  });

  it('knows which deadlines fall today', () => {
    const now = new Date(2026, 10, 28, 12, 0).getTime();
    expect(isSameDay(local(2026, 11, 28, 23, 59), now)).toBe(true);
    expect(isSameDay(local(2026, 11, 28, 0, 0), now)).toBe(true);
    expect(isSameDay(local(2026, 11, 29, 0, 0), now)).toBe(false);
  });
});

describe('formatLeadingDay', () => {
  it("shows the day a text starts with in the locale's format, and leaves other texts alone", () => {
    expect(formatLeadingDay('2027-01-11 · Château de Chantilly', 'fr')).toBe('11/01/2027 · Château de Chantilly');
    expect(formatLeadingDay('2027-01-11', 'fr')).toBe('11/01/2027');
    expect(formatLeadingDay('2027-01-11 · Paris', 'en')).toBe('Jan 11, 2027 · Paris');
    expect(formatLeadingDay('claire@sg.fr', 'fr')).toBe('claire@sg.fr');
    expect(formatLeadingDay('01 42 68 53 00', 'fr')).toBe('01 42 68 53 00');
    expect(formatLeadingDay(null, 'fr')).toBe('');
  });
});
