import type { MigrationInterface, QueryRunner } from 'typeorm';

const rls = (table: string) => `
  ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
  CREATE POLICY tenant_isolation ON ${table}
    USING (workspace_id = (SELECT app_current_workspace()))
    WITH CHECK (workspace_id = (SELECT app_current_workspace()));`;

/**
 * What the activity follow-up needs around the `activity` table (whose columns stay as they
 * are): the history of task postponements, documents on records, email templates per
 * language and the email messages themselves (which double as the local outbox when no
 * SMTP server is configured).
 */
export class ActivitiesEmailDocuments1764662400000 implements MigrationInterface {
  name = 'ActivitiesEmailDocuments1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_postponement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        previous_deadline timestamptz(3),
        new_deadline timestamptz(3) NOT NULL,
        postponed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX task_postponement_activity_idx ON task_postponement (activity_id, created_at);
      ${rls('task_postponement')}

      -- "My tasks" leaves out tasks on deleted records: these make that check an index probe.
      CREATE INDEX company_deleted_idx ON company (id) WHERE deleted_at IS NOT NULL;
      CREATE INDEX contact_deleted_idx ON contact (id) WHERE deleted_at IS NOT NULL;

      CREATE TABLE document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid REFERENCES company(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contact(id) ON DELETE CASCADE,
        name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(company_id, contact_id) = 1)
      );
      CREATE INDEX document_company_idx ON document (company_id, created_at DESC, id) WHERE company_id IS NOT NULL;
      CREATE INDEX document_contact_idx ON document (contact_id, created_at DESC, id) WHERE contact_id IS NOT NULL;
      ${rls('document')}

      CREATE TABLE email_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text NOT NULL,
        -- One version of a template per language (a LANGUAGE settings value); NULL = any language.
        language_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        subject text NOT NULL,
        body text NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX email_template_name_lang_idx
        ON email_template (workspace_id, lower(name), coalesce(language_id, '00000000-0000-0000-0000-000000000000'));
      ${rls('email_template')}

      CREATE TABLE email_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        -- The Email activity on the record's timeline; the message goes with it.
        activity_id uuid NOT NULL UNIQUE REFERENCES activity(id) ON DELETE CASCADE,
        -- Chosen by the client: the same request sent twice creates (and sends) one message.
        idempotency_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'FAILED', 'OUTBOX')),
        failure_reason text,
        attempts integer NOT NULL DEFAULT 0,
        from_address text NOT NULL,
        to_recipients jsonb NOT NULL,
        cc text[] NOT NULL DEFAULT '{}',
        bcc text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        attachment_ids uuid[] NOT NULL DEFAULT '{}',
        template_id uuid REFERENCES email_template(id) ON DELETE SET NULL,
        language_id uuid REFERENCES setting_option(id) ON DELETE SET NULL,
        job_id uuid REFERENCES job(id) ON DELETE SET NULL,
        smtp_message_id text,
        sent_at timestamptz(3),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, idempotency_key)
      );
      CREATE INDEX email_message_outbox_idx ON email_message (workspace_id, created_at DESC, id) WHERE status = 'OUTBOX';
      ${rls('email_message')}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS email_message, email_template, document, task_postponement;
      DROP INDEX IF EXISTS company_deleted_idx, contact_deleted_idx;`);
  }
}
