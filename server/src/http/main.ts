import 'reflect-metadata';
import { config } from '../config/env';
import { openDeps } from '../bootstrap-deps';
import { logger } from '../observability/logger';
import { createHttpApp } from './app';

const SHUTDOWN_DEADLINE_MS = 20_000;

/** The API process: GraphQL, downloads, the built web client, health and metrics. */
async function main() {
  const cfg = config();
  const deps = await openDeps(cfg);
  const http = await createHttpApp(deps);
  await new Promise<void>((resolve) => http.server.listen(cfg.PORT, cfg.HOST, resolve));
  logger.info({ port: cfg.PORT }, `API listening on http://localhost:${cfg.PORT}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down API');
    // Last resort: in-flight requests get the drain plugin's 10 s, Redis and the pools a few
    // more; an orchestrator's SIGKILL (Kubernetes: 30 s) must not be what ends the process.
    setTimeout(() => {
      logger.error({ signal }, 'API shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await http.stop();
    await deps.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  logger.fatal({ err }, 'API failed to start');
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
