import { EmailingProvider } from '../emailing.entity';
import type {
  ContactActivity,
  Credentials,
  EmailingAdapter,
  ErasureOutcome,
  ProviderCampaign,
  RecipientActivity,
  WebhookEvent,
  WebhookRequest,
} from './adapter';
import { asArray, jsonBody, messageField, num, str, toDate } from './common';
import { ProviderError, ProviderHttp } from './http';

/**
 * Brevo API v3 (../shared/emailing-providers.md §1). Per-contact path: one call per contact
 * (`/contacts/{email}/campaignStats`) gives every campaign's opens, clicks, unsubscribe and
 * hard bounce; `/emailCampaigns` gives names and send dates.
 *
 * Assumptions (unconfirmed by the docs, kept here): campaignStats rejects windows over 90
 * days, so the window is clipped to 90 days; webhook `event` values vary between doc copies
 * (`hard_bounce`/`hard_bounced`, `unsubscribe`/`unsubscribed`), all are accepted.
 */
const PAGE = 100;
const WINDOW_DAYS = 90;

const day = (d: Date) => d.toISOString().slice(0, 10);

export class BrevoAdapter implements EmailingAdapter {
  provider = EmailingProvider.BREVO;
  readonly http: ProviderHttp;

  constructor(baseUrl: string, credentials: Credentials, retryBaseMs: number) {
    this.http = new ProviderHttp({
      name: 'Brevo',
      baseUrl,
      headers: { 'api-key': credentials.apiKey },
      retryBaseMs,
      // Error body {code, message}.
      errorReason: (res) => {
        const b = res.body as { code?: string; message?: string } | null;
        return b?.message ? `${b.message}${b.code ? ` (${b.code})` : ''}` : messageField(res);
      },
      // x-sib-ratelimit-reset is in seconds; it matters on a 429 or when nothing remains.
      waitHint: (h, status) => {
        const reset = Number(h.get('x-sib-ratelimit-reset'));
        if (!Number.isFinite(reset) || h.get('x-sib-ratelimit-reset') === null) return null;
        if (status === 429 || h.get('x-sib-ratelimit-remaining') === '0') return Math.max(reset, 0) * 1000;
        return null;
      },
    });
  }

  async checkCredentials(): Promise<void> {
    await this.http.get('/account');
  }

  private toCampaign(c: Record<string, unknown>): ProviderCampaign {
    return { externalId: str(c.id), name: str(c.name) || str(c.subject), sentAt: toDate(c.sentDate) };
  }

  async listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]> {
    const out: ProviderCampaign[] = [];
    for (let offset = 0; ;) {
      const page = await this.http.get<{ campaigns?: Record<string, unknown>[]; count?: number }>('/emailCampaigns', {
        type: 'classic',
        status: 'sent',
        // Both dates or none (documented).
        startDate: since ? since.toISOString() : undefined,
        endDate: since ? until.toISOString() : undefined,
        limit: PAGE,
        offset,
        sort: 'asc',
        excludeHtmlContent: 'true',
      });
      const items = page.campaigns ?? [];
      out.push(...items.map((c) => this.toCampaign(c)));
      // Follow `count`, not the page size: the server may send fewer than asked.
      offset += items.length;
      if (!items.length || offset >= (page.count ?? 0)) break;
    }
    return out;
  }

  async getCampaign(externalId: string): Promise<ProviderCampaign | null> {
    try {
      return this.toCampaign(await this.http.get(`/emailCampaigns/${encodeURIComponent(externalId)}`));
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  async contactActivity(email: string, since: Date | null, until: Date): Promise<ContactActivity | null> {
    const earliest = new Date(until.getTime() - (WINDOW_DAYS - 1) * 86_400_000);
    const start = since && since > earliest ? since : earliest;
    type Event = { campaignId?: number; eventTime?: string; count?: number };
    let stats: {
      messagesSent?: Event[];
      opened?: Event[];
      clicked?: { campaignId?: number; links?: { count?: number }[] }[];
      hardBounces?: Event[];
      unsubscriptions?: { userUnsubscription?: Event[]; adminUnsubscription?: Event[] };
    };
    try {
      stats = await this.http.get(`/contacts/${encodeURIComponent(email)}/campaignStats`, {
        startDate: day(start),
        endDate: day(until),
      });
    } catch (err) {
      // Not a Brevo contact: nothing was sent to this address.
      if (err instanceof ProviderError && err.kind === 'not_found') return null;
      throw err;
    }
    const byCampaign = new Map<string, RecipientActivity>();
    const row = (id: unknown) => {
      const key = str(id);
      let r = byCampaign.get(key);
      if (!r) {
        r = { email, campaignExternalId: key, opens: 0, clicks: 0, unsubscribed: false, hardBounce: false };
        byCampaign.set(key, r);
      }
      return r;
    };
    for (const e of stats.messagesSent ?? []) if (e.campaignId !== undefined) row(e.campaignId);
    for (const e of stats.opened ?? []) if (e.campaignId !== undefined) row(e.campaignId).opens += num(e.count);
    for (const e of stats.clicked ?? [])
      if (e.campaignId !== undefined) row(e.campaignId).clicks += (e.links ?? []).reduce((n, l) => n + num(l.count), 0);
    for (const e of stats.hardBounces ?? []) if (e.campaignId !== undefined) row(e.campaignId).hardBounce = true;
    for (const e of stats.unsubscriptions?.userUnsubscription ?? [])
      if (e.campaignId !== undefined) row(e.campaignId).unsubscribed = true;
    return {
      activities: [...byCampaign.values()],
      unsubscribedOutsideCampaign: (stats.unsubscriptions?.adminUnsubscription ?? []).length > 0,
    };
  }

  /**
   * `DELETE /contacts/{identifier}` (the URL-encoded e-mail): 204 when deleted, 404
   * `document_not_found` when Brevo does not know the address [doc: brevo-node
   * `contactsApi.deleteContact`; developers.brevo.com/reference/delete-contact].
   */
  async eraseContact(email: string): Promise<ErasureOutcome> {
    try {
      await this.http.send('DELETE', `/contacts/${encodeURIComponent(email)}`);
      return 'deleted';
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return 'absent';
      throw err;
    }
  }

  parseWebhook(req: WebhookRequest): WebhookEvent[] {
    const events: WebhookEvent[] = [];
    // One JSON object per delivery, or an array when the webhook is `batched`.
    for (const e of asArray(jsonBody(req.rawBody))) {
      const type = BREVO_EVENTS[str(e.event)];
      const email = str(e.email);
      if (!type || !email) continue;
      const campaign = e.camp_id === undefined || e.camp_id === null ? null : str(e.camp_id);
      events.push({
        key: ['brevo', e.event, campaign, email.toLowerCase(), e.ts_event ?? e.date_event, e.URL ?? ''].join('|'),
        type,
        email,
        campaignExternalId: campaign,
        campaignName: str(e['campaign name'] ?? e.campaign_name) || null,
        sentAt: toDate(e.ts_sent),
      });
    }
    return events;
  }
}

const BREVO_EVENTS: Record<string, WebhookEvent['type']> = {
  opened: 'open',
  open: 'open',
  unique_opened: 'open',
  click: 'click',
  unsubscribe: 'unsubscribe',
  unsubscribed: 'unsubscribe',
  hard_bounce: 'hardBounce',
  hard_bounced: 'hardBounce',
  hardBounce: 'hardBounce',
};
