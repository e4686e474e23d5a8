import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activities and documents are soft-deleted like companies, contacts and events: `deleted_at`
 * / `deleted_by`. A deleted one leaves the timelines, the task lists and counts, the document
 * lists and the e-mail attachment picker, and waits in the trash for a restore; a document's
 * file stays in storage meanwhile. The trash pages by (deleted_at, id) newest first, served by
 * partial indexes holding only deleted rows, as event_trash_idx does.
 */
export class ActivityDocumentTrash1767600000000 implements MigrationInterface {
  name = 'ActivityDocumentTrash1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE activity
        ADD COLUMN deleted_at timestamptz(3),
        ADD COLUMN deleted_by uuid REFERENCES app_user(id) ON DELETE SET NULL;
      CREATE INDEX activity_trash_idx ON activity (workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;
      ALTER TABLE document
        ADD COLUMN deleted_at timestamptz(3),
        ADD COLUMN deleted_by uuid REFERENCES app_user(id) ON DELETE SET NULL;
      CREATE INDEX document_trash_idx ON document (workspace_id, deleted_at, id) WHERE deleted_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS activity_trash_idx, document_trash_idx;
      ALTER TABLE activity DROP COLUMN deleted_by, DROP COLUMN deleted_at;
      ALTER TABLE document DROP COLUMN deleted_by, DROP COLUMN deleted_at;
    `);
  }
}
