import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ErrorCode } from '../common/errors';
import { type Locale, translate } from '../common/i18n';
import type { Logger } from '../observability/logger';
import { queryLimitOf } from './query-limits';

/** Codes that graphql-js and Apollo set themselves and that are safe to show as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

interface ValidationIssue {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

function flattenValidation(issues: ValidationIssue[], path: string[]): { path: string[]; message: string }[] {
  return issues.flatMap((i) => [
    ...Object.values(i.constraints ?? {}).map((message) => ({ path: [...path, i.property], message })),
    ...flattenValidation(i.children ?? [], [...path, i.property]),
  ]);
}

/**
 * Rewrites one error in place for the client: AppErrors translated in the request's
 * language with their field problems; documents over a query limit as QUERY_TOO_COMPLEX; class-validator failures as BAD_USER_INPUT with
 * field paths; anything unexpected masked and logged with the request id.
 */
export function presentError(err: GraphQLError, locale: Locale, requestId: string, logger: Logger): void {
  const original = err.originalError;
  const ext = err.extensions as Record<string, unknown>;
  const limit = queryLimitOf(err);
  if (limit) {
    err.message = translate(locale, `error.queryLimit.${limit.limit}`, { max: limit.max });
    ext.code = ErrorCode.QUERY_TOO_COMPLEX;
    ext.limit = limit.limit;
    ext.max = limit.max;
    return;
  }
  if (original instanceof AppError) {
    err.message = translate(locale, original.messageKey, original.params);
    ext.code = original.code;
    if (original.fields.length) {
      ext.fields = original.fields.map((f) => ({
        path: f.path.map(String),
        message: translate(locale, f.message, f.params),
      }));
    }
    Object.assign(ext, original.extra);
    return;
  }
  if (original instanceof ArgumentValidationError) {
    err.message = translate(locale, 'error.badInput');
    ext.code = ErrorCode.BAD_USER_INPUT;
    // Our mutations take their data as one `input` argument, so paths start there.
    ext.fields = flattenValidation(original.extensions.validationErrors as ValidationIssue[], ['input']);
    delete ext.validationErrors;
    return;
  }
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  const safeCode = code === undefined || PASS_THROUGH.has(code) || code in ErrorCode;
  // Errors graphql-js and Apollo build themselves (syntax, validation, limits) are safe to show.
  if ((!original || original instanceof GraphQLError) && safeCode) return;
  logger.error({ err: original ?? err, requestId }, 'unexpected error in GraphQL request');
  err.message = translate(locale, 'error.internal', { requestId });
  for (const key of Object.keys(ext)) delete ext[key];
  ext.code = ErrorCode.INTERNAL_SERVER_ERROR;
  ext.requestId = requestId;
}

/** Last line of defence: never send a stack trace or an unknown extension. */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = { ...(formatted.extensions ?? {}) };
  delete ext.stacktrace;
  delete ext.exception;
  return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: ext };
}
