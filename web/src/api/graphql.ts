import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { currentLocale, i18n } from '@/i18n';

/** Error codes of the API (`extensions.code`), plus NETWORK_ERROR when no answer came back. */
export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'PROVIDER_UNAVAILABLE',
  'QUERY_TOO_COMPLEX',
  'INTERNAL_SERVER_ERROR',
  'NETWORK_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** One invalid field of a BAD_USER_INPUT error; the message is already translated by the server. */
export interface FieldProblem {
  path: (string | number)[];
  message: string;
}

export interface GraphQLErrorItem {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: FieldProblem[]; [key: string]: unknown };
}

function toCode(value: unknown): ApiErrorCode {
  return (API_ERROR_CODES as readonly unknown[]).includes(value) ? (value as ApiErrorCode) : 'INTERNAL_SERVER_ERROR';
}

/**
 * What the user reads for the first error. A query over the API's limits (cost, depth…) is the
 * client's doing, not the user's: the API's message speaks to developers, so say it plainly.
 */
function messageOf(errors: GraphQLErrorItem[]): string {
  const first = errors[0];
  if (!first) return i18n.global.t('errors.unexpected');
  if (first.extensions?.code === 'QUERY_TOO_COMPLEX') return i18n.global.t('errors.queryTooComplex');
  return first.message;
}

/** A failed GraphQL request: carries every GraphQL error; `code` is the first one's. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;

  constructor(
    readonly errors: GraphQLErrorItem[],
    readonly status: number,
  ) {
    super(messageOf(errors));
    this.name = 'ApiError';
    this.code = toCode(errors[0]?.extensions?.code);
  }

  /** True when any of the errors has this code. */
  has(code: ApiErrorCode): boolean {
    return this.errors.some((e) => toCode(e.extensions?.code) === code);
  }

  static synthetic(code: ApiErrorCode, message: string, status = 0): ApiError {
    return new ApiError([{ message, extensions: { code } }], status);
  }
}

export function isApiError(err: unknown, code?: ApiErrorCode): err is ApiError {
  return err instanceof ApiError && (code === undefined || err.has(code));
}

/**
 * The record's current updatedAt when a save was refused because the record changed since the
 * page loaded it (CONFLICT with `currentUpdatedAt`, see `expectedUpdatedAt`), else null.
 */
export function staleRecordVersion(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const conflict = err.errors.find((e) => e.extensions?.code === 'CONFLICT' && e.extensions.currentUpdatedAt);
  return conflict ? String(conflict.extensions?.currentUpdatedAt) : null;
}

/** A message fit for people, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return i18n.global.t('errors.unexpected');
}

/**
 * The field problems of a BAD_USER_INPUT error, keyed by path joined with "." after dropping
 * a leading "input" segment (["input", "mainContact", "email"] → "mainContact.email").
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!(err instanceof ApiError)) return result;
  for (const error of err.errors) {
    if (error.extensions?.code !== 'BAD_USER_INPUT') continue;
    for (const field of error.extensions.fields ?? []) {
      const path = field.path.map(String);
      if (path[0] === 'input') path.shift();
      const key = path.join('.');
      if (!(key in result)) result[key] = field.message;
    }
  }
  return result;
}

type UnauthenticatedHandler = () => void;
let onUnauthenticated: UnauthenticatedHandler = () => {};

/** Called on every UNAUTHENTICATED answer (the app routes to /login). */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  /** Do not route to /login on UNAUTHENTICATED (the login form itself, the session probe). */
  skipAuthRedirect?: boolean;
  signal?: AbortSignal;
}

const printed = new WeakMap<DocumentNode, string>();

function queryText(doc: DocumentNode): string {
  let text = printed.get(doc);
  if (text === undefined) {
    text = print(doc);
    printed.set(doc, text);
  }
  return text;
}

function operationName(doc: DocumentNode): string | undefined {
  for (const def of doc.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
}

function errorFromStatus(status: number): ApiError {
  if (status === 401) return ApiError.synthetic('UNAUTHENTICATED', i18n.global.t('errors.sessionLoad'), status);
  if (status === 429) return ApiError.synthetic('RATE_LIMITED', i18n.global.t('errors.rateLimited'), status);
  if (status === 0 || status >= 502)
    return ApiError.synthetic('NETWORK_ERROR', i18n.global.t('errors.network'), status);
  return ApiError.synthetic('INTERNAL_SERVER_ERROR', i18n.global.t('errors.unexpected'), status);
}

async function send<TResult>(doc: DocumentNode, variables: unknown, options: RequestOptions): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'accept-language': currentLocale(),
      },
      body: JSON.stringify({ query: queryText(doc), operationName: operationName(doc), variables: variables ?? {} }),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw errorFromStatus(0);
  }

  let body: { data?: TResult | null; errors?: GraphQLErrorItem[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw errorFromStatus(response.status);
  }
  if (body.errors && body.errors.length > 0) throw new ApiError(body.errors, response.status);
  if (!response.ok || body.data == null) throw errorFromStatus(response.status);
  return body.data;
}

/** Runs one GraphQL operation against /graphql with the session cookie; throws ApiError on any error. */
export async function request<TResult, TVars>(
  doc: TypedDocumentNode<TResult, TVars>,
  ...[variables, options]: TVars extends Record<string, never>
    ? [variables?: TVars, options?: RequestOptions]
    : [variables: TVars, options?: RequestOptions]
): Promise<TResult> {
  const opts = options ?? {};
  try {
    return await send<TResult>(doc, variables, opts);
  } catch (err) {
    if (isApiError(err, 'UNAUTHENTICATED') && !opts.skipAuthRedirect) onUnauthenticated();
    throw err;
  }
}
