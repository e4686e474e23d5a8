import { type Ctx, em } from '../../common/context';
import type { EmailingProvider } from './emailing.entity';

export interface EmailingFlags {
  emailBouncedAt: Date | null;
  emailingUnsubscribedAt: Date | null;
}

export interface HistoryRow {
  id: string;
  sentAt: Date | null;
  campaign: string;
  provider: EmailingProvider;
  opens: number;
  clicks: number;
  unsubscribed: boolean;
  npai: boolean;
}

/** Bounce and unsubscribe markers of several contacts in one statement (row-level security scopes it). */
export async function contactEmailingFlags(ctx: Ctx, ids: readonly string[]): Promise<EmailingFlags[]> {
  const rows: { id: string; email_bounced_at: Date | null; emailing_unsubscribed_at: Date | null }[] = await (
    await em(ctx)
  ).query('SELECT id, email_bounced_at, emailing_unsubscribed_at FROM contact WHERE id = ANY($1::uuid[])', [[...ids]]);
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => ({
    emailBouncedAt: map.get(id)?.email_bounced_at ?? null,
    emailingUnsubscribedAt: map.get(id)?.emailing_unsubscribed_at ?? null,
  }));
}

/**
 * Campaign history of several contacts, newest first. A contact's history is small (a few
 * campaigns a month), so the client filters and sorts it; the cap keeps a runaway one bounded.
 */
const MAX_PER_CONTACT = 2000;

export async function contactEmailingHistory(ctx: Ctx, ids: readonly string[]): Promise<HistoryRow[][]> {
  const rows: (HistoryRow & { contact_id: string })[] = await (
    await em(ctx)
  ).query(
    `SELECT * FROM (
       SELECT a.contact_id, a.id, c.sent_at AS "sentAt", c.name AS campaign, a.provider, a.opens, a.clicks,
              a.unsubscribed, a.hard_bounce AS npai,
              row_number() OVER (PARTITION BY a.contact_id ORDER BY c.sent_at DESC NULLS LAST, a.id) AS n
         FROM emailing_activity a JOIN emailing_campaign c ON c.id = a.campaign_id
        WHERE a.contact_id = ANY($1::uuid[])
     ) t WHERE n <= $2 ORDER BY contact_id, n`,
    [[...ids], MAX_PER_CONTACT],
  );
  const byContact = new Map<string, HistoryRow[]>();
  for (const { contact_id, ...row } of rows) {
    delete (row as { n?: unknown }).n;
    const list = byContact.get(contact_id);
    if (list) list.push(row);
    else byContact.set(contact_id, [row]);
  }
  return ids.map((id) => byContact.get(id) ?? []);
}
