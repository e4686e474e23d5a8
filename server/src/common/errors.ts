import type { MessageKey, MessageParams } from './i18n';

/** Error codes of the API, the contract clients switch on (never the message text). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /**
   * An outside service we call (an emailing provider) could not be reached, timed out, failed
   * or limited us: nothing in the request is wrong, and the same request may work later.
   */
  PROVIDER_UNAVAILABLE = 'PROVIDER_UNAVAILABLE',
  /** A document over one of the limits against abusive queries (cost, depth, aliases, directives, tokens). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One bad field: its path in the input (e.g. ["input", "mainContact", "email"]) and why. */
export interface FieldProblem {
  path: (string | number)[];
  message: MessageKey;
  params?: MessageParams;
}

/** An error meant for the client. Messages are keys, translated when the response is built. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageKey: MessageKey,
    readonly params: MessageParams = {},
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}

export const unauthenticated = () => new AppError(ErrorCode.UNAUTHENTICATED, 'error.unauthenticated');
export const forbidden = (key: MessageKey = 'error.forbidden') => new AppError(ErrorCode.FORBIDDEN, key);
export const notFound = (entity: string) =>
  new AppError(ErrorCode.NOT_FOUND, 'error.notFound', { entity: `entity.${entity}` });
export const conflict = (key: MessageKey, params: MessageParams = {}) => new AppError(ErrorCode.CONFLICT, key, params);

/** A BAD_USER_INPUT carrying every field problem found, so a form can show them all at once. */
export function badInput(fields: FieldProblem[]): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, 'error.badInput', {}, fields);
}

export function badField(path: (string | number)[], message: MessageKey, params?: MessageParams): AppError {
  return badInput([{ path, message, params }]);
}

/** Collects field problems during validation and throws them together. */
export class FieldErrors {
  private readonly problems: FieldProblem[] = [];
  add(path: (string | number)[], message: MessageKey, params?: MessageParams): void {
    this.problems.push({ path, message, params });
  }
  get empty(): boolean {
    return this.problems.length === 0;
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw badInput(this.problems);
  }
}
