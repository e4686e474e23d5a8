import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type Actor, requireAdmin, requireSession } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { type AppError, FieldErrors, badField, conflict, notFound } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { checkId } from '../../common/ids';
import type { Config } from '../../config/env';
import { withTenant } from '../../db/tenant-scope';
import { reassignOpenTasks } from '../activity/activity.service';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { revokeApiKeysCreatedBy } from '../api-key/api-key.service';
import { recordAudit } from '../audit/audit.service';
import { type LoginResult, hashToken, openSession } from '../auth/auth.service';
import type { LoginRateLimiter } from '../auth/login-rate-limit';
import { startJob } from '../job/job.service';
import { InvitationEntity, InvitationMailStatus } from './invitation.entity';
import { MIN_PASSWORD_LENGTH, hashPassword } from './password';
import { UserEntity, UserRole, UserStatus, userStatus } from './user.entity';

export const INVITATION_MAIL_JOB = 'user.invitation';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An invitation token is an HMAC of a random nonce under a key derived from APP_SECRET: the
 * row keeps the nonce and the token's hash, so the mail job can rebuild the link, and the
 * token itself is stored nowhere (not in the row, not in the job's parameters).
 */
export function invitationToken(cfg: Pick<Config, 'APP_SECRET'>, nonce: string): string {
  const key = createHash('sha256').update(`invitation-token:${cfg.APP_SECRET}`).digest();
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

export function invitationLink(cfg: Pick<Config, 'PUBLIC_URL'>, token: string): string {
  return new URL(`/invitation/${token}`, cfg.PUBLIC_URL).toString();
}

/** User management is for admins in a session: an API key may not create or remove people. */
function requireUserAdmin(actor: Actor): void {
  requireAdmin(actor);
  requireSession(actor, 'user.sessionRequired');
}

/** What the audit trail keeps of a user (never a password, hash or token). */
const snapshot = (u: Pick<UserEntity, 'email' | 'name' | 'role' | 'active'>) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
});

/**
 * Locks the user for a change. User-management changes of one workspace are serialized first
 * (a transaction-scoped advisory lock): two admins demoting each other at once would otherwise
 * lock their rows in opposite orders and deadlock, or both pass the last-admin check.
 */
async function lockUser(ctx: Ctx, manager: EntityManager, id: string): Promise<UserEntity> {
  checkId(id, 'User');
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('user-admin:' || $1::text))`, [ctx.actor.workspaceId]);
  const user = await manager.findOne(UserEntity, {
    where: { id: checkId(id, 'User') },
    lock: { mode: 'pessimistic_write' },
  });
  if (!user) throw notFound('User');
  return user;
}

/**
 * Refuses when the workspace would be left without an active admin (one who can sign in).
 * The admin rows are locked first, so two admins demoting each other at once are serialized
 * and the second sees the first's change.
 */
async function requireAnotherActiveAdmin(ctx: Ctx, manager: EntityManager, userId: string): Promise<void> {
  const admins: { id: string }[] = await manager.query(
    `SELECT id FROM app_user WHERE workspace_id = $1 AND role = 'ADMIN' AND active AND has_password FOR UPDATE`,
    [ctx.actor.workspaceId],
  );
  if (!admins.some((a) => a.id !== userId)) throw conflict('user.lastAdmin');
}

export interface InviteInput {
  email: string;
  name?: string | null;
  role: UserRole;
}

export interface InvitationResult {
  user: UserEntity;
  invitation: InvitationEntity;
  /** The link, only when no SMTP server is configured (the admin hands it over). */
  link: string | null;
}

async function createInvitation(ctx: Ctx, manager: EntityManager, user: UserEntity): Promise<InvitationResult> {
  const cfg = ctx.deps.config;
  // A new link replaces every earlier one.
  await manager.query(
    'UPDATE user_invitation SET revoked_at = now() WHERE user_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL',
    [user.id],
  );
  const nonce = randomBytes(32).toString('base64url');
  const token = invitationToken(cfg, nonce);
  const saved = await manager.save(InvitationEntity, {
    workspaceId: ctx.actor.workspaceId,
    userId: user.id,
    tokenHash: hashToken(token),
    nonce,
    expiresAt: new Date(Date.now() + cfg.INVITATION_TTL_HOURS * 3600_000),
    locale: ctx.actor.locale,
    mailStatus: InvitationMailStatus.QUEUED,
    mailError: null,
    mailAttempts: 0,
    createdBy: ctx.actor.userId,
  });
  const job = await startJob(
    ctx,
    INVITATION_MAIL_JOB,
    { invitationId: saved.id, maxAttempts: cfg.MAIL_SEND_ATTEMPTS },
    { attempts: cfg.MAIL_SEND_ATTEMPTS, backoffMs: cfg.MAIL_RETRY_DELAY_MS },
  );
  await manager.update(InvitationEntity, { id: saved.id }, { jobId: job.id });
  const invitation = await manager.findOneByOrFail(InvitationEntity, { id: saved.id });
  return { user, invitation, link: cfg.SMTP_URL ? null : invitationLink(cfg, token) };
}

export async function inviteUser(ctx: Ctx, input: InviteInput): Promise<InvitationResult> {
  requireUserAdmin(ctx.actor);
  const errors = new FieldErrors();
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || email.split('@')[0];
  if (!EMAIL.test(email) || email.length > 254) errors.add(['input', 'email'], 'field.email');
  if (name.length > 200) errors.add(['input', 'name'], 'field.tooLong', { max: 200 });
  errors.throwIfAny();
  const manager = await em(ctx);
  // Sign-in finds the user by email alone (auth_user_by_email), so an email belongs to one
  // user in the whole database: one already used in any workspace is refused.
  const taken: unknown[] = await manager.query('SELECT 1 FROM auth_user_by_email($1)', [email]);
  if (taken.length) throw badField(['input', 'email'], 'field.emailTaken');
  let user: UserEntity;
  try {
    // A savepoint, so a unique violation (a concurrent invite) leaves the request usable.
    user = await manager.transaction(async (tx) => {
      const created = await tx.save(UserEntity, {
        workspaceId: ctx.actor.workspaceId,
        email,
        name,
        role: input.role,
        passwordHash: null,
        active: true,
      });
      return tx.findOneByOrFail(UserEntity, { id: created.id });
    });
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw badField(['input', 'email'], 'field.emailTaken');
    throw err;
  }
  await recordAudit(ctx, { entityType: 'User', entityId: user.id, action: 'invite', after: snapshot(user) });
  return createInvitation(ctx, manager, user);
}

export async function resendInvitation(ctx: Ctx, userId: string): Promise<InvitationResult> {
  requireUserAdmin(ctx.actor);
  const manager = await em(ctx);
  const user = await lockUser(ctx, manager, userId);
  const status = userStatus(user);
  if (status === UserStatus.DEACTIVATED) throw conflict('user.deactivated');
  if (status !== UserStatus.INVITED) throw conflict('user.notInvited');
  await recordAudit(ctx, { entityType: 'User', entityId: user.id, action: 'resendInvitation' });
  return createInvitation(ctx, manager, user);
}

export async function updateUser(
  ctx: Ctx,
  id: string,
  input: { name?: string | null; role?: UserRole | null },
): Promise<UserEntity> {
  requireUserAdmin(ctx.actor);
  const manager = await em(ctx);
  const user = await lockUser(ctx, manager, id);
  const errors = new FieldErrors();
  const name = input.name == null ? user.name : input.name.trim();
  if (!name) errors.add(['input', 'name'], 'field.required');
  if (name.length > 200) errors.add(['input', 'name'], 'field.tooLong', { max: 200 });
  errors.throwIfAny();
  const role = input.role ?? user.role;
  if (user.role === UserRole.ADMIN && role !== UserRole.ADMIN && userStatus(user) === UserStatus.ACTIVE)
    await requireAnotherActiveAdmin(ctx, manager, user.id);
  const before = snapshot(user);
  await manager.update(UserEntity, { id: user.id }, { name, role });
  const after = await manager.findOneByOrFail(UserEntity, { id: user.id });
  // Only admins create API keys, and a key acts with its creator's role: one who is no longer
  // an admin loses their keys, rather than integrations quietly running with fewer rights.
  const apiKeysRevoked =
    user.role === UserRole.ADMIN && role !== UserRole.ADMIN ? await revokeApiKeysCreatedBy(ctx, user.id, 'demoted') : 0;
  await recordAudit(ctx, {
    entityType: 'User',
    entityId: user.id,
    action: 'update',
    before,
    after: { ...snapshot(after), ...(apiKeysRevoked ? { apiKeysRevoked } : {}) },
  });
  return after;
}

/**
 * Signs a user out for good. With `reassignTasksTo`, their open tasks go to that active user
 * in the same transaction (reassignOpenTasks), so none is left with nobody to do it.
 */
export async function deactivateUser(
  ctx: Ctx,
  id: string,
  opts: { reassignTasksTo?: string | null } = {},
): Promise<UserEntity> {
  requireUserAdmin(ctx.actor);
  const manager = await em(ctx);
  const user = await lockUser(ctx, manager, id);
  if (user.id === ctx.actor.userId) throw conflict('user.cannotDeactivateSelf');
  if (!user.active) return user;
  if (user.role === UserRole.ADMIN && user.hasPassword) await requireAnotherActiveAdmin(ctx, manager, user.id);
  const tasksReassigned = opts.reassignTasksTo
    ? await reassignOpenTasks(ctx, user.id, opts.reassignTasksTo, ['reassignTasksTo'])
    : 0;
  await manager.update(UserEntity, { id: user.id }, { active: false });
  // Signed out at once: every session goes, and so do pending invitation links and API keys.
  const sessions: unknown[] = await manager.query(
    'WITH d AS (DELETE FROM session WHERE user_id = $1 RETURNING id) SELECT id FROM d',
    [user.id],
  );
  await manager.query(
    'UPDATE user_invitation SET revoked_at = now() WHERE user_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL',
    [user.id],
  );
  // An API key acts for the user who created it: it must not outlive their access.
  const apiKeysRevoked = await revokeApiKeysCreatedBy(ctx, user.id, 'deactivated');
  await recordAudit(ctx, {
    entityType: 'User',
    entityId: user.id,
    action: 'deactivate',
    before: { active: true },
    after: {
      active: false,
      sessionsRevoked: sessions.length,
      apiKeysRevoked,
      ...(opts.reassignTasksTo ? { tasksReassigned, tasksReassignedTo: opts.reassignTasksTo } : {}),
    },
  });
  return manager.findOneByOrFail(UserEntity, { id: user.id });
}

export async function reactivateUser(ctx: Ctx, id: string): Promise<UserEntity> {
  requireUserAdmin(ctx.actor);
  const manager = await em(ctx);
  const user = await lockUser(ctx, manager, id);
  if (user.active) return user;
  await manager.update(UserEntity, { id: user.id }, { active: true });
  await recordAudit(ctx, {
    entityType: 'User',
    entityId: user.id,
    action: 'reactivate',
    before: { active: false },
    after: { active: true },
  });
  return manager.findOneByOrFail(UserEntity, { id: user.id });
}

/** The pending (not accepted, not revoked) invitation of each user, for the admin's list. */
export async function pendingInvitations(ctx: Ctx, userIds: readonly string[]): Promise<(InvitationEntity | null)[]> {
  if (ctx.actor.role !== UserRole.ADMIN || !userIds.length) return userIds.map(() => null);
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(InvitationEntity, 'i')
    .where('i.userId IN (:...ids)', { ids: [...userIds] })
    .andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NULL')
    .orderBy('i.createdAt', 'DESC')
    .getMany();
  return userIds.map((id) => rows.find((r) => r.userId === id) ?? null);
}

export interface AcceptInput {
  token: string;
  password: string;
  name?: string | null;
  ip: string;
  userAgent?: string;
  ttlHours: number;
}

const invalidToken = (key: string) => badField(['token'], key);

interface FoundInvitation {
  invitation_id: string;
  workspace_id: string;
  user_id: string;
}

/** The invitation of this token, before the workspace is known (any state: see invitationRefusal). */
async function findInvitation(ds: DataSource, token: string, tokenHash: string): Promise<FoundInvitation | null> {
  const rows: FoundInvitation[] =
    token.trim().length >= 20 && token.length <= 200
      ? await ds.query('SELECT * FROM auth_invitation($1)', [tokenHash])
      : [];
  return rows[0] ?? null;
}

/** Why the link can no longer be used (null when it can): unknown, used or replaced, expired. */
function invitationRefusal(invitation: InvitationEntity | null, user: UserEntity | null): AppError | null {
  if (!invitation || !user) return invalidToken('invitation.invalid');
  if (invitation.acceptedAt || invitation.revokedAt || !user.active || user.hasPassword)
    return invalidToken('invitation.used');
  if (invitation.expiresAt.getTime() <= Date.now()) return invalidToken('invitation.expired');
  return null;
}

export interface InvitationPreview {
  email: string;
  /** The name the admin typed; null when they typed none (the e-mail's local part stood in). */
  name: string | null;
}

/**
 * Public: what the invitation page shows when it opens. A link that cannot be used any more is
 * refused at once, with the same message acceptance would give, so the page shows it instead
 * of a form that could only fail. Counted like a failed acceptance: no faster token guessing.
 */
export async function checkInvitation(
  ds: DataSource,
  limiter: LoginRateLimiter,
  input: { token: string; ip: string },
): Promise<InvitationPreview> {
  const tokenHash = hashToken(input.token.trim());
  await limiter.check(tokenHash, input.ip);
  const found = await findInvitation(ds, input.token, tokenHash);
  const outcome: { refused: AppError } | { preview: InvitationPreview } = found
    ? await withTenant(ds, found.workspace_id, found.user_id, async (manager) => {
        const invitation = await manager.findOne(InvitationEntity, { where: { id: found.invitation_id } });
        const user = await manager.findOne(UserEntity, { where: { id: found.user_id } });
        const refusal = invitationRefusal(invitation, user);
        if (refusal || !user) return { refused: refusal ?? invalidToken('invitation.invalid') };
        const typed = user.name !== user.email.split('@')[0];
        return { preview: { email: user.email, name: typed ? user.name : null } };
      })
    : { refused: invalidToken('invitation.invalid') };
  if ('refused' in outcome) {
    await limiter.failed(tokenHash, input.ip);
    throw outcome.refused;
  }
  return outcome.preview;
}

/**
 * Public: the invited person chooses a password and is signed in. Failures are counted like
 * failed sign-ins (per token and per address), so tokens cannot be guessed at speed.
 */
export async function acceptInvitation(
  ds: DataSource,
  deps: Ctx['deps'],
  limiter: LoginRateLimiter,
  input: AcceptInput,
  locale: Locale,
): Promise<LoginResult> {
  const tokenHash = hashToken(input.token.trim());
  // The limiter's "account" is the token's hash: the token itself never reaches Redis.
  await limiter.check(tokenHash, input.ip);
  const found = await findInvitation(ds, input.token, tokenHash);
  if (!found) {
    await limiter.failed(tokenHash, input.ip);
    throw invalidToken('invitation.invalid');
  }
  const errors = new FieldErrors();
  if (input.password.length < MIN_PASSWORD_LENGTH)
    errors.add(['password'], 'field.tooShort', { min: MIN_PASSWORD_LENGTH });
  if (input.password.length > 1000) errors.add(['password'], 'field.tooLong', { max: 1000 });
  const name = input.name?.trim();
  if (name && name.length > 200) errors.add(['name'], 'field.tooLong', { max: 200 });
  errors.throwIfAny();
  const passwordHash = await hashPassword(input.password);
  const outcome = await withTenant<{ refused: AppError } | { session: LoginResult }>(
    ds,
    found.workspace_id,
    found.user_id,
    async (manager, scope) => {
      const invitation = await manager.findOne(InvitationEntity, {
        where: { id: found.invitation_id },
        lock: { mode: 'pessimistic_write' },
      });
      const user = await manager.findOne(UserEntity, {
        where: { id: found.user_id },
        lock: { mode: 'pessimistic_write' },
      });
      const refusal = invitationRefusal(invitation, user);
      if (refusal || !invitation || !user) return { refused: refusal ?? invalidToken('invitation.invalid') };
      await manager.update(UserEntity, { id: user.id }, { passwordHash, ...(name ? { name } : {}) });
      await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date() });
      const ctx: Ctx = {
        actor: {
          workspaceId: found.workspace_id,
          userId: user.id,
          role: user.role,
          apiKeyId: null,
          scope: ApiKeyScope.READ_WRITE,
          locale,
        },
        scope,
        deps,
      };
      await recordAudit(ctx, {
        entityType: 'User',
        entityId: user.id,
        action: 'acceptInvitation',
        before: { status: UserStatus.INVITED, name: user.name },
        after: { status: UserStatus.ACTIVE, name: name || user.name },
      });
      const session = await openSession(manager, {
        workspaceId: found.workspace_id,
        userId: user.id,
        ip: input.ip,
        userAgent: input.userAgent,
        ttlHours: input.ttlHours,
      });
      return { session };
    },
  );
  if ('refused' in outcome) {
    await limiter.failed(tokenHash, input.ip);
    throw outcome.refused;
  }
  await limiter.succeeded(tokenHash);
  return outcome.session;
}
