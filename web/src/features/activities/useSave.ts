import { computed, ref } from 'vue';
import { useMessage } from 'naive-ui';
import { fieldErrors } from '@/api/graphql';
import { problemMessage } from '@/features/companies/errors';

/**
 * The save of an activity form: a saving flag, the last error and its field messages. An
 * error no field can show goes to a toast.
 */
export function useSave() {
  const message = useMessage();
  const saving = ref(false);
  const error = ref<unknown>(null);
  const errors = computed(() => fieldErrors(error.value));

  /** Runs the request; its result, or undefined when it failed (the error is then shown). */
  async function save<T>(run: () => Promise<T>): Promise<T | undefined> {
    saving.value = true;
    error.value = null;
    try {
      return await run();
    } catch (err) {
      error.value = err;
      if (!Object.keys(fieldErrors(err)).length) message.error(problemMessage(err));
      return undefined;
    } finally {
      saving.value = false;
    }
  }
  return { saving, error, errors, save };
}
