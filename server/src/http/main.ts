import 'reflect-metadata';
import { config } from '../config/env';
import { openDeps } from '../bootstrap-deps';
import { logger } from '../observability/logger';
import { createHttpApp } from './app';

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
