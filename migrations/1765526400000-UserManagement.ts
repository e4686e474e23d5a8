import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User management: invited users (no password yet), their last sign-in, and invitations.
 *
 * An invited user has no password (`password_hash` NULL, `has_password` false) until they
 * accept; `active` false means deactivated (sign-in refused, sessions deleted, records kept).
 * An invitation stores only the SHA-256 of its one-time token and the random nonce the
 * token is derived from with a key of APP_SECRET (so the mail job can rebuild the link
 * without the token ever being stored or put in a job's parameters). Accepting happens
 * before the workspace is known: `auth_invitation` finds the invitation by token hash.
 */
export class UserManagement1765526400000 implements MigrationInterface {
  name = 'UserManagement1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ALTER COLUMN password_hash DROP NOT NULL;
      ALTER TABLE app_user
        ADD COLUMN has_password boolean GENERATED ALWAYS AS (password_hash IS NOT NULL) STORED,
        ADD COLUMN last_login_at timestamptz;

      CREATE TABLE user_invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        nonce text NOT NULL,
        expires_at timestamptz NOT NULL,
        locale text NOT NULL DEFAULT 'fr',
        mail_status text NOT NULL DEFAULT 'QUEUED' CHECK (mail_status IN ('QUEUED', 'SENT', 'FAILED', 'NOT_SENT')),
        mail_error text,
        mail_attempts integer NOT NULL DEFAULT 0,
        sent_at timestamptz,
        job_id uuid REFERENCES job(id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX user_invitation_user_idx ON user_invitation (workspace_id, user_id, created_at DESC);
      ALTER TABLE user_invitation ENABLE ROW LEVEL SECURITY;
      ALTER TABLE user_invitation FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON user_invitation
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));

      CREATE FUNCTION auth_invitation(p_token_hash text)
        RETURNS TABLE (invitation_id uuid, workspace_id uuid, user_id uuid)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, user_id FROM user_invitation WHERE token_hash = p_token_hash $f$;
      REVOKE ALL ON FUNCTION auth_invitation(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_invitation(text) TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS auth_invitation(text);
      DROP TABLE IF EXISTS user_invitation;
      ALTER TABLE app_user DROP COLUMN IF EXISTS has_password, DROP COLUMN IF EXISTS last_login_at;
      UPDATE app_user SET password_hash = '!' WHERE password_hash IS NULL;
      ALTER TABLE app_user ALTER COLUMN password_hash SET NOT NULL;
    `);
  }
}
