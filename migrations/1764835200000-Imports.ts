import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spreadsheet imports: the uploaded files, the previews (mapping and choices the user
 * confirmed), what each import job wrote (so it can be undone) and the rows it rejected
 * (for the downloadable report).
 *
 * `import_record` is written in the same transaction as the rows it describes, so after a
 * crash it is exactly as complete as the data: undo never misses or invents a record.
 * `written_at` is the transaction time of the import's last write to the record; a record
 * whose `updated_at` differs was edited since, and undo refuses to overwrite it.
 */
export class Imports1764835200000 implements MigrationInterface {
  name = 'Imports1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_upload (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
        size integer NOT NULL,
        storage_path text NOT NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX import_upload_ws_idx ON import_upload (workspace_id, created_at);

      CREATE TABLE import_preview (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        upload_id uuid NOT NULL REFERENCES import_upload(id) ON DELETE CASCADE,
        target text NOT NULL CHECK (target IN ('COMPANIES', 'CONTACTS')),
        mapping jsonb NOT NULL,
        value_choices jsonb NOT NULL DEFAULT '[]'::jsonb,
        summary jsonb NOT NULL,
        job_id uuid UNIQUE REFERENCES job(id) ON DELETE SET NULL,
        undone_at timestamptz(3),
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX import_preview_upload_idx ON import_preview (upload_id);

      CREATE TABLE import_record (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        job_id uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
        entity_type text NOT NULL CHECK (entity_type IN ('Company', 'Contact', 'Activity', 'SettingOption')),
        entity_id uuid NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update')),
        before jsonb,
        written_at timestamptz(3) NOT NULL,
        PRIMARY KEY (job_id, entity_type, entity_id)
      );
      CREATE INDEX import_record_entity_idx ON import_record (entity_type, entity_id);

      CREATE TABLE import_rejected_row (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        job_id uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
        row_no integer NOT NULL,
        cells jsonb NOT NULL,
        errors text NOT NULL,
        PRIMARY KEY (job_id, row_no)
      );

      -- Imports match companies by exact name (any case) and postal code when there is no SIRET or VAT.
      CREATE INDEX company_name_postal_idx ON company (workspace_id, lower(name), coalesce(postal_code, ''))
        WHERE deleted_at IS NULL;
    `);
    for (const table of ['import_upload', 'import_preview', 'import_record', 'import_rejected_row']) {
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
    await q.query(`DROP TABLE IF EXISTS import_rejected_row, import_record, import_preview, import_upload;
      DROP INDEX IF EXISTS company_name_postal_idx;`);
  }
}
