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
}
