import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import { type Locale, translate } from '../../common/i18n';
import type { JobHandler } from '../../jobs/job-handler';
import { hashToken } from '../auth/auth.service';
import { EmailStatus } from '../email/email.entity';
import { PermanentMailError, mailDomainOf, sendSystemMail } from '../email/system-mail';
import { systemMailJobHandler } from '../email/system-mail-job';
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
  return systemMailJobHandler(config, {
    kind: INVITATION_MAIL_JOB,
    deliver: (ctx, job) => deliver(ctx, String(job.params.invitationId)),
    logFields: (job) => ({ invitationId: String(job.params.invitationId) }),
    logMessage: 'invitation not sent',
    // The invitation keeps its own status, which the admin's user list shows.
    onFailure: ({ reason, final, inTransaction }, job) =>
      inTransaction((ctx) => recordFailure(ctx, String(job.params.invitationId), reason, final)),
  });
}
