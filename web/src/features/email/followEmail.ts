import type { EmailStatus } from '@/gql/graphql';

/**
 * Follows a just-sent email until the worker has handled it (QUEUED → SENT, OUTBOX or FAILED),
 * asking `fetchStatus` every `intervalMs`, at most `maxChecks` times (a stopped worker leaves
 * it queued: then the timeline keeps saying so). `onSettled` gets the final status once.
 * Returns a function that stops following (the page was left).
 */
export function followEmail(
  fetchStatus: () => Promise<EmailStatus>,
  onSettled: (status: EmailStatus) => void,
  { intervalMs = 700, maxChecks = 20 }: { intervalMs?: number; maxChecks?: number } = {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let checks = 0;
  const check = async () => {
    timer = undefined;
    checks += 1;
    let status: EmailStatus | null = null;
    try {
      status = await fetchStatus();
    } catch {
      // A failed check is retried like a queued answer.
    }
    if (stopped) return;
    if (status && status !== 'QUEUED') onSettled(status);
    else if (checks < maxChecks) timer = setTimeout(() => void check(), intervalMs);
  };
  timer = setTimeout(() => void check(), intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

const sentListeners = new Set<(emailId: string) => void>();

/**
 * Said by every composer once an email is accepted (the record's page has several: the
 * activity panel's envelope, a document's): the timeline on the page then shows it and follows it.
 */
export function announceEmailSent(emailId: string): void {
  sentListeners.forEach((listener) => listener(emailId));
}

/** Listens to `announceEmailSent`; returns the function that stops listening. */
export function onEmailSent(listener: (emailId: string) => void): () => void {
  sentListeners.add(listener);
  return () => void sentListeners.delete(listener);
}
