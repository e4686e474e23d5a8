import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import { badField } from '../../common/errors';
import { checkId } from '../../common/ids';

export interface FinanceSummary {
  quoted: string;
  invoiced: string;
  paid: string;
  outstanding: string;
  refundDue: string;
}

/**
 * The finance tab's totals (including tax), for a company (all its documents) or a contact
 * (only its own):
 * - quoted: quotes not refused;
 * - invoiced: every issued document, credit notes counting negative (so a cancelled invoice
 *   and its credit note add up to zero);
 * - paid: the money received, invoices marked paid, including those cancelled afterwards: a
 *   cancellation does not undo the payment, and the money does not vanish from the books;
 * - outstanding: invoices issued and not yet paid nor cancelled;
 * - refundDue: paid invoices since cancelled, i.e. their credit notes: what is owed back to
 *   the client (refunds themselves are not recorded, so it stays until the credit note is settled
 *   outside the CRM).
 * Sums are done by PostgreSQL on numeric columns: exact.
 */
export async function financeSummary(
  ctx: Ctx,
  who: { companyId?: string | null; contactId?: string | null },
): Promise<FinanceSummary> {
  if (!who.companyId === !who.contactId) throw badField(['companyId'], 'finance.summaryTarget');
  const [column, id] = who.companyId
    ? ['company_id', checkId(who.companyId, 'Company')]
    : ['contact_id', checkId(who.contactId as string, 'Contact')];
  const manager = await em(ctx);
  // numeric(16, 2) keeps the two decimals, also for the 0 of an empty sum.
  const [row]: FinanceSummary[] = await manager.query(
    `SELECT
       (SELECT coalesce(sum(total_incl_tax), 0) FROM quote WHERE ${column} = $1 AND status <> 'REFUSED')::numeric(16, 2)::text
         AS quoted,
       coalesce(sum(total_incl_tax) FILTER (WHERE number IS NOT NULL), 0)::numeric(16, 2)::text AS invoiced,
       coalesce(sum(total_incl_tax) FILTER (WHERE kind = 'INVOICE' AND paid_at IS NOT NULL), 0)::numeric(16, 2)::text
         AS paid,
       coalesce(sum(total_incl_tax) FILTER (WHERE status = 'ISSUED' AND kind = 'INVOICE'), 0)::numeric(16, 2)::text
         AS outstanding,
       coalesce(
         sum(total_incl_tax) FILTER (WHERE kind = 'INVOICE' AND status = 'CANCELLED' AND paid_at IS NOT NULL), 0
       )::numeric(16, 2)::text AS "refundDue"
     FROM invoice WHERE ${column} = $1`,
    [id],
  );
  return row;
}
