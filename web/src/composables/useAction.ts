import { ref } from 'vue';

/**
 * An async action of a form: `busy` while it runs, and its error kept in `error` (cleared
 * when it runs again). Callers that allow one run at a time check `busy` first.
 */
export function useAction() {
  const busy = ref(false);
  const error = ref<unknown>(null);

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await action();
    } catch (err) {
      error.value = err;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
