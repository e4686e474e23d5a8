import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a consent was given (`method`) and a free-text proof reference (`note`), so the
 * workspace can demonstrate a contact's opt-in (GDPR art. 7(1)). Both nullable: earlier
 * events, imports and provider syncs do not know them.
 *
 * `method` is text with a CHECK rather than a PostgreSQL enum: a value is added (or retired)
 * by replacing the constraint in the migration's transaction, whereas `ALTER TYPE … ADD VALUE`
 * cannot be used in the transaction that adds it and an enum value can never be dropped. The
 * values are those of the GraphQL enum `ConsentMethod` (server/src/modules/consent/consent.model.ts).
 *
 * The table's row-level security (ClientRecords migration) covers the new columns as they are.
 */
export class ConsentMethod1766131200000 implements MigrationInterface {
  name = 'ConsentMethod1766131200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consent_event
        ADD COLUMN method text
          CONSTRAINT consent_event_method_check
          CHECK (method IN ('WEB_FORM', 'EMAIL', 'PHONE', 'PAPER', 'IN_PERSON', 'OTHER')),
        ADD COLUMN note text CONSTRAINT consent_event_note_check CHECK (char_length(note) <= 500);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent_event DROP COLUMN note, DROP COLUMN method`);
  }
}
