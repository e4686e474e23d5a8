import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `import_analyze()`: refreshes the planner's statistics of the tables an import fills.
 *
 * An import adds tens of thousands of rows in a few seconds, faster than autovacuum's
 * analyze notices. With stale statistics (a workspace "holding 1 contact") PostgreSQL looks
 * up a batch's emails or SIRETs by scanning every row of the workspace through any index on
 * workspace_id, so each batch costs more than the last. The application role owns no table
 * and cannot ANALYZE; this owner-run function can, and only those two tables (the ones the
 * import looks rows up in). At most one runs
 * at a time (an advisory lock; the others skip): statistics are shared by all workspaces.
 * Only tables changed by more than a tenth since their last analyze are analysed. Returns
 * whether it analysed anything.
 */
export class ImportAnalyze1765267200000 implements MigrationInterface {
  name = 'ImportAnalyze1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
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
               AND relname IN ('company', 'contact')
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
    await q.query('DROP FUNCTION IF EXISTS import_analyze()');
  }
}
