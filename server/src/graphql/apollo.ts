import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { AppDeps } from '../app-deps';
import { ErrorCode } from '../common/errors';
import { translate } from '../common/i18n';
import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { graphqlDuration } from '../observability/metrics';
import type { GqlContext } from './context';
import { formatError, presentError } from './errors';
import { queryLimits } from './query-limits';

/**
 * Commits the request's workspace transaction when the response is ready: queries
 * always, mutations only when no error happened (a failed mutation changes nothing).
 */
const transactionPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    let isMutation = false;
    return {
      async didResolveOperation({ operation, contextValue }) {
        isMutation = operation?.operation === 'mutation';
        if (isMutation && contextValue.actor?.scope === ApiKeyScope.READ_ONLY) {
          throw new GraphQLError(translate(contextValue.locale, 'error.readOnlyKey'), {
            extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
          });
        }
      },
      async willSendResponse({ contextValue, response, errors }) {
        const scope = contextValue.scope;
        if (!scope) return;
        const commit = !isMutation || !errors?.length;
        try {
          await scope.finish(commit);
        } catch (err) {
          contextValue.deps.logger.error({ err, requestId: contextValue.requestId }, 'commit failed');
          if (response.body.kind === 'single') {
            response.body.singleResult.data = null;
            response.body.singleResult.errors = [
              {
                message: translate(contextValue.locale, 'error.internal', { requestId: contextValue.requestId }),
                extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: contextValue.requestId },
              },
            ];
          }
        }
      },
    };
  },
};

const errorPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const err of errors)
          presentError(err, contextValue.locale, contextValue.requestId, contextValue.deps.logger);
      },
    };
  },
};

const metricsPlugin: ApolloServerPlugin<GqlContext> = {
  async requestDidStart() {
    const started = process.hrtime.bigint();
    return {
      async willSendResponse({ operationName, operation, errors }) {
        graphqlDuration.observe(
          {
            operation: operationName ?? 'anonymous',
            type: operation?.operation ?? 'unknown',
            outcome: errors?.length ? 'error' : 'ok',
          },
          Number(process.hrtime.bigint() - started) / 1e9,
        );
      },
    };
  },
};

export function createApolloServer(schema: GraphQLSchema, deps: AppDeps, httpServer: Server): ApolloServer<GqlContext> {
  const cfg = deps.config;
  const limits = queryLimits(cfg);
  return new ApolloServer<GqlContext>({
    schema,
    plugins: [
      ...limits.plugins,
      errorPlugin,
      transactionPlugin,
      metricsPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError,
    csrfPrevention: true,
    introspection: cfg.INTROSPECTION ?? cfg.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // The process's own SIGTERM/SIGINT handler (http/main.ts) stops Apollo, then the queue and
    // the pools. Apollo's handler (on by default outside NODE_ENV=test) would call stop() at the
    // same time: the second concurrent stop() waits on a barrier Apollo never resolves once the
    // first succeeds, so the API hung after "shutting down API" until SIGKILL.
    stopOnTerminationSignals: false,
  });
}
