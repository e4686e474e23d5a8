import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../test/harness';
import { EmptyBillingAddresses1766304000000 } from '../../../migrations/1766304000000-EmptyBillingAddresses';

/**
 * The migration runs on the shared test database (already migrated) inside a transaction that
 * is rolled back: other test files' rows come out as they were.
 */
describe('migration EmptyBillingAddresses', () => {
  const db = dataSourcesPerFile();

  it('deletes empty billing addresses no document uses and gives each company a usable default', async () => {
    const { workspaceId: ws } = await createWorkspaceWithAdmin();
    const q = db.admin.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const company = async (name: string) =>
        (await q.query(`INSERT INTO company (workspace_id, name) VALUES ($1, $2) RETURNING id`, [ws, name]))[0]
          .id as string;
      const address = async (companyId: string, line1: string | null, isDefault: boolean, city: string | null = null) =>
        (
          await q.query(
            `INSERT INTO billing_address (workspace_id, company_id, address_line1, city, country, is_default)
             VALUES ($1, $2, $3, $4, 'France', $5) RETURNING id`,
            [ws, companyId, line1, city, isDefault],
          )
        )[0].id as string;
      // Only the blank default of its creation.
      const blankOnly = await company('Blank only');
      await address(blankOnly, null, true);
      // A blank default and a real address added later.
      const blankAndReal = await company('Blank and real');
      await address(blankAndReal, '  ', true);
      const real = await address(blankAndReal, '2 rue Neuve', false);
      // A blank default a quote was made with: kept (its link), but no longer the default.
      const quoted = await company('Quoted');
      const quotedBlank = await address(quoted, null, true);
      const quotedReal = await address(quoted, '9 place Bellecour', false);
      await q.query(
        `INSERT INTO quote (workspace_id, company_id, client_name, number, billing_address_id)
         VALUES ($1, $2, 'Quoted', 'D-MIG-1', $3)`,
        [ws, quoted, quotedBlank],
      );
      // A city without street is not empty: kept, and the default it was.
      const cityOnly = await company('City only');
      const city = await address(cityOnly, null, true, 'Lyon');
      // A real default: untouched.
      const fine = await company('Fine');
      const fineDefault = await address(fine, '1 rue Haute', true);
      await address(fine, null, false);

      await new EmptyBillingAddresses1766304000000().up(q);

      const rows: { company_id: string; id: string; is_default: boolean }[] = await q.query(
        `SELECT company_id, id, is_default FROM billing_address WHERE workspace_id = $1 ORDER BY is_default, id`,
        [ws],
      );
      const of = (c: string) => rows.filter((r) => r.company_id === c).map((r) => [r.id, r.is_default]);
      expect(of(blankOnly)).toEqual([]);
      expect(of(blankAndReal)).toEqual([[real, true]]);
      expect(of(quoted)).toEqual([
        [quotedBlank, false],
        [quotedReal, true],
      ]);
      expect(of(cityOnly)).toEqual([[city, true]]);
      expect(of(fine)).toEqual([[fineDefault, true]]);
    } finally {
      await q.rollbackTransaction();
      await q.release();
    }
  });
});
