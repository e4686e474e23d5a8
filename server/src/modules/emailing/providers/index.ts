import type { Config } from '../../../config/env';
import { EmailingProvider } from '../emailing.entity';
import type { Credentials, EmailingAdapter } from './adapter';
import { BrevoAdapter } from './brevo';
import { MailchimpAdapter } from './mailchimp';
import { MailjetAdapter } from './mailjet';
import { SarbacaneAdapter } from './sarbacane';
import { SmartProfileAdapter } from './smart-profile';

/** The credential fields each provider needs, in the order a form shows them. */
export const CREDENTIAL_FIELDS: Record<EmailingProvider, string[]> = {
  [EmailingProvider.BREVO]: ['apiKey'],
  [EmailingProvider.MAILJET]: ['apiKey', 'secretKey'],
  [EmailingProvider.MAILCHIMP]: ['apiKey'],
  [EmailingProvider.SARBACANE]: ['accountId', 'apiKey'],
  [EmailingProvider.SMART_PROFILE]: ['apiKey'],
};

/** The provider's base URL from configuration (tests point it at fake servers); null when unknown. */
export function providerBaseUrl(cfg: Config, provider: EmailingProvider): string | null {
  switch (provider) {
    case EmailingProvider.BREVO:
      return cfg.EMAILING_BREVO_BASE_URL;
    case EmailingProvider.MAILJET:
      return cfg.EMAILING_MAILJET_BASE_URL;
    case EmailingProvider.MAILCHIMP:
      return cfg.EMAILING_MAILCHIMP_BASE_URL;
    case EmailingProvider.SARBACANE:
      return cfg.EMAILING_SARBACANE_BASE_URL;
    case EmailingProvider.SMART_PROFILE:
      return cfg.EMAILING_SMART_PROFILE_BASE_URL ?? null;
  }
}

export function createAdapter(cfg: Config, provider: EmailingProvider, credentials: Credentials): EmailingAdapter {
  const base = providerBaseUrl(cfg, provider);
  if (!base) throw new Error(`no base URL configured for ${provider}`);
  const retry = cfg.EMAILING_RETRY_BASE_MS;
  switch (provider) {
    case EmailingProvider.BREVO:
      return new BrevoAdapter(base, credentials, retry);
    case EmailingProvider.MAILJET:
      return new MailjetAdapter(base, credentials, retry);
    case EmailingProvider.MAILCHIMP:
      return new MailchimpAdapter(base, credentials, retry);
    case EmailingProvider.SARBACANE:
      return new SarbacaneAdapter(base, credentials, retry);
    case EmailingProvider.SMART_PROFILE:
      return new SmartProfileAdapter(base, credentials, retry);
  }
}
