import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contact list sorted by name descending puts empty names last, as ascending does
 * (`last_name DESC NULLS LAST, first_name DESC NULLS LAST, id DESC`, see keyset.ts). The
 * ascending index contact_list_name_idx read backwards gives NULLS FIRST instead, so without
 * this one every such page sorted all of a workspace's contacts (top-N heapsort over 60 000
 * rows of the bench workspace, instead of an index scan stopping after the page). Partial
 * like the list's other indexes: the lists show live records only.
 */
export class ContactNameDescIndex1766224800000 implements MigrationInterface {
  name = 'ContactNameDescIndex1766224800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX contact_list_name_desc_idx
        ON contact (workspace_id, last_name DESC NULLS LAST, first_name DESC NULLS LAST, id DESC)
        WHERE deleted_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contact_list_name_desc_idx;`);
  }
}
