import { EmailingProvider } from '../emailing.entity';
import {
  type Credentials,
  type EmailingAdapter,
  ErasureNotConfirmed,
  type ErasureOutcome,
  type ProviderCampaign,
  type RecipientActivity,
  type WebhookEvent,
  type WebhookRequest,
} from './adapter';
import { asArray, jsonBody, messageField, num, retryAfterMs, str, toDate } from './common';
import { ProviderError, ProviderHttp } from './http';

/**
 * Sarbacane API v1 (../shared/emailing-providers.md §4): headers `accountId` + `apiKey`;
 * `/campaigns?state=FINISH`, `/reports/{id}` (one entry per send, with its `date`) and
 * `/reports/{id}/recipients?offset=` (pages of 1000, a bare array).
 *
 * Assumptions: `/campaigns` answers a bare array of `{id, name}`; errors carry `{message}`;
 * `bounce` in recipient reports is a hard bounce (Dolibarr sets NPAI from it); webhook
 * deliveries (payload undocumented) are JSON `{kind, email, campaignId, date}` objects or
 * arrays, with kinds OPEN, HIT (click), UNSUBSCRIBE, HARD_BOUNCE.
 */
const PAGE = 1000;

export class SarbacaneAdapter implements EmailingAdapter {
  provider = EmailingProvider.SARBACANE;
  readonly http: ProviderHttp;

  constructor(baseUrl: string, credentials: Credentials, retryBaseMs: number) {
    this.http = new ProviderHttp({
      name: 'Sarbacane',
      baseUrl,
      headers: { accountId: credentials.accountId, apiKey: credentials.apiKey },
      retryBaseMs,
      errorReason: (res) => messageField(res, 'message'),
      waitHint: (h, status) => (status === 429 ? retryAfterMs(h) : null),
    });
  }

  async checkCredentials(): Promise<void> {
    await this.http.get('/campaigns', { offset: 0, limit: 1 });
  }

  async listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]> {
    const out: ProviderCampaign[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const rows = asArray(await this.http.get('/campaigns', { offset, limit: PAGE, state: 'FINISH' }));
      for (const c of rows) {
        // No date filter on the list: the send date comes from the campaign's report.
        const sends = asArray(await this.http.get(`/reports/${encodeURIComponent(str(c.id))}`));
        const dates = sends.map((s) => toDate(s.date)).filter((d): d is Date => !!d);
        const sentAt = dates.length ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null;
        if (!sentAt || sentAt > until || (since && sentAt < since)) continue;
        out.push({ externalId: str(c.id), name: str(c.name) || `Sarbacane ${str(c.id)}`, sentAt });
      }
      if (rows.length < PAGE) break;
    }
    return out;
  }

  async *campaignRecipients(campaign: ProviderCampaign) {
    for (let offset = 0; ; offset += PAGE) {
      const rows = asArray(
        await this.http.get(`/reports/${encodeURIComponent(campaign.externalId)}/recipients`, { offset }),
      );
      const batch: RecipientActivity[] = [];
      for (const r of rows) {
        const email = str((r.recipient as Record<string, unknown> | undefined)?.email);
        if (!email) continue;
        batch.push({
          email,
          campaignExternalId: campaign.externalId,
          opens: num(r.opens),
          clicks: num(r.clicks),
          unsubscribed: r.unsubscribe === true,
          hardBounce: r.bounce === true,
        });
      }
      yield batch;
      if (rows.length < PAGE) break;
    }
  }

  /**
   * Sarbacane keeps contacts in lists: every list is read (`GET /lists`, `offset`/`limit` ≤ 1000, a
   * bare array of `{id, name, ...}` [doc: developers.sarbacane.com/contacts "Get all lists"]) and the
   * address removed from each with `DELETE /lists/{listId}/contacts?email=` [?: the delete call's
   * exact shape was not readable in the reference; 404 is taken as "not in that list"]. No contact
   * lookup is documented (the reference found shows none for contacts), so the address cannot be
   * looked up first: a 404 on every list does not tell "not there" from "wrong route", and is not
   * reported as done (ErasureNotConfirmed: an admin checks at Sarbacane). No list at all: nothing
   * can hold the address.
   */
  async eraseContact(email: string): Promise<ErasureOutcome> {
    const lists: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const rows = asArray(await this.http.get('/lists', { offset, limit: PAGE }));
      lists.push(...rows.map((l) => str(l.id)).filter(Boolean));
      if (rows.length < PAGE) break;
    }
    let deleted = false;
    for (const list of lists) {
      try {
        await this.http.send('DELETE', `/lists/${encodeURIComponent(list)}/contacts`, { email });
        deleted = true;
      } catch (err) {
        if (!(err instanceof ProviderError && err.kind === 'not_found')) throw err;
      }
    }
    if (!lists.length) return 'absent';
    if (!deleted) throw new ErasureNotConfirmed('emailing.erasureSarbacaneUnconfirmed', { lists: lists.length });
    return 'deleted';
  }

  parseWebhook(req: WebhookRequest): WebhookEvent[] {
    const kinds: Record<string, WebhookEvent['type']> = {
      OPEN: 'open',
      HIT: 'click',
      UNSUBSCRIBE: 'unsubscribe',
      HARD_BOUNCE: 'hardBounce',
    };
    return asArray(jsonBody(req.rawBody)).flatMap((e) => {
      const type = kinds[str(e.kind)];
      const email = str(e.email);
      if (!type || !email) return [];
      const campaign = e.campaignId ? str(e.campaignId) : null;
      return [
        {
          key: ['sarbacane', e.kind, campaign ?? '', email.toLowerCase(), str(e.date)].join('|'),
          type,
          email,
          campaignExternalId: campaign,
          campaignName: null,
          sentAt: null,
        },
      ];
    });
  }
}
