import { ref } from 'vue';
import { request } from '@/api/graphql';
import { AllSettingOptionsDocument, type SettingList, type SettingOptionFieldsFragment } from '@/gql/graphql';

/** Every list's values, hidden ones included (records may still use them); shared by all forms. */
const options = ref<SettingOptionFieldsFragment[]>([]);
const loaded = ref(false);
const error = ref<unknown>(null);
let pending: Promise<void> | null = null;

function refresh(): Promise<void> {
  pending ??= request(AllSettingOptionsDocument, { includeHidden: true })
    .then(({ allSettingOptions }) => {
      options.value = allSettingOptions;
      loaded.value = true;
      error.value = null;
    })
    .catch((err: unknown) => {
      error.value = err;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

export type OptionItem = {
  value: string;
  label: string;
  disabled?: boolean;
};

const byPosition = (a: SettingOptionFieldsFragment, b: SettingOptionFieldsFragment) =>
  a.position - b.position || a.label.localeCompare(b.label);

/**
 * The settings lists for forms. Each call refreshes them (an admin may just have changed a
 * list); concurrent calls share one request.
 */
export function useSettingOptions() {
  void refresh();

  /** The values offered in a select: the visible ones, plus hidden ones still in use (`keep`). */
  function selectOptions(list: SettingList, keep: readonly (string | null | undefined)[] = []): OptionItem[] {
    return options.value
      .filter((o) => o.list === list && (!o.hidden || keep.includes(o.id)))
      .sort(byPosition)
      .map((o) => ({ value: o.id, label: o.label, disabled: o.hidden }));
  }

  function label(id: string): string | undefined {
    return options.value.find((o) => o.id === id)?.label;
  }

  return { options, loaded, error, refresh, selectOptions, label };
}
