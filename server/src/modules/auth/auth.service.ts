import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { withTenant } from '../../db/tenant-scope';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { burnPasswordCheck, verifyPassword } from '../user/password';
import { UserEntity, UserRole } from '../user/user.entity';
import type { LoginRateLimiter } from './login-rate-limit';
import { SessionEntity } from './session.entity';

export const SESSION_COOKIE = 'crm_session';

/** Tokens are random and long, so a plain SHA-256 is enough to store them (unlike passwords). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: UserEntity;
}

export async function login(
  ds: DataSource,
  limiter: LoginRateLimiter,
  input: { email: string; password: string; ip: string; userAgent?: string; ttlHours: number },
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  await limiter.check(email, input.ip);
  const rows: { user_id: string; workspace_id: string; password_hash: string | null; active: boolean }[] =
    await ds.query('SELECT * FROM auth_user_by_email($1)', [email]);
  const found = rows[0];
  // An invited user has no password yet; a deactivated one may not sign in.
  const hash = found?.active ? found.password_hash : null;
  const ok = hash ? await verifyPassword(hash, input.password) : false;
  if (!hash) await burnPasswordCheck(input.password);
  if (!found || !ok) {
    await limiter.failed(email, input.ip);
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'error.invalidCredentials');
  }
  await limiter.succeeded(email);
  return withTenant(ds, found.workspace_id, found.user_id, (manager) =>
    openSession(manager, { workspaceId: found.workspace_id, userId: found.user_id, ...input }),
  );
}

/** Creates a session for the user (login, accepted invitation) and notes the sign-in. */
export async function openSession(
  manager: EntityManager,
  input: { workspaceId: string; userId: string; ip: string; userAgent?: string; ttlHours: number },
): Promise<LoginResult> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + input.ttlHours * 3600_000);
  await manager.insert(SessionEntity, {
    workspaceId: input.workspaceId,
    userId: input.userId,
    tokenHash: hashToken(token),
    expiresAt,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
  });
  await manager.query('UPDATE app_user SET last_login_at = now() WHERE id = $1', [input.userId]);
  const user = await manager.findOneByOrFail(UserEntity, { id: input.userId });
  return { token, expiresAt, user };
}

export interface Principal {
  actor: Omit<Actor, 'locale'>;
  sessionId: string | null;
}

/** Resolves a session cookie to its user, or null when unknown or expired. */
export async function principalFromSession(ds: DataSource, token: string): Promise<Principal | null> {
  const rows: { session_id: string; user_id: string; workspace_id: string; role: UserRole }[] = await ds.query(
    'SELECT * FROM auth_session($1)',
    [hashToken(token)],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    sessionId: r.session_id,
    actor: {
      workspaceId: r.workspace_id,
      userId: r.user_id,
      role: r.role,
      apiKeyId: null,
      scope: ApiKeyScope.READ_WRITE,
    },
  };
}

/**
 * Resolves an API key (Authorization: Bearer …). The key acts for the user who created it,
 * with their role of now (a key of a demoted admin is no admin's key) and its own scope; a
 * key whose creator is gone or deactivated is unknown.
 */
export async function principalFromApiKey(ds: DataSource, key: string): Promise<Principal | null> {
  const rows: { api_key_id: string; workspace_id: string; scope: ApiKeyScope; created_by: string; role: UserRole }[] =
    await ds.query('SELECT * FROM auth_api_key($1)', [hashToken(key)]);
  const r = rows[0];
  if (!r) return null;
  return {
    sessionId: null,
    actor: {
      workspaceId: r.workspace_id,
      userId: r.created_by,
      role: r.role,
      apiKeyId: r.api_key_id,
      scope: r.scope,
    },
  };
}

export async function logout(ctx: Ctx, sessionId: string | null): Promise<void> {
  if (!sessionId) return;
  await (await em(ctx)).delete(SessionEntity, { id: sessionId });
}

export type { Locale };
