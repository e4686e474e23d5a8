import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom fields, custom pages (per record and templates) and the pipeline columns.
 *
 * Custom field values stay in the records' `custom_fields` jsonb (keyed by the field's
 * key, typed JSON values, see custom-field-values.ts). A GIN index (jsonb_path_ops) serves
 * equality and containment filters on any field (`custom_fields @> '{"k": "v"}'`) without
 * per-field DDL: the application role owns no table, so it could not create per-field
 * expression indexes when an admin adds a field, and a shared expression index with a cast
 * would break on another workspace using the same key with another type.
 *
 * A pipeline column groups progress states (settings values); a state belongs to at most
 * one column. Deleting a progress state removes it from its column (configuration, not a
 * record using it).
 */
export class CustomFieldsPipeline1765008000000 implements MigrationInterface {
  name = 'CustomFieldsPipeline1765008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE custom_field (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        record_kind text NOT NULL CHECK (record_kind IN ('COMPANY', 'CONTACT')),
        key text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,49}$'),
        label_fr text NOT NULL CHECK (length(trim(label_fr)) > 0),
        label_en text,
        type text NOT NULL CHECK (type IN ('TEXT', 'LONG_TEXT', 'NUMBER', 'DECIMAL', 'DATE', 'BOOLEAN',
          'SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'URL', 'EMAIL', 'PHONE')),
        required boolean NOT NULL DEFAULT false,
        choices jsonb NOT NULL DEFAULT '[]'::jsonb,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX custom_field_key_uq ON custom_field (workspace_id, record_kind, key);
      CREATE INDEX custom_field_position_idx ON custom_field (workspace_id, record_kind, position, id);

      CREATE INDEX company_custom_fields_gin ON company USING gin (custom_fields jsonb_path_ops);
      CREATE INDEX contact_custom_fields_gin ON contact USING gin (custom_fields jsonb_path_ops);

      CREATE TABLE page_template (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        record_kind text NOT NULL CHECK (record_kind IN ('COMPANY', 'CONTACT')),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        blocks jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX page_template_name_uq ON page_template (workspace_id, record_kind, lower(name));

      CREATE TABLE custom_page (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid REFERENCES company(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contact(id) ON DELETE CASCADE,
        blocks jsonb NOT NULL DEFAULT '[]'::jsonb,
        updated_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(company_id, contact_id) = 1)
      );
      CREATE UNIQUE INDEX custom_page_company_uq ON custom_page (company_id) WHERE company_id IS NOT NULL;
      CREATE UNIQUE INDEX custom_page_contact_uq ON custom_page (contact_id) WHERE contact_id IS NOT NULL;

      CREATE TABLE pipeline_column (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        label text NOT NULL CHECK (length(trim(label)) > 0),
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX pipeline_column_position_idx ON pipeline_column (workspace_id, position, id);

      CREATE TABLE pipeline_column_state (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        column_id uuid NOT NULL REFERENCES pipeline_column(id) ON DELETE CASCADE,
        option_id uuid NOT NULL REFERENCES setting_option(id) ON DELETE CASCADE,
        position integer NOT NULL DEFAULT 0,
        PRIMARY KEY (option_id)
      );
      CREATE INDEX pipeline_column_state_column_idx ON pipeline_column_state (column_id, position);
      -- The board's order within a column (see pipeline.service.ts).
      CREATE INDEX contact_progress_state_idx
        ON contact (progress_state_id, (coalesce(last_name, '')), (coalesce(first_name, '')), id)
        WHERE deleted_at IS NULL AND progress_state_id IS NOT NULL;
    `);
    for (const table of ['custom_field', 'page_template', 'custom_page', 'pipeline_column', 'pipeline_column_state']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
      `);
    }
    // Existing workspaces get one pipeline column per progress state, in their order
    // (new workspaces get the default columns from seedDefaultPipeline).
    await q.query(`
      WITH cols AS (
        INSERT INTO pipeline_column (workspace_id, label, position)
        SELECT workspace_id, label, row_number() OVER (PARTITION BY workspace_id ORDER BY position, label) - 1
          FROM setting_option WHERE list = 'PROGRESS_STATE' AND NOT hidden
        RETURNING id, workspace_id, label)
      INSERT INTO pipeline_column_state (workspace_id, column_id, option_id, position)
      SELECT cols.workspace_id, cols.id, o.id, 0
        FROM cols JOIN setting_option o
          ON o.workspace_id = cols.workspace_id AND o.list = 'PROGRESS_STATE' AND o.label = cols.label
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS contact_progress_state_idx, company_custom_fields_gin, contact_custom_fields_gin;
      DROP TABLE IF EXISTS pipeline_column_state, pipeline_column, custom_page, page_template, custom_field;
    `);
  }
}
