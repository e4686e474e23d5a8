/** "1,2 Mo" / "1.2 MB": a file size for people, in the given locale. */
export function formatBytes(bytes: number, locale: string): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${units[unit]}`;
}

/**
 * "27/11/2026" / "Nov 27, 2026": a calendar day as the API gives it (YYYY-MM-DD), in the
 * given locale. Read as a UTC day and shown in UTC, so no time zone moves it a day back.
 */
export function formatDay(day: string | null | undefined, locale: string): string {
  if (!day) return '';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: locale === 'fr' ? 'short' : 'medium', timeZone: 'UTC' }).format(
    date,
  );
}

/** A day, or a span of days ("12/03/2027 → 14/03/2027") when it ends on another day. */
export function formatDays(start: string | null | undefined, end: string | null | undefined, locale: string): string {
  const first = formatDay(start, locale);
  return end && end !== start ? `${first} → ${formatDay(end, locale)}` : first;
}

/**
 * The calendar day of a date-only deadline, or null for one with a clock time. The date
 * pickers send a picked day as 23:59:00.000 in the browser's time zone, which is not stored:
 * the day is the one at the UTC offset (whole quarter hours, UTC−12 to UTC+14) where the
 * instant reads 23:59:00; of two such offsets (a day apart), the one nearer `preferredOffset`
 * (minutes east of UTC; the browser's own by default). The server reads deadlines the same way
 * (server/src/modules/activity/task-assignment.ts), so the mail and the app agree on the day.
 */
export function deadlineDay(
  value: string | null | undefined,
  preferredOffset?: number,
): { year: number; month: number; day: number } | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getUTCSeconds() || date.getUTCMilliseconds()) return null;
  const minuteOfDay = date.getUTCHours() * 60 + date.getUTCMinutes();
  const r = (((23 * 60 + 59 - minuteOfDay) % 1440) + 1440) % 1440;
  const offsets = [r, r - 1440].filter((o) => o >= -12 * 60 && o <= 14 * 60 && o % 15 === 0);
  if (!offsets.length) return null;
  const preferred = preferredOffset ?? -date.getTimezoneOffset();
  const offset = offsets.reduce((best, o) => (Math.abs(o - preferred) < Math.abs(best - preferred) ? o : best));
  const local = new Date(date.getTime() + offset * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * A task's deadline, wherever it shows (home card, task lists, timelines, the task dialog):
 * "28 nov. 2026, 14:30" / "Nov 28, 2026, 2:30 PM". A deadline picked as a day (23:59 in the
 * time zone of the browser that set it, see `deadlineDay`) shows as that day only.
 */
export function formatDeadline(value: string | null | undefined, locale: string, preferredOffset?: number): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const dateStyle = 'medium';
  const day = deadlineDay(value, preferredOffset);
  if (day)
    return new Intl.DateTimeFormat(locale, { dateStyle, timeZone: 'UTC' }).format(
      new Date(Date.UTC(day.year, day.month - 1, day.day, 12)),
    );
  return new Intl.DateTimeFormat(locale, { dateStyle, timeStyle: 'short' }).format(date);
}

export type Lateness = { unit: 'day' | 'hour' | 'minute'; count: number };

/** How late a deadline is at `now`, in its largest whole unit (days, else hours, else minutes); null when not late. */
export function lateness(deadline: string | null | undefined, now: number): Lateness | null {
  const due = deadline ? Date.parse(deadline) : Number.NaN;
  if (Number.isNaN(due) || due >= now) return null;
  const minutes = Math.floor((now - due) / 60_000);
  if (minutes >= 24 * 60) return { unit: 'day', count: Math.floor(minutes / (24 * 60)) };
  if (minutes >= 60) return { unit: 'hour', count: Math.floor(minutes / 60) };
  return { unit: 'minute', count: Math.max(1, minutes) };
}

/** Whether a moment falls on the same local calendar day as `now`. */
export function isSameDay(value: string | null | undefined, now: number): boolean {
  if (!value) return false;
  const a = new Date(value);
  const b = new Date(now);
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * A text that starts with a day as the API gives it (YYYY-MM-DD), with that day in the
 * locale's format: the search results' event detail "2027-01-11 · Château de Chantilly" →
 * "11/01/2027 · Château de Chantilly". Any other text is returned as it is.
 */
export function formatLeadingDay(text: string | null | undefined, locale: string): string {
  if (!text) return '';
  const day = /^\d{4}-\d{2}-\d{2}(?!\d)/.exec(text)?.[0];
  return day ? formatDay(day, locale) + text.slice(day.length) : text;
}

/**
 * "12 500,5" / "12,500.5": a number as the API stores it (a number, or a decimal's text such
 * as "12500.5", kept as text so that no digit is lost), in the locale's notation. Anything
 * else (text being typed) is returned as is.
 */
export function formatDecimal(value: number | string, locale: string): string {
  const text = String(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', dec] = m;
  const fr = locale === 'fr';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, fr ? '\u202f' : ',');
  return dec === undefined ? `${sign}${grouped}` : `${sign}${grouped}${fr ? ',' : '.'}${dec}`;
}
