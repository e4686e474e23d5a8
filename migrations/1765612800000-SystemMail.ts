import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * System mail (an export's files, a user invitation) in the local outbox. Without SMTP_URL
 * every outgoing mail is kept in `email_message` with the status OUTBOX; a record email
 * (kind RECORD) has its Email activity on the record's timeline, a system mail (kind
 * SYSTEM) has no record and so no activity. The table keeps its row-level security.
 *
 * An invitation whose mail went to the outbox says OUTBOX (NOT_SENT stays for the
 * invitations of before, whose mail was not kept anywhere).
 */
export class SystemMail1765612800000 implements MigrationInterface {
  name = 'SystemMail1765612800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE email_message
        ADD COLUMN kind text NOT NULL DEFAULT 'RECORD' CHECK (kind IN ('RECORD', 'SYSTEM')),
        ALTER COLUMN activity_id DROP NOT NULL,
        ADD CONSTRAINT email_message_kind_activity_check CHECK ((kind = 'RECORD') = (activity_id IS NOT NULL));
      ALTER TABLE email_message ALTER COLUMN kind DROP DEFAULT;

      ALTER TABLE user_invitation
        DROP CONSTRAINT user_invitation_mail_status_check,
        ADD CONSTRAINT user_invitation_mail_status_check
          CHECK (mail_status IN ('QUEUED', 'SENT', 'FAILED', 'NOT_SENT', 'OUTBOX'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE user_invitation SET mail_status = 'NOT_SENT' WHERE mail_status = 'OUTBOX';
      ALTER TABLE user_invitation
        DROP CONSTRAINT user_invitation_mail_status_check,
        ADD CONSTRAINT user_invitation_mail_status_check CHECK (mail_status IN ('QUEUED', 'SENT', 'FAILED', 'NOT_SENT'));
      DELETE FROM email_message WHERE kind = 'SYSTEM';
      ALTER TABLE email_message
        DROP CONSTRAINT email_message_kind_activity_check,
        DROP COLUMN kind,
        ALTER COLUMN activity_id SET NOT NULL;
    `);
  }
}
