import type { Ctx } from '../../common/context';
import { startJob } from '../job/job.service';
import type { ActivityEntity } from './activity.entity';

/** The job that tells an assignee about a task someone else gave them (task-assignment.job.ts). */
export const TASK_ASSIGNMENT_MAIL_JOB = 'task.assignment';

/**
 * Called when a task is created for someone, or given to someone else. Nobody is told about
 * a task they gave themselves. The job row is written in the caller's transaction and handed
 * to the worker only after it commits (startJob), so a rolled-back change sends nothing and
 * the mail never waits on SMTP inside the request.
 */
export async function notifyAssignee(ctx: Ctx, task: Pick<ActivityEntity, 'id' | 'assigneeId'>): Promise<void> {
  if (!task.assigneeId || task.assigneeId === ctx.actor.userId) return;
  const cfg = ctx.deps.config;
  await startJob(
    ctx,
    TASK_ASSIGNMENT_MAIL_JOB,
    { taskId: task.id, assigneeId: task.assigneeId, maxAttempts: cfg.MAIL_SEND_ATTEMPTS },
    { attempts: cfg.MAIL_SEND_ATTEMPTS, backoffMs: cfg.MAIL_RETRY_DELAY_MS },
  );
}

/**
 * Called when many tasks change hands at once (reassignOpenTasks, deactivateUser with
 * reassignTasksTo): one job, one digest mail listing them, rather than a mail per task. A
 * single task gets the usual assignment mail; nobody is told about tasks they took themselves.
 */
export async function notifyAssigneeOfTasks(ctx: Ctx, taskIds: readonly string[], assigneeId: string): Promise<void> {
  if (!taskIds.length || assigneeId === ctx.actor.userId) return;
  if (taskIds.length === 1) return notifyAssignee(ctx, { id: taskIds[0], assigneeId });
  const cfg = ctx.deps.config;
  await startJob(
    ctx,
    TASK_ASSIGNMENT_MAIL_JOB,
    { taskIds: [...taskIds], assigneeId, maxAttempts: cfg.MAIL_SEND_ATTEMPTS },
    { attempts: cfg.MAIL_SEND_ATTEMPTS, backoffMs: cfg.MAIL_RETRY_DELAY_MS },
  );
}

/** Minutes east of UTC of `timeZone` at `at` (Europe/Paris: 60 in winter, 120 in summer). */
function utcOffsetMinutes(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The calendar day of a date-only deadline, or null for a deadline with a clock time.
 *
 * How deadlines are stored: a timestamptz. The web client's date pickers pick a day, which it
 * sends as 23:59:00.000 of that day in the browser's time zone (format.ts `endOfDay`); the API
 * takes any instant. The browser's zone is not stored, so the day is found back from the
 * instant: the UTC offsets (whole quarter hours, UTC−12 to UTC+14) at which it reads 23:59:00.
 * There is one, or two a day apart (e.g. UTC+14 and UTC−10): then the one nearest the app's
 * time zone wins. Anything else (seconds, another minute) is a deadline with a time.
 */
export function dateOnlyDeadline(
  deadline: Date,
  timeZone: string,
): { year: number; month: number; day: number } | null {
  if (Number.isNaN(deadline.getTime()) || deadline.getUTCSeconds() || deadline.getUTCMilliseconds()) return null;
  const minuteOfDay = deadline.getUTCHours() * 60 + deadline.getUTCMinutes();
  const r = (((23 * 60 + 59 - minuteOfDay) % 1440) + 1440) % 1440;
  const offsets = [r, r - 1440].filter((o) => o >= -12 * 60 && o <= 14 * 60 && o % 15 === 0);
  if (!offsets.length) return null;
  const preferred = utcOffsetMinutes(deadline, timeZone);
  const offset = offsets.reduce((best, o) => (Math.abs(o - preferred) < Math.abs(best - preferred) ? o : best));
  const local = new Date(deadline.getTime() + offset * 60_000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * A deadline as the assignment mail prints it: "vendredi 20 novembre 2026" for a date-only
 * one (as the app shows it), "mardi 1 décembre 2026 à 05:37" (the app's time zone) otherwise.
 */
export function deadlineText(deadline: Date | null, timeZone: string, locale = 'fr-FR'): string {
  if (!deadline) return '—';
  const day = dateOnlyDeadline(deadline, timeZone);
  if (day)
    return new Date(Date.UTC(day.year, day.month - 1, day.day, 12)).toLocaleDateString(locale, {
      dateStyle: 'full',
      timeZone: 'UTC',
    });
  return deadline.toLocaleString(locale, { dateStyle: 'full', timeStyle: 'short', timeZone });
}

/** 23:59 of the day of `at` in `timeZone`: a date-only deadline as the date pickers make one (the demo's tasks). */
export function endOfDayIn(at: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const naive = Date.UTC(parts.year, parts.month - 1, parts.day, 23, 59);
  return new Date(naive - utcOffsetMinutes(new Date(naive), timeZone) * 60_000);
}
