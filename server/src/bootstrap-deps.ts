import Redis from 'ioredis';
import type { AppDeps } from './app-deps';
import type { Config } from './config/env';
import { assertRlsApplies } from './db/bootstrap';
import { createAppDataSource, handleClientErrors } from './db/data-sources';
import { createQueue } from './jobs/queue';
import { logger as rootLogger } from './observability/logger';

/** Opens the database pool, Redis and the queue for a process; close() releases them. */
export async function openDeps(config: Config): Promise<AppDeps & { close(): Promise<void> }> {
  const logger = rootLogger.child({});
  logger.level = config.LOG_LEVEL;
  const dataSource = createAppDataSource(config);
  await dataSource.initialize();
  handleClientErrors(dataSource, (err) => logger.warn({ err: err.message }, 'database connection lost'));
  await assertRlsApplies((sql) => dataSource.query(sql));
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  // BullMQ does not close a connection it was given: we keep it to close it ourselves.
  const queueConnection = redis.duplicate();
  const queue = createQueue(queueConnection, config.QUEUE_PREFIX);
  return {
    config,
    dataSource,
    redis,
    queue,
    logger,
    async close() {
      await queue.close();
      queueConnection.disconnect();
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}
