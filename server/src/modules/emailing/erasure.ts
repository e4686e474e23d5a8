import type { Config } from '../../config/env';
import { type Ctx, em } from '../../common/context';
import { translate } from '../../common/i18n';
import { JobFailed, type JobHandler } from '../../jobs/job-handler';
import type { JobEntity } from '../job/job.entity';
import { startJob } from '../job/job.service';
import { EmailingConnectionEntity } from './emailing.entity';
import { connectionCredentials } from './emailing.service';
import { ErasureNotConfirmed, type ErasureOutcome } from './providers/adapter';
import { createAdapter } from './providers';
import { decryptSecret, encryptSecret } from './secrets';

/**
 * GDPR erasure at the emailing providers: when a person is erased, each connected provider is
 * asked to delete them (by e-mail), one job per connection, retried with backoff, so the erasure
 * itself never waits on (or fails with) a provider.
 *
 * - Every connection of the workspace is asked, not only those whose campaigns reached the
 *   person: a provider can hold the address in an audience without any campaign the sync saw.
 *   A provider that does not know the address answers "not found", counted as `absent`.
 * - The addresses are captured by the erasure before it wipes them and stored only in the job's
 *   params, encrypted like the connection's credentials (BullMQ carries ids only). They are
 *   removed from the job once the deletion is done (or can never be done: a provider without a
 *   documented deletion); a failed job keeps them while "Relancer" can still complete it.
 * - The job's error is the provider's own reason ("Brevo: 500 Internal error (…)").
 */
export const ERASURE_JOB_KIND = 'emailing.erase';

interface ErasureParams {
  connectionId: string;
  provider: string;
  label: string;
  contactId: string;
  /** encryptSecret(JSON of the addresses); absent once done. */
  emailsEnc?: string;
}

/** Queues one deletion job per emailing connection; none when the person had no address. */
export async function queueProviderErasures(ctx: Ctx, contactId: string, emails: string[]): Promise<JobEntity[]> {
  const addresses = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  if (!addresses.length) return [];
  const connections = await (await em(ctx)).find(EmailingConnectionEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  const cfg = ctx.deps.config;
  const jobs: JobEntity[] = [];
  for (const c of connections) {
    const params: ErasureParams = {
      connectionId: c.id,
      provider: c.provider,
      label: c.label,
      contactId,
      emailsEnc: encryptSecret(cfg, JSON.stringify(addresses)),
    };
    jobs.push(
      await startJob(ctx, ERASURE_JOB_KIND, params as unknown as Record<string, unknown>, {
        attempts: cfg.EMAILING_ERASURE_ATTEMPTS,
        backoffMs: cfg.EMAILING_ERASURE_RETRY_DELAY_MS,
      }),
    );
  }
  return jobs;
}

export function emailingErasureHandler(
  config: Pick<Config, 'EMAILING_ERASURE_ATTEMPTS' | 'EMAILING_ERASURE_RETRY_DELAY_MS'>,
): JobHandler {
  return {
    kind: ERASURE_JOB_KIND,
    attempts: config.EMAILING_ERASURE_ATTEMPTS,
    backoffMs: config.EMAILING_ERASURE_RETRY_DELAY_MS,
    async run(rc) {
      const params = rc.job.params as unknown as ErasureParams;
      /** The addresses leave the job row: the deletion is done or cannot be done. */
      const forget = () =>
        rc.inTransaction(async (ctx) => {
          const { emailsEnc: _gone, ...rest } = params;
          await (
            await em(ctx)
          ).query('UPDATE job SET params = $2::jsonb WHERE id = $1', [rc.job.id, JSON.stringify(rest)]);
        });
      if (!params.emailsEnc) return { result: { skipped: 'already done' }, progressDone: 1 };
      const loaded = await rc.inTransaction(async (ctx) => {
        const c = await (await em(ctx)).findOneBy(EmailingConnectionEntity, { id: params.connectionId });
        return c ? { c, credentials: connectionCredentials(ctx, c) } : null;
      });
      if (!loaded) {
        // Removed since: nothing of ours is there any more to act with.
        await forget();
        return { result: { provider: params.provider, skipped: 'connection removed' }, progressDone: 1 };
      }
      const adapter = createAdapter(rc.deps.config, loaded.c.provider, loaded.credentials);
      if (!adapter.eraseContact) {
        await forget();
        throw new JobFailed(translate('fr', 'emailing.erasureUnsupported', { label: loaded.c.label }));
      }
      const emails = JSON.parse(decryptSecret(rc.deps.config, params.emailsEnc)) as string[];
      const counts: Record<ErasureOutcome, number> = { deleted: 0, absent: 0 };
      try {
        for (const email of emails) counts[await adapter.eraseContact(email)]++;
      } catch (err) {
        // The provider's answers do not confirm the deletion and would not on a retry either.
        if (err instanceof ErasureNotConfirmed)
          throw new JobFailed(translate('fr', err.messageKey, { label: loaded.c.label, ...err.params }));
        throw err;
      }
      await forget();
      return {
        counts: { ...counts, requests: adapter.http.requests },
        result: { provider: loaded.c.provider, connectionId: loaded.c.id, contactId: params.contactId },
        progressDone: 1,
      };
    },
  };
}
