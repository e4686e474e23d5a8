import type { Config } from '../../config/env';
import type { Ctx } from '../../common/context';
import type { JobHandler, JobRunContext } from '../../jobs/job-handler';
import type { JobEntity } from '../job/job.entity';
import { isPermanentMailError, mailFailureReason } from './system-mail';

/** A failed attempt, as a job's own bookkeeping sees it. */
export interface SystemMailFailure {
  /** What users may see (mailFailureReason). */
  reason: string;
  /** Refused for good: no retry follows. */
  permanent: boolean;
  /** No attempt follows, whether refused for good or out of attempts. */
  final: boolean;
  inTransaction: JobRunContext['inTransaction'];
}

export interface SystemMailJob {
  kind: string;
  /** Builds and sends (or keeps in the outbox, or skips) the one mail, in the run's transaction. */
  deliver(ctx: Ctx, job: JobEntity): Promise<Record<string, unknown>>;
  /** Logged with each failed attempt, e.g. the id of the row the mail is about. */
  logFields(job: JobEntity): Record<string, unknown>;
  logMessage: string;
  /** The job's own record of a failure (e.g. a status on its row), before the retry or the end. */
  onFailure?(failure: SystemMailFailure, job: JobEntity): Promise<void>;
}

/**
 * The shape every one-mail system job shares (task assignment, invitation): a checkpoint so a
 * stale run never sends, the send inside a workspace transaction, and retries with backoff on
 * temporary SMTP failures only. A permanent refusal ends the job with status FAILED and the
 * reason, since retrying cannot help.
 */
export function systemMailJobHandler(
  config: Pick<Config, 'MAIL_SEND_ATTEMPTS' | 'MAIL_RETRY_DELAY_MS'>,
  mailJob: SystemMailJob,
): JobHandler {
  return {
    kind: mailJob.kind,
    attempts: config.MAIL_SEND_ATTEMPTS,
    backoffMs: config.MAIL_RETRY_DELAY_MS,
    async run({ job, attempt, inTransaction, logger, checkpoint }) {
      // The attempts the job was started with (startJob params), else today's setting.
      const maxAttempts = Number(job.params.maxAttempts ?? config.MAIL_SEND_ATTEMPTS);
      // A stale run (another worker took the job over) must not send.
      await checkpoint({ done: 0, total: 1 });
      try {
        // Sent, kept in the outbox (no SMTP: that is where it goes) or no longer needed: the one mail is dealt with.
        return { result: await inTransaction((ctx) => mailJob.deliver(ctx, job)), progressDone: 1 };
      } catch (err) {
        const permanent = isPermanentMailError(err);
        const reason = mailFailureReason(err);
        logger.warn({ err, ...mailJob.logFields(job), attempt, permanent }, mailJob.logMessage);
        await mailJob.onFailure?.(
          { reason, permanent, final: permanent || attempt >= maxAttempts, inTransaction },
          job,
        );
        if (permanent) return { result: { status: 'FAILED', reason } };
        throw err;
      }
    },
  };
}
