import type { ActivityKind } from '@/gql/graphql';

/** One icon per kind, as in the timeline of the seeds (info, task, call, meeting, mail); plain symbols every font has. */
export const KIND_ICONS: Record<ActivityKind, string> = {
  INFO: 'ℹ',
  TASK: '☑',
  CALL: '☎',
  MEETING: '⚇',
  EMAIL: '✉',
};

export const ADDABLE_KINDS = ['INFO', 'TASK', 'CALL', 'MEETING'] as const satisfies readonly ActivityKind[];

export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(value));
}

/** The end of the day of a date picked in the browser (a deadline "on the 12th" means by its end). */
export function endOfDay(ms: number): string {
  const d = new Date(ms);
  d.setHours(23, 59, 0, 0);
  return d.toISOString();
}
