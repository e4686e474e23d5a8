import { randomBytes } from 'node:crypto';
import { type Actor, requireAdmin, requireSession } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { PG_UNIQUE_VIOLATION, pgConstraint, pgErrorCode } from '../../common/db-errors';
import { AppError, ErrorCode, FieldErrors, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { recordAudit } from '../audit/audit.service';
import { hashToken } from '../auth/auth.service';
import { ApiKeyEntity, ApiKeyScope } from './api-key.entity';

export interface CreatedApiKey {
  apiKey: ApiKeyEntity;
  /** The whole key: returned once, only its hash is stored. */
  secret: string;
}

/**
 * Keys are managed by admins in a session only: a key that could mint keys would outlive its own
 * revocation (the keys it made belong to the admin), and one that could revoke keys could lock
 * the workspace's integrations out.
 */
function requireKeyAdmin(actor: Actor): void {
  requireAdmin(actor);
  requireSession(actor, 'apiKey.sessionRequired');
}

/** Live keys' names are unique in a workspace (case-insensitive), so the list tells them apart. */
const UNIQUE_NAME = 'api_key_live_name_key';
const nameTaken = (name: string) =>
  new AppError(ErrorCode.CONFLICT, 'apiKey.nameTaken', { name }, [
    { path: ['input', 'name'], message: 'apiKey.nameTaken', params: { name } },
  ]);

export async function createApiKey(ctx: Ctx, input: { name: string; scope: ApiKeyScope }): Promise<CreatedApiKey> {
  requireKeyAdmin(ctx.actor);
  const errors = new FieldErrors();
  const name = input.name.trim();
  if (!name) errors.add(['input', 'name'], 'field.required');
  if (name.length > 100) errors.add(['input', 'name'], 'field.tooLong', { max: 100 });
  errors.throwIfAny();
  const prefix = randomBytes(6).toString('base64url');
  const secret = `crm_${prefix}_${randomBytes(32).toString('base64url')}`;
  const manager = await em(ctx);
  const [taken]: unknown[] = await manager.query(
    'SELECT 1 FROM api_key WHERE lower(name) = lower($1) AND revoked_at IS NULL LIMIT 1',
    [name],
  );
  if (taken) throw nameTaken(name);
  let apiKey: ApiKeyEntity;
  try {
    apiKey = await manager.save(ApiKeyEntity, {
      workspaceId: ctx.actor.workspaceId,
      name,
      prefix: `crm_${prefix}`,
      keyHash: hashToken(secret),
      scope: input.scope,
      createdBy: ctx.actor.userId,
    });
  } catch (err) {
    // Two admins creating the same name at once: the index refuses the second.
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION && pgConstraint(err) === UNIQUE_NAME) throw nameTaken(name);
    throw err;
  }
  await recordAudit(ctx, {
    entityType: 'ApiKey',
    entityId: apiKey.id,
    action: 'create',
    after: { name, scope: input.scope },
  });
  return { apiKey, secret };
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKeyEntity[]> {
  requireKeyAdmin(ctx.actor);
  return (await em(ctx)).find(ApiKeyEntity, { order: { createdAt: 'DESC', id: 'DESC' } });
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<ApiKeyEntity> {
  requireKeyAdmin(ctx.actor);
  const manager = await em(ctx);
  const key = await manager.findOneBy(ApiKeyEntity, { id: checkId(id, 'ApiKey') });
  if (!key) throw notFound('ApiKey');
  if (!key.revokedAt) {
    key.revokedAt = new Date();
    await manager.update(ApiKeyEntity, { id }, { revokedAt: key.revokedAt });
    await auditRevoke(ctx, id);
  }
  return key;
}

const auditRevoke = (ctx: Ctx, id: string, reason?: string) =>
  recordAudit(ctx, {
    entityType: 'ApiKey',
    entityId: id,
    action: 'revoke',
    before: { revoked: false },
    after: { revoked: true, ...(reason ? { reason } : {}) },
  });

/**
 * Revokes every live key a user created, in the caller's transaction, each audited like a
 * revocation by hand (with the reason); the caller checks who may do it. The number revoked.
 */
export async function revokeApiKeysCreatedBy(ctx: Ctx, userId: string, reason: string): Promise<number> {
  const revoked: { id: string }[] = await (
    await em(ctx)
  ).query(
    `WITH r AS (UPDATE api_key SET revoked_at = now() WHERE created_by = $1 AND revoked_at IS NULL RETURNING id)
     SELECT id FROM r`,
    [userId],
  );
  for (const { id } of revoked) await auditRevoke(ctx, id, reason);
  return revoked.length;
}

export { ApiKeyScope };
