import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys: the lookup stamps `last_used_at` (at most once a minute per key, in the same
 * statement that authenticates: a key used again within the minute costs no write), and the
 * names of live keys are unique in a workspace, ignoring case (live keys sharing a name are
 * renamed "name (2)", "name (3)"… oldest first keeping the name).
 */
export class ApiKeyUsage1767168000000 implements MigrationInterface {
  name = 'ApiKeyUsage1767168000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION auth_api_key(text);
      CREATE FUNCTION auth_api_key(p_key_hash text)
        RETURNS TABLE (api_key_id uuid, workspace_id uuid, scope api_key_scope, created_by uuid, role user_role)
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS
        $f$ WITH found AS (
              SELECT k.id, k.workspace_id, k.scope, k.created_by, u.role FROM api_key k
                JOIN app_user u ON u.id = k.created_by AND u.workspace_id = k.workspace_id
              WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL AND u.active
            ), stamped AS (
              UPDATE api_key SET last_used_at = now()
              WHERE id = (SELECT id FROM found)
                AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT * FROM found $f$;
      REVOKE ALL ON FUNCTION auth_api_key(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_api_key(text) TO crm_app_rls;

      WITH ranked AS (
        SELECT id, name, row_number() OVER (PARTITION BY workspace_id, lower(name) ORDER BY created_at, id) AS n
        FROM api_key WHERE revoked_at IS NULL
      )
      UPDATE api_key k SET name = left(r.name, 90) || ' (' || r.n || ')'
      FROM ranked r WHERE r.id = k.id AND r.n > 1;
      CREATE UNIQUE INDEX api_key_live_name_key ON api_key (workspace_id, lower(name)) WHERE revoked_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX api_key_live_name_key;
      DROP FUNCTION auth_api_key(text);
      CREATE FUNCTION auth_api_key(p_key_hash text)
        RETURNS TABLE (api_key_id uuid, workspace_id uuid, scope api_key_scope, created_by uuid, role user_role)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT k.id, k.workspace_id, k.scope, k.created_by, u.role FROM api_key k
              JOIN app_user u ON u.id = k.created_by AND u.workspace_id = k.workspace_id
            WHERE k.key_hash = p_key_hash AND k.revoked_at IS NULL AND u.active $f$;
      REVOKE ALL ON FUNCTION auth_api_key(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_api_key(text) TO crm_app_rls;
    `);
  }
}
