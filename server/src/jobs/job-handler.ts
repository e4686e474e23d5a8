import type { AppDeps } from '../app-deps';
import type { Ctx } from '../common/context';
import type { JobEntity, JobResultFile } from '../modules/job/job.entity';
import type { Logger } from '../observability/logger';
import { DEFAULT_JOB_OPTIONS, type JobDefaults } from './queue';

/** Thrown by a handler (through checkpoint()) when someone cancelled the job. */
export class JobCancelled extends Error {
  constructor() {
    super('job cancelled');
  }
}

/**
 * Thrown by checkpoint() when another run took the job over (this run lost its BullMQ lock,
 * e.g. its event loop stalled, and the job was handed to another worker). The stale run
 * stops without touching the job row: the newer run owns it.
 */
export class JobSuperseded extends Error {
  constructor() {
    super('job taken over by another run');
  }
}

/**
 * Thrown by a handler when trying again cannot help (the uploaded file is gone or
 * unreadable): the job fails at once with this message instead of using its retries.
 */
export class JobFailed extends Error {}

export interface JobRunContext {
  job: JobEntity;
  deps: AppDeps;
  logger: Logger;
  /** 1 for the first attempt. */
  attempt: number;
  /** Runs fn in a workspace transaction of its own, acting as the user who started the job. */
  inTransaction<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T>;
  /**
   * Saves progress; throws JobCancelled when a cancel was asked and JobSuperseded when another
   * run owns the job now. Call it between chunks, and before any side effect outside the
   * database (sending mail), so a stale run never repeats one.
   */
  checkpoint(progress: { done: number; total?: number | null; counts?: Record<string, number> }): Promise<void>;
}

export interface JobOutcome {
  result?: Record<string, unknown>;
  resultFiles?: JobResultFile[];
  counts?: Record<string, number>;
  /**
   * Progress saved with the result, in the same update: a one-item job (one mail) ends with
   * done = 1 without a last checkpoint, which could turn a finished send into a cancel.
   */
  progressDone?: number;
}

/**
 * One kind of background job. Handlers must be idempotent: at-least-once delivery means
 * a job can run again after a crash, so they reload their state and skip finished work.
 */
export interface JobHandler {
  kind: string;
  attempts?: number;
  backoffMs?: number;
  run(ctx: JobRunContext): Promise<JobOutcome>;
  /** Called when the worker reconciles (start, then every interval): e.g. restores repeatable schedules. */
  reconcile?(deps: AppDeps): Promise<void>;
}

/** The attempts and backoff a job is queued with: its handler's, else the defaults. */
export function jobOptionsOf(handler: JobHandler | undefined): JobDefaults {
  return {
    attempts: handler?.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
    backoffMs: handler?.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs,
  };
}

/** Every job kind with exactly one handler, checked when the registry is built. */
export class JobRegistry {
  private readonly byKind = new Map<string, JobHandler>();

  constructor(handlers: JobHandler[]) {
    for (const h of handlers) {
      if (this.byKind.has(h.kind)) throw new Error(`Two handlers for job kind "${h.kind}"`);
      this.byKind.set(h.kind, h);
    }
  }

  get(kind: string): JobHandler | undefined {
    return this.byKind.get(kind);
  }

  kinds(): string[] {
    return [...this.byKind.keys()];
  }
}
