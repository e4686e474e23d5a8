import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useMessage } from 'naive-ui';
import { fieldErrors } from '@/api/graphql';
import { useAction } from '@/composables/useAction';

/**
 * The submit of the new-company and new-contact pages: one request at a time (useAction
 * ignores a second submit while one runs), its error kept (field errors show under their
 * fields), then the "created" message and the new record's page. `create` sends the form and
 * returns the new record's id.
 */
export function useRecordCreation(kind: 'company' | 'contact', create: () => Promise<string>) {
  const { t } = useI18n();
  const router = useRouter();
  const message = useMessage();
  const { busy: submitting, error, run } = useAction();
  const errors = computed(() => fieldErrors(error.value));

  async function submit() {
    await run(async () => {
      const id = await create();
      message.success(t(`clients.${kind}.created`));
      await router.push({ name: kind, params: { id } });
    });
  }

  return { kind, submitting, error, errors, submit };
}

export type RecordCreation = ReturnType<typeof useRecordCreation>;
