import { expressMiddleware } from '@as-integrations/express5';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { inSession } from '../common/actor';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from '../app-deps';
import { localeFromAcceptLanguage } from '../common/i18n';
import { TenantScope, withTenant } from '../db/tenant-scope';
import { createApolloServer } from '../graphql/apollo';
import type { GqlContext } from '../graphql/context';
import { createLoaders } from '../graphql/loaders';
import { buildApiSchema } from '../graphql/schema';
import { UserRole } from '../modules/user/user.entity';
import { httpDuration, metricsRegistry } from '../observability/metrics';
import { financePrintRouter } from '../modules/finance/print.router';
import { GRAPHQL_MAX_BODY_BYTES, refuseDeclaredOver } from './body-limits';
import { documentsRouter } from './documents';
import { emailingWebhookRouter } from './emailing-webhooks';
import { jobFilesRouter } from './job-files';
import { QueueDashboardAdapter, sendDashboardRefusal } from './queue-dashboard';
import { importFilesRouter } from '../modules/import/import.routes';
import { resolvePrincipal } from './principal';
import { corsPolicy, securityHeaders } from './security';

export interface HttpApp {
  server: Server;
  /** Stops accepting requests and waits for those in flight. */
  stop(): Promise<void>;
}

/**
 * The job dashboard shows and retries every workspace's jobs: only for the platform's
 * operators (JOB_DASHBOARD_OPERATORS), signed in with a session, never for an API key.
 */
function requireOperatorPage(deps: AppDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const actor = req.principal?.actor;
    if (!actor) return void res.status(401).type('text/plain').send('Sign in first');
    const operators = deps.config.JOB_DASHBOARD_OPERATORS;
    const refuse = () => sendDashboardRefusal(res, localeFromAcceptLanguage(req.get('accept-language')));
    if (!inSession(actor) || actor.role !== UserRole.ADMIN || !operators.length) return refuse();
    try {
      const [user]: { email: string }[] = await withTenant(deps.dataSource, actor.workspaceId, actor.userId, (em) =>
        em.query('SELECT email FROM app_user WHERE id = $1', [actor.userId]),
      );
      if (user && operators.includes(user.email.toLowerCase())) return next();
      refuse();
    } catch (err) {
      next(err);
    }
  };
}

export async function createHttpApp(deps: AppDeps): Promise<HttpApp> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const server = createServer(app);

  // A one-time invitation token travels in the page's path: the request log keeps it redacted
  // (before pino-http, which reads the URL when the request starts).
  app.use((req, _res, next) => {
    if (req.originalUrl.startsWith('/invitation/')) req.originalUrl = '/invitation/[redacted]';
    next();
  });
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use((req, res, next) => {
    req.requestId = String(req.id);
    const stop = httpDuration.startTimer({ method: req.method });
    res.on('finish', () => stop({ route: req.route?.path ?? req.baseUrl ?? 'other', status: String(res.statusCode) }));
    next();
  });

  app.use(securityHeaders(deps.config));
  app.use(corsPolicy(deps.config));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([deps.dataSource.query('SELECT 1'), deps.redis.ping()]);
    const [db, redis] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'down'));
    res.status(db === 'ok' && redis === 'ok' ? 200 : 503).json({ database: db, redis });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });

  app.use('/webhooks/emailing', emailingWebhookRouter(deps));

  app.use(cookieParser());
  app.use(resolvePrincipal(deps));

  const board = new QueueDashboardAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: [new BullMQAdapter(deps.queue)], serverAdapter: board });
  app.use('/admin/queues', requireOperatorPage(deps), board.getRouter());

  app.use('/files', jobFilesRouter(deps));
  app.use('/print', financePrintRouter(deps));
  app.use('/documents', documentsRouter(deps));
  app.use('/files', importFilesRouter(deps));

  const schema = await buildApiSchema();
  const apollo = createApolloServer(schema, deps, server);
  await apollo.start();
  app.use(
    '/graphql',
    refuseDeclaredOver(GRAPHQL_MAX_BODY_BYTES),
    express.json({ limit: GRAPHQL_MAX_BODY_BYTES }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GqlContext> => {
        const principal = req.principal ?? null;
        const locale = localeFromAcceptLanguage(req.get('accept-language'));
        const actor = principal ? { ...principal.actor, locale } : null;
        const scope = actor ? new TenantScope(deps.dataSource, actor.workspaceId, actor.userId) : null;
        // Closes the transaction even when the client goes away before the response.
        res.on('close', () => void scope?.finish(false).catch(() => undefined));
        const gctx: GqlContext = {
          deps,
          requestId: req.requestId ?? randomUUID(),
          locale,
          req,
          res,
          actor,
          sessionId: principal?.sessionId ?? null,
          scope,
          loaders: createLoaders(() => ({ actor: gctx.actor!, scope: gctx.scope!, deps })),
        };
        return gctx;
      },
    }),
  );

  const webDist = path.resolve(deps.config.WEB_DIST_DIR);
  if (existsSync(path.join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    // The client routes in the browser (history mode): every other GET gets the app.
    app.get(/^\/(?!graphql|admin|files|documents|healthz|readyz|metrics).*/, (_req, res) => {
      res.sendFile(path.join(webDist, 'index.html'));
    });
  }

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) deps.logger.error({ err, requestId: req.requestId }, 'unhandled HTTP error');
    res.status(status).json({ error: status >= 500 ? 'Internal error' : 'Bad request', requestId: req.requestId });
  });

  return {
    server,
    async stop() {
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
