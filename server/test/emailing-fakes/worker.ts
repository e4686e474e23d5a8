import { Worker } from 'bullmq';
import type { AppDeps } from '../../src/app-deps';
import { JobRegistry } from '../../src/jobs/job-handler';
import { QUEUE_NAME, type QueuedJobData } from '../../src/jobs/queue';
import { createProcessor } from '../../src/jobs/worker';
import { emailingErasureHandler } from '../../src/modules/emailing/erasure';
import { emailingSyncHandler } from '../../src/modules/emailing/sync';

/**
 * A worker running the emailing sync (and the GDPR deletions at providers) on the test API's own queue, without the start-up
 * reconciliation: that one reads every unfinished job of the shared test database, so it
 * would take jobs other test files (with other fakes and configurations) are running.
 */
export async function startEmailingWorker(deps: AppDeps): Promise<{ close(): Promise<void> }> {
  const connection = deps.redis.duplicate({ maxRetriesPerRequest: null });
  const worker = new Worker<QueuedJobData>(
    QUEUE_NAME,
    createProcessor(deps, new JobRegistry([emailingSyncHandler, emailingErasureHandler(deps.config)])),
    {
      connection,
      prefix: deps.config.QUEUE_PREFIX,
      concurrency: 2,
    },
  );
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
