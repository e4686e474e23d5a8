import { computed, ref } from 'vue';
import { fieldErrors } from '@/api/graphql';
import { useAction } from '@/composables/useAction';

/**
 * The submit of a signed-out form (sign-in, invitation): the form's own checks count once a
 * submit was tried (`submitted`), an incomplete form is not sent, and the server's error is
 * kept with its per-field messages.
 */
export function useFormSubmit(complete: () => boolean, send: () => Promise<void>) {
  const submitted = ref(false);
  const { busy: submitting, error, run } = useAction();
  const serverErrors = computed(() => fieldErrors(error.value));

  async function submit() {
    submitted.value = true;
    error.value = null;
    if (complete()) await run(send);
  }

  return { submitted, submitting, error, serverErrors, submit };
}

/** A form's submission, as PublicFormPage shows it. */
export type FormSubmission = ReturnType<typeof useFormSubmit>;
