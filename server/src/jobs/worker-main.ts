import 'reflect-metadata';
import { createServer } from 'node:http';
import { config } from '../config/env';
import { openDeps } from '../bootstrap-deps';
import { logger } from '../observability/logger';
import { metricsRegistry } from '../observability/metrics';
import { JobRegistry } from './job-handler';
import { productionHandlers } from './handlers';
import { startWorker } from './worker';

/** The worker process: runs the BullMQ processors, serves its own /metrics and /healthz. */
async function main() {
  const cfg = config();
  const deps = await openDeps(cfg);
  const registry = new JobRegistry(productionHandlers());
  const running = await startWorker(deps, registry, {
    concurrency: cfg.WORKER_CONCURRENCY,
    reconcileIntervalMs: cfg.JOB_RECONCILE_INTERVAL_SECONDS * 1000,
    lockDurationMs: cfg.WORKER_LOCK_SECONDS * 1000,
    stalledIntervalMs: cfg.WORKER_STALLED_CHECK_SECONDS * 1000,
  });
  const metrics = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', metricsRegistry.contentType);
      res.end(await metricsRegistry.metrics());
    } else if (req.url === '/healthz') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: running.worker.isRunning() ? 'ok' : 'stopped' }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  metrics.listen(cfg.WORKER_METRICS_PORT, '127.0.0.1');
  logger.info({ kinds: registry.kinds(), metricsPort: cfg.WORKER_METRICS_PORT }, 'worker started');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down worker (finishing running jobs)');
    metrics.close();
    await running.close();
    await deps.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  logger.fatal({ err }, 'worker failed to start');
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
