import { type Job as BullJob, UnrecoverableError, Worker } from 'bullmq';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AppDeps } from '../app-deps';
import type { Actor } from '../common/actor';
import { TenantScope, withTenant } from '../db/tenant-scope';
import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { JobEntity, JobStatus } from '../modules/job/job.entity';
import { UserRole } from '../modules/user/user.entity';
import { jobDuration, jobsProcessed } from '../observability/metrics';
import {
  JobCancelled,
  JobFailed,
  type JobHandler,
  type JobRegistry,
  type JobRunContext,
  JobSuperseded,
  jobOptionsOf,
} from './job-handler';
import { QUEUE_NAME, type QueuedJobData, enqueueJob } from './queue';
import { startScheduledJob } from './schedule';

const FINISHED = new Set([JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED]);

function jobActor(job: JobEntity): Actor {
  // A job was authorised when it was started; it acts for the user who started it.
  return {
    workspaceId: job.workspaceId,
    userId: job.createdBy,
    role: UserRole.ADMIN,
    apiKeyId: null,
    scope: ApiKeyScope.READ_WRITE,
    locale: 'fr',
  };
}

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/** Moves the row to RUNNING under a row lock; null when there is nothing (left) to do. */
async function claim(deps: AppDeps, data: QueuedJobData): Promise<JobEntity | null> {
  return withTenant(deps.dataSource, data.workspaceId, null, async (em) => {
    const job = await em.findOne(JobEntity, { where: { id: data.jobId }, lock: { mode: 'pessimistic_write' } });
    if (!job || FINISHED.has(job.status)) return null;
    if (job.cancelRequested) {
      await em.update(JobEntity, { id: job.id }, { status: JobStatus.CANCELLED, finishedAt: new Date() });
      return null;
    }
    const startedAt = job.startedAt ?? new Date();
    await em.update(JobEntity, { id: job.id }, { status: JobStatus.RUNNING, attempts: job.attempts + 1, startedAt });
    return { ...job, status: JobStatus.RUNNING, attempts: job.attempts + 1, startedAt };
  });
}

type JobPatch = QueryDeepPartialEntity<JobEntity>;

/**
 * Writes to the job row only while this run still owns it: `attempts` is the run's fencing
 * token (claim() increments it), so a stale run whose lock expired cannot overwrite the
 * state of the run that replaced it. Returns false when the run was superseded.
 */
async function updateOwnRow(deps: AppDeps, job: JobEntity, patch: JobPatch): Promise<boolean> {
  const result = await withTenant(deps.dataSource, job.workspaceId, null, (em) =>
    em.update(JobEntity, { id: job.id, attempts: job.attempts, status: JobStatus.RUNNING }, patch),
  );
  return (result.affected ?? 0) > 0;
}

async function finish(deps: AppDeps, job: JobEntity, patch: JobPatch): Promise<void> {
  if (!(await updateOwnRow(deps, job, patch))) {
    deps.logger.warn({ jobId: job.id, attempt: job.attempts }, 'stale job run ended; a newer run owns the job');
  }
}

function runContext(deps: AppDeps, job: JobEntity, attempt: number): JobRunContext {
  const actor = jobActor(job);
  const logger = deps.logger.child({ jobId: job.id, kind: job.kind });
  return {
    job,
    deps,
    logger,
    attempt,
    async inTransaction(fn) {
      const scope = new TenantScope(deps.dataSource, job.workspaceId, job.createdBy);
      try {
        const result = await fn({ actor, scope, deps });
        await scope.finish(true);
        return result;
      } catch (err) {
        await scope.finish(false);
        throw err;
      }
    },
    async checkpoint({ done, total, counts }) {
      const state = await withTenant(deps.dataSource, job.workspaceId, null, async (em) => {
        const patch: JobPatch = { progressDone: done };
        if (total !== undefined) patch.progressTotal = total;
        if (counts) patch.counts = counts as JobPatch['counts'];
        const result = await em.update(
          JobEntity,
          { id: job.id, attempts: job.attempts, status: JobStatus.RUNNING },
          patch,
        );
        if (!result.affected) return 'superseded';
        const row = await em.findOne(JobEntity, { where: { id: job.id }, select: { id: true, cancelRequested: true } });
        return row?.cancelRequested ? 'cancelled' : 'running';
      });
      if (state === 'superseded') throw new JobSuperseded();
      if (state === 'cancelled') throw new JobCancelled();
    },
  };
}

/** The BullMQ processor: the database row decides what runs, BullMQ only delivers. */
export function createProcessor(deps: AppDeps, registry: JobRegistry) {
  return async (bullJob: BullJob<QueuedJobData>): Promise<void> => {
    if (bullJob.data.schedule) return startScheduledJob(deps, registry, bullJob.data);
    const job = await claim(deps, bullJob.data);
    if (!job) return;
    const handler = registry.get(job.kind);
    if (!handler) {
      await finish(deps, job, {
        status: JobStatus.FAILED,
        error: `No handler for job kind "${job.kind}"`,
        finishedAt: new Date(),
      });
      return;
    }
    const stop = jobDuration.startTimer({ kind: job.kind });
    try {
      const outcome = await handler.run(runContext(deps, job, bullJob.attemptsMade + 1));
      await finish(deps, job, {
        status: JobStatus.SUCCEEDED,
        result: (outcome.result ?? null) as JobPatch['result'],
        resultFiles: (outcome.resultFiles ?? []) as JobPatch['resultFiles'],
        ...(outcome.counts ? { counts: outcome.counts as JobPatch['counts'] } : {}),
        ...(outcome.progressDone !== undefined ? { progressDone: outcome.progressDone } : {}),
        error: null,
        finishedAt: new Date(),
      });
      stop({ outcome: 'succeeded' });
      jobsProcessed.inc({ kind: job.kind, outcome: 'succeeded' });
    } catch (err) {
      if (err instanceof JobSuperseded) {
        deps.logger.warn({ jobId: job.id, attempt: job.attempts }, 'job run superseded by a newer run; stopping');
        stop({ outcome: 'superseded' });
        return;
      }
      if (err instanceof JobCancelled) {
        await finish(deps, job, { status: JobStatus.CANCELLED, finishedAt: new Date() });
        stop({ outcome: 'cancelled' });
        jobsProcessed.inc({ kind: job.kind, outcome: 'cancelled' });
        return;
      }
      const hopeless = err instanceof JobFailed;
      const final = hopeless || bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      deps.logger.warn({ err, jobId: job.id, kind: job.kind, final }, 'job attempt failed');
      await finish(deps, job, {
        status: final ? JobStatus.FAILED : JobStatus.QUEUED,
        error: errorMessage(err),
        ...(final ? { finishedAt: new Date() } : {}),
      });
      stop({ outcome: final ? 'failed' : 'retrying' });
      jobsProcessed.inc({ kind: job.kind, outcome: final ? 'failed' : 'retrying' });
      // BullMQ's own marker, so that it does not schedule the retries left either.
      throw hopeless ? new UnrecoverableError(errorMessage(err)) : err;
    }
  };
}

/**
 * Puts back into BullMQ every job the database says is unfinished but Redis has lost
 * (Redis restarted empty, or the job was never handed over). Safe to run at any time:
 * a job still known to BullMQ is left alone.
 */
export async function reconcileJobs(deps: AppDeps, registry: JobRegistry): Promise<number> {
  const rows: { job_id: string; workspace_id: string; kind: string; status: JobStatus }[] = await deps.dataSource.query(
    'SELECT * FROM jobs_unfinished()',
  );
  let enqueued = 0;
  for (const row of rows) {
    const existing = await deps.queue.getJob(row.job_id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
    }
    const handler: JobHandler | undefined = registry.get(row.kind);
    // A worker that cannot run this kind leaves it to one that can (workers of different
    // versions during a rolling deploy, or tests running their own handlers side by side).
    if (!handler) continue;
    await enqueueJob(
      deps.queue,
      { jobId: row.job_id, workspaceId: row.workspace_id, kind: row.kind },
      jobOptionsOf(handler),
    );
    enqueued++;
  }
  if (enqueued) deps.logger.info({ enqueued }, 'unfinished jobs enqueued again');
  for (const kind of registry.kinds()) await registry.get(kind)?.reconcile?.(deps);
  return enqueued;
}

export interface RunningWorker {
  worker: Worker<QueuedJobData>;
  close(): Promise<void>;
}

export async function startWorker(
  deps: AppDeps,
  registry: JobRegistry,
  options: { concurrency: number; reconcileIntervalMs: number; stalledIntervalMs?: number; lockDurationMs?: number },
): Promise<RunningWorker> {
  const connection = deps.redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker<QueuedJobData>(QUEUE_NAME, createProcessor(deps, registry), {
    connection,
    prefix: deps.config.QUEUE_PREFIX,
    concurrency: options.concurrency,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    lockDuration: options.lockDurationMs ?? 30_000,
  });
  worker.on('error', (err) => deps.logger.error({ err }, 'worker error'));
  await worker.waitUntilReady();
  let timer: NodeJS.Timeout | undefined;
  if (deps.config.JOB_RECONCILE) {
    await reconcileJobs(deps, registry);
    timer = setInterval(() => {
      reconcileJobs(deps, registry).catch((err) => deps.logger.error({ err }, 'job reconciliation failed'));
    }, options.reconcileIntervalMs);
    timer.unref();
  }
  return {
    worker,
    async close() {
      clearInterval(timer);
      await worker.close();
      connection.disconnect();
    },
  };
}
