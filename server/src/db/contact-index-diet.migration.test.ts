import type { EntityManager } from 'typeorm';
import { createWorkspaceWithAdmin, dataSourcesPerFile } from '../../test/harness';
import { withTenant } from './tenant-scope';
import { planScans as planScansOf } from '../../test/plans';

/** The indexes migration 1766476800000-ContactIndexDiet drops. */
const DROPPED = ['contact_name_idx', 'contact_live_company_idx', 'contact_email_idx', 'company_name_idx'];

/** A statement's scans of contact and company, as the app role, sorts discouraged too. */
const planScans = (em: EntityManager, sql: string, params: unknown[]) =>
  planScansOf(em, sql, params, ['contact', 'company'], { noSort: true });

/**
 * The indexes dropped for cheaper contact writes were redundant: the statements that could
 * use them still find an index serving their condition and order (on the test database's few
 * rows the planner would otherwise read the whole table).
 */
describe('migration ContactIndexDiet', () => {
  const db = dataSourcesPerFile();

  it('drops the four redundant indexes', async () => {
    const rows: { indexname: string }[] = await db.admin.query(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('contact', 'company') AND indexname = ANY($1)`,
      [DROPPED],
    );
    expect(rows).toEqual([]);
  });

  it('leaves an index for each statement that used them, as the app role', async () => {
    const { workspaceId: ws, userId } = await createWorkspaceWithAdmin();
    const company = await withTenant(db.app, ws, userId, async (em) => {
      const [row] = await em.query(`INSERT INTO company (workspace_id, name) VALUES ($1, 'Index diet') RETURNING id`, [
        ws,
      ]);
      await em.query(
        `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email)
         SELECT $1, $2, 'Prénom' || g, 'Nom' || g, 'diet' || g || '@test.local' FROM generate_series(1, 50) g`,
        [ws, row.id],
      );
      return row as { id: string };
    });
    // Only the owner may analyze; plans then rest on statistics, as in production.
    await db.admin.query('ANALYZE contact, company');
    await withTenant(db.app, ws, userId, async (em) => {
      // The contact list by name (record-list, export): the live rows' name index.
      expect(
        await planScans(
          em,
          `SELECT k.id FROM contact k WHERE k.workspace_id = $1 AND k.deleted_at IS NULL AND k.active
           ORDER BY k.last_name, k.first_name, k.id LIMIT 51`,
          [ws],
        ),
      ).toEqual([expect.objectContaining({ index: 'contact_list_name_idx' })]);
      // The company list and pickers by name.
      expect(
        await planScans(
          em,
          `SELECT c.id FROM company c WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.active
           ORDER BY c.name, c.id LIMIT 51`,
          [ws],
        ),
      ).toEqual([expect.objectContaining({ index: 'company_list_name_idx' })]);
      // A company's live contacts (counts in the lists, main contact election).
      const live = await planScans(
        em,
        `SELECT company_id, count(*) FROM contact WHERE company_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1`,
        [[company.id]],
      );
      expect(live).toHaveLength(1);
      expect(['contact_norm_name_idx', 'contact_company_idx']).toContain(live[0].index);
      // Look-ups by address (import planner, duplicates): email::text, leakproof.
      expect(
        await planScans(em, `SELECT id FROM contact WHERE deleted_at IS NULL AND email::text = ANY($1::text[])`, [
          ['diet7@test.local'],
        ]),
      ).toEqual([expect.objectContaining({ index: 'contact_email_text_idx' })]);
    });
  });
});
