import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Client records: settings lists, companies, contacts, billing addresses, consent history.
 *
 * Invariants held by the database itself, so no code path can break them:
 * - a company's main contact is one of its own contacts (composite foreign key);
 * - a company has at most one default billing address (partial unique index);
 * - a settings value in use cannot be deleted (foreign keys RESTRICT): hide it instead.
 */
export class ClientRecords1764316800000 implements MigrationInterface {
  name = 'ClientRecords1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TYPE setting_list AS ENUM ('CIVILITY', 'SITUATION', 'SOURCE', 'POTENTIAL', 'PROGRESS_STATE',
        'COMPANY_TYPE', 'LANGUAGE', 'ACTIVITY_CATEGORY');
      CREATE TABLE setting_option (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        list setting_list NOT NULL,
        label text NOT NULL CHECK (length(trim(label)) > 0),
        position integer NOT NULL DEFAULT 0,
        hidden boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX setting_option_label_uq ON setting_option (workspace_id, list, lower(label));
      CREATE INDEX setting_option_list_idx ON setting_option (workspace_id, list, position, id);

      CREATE TABLE company (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        website text,
        company_type_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        address_line1 text,
        address_line2 text,
        postal_code text,
        city text,
        country text NOT NULL DEFAULT 'France',
        parent_id uuid REFERENCES company(id) ON DELETE SET NULL,
        vat_number text,
        accounting_account text,
        siret text,
        siren text,
        ape_code text,
        active boolean NOT NULL DEFAULT true,
        opt_in boolean NOT NULL DEFAULT false,
        main_contact_id uuid,
        custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        deleted_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        CHECK (parent_id IS DISTINCT FROM id)
      );
      CREATE INDEX company_name_idx ON company (workspace_id, name, id);
      CREATE INDEX company_parent_idx ON company (parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX company_siret_idx ON company (workspace_id, siret) WHERE siret IS NOT NULL;
      CREATE INDEX company_vat_idx ON company (workspace_id, vat_number) WHERE vat_number IS NOT NULL;

      CREATE TABLE company_language (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid NOT NULL REFERENCES company(id) ON DELETE CASCADE,
        option_id uuid NOT NULL REFERENCES setting_option(id) ON DELETE RESTRICT,
        PRIMARY KEY (company_id, option_id)
      );
      CREATE INDEX company_language_option_idx ON company_language (option_id);

      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid NOT NULL REFERENCES company(id) ON DELETE RESTRICT,
        civility_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        first_name text,
        last_name text,
        email citext,
        position text,
        phone_direct text,
        phone_direct_raw text,
        phone_mobile text,
        phone_mobile_raw text,
        phone_switchboard text,
        phone_switchboard_raw text,
        facebook text,
        linkedin text,
        twitter text,
        instagram text,
        source_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        potential_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        situation_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        progress_state_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        salesperson_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        opt_in boolean NOT NULL DEFAULT false,
        opt_in_at timestamptz(3),
        opt_in_source text,
        active boolean NOT NULL DEFAULT true,
        custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        deleted_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        UNIQUE (id, company_id),
        CHECK (coalesce(trim(first_name), '') <> '' OR coalesce(trim(last_name), '') <> '')
      );
      CREATE INDEX contact_company_idx ON contact (company_id, last_name, id);
      CREATE INDEX contact_name_idx ON contact (workspace_id, last_name, first_name, id);
      CREATE INDEX contact_email_idx ON contact (workspace_id, email) WHERE email IS NOT NULL;

      ALTER TABLE company ADD CONSTRAINT company_main_contact_fk
        FOREIGN KEY (main_contact_id, id) REFERENCES contact (id, company_id)
        DEFERRABLE INITIALLY DEFERRED;

      CREATE TABLE billing_address (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid NOT NULL REFERENCES company(id) ON DELETE CASCADE,
        label text,
        address_line1 text,
        address_line2 text,
        postal_code text,
        city text,
        country text NOT NULL DEFAULT 'France',
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX billing_address_company_idx ON billing_address (company_id, created_at);
      CREATE UNIQUE INDEX billing_address_one_default ON billing_address (company_id) WHERE is_default;

      CREATE TABLE consent_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        subject_type text NOT NULL CHECK (subject_type IN ('Company', 'Contact')),
        subject_id uuid NOT NULL,
        opt_in boolean NOT NULL,
        source text NOT NULL,
        actor_user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX consent_event_subject_idx ON consent_event (workspace_id, subject_type, subject_id, id DESC);
    `);
    for (const table of [
      'setting_option',
      'company',
      'company_language',
      'contact',
      'billing_address',
      'consent_event',
    ]) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS consent_event, billing_address, company_language;
      ALTER TABLE company DROP CONSTRAINT IF EXISTS company_main_contact_fk;
      DROP TABLE IF EXISTS contact, company, setting_option;
      DROP TYPE IF EXISTS setting_list;
    `);
  }
}
