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
import { asArray, jsonBody, messageField, retryAfterMs, str, toDate } from './common';
import { type HttpOptions, ProviderError, ProviderHttp, basicAuth, parseJsonBigIds } from './http';

/**
 * Mailjet API v3 REST (../shared/emailing-providers.md §2). Per campaign: `/message` lists
 * the recipients with their latest status (unsub, hardbounced...), `/openinformation` and
 * `/clickstatistics` give one row per open or click. Ids beyond 2^53 are read as strings.
 *
 * Assumptions: `FromTS`/`ToTS` take Unix seconds; a campaign's title is the `Title` of the
 * campaign draft whose id is `NewsLetterID`; `Status: "bounce"` with `StatePermanent` counts as
 * a hard bounce like `hardbounced`.
 */
const PAGE = 1000;
const unix = (d: Date) => Math.floor(d.getTime() / 1000);

type Envelope = { Count?: number; Total?: number; Data?: Record<string, unknown>[] };

export class MailjetAdapter implements EmailingAdapter {
  provider = EmailingProvider.MAILJET;
  readonly http: ProviderHttp;

  /** The v4 API (GDPR contact deletion), same host and credentials. */
  private readonly v4: ProviderHttp;

  constructor(baseUrl: string, credentials: Credentials, retryBaseMs: number) {
    const options: Omit<HttpOptions, 'baseUrl'> = {
      name: 'Mailjet',
      headers: { authorization: basicAuth(credentials.apiKey, credentials.secretKey) },
      retryBaseMs,
      // {ErrorInfo, ErrorMessage, StatusCode}; a 401 has an empty text/html body.
      errorReason: (res) =>
        res.status === 401 && !res.text
          ? 'invalid API key or secret key'
          : messageField(res, 'ErrorMessage', 'ErrorInfo'),
      waitHint: (h, status) => (status === 429 ? retryAfterMs(h) : null),
      parseJson: parseJsonBigIds,
    };
    this.http = new ProviderHttp({ ...options, baseUrl });
    this.v4 = new ProviderHttp({ ...options, baseUrl: baseUrl.replace(/\/v3\/REST\/?$/, '/v4') });
  }

  async checkCredentials(): Promise<void> {
    await this.http.get('/campaign', { Limit: 1 });
  }

  /** Every row of a paged resource. */
  private async *pages(path: string, query: Record<string, string | number | undefined>) {
    for (let offset = 0; ;) {
      const page = await this.http.get<Envelope>(path, { ...query, Limit: PAGE, Offset: offset });
      const rows = page.Data ?? [];
      yield rows;
      offset += rows.length;
      if (!rows.length || offset >= (page.Total ?? 0)) return;
    }
  }

  async listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]> {
    const out: ProviderCampaign[] = [];
    const query = { FromTS: since ? unix(since) : undefined, ToTS: unix(until), FromType: 2, IsDeleted: 'false' };
    for await (const rows of this.pages('/campaign', query)) {
      for (const c of rows) {
        const sentAt = toDate(c.SendStartAt);
        if (!sentAt) continue;
        out.push({ externalId: str(c.ID), name: await this.title(c), sentAt });
      }
    }
    return out;
  }

  private async title(c: Record<string, unknown>): Promise<string> {
    if (c.NewsLetterID) {
      try {
        const draft = await this.http.get<Envelope>(`/campaigndraft/${str(c.NewsLetterID)}`);
        const title = str(draft.Data?.[0]?.Title);
        if (title) return title;
      } catch (err) {
        if (!(err instanceof ProviderError && err.kind === 'not_found')) throw err;
      }
    }
    return str(c.Subject) || `Mailjet ${str(c.ID)}`;
  }

  async *campaignRecipients(campaign: ProviderCampaign, _since: Date | null, until: Date) {
    // Event logs default to the current day: ask from the send date on.
    const window = { CampaignID: campaign.externalId, FromTS: unix(campaign.sentAt ?? new Date(0)), ToTS: unix(until) };
    const opens = new Map<string, number>();
    for await (const rows of this.pages('/openinformation', window))
      for (const r of rows) opens.set(str(r.ContactID), (opens.get(str(r.ContactID)) ?? 0) + 1);
    const clicks = new Map<string, number>();
    for await (const rows of this.pages('/clickstatistics', window))
      for (const r of rows) clicks.set(str(r.ContactID), (clicks.get(str(r.ContactID)) ?? 0) + 1);
    for await (const rows of this.pages('/message', {
      Campaign: campaign.externalId,
      ShowContactAlt: 'true',
    })) {
      const batch: RecipientActivity[] = [];
      for (const m of rows) {
        const email = str(m.ContactAlt);
        if (!email) continue;
        const status = str(m.Status);
        batch.push({
          email,
          campaignExternalId: campaign.externalId,
          opens: opens.get(str(m.ContactID)) ?? 0,
          clicks: clicks.get(str(m.ContactID)) ?? 0,
          unsubscribed: status === 'unsub',
          hardBounce: status === 'hardbounced' || (status === 'bounce' && m.StatePermanent === true),
        });
      }
      yield batch;
    }
  }

  /**
   * The v3 REST API has no contact deletion; Mailjet's GDPR deletion is `DELETE /v4/contacts/{ID}`
   * (the contact, its list subscriptions and its message history), on the same host, same Basic
   * auth [doc: dev.mailjet.com "Delete a contact" (v4); mailjet/laravel-mailjet
   * `ContactsV4Service::delete`]. The id comes from `GET /contact/{email}` (404 `Object not found`:
   * nothing to delete). Assumption: the v4 base is the configured v3 base with `/v3/REST` replaced
   * by `/v4`; any 2xx means deleted. A 404 on the deletion of the contact just found is not
   * "already gone": the route or the base URL is wrong, nothing was deleted (ErasureNotConfirmed).
   */
  async eraseContact(email: string): Promise<ErasureOutcome> {
    let id: string;
    try {
      const found = await this.http.get<Envelope>(`/contact/${encodeURIComponent(email)}`);
      id = str(found.Data?.[0]?.ID);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return 'absent';
      throw err;
    }
    if (!id) return 'absent';
    try {
      await this.v4.send('DELETE', `/contacts/${encodeURIComponent(id)}`);
      return 'deleted';
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found')
        throw new ErasureNotConfirmed('emailing.erasureMailjetDeleteNotFound', { id });
      throw err;
    }
  }

  parseWebhook(req: WebhookRequest): WebhookEvent[] {
    const events: WebhookEvent[] = [];
    // Version 2 callbacks post an array of the last second's events; version 1 one object.
    for (const e of asArray(jsonBody(req.rawBody, parseJsonBigIds))) {
      const kind = str(e.event);
      const type: WebhookEvent['type'] | null =
        kind === 'open'
          ? 'open'
          : kind === 'click'
            ? 'click'
            : kind === 'unsub'
              ? 'unsubscribe'
              : kind === 'bounce' && e.hard_bounce === true
                ? 'hardBounce'
                : null;
      const email = str(e.email);
      if (!type || !email) continue;
      const campaign = e.mj_campaign_id ? str(e.mj_campaign_id) : null;
      events.push({
        key: ['mailjet', kind, str(e.MessageID), str(e.time), str(e.url)].join('|'),
        type,
        email,
        campaignExternalId: campaign,
        campaignName: null,
        sentAt: null,
      });
    }
    return events;
  }
}
