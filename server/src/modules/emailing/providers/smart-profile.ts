import { EmailingProvider } from '../emailing.entity';
import type {
  Credentials,
  EmailingAdapter,
  ProviderCampaign,
  RecipientActivity,
  WebhookEvent,
  WebhookRequest,
} from './adapter';
import { asArray, jsonBody, num, retryAfterMs, str, toDate } from './common';
import { ProviderHttp } from './http';

/**
 * Smart Profile (smartp.com). NO PUBLIC API REFERENCE WAS FOUND (../shared/emailing-providers.md
 * §5): everything below is an assumption, kept in this one file so it can be corrected once
 * the vendor sends its documentation. The base URL has no default (EMAILING_SMART_PROFILE_BASE_URL).
 *
 * Assumed API: `Authorization: Bearer <apiKey>`; errors `{error: {message}}` or `{message}`;
 * `GET /campaigns?sent_after=&sent_before=&page=&limit=` → `{campaigns: [{id, name, sent_at}], has_more}`;
 * `GET /campaigns/{id}/recipients?page=&limit=` → `{recipients: [{email, opens, clicks,
 * unsubscribed, hard_bounce}], has_more}`; webhooks post JSON `{id, event: open|click|
 * unsubscribe|hard_bounce, email, campaign_id, campaign_name}` (one object or an array).
 */
const PAGE = 500;

export class SmartProfileAdapter implements EmailingAdapter {
  provider = EmailingProvider.SMART_PROFILE;
  readonly http: ProviderHttp;

  constructor(baseUrl: string, credentials: Credentials, retryBaseMs: number) {
    this.http = new ProviderHttp({
      name: 'Smart Profile',
      baseUrl,
      headers: { authorization: `Bearer ${credentials.apiKey}` },
      retryBaseMs,
      errorReason: (res) => {
        const b = res.body as { error?: { message?: string }; message?: string } | null;
        return b?.error?.message ?? b?.message ?? res.text.slice(0, 200);
      },
      waitHint: (h, status) => (status === 429 ? retryAfterMs(h) : null),
    });
  }

  async checkCredentials(): Promise<void> {
    await this.http.get('/campaigns', { page: 1, limit: 1 });
  }

  async listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]> {
    const out: ProviderCampaign[] = [];
    for (let page = 1; ; page++) {
      const body = await this.http.get<{ campaigns?: Record<string, unknown>[]; has_more?: boolean }>('/campaigns', {
        sent_after: since?.toISOString(),
        sent_before: until.toISOString(),
        page,
        limit: PAGE,
      });
      for (const c of body.campaigns ?? [])
        out.push({
          externalId: str(c.id),
          name: str(c.name) || `Smart Profile ${str(c.id)}`,
          sentAt: toDate(c.sent_at),
        });
      if (!body.has_more) break;
    }
    return out;
  }

  async *campaignRecipients(campaign: ProviderCampaign) {
    for (let page = 1; ; page++) {
      const body = await this.http.get<{ recipients?: Record<string, unknown>[]; has_more?: boolean }>(
        `/campaigns/${encodeURIComponent(campaign.externalId)}/recipients`,
        { page, limit: PAGE },
      );
      const batch: RecipientActivity[] = (body.recipients ?? [])
        .filter((r) => str(r.email))
        .map((r) => ({
          email: str(r.email),
          campaignExternalId: campaign.externalId,
          opens: num(r.opens),
          clicks: num(r.clicks),
          unsubscribed: r.unsubscribed === true,
          hardBounce: r.hard_bounce === true,
        }));
      yield batch;
      if (!body.has_more) break;
    }
  }

  parseWebhook(req: WebhookRequest): WebhookEvent[] {
    const kinds: Record<string, WebhookEvent['type']> = {
      open: 'open',
      click: 'click',
      unsubscribe: 'unsubscribe',
      hard_bounce: 'hardBounce',
    };
    return asArray(jsonBody(req.rawBody)).flatMap((e) => {
      const type = kinds[str(e.event)];
      const email = str(e.email);
      if (!type || !email) return [];
      const campaign = e.campaign_id ? str(e.campaign_id) : null;
      return [
        {
          key: ['smartprofile', str(e.id) || [e.event, campaign, email.toLowerCase()].join(':')].join('|'),
          type,
          email,
          campaignExternalId: campaign,
          campaignName: str(e.campaign_name) || null,
          sentAt: null,
        },
      ];
    });
  }
}
