/**
 * Polls `probe` until `until` accepts its value, for what a test waits on outside its own
 * control (a job, a mail, a worker). Fails after `ms` with the last value seen, which says
 * more than jest's own timeout.
 */
export async function waitFor<T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (until(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
