import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money actually received or paid back on invoices: `invoice_payment` rows.
 *
 * - A PAYMENT is recorded on an invoice (kind INVOICE); several partial ones add up to at most
 *   its total. A REFUND is recorded on a credit note and pays back what was received on the
 *   invoice it cancels.
 * - A wrongly recorded row is cancelled (`cancelled_at`, `cancelled_by`), never deleted: the
 *   books keep it, the sums leave it out.
 * - Invoices already marked paid get one payment of their total, dated the day they were
 *   marked paid (Paris time, not before their issue date), method OTHER.
 */
export class InvoicePayments1766649600000 implements MigrationInterface {
  name = 'InvoicePayments1766649600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invoice_payment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        invoice_id uuid NOT NULL REFERENCES invoice(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND')),
        amount numeric(14, 2) NOT NULL CHECK (amount > 0),
        paid_on date NOT NULL,
        method text NOT NULL
          CHECK (method IN ('TRANSFER', 'CHEQUE', 'CARD', 'CASH', 'DIRECT_DEBIT', 'OTHER')),
        reference text CHECK (reference IS NULL OR length(reference) <= 200),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        cancelled_at timestamptz(3),
        cancelled_by uuid REFERENCES app_user(id) ON DELETE SET NULL
      );
      CREATE INDEX invoice_payment_invoice_idx ON invoice_payment (invoice_id, paid_on, created_at);

      ALTER TABLE invoice_payment ENABLE ROW LEVEL SECURITY;
      ALTER TABLE invoice_payment FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON invoice_payment
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));

      INSERT INTO invoice_payment (workspace_id, invoice_id, kind, amount, paid_on, method, created_by, created_at)
      SELECT workspace_id, id, 'PAYMENT', total_incl_tax,
             greatest(issue_date, (paid_at AT TIME ZONE 'Europe/Paris')::date), 'OTHER', NULL, paid_at
      FROM invoice
      WHERE kind = 'INVOICE' AND paid_at IS NOT NULL AND total_incl_tax > 0;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS invoice_payment`);
  }
}
