import type { Ctx } from '../../common/context';
import { JobSuperseded, type JobRunContext } from '../../jobs/job-handler';
import type { JobEntity } from '../job/job.entity';
import { PermanentMailError } from './system-mail';
import { type SystemMailFailure, systemMailJobHandler } from './system-mail-job';

/**
 * The shared shape of the one-mail jobs, without a database: the jobs' own tests
 * (task-assignment.test.ts, user-admin.test.ts) run it against PostgreSQL and SMTP.
 */
const config = { MAIL_SEND_ATTEMPTS: 3, MAIL_RETRY_DELAY_MS: 10 };

function harness(deliver: () => Promise<Record<string, unknown>>) {
  const events: string[] = [];
  const failures: Omit<SystemMailFailure, 'inTransaction'>[] = [];
  const warnings: Record<string, unknown>[] = [];
  const handler = systemMailJobHandler(config, {
    kind: 'test.mail',
    deliver: async () => {
      events.push('deliver');
      return deliver();
    },
    logFields: (job) => ({ rowId: job.params.rowId }),
    logMessage: 'test mail not sent',
    onFailure: async ({ inTransaction, ...failure }, job) => {
      await inTransaction(async () => events.push(`failure ${String(job.params.rowId)}`));
      failures.push(failure);
    },
  });
  const run = (attempt: number, checkpoint: JobRunContext['checkpoint'] = async () => void events.push('checkpoint')) =>
    handler.run({
      job: { id: 'job-1', params: { rowId: 'row-1', maxAttempts: 2 } } as unknown as JobEntity,
      deps: {} as JobRunContext['deps'],
      logger: {
        warn: (fields: Record<string, unknown>) => warnings.push(fields),
      } as unknown as JobRunContext['logger'],
      attempt,
      inTransaction: (fn) => fn({} as Ctx),
      checkpoint,
    });
  return { handler, run, events, failures, warnings };
}

describe('system mail job', () => {
  it('takes its attempts and backoff from the mail settings', () => {
    const { handler } = harness(async () => ({ status: 'SENT' }));
    expect(handler).toMatchObject({ kind: 'test.mail', attempts: 3, backoffMs: 10 });
  });

  it('checks it still owns the job before sending, and ends with the one mail done', async () => {
    const { run, events } = harness(async () => ({ status: 'SENT' }));
    await expect(run(1)).resolves.toEqual({ result: { status: 'SENT' }, progressDone: 1 });
    expect(events).toEqual(['checkpoint', 'deliver']);
  });

  it('never sends from a stale run', async () => {
    const { run, events } = harness(async () => ({ status: 'SENT' }));
    await expect(
      run(1, async () => {
        throw new JobSuperseded();
      }),
    ).rejects.toBeInstanceOf(JobSuperseded);
    expect(events).toEqual([]);
  });

  it('retries a temporary failure, recording it; the last attempt allowed by the job is final', async () => {
    const busy = Object.assign(new Error('busy'), { responseCode: 451, response: '451 try later' });
    const { run, failures, warnings } = harness(async () => {
      throw busy;
    });
    await expect(run(1)).rejects.toBe(busy);
    // maxAttempts from the job's params (2), not today's setting (3).
    await expect(run(2)).rejects.toBe(busy);
    expect(failures).toEqual([
      { reason: '451 try later', permanent: false, final: false },
      { reason: '451 try later', permanent: false, final: true },
    ]);
    expect(warnings[0]).toMatchObject({ err: busy, rowId: 'row-1', attempt: 1, permanent: false });
  });

  it('ends a refused mail at once as FAILED with the reason, recorded as final', async () => {
    const { run, failures, events } = harness(async () => {
      throw new PermanentMailError('no such mailbox');
    });
    await expect(run(1)).resolves.toEqual({ result: { status: 'FAILED', reason: 'no such mailbox' } });
    expect(failures).toEqual([{ reason: 'no such mailbox', permanent: true, final: true }]);
    expect(events).toEqual(['checkpoint', 'deliver', 'failure row-1']);
  });
});
