import type { FieldErrors } from '../../common/errors';

type Path = (string | number)[];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as clients send it (YYYY-MM-DD). Returns it unchanged when it names a real
 * day, records a field error otherwise; null/empty clears.
 */
export function checkDate(errors: FieldErrors, path: Path, raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const m = ISO_DATE.exec(raw.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y >= 1900 && y <= 2999 && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return raw.trim();
  }
  errors.add(path, 'field.date');
  return null;
}

/** Today (or the day of `at`) in the agency's calendar (Europe/Paris), as YYYY-MM-DD. */
export function today(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
