import type { ActivityKind } from '@/gql/graphql';
import { i18n, type Locale } from '@/i18n';

/** One icon per kind, as in the timeline of the seeds (info, task, call, meeting, mail); plain symbols every font has. */
export const KIND_ICONS: Record<ActivityKind, string> = {
  INFO: 'ℹ',
  TASK: '☑',
  CALL: '☎',
  MEETING: '⚇',
  EMAIL: '✉',
};

export const ADDABLE_KINDS = ['INFO', 'TASK', 'CALL', 'MEETING'] as const satisfies readonly ActivityKind[];

/**
 * A moment on timelines, the outbox and document lists: the app's `long` datetime format
 * (vue-i18n), with a four-digit year ("28/11/2026 05:44", "Nov 28, 2026, 5:44 AM").
 */
export function formatDateTime(value: string | null | undefined, locale: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return i18n.global.d(date, 'long', locale as Locale);
}

/** The end of the day of a date picked in the browser (a deadline "on the 12th" means by its end). */
export function endOfDay(ms: number): string {
  const d = new Date(ms);
  d.setHours(23, 59, 0, 0);
  return d.toISOString();
}

/**
 * A timeline's activities in the API's order, newest first (then by id, newest first): an
 * activity whose date was edited takes its place among the others at once, not after a reload.
 */
export function timelineOrder<T extends { id: string; occurredAt: string }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
  );
}
