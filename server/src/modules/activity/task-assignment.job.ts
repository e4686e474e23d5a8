import { In } from 'typeorm';
import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import { translate } from '../../common/i18n';
import type { JobHandler } from '../../jobs/job-handler';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { mailDomainOf, sendSystemMail } from '../email/system-mail';
import { systemMailJobHandler } from '../email/system-mail-job';
import { isUuid } from '../../common/ids';
import { SettingOptionEntity } from '../settings/setting-option.entity';
import { UserEntity } from '../user/user.entity';
import { ActivityEntity, ActivityKind, TaskStatus } from './activity.entity';
import { TASK_ASSIGNMENT_MAIL_JOB, deadlineText } from './task-assignment';
import { TASK_TIME_ZONE } from './activity.service';

/** Longest comment quoted in the mail: the record's page has the rest. */
const COMMENT_EXCERPT = 1000;
/** Longest task title (its comment's first line) in a digest. */
const TITLE_EXCERPT = 120;
/** Most tasks a digest lists one by one; the Tasks page has the rest. */
const DIGEST_MAX_ITEMS = 100;

// Users have no language setting: the app's language, French, for every assignee.
const locale = 'fr' as const;

interface RecordRef {
  kind: 'company' | 'contact';
  label: string;
  path: string;
}

const excerpt = (text: string, max: number) => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

/**
 * Builds and sends (or keeps in the outbox) the mail telling a user about a task given to
 * them. The job runs as the user who assigned it. Skipped when the mail no longer makes
 * sense by the time it runs: the task is gone or in the trash, done, or given to someone else
 * since (that one has its own job), its record was deleted, or the assignee was deactivated.
 */
async function deliver(ctx: Ctx, jobId: string, taskId: string, assigneeId: string): Promise<Record<string, unknown>> {
  const manager = await ctx.scope.manager();
  const task = isUuid(taskId) ? await manager.findOneBy(ActivityEntity, { id: taskId }) : null;
  if (!task || task.deletedAt || task.kind !== ActivityKind.TASK) return { skipped: 'task deleted' };
  if (task.assigneeId !== assigneeId) return { skipped: 'assigned to someone else since' };
  if (task.taskStatus === TaskStatus.DONE) return { skipped: 'task done' };
  const assignee = await manager.findOneBy(UserEntity, { id: assigneeId });
  // An invited user is not active either: they cannot open the link yet.
  if (!assignee?.active) return { skipped: 'assignee inactive' };
  const record = (await recordsOf(ctx, [task])).get(task.id);
  if (!record) return { skipped: 'record deleted' };
  return send(ctx, jobId, assignee, singleMail(ctx, task, record, assignee, await assignerName(ctx)));
}

/**
 * The digest of many tasks given at once (reassignOpenTasks): one mail listing, soonest deadline
 * first, each task still open, out of the trash, still the assignee's and on a live record when
 * the job runs, with its record, deadline and link. One left: the usual mail; none left: nothing is sent.
 */
async function deliverDigest(
  ctx: Ctx,
  jobId: string,
  taskIds: string[],
  assigneeId: string,
): Promise<Record<string, unknown>> {
  const manager = await ctx.scope.manager();
  const assignee = await manager.findOneBy(UserEntity, { id: assigneeId });
  if (!assignee?.active) return { skipped: 'assignee inactive' };
  const ids = taskIds.filter(isUuid);
  const found = ids.length ? await manager.findBy(ActivityEntity, { id: In(ids) }) : [];
  const open = found.filter(
    (t) =>
      !t.deletedAt && t.kind === ActivityKind.TASK && t.assigneeId === assigneeId && t.taskStatus !== TaskStatus.DONE,
  );
  const records = await recordsOf(ctx, open);
  const tasks = open
    .filter((t) => records.has(t.id))
    .sort(
      (a, b) => (a.deadline?.getTime() ?? Infinity) - (b.deadline?.getTime() ?? Infinity) || (a.id < b.id ? -1 : 1),
    );
  if (!tasks.length) return { skipped: 'no open task left' };
  const assigner = await assignerName(ctx);
  if (tasks.length === 1)
    return send(ctx, jobId, assignee, singleMail(ctx, tasks[0], records.get(tasks[0].id)!, assignee, assigner));

  const categoryIds = [...new Set(tasks.flatMap((t) => (t.categoryId ? [t.categoryId] : [])))];
  const categories = new Map(
    (categoryIds.length ? await manager.findBy(SettingOptionEntity, { id: In(categoryIds) }) : []).map((o) => [
      o.id,
      o.label,
    ]),
  );
  const cfg = ctx.deps.config;
  const listed = tasks.slice(0, DIGEST_MAX_ITEMS);
  const items = listed.map((task) => {
    const record = records.get(task.id)!;
    const firstLine = task.comment?.trim().split('\n')[0]?.trim();
    const title =
      [task.categoryId ? categories.get(task.categoryId) : null, firstLine ? excerpt(firstLine, TITLE_EXCERPT) : null]
        .filter(Boolean)
        .join(' — ') || translate(locale, 'task.mail.untitled');
    return translate(locale, 'task.mail.digestItem', {
      title,
      recordKind: recordKindText(record),
      record: record.label,
      deadline: deadlineText(task.deadline, TASK_TIME_ZONE),
      link: new URL(record.path, cfg.PUBLIC_URL).toString(),
    });
  });
  const more = tasks.length - listed.length;
  const result = await send(ctx, jobId, assignee, {
    subject: translate(locale, 'task.mail.digestSubject', { count: tasks.length }),
    text: translate(locale, 'task.mail.digestBody', {
      name: assignee.name,
      assigner,
      count: tasks.length,
      tasks: items.join('\n'),
      more: more > 0 ? translate(locale, 'task.mail.digestMore', { count: more }) : '',
      tasksLink: new URL('/tasks', cfg.PUBLIC_URL).toString(),
    }),
  });
  return { ...result, tasks: tasks.length };
}

const assignerName = async (ctx: Ctx): Promise<string> =>
  (ctx.actor.userId
    ? (await (await ctx.scope.manager()).findOneBy(UserEntity, { id: ctx.actor.userId }))?.name
    : null) ?? 'CRM';

const recordKindText = (record: RecordRef) =>
  translate(locale, record.kind === 'company' ? 'task.mail.company' : 'task.mail.contact');

/** The one-task mail: who gave what, on which record, the deadline, the comment and the link. */
function singleMail(
  ctx: Ctx,
  task: ActivityEntity,
  record: RecordRef,
  assignee: UserEntity,
  assigner: string,
): { subject: string; text: string } {
  const comment = task.comment?.trim()
    ? translate(locale, 'task.mail.comment', { comment: excerpt(task.comment, COMMENT_EXCERPT) })
    : '';
  return {
    subject: translate(locale, 'task.mail.subject', { record: record.label }),
    text: translate(locale, 'task.mail.body', {
      name: assignee.name,
      assigner,
      recordKind: recordKindText(record),
      record: record.label,
      deadline: deadlineText(task.deadline, TASK_TIME_ZONE),
      comment,
      link: new URL(record.path, ctx.deps.config.PUBLIC_URL).toString(),
    }),
  };
}

async function send(
  ctx: Ctx,
  jobId: string,
  assignee: UserEntity,
  mail: { subject: string; text: string },
): Promise<Record<string, unknown>> {
  const outcome = await sendSystemMail(ctx, {
    key: `task-assignment:${jobId}`,
    to: { name: assignee.name, address: assignee.email },
    ...mail,
    // The same on every attempt, so a mail sent twice (a crash right after sending) is one to receivers.
    messageId: `<task-assignment-${jobId}@${mailDomainOf(ctx.deps.config.MAIL_FROM)}>`,
  });
  return outcome.status === 'OUTBOX'
    ? { status: outcome.status, emailId: outcome.emailId, reason: 'smtp-not-configured' }
    : { status: outcome.status };
}

/** The live record of each task (by task id), in three statements at most whatever the count. */
async function recordsOf(ctx: Ctx, tasks: readonly ActivityEntity[]): Promise<Map<string, RecordRef>> {
  const manager = await ctx.scope.manager();
  const contactIds = [...new Set(tasks.flatMap((t) => (!t.companyId && t.contactId ? [t.contactId] : [])))];
  const contacts = new Map(
    (contactIds.length ? await manager.findBy(ContactEntity, { id: In(contactIds) }) : []).map((c) => [c.id, c]),
  );
  const companyIds = [
    ...new Set([
      ...tasks.flatMap((t) => (t.companyId ? [t.companyId] : [])),
      ...[...contacts.values()].map((c) => c.companyId),
    ]),
  ];
  const companies = new Map(
    (companyIds.length ? await manager.findBy(CompanyEntity, { id: In(companyIds) }) : []).map((c) => [c.id, c]),
  );
  const records = new Map<string, RecordRef>();
  for (const task of tasks) {
    if (task.companyId) {
      const company = companies.get(task.companyId);
      if (company && !company.deletedAt)
        records.set(task.id, { kind: 'company', label: company.name, path: `/companies/${company.id}` });
      continue;
    }
    const contact = task.contactId ? contacts.get(task.contactId) : undefined;
    if (!contact || contact.deletedAt) continue;
    const company = companies.get(contact.companyId);
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email || '—';
    records.set(task.id, {
      kind: 'contact',
      label: company ? `${name} (${company.name})` : name,
      path: `/contacts/${contact.id}`,
    });
  }
  return records;
}

/** The "task.assignment" job: one mail to a task's new assignee (or a digest of many), retried with backoff on temporary failures. */
export function taskAssignmentMailHandler(
  config: Pick<Config, 'MAIL_SEND_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>,
): JobHandler {
  // No bookkeeping of its own: the job row says whether the mail went out.
  return systemMailJobHandler(config, {
    kind: TASK_ASSIGNMENT_MAIL_JOB,
    // `taskIds`: the digest of a bulk reassignment; `taskId`: one task.
    deliver: (ctx, job) =>
      Array.isArray(job.params.taskIds)
        ? deliverDigest(ctx, job.id, job.params.taskIds.map(String), String(job.params.assigneeId))
        : deliver(ctx, job.id, String(job.params.taskId), String(job.params.assigneeId)),
    logFields: (job) =>
      Array.isArray(job.params.taskIds) ? { taskIds: job.params.taskIds } : { taskId: String(job.params.taskId) },
    logMessage: 'task assignment mail not sent',
  });
}
