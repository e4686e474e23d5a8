import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../test/harness';
import { DocumentBillingChoice1767427200000 } from '../../../migrations/1767427200000-DocumentBillingChoice';

/**
 * The migration runs on the shared test database (already migrated: `down` first) inside a
 * transaction that is rolled back. Its `down` alters the quote and invoice tables (an exclusive
 * lock on both), so it runs in the isolated phase, alone, like the InvoicePayments one.
 */
describe('migration DocumentBillingChoice', () => {
  const db = dataSourcesPerFile();

  it('marks as chosen the documents whose address is not the company default, the others follow the default', async () => {
    const { workspaceId: ws } = await createWorkspaceWithAdmin();
    const q = db.admin.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const migration = new DocumentBillingChoice1767427200000();
      await migration.down(q);
      const [{ id: companyId }] = await q.query(
        `INSERT INTO company (workspace_id, name) VALUES ($1, 'Migration SA') RETURNING id`,
        [ws],
      );
      const address = async (isDefault: boolean) =>
        (
          await q.query(
            `INSERT INTO billing_address (workspace_id, company_id, address_line1, country, is_default)
             VALUES ($1, $2, '1 rue Haute', 'France', $3) RETURNING id`,
            [ws, companyId, isDefault],
          )
        )[0].id as string;
      const byDefault = await address(true);
      const other = await address(false);
      const invoice = async (addressId: string | null) =>
        (
          await q.query(
            `INSERT INTO invoice (workspace_id, company_id, client_name, billing_address_id) VALUES ($1, $2, 'M', $3)
             RETURNING id`,
            [ws, companyId, addressId],
          )
        )[0].id as string;
      const followsDefault = await invoice(byDefault);
      const chosen = await invoice(other);
      const none = await invoice(null);
      const [{ id: quote }] = await q.query(
        `INSERT INTO quote (workspace_id, company_id, client_name, number, billing_address_id)
         VALUES ($1, $2, 'M', 'D-MIG-BC', $3) RETURNING id`,
        [ws, companyId, other],
      );
      await migration.up(q);
      const flags = async (table: string, ids: string[]) =>
        (
          (await q.query(`SELECT id, billing_address_chosen FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])) as {
            id: string;
            billing_address_chosen: boolean;
          }[]
        ).reduce<Record<string, boolean>>((acc, r) => ({ ...acc, [r.id]: r.billing_address_chosen }), {});
      expect(await flags('invoice', [followsDefault, chosen, none])).toEqual({
        [followsDefault]: false,
        [chosen]: true,
        [none]: false,
      });
      expect(await flags('quote', [quote])).toEqual({ [quote]: true });
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
