import { randomBytes } from 'node:crypto';
import { type Actor, requireAdmin, requireSession, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, badField, notFound } from '../../common/errors';
import type { MessageKey } from '../../common/i18n';
import { checkId } from '../../common/ids';
import { removeSchedule, unfinishedJob, upsertSchedule } from '../../jobs/schedule';
import { recordAudit } from '../audit/audit.service';
import type { JobEntity } from '../job/job.entity';
import { startJob } from '../job/job.service';
import { ConnectionStatus, EmailingConnectionEntity, EmailingProvider } from './emailing.entity';
import type { Credentials } from './providers/adapter';
import { ProviderError, type ProviderErrorKind } from './providers/http';
import { CREDENTIAL_FIELDS, createAdapter, providerBaseUrl } from './providers';
import { mailchimpDataCenter } from './providers/mailchimp';
import { decryptSecret, encryptSecret } from './secrets';

export const SYNC_JOB_KIND = 'emailing.sync';
export const SYNC_JOB_OPTIONS = { attempts: 2, backoffMs: 3_000 };

export const scheduleId = (connectionId: string) => `emailing-sync:${connectionId}`;
const AUDITED = ['provider', 'label', 'syncIntervalMinutes', 'credentialsChanged'];

export interface ConnectionInput {
  provider?: EmailingProvider;
  label?: string | null;
  syncIntervalMinutes?: number | null;
  credentials?: Credentials | null;
}

/**
 * A connection holds a provider's credentials and the webhook's token (an inbound credential):
 * for admins in a session, never an API key.
 */
function requireConnectionAdmin(actor: Actor): void {
  requireAdmin(actor);
  requireSession(actor, 'emailing.sessionRequired');
}

export async function listConnections(ctx: Ctx): Promise<EmailingConnectionEntity[]> {
  requireConnectionAdmin(ctx.actor);
  return (await em(ctx)).find(EmailingConnectionEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
}

export async function getConnection(ctx: Ctx, id: string): Promise<EmailingConnectionEntity> {
  requireConnectionAdmin(ctx.actor);
  const row = await (await em(ctx)).findOneBy(EmailingConnectionEntity, { id: checkId(id, 'EmailingConnection') });
  if (!row) throw notFound('EmailingConnection');
  return row;
}

export function connectionCredentials(ctx: Ctx, c: EmailingConnectionEntity): Credentials {
  return JSON.parse(decryptSecret(ctx.deps.config, c.credentialsEnc)) as Credentials;
}

export function webhookToken(ctx: Pick<Ctx, 'deps'>, c: EmailingConnectionEntity): string {
  return decryptSecret(ctx.deps.config, c.webhookTokenEnc);
}

/** The path the provider posts to (the admin pastes it, with the host, in the provider's settings). */
export function webhookPath(ctx: Ctx, c: EmailingConnectionEntity): string {
  const slug = c.provider.toLowerCase().replace('_', '-');
  return `/webhooks/emailing/${slug}/${c.id}?token=${webhookToken(ctx, c)}`;
}

function checkInput(ctx: Ctx, provider: EmailingProvider, input: ConnectionInput, creating: boolean): void {
  const errors = new FieldErrors();
  if (creating || input.label !== undefined) {
    const label = input.label?.trim() ?? '';
    if (!label) errors.add(['input', 'label'], 'emailing.labelRequired');
    else if (label.length > 100) errors.add(['input', 'label'], 'emailing.labelTooLong');
  }
  if (input.syncIntervalMinutes !== undefined && input.syncIntervalMinutes !== null) {
    const n = input.syncIntervalMinutes;
    if (!Number.isInteger(n) || n < 5 || n > 10080) errors.add(['input', 'syncIntervalMinutes'], 'emailing.interval');
  }
  if (creating && !providerBaseUrl(ctx.deps.config, provider))
    errors.add(['input', 'provider'], 'emailing.providerNotConfigured');
  if (creating || input.credentials) {
    for (const field of CREDENTIAL_FIELDS[provider]) {
      const v = input.credentials?.[field]?.trim() ?? '';
      if (!v) errors.add(['input', field], 'emailing.credentialRequired');
      else if (v.length > 500) errors.add(['input', field], 'emailing.credentialTooLong');
    }
    const key = input.credentials?.apiKey?.trim();
    if (provider === EmailingProvider.MAILCHIMP && key && !mailchimpDataCenter(key))
      errors.add(['input', 'apiKey'], 'emailing.mailchimpKeyFormat');
  }
  errors.throwIfAny();
}

/** Only the provider's fields, trimmed: nothing else is stored. */
function cleanCredentials(provider: EmailingProvider, credentials: Credentials): Credentials {
  return Object.fromEntries(CREDENTIAL_FIELDS[provider].map((f) => [f, credentials[f].trim()]));
}

/**
 * One call to the provider; bad credentials become a field error naming the credentials (the
 * provider's last credential field, or on an update the last one the admin typed).
 */
async function verifyCredentials(
  ctx: Ctx,
  provider: EmailingProvider,
  credentials: Credentials,
  keyField = CREDENTIAL_FIELDS[provider].at(-1)!,
): Promise<void> {
  try {
    await createAdapter(ctx.deps.config, provider, credentials).checkCredentials();
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    throw providerFailure(err, keyField);
  }
}

/**
 * The credential fields of the provider an update typed (non-blank): the others keep their
 * stored value, since the API never returns them and the edit form leaves them empty.
 */
function typedCredentials(provider: EmailingProvider, credentials: Credentials | null | undefined): Credentials {
  return Object.fromEntries(
    CREDENTIAL_FIELDS[provider].filter((f) => credentials?.[f]?.trim()).map((f) => [f, credentials![f]]),
  );
}

/** Credential fields naming the account itself (not a secret): they are shown, and cannot change. */
const ACCOUNT_FIELDS = ['accountId'];

/** The account identifier a connection shows (Sarbacane's accountId), never a secret. */
export function connectionAccountId(ctx: Ctx, c: EmailingConnectionEntity): string | null {
  if (!CREDENTIAL_FIELDS[c.provider].includes('accountId')) return null;
  return connectionCredentials(ctx, c).accountId ?? null;
}

/**
 * A provider's refusal or silence while connecting, in words for the admin: rejected
 * credentials are a problem of the key field; the rest (our server cannot reach the provider,
 * no answer in time, the provider failing or limiting) is no fault of the form's fields and
 * is a form-level error (no field path), so the provider select is not marked wrong, with the
 * code PROVIDER_UNAVAILABLE: a client may retry it later, which it must not do with bad input.
 * An answer we did not expect stays BAD_USER_INPUT (often a list or account the form names).
 */
export function providerFailure(err: ProviderError, keyField: string): AppError {
  const provider = err.provider ?? '?';
  const status = err.status ?? '';
  if (err.kind === 'auth') return badField(['input', keyField], 'emailing.credentialsRejected', { provider, status });
  const unavailable: Partial<Record<ProviderErrorKind, MessageKey>> = {
    network: 'emailing.providerUnreachable',
    timeout: 'emailing.providerTimeout',
    server: 'emailing.providerFailing',
    rate_limited: 'emailing.providerRateLimited',
  };
  const key = unavailable[err.kind];
  if (key) return new AppError(ErrorCode.PROVIDER_UNAVAILABLE, key, { provider, status });
  return new AppError(ErrorCode.BAD_USER_INPUT, 'emailing.providerUnexpected', { provider, status });
}

function schedule(ctx: Ctx, c: EmailingConnectionEntity): void {
  ctx.scope.afterCommit(async () => {
    try {
      await upsertSchedule(ctx.deps, scheduleId(c.id), c.syncIntervalMinutes * 60_000, c.workspaceId, SYNC_JOB_KIND, {
        connectionId: c.id,
      });
    } catch (err) {
      ctx.deps.logger.warn({ err, connectionId: c.id }, 'emailing sync schedule not saved');
    }
  });
}

export async function createConnection(ctx: Ctx, input: ConnectionInput): Promise<EmailingConnectionEntity> {
  requireConnectionAdmin(ctx.actor);
  requireWrite(ctx.actor);
  if (!input.provider) throw badField(['input', 'provider'], 'field.required');
  const provider = input.provider;
  checkInput(ctx, provider, input, true);
  const credentials = cleanCredentials(provider, input.credentials!);
  await verifyCredentials(ctx, provider, credentials);
  const cfg = ctx.deps.config;
  const manager = await em(ctx);
  const saved = await manager.save(EmailingConnectionEntity, {
    workspaceId: ctx.actor.workspaceId,
    provider,
    label: input.label!.trim(),
    credentialsEnc: encryptSecret(cfg, JSON.stringify(credentials)),
    webhookTokenEnc: encryptSecret(cfg, randomBytes(24).toString('base64url')),
    status: ConnectionStatus.OK,
    lastError: null,
    lastCheckedAt: new Date(),
    syncIntervalMinutes: input.syncIntervalMinutes ?? cfg.EMAILING_SYNC_INTERVAL_MINUTES,
    lastSyncAt: null,
    syncState: null,
    createdBy: ctx.actor.userId,
  });
  await recordAudit(ctx, {
    entityType: 'EmailingConnection',
    entityId: saved.id,
    action: 'create',
    after: { provider, label: saved.label, syncIntervalMinutes: saved.syncIntervalMinutes },
    fields: AUDITED,
  });
  schedule(ctx, saved);
  return saved;
}

/**
 * Changes a connection's name, sync interval or keys. Keys left out (or blank) keep their
 * stored value; the ones typed are checked with the provider together with the stored ones.
 * The provider and the account cannot change: the campaigns already read are stored under
 * this connection by the provider's campaign ids, and another account's would mix with them
 * (or the contacts' history would be orphaned): that is another connection.
 */
export async function updateConnection(
  ctx: Ctx,
  id: string,
  input: ConnectionInput,
): Promise<EmailingConnectionEntity> {
  requireWrite(ctx.actor);
  const current = await getConnection(ctx, id);
  if (input.provider && input.provider !== current.provider)
    throw badField(['input', 'provider'], 'emailing.providerLocked');
  const stored = connectionCredentials(ctx, current);
  const typed = typedCredentials(current.provider, input.credentials);
  for (const field of ACCOUNT_FIELDS)
    if (typed[field] !== undefined && typed[field].trim() !== stored[field])
      throw badField(['input', field], 'emailing.accountLocked');
  const changedKeys = Object.keys(typed).filter((f) => typed[f].trim() !== stored[f]);
  const merged = changedKeys.length ? { ...stored, ...typed } : null;
  checkInput(ctx, current.provider, { ...input, credentials: merged }, false);
  const patch: Partial<EmailingConnectionEntity> = {};
  if (input.label !== undefined && input.label !== null) patch.label = input.label.trim();
  if (input.syncIntervalMinutes) patch.syncIntervalMinutes = input.syncIntervalMinutes;
  if (merged) {
    const credentials = cleanCredentials(current.provider, merged);
    await verifyCredentials(ctx, current.provider, credentials, changedKeys.at(-1));
    Object.assign(patch, {
      credentialsEnc: encryptSecret(ctx.deps.config, JSON.stringify(credentials)),
      status: ConnectionStatus.OK,
      lastError: null,
      lastCheckedAt: new Date(),
    });
  }
  const manager = await em(ctx);
  if (Object.keys(patch).length) await manager.update(EmailingConnectionEntity, { id: current.id }, patch);
  const updated = await getConnection(ctx, id);
  await recordAudit(ctx, {
    entityType: 'EmailingConnection',
    entityId: id,
    action: 'update',
    before: { label: current.label, syncIntervalMinutes: current.syncIntervalMinutes, credentialsChanged: false },
    after: {
      label: updated.label,
      syncIntervalMinutes: updated.syncIntervalMinutes,
      credentialsChanged: !!merged,
    },
    fields: AUDITED,
  });
  if (updated.syncIntervalMinutes !== current.syncIntervalMinutes) schedule(ctx, updated);
  return updated;
}

/** Checks the stored credentials again and records the outcome on the connection. */
export async function testConnection(ctx: Ctx, id: string): Promise<EmailingConnectionEntity> {
  const c = await getConnection(ctx, id);
  let failure: string | null = null;
  try {
    await createAdapter(ctx.deps.config, c.provider, connectionCredentials(ctx, c)).checkCredentials();
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    failure = err.reason;
  }
  await (
    await em(ctx)
  ).update(
    EmailingConnectionEntity,
    { id: c.id },
    { status: failure ? ConnectionStatus.ERROR : ConnectionStatus.OK, lastError: failure, lastCheckedAt: new Date() },
  );
  return getConnection(ctx, id);
}

/** Removes the connection and its schedule; the contacts' campaign history stays. */
export async function deleteConnection(ctx: Ctx, id: string): Promise<EmailingConnectionEntity> {
  requireWrite(ctx.actor);
  const c = await getConnection(ctx, id);
  await (await em(ctx)).delete(EmailingConnectionEntity, { id: c.id });
  await recordAudit(ctx, {
    entityType: 'EmailingConnection',
    entityId: c.id,
    action: 'delete',
    before: { provider: c.provider, label: c.label, syncIntervalMinutes: c.syncIntervalMinutes },
    fields: AUDITED,
  });
  ctx.scope.afterCommit(async () => {
    try {
      await removeSchedule(ctx.deps, scheduleId(c.id));
    } catch (err) {
      ctx.deps.logger.warn({ err, connectionId: c.id }, 'emailing sync schedule not removed');
    }
  });
  return c;
}

/** "Sync now": a sync job, or the one already queued or running for this connection. */
export async function syncConnection(ctx: Ctx, id: string): Promise<JobEntity> {
  requireWrite(ctx.actor);
  const c = await getConnection(ctx, id);
  const params = { connectionId: c.id };
  return (await unfinishedJob(ctx, SYNC_JOB_KIND, params)) ?? startJob(ctx, SYNC_JOB_KIND, params, SYNC_JOB_OPTIONS);
}
