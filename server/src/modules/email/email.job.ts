import type { Readable } from 'node:stream';
import { In } from 'typeorm';
import { createTransport } from 'nodemailer';
import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import type { JobHandler } from '../../jobs/job-handler';
import { DocumentEntity } from '../document/document.entity';
import { openDocument } from '../document/document.service';
import { invoicePdf, quotePdf } from '../finance/pdf';
import { EmailMessageEntity, EmailStatus } from './email.entity';
import { EMAIL_SEND_JOB } from './email.service';
import {
  PermanentMailError,
  isPermanentMailError,
  mailDomainOf,
  mailFailureReason,
  smtpTransport,
} from './system-mail';

/**
 * Sends one email while holding its row lock, so two deliveries of the job cannot both
 * send it; an email already SENT (or kept in the outbox) is not sent again. Without
 * SMTP_URL the message is rendered (to check it) and kept in the local outbox.
 */
async function deliver(ctx: Ctx, emailId: string): Promise<Record<string, unknown>> {
  const manager = await ctx.scope.manager();
  const email = await manager.findOne(EmailMessageEntity, {
    where: { id: emailId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!email) return { skipped: 'deleted' };
  if (email.status === EmailStatus.SENT || email.status === EmailStatus.OUTBOX) return { skipped: email.status };
  const docs = email.attachmentIds.length ? await manager.findBy(DocumentEntity, { id: In(email.attachmentIds) }) : [];
  if (docs.length !== email.attachmentIds.length)
    throw new PermanentMailError('An attached document was deleted before the email was sent');
  const attachments: { filename: string; contentType: string; content: Buffer | Readable }[] = await Promise.all(
    docs.map(async (d) => ({ filename: d.name, contentType: d.contentType, content: await openDocument(ctx, d) })),
  );
  // A quote or invoice sent from its page: its PDF, rendered now (in the job's language, French).
  const pdf = email.quoteId
    ? await quotePdf(ctx, email.quoteId, 'fr')
    : email.invoiceId
      ? await invoicePdf(ctx, email.invoiceId, 'fr')
      : null;
  if (pdf) attachments.unshift({ filename: pdf.fileName, contentType: 'application/pdf', content: pdf.content });
  const smtpUrl = ctx.deps.config.SMTP_URL;
  const transport = smtpUrl ? smtpTransport(smtpUrl) : createTransport({ streamTransport: true, buffer: true });
  // The same Message-ID on every attempt lets receivers drop a duplicate if a crash
  // between sending and recording made us send twice.
  const messageId = `<${email.id}@${mailDomainOf(email.fromAddress)}>`;
  try {
    await transport.sendMail({
      from: email.fromAddress,
      // From stays on MAIL_FROM (deliverability); a client's answer reaches the salesperson.
      replyTo: email.replyTo ?? undefined,
      to: email.to.map((r) => (r.name ? { name: r.name, address: r.address } : r.address)),
      cc: email.cc,
      bcc: email.bcc,
      subject: email.subject,
      text: email.bodyText,
      html: email.bodyHtml,
      messageId,
      attachments,
    });
  } finally {
    transport.close();
  }
  const status = smtpUrl ? EmailStatus.SENT : EmailStatus.OUTBOX;
  await manager.update(
    EmailMessageEntity,
    { id: email.id },
    {
      status,
      sentAt: smtpUrl ? new Date() : null,
      smtpMessageId: messageId,
      attempts: email.attempts + 1,
      failureReason: null,
    },
  );
  return { status };
}

async function recordFailure(ctx: Ctx, emailId: string, reason: string, final: boolean): Promise<void> {
  const manager = await ctx.scope.manager();
  await manager.query(
    `UPDATE email_message SET attempts = attempts + 1, failure_reason = $2, updated_at = now(),
            status = CASE WHEN $3 THEN 'FAILED' ELSE status END
      WHERE id = $1 AND status IN ('QUEUED', 'FAILED')`,
    [emailId, reason, final],
  );
}

/** The "email.send" job: one email, retried with backoff on temporary failures. */
export function emailSendHandler(config: Pick<Config, 'MAIL_SEND_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>): JobHandler {
  return {
    kind: EMAIL_SEND_JOB,
    attempts: config.MAIL_SEND_ATTEMPTS,
    backoffMs: config.MAIL_RETRY_DELAY_MS,
    async run({ job, attempt, inTransaction, logger }) {
      const emailId = String(job.params.emailId);
      const maxAttempts = Number(job.params.maxAttempts ?? config.MAIL_SEND_ATTEMPTS);
      try {
        return { result: await inTransaction((ctx) => deliver(ctx, emailId)) };
      } catch (err) {
        const permanent = isPermanentMailError(err);
        const reason = mailFailureReason(err);
        logger.warn({ err, emailId, attempt, permanent }, 'email not sent');
        await inTransaction((ctx) => recordFailure(ctx, emailId, reason, permanent || attempt >= maxAttempts));
        // Retrying a refusal changes nothing: the job ends, the email says FAILED and why.
        if (permanent) return { result: { status: EmailStatus.FAILED, reason } };
        throw err;
      }
    },
  };
}
