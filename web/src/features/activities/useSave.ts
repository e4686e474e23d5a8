import { computed } from 'vue';
import { useMessage } from 'naive-ui';
import { fieldErrors } from '@/api/graphql';
import { useAction } from '@/composables/useAction';
import { problemMessage } from '@/features/companies/errors';

/**
 * The save of an activity form (useAction: one at a time): a saving flag, the last error and
 * its field messages. An error no field can show goes to a toast.
 */
export function useSave() {
  const message = useMessage();
  const { busy: saving, error, run } = useAction();
  const errors = computed(() => fieldErrors(error.value));

  /** Runs the request; its result, or undefined when it failed (the error is then shown) or another save was running. */
  async function save<T>(request: () => Promise<T>): Promise<T | undefined> {
    const result = await run(request);
    // An ignored call leaves `error` to the running save (null until it ends): no toast for it.
    if (error.value && !Object.keys(errors.value).length) message.error(problemMessage(error.value));
    return result;
  }
  return { saving, error, errors, save };
}
