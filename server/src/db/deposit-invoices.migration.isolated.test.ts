import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../test/harness';
import { DepositInvoices1767945600000 } from '../../../migrations/1767945600000-DepositInvoices';

/**
 * The migration runs on the shared test database (already migrated: `down` first) inside a
 * transaction that is rolled back. It alters the invoice table (an exclusive lock), so it runs
 * in the isolated phase, alone, like the other finance migrations.
 */
describe('migration DepositInvoices', () => {
  const db = dataSourcesPerFile();

  it('marks the invoices made from a quote before as the whole quote; others and credit notes have no part', async () => {
    const { workspaceId: ws } = await createWorkspaceWithAdmin();
    const q = db.admin.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const migration = new DepositInvoices1767945600000();
      await migration.down(q);
      const [{ id: companyId }] = await q.query(
        `INSERT INTO company (workspace_id, name) VALUES ($1, 'Migration Acompte SA') RETURNING id`,
        [ws],
      );
      const [{ id: quoteId }] = await q.query(
        `INSERT INTO quote (workspace_id, company_id, client_name, number) VALUES ($1, $2, 'M', 'D-MIG-DI') RETURNING id`,
        [ws, companyId],
      );
      const invoice = async (quote: string | null, credited: string | null = null) =>
        (
          await q.query(
            `INSERT INTO invoice (workspace_id, company_id, client_name, quote_id, kind, credited_invoice_id)
             VALUES ($1, $2, 'M', $3, $4, $5) RETURNING id`,
            [ws, companyId, quote, credited ? 'CREDIT_NOTE' : 'INVOICE', credited],
          )
        )[0].id as string;
      const fromQuote = await invoice(quoteId);
      const alone = await invoice(null);
      const credit = await invoice(null, fromQuote);
      await migration.up(q);
      const rows = (await q.query(`SELECT id, quote_part FROM invoice WHERE id = ANY($1::uuid[])`, [
        [fromQuote, alone, credit],
      ])) as { id: string; quote_part: string | null }[];
      expect(Object.fromEntries(rows.map((r) => [r.id, r.quote_part]))).toEqual({
        [fromQuote]: 'FULL',
        [alone]: null,
        [credit]: null,
      });
      // A credit note has no part of a quote.
      await expect(q.query(`UPDATE invoice SET quote_part = 'DEPOSIT' WHERE id = $1`, [credit])).rejects.toThrow(
        /invoice_quote_part_kind/,
      );
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
