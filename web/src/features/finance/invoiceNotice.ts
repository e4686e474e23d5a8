import type { InvoiceKind, InvoiceStatus } from '@/gql/graphql';

/**
 * The i18n key (under finance.notices) of the notice above an invoice that can no longer be
 * edited, or null for a draft. It says why, from what really happened: a draft cancelled
 * before issue was never issued, a cancelled invoice was cancelled by a credit note.
 */
export function lockedNotice(doc: { kind: InvoiceKind; status: InvoiceStatus; number?: string | null }): string | null {
  if (doc.status === 'DRAFT') return null;
  if (doc.kind === 'CREDIT_NOTE') return 'creditNote';
  if (doc.status === 'CANCELLED') return doc.number ? 'cancelled' : 'cancelledDraft';
  return doc.status === 'PAID' ? 'paid' : 'issued';
}
