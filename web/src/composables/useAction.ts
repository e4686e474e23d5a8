import { ref } from 'vue';

/**
 * An async action of a form, one run at a time: `busy` while it runs, and its error kept in
 * `error` (cleared when it runs again).
 *
 * A call made while a run is in progress is ignored: the action is not started and the call
 * resolves to undefined at once, like a failed run. It does not share the pending run's result,
 * so what a caller does after a success (a toast, a route change, an emitted event) happens
 * once, for the run that really happened. A double click or a second Enter thus sends once.
 */
export function useAction() {
  const busy = ref(false);
  const error = ref<unknown>(null);

  /** The action's result; undefined when it failed (see `error`) or when another run was going on. */
  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    error.value = null;
    try {
      return await action();
    } catch (err) {
      error.value = err;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
