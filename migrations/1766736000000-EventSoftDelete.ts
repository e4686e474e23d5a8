import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events are soft-deleted like companies and contacts: `deleted_at` / `deleted_by`, a deleted
 * event leaves the lists, counts and search and waits in the trash for a restore. Its contact
 * links stay (they come back with it). The trash pages by (deleted_at, id) newest first, served
 * by a partial index holding only deleted rows, as company_trash_idx does.
 */
export class EventSoftDelete1766736000000 implements MigrationInterface {
  name = 'EventSoftDelete1766736000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE event
        ADD COLUMN deleted_at timestamptz(3),
        ADD COLUMN deleted_by uuid REFERENCES app_user(id) ON DELETE SET NULL;
      CREATE INDEX event_trash_idx ON event (workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS event_trash_idx;
      ALTER TABLE event DROP COLUMN deleted_by, DROP COLUMN deleted_at;
    `);
  }
}
