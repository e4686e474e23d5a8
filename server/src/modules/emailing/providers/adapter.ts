import type { EmailingProvider } from '../emailing.entity';
import type { ProviderHttp } from './http';

/** A campaign as the sync needs it, whatever the provider. */
export interface ProviderCampaign {
  /** The provider's id, as a string (Mailjet ids exceed 2^53). */
  externalId: string;
  name: string;
  sentAt: Date | null;
}

/** One recipient's activity on one campaign: absolute values, so applying them twice changes nothing. */
export interface RecipientActivity {
  email: string;
  campaignExternalId: string;
  opens: number;
  clicks: number;
  unsubscribed: boolean;
  /** Hard bounce: the address no longer exists (NPAI). */
  hardBounce: boolean;
}

/** A real-time event from a webhook: applied as an increment (opens, clicks) or a flag. */
export interface WebhookEvent {
  /** Unique per event, so a replayed delivery is recognised. */
  key: string;
  type: 'open' | 'click' | 'unsubscribe' | 'hardBounce';
  email: string;
  campaignExternalId: string | null;
  campaignName: string | null;
  sentAt: Date | null;
}

/** A contact's activity on every campaign in a window, and unsubscriptions tied to no campaign. */
export interface ContactActivity {
  activities: RecipientActivity[];
  /** Unsubscribed outside any campaign (e.g. by an admin at the provider). */
  unsubscribedOutsideCampaign: boolean;
}

export interface WebhookRequest {
  contentType: string;
  /** The body as received: adapters parse it themselves (big ids, form encoding). */
  rawBody: string;
}

/**
 * One emailing provider behind the shape the sync uses. Per-campaign providers implement
 * `campaignRecipients`; providers whose API is per contact (Brevo) implement `contactActivity`.
 */
export interface EmailingAdapter {
  provider: EmailingProvider;
  /** Its HTTP client (request and rate-limit counts end up in the job's counts). */
  readonly http: ProviderHttp;
  /** One cheap authenticated call; throws ProviderError (kind 'auth' for bad credentials). */
  checkCredentials(): Promise<void>;
  /** Campaigns sent since `since` (all the provider keeps when null), up to `until`. */
  listSentCampaigns(since: Date | null, until: Date): Promise<ProviderCampaign[]>;
  /** A campaign by id, for campaigns met outside the listed window. */
  getCampaign?(externalId: string): Promise<ProviderCampaign | null>;
  campaignRecipients?(campaign: ProviderCampaign, since: Date | null, until: Date): AsyncIterable<RecipientActivity[]>;
  contactActivity?(email: string, since: Date | null, until: Date): Promise<ContactActivity | null>;
  /** Reads a webhook delivery (the token was already checked). */
  parseWebhook(req: WebhookRequest): WebhookEvent[];
  /**
   * GDPR erasure: deletes the person (by e-mail) from the provider's contacts, or does what the
   * provider's documentation offers instead. 'absent' when the provider did not know the address
   * (nothing to delete). Throws ProviderError like the reads. Absent on providers whose deletion
   * is not documented: the erasure job then asks the admin to delete the person there by hand.
   */
  eraseContact?(email: string): Promise<ErasureOutcome>;
}

export type ErasureOutcome = 'deleted' | 'absent';

/**
 * Thrown by eraseContact when the provider's answers do not confirm a deletion and trying again
 * would answer the same (a 404 where the contact was just found: a wrong route or base URL). The
 * erasure job fails at once with this message (a key of the emailing catalog), keeping the address
 * for an admin to check at the provider.
 */
export class ErasureNotConfirmed extends Error {
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = 'ErasureNotConfirmed';
  }
}

/** What a connection stores, encrypted. Field names differ per provider. */
export type Credentials = Record<string, string>;
