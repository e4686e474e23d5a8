import { ref } from 'vue';
import { request } from '@/api/graphql';
import { CustomFieldsDocument, type CustomFieldFieldsFragment, type RecordKind } from '@/gql/graphql';
import { changedKeys, type CustomValues } from './values';

/** The custom field definitions of companies or contacts, fetched on each use (an admin may just have changed them). */
export function useCustomFields(recordKind: RecordKind) {
  const fields = ref<CustomFieldFieldsFragment[]>([]);
  const loaded = ref(false);
  const error = ref<unknown>(null);

  async function refresh(): Promise<void> {
    try {
      fields.value = (await request(CustomFieldsDocument, { recordKind })).customFields;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loaded.value = true;
    }
  }
  void refresh();
  return { fields, loaded, error, refresh };
}

export type { CustomValues } from './values';

/** Only the keys whose value changed (null for a cleared one), for an update. */
export function changedValues(current: CustomValues, original: CustomValues): CustomValues {
  return Object.fromEntries(changedKeys(current, original).map((key) => [key, current[key] ?? null]));
}
