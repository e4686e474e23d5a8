import type { EmailStatus } from '@/gql/graphql';
import { announceEmailSent, followEmail, onEmailSent } from './followEmail';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('following a sent email until the worker has handled it', () => {
  it('asks again while the email is queued, then reports the final status once', async () => {
    const answers: EmailStatus[] = ['QUEUED', 'QUEUED', 'OUTBOX', 'OUTBOX'];
    let asked = 0;
    const settled: EmailStatus[] = [];
    followEmail(
      async () => answers[asked++] as EmailStatus,
      (s) => settled.push(s),
      { intervalMs: 5 },
    );
    await wait(80);
    expect(asked).toBe(3);
    expect(settled).toEqual(['OUTBOX']);
  });

  it('gives up after maxChecks, retries after an error, and stops when told', async () => {
    let asked = 0;
    const settled: EmailStatus[] = [];
    followEmail(
      async () => {
        asked += 1;
        if (asked === 1) throw new Error('network');
        return 'QUEUED';
      },
      (s) => settled.push(s),
      { intervalMs: 5, maxChecks: 4 },
    );
    await wait(80);
    expect(asked).toBe(4);
    expect(settled).toEqual([]);

    let askedAfterStop = 0;
    const stop = followEmail(
      async () => {
        askedAfterStop += 1;
        return 'SENT';
      },
      (s) => settled.push(s),
      { intervalMs: 20 },
    );
    stop();
    await wait(50);
    expect(askedAfterStop).toBe(0);
    expect(settled).toEqual([]);
  });

  it('tells every listening timeline about a sent email, until it stops listening', () => {
    const heard: string[] = [];
    const stop = onEmailSent((id) => heard.push(id));
    announceEmailSent('e1');
    stop();
    announceEmailSent('e2');
    expect(heard).toEqual(['e1']);
  });
});
