import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads may be legacy .xls workbooks (format 'xls').
 *
 * `import_analyze()`: refreshes the planner's statistics of the tables an import fills.
 *
 * An import adds tens of thousands of rows in a few seconds, faster than autovacuum's
 * analyze notices. With stale statistics (a workspace "holding 1 contact") PostgreSQL looks
 * up a batch's emails or SIRETs by scanning every row of the workspace through any index on
 * workspace_id, so each batch costs more than the last. The application role owns no table
 * and cannot ANALYZE; this owner-run function can, and only the three tables the import
 * looks rows up in (companies, contacts, and comments already on them). At most one runs
 * at a time (an advisory lock; the others skip): statistics are shared by all workspaces.
 * Only tables changed by more than a tenth since their last analyze are analysed. Returns
 * whether it analysed anything.
 */
export class ImportXlsAnalyze1765267200000 implements MigrationInterface {
  name = 'ImportXlsAnalyze1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_upload DROP CONSTRAINT import_upload_format_check;
      ALTER TABLE import_upload ADD CONSTRAINT import_upload_format_check CHECK (format IN ('xlsx', 'xls', 'csv'));
      CREATE FUNCTION import_analyze() RETURNS boolean
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS
        $f$
        DECLARE
          t text;
          done boolean := false;
        BEGIN
          IF NOT pg_try_advisory_xact_lock(hashtext('import_analyze')) THEN
            RETURN false;
          END IF;
          -- Only the tables changed by more than a tenth since their last analyze.
          FOR t IN
            SELECT relname FROM pg_stat_user_tables
             WHERE schemaname = 'public'
               AND relname IN ('company', 'contact', 'activity')
               AND n_mod_since_analyze > 500 + 0.1 * greatest(n_live_tup - n_mod_since_analyze, 0)
          LOOP
            EXECUTE format('ANALYZE %I', t);
            done := true;
          END LOOP;
          RETURN done;
        END
        $f$;
      REVOKE ALL ON FUNCTION import_analyze() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION import_analyze() TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS import_analyze();
      DELETE FROM import_upload WHERE format = 'xls';
      ALTER TABLE import_upload DROP CONSTRAINT import_upload_format_check;
      ALTER TABLE import_upload ADD CONSTRAINT import_upload_format_check CHECK (format IN ('xlsx', 'csv'));
    `);
  }
}
