import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../test/harness';
import { InvoicePayments1766649600000 } from '../../../migrations/1766649600000-InvoicePayments';

/**
 * The migration runs on the shared test database (already migrated: `down` first) inside a
 * transaction that is rolled back: other test files' rows come out as they were. Its `down`
 * drops a table and locks the invoices, so it runs in the isolated phase, alone: beside the
 * other files it deadlocked with their finance writes (seen in a full run).
 */
describe('migration InvoicePayments', () => {
  const db = dataSourcesPerFile();

  it('gives each invoice marked paid before it one payment of its total, dated the day it was paid', async () => {
    const { workspaceId: ws } = await createWorkspaceWithAdmin();
    const q = db.admin.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      await new InvoicePayments1766649600000().down(q);
      const [{ id: companyId }] = await q.query(
        `INSERT INTO company (workspace_id, name) VALUES ($1, 'Migration SA') RETURNING id`,
        [ws],
      );
      const invoice = async (number: string, status: string, paidAt: string | null, total = '1200.00') =>
        (
          await q.query(
            `INSERT INTO invoice (workspace_id, company_id, client_name, number, status, issue_date, issued_at, paid_at,
                                  total_incl_tax)
             VALUES ($1, $2, 'Migration SA', $3, $4, '2026-03-02', '2026-03-02T09:00:00Z', $5, $6) RETURNING id`,
            [ws, companyId, number, status, paidAt, total],
          )
        )[0].id as string;
      // Paid at 23:30 UTC on 10 March: 11 March in Paris.
      const paid = await invoice('F-MIG-1', 'PAID', '2026-03-10T23:30:00Z');
      // Paid, then cancelled: the money was received all the same.
      const cancelled = await invoice('F-MIG-2', 'CANCELLED', '2026-03-05T10:00:00Z', '60.00');
      const unpaid = await invoice('F-MIG-3', 'ISSUED', null);

      await new InvoicePayments1766649600000().up(q);

      const rows: { invoice_id: string; kind: string; amount: string; paid_on: string; method: string }[] =
        await q.query(
          `SELECT invoice_id, kind, amount::text, paid_on::text, method FROM invoice_payment
           WHERE workspace_id = $1 ORDER BY paid_on`,
          [ws],
        );
      expect(rows).toEqual([
        { invoice_id: cancelled, kind: 'PAYMENT', amount: '60.00', paid_on: '2026-03-05', method: 'OTHER' },
        { invoice_id: paid, kind: 'PAYMENT', amount: '1200.00', paid_on: '2026-03-11', method: 'OTHER' },
      ]);
      expect(rows.some((r) => r.invoice_id === unpaid)).toBe(false);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
