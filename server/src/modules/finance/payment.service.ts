import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import type { Locale } from '../../common/i18n';
import { FieldErrors, conflict, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { recordAudit } from '../audit/audit.service';
import { checkDate, today } from '../event/dates';
import {
  InvoiceEntity,
  InvoiceKind,
  InvoicePaymentEntity,
  InvoiceStatus,
  PaymentKind,
  PaymentMethod,
} from './finance.entity';
import { getInvoice, lockInvoice } from './invoice.service';
import { amountParam } from '../../common/amounts';
import { Money, parseDecimal } from './money';

/**
 * Payments received on invoices and refunds paid back on credit notes.
 *
 * - A payment goes on an issued invoice, at most its balance due (total − payments); the
 *   invoice becomes PAID when the balance reaches 0, and ISSUED again when a payment is cancelled.
 * - A refund goes on a credit note, at most what was received on the invoice it cancels minus
 *   the refunds already recorded on it.
 * - Every change locks the invoice row (for a refund: the invoice the credit note cancels), so two
 *   requests recording money at once run one after the other and cannot overpay.
 * - A wrong entry is cancelled, not deleted: sums leave it out, the row stays for the books.
 */

export interface MoneyEntryInput {
  amount: string;
  date?: string | null;
  method: PaymentMethod;
  reference?: string | null;
}

export const REFERENCE_MAX = 200;
const AMOUNT_MAX = '999999999999.99';

/** What an entry looks like in the audit trail. */
const entrySnapshot = (p: InvoicePaymentEntity) => ({
  amount: p.amount,
  date: p.paidOn,
  method: p.method,
  reference: p.reference,
});

/** The live payments and refunds recorded on each document, oldest first. */
export async function paymentsByInvoiceIds(ctx: Ctx, ids: readonly string[]): Promise<InvoicePaymentEntity[][]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(InvoicePaymentEntity, 'p')
    .where('p.invoice_id IN (:...ids) AND p.cancelled_at IS NULL', { ids: [...ids] })
    .orderBy('p.paid_on', 'ASC')
    .addOrderBy('p.created_at', 'ASC')
    .addOrderBy('p.id', 'ASC')
    .getMany();
  return ids.map((id) => rows.filter((r) => r.invoiceId === id));
}

/** Sum of the live entries of one kind recorded on a document, exact. */
export function entriesTotal(entries: InvoicePaymentEntity[], kind: PaymentKind): string {
  return entries
    .filter((e) => e.kind === kind)
    .reduce((acc, e) => acc.plus(e.amount), new Money(0))
    .toFixed(2);
}

async function liveTotal(ctx: Ctx, invoiceId: string, kind: PaymentKind): Promise<string> {
  const [row]: { total: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT coalesce(sum(amount), 0)::numeric(16, 2)::text AS total
     FROM invoice_payment WHERE invoice_id = $1 AND kind = $2 AND cancelled_at IS NULL`,
    [invoiceId, kind],
  );
  return row.total;
}

/** An invoice's balance due: its total less the payments received (0 unless issued or paid). */
export function balanceDue(invoice: Pick<InvoiceEntity, 'kind' | 'status' | 'totalInclTax'>, paid: string): string {
  if (invoice.kind !== InvoiceKind.INVOICE) return '0.00';
  if (invoice.status !== InvoiceStatus.ISSUED && invoice.status !== InvoiceStatus.PAID) return '0.00';
  return Money.max(new Money(invoice.totalInclTax).minus(paid), 0).toFixed(2);
}

/** A day as people read it: 02/03/2026 in French, 2026-03-02 otherwise. */
const dayText = (day: string, locale: Locale) => (locale === 'fr' ? day.split('-').reverse().join('/') : day);

/** Checks an amount (> 0, at most `max`), a date (not in the future, not before `from`), a reference. */
function checkedEntry(
  ctx: Ctx,
  input: MoneyEntryInput,
  limits: { max: string; from: string; aboveKey: 'finance.paymentAboveDue' | 'finance.refundAboveDue' },
) {
  const errors = new FieldErrors();
  const parsed = parseDecimal(input.amount, { scale: 2, min: '0.01', max: AMOUNT_MAX, amount: true });
  if (!parsed.ok) errors.add(['input', 'amount'], parsed.reason, parsed.params);
  else if (new Money(parsed.value).greaterThan(limits.max))
    errors.add(['input', 'amount'], limits.aboveKey, { max: amountParam(new Money(limits.max).toFixed(2)) });
  const now = today();
  const given = input.date?.trim() ? checkDate(errors, ['input', 'date'], input.date) : now;
  if (given && given > now) errors.add(['input', 'date'], 'finance.paymentInFuture');
  else if (given && given < limits.from)
    errors.add(['input', 'date'], 'finance.paymentBeforeIssue', { date: dayText(limits.from, ctx.actor.locale) });
  const reference = input.reference?.trim() || null;
  if (reference && reference.length > REFERENCE_MAX)
    errors.add(['input', 'reference'], 'field.tooLong', { max: REFERENCE_MAX });
  if (!Object.values(PaymentMethod).includes(input.method)) errors.add(['input', 'method'], 'field.invalid');
  errors.throwIfAny();
  return { amount: parsed.ok ? parsed.value : '0', paidOn: given as string, method: input.method, reference };
}

async function insertEntry(
  ctx: Ctx,
  invoiceId: string,
  kind: PaymentKind,
  entry: ReturnType<typeof checkedEntry>,
): Promise<InvoicePaymentEntity> {
  return (await em(ctx)).save(InvoicePaymentEntity, {
    workspaceId: ctx.actor.workspaceId,
    invoiceId,
    kind,
    ...entry,
    createdBy: ctx.actor.userId,
    cancelledAt: null,
    cancelledBy: null,
  });
}

/** Sets PAID (balance 0) or back to ISSUED (balance due again) after the payments changed. */
async function settleStatus(ctx: Ctx, invoice: InvoiceEntity, paid: string): Promise<void> {
  const settled = new Money(paid).greaterThanOrEqualTo(invoice.totalInclTax);
  if (invoice.status === InvoiceStatus.ISSUED && settled)
    await (await em(ctx)).update(InvoiceEntity, { id: invoice.id }, { status: InvoiceStatus.PAID, paidAt: new Date() });
  else if (invoice.status === InvoiceStatus.PAID && !settled)
    await (await em(ctx)).update(InvoiceEntity, { id: invoice.id }, { status: InvoiceStatus.ISSUED, paidAt: null });
}

async function auditMoney(
  ctx: Ctx,
  action: string,
  entityId: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  await recordAudit(ctx, { entityType: 'Invoice', entityId, action, before, after });
}

/** Records money received on an issued invoice; the invoice becomes PAID when nothing is left due. */
export async function recordInvoicePayment(
  ctx: Ctx,
  input: MoneyEntryInput & { invoiceId: string },
): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  const invoice = await lockInvoice(ctx, input.invoiceId);
  if (invoice.kind !== InvoiceKind.INVOICE || invoice.status !== InvoiceStatus.ISSUED)
    throw conflict('finance.paymentNotAllowed');
  const paid = await liveTotal(ctx, invoice.id, PaymentKind.PAYMENT);
  const due = balanceDue(invoice, paid);
  const entry = checkedEntry(ctx, input, { max: due, from: invoice.issueDate, aboveKey: 'finance.paymentAboveDue' });
  const payment = await insertEntry(ctx, invoice.id, PaymentKind.PAYMENT, entry);
  const nowPaid = new Money(paid).plus(entry.amount).toFixed(2);
  await settleStatus(ctx, invoice, nowPaid);
  const after = await getInvoice(ctx, invoice.id);
  await auditMoney(
    ctx,
    'payment',
    invoice.id,
    { paidAmount: paid, status: invoice.status, payment: null },
    { paidAmount: nowPaid, status: after.status, payment: entrySnapshot(payment) },
  );
  return after;
}

/**
 * "Marquer payée": one payment of the whole balance due, dated today (method OTHER unless given),
 * and the invoice PAID.
 */
export async function markInvoicePaid(
  ctx: Ctx,
  id: string,
  method: PaymentMethod = PaymentMethod.OTHER,
): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  const invoice = await lockInvoice(ctx, id);
  if (invoice.kind !== InvoiceKind.INVOICE || invoice.status !== InvoiceStatus.ISSUED)
    throw conflict('finance.notPayable');
  const paid = await liveTotal(ctx, invoice.id, PaymentKind.PAYMENT);
  const due = balanceDue(invoice, paid);
  let payment: InvoicePaymentEntity | null = null;
  if (new Money(due).greaterThan(0)) {
    const paidOn = today() < invoice.issueDate ? invoice.issueDate : today();
    payment = await insertEntry(ctx, invoice.id, PaymentKind.PAYMENT, { amount: due, paidOn, method, reference: null });
  }
  await (await em(ctx)).update(InvoiceEntity, { id }, { status: InvoiceStatus.PAID, paidAt: new Date() });
  const after = await getInvoice(ctx, id);
  await auditMoney(
    ctx,
    'pay',
    id,
    { paidAmount: paid, status: invoice.status, payment: null },
    { paidAmount: invoice.totalInclTax, status: after.status, payment: payment ? entrySnapshot(payment) : null },
  );
  return after;
}

/** What is still owed back on a credit note: received on its invoice, less the refunds recorded. */
export function refundDue(receivedOnInvoice: string, refunded: string): string {
  return Money.max(new Money(receivedOnInvoice).minus(refunded), 0).toFixed(2);
}

/** Records money paid back to the client on a credit note whose invoice had been (partly) paid. */
export async function recordRefund(
  ctx: Ctx,
  input: MoneyEntryInput & { creditNoteId: string },
): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  // Money leaving the agency: an admin's decision.
  requireAdmin(ctx.actor, 'finance.refundAdminOnly');
  const credit = await getInvoice(ctx, input.creditNoteId);
  if (credit.kind !== InvoiceKind.CREDIT_NOTE || !credit.creditedInvoiceId) throw conflict('finance.refundNotAllowed');
  // The invoice row is the one lock of its money: payments, their cancellations and refunds.
  const invoice = await lockInvoice(ctx, credit.creditedInvoiceId);
  const received = await liveTotal(ctx, invoice.id, PaymentKind.PAYMENT);
  const refunded = await liveTotal(ctx, credit.id, PaymentKind.REFUND);
  const due = refundDue(received, refunded);
  if (!new Money(due).greaterThan(0)) throw conflict('finance.nothingToRefund');
  const entry = checkedEntry(ctx, input, { max: due, from: credit.issueDate, aboveKey: 'finance.refundAboveDue' });
  const refund = await insertEntry(ctx, credit.id, PaymentKind.REFUND, entry);
  await auditMoney(
    ctx,
    'refund',
    credit.id,
    { refundedAmount: refunded, refund: null },
    { refundedAmount: new Money(refunded).plus(entry.amount).toFixed(2), refund: entrySnapshot(refund) },
  );
  return getInvoice(ctx, credit.id);
}

/**
 * Cancels a wrongly recorded payment or refund. A paid invoice whose balance is due again goes
 * back to ISSUED. A payment of a cancelled invoice is cancelled only while the refunds already
 * recorded on its credit note stay covered.
 */
export async function cancelPayment(ctx: Ctx, id: string): Promise<InvoiceEntity> {
  requireWrite(ctx.actor);
  // Taking an entry out of the books (a paid invoice due again): an admin's decision.
  requireAdmin(ctx.actor, 'finance.cancelPaymentAdminOnly');
  const manager = await em(ctx);
  const found = await manager.findOneBy(InvoicePaymentEntity, { id: checkId(id, 'Payment') });
  if (!found || found.cancelledAt) throw notFound('Payment');
  const document = await getInvoice(ctx, found.invoiceId);
  const invoice = await lockInvoice(ctx, document.creditedInvoiceId ?? document.id);
  // Read again under the lock: another request may have cancelled it meanwhile.
  const entry = await manager.findOneBy(InvoicePaymentEntity, { id: found.id });
  if (!entry || entry.cancelledAt) throw notFound('Payment');
  if (entry.kind === PaymentKind.PAYMENT) {
    const paid = await liveTotal(ctx, invoice.id, PaymentKind.PAYMENT);
    const nowPaid = new Money(paid).minus(entry.amount).toFixed(2);
    if (invoice.status === InvoiceStatus.CANCELLED) {
      const [credit] = await manager.query(`SELECT id FROM invoice WHERE credited_invoice_id = $1`, [invoice.id]);
      const refunded = credit ? await liveTotal(ctx, credit.id, PaymentKind.REFUND) : '0.00';
      if (new Money(refunded).greaterThan(nowPaid))
        throw conflict('finance.paymentRefunded', { refunded: amountParam(refunded) });
    }
    await manager.update(
      InvoicePaymentEntity,
      { id: entry.id },
      { cancelledAt: new Date(), cancelledBy: ctx.actor.userId },
    );
    await settleStatus(ctx, invoice, nowPaid);
    const after = await getInvoice(ctx, invoice.id);
    await auditMoney(
      ctx,
      'paymentCancelled',
      invoice.id,
      { paidAmount: paid, status: invoice.status, payment: entrySnapshot(entry) },
      { paidAmount: nowPaid, status: after.status, payment: null },
    );
    return after;
  }
  const refunded = await liveTotal(ctx, document.id, PaymentKind.REFUND);
  await manager.update(
    InvoicePaymentEntity,
    { id: entry.id },
    { cancelledAt: new Date(), cancelledBy: ctx.actor.userId },
  );
  await auditMoney(
    ctx,
    'refundCancelled',
    document.id,
    { refundedAmount: refunded, refund: entrySnapshot(entry) },
    { refundedAmount: new Money(refunded).minus(entry.amount).toFixed(2), refund: null },
  );
  return getInvoice(ctx, document.id);
}
