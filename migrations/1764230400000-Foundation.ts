import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workspaces, users, sessions, API keys, audit trail and jobs, with row-level security.
 *
 * Every tenant-owned table gets FORCE ROW LEVEL SECURITY and the `tenant_isolation`
 * policy: rows are visible and writable only when their workspace_id equals the
 * transaction's `app.workspace_id`. The application's login role is a member of
 * `crm_app_rls`, owns nothing and has no BYPASSRLS, so the policy always applies to it.
 *
 * A few lookups must happen before the workspace is known (login by email, session
 * cookie, API key, jobs to re-enqueue at worker start): they are SECURITY DEFINER
 * functions that return only the columns those steps need.
 */
export class Foundation1764230400000 implements MigrationInterface {
  name = 'Foundation1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_app_rls') THEN
          CREATE ROLE crm_app_rls NOLOGIN NOSUPERUSER NOBYPASSRLS;
        END IF;
      END $$;
      CREATE EXTENSION IF NOT EXISTS pgcrypto;
      CREATE EXTENSION IF NOT EXISTS citext;

      CREATE FUNCTION app_current_workspace() RETURNS uuid LANGUAGE sql STABLE AS
        $f$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $f$;

      CREATE TABLE workspace (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      ALTER TABLE workspace ENABLE ROW LEVEL SECURITY;
      ALTER TABLE workspace FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON workspace
        USING (id = (SELECT app_current_workspace()))
        WITH CHECK (id = (SELECT app_current_workspace()));

      CREATE TYPE user_role AS ENUM ('ADMIN', 'USER');
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        email citext NOT NULL UNIQUE,
        name text NOT NULL,
        role user_role NOT NULL DEFAULT 'USER',
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX app_user_workspace_idx ON app_user (workspace_id, name, id);

      CREATE TABLE session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      );
      CREATE INDEX session_workspace_idx ON session (workspace_id, user_id);

      CREATE TYPE api_key_scope AS ENUM ('READ_ONLY', 'READ_WRITE');
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        scope api_key_scope NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_key_workspace_idx ON api_key (workspace_id, created_at DESC, id);

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        action text NOT NULL,
        changes jsonb NOT NULL DEFAULT '{}'::jsonb,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        actor_api_key_id uuid REFERENCES api_key(id) ON DELETE SET NULL,
        actor_label text,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_record_idx ON audit_log (workspace_id, entity_type, entity_id, id DESC);

      CREATE TYPE job_status AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
      CREATE TABLE job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL,
        status job_status NOT NULL DEFAULT 'QUEUED',
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        progress_done integer NOT NULL DEFAULT 0,
        progress_total integer,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        result jsonb,
        result_files jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        attempts integer NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX job_workspace_idx ON job (workspace_id, created_at DESC, id DESC);
      CREATE INDEX job_unfinished_idx ON job (status) WHERE status IN ('QUEUED', 'RUNNING');
    `);

    for (const table of ['app_user', 'session', 'api_key', 'audit_log', 'job']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
      `);
    }

    await q.query(`
      CREATE FUNCTION auth_user_by_email(p_email text)
        RETURNS TABLE (user_id uuid, workspace_id uuid, password_hash text, active boolean)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, password_hash, active FROM app_user WHERE email = p_email::citext $f$;

      CREATE FUNCTION auth_session(p_token_hash text)
        RETURNS TABLE (session_id uuid, user_id uuid, workspace_id uuid, role user_role)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT s.id, u.id, u.workspace_id, u.role FROM session s JOIN app_user u ON u.id = s.user_id
            WHERE s.token_hash = p_token_hash AND s.expires_at > now() AND u.active $f$;

      CREATE FUNCTION auth_api_key(p_key_hash text)
        RETURNS TABLE (api_key_id uuid, workspace_id uuid, scope api_key_scope, created_by uuid)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, scope, created_by FROM api_key
            WHERE key_hash = p_key_hash AND revoked_at IS NULL $f$;

      CREATE FUNCTION jobs_unfinished()
        RETURNS TABLE (job_id uuid, workspace_id uuid, kind text, status job_status)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, kind, status FROM job WHERE status IN ('QUEUED', 'RUNNING') ORDER BY created_at $f$;

      CREATE FUNCTION jobs_status_counts()
        RETURNS TABLE (kind text, status job_status, n bigint)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT kind, status, count(*) FROM job GROUP BY kind, status $f$;

      REVOKE ALL ON FUNCTION auth_user_by_email(text), auth_session(text), auth_api_key(text),
        jobs_unfinished(), jobs_status_counts() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_session(text), auth_api_key(text),
        jobs_unfinished(), jobs_status_counts() TO crm_app_rls;

      GRANT USAGE ON SCHEMA public TO crm_app_rls;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO crm_app_rls;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO crm_app_rls;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO crm_app_rls;
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO crm_app_rls;
      REVOKE ALL ON TABLE migrations FROM crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS auth_user_by_email(text), auth_session(text), auth_api_key(text),
        jobs_unfinished(), jobs_status_counts();
      DROP TABLE IF EXISTS job, audit_log, api_key, session, app_user, workspace;
      DROP TYPE IF EXISTS job_status, api_key_scope, user_role;
      DROP FUNCTION IF EXISTS app_current_workspace();
    `);
  }
}
