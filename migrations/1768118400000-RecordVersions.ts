import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `updated_at` of a company, contact or event is the version its record page saves against
 * (`expectedUpdatedAt` of updateCompany, updateContact, updateEvent): every write to the
 * record must move it, or a stale tab would overwrite the change unseen.
 *
 * - A row trigger sets it to the transaction's time on every UPDATE of the three tables that
 *   does not set it itself (raw SQL of merges, custom-field deletions, and whatever comes next);
 *   a statement that sets it keeps its value (imports compare it with their own write time to
 *   know whether a record changed since, see import/undo.ts).
 * - Statement triggers on the link tables that are part of a record's form (an event's contacts,
 *   a company's languages) touch the records whose links changed, in id order (no deadlock
 *   between two statements touching the same records). A record already stamped by this
 *   transaction (a new company with its languages, a save of the form's fields) is left alone:
 *   its version is already now() (to the millisecond, the column's precision), and an import
 *   would otherwise update each new company twice.
 */
export class RecordVersions1768118400000 implements MigrationInterface {
  name = 'RecordVersions1768118400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION record_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A statement that sets updated_at itself (TypeORM's update, imports and their undo) keeps its value.
        IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER company_version BEFORE UPDATE ON company FOR EACH ROW EXECUTE FUNCTION record_version_bump();
      CREATE TRIGGER contact_version BEFORE UPDATE ON contact FOR EACH ROW EXECUTE FUNCTION record_version_bump();
      CREATE TRIGGER event_version BEFORE UPDATE ON event FOR EACH ROW EXECUTE FUNCTION record_version_bump();

      CREATE FUNCTION event_contact_touch_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM event WHERE id IN (SELECT event_id FROM changed_links) AND updated_at <> now()::timestamptz(3) ORDER BY id FOR NO KEY UPDATE;
        UPDATE event SET updated_at = now() WHERE id IN (SELECT event_id FROM changed_links) AND updated_at <> now()::timestamptz(3);
        RETURN NULL;
      END $$;
      CREATE TRIGGER event_contact_added AFTER INSERT ON event_contact REFERENCING NEW TABLE AS changed_links
        FOR EACH STATEMENT EXECUTE FUNCTION event_contact_touch_event();
      CREATE TRIGGER event_contact_removed AFTER DELETE ON event_contact REFERENCING OLD TABLE AS changed_links
        FOR EACH STATEMENT EXECUTE FUNCTION event_contact_touch_event();

      CREATE FUNCTION company_language_touch_company() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM company WHERE id IN (SELECT company_id FROM changed_links) AND updated_at <> now()::timestamptz(3) ORDER BY id FOR NO KEY UPDATE;
        UPDATE company SET updated_at = now() WHERE id IN (SELECT company_id FROM changed_links) AND updated_at <> now()::timestamptz(3);
        RETURN NULL;
      END $$;
      CREATE TRIGGER company_language_added AFTER INSERT ON company_language REFERENCING NEW TABLE AS changed_links
        FOR EACH STATEMENT EXECUTE FUNCTION company_language_touch_company();
      CREATE TRIGGER company_language_removed AFTER DELETE ON company_language REFERENCING OLD TABLE AS changed_links
        FOR EACH STATEMENT EXECUTE FUNCTION company_language_touch_company();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS company_language_added ON company_language;
      DROP TRIGGER IF EXISTS company_language_removed ON company_language;
      DROP FUNCTION IF EXISTS company_language_touch_company();
      DROP TRIGGER IF EXISTS event_contact_added ON event_contact;
      DROP TRIGGER IF EXISTS event_contact_removed ON event_contact;
      DROP FUNCTION IF EXISTS event_contact_touch_event();
      DROP TRIGGER IF EXISTS company_version ON company;
      DROP TRIGGER IF EXISTS contact_version ON contact;
      DROP TRIGGER IF EXISTS event_version ON event;
      DROP FUNCTION IF EXISTS record_version_bump();
    `);
  }
}
