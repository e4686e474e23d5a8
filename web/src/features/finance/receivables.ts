import type { DocumentOrder, InvoiceFilter, InvoiceStatus, QuoteFilter, QuoteStatus } from '@/gql/graphql';

/** A choice of the "Factures" page's status filter: an API status, or "En retard" (computed). */
export type StatusChoice = InvoiceStatus | 'OVERDUE';
/** A choice of the "Devis" page's status filter: an API status, or "Expiré" (computed). */
export type QuoteStatusChoice = QuoteStatus | 'EXPIRED';

/** What the filters of a workspace-wide document list hold (FinanceListPage). */
export interface ListChoices<S extends string = string> {
  statuses: S[];
  companyId: string | null;
  salespersonId: string | null;
  period: [string, string] | null;
}

/** The order and the page a workspace-wide list reads (FinanceListPage). */
export interface ListPageVars {
  orderBy: DocumentOrder;
  first: number;
  after: string | null;
}

/**
 * The API filter of a list's choices: the computed status (`flag`: "En retard", "Expiré") is
 * a flag beside the statuses (either one matches), a period is its two days, no choice
 * leaves a key out.
 */
function documentFilter<S extends string>(choices: ListChoices<S>, computed: S, flag: 'overdue' | 'expired') {
  const status = choices.statuses.filter((s) => s !== computed);
  return {
    ...(status.length ? { status } : {}),
    ...(choices.statuses.includes(computed) ? { [flag]: true } : {}),
    ...(choices.companyId ? { companyId: choices.companyId } : {}),
    ...(choices.salespersonId ? { salespersonId: choices.salespersonId } : {}),
    ...(choices.period ? { issuedFrom: choices.period[0], issuedTo: choices.period[1] } : {}),
  };
}

/** The "Factures" page's filter: "En retard" is the `overdue` flag. */
export const receivablesFilter = (choices: ListChoices<StatusChoice>): InvoiceFilter =>
  documentFilter(choices, 'OVERDUE', 'overdue') as InvoiceFilter;

/** The "Devis" page's filter: "Expiré" is the `expired` flag. */
export const quotesFilter = (choices: ListChoices<QuoteStatusChoice>): QuoteFilter =>
  documentFilter(choices, 'EXPIRED', 'expired') as QuoteFilter;
