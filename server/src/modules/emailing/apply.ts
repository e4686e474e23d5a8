import type { EntityManager } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { recordAudit } from '../audit/audit.service';
import { recordConsent } from '../consent/consent.service';
import type { EmailingConnectionEntity } from './emailing.entity';
import type { ProviderCampaign, RecipientActivity, WebhookEvent } from './providers/adapter';

/**
 * Writing provider results, shared by the sync job and the webhooks. Every write is keyed
 * (campaign per connection + provider id, activity per contact + campaign) and only moves
 * forward (counts never go down, flags never clear), so applying the same data twice changes
 * nothing. A contact's opt-in is withdrawn, and its address marked bouncing, only on the
 * first time an unsubscribe or hard bounce is learnt, so a later opt-in by a user stands.
 */

export interface ApplyCounts {
  recipients: number;
  matched: number;
  unmatched: number;
  changed: number;
  unsubscribes: number;
  bounces: number;
}

export const emptyCounts = (): ApplyCounts => ({
  recipients: 0,
  matched: 0,
  unmatched: 0,
  changed: 0,
  unsubscribes: 0,
  bounces: 0,
});

export function addCounts(into: Record<string, number>, more: Partial<Record<string, number>>): void {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + (v ?? 0);
}

/** The source written in consent history: the provider's name (brevo, mailjet, smart_profile...). */
export const consentSource = (provider: string) => provider.toLowerCase();

/** Serialises the sync and webhooks of one connection: both read then write the same rows. */
export async function lockConnection(manager: EntityManager, connectionId: string): Promise<void> {
  await manager.query('SELECT id FROM emailing_connection WHERE id = $1 FOR UPDATE', [connectionId]);
}

/** Creates or renames campaigns; returns their ids by provider id. */
export async function upsertCampaigns(
  ctx: Ctx,
  connection: EmailingConnectionEntity,
  campaigns: ProviderCampaign[],
): Promise<Map<string, string>> {
  if (!campaigns.length) return new Map();
  // One row per id: an INSERT ... ON CONFLICT cannot update the same row twice.
  campaigns = [...new Map(campaigns.map((c) => [c.externalId, c])).values()];
  const rows: { id: string; external_id: string }[] = await (
    await em(ctx)
  ).query(
    `INSERT INTO emailing_campaign (workspace_id, connection_id, provider, external_id, name, sent_at)
     SELECT $1, $2, $3, t.external_id, t.name, t.sent_at
       FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS t(external_id, name, sent_at)
     ON CONFLICT (connection_id, external_id) DO UPDATE
       SET name = EXCLUDED.name, sent_at = COALESCE(EXCLUDED.sent_at, emailing_campaign.sent_at)
     RETURNING id, external_id`,
    [
      connection.workspaceId,
      connection.id,
      connection.provider,
      campaigns.map((c) => c.externalId),
      campaigns.map((c) => c.name),
      campaigns.map((c) => c.sentAt?.toISOString() ?? null),
    ],
  );
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/** A campaign met only through a webhook: created with a provisional name the next sync replaces. */
async function ensureCampaign(
  manager: EntityManager,
  connection: EmailingConnectionEntity,
  event: WebhookEvent,
): Promise<string> {
  await manager.query(
    `INSERT INTO emailing_campaign (workspace_id, connection_id, provider, external_id, name, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (connection_id, external_id) DO NOTHING`,
    [
      connection.workspaceId,
      connection.id,
      connection.provider,
      event.campaignExternalId,
      event.campaignName ?? `#${event.campaignExternalId}`,
      event.sentAt?.toISOString() ?? null,
    ],
  );
  const [row] = await manager.query('SELECT id FROM emailing_campaign WHERE connection_id = $1 AND external_id = $2', [
    connection.id,
    event.campaignExternalId,
  ]);
  return row.id;
}

interface ContactRow {
  id: string;
  email: string;
  opt_in: boolean;
}

/**
 * Live contacts whose address is one of $1 (lowercased). email::text, not citext: citext
 * equality is not leakproof, so under row-level security no index could serve it and every
 * contact of the workspace would be compared. Stored e-mails are lowercase (normalizeEmail),
 * so comparing the lowercased addresses as text matches exactly what citext matched;
 * contact_email_text_idx serves it. Exported for the plan test.
 */
export const CONTACTS_BY_EMAIL_SQL = `SELECT id, lower(email::text) AS email, opt_in FROM contact
  WHERE email IS NOT NULL AND email::text = ANY($1::text[]) AND deleted_at IS NULL`;

/** Live contacts by lowercased email (one address can belong to several contacts). */
async function contactsByEmail(manager: EntityManager, emails: string[]): Promise<Map<string, ContactRow[]>> {
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  const map = new Map<string, ContactRow[]>();
  if (!unique.length) return map;
  const rows: ContactRow[] = await manager.query(CONTACTS_BY_EMAIL_SQL, [unique]);
  for (const r of rows) map.set(r.email, [...(map.get(r.email) ?? []), r]);
  return map;
}

interface ActivityRow {
  campaignId: string;
  contactId: string;
  opens: number;
  clicks: number;
  unsubscribed: boolean;
  hardBounce: boolean;
}

/**
 * Upserts activity rows. `absolute` (sync): counts are the provider's totals, kept when higher;
 * `increment` (webhook): counts are added. Returns the rows whose flags were newly set.
 */
async function upsertActivities(
  ctx: Ctx,
  connection: EmailingConnectionEntity,
  rows: ActivityRow[],
  mode: 'absolute' | 'increment',
): Promise<{ changed: number; newlyUnsubscribed: string[]; newlyBounced: string[] }> {
  if (!rows.length) return { changed: 0, newlyUnsubscribed: [], newlyBounced: [] };
  const manager = await em(ctx);
  const combine = (col: string) =>
    mode === 'absolute'
      ? `GREATEST(emailing_activity.${col}, EXCLUDED.${col})`
      : `emailing_activity.${col} + EXCLUDED.${col}`;
  // `before` is read in the same statement (a snapshot from before the upsert) to tell new flags.
  const result: { contact_id: string; unsub_new: boolean; bounce_new: boolean }[] = await manager.query(
    `WITH input AS (
       SELECT * FROM unnest($3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::bool[], $8::bool[])
         AS t(campaign_id, contact_id, opens, clicks, unsubscribed, hard_bounce)
     ), before AS (
       SELECT a.campaign_id, a.contact_id, a.unsubscribed, a.hard_bounce
         FROM emailing_activity a JOIN input i USING (campaign_id, contact_id)
     ), upserted AS (
       INSERT INTO emailing_activity (workspace_id, campaign_id, contact_id, provider, opens, clicks, unsubscribed, hard_bounce)
       SELECT $1, campaign_id, contact_id, $2, opens, clicks, unsubscribed, hard_bounce FROM input
       ON CONFLICT (contact_id, campaign_id) DO UPDATE SET
         opens = ${combine('opens')},
         clicks = ${combine('clicks')},
         unsubscribed = emailing_activity.unsubscribed OR EXCLUDED.unsubscribed,
         hard_bounce = emailing_activity.hard_bounce OR EXCLUDED.hard_bounce,
         updated_at = now()
       WHERE (emailing_activity.opens, emailing_activity.clicks, emailing_activity.unsubscribed, emailing_activity.hard_bounce)
         IS DISTINCT FROM (${combine('opens')}, ${combine('clicks')},
           emailing_activity.unsubscribed OR EXCLUDED.unsubscribed, emailing_activity.hard_bounce OR EXCLUDED.hard_bounce)
       RETURNING campaign_id, contact_id, unsubscribed, hard_bounce
     )
     SELECT u.contact_id,
            u.unsubscribed AND NOT coalesce(b.unsubscribed, false) AS unsub_new,
            u.hard_bounce AND NOT coalesce(b.hard_bounce, false) AS bounce_new
       FROM upserted u LEFT JOIN before b USING (campaign_id, contact_id)`,
    [
      connection.workspaceId,
      connection.provider,
      rows.map((r) => r.campaignId),
      rows.map((r) => r.contactId),
      rows.map((r) => r.opens),
      rows.map((r) => r.clicks),
      rows.map((r) => r.unsubscribed),
      rows.map((r) => r.hardBounce),
    ],
  );
  return {
    changed: result.length,
    newlyUnsubscribed: [...new Set(result.filter((r) => r.unsub_new).map((r) => r.contact_id))],
    newlyBounced: [...new Set(result.filter((r) => r.bounce_new).map((r) => r.contact_id))],
  };
}

/** First unsubscribe learnt for these contacts: withdraw the opt-in, with the provider as source. */
async function markUnsubscribed(ctx: Ctx, connection: EmailingConnectionEntity, contactIds: string[]): Promise<number> {
  if (!contactIds.length) return 0;
  const manager = await em(ctx);
  const source = consentSource(connection.provider);
  const before: { id: string; opt_in: boolean }[] = await manager.query(
    'SELECT id, opt_in FROM contact WHERE id = ANY($1::uuid[]) FOR UPDATE',
    [contactIds],
  );
  await manager.query(
    `UPDATE contact SET emailing_unsubscribed_at = coalesce(emailing_unsubscribed_at, now()),
        opt_in = false,
        opt_in_at = CASE WHEN opt_in THEN now() ELSE opt_in_at END,
        opt_in_source = CASE WHEN opt_in THEN $2 ELSE opt_in_source END
      WHERE id = ANY($1::uuid[])`,
    [contactIds, source],
  );
  for (const c of before) {
    if (!c.opt_in) continue;
    await recordConsent(ctx, 'Contact', c.id, false, source);
    await recordAudit(ctx, {
      entityType: 'Contact',
      entityId: c.id,
      action: 'update',
      before: { optIn: true },
      after: { optIn: false },
      fields: ['optIn'],
    });
  }
  return before.length;
}

/** First hard bounce learnt: the address is marked bouncing (NPAI). */
async function markBounced(ctx: Ctx, contactIds: string[]): Promise<number> {
  if (!contactIds.length) return 0;
  const rows: { id: string }[] = await (
    await em(ctx)
  ).query(
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare UPDATE.
    `WITH u AS (UPDATE contact SET email_bounced_at = now()
       WHERE id = ANY($1::uuid[]) AND email_bounced_at IS NULL RETURNING id) SELECT id FROM u`,
    [contactIds],
  );
  for (const r of rows)
    await recordAudit(ctx, {
      entityType: 'Contact',
      entityId: r.id,
      action: 'update',
      before: { emailBouncing: false },
      after: { emailBouncing: true },
      fields: ['emailBouncing'],
    });
  return rows.length;
}

/** Applies one batch of a sync: recipients of campaigns already upserted (`campaignIds`). */
export async function applyRecipients(
  ctx: Ctx,
  connection: EmailingConnectionEntity,
  campaignIds: Map<string, string>,
  recipients: RecipientActivity[],
): Promise<ApplyCounts> {
  const counts = emptyCounts();
  counts.recipients = recipients.length;
  const manager = await em(ctx);
  await lockConnection(manager, connection.id);
  const contacts = await contactsByEmail(
    manager,
    recipients.map((r) => r.email),
  );
  // One row per contact and campaign even if the provider repeats a recipient.
  const rows = new Map<string, ActivityRow>();
  for (const r of recipients) {
    const campaignId = campaignIds.get(r.campaignExternalId);
    const matches = contacts.get(r.email.toLowerCase()) ?? [];
    if (!campaignId || !matches.length) {
      counts.unmatched++;
      continue;
    }
    counts.matched++;
    for (const c of matches) {
      const key = `${c.id}|${campaignId}`;
      const prev = rows.get(key);
      rows.set(key, {
        campaignId,
        contactId: c.id,
        opens: Math.max(prev?.opens ?? 0, r.opens),
        clicks: Math.max(prev?.clicks ?? 0, r.clicks),
        unsubscribed: (prev?.unsubscribed ?? false) || r.unsubscribed,
        hardBounce: (prev?.hardBounce ?? false) || r.hardBounce,
      });
    }
  }
  const result = await upsertActivities(ctx, connection, [...rows.values()], 'absolute');
  counts.changed = result.changed;
  counts.unsubscribes = await markUnsubscribed(ctx, connection, result.newlyUnsubscribed);
  counts.bounces = await markBounced(ctx, result.newlyBounced);
  return counts;
}

/** An unsubscribe tied to no campaign (e.g. by an admin at the provider), for these emails. */
export async function applyUnsubscribedOutsideCampaign(
  ctx: Ctx,
  connection: EmailingConnectionEntity,
  emails: string[],
): Promise<number> {
  const manager = await em(ctx);
  const contacts = [...(await contactsByEmail(manager, emails)).values()].flat();
  const ids: { id: string }[] = contacts.length
    ? await manager.query('SELECT id FROM contact WHERE id = ANY($1::uuid[]) AND emailing_unsubscribed_at IS NULL', [
        contacts.map((c) => c.id),
      ])
    : [];
  return markUnsubscribed(
    ctx,
    connection,
    ids.map((r) => r.id),
  );
}

export interface WebhookOutcome {
  received: number;
  applied: number;
  duplicates: number;
}

/** Applies webhook events once each: the event key is recorded in the same transaction. */
export async function applyWebhookEvents(
  ctx: Ctx,
  connection: EmailingConnectionEntity,
  events: WebhookEvent[],
): Promise<WebhookOutcome> {
  const outcome: WebhookOutcome = { received: events.length, applied: 0, duplicates: 0 };
  const manager = await em(ctx);
  await lockConnection(manager, connection.id);
  for (const event of events) {
    const fresh: unknown[] = await manager.query(
      `INSERT INTO emailing_webhook_event (workspace_id, connection_id, event_key) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING event_key`,
      [connection.workspaceId, connection.id, event.key.slice(0, 1000)],
    );
    if (!fresh.length) {
      outcome.duplicates++;
      continue;
    }
    outcome.applied++;
    const contacts = (await contactsByEmail(manager, [event.email])).get(event.email.toLowerCase()) ?? [];
    if (!contacts.length) continue;
    if (!event.campaignExternalId) {
      if (event.type === 'unsubscribe') await applyUnsubscribedOutsideCampaign(ctx, connection, [event.email]);
      if (event.type === 'hardBounce')
        await markBounced(
          ctx,
          contacts.map((c) => c.id),
        );
      continue;
    }
    const campaignId = await ensureCampaign(manager, connection, event);
    const result = await upsertActivities(
      ctx,
      connection,
      contacts.map((c) => ({
        campaignId,
        contactId: c.id,
        opens: event.type === 'open' ? 1 : 0,
        clicks: event.type === 'click' ? 1 : 0,
        unsubscribed: event.type === 'unsubscribe',
        hardBounce: event.type === 'hardBounce',
      })),
      'increment',
    );
    await markUnsubscribed(ctx, connection, result.newlyUnsubscribed);
    await markBounced(ctx, result.newlyBounced);
  }
  return outcome;
}
