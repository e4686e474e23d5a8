import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved list views and the indexes behind the company and contact lists.
 *
 * A view belongs to its owner; `shared` shows it (read-only) to the whole workspace. Its
 * configuration (shown columns, sorts, filter, grouping, page size) is checked by the API
 * against the column registry before it is stored.
 *
 * The indexes serve the lists' common pages with keyset pagination: companies by name
 * (optionally filtered by city), contacts by name (optionally filtered by progress state or
 * salesperson). Soft-deleted rows never show in a list, so the indexes skip them.
 */
export class ListViews1764489600000 implements MigrationInterface {
  name = 'ListViews1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE list_view (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        list text NOT NULL CHECK (list IN ('COMPANIES', 'CONTACTS')),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        shared boolean NOT NULL DEFAULT false,
        columns text[] NOT NULL DEFAULT '{}',
        order_by jsonb NOT NULL DEFAULT '[]'::jsonb,
        filter jsonb,
        group_by text,
        page_size integer NOT NULL DEFAULT 50 CHECK (page_size BETWEEN 1 AND 100),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX list_view_name_uq ON list_view (workspace_id, owner_id, list, lower(name));
      CREATE INDEX list_view_list_idx ON list_view (workspace_id, list, owner_id);

      CREATE INDEX company_list_name_idx ON company (workspace_id, name, id) WHERE deleted_at IS NULL;
      CREATE INDEX company_list_city_idx ON company (workspace_id, lower(city), name, id) WHERE deleted_at IS NULL;
      CREATE INDEX company_list_type_idx ON company (workspace_id, company_type_id) WHERE deleted_at IS NULL;
      CREATE INDEX company_main_contact_idx ON company (main_contact_id) WHERE main_contact_id IS NOT NULL;
      CREATE INDEX contact_list_name_idx ON contact (workspace_id, last_name, first_name, id) WHERE deleted_at IS NULL;
      CREATE INDEX contact_list_progress_idx ON contact (workspace_id, progress_state_id, last_name, first_name, id)
        WHERE deleted_at IS NULL;
      -- Counting a company's live contacts (a list column) must not pick a name index instead.
      CREATE INDEX contact_live_company_idx ON contact (company_id) WHERE deleted_at IS NULL;
      CREATE INDEX contact_list_salesperson_idx ON contact (workspace_id, salesperson_id, last_name, first_name, id)
        WHERE deleted_at IS NULL;
    `);
    await q.query(`
      ALTER TABLE list_view ENABLE ROW LEVEL SECURITY;
      ALTER TABLE list_view FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON list_view
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS company_list_name_idx, company_list_city_idx, company_list_type_idx,
        company_main_contact_idx, contact_list_name_idx, contact_live_company_idx, contact_list_progress_idx, contact_list_salesperson_idx;
      DROP TABLE IF EXISTS list_view;
    `);
  }
}
