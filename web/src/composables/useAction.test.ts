import { useAction } from './useAction';

/** A promise the test settles by hand, to hold an action "running". */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

describe('useAction', () => {
  it('runs the action once when called again while it runs; the second call resolves to undefined', async () => {
    const { busy, error, run } = useAction();
    const pending = deferred<string>();
    const action = jest.fn(() => pending.promise);

    const first = run(action);
    expect(busy.value).toBe(true);
    // A double click: the second call neither starts the action nor waits for the first.
    await expect(run(action)).resolves.toBeUndefined();
    expect(action).toHaveBeenCalledTimes(1);

    pending.resolve('saved');
    await expect(first).resolves.toBe('saved');
    expect(busy.value).toBe(false);
    expect(error.value).toBeNull();

    // Once it is over, the next call runs again.
    await expect(run(() => Promise.resolve('again'))).resolves.toBe('again');
  });

  it('keeps a failed run’s error, resolves it to undefined, and clears the error on the next run', async () => {
    const { busy, error, run } = useAction();
    const failure = new Error('refused');
    await expect(run(() => Promise.reject(failure))).resolves.toBeUndefined();
    expect(error.value).toBe(failure);
    expect(busy.value).toBe(false);

    const pending = deferred<void>();
    const next = run(() => pending.promise);
    expect(error.value).toBeNull();
    pending.resolve();
    await next;
  });
});
