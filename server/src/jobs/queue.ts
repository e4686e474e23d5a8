import { Queue, type ConnectionOptions } from 'bullmq';

export const QUEUE_NAME = 'crm-jobs';

/** What BullMQ carries: ids only, never rows or secrets (PERFORMANCE-NOTES). */
export interface QueuedJobData {
  jobId: string;
  workspaceId: string;
  /** Set on the entries of a repeatable schedule (jobs/schedule.ts): each one starts a job of that kind. */
  schedule?: { kind: string; params: Record<string, unknown> };
}

export interface JobDefaults {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_JOB_OPTIONS: JobDefaults = { attempts: 3, backoffMs: 5_000 };

export function createQueue(connection: ConnectionOptions, prefix: string): Queue<QueuedJobData> {
  return new Queue<QueuedJobData>(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: {
      // Finished jobs are removed by age as well as count, so Redis never fills up with them;
      // PostgreSQL keeps the record.
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
    },
  });
}

/**
 * Adds the job to BullMQ under its database id, so adding it twice is a no-op.
 * A leftover BullMQ entry of a finished attempt (failed or completed) is removed first,
 * otherwise a retry would be silently ignored.
 */
export async function enqueueJob(
  queue: Queue<QueuedJobData>,
  data: QueuedJobData & { kind: string },
  options: JobDefaults = DEFAULT_JOB_OPTIONS,
): Promise<void> {
  const existing = await queue.getJob(data.jobId);
  if (existing) {
    const state = await existing.getState();
    if (state === 'completed' || state === 'failed') await existing.remove();
    else return;
  }
  await queue.add(
    data.kind,
    { jobId: data.jobId, workspaceId: data.workspaceId },
    { jobId: data.jobId, attempts: options.attempts, backoff: { type: 'exponential', delay: options.backoffMs } },
  );
}
