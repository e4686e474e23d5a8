import type { Queue } from 'bullmq';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Config } from './config/env';
import type { QueuedJobData } from './jobs/queue';
import type { Logger } from './observability/logger';

/**
 * The long-lived resources of a process (API or worker), built once at start and shared
 * by every request and job. Per-request state lives in the GraphQL context instead.
 */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  redis: Redis;
  queue: Queue<QueuedJobData>;
  logger: Logger;
  /**
   * The current time for rules that depend on "today" (the events page's order). Unset: the
   * system clock. Tests set it to move a request past midnight.
   */
  clock?: () => Date;
}

/** Now, by the process's clock (AppDeps.clock). */
export function nowOf(deps: Pick<AppDeps, 'clock'>): Date {
  return deps.clock?.() ?? new Date();
}
