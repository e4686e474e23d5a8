import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import { type Locale, translate } from '../../common/i18n';
import type { JobHandler } from '../../jobs/job-handler';
import { hashToken } from '../auth/auth.service';
import { EmailStatus } from '../email/email.entity';
import {
  PermanentMailError,
  isPermanentMailError,
  mailDomainOf,
  mailFailureReason,
  sendSystemMail,
} from '../email/system-mail';
import { InvitationEntity, InvitationMailStatus } from './invitation.entity';
import { UserEntity } from './user.entity';
import { INVITATION_MAIL_JOB, invitationLink, invitationToken } from './user-admin.service';

/**
 * Sends one invitation while holding its row lock (two runs cannot both send it). An
 * invitation already sent (or kept in the outbox), accepted or replaced is skipped. Without
 * SMTP_URL the mail is kept in the local outbox (in this transaction) and the invitation
 * says OUTBOX; the admin was also shown the link when inviting.
 */
async function deliver(ctx: Ctx, invitationId: string): Promise<Record<string, unknown>> {
  const manager = await ctx.scope.manager();
  const inv = await manager
    .createQueryBuilder(InvitationEntity, 'i')
    .addSelect(['i.nonce', 'i.tokenHash'])
    .where('i.id = :id', { id: invitationId })
    .setLock('pessimistic_write')
    .getOne();
  if (!inv) return { skipped: 'deleted' };
  if (inv.acceptedAt || inv.revokedAt) return { skipped: 'no longer pending' };
  if (
    inv.mailStatus === InvitationMailStatus.SENT ||
    inv.mailStatus === InvitationMailStatus.NOT_SENT ||
    inv.mailStatus === InvitationMailStatus.OUTBOX
  )
    return { skipped: inv.mailStatus };
  const cfg = ctx.deps.config;
  const token = invitationToken(cfg, inv.nonce);
  if (hashToken(token) !== inv.tokenHash)
    throw new PermanentMailError('The link cannot be rebuilt (APP_SECRET changed): resend the invitation');
  const user = await manager.findOneByOrFail(UserEntity, { id: inv.userId });
  const [ws]: { name: string }[] = await manager.query('SELECT name FROM workspace WHERE id = $1', [inv.workspaceId]);
  const inviter = inv.createdBy ? await manager.findOneBy(UserEntity, { id: inv.createdBy }) : null;
  const locale: Locale = inv.locale === 'en' ? 'en' : 'fr';
  const expires = inv.expiresAt.toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  });
  const link = invitationLink(cfg, token);
  const outcome = await sendSystemMail(ctx, {
    key: `invitation:${inv.id}`,
    to: { name: user.name, address: user.email },
    subject: translate(locale, 'invitation.mail.subject', { workspace: ws?.name ?? '' }),
    text: translate(locale, 'invitation.mail.body', {
      name: user.name,
      inviter: inviter?.name ?? 'CRM',
      workspace: ws?.name ?? '',
      expires,
      link,
    }),
    messageId: `<invitation-${inv.id}@${mailDomainOf(cfg.MAIL_FROM)}>`,
  });
  const kept = outcome.status === EmailStatus.OUTBOX;
  const status = kept ? InvitationMailStatus.OUTBOX : InvitationMailStatus.SENT;
  await manager.update(
    InvitationEntity,
    { id: inv.id },
    { mailStatus: status, sentAt: kept ? null : new Date(), mailError: null, mailAttempts: inv.mailAttempts + 1 },
  );
  return kept ? { status, emailId: outcome.emailId, reason: 'smtp-not-configured' } : { status };
}

async function recordFailure(ctx: Ctx, invitationId: string, reason: string, final: boolean): Promise<void> {
  await (
    await ctx.scope.manager()
  ).query(
    `UPDATE user_invitation SET mail_attempts = mail_attempts + 1, mail_error = $2,
            mail_status = CASE WHEN $3 THEN 'FAILED' ELSE mail_status END
      WHERE id = $1 AND mail_status IN ('QUEUED', 'FAILED')`,
    [invitationId, reason, final],
  );
}

/** The "user.invitation" job: one invitation email, retried with backoff on temporary failures. */
export function invitationMailHandler(config: Pick<Config, 'MAIL_SEND_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>): JobHandler {
  return {
    kind: INVITATION_MAIL_JOB,
    attempts: config.MAIL_SEND_ATTEMPTS,
    backoffMs: config.MAIL_RETRY_DELAY_MS,
    async run({ job, attempt, inTransaction, logger, checkpoint }) {
      const invitationId = String(job.params.invitationId);
      const maxAttempts = Number(job.params.maxAttempts ?? config.MAIL_SEND_ATTEMPTS);
      // A stale run (another worker took the job over) must not send.
      await checkpoint({ done: 0, total: 1 });
      try {
        // Sent, kept in the outbox (no SMTP: that is where it goes) or no longer needed: the one mail is dealt with.
        return { result: await inTransaction((ctx) => deliver(ctx, invitationId)), progressDone: 1 };
      } catch (err) {
        const permanent = isPermanentMailError(err);
        const reason = mailFailureReason(err);
        logger.warn({ err, invitationId, attempt, permanent }, 'invitation not sent');
        await inTransaction((ctx) => recordFailure(ctx, invitationId, reason, permanent || attempt >= maxAttempts));
        if (permanent) return { result: { status: InvitationMailStatus.FAILED, reason } };
        throw err;
      }
    },
  };
}
