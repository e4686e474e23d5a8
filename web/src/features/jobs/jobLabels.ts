import { useI18n } from 'vue-i18n';
import type { JobStatus } from '@/gql/graphql';

export const ACTIVE_STATUSES: JobStatus[] = ['QUEUED', 'RUNNING'];
export const ALL_STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export function isActive(status: JobStatus): boolean {
  return status === 'QUEUED' || status === 'RUNNING';
}

export function isRetryable(status: JobStatus): boolean {
  return status === 'FAILED' || status === 'CANCELLED';
}

/**
 * The job's files the caller may download (those with an address): an export's files are
 * only for the admin who started it, so other viewers get no address for them.
 */
export function downloadableFiles<F extends { url?: string | null }>(files: F[]): (F & { url: string })[] {
  return files.filter((f): f is F & { url: string } => !!f.url);
}

export type TagType = 'default' | 'info' | 'success' | 'error' | 'warning';

export function statusTagType(status: JobStatus): TagType {
  switch (status) {
    case 'QUEUED':
      return 'default';
    case 'RUNNING':
      return 'info';
    case 'SUCCEEDED':
      return 'success';
    case 'FAILED':
      return 'error';
    case 'CANCELLED':
      return 'warning';
  }
}

/** The i18n key of a job kind's label: `email.send` → `jobs.kinds.email_send`. */
export function jobKindKey(kind: string): string {
  return `jobs.kinds.${kind.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/** Labels of job kinds and statuses; unknown kinds show as they are. */
export function useJobLabels() {
  const { t, te } = useI18n();
  return {
    kindLabel(kind: string): string {
      const key = jobKindKey(kind);
      return te(key) ? t(key) : kind;
    },
    statusLabel(status: JobStatus): string {
      return t(`jobs.status.${status}`);
    },
  };
}
