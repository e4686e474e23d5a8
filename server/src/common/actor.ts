import { ApiKeyScope } from '../modules/api-key/api-key.entity';
import { UserRole } from '../modules/user/user.entity';
import { forbidden } from './errors';
import type { Locale, MessageKey } from './i18n';

/**
 * Who is acting: a signed-in user, an integrator's API key (acting for the user who
 * created it, with that user's current role) or a background job. Services take it first and check access on their
 * first line.
 */
export interface Actor {
  workspaceId: string;
  userId: string | null;
  role: UserRole;
  apiKeyId: string | null;
  /** READ_ONLY for read-only API keys; users and jobs can write. */
  scope: ApiKeyScope;
  locale: Locale;
}

/** Admins only (an API key acts with its creator's role of now); FORBIDDEN with the action's message if given. */
export function requireAdmin(actor: Actor, message?: MessageKey): void {
  if (actor.role !== UserRole.ADMIN) throw forbidden(message);
}

/**
 * The one rule for what only a person in a session may do, never an API key (of any scope)
 * nor a job: what hands out or changes access (API keys, users and invitations, emailing
 * connections' credentials and webhook tokens) and what takes data away with a password typed
 * again (exports, GDPR). FORBIDDEN with the action's own message.
 */
export function requireSession(actor: Actor, message: MessageKey): void {
  if (!inSession(actor)) throw forbidden(message);
}

/** Whether a person signed in acts (not an API key, of any scope, nor a job). */
export function inSession(actor: Pick<Actor, 'userId' | 'apiKeyId'>): boolean {
  return !actor.apiKeyId && !!actor.userId;
}

export function requireWrite(actor: Actor): void {
  if (actor.scope !== ApiKeyScope.READ_WRITE) throw forbidden('error.readOnlyKey');
}

export function actorLabel(actor: Actor): string {
  if (actor.apiKeyId) return `api-key:${actor.apiKeyId}`;
  if (actor.userId) return `user:${actor.userId}`;
  return 'system';
}
