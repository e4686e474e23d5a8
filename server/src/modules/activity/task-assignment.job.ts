import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import { translate } from '../../common/i18n';
import type { JobHandler } from '../../jobs/job-handler';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { mailDomainOf, sendSystemMail } from '../email/system-mail';
import { systemMailJobHandler } from '../email/system-mail-job';
import { UserEntity } from '../user/user.entity';
import { ActivityEntity, ActivityKind, TaskStatus } from './activity.entity';
import { TASK_ASSIGNMENT_MAIL_JOB, deadlineText } from './task-assignment';
import { TASK_TIME_ZONE } from './activity.service';

/** Longest comment quoted in the mail: the record's page has the rest. */
const COMMENT_EXCERPT = 1000;

/**
 * Builds and sends (or keeps in the outbox) the mail telling a user about a task given to
 * them. The job runs as the user who assigned it. Skipped when the mail no longer makes
 * sense by the time it runs: the task is gone, done, or given to someone else since (that
 * one has its own job), its record was deleted, or the assignee was deactivated.
 */
async function deliver(ctx: Ctx, jobId: string, taskId: string, assigneeId: string): Promise<Record<string, unknown>> {
  const manager = await ctx.scope.manager();
  const task = await manager.findOneBy(ActivityEntity, { id: taskId });
  if (!task || task.kind !== ActivityKind.TASK) return { skipped: 'task deleted' };
  if (task.assigneeId !== assigneeId) return { skipped: 'assigned to someone else since' };
  if (task.taskStatus === TaskStatus.DONE) return { skipped: 'task done' };
  const assignee = await manager.findOneBy(UserEntity, { id: assigneeId });
  // An invited user is not active either: they cannot open the link yet.
  if (!assignee?.active) return { skipped: 'assignee inactive' };
  const record = await recordOf(ctx, task);
  if (!record) return { skipped: 'record deleted' };
  const assigner = ctx.actor.userId ? await manager.findOneBy(UserEntity, { id: ctx.actor.userId }) : null;

  // Users have no language setting: the app's language, French, for every assignee.
  const locale = 'fr' as const;
  const cfg = ctx.deps.config;
  const deadline = deadlineText(task.deadline, TASK_TIME_ZONE);
  const comment = task.comment?.trim()
    ? translate(locale, 'task.mail.comment', {
        comment:
          task.comment.length > COMMENT_EXCERPT ? `${task.comment.slice(0, COMMENT_EXCERPT).trimEnd()}…` : task.comment,
      })
    : '';
  const outcome = await sendSystemMail(ctx, {
    key: `task-assignment:${jobId}`,
    to: { name: assignee.name, address: assignee.email },
    subject: translate(locale, 'task.mail.subject', { record: record.label }),
    text: translate(locale, 'task.mail.body', {
      name: assignee.name,
      assigner: assigner?.name ?? 'CRM',
      recordKind: translate(locale, record.kind === 'company' ? 'task.mail.company' : 'task.mail.contact'),
      record: record.label,
      deadline,
      comment,
      link: new URL(record.path, cfg.PUBLIC_URL).toString(),
    }),
    // The same on every attempt, so a mail sent twice (a crash right after sending) is one to receivers.
    messageId: `<task-assignment-${jobId}@${mailDomainOf(cfg.MAIL_FROM)}>`,
  });
  return outcome.status === 'OUTBOX'
    ? { status: outcome.status, emailId: outcome.emailId, reason: 'smtp-not-configured' }
    : { status: outcome.status };
}

async function recordOf(
  ctx: Ctx,
  task: ActivityEntity,
): Promise<{ kind: 'company' | 'contact'; label: string; path: string } | null> {
  const manager = await ctx.scope.manager();
  if (task.companyId) {
    const company = await manager.findOneBy(CompanyEntity, { id: task.companyId });
    if (!company || company.deletedAt) return null;
    return { kind: 'company', label: company.name, path: `/companies/${company.id}` };
  }
  const contact = task.contactId ? await manager.findOneBy(ContactEntity, { id: task.contactId }) : null;
  if (!contact || contact.deletedAt) return null;
  const company = await manager.findOneBy(CompanyEntity, { id: contact.companyId });
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || '—';
  return {
    kind: 'contact',
    label: company ? `${name} (${company.name})` : name,
    path: `/contacts/${contact.id}`,
  };
}

/** The "task.assignment" job: one mail to a task's new assignee, retried with backoff on temporary failures. */
export function taskAssignmentMailHandler(
  config: Pick<Config, 'MAIL_SEND_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>,
): JobHandler {
  // No bookkeeping of its own: the job row says whether the mail went out.
  return systemMailJobHandler(config, {
    kind: TASK_ASSIGNMENT_MAIL_JOB,
    deliver: (ctx, job) => deliver(ctx, job.id, String(job.params.taskId), String(job.params.assigneeId)),
    logFields: (job) => ({ taskId: String(job.params.taskId) }),
    logMessage: 'task assignment mail not sent',
  });
}
