import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An API key acts for the user who created it, with that user's role of now: the lookup
 * returns the creator's current role, and a key whose creator is gone or deactivated no
 * longer signs anything in. (Before, every key acted as an admin, so a key of a demoted
 * admin kept an admin's reach.)
 */
export class ApiKeyCreatorRole1765785600000 implements MigrationInterface {
  name = 'ApiKeyCreatorRole1765785600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
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

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION auth_api_key(text);
      CREATE FUNCTION auth_api_key(p_key_hash text)
        RETURNS TABLE (api_key_id uuid, workspace_id uuid, scope api_key_scope, created_by uuid)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, scope, created_by FROM api_key
            WHERE key_hash = p_key_hash AND revoked_at IS NULL $f$;
      REVOKE ALL ON FUNCTION auth_api_key(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_api_key(text) TO crm_app_rls;
    `);
  }
}
