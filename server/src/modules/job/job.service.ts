import { type Ctx, em } from '../../common/context';
import { conflict, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { DEFAULT_JOB_OPTIONS, type JobDefaults, enqueueJob } from '../../jobs/queue';
import { UserRole } from '../user/user.entity';
import { JobEntity, JobStatus } from './job.entity';

/**
 * Records a job and hands it to the worker once the row is committed. If Redis is down
 * at that moment the row stays QUEUED and the worker's reconciliation enqueues it later.
 */
export async function startJob(
  ctx: Ctx,
  kind: string,
  params: Record<string, unknown> = {},
  options: JobDefaults = DEFAULT_JOB_OPTIONS,
): Promise<JobEntity> {
  const manager = await em(ctx);
  const job = await manager.save(JobEntity, {
    workspaceId: ctx.actor.workspaceId,
    kind,
    status: JobStatus.QUEUED,
    params,
    progressDone: 0,
    progressTotal: null,
    counts: {},
    resultFiles: [],
    attempts: 0,
    cancelRequested: false,
    createdBy: ctx.actor.userId,
  });
  ctx.scope.afterCommit(() => handOver(ctx, job, options));
  return job;
}

async function handOver(ctx: Ctx, job: JobEntity, options: JobDefaults = DEFAULT_JOB_OPTIONS): Promise<void> {
  try {
    await enqueueJob(ctx.deps.queue, { jobId: job.id, workspaceId: job.workspaceId, kind: job.kind }, options);
  } catch (err) {
    ctx.deps.logger.warn({ err, jobId: job.id }, 'job recorded but not enqueued; the worker will pick it up');
  }
}

/** Admins see every job of the workspace; users see the jobs they started. */
const seesAllJobs = (ctx: Ctx) => ctx.actor.role === UserRole.ADMIN;

export async function getJob(ctx: Ctx, id: string): Promise<JobEntity> {
  const job = await (await em(ctx)).findOneBy(JobEntity, { id: checkId(id, 'Job') });
  if (!job || (!seesAllJobs(ctx) && job.createdBy !== ctx.actor.userId)) throw notFound('Job');
  return job;
}

export interface JobFilter {
  status?: JobStatus[] | null;
  kind?: string | null;
}

export async function listJobs(
  ctx: Ctx,
  filter: JobFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<JobEntity>> {
  const size = checkPageSize(first);
  const manager = await em(ctx);
  const base = () => {
    const qb = manager.createQueryBuilder(JobEntity, 'j');
    if (filter?.status?.length) qb.andWhere('j.status IN (:...status)', { status: filter.status });
    if (filter?.kind) qb.andWhere('j.kind = :kind', { kind: filter.kind });
    if (!seesAllJobs(ctx)) qb.andWhere('j.created_by = :me', { me: ctx.actor.userId });
    return qb;
  };
  const page = base()
    .orderBy('j.createdAt', 'DESC')
    .addOrderBy('j.id', 'DESC')
    .take(size + 1);
  if (after) {
    const [createdAt, id] = decodeCursor(after, 2) as [string, string];
    page.andWhere('(j.created_at, j.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(rows, size, (j) => [j.createdAt.toISOString(), j.id], totalCount);
}

/** A queued job is cancelled at once; a running one is asked to stop at its next checkpoint. */
export async function cancelJob(ctx: Ctx, id: string): Promise<JobEntity> {
  const job = await getJob(ctx, id);
  const manager = await em(ctx);
  if (job.status === JobStatus.QUEUED) {
    await manager.update(JobEntity, { id: job.id }, { status: JobStatus.CANCELLED, finishedAt: new Date() });
    ctx.scope.afterCommit(async () => {
      const queued = await ctx.deps.queue.getJob(job.id);
      await queued?.remove().catch(() => undefined);
    });
  } else if (job.status === JobStatus.RUNNING) {
    await manager.update(JobEntity, { id: job.id }, { cancelRequested: true });
  } else {
    throw conflict('job.notCancellable');
  }
  return getJob(ctx, id);
}

/**
 * Queues a failed or cancelled job again, with its handler's own attempts and backoff (an
 * emailing.erase job retries EMAILING_ERASURE_ATTEMPTS times), as the worker's reconciliation does.
 */
export async function retryJob(ctx: Ctx, id: string): Promise<JobEntity> {
  const job = await getJob(ctx, id);
  if (job.status !== JobStatus.FAILED && job.status !== JobStatus.CANCELLED) throw conflict('job.notRetryable');
  await (
    await em(ctx)
  ).update(
    JobEntity,
    { id: job.id },
    { status: JobStatus.QUEUED, error: null, cancelRequested: false, finishedAt: null },
  );
  // Loaded here: the handlers import this module to start their own jobs.
  const { handlerJobOptions } = await import('../../jobs/handlers');
  const options = handlerJobOptions(ctx.deps.config, job.kind);
  ctx.scope.afterCommit(() => handOver(ctx, job, options));
  return getJob(ctx, id);
}
