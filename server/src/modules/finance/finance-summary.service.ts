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
 * - paid: the money received, the payments recorded on invoices, including those cancelled
 *   afterwards: a cancellation does not undo a payment, and the money does not vanish from the books;
 * - outstanding: the sum of the balances due the documents list (balanceDue in payment.service: total
 *   less payments, never below 0, on issued or paid invoices; credit notes and cancelled invoices 0);
 * - refundDue: what was received on invoices since cancelled, less the refunds recorded on their
 *   credit notes: what is still owed back to the client.
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
    `WITH doc AS (
       SELECT i.kind, i.status, i.number, i.total_incl_tax,
              (SELECT coalesce(sum(p.amount), 0) FROM invoice_payment p
               WHERE p.invoice_id = i.id AND p.kind = 'PAYMENT' AND p.cancelled_at IS NULL) AS received,
              (SELECT coalesce(sum(p.amount), 0) FROM invoice c JOIN invoice_payment p ON p.invoice_id = c.id
               WHERE c.credited_invoice_id = i.id AND p.kind = 'REFUND' AND p.cancelled_at IS NULL) AS refunded
       FROM invoice i WHERE i.${column} = $1
     )
     SELECT
       (SELECT coalesce(sum(total_incl_tax), 0) FROM quote WHERE ${column} = $1 AND status <> 'REFUSED')::numeric(16, 2)::text
         AS quoted,
       coalesce(sum(total_incl_tax) FILTER (WHERE number IS NOT NULL), 0)::numeric(16, 2)::text AS invoiced,
       coalesce(sum(received) FILTER (WHERE kind = 'INVOICE'), 0)::numeric(16, 2)::text AS paid,
       coalesce(
         sum(greatest(total_incl_tax - received, 0)) FILTER (WHERE status IN ('ISSUED', 'PAID') AND kind = 'INVOICE'), 0
       )::numeric(16, 2)::text AS outstanding,
       coalesce(
         sum(greatest(received - refunded, 0)) FILTER (WHERE kind = 'INVOICE' AND status = 'CANCELLED'), 0
       )::numeric(16, 2)::text AS "refundDue"
     FROM doc`,
    [id],
  );
  return row;
}
