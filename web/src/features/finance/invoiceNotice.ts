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

/**
 * The status an invoice shows: its own, except an issued invoice already partly paid, shown
 * "Partiellement payée" (PARTIAL, a key of finance.invoiceStatuses, not an API status).
 */
export function invoiceDisplayStatus(doc: {
  kind?: InvoiceKind | string;
  status: InvoiceStatus | string;
  paidAmount?: string | null;
}): string {
  if (doc.kind === 'INVOICE' && doc.status === 'ISSUED' && doc.paidAmount && Number(doc.paidAmount) > 0)
    return 'PARTIAL';
  return doc.status;
}
