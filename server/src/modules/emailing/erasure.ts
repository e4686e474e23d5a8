import type { AppDeps } from '../../app-deps';
import type { Config } from '../../config/env';
import { requireSession } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { conflict, forbidden, notFound } from '../../common/errors';
import { translate } from '../../common/i18n';
import { JobFailed, type JobHandler } from '../../jobs/job-handler';
import { recordAudit } from '../audit/audit.service';
import { JobEntity, JobStatus } from '../job/job.entity';
import { getJob, startJob } from '../job/job.service';
import { UserRole } from '../user/user.entity';
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
 *   removed from the job once the deletion is done. A failed (or cancelled) job keeps them: a
 *   retry may complete it, and when nothing can (a provider without a documented deletion, a
 *   connection removed, a deletion not confirmed) an admin in a session reads them
 *   (revealErasureAddresses, audited) to delete the person at the provider by hand, then marks
 *   the job handled (resolveErasureJob), which forgets them. Left alone, they are forgotten
 *   EMAILING_ERASURE_ADDRESS_RETENTION_DAYS after the job ended (the worker's reconciliation).
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
    reconcile: async (deps) => {
      await forgetStaleErasureAddresses(deps);
    },
    async run(rc) {
      const params = rc.job.params as unknown as ErasureParams;
      /** The addresses leave the job row once the deletion is done (kept on a failure, see above). */
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
      // Neither case is done: the addresses stay for the admin who deletes the person by hand.
      if (!loaded)
        // Removed since: nothing of ours is there any more to act with, but the account may hold the person.
        throw new JobFailed(translate('fr', 'emailing.erasureConnectionRemoved', { label: params.label }));
      const adapter = createAdapter(rc.deps.config, loaded.c.provider, loaded.credentials);
      if (!adapter.eraseContact)
        throw new JobFailed(translate('fr', 'emailing.erasureUnsupported', { label: loaded.c.label }));
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

/** Failed or cancelled: no run will come back to it on its own. */
const UNFINISHED_BY_HAND = new Set<JobStatus>([JobStatus.FAILED, JobStatus.CANCELLED]);

/**
 * The erasure job an admin acts on by hand: an emailing.erase job that failed or was cancelled and
 * still holds the person's addresses. Admins only, in a session (not an API key): the addresses
 * are those of a person erased from the CRM. Locked, so a retry or another admin waits.
 */
async function jobHeldForHand(ctx: Ctx, jobId: string): Promise<{ job: JobEntity; params: ErasureParams }> {
  if (ctx.actor.role !== UserRole.ADMIN) throw forbidden('error.forbidden');
  requireSession(ctx.actor, 'gdpr.erasureHandSessionRequired');
  const seen = await getJob(ctx, jobId);
  if (seen.kind !== ERASURE_JOB_KIND) throw notFound('Job');
  const job = await (await em(ctx)).findOne(JobEntity, { where: { id: seen.id }, lock: { mode: 'pessimistic_write' } });
  if (!job) throw notFound('Job');
  const params = job.params as unknown as ErasureParams;
  if (!UNFINISHED_BY_HAND.has(job.status)) throw conflict('gdpr.erasureJobNotFailed');
  if (!params.emailsEnc) throw conflict('gdpr.erasureAddressesForgotten');
  return { job, params };
}

/** Whether an admin can still read this erasure job's addresses and mark it handled. */
export function erasureNeedsHand(job: Pick<JobEntity, 'kind' | 'status' | 'params'>): boolean {
  return job.kind === ERASURE_JOB_KIND && UNFINISHED_BY_HAND.has(job.status) && !!job.params.emailsEnc;
}

/** The addresses of a failed or cancelled erasure job, decrypted for the admin who deletes them by hand; audited. */
export async function revealErasureAddresses(ctx: Ctx, jobId: string): Promise<string[]> {
  const { job, params } = await jobHeldForHand(ctx, jobId);
  const emails = JSON.parse(decryptSecret(ctx.deps.config, params.emailsEnc as string)) as string[];
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: params.contactId,
    action: 'gdpr.erasureAddressesRevealed',
    after: { erasureJobId: job.id, provider: params.provider, label: params.label, addresses: emails.length },
  });
  return emails;
}

/**
 * "Marquer comme traité": the admin deleted the person at the provider by hand (or checked they
 * are not there). The addresses are forgotten and the job succeeds, saying so; audited.
 */
export async function resolveErasureJob(ctx: Ctx, jobId: string): Promise<JobEntity> {
  const { job, params } = await jobHeldForHand(ctx, jobId);
  const result = {
    provider: params.provider,
    contactId: params.contactId,
    resolvedByHand: true,
    resolvedBy: ctx.actor.userId,
    resolvedAt: new Date().toISOString(),
    previousStatus: job.status,
    previousError: job.error,
  };
  await (
    await em(ctx)
  ).query(
    `UPDATE job SET params = params - 'emailsEnc', status = 'SUCCEEDED', error = NULL, finished_at = now(),
            result = coalesce(result, '{}'::jsonb) || $2::jsonb, updated_at = now()
      WHERE id = $1`,
    [job.id, JSON.stringify(result)],
  );
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: params.contactId,
    action: 'gdpr.erasureResolvedByHand',
    after: { erasureJobId: job.id, provider: params.provider, label: params.label, previousError: job.error },
  });
  return getJob(ctx, job.id);
}

/**
 * Forgets the addresses of the erasure jobs failed or cancelled more than
 * EMAILING_ERASURE_ADDRESS_RETENTION_DAYS ago, in every workspace (run by the worker's
 * reconciliation); their result says when.
 */
export async function forgetStaleErasureAddresses(deps: AppDeps): Promise<number> {
  const [row]: { n: number }[] = await deps.dataSource.query('SELECT emailing_erasure_forget_addresses($1::int) AS n', [
    deps.config.EMAILING_ERASURE_ADDRESS_RETENTION_DAYS,
  ]);
  if (row?.n) deps.logger.info({ forgotten: row.n }, 'addresses of old failed erasure jobs forgotten');
  return row?.n ?? 0;
}
