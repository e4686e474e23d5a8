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
