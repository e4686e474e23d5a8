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
