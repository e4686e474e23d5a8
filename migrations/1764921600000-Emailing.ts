import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emailing providers: connections per workspace, the campaigns they sent and each contact's
 * activity on them (opens, clicks, unsubscribe, hard bounce = NPAI), plus the webhook events
 * already applied (so a replayed delivery changes nothing).
 *
 * Credentials and the webhook token are stored encrypted (AES-256-GCM, key from
 * EMAILING_SECRET_KEY). The webhook endpoint knows only a connection id before it knows the
 * workspace: `emailing_connection_for_webhook` is the narrow SECURITY DEFINER lookup for it;
 * `emailing_connection_schedules` lets the worker restore the repeatable syncs Redis lost.
 */
export class Emailing1764921600000 implements MigrationInterface {
  name = 'Emailing1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE contact
        ADD COLUMN email_bounced_at timestamptz(3),
        ADD COLUMN emailing_unsubscribed_at timestamptz(3);
      CREATE INDEX contact_email_bounced_idx ON contact (workspace_id) WHERE email_bounced_at IS NOT NULL;

      -- A bounce is about an address: a new address is not bouncing, whoever changes it.
      CREATE FUNCTION contact_email_changed() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
          NEW.email_bounced_at := NULL;
          RETURN NEW;
        END $f$;
      CREATE TRIGGER contact_email_changed BEFORE UPDATE OF email ON contact
        FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION contact_email_changed();

      CREATE TABLE emailing_connection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('BREVO', 'MAILJET', 'MAILCHIMP', 'SARBACANE', 'SMART_PROFILE')),
        label text NOT NULL,
        credentials_enc text NOT NULL,
        webhook_token_enc text NOT NULL,
        status text NOT NULL DEFAULT 'OK' CHECK (status IN ('OK', 'ERROR')),
        last_error text,
        last_checked_at timestamptz(3),
        sync_interval_minutes integer NOT NULL CHECK (sync_interval_minutes BETWEEN 5 AND 10080),
        last_sync_at timestamptz(3),
        sync_state jsonb,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX emailing_connection_workspace_idx ON emailing_connection (workspace_id, created_at);

      CREATE TABLE emailing_campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        -- Removing a connection keeps the contacts' history (the campaign stays, unlinked).
        connection_id uuid REFERENCES emailing_connection(id) ON DELETE SET NULL,
        provider text NOT NULL,
        external_id text NOT NULL,
        name text NOT NULL,
        sent_at timestamptz(3),
        UNIQUE (connection_id, external_id)
      );

      CREATE TABLE emailing_activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        campaign_id uuid NOT NULL REFERENCES emailing_campaign(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        provider text NOT NULL,
        opens integer NOT NULL DEFAULT 0 CHECK (opens >= 0),
        clicks integer NOT NULL DEFAULT 0 CHECK (clicks >= 0),
        unsubscribed boolean NOT NULL DEFAULT false,
        hard_bounce boolean NOT NULL DEFAULT false,
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (contact_id, campaign_id)
      );
      CREATE INDEX emailing_activity_campaign_idx ON emailing_activity (campaign_id);

      CREATE TABLE emailing_webhook_event (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        connection_id uuid NOT NULL REFERENCES emailing_connection(id) ON DELETE CASCADE,
        event_key text NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (connection_id, event_key)
      );
    `);
    for (const table of ['emailing_connection', 'emailing_campaign', 'emailing_activity', 'emailing_webhook_event']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
      `);
    }
    await q.query(`
      CREATE FUNCTION emailing_connection_for_webhook(p_id uuid)
        RETURNS TABLE (workspace_id uuid, provider text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT workspace_id, provider FROM emailing_connection WHERE id = p_id $f$;
      -- The worker restores the repeatable syncs Redis lost, for every workspace.
      CREATE FUNCTION emailing_connection_schedules()
        RETURNS TABLE (connection_id uuid, workspace_id uuid, sync_interval_minutes integer)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
        $f$ SELECT id, workspace_id, sync_interval_minutes FROM emailing_connection $f$;
      REVOKE ALL ON FUNCTION emailing_connection_for_webhook(uuid), emailing_connection_schedules() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION emailing_connection_for_webhook(uuid), emailing_connection_schedules() TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS emailing_connection_for_webhook(uuid);
      DROP FUNCTION IF EXISTS emailing_connection_schedules();
      DROP TABLE IF EXISTS emailing_webhook_event, emailing_activity, emailing_campaign, emailing_connection;
      DROP TRIGGER IF EXISTS contact_email_changed ON contact;
      DROP FUNCTION IF EXISTS contact_email_changed();
      DROP INDEX IF EXISTS contact_email_bounced_idx;
      ALTER TABLE contact DROP COLUMN IF EXISTS email_bounced_at, DROP COLUMN IF EXISTS emailing_unsubscribed_at;
    `);
  }
}
