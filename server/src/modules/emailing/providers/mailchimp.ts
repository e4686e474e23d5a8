import { createHash } from 'node:crypto';
import { EmailingProvider } from '../emailing.entity';
import type {
  Credentials,
  EmailingAdapter,
  ErasureOutcome,
  ProviderCampaign,
  RecipientActivity,
  WebhookEvent,
  WebhookRequest,
} from './adapter';
import { retryAfterMs, str, toDate } from './common';
import { ProviderError, ProviderHttp, basicAuth } from './http';

/**
 * Mailchimp Marketing API 3.0 (../shared/emailing-providers.md §3). Per campaign:
 * `/reports/{id}/unsubscribed`, then `/reports/{id}/email-activity` (opens, clicks, bounces
 * per recipient). Webhooks are audience events only (unsubscribe, cleaned), form-encoded.
 *
 * Assumptions: email-activity lists every recipient of the campaign, with an empty `activity`
 * for those who did nothing; the data center is the part of the API key after the last dash.
 */
const PAGE = 1000;

export function mailchimpDataCenter(apiKey: string): string | null {
  const dc = apiKey.split('-').pop() ?? '';
  return apiKey.includes('-') && /^[a-z]{2,4}\d{1,3}$/.test(dc) ? dc : null;
}

export class MailchimpAdapter implements EmailingAdapter {
  provider = EmailingProvider.MAILCHIMP;
  readonly http: ProviderHttp;

  constructor(baseUrlTemplate: string, credentials: Credentials, retryBaseMs: number) {
    this.http = new ProviderHttp({
      name: 'Mailchimp',
      baseUrl: baseUrlTemplate.replace('{dc}', mailchimpDataCenter(credentials.apiKey) ?? 'us1'),
      headers: { authorization: basicAuth('crm', credentials.apiKey) },
      retryBaseMs,
      // RFC 7807 problem+json {type, title, status, detail, instance}.
      errorReason: (res) => {
        const b = res.body as { title?: string; detail?: string } | null;
        return [b?.title, b?.detail].filter(Boolean).join(': ') || res.text.slice(0, 200);
      },
      // No rate-limit headers: a 429 means more than 10 concurrent connections; back off.
      waitHint: (h, status) => (status === 429 ? retryAfterMs(h) : null),
    });
  }

  async checkCredentials(): Promise<void> {
    await this.http.get('/ping');
  }

  async listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]> {
    const out: ProviderCampaign[] = [];
    for (let offset = 0; ;) {
      const page = await this.http.get<{ campaigns?: Record<string, unknown>[]; total_items?: number }>('/campaigns', {
        status: 'sent',
        since_send_time: since?.toISOString(),
        before_send_time: until.toISOString(),
        count: PAGE,
        offset,
        sort_field: 'send_time',
        sort_dir: 'ASC',
      });
      const rows = page.campaigns ?? [];
      for (const c of rows) {
        const settings = (c.settings ?? {}) as Record<string, unknown>;
        out.push({
          externalId: str(c.id),
          name: str(settings.title) || str(settings.subject_line) || `Mailchimp ${str(c.id)}`,
          sentAt: toDate(c.send_time),
        });
      }
      offset += rows.length;
      if (!rows.length || offset >= (page.total_items ?? 0)) break;
    }
    return out;
  }

  async *campaignRecipients(campaign: ProviderCampaign) {
    const id = encodeURIComponent(campaign.externalId);
    const unsubscribed = new Set<string>();
    for (let offset = 0; ;) {
      const page = await this.http.get<{ unsubscribes?: { email_address?: string }[]; total_items?: number }>(
        `/reports/${id}/unsubscribed`,
        { count: PAGE, offset },
      );
      const rows = page.unsubscribes ?? [];
      for (const u of rows) if (u.email_address) unsubscribed.add(u.email_address.toLowerCase());
      offset += rows.length;
      if (!rows.length || offset >= (page.total_items ?? 0)) break;
    }
    for (let offset = 0; ;) {
      type Activity = { action?: string; type?: string };
      const page = await this.http.get<{
        emails?: { email_address?: string; activity?: Activity[] }[];
        total_items?: number;
      }>(`/reports/${id}/email-activity`, { count: PAGE, offset });
      const rows = page.emails ?? [];
      const batch: RecipientActivity[] = rows
        .filter((r) => r.email_address)
        .map((r) => {
          const acts = r.activity ?? [];
          return {
            email: r.email_address!,
            campaignExternalId: campaign.externalId,
            opens: acts.filter((a) => a.action === 'open').length,
            clicks: acts.filter((a) => a.action === 'click').length,
            unsubscribed: unsubscribed.has(r.email_address!.toLowerCase()),
            hardBounce: acts.some((a) => a.action === 'bounce' && a.type === 'hard'),
          };
        });
      yield batch;
      offset += rows.length;
      if (!rows.length || offset >= (page.total_items ?? 0)) break;
    }
  }

  /**
   * A member belongs to an audience (list): every audience is read (`GET /lists`, `count`/`offset`)
   * and the member permanently deleted from each with
   * `POST /lists/{list_id}/members/{subscriber_hash}/actions/delete-permanent` (204; 404 when not a
   * member of that audience). `DELETE /lists/{id}/members/{hash}` only archives, which keeps the
   * person's data: not an erasure [doc: mailchimp-marketing-node `ListsApi.deleteListMemberPermanent`,
   * `ListsApi.deleteListMember`, `ListsApi.getAllLists`].
   */
  async eraseContact(email: string): Promise<ErasureOutcome> {
    const hash = createHash('md5').update(email.toLowerCase()).digest('hex');
    const lists: string[] = [];
    for (let offset = 0; ;) {
      const page = await this.http.get<{ lists?: { id?: string }[]; total_items?: number }>('/lists', {
        count: PAGE,
        offset,
        fields: 'lists.id,total_items',
      });
      const rows = page.lists ?? [];
      lists.push(...rows.map((l) => str(l.id)).filter(Boolean));
      offset += rows.length;
      if (!rows.length || offset >= (page.total_items ?? 0)) break;
    }
    let outcome: ErasureOutcome = 'absent';
    for (const list of lists) {
      try {
        await this.http.send('POST', `/lists/${encodeURIComponent(list)}/members/${hash}/actions/delete-permanent`);
        outcome = 'deleted';
      } catch (err) {
        if (!(err instanceof ProviderError && err.kind === 'not_found')) throw err;
      }
    }
    return outcome;
  }

  parseWebhook(req: WebhookRequest): WebhookEvent[] {
    // application/x-www-form-urlencoded: type, fired_at, data[email], data[campaign_id]...
    const form = new URLSearchParams(req.rawBody);
    const kind = form.get('type');
    const email = form.get('data[email]');
    if (!email) return [];
    let type: WebhookEvent['type'] | null = null;
    if (kind === 'unsubscribe') type = 'unsubscribe';
    // "cleaned" with reason "hard" is the hard bounce; "abuse" is a complaint, not NPAI.
    if (kind === 'cleaned' && form.get('data[reason]') === 'hard') type = 'hardBounce';
    if (!type) return [];
    const campaign = form.get('data[campaign_id]') || null;
    return [
      {
        key: ['mailchimp', kind, email.toLowerCase(), campaign ?? '', form.get('fired_at') ?? ''].join('|'),
        type,
        email,
        campaignExternalId: campaign,
        campaignName: null,
        sentAt: null,
      },
    ];
  }
}
