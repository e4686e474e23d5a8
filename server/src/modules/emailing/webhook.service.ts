import { timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../app-deps';
import type { Ctx } from '../../common/context';
import { isUuid } from '../../common/ids';
import { TenantScope } from '../../db/tenant-scope';
import { ApiKeyScope } from '../api-key/api-key.entity';
import { UserRole } from '../user/user.entity';
import { type WebhookOutcome, applyWebhookEvents } from './apply';
import { EmailingConnectionEntity, EmailingProvider } from './emailing.entity';
import { connectionCredentials, webhookToken } from './emailing.service';
import { createAdapter } from './providers';

/** URL slugs of the providers (`/webhooks/emailing/<slug>/<connectionId>`). */
const SLUGS: Record<string, EmailingProvider> = {
  brevo: EmailingProvider.BREVO,
  mailjet: EmailingProvider.MAILJET,
  mailchimp: EmailingProvider.MAILCHIMP,
  sarbacane: EmailingProvider.SARBACANE,
  'smart-profile': EmailingProvider.SMART_PROFILE,
};

export type WebhookAnswer = { status: 404 | 401 } | { status: 200; outcome: WebhookOutcome | null };

export interface WebhookDelivery {
  providerSlug: string;
  connectionId: string;
  /** Every place a provider can carry our secret: `?token=`, a Bearer header (Brevo `auth`), Basic password (Mailjet). */
  tokens: string[];
  contentType: string;
  /** null for the GET some providers send to validate the address. */
  rawBody: string | null;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * One webhook delivery. No provider signs its payloads (see emailing-providers.md), so each
 * connection has a random secret token, shown once in settings as part of the webhook address.
 * An unknown connection, or one of another provider, is a plain 404.
 */
export async function receiveWebhook(deps: AppDeps, delivery: WebhookDelivery): Promise<WebhookAnswer> {
  const provider = SLUGS[delivery.providerSlug];
  if (!provider || !isUuid(delivery.connectionId)) return { status: 404 };
  const [found]: { workspace_id: string; provider: string }[] = await deps.dataSource.query(
    'SELECT * FROM emailing_connection_for_webhook($1)',
    [delivery.connectionId],
  );
  if (!found || found.provider !== provider) return { status: 404 };
  const ctx: Ctx = {
    actor: {
      workspaceId: found.workspace_id,
      userId: null,
      role: UserRole.ADMIN,
      apiKeyId: null,
      scope: ApiKeyScope.READ_WRITE,
      locale: 'fr',
    },
    scope: new TenantScope(deps.dataSource, found.workspace_id, null),
    deps,
  };
  try {
    const manager = await ctx.scope.manager();
    const connection = await manager.findOneBy(EmailingConnectionEntity, { id: delivery.connectionId });
    if (!connection) {
      await ctx.scope.finish(false);
      return { status: 404 };
    }
    const secret = webhookToken(ctx, connection);
    if (!delivery.tokens.some((t) => sameSecret(t, secret))) {
      await ctx.scope.finish(false);
      return { status: 401 };
    }
    if (delivery.rawBody === null) {
      await ctx.scope.finish(false);
      return { status: 200, outcome: null };
    }
    const adapter = createAdapter(deps.config, provider, connectionCredentials(ctx, connection));
    const events = adapter.parseWebhook({ contentType: delivery.contentType, rawBody: delivery.rawBody });
    const outcome = await applyWebhookEvents(ctx, connection, events);
    await ctx.scope.finish(true);
    return { status: 200, outcome };
  } catch (err) {
    await ctx.scope.finish(false);
    throw err;
  }
}
