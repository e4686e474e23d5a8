import { createTransport, type Transporter } from 'nodemailer';
import type { Attachment } from 'nodemailer/lib/mailer';
import { type Ctx, em } from '../../common/context';
import { EmailKind, type EmailRecipient, EmailStatus } from './email.entity';
import { textToHtml } from './email.service';

/**
 * The app's own mail (an export's files, a user invitation): not sent from a record, so no
 * Email activity. With SMTP_URL it goes out at once; without, it is kept in the local
 * outbox (an `email_message` of kind SYSTEM, status OUTBOX) that the Outbox page lists, so
 * nothing is silently lost.
 */

/** The one SMTP transport of the app: every mail (record or system) is sent through it. */
export function smtpTransport(smtpUrl: string): Transporter {
  return createTransport({ url: smtpUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 });
}

/** A failure that retrying cannot fix (the server refused for good, an attachment is gone…). */
export class PermanentMailError extends Error {}

interface SmtpError {
  responseCode?: number;
  response?: string;
  code?: string;
}

/** 5xx replies are final per RFC 5321; 4xx and connection problems are worth a retry. */
export function isPermanentMailError(err: unknown): boolean {
  if (err instanceof PermanentMailError) return true;
  const code = (err as SmtpError).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** What users see: the server's reply, never hosts, ports or stack traces. */
export function mailFailureReason(err: unknown): string {
  if (err instanceof PermanentMailError) return err.message;
  const e = err as SmtpError;
  if (e.responseCode && e.response) return e.response.slice(0, 500);
  return `SMTP server unavailable (${e.code ?? 'error'})`;
}

/** The domain of a "Name <address>" sender, for Message-IDs. */
export const mailDomainOf = (from: string) => /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';

export interface SystemMail {
  /** Unique in the workspace: the same mail kept again (a job run twice) stays one outbox entry. */
  key: string;
  to: { name: string | null; address: string };
  subject: string;
  text: string;
  /** Sent over SMTP only: the outbox keeps the text (which should then say where to get the files). */
  attachments?: Attachment[];
  /** The same on every attempt, so receivers can drop a duplicate. */
  messageId?: string;
}

export type SystemMailOutcome = { status: EmailStatus.SENT } | { status: EmailStatus.OUTBOX; emailId: string };

/**
 * Sends a system mail from MAIL_FROM, or keeps it in the outbox when no SMTP server is
 * configured. SMTP errors are thrown as they are (see isPermanentMailError / mailFailureReason).
 * The workspace transaction of `ctx` is used only for the outbox.
 */
export async function sendSystemMail(ctx: Ctx, mail: SystemMail): Promise<SystemMailOutcome> {
  const cfg = ctx.deps.config;
  if (!cfg.SMTP_URL) return { status: EmailStatus.OUTBOX, emailId: await keepInOutbox(ctx, mail) };
  const transport = smtpTransport(cfg.SMTP_URL);
  try {
    await transport.sendMail({
      from: cfg.MAIL_FROM,
      to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments ?? [],
      messageId: mail.messageId,
    });
  } finally {
    transport.close();
  }
  return { status: EmailStatus.SENT };
}

async function keepInOutbox(ctx: Ctx, mail: SystemMail): Promise<string> {
  const manager = await em(ctx);
  const to: EmailRecipient[] = [{ contactId: null, name: mail.to.name, address: mail.to.address }];
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO email_message (workspace_id, kind, activity_id, idempotency_key, status, from_address,
       to_recipients, subject, body_text, body_html, smtp_message_id, created_by)
     VALUES ($1, $2, NULL, $3, 'OUTBOX', $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (workspace_id, idempotency_key) DO NOTHING RETURNING id`,
    [
      ctx.actor.workspaceId,
      EmailKind.SYSTEM,
      mail.key,
      ctx.deps.config.MAIL_FROM,
      JSON.stringify(to),
      mail.subject.replace(/[\r\n]+/g, ' '),
      mail.text,
      textToHtml(mail.text),
      mail.messageId ?? null,
      ctx.actor.userId,
    ],
  );
  if (inserted.length) return inserted[0].id;
  // Kept already (a rerun). A record email holding the key would be another mail: say so.
  const [kept]: { id: string }[] = await manager.query(
    `SELECT id FROM email_message WHERE idempotency_key = $1 AND kind = $2`,
    [mail.key, EmailKind.SYSTEM],
  );
  if (!kept) throw new Error(`system mail ${mail.key}: the key is taken by a record email`);
  return kept.id;
}
