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
 * The status an invoice shows: its own, except an issued invoice past its due date with
 * something left to pay, shown "En retard" (OVERDUE, computed by the API), and one already
 * partly paid, shown "Partiellement payée" (PARTIAL); both keys of finance.invoiceStatuses, not
 * API statuses.
 */
export function invoiceDisplayStatus(doc: {
  kind?: InvoiceKind | string;
  status: InvoiceStatus | string;
  paidAmount?: string | null;
  overdue?: boolean | null;
}): string {
  if (doc.overdue) return 'OVERDUE';
  if (doc.kind === 'INVOICE' && doc.status === 'ISSUED' && doc.paidAmount && Number(doc.paidAmount) > 0)
    return 'PARTIAL';
  return doc.status;
}

/** The status a quote shows: its own, except a sent quote past its validity date, "Expiré" (EXPIRED). */
export function quoteDisplayStatus(doc: { status: string; expired?: boolean | null }): string {
  return doc.expired ? 'EXPIRED' : doc.status;
}

/** The tag colour of a shown status: late or refused in red, done in green, on its way in blue. */
export function statusTagType(shown: string): 'success' | 'info' | 'error' | 'warning' | undefined {
  const types: Record<string, 'success' | 'info' | 'error' | 'warning'> = {
    ACCEPTED: 'success',
    PAID: 'success',
    ISSUED: 'info',
    PARTIAL: 'info',
    SENT: 'info',
    REFUSED: 'error',
    CANCELLED: 'error',
    OVERDUE: 'error',
    EXPIRED: 'warning',
  };
  return types[shown];
}
