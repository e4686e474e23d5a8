import { type Ctx, em } from '../../common/context';
import { requireSession } from '../../common/actor';
import { badField } from '../../common/errors';
import type { MessageKey } from '../../common/i18n';
import { TenantScope } from '../../db/tenant-scope';
import { type AuditInput, recordAudit } from '../audit/audit.service';
import { exportPasswordLimiter } from '../export/export-password-limit';
import { verifyPassword } from './password';

export interface PasswordRecheck {
  /** What the admin typed (a missing one is a wrong one). */
  password: string | null | undefined;
  /** The password's path in the request (e.g. ['input', 'password']): where the form shows a wrong one. */
  path: (string | number)[];
  /** FORBIDDEN message for an API key (or no user): it has no password to type again. */
  sessionRequired: MessageKey;
  /** Audit entry of a refused attempt: on the record acted on, else on the admin's own user. */
  refused: Pick<AuditInput, 'action' | 'after'> & { entityType?: string; entityId?: string };
}

/**
 * The password typed again before the actions that take data away (list export, GDPR export,
 * erasure), so that a session left open on a shared screen is not enough. Only a session
 * qualifies (FORBIDDEN for API keys). Wrong passwords are counted per user by one limiter shared
 * by the three actions (RATE_LIMITED once it is spent, even for the right password), each one is
 * audited, and it is a BAD_USER_INPUT on the password field: the admin mistyped, they are not
 * refused a right, so the dialog shows it under the field like any other field error.
 */
export async function recheckPassword(ctx: Ctx, check: PasswordRecheck): Promise<void> {
  requireSession(ctx.actor, check.sessionRequired);
  const userId = ctx.actor.userId!;
  const limiter = exportPasswordLimiter(ctx.deps);
  await limiter.check(userId);
  const [user]: { password_hash: string }[] = await (
    await em(ctx)
  ).query('SELECT password_hash FROM app_user WHERE id = $1 AND active', [userId]);
  if (!user || !(await verifyPassword(user.password_hash, check.password ?? ''))) {
    await limiter.failed(userId);
    const { entityType = 'User', entityId = userId, ...entry } = check.refused;
    await auditInOwnTransaction(ctx, userId, { entityType, entityId, ...entry });
    throw badField(check.path, 'user.wrongPassword');
  }
  await limiter.succeeded(userId);
}

/** The request's transaction rolls back with the error: the refused attempt must stay in the trail. */
async function auditInOwnTransaction(ctx: Ctx, userId: string, entry: AuditInput): Promise<void> {
  const scope = new TenantScope(ctx.deps.dataSource, ctx.actor.workspaceId, userId);
  let ok = false;
  try {
    await recordAudit({ ...ctx, scope }, entry);
    ok = true;
  } finally {
    await scope.finish(ok);
  }
}
