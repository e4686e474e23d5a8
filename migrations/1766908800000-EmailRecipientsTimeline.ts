import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An e-mail is logged as one Email activity on the record it was sent from; it also belongs on
 * the timeline of each recipient contact (and so of their companies), wherever they are.
 * `activity_contact` lists those other contacts of an activity: the contact and company
 * timelines read it as one more indexed source. Existing emails are linked to their recipients.
 *
 * `email_message.reply_to`: record emails go out from MAIL_FROM (deliverability) but answers go
 * to the sending user's own address, frozen when the email is written.
 */
export class EmailRecipientsTimeline1766908800000 implements MigrationInterface {
  name = 'EmailRecipientsTimeline1766908800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE activity_contact (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        activity_id uuid NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
        PRIMARY KEY (activity_id, contact_id)
      );
      CREATE INDEX activity_contact_contact_idx ON activity_contact (contact_id, activity_id);
      ALTER TABLE activity_contact ENABLE ROW LEVEL SECURITY;
      ALTER TABLE activity_contact FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON activity_contact
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));

      INSERT INTO activity_contact (workspace_id, activity_id, contact_id)
      SELECT DISTINCT m.workspace_id, m.activity_id, c.id
        FROM email_message m
        JOIN activity a ON a.id = m.activity_id
        CROSS JOIN LATERAL jsonb_array_elements(m.to_recipients) r
        JOIN contact c ON c.id::text = r->>'contactId' AND c.workspace_id = m.workspace_id
       WHERE m.kind = 'RECORD' AND a.contact_id IS DISTINCT FROM c.id;

      ALTER TABLE email_message ADD COLUMN reply_to text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE email_message DROP COLUMN reply_to;
      DROP TABLE activity_contact;
    `);
  }
}
