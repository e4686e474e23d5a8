import type { AppDeps } from '../app-deps';
import type { Ctx } from '../common/context';
import { TenantScope } from '../db/tenant-scope';
import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { JobEntity, JobStatus } from '../modules/job/job.entity';
import { startJob } from '../modules/job/job.service';
import { UserRole } from '../modules/user/user.entity';
import type { JobRegistry } from './job-handler';
import { DEFAULT_JOB_OPTIONS, type QueuedJobData } from './queue';

/**
 * Repeatable jobs. BullMQ's job scheduler only delivers a trigger every interval; the trigger
 * records a job row like any other (so it shows in the jobs panel, retries and resumes the same
 * way), unless a job of that kind with the same params is still queued or running.
 */
export async function upsertSchedule(
  deps: AppDeps,
  scheduleId: string,
  everyMs: number,
  workspaceId: string,
  kind: string,
  params: Record<string, unknown>,
): Promise<void> {
  await deps.queue.upsertJobScheduler(
    scheduleId,
    { every: everyMs },
    { name: `schedule:${kind}`, data: { jobId: '', workspaceId, schedule: { kind, params } } },
  );
}

/** Creates the schedule only when missing or different: re-upserting would reset its next run. */
export async function ensureSchedule(
  deps: AppDeps,
  scheduleId: string,
  everyMs: number,
  workspaceId: string,
  kind: string,
  params: Record<string, unknown>,
): Promise<boolean> {
  const existing = await deps.queue.getJobScheduler(scheduleId);
  if (existing?.every === everyMs) return false;
  await upsertSchedule(deps, scheduleId, everyMs, workspaceId, kind, params);
  return true;
}

export async function removeSchedule(deps: AppDeps, scheduleId: string): Promise<void> {
  await deps.queue.removeJobScheduler(scheduleId);
}

/**
 * The job of that kind and params not finished yet, if any. First takes a lock on
 * (workspace, kind, params) until the transaction ends: two callers deciding at the same
 * time whether to start that job (a schedule's trigger, "sync now") go one after the other,
 * and the second sees the job the first started.
 */
export async function unfinishedJob(
  ctx: Ctx,
  kind: string,
  params: Record<string, unknown>,
): Promise<JobEntity | null> {
  const manager = await ctx.scope.manager();
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `job:${ctx.actor.workspaceId}:${kind}:${JSON.stringify(params)}`,
  ]);
  return manager
    .createQueryBuilder(JobEntity, 'j')
    .where('j.kind = :kind AND j.params @> :params::jsonb AND j.status IN (:...open)', {
      kind,
      params: JSON.stringify(params),
      open: [JobStatus.QUEUED, JobStatus.RUNNING],
    })
    .orderBy('j.created_at', 'DESC')
    .getOne();
}

/** Runs a schedule's trigger: a job row started by the system (no user), handed to the queue. */
export async function startScheduledJob(deps: AppDeps, registry: JobRegistry, data: QueuedJobData): Promise<void> {
  const { kind, params } = data.schedule!;
  const handler = registry.get(kind);
  const ctx: Ctx = {
    actor: {
      workspaceId: data.workspaceId,
      userId: null,
      role: UserRole.ADMIN,
      apiKeyId: null,
      scope: ApiKeyScope.READ_WRITE,
      locale: 'fr',
    },
    scope: new TenantScope(deps.dataSource, data.workspaceId, null),
    deps,
  };
  try {
    if (!(await unfinishedJob(ctx, kind, params)))
      await startJob(ctx, kind, params, {
        attempts: handler?.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
        backoffMs: handler?.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs,
      });
    await ctx.scope.finish(true);
  } catch (err) {
    await ctx.scope.finish(false);
    throw err;
  }
}
