// A worker process for the kill-and-resume test: the production worker with the import
// handler, small batches, a pause after each batch (so the test can kill it mid-file), and
// short BullMQ lock/stall intervals (so another worker takes the job over in seconds).
import 'reflect-metadata';
import { openDeps } from '../src/bootstrap-deps';
import { loadConfig } from '../src/config/env';
import { JobRegistry } from '../src/jobs/job-handler';
import { startWorker } from '../src/jobs/worker';
import { importJobHandler } from '../src/modules/import/import.job';

async function main() {
  const deps = await openDeps(loadConfig(process.env));
  await startWorker(deps, new JobRegistry([importJobHandler({ batchRows: 20, pauseAfterBatchMs: 250 })]), {
    concurrency: 1,
    reconcileIntervalMs: 60_000,
    lockDurationMs: 3_000,
    stalledIntervalMs: 1_000,
  });
  process.send?.('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
