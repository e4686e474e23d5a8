import type { InvoiceFilter, InvoiceStatus } from '@/gql/graphql';

/** A choice of the "Factures" page's status filter: an API status, or "En retard" (computed). */
export type StatusChoice = InvoiceStatus | 'OVERDUE';

/**
 * The API filter of the "Factures" page's choices: "En retard" is the `overdue` flag beside
 * the statuses (either one matches), a period is its two days, no choice leaves a key out.
 */
export function receivablesFilter(choices: {
  statuses: StatusChoice[];
  companyId: string | null;
  period: [string, string] | null;
}): InvoiceFilter {
  const status = choices.statuses.filter((s): s is InvoiceStatus => s !== 'OVERDUE');
  return {
    ...(status.length ? { status } : {}),
    ...(choices.statuses.includes('OVERDUE') ? { overdue: true } : {}),
    ...(choices.companyId ? { companyId: choices.companyId } : {}),
    ...(choices.period ? { issuedFrom: choices.period[0], issuedTo: choices.period[1] } : {}),
  };
}
