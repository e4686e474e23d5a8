import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activities (info, task, call, meeting, email) on a company or a contact.
 *
 * An activity belongs to exactly one record. A company's timeline also shows its contacts'
 * activities: that is a join on contact.company_id at read time, so a contact moved to another
 * company takes its history with it. Task columns are only meaningful for kind TASK.
 */
export class Activities1764417600000 implements MigrationInterface {
  name = 'Activities1764417600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('INFO', 'TASK', 'CALL', 'MEETING', 'EMAIL')),
        company_id uuid REFERENCES company(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contact(id) ON DELETE CASCADE,
        category_id uuid REFERENCES setting_option(id) ON DELETE RESTRICT,
        comment text,
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        author_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        assignee_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        deadline timestamptz(3),
        task_status text CHECK (task_status IN ('TODO', 'DONE')),
        completed_at timestamptz(3),
        linked_activity_id uuid REFERENCES activity(id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (num_nonnulls(company_id, contact_id) = 1),
        CHECK ((kind = 'TASK') = (task_status IS NOT NULL))
      );
      CREATE INDEX activity_company_idx ON activity (company_id, occurred_at DESC, id) WHERE company_id IS NOT NULL;
      CREATE INDEX activity_contact_idx ON activity (contact_id, occurred_at DESC, id) WHERE contact_id IS NOT NULL;
      CREATE INDEX activity_task_idx ON activity (workspace_id, assignee_id, task_status, deadline) WHERE kind = 'TASK';

      ALTER TABLE activity ENABLE ROW LEVEL SECURITY;
      ALTER TABLE activity FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON activity
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS activity;`);
  }
}
