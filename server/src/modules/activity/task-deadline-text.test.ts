import { dateOnlyDeadline, deadlineText, endOfDayIn } from './task-assignment';

const PARIS = 'Europe/Paris';

describe('the deadline printed in the task-assignment mail', () => {
  it('finds the day of a date-only deadline, whatever the time zone of the browser that set it', () => {
    const day20 = { year: 2031, month: 11, day: 20 };
    expect(dateOnlyDeadline(new Date('2031-11-20T23:59:00.000Z'), PARIS)).toEqual(day20); // UTC
    expect(dateOnlyDeadline(new Date('2031-11-20T22:59:00.000Z'), PARIS)).toEqual(day20); // Paris, winter
    expect(dateOnlyDeadline(new Date('2031-11-21T04:59:00.000Z'), PARIS)).toEqual(day20); // New York
    expect(dateOnlyDeadline(new Date('2031-11-20T18:29:00.000Z'), PARIS)).toEqual(day20); // India (UTC+5:30)
    expect(dateOnlyDeadline(new Date('2031-06-20T21:59:00.000Z'), PARIS)).toEqual({ year: 2031, month: 6, day: 20 }); // Paris, summer
    // 09:59 UTC is 23:59 at UTC+14 (Kiribati, the 20th) and at UTC−10 (Hawaii, the 19th): the
    // offset nearer Paris's (+1) wins.
    expect(dateOnlyDeadline(new Date('2031-11-20T09:59:00.000Z'), PARIS)).toEqual({ year: 2031, month: 11, day: 19 });
  });

  it('leaves a deadline with a clock time alone', () => {
    expect(dateOnlyDeadline(new Date('2031-03-14T15:30:00.000Z'), PARIS)).toBeNull();
    expect(dateOnlyDeadline(new Date('2031-11-20T23:59:30.000Z'), PARIS)).toBeNull();
    expect(dateOnlyDeadline(new Date('2031-11-20T23:07:00.000Z'), PARIS)).toBeNull();
  });

  it('prints a day for a date-only deadline, a day and a Paris time otherwise', () => {
    expect(deadlineText(new Date('2031-11-20T23:59:00.000Z'), PARIS)).toBe('jeudi 20 novembre 2031');
    expect(deadlineText(new Date('2031-11-20T22:59:00.000Z'), PARIS)).toBe('jeudi 20 novembre 2031');
    expect(deadlineText(new Date('2031-03-14T15:30:00.000Z'), PARIS)).toBe('vendredi 14 mars 2031 à 16:30');
    expect(deadlineText(null, PARIS)).toBe('—');
  });

  it('makes a date-only deadline at 23:59 of a day in a time zone (the demo task)', () => {
    expect(endOfDayIn(new Date('2031-11-20T10:00:00.000Z'), PARIS).toISOString()).toBe('2031-11-20T22:59:00.000Z');
    expect(endOfDayIn(new Date('2031-06-20T23:30:00.000Z'), PARIS).toISOString()).toBe('2031-06-21T21:59:00.000Z');
    expect(deadlineText(endOfDayIn(new Date('2031-11-20T10:00:00.000Z'), PARIS), PARIS)).toBe('jeudi 20 novembre 2031');
  });
});
