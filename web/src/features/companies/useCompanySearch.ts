import { onBeforeUnmount, ref } from 'vue';
import { request } from '@/api/graphql';
import { CompanyPickerDocument, type CompanyPickerQuery } from '@/gql/graphql';

export interface CompanyItem {
  value: string;
  label: string;
}

/**
 * The remote search behind the company pickers (companyPicker, 20 at a time): typing searches
 * after 250 ms, opening the list searches once for everything, and only the latest answer is
 * shown. `onFound` sees each answer's companies (the multi-picker remembers their names).
 */
export function useCompanySearch(onFound?: (companies: CompanyPickerQuery['companyPicker']) => void) {
  const found = ref<CompanyItem[]>([]);
  const loading = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  let searched = false;

  async function search(query: string) {
    const mine = ++seq;
    searched = true;
    loading.value = true;
    try {
      const { companyPicker } = await request(CompanyPickerDocument, { query: query.trim() || null, first: 20 });
      if (mine !== seq) return;
      found.value = companyPicker.map((c) => ({ value: c.id, label: c.city ? `${c.name} (${c.city})` : c.name }));
      onFound?.(companyPicker);
    } catch {
      if (mine === seq) found.value = [];
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function onSearch(query: string) {
    clearTimeout(timer);
    timer = setTimeout(() => void search(query), 250);
  }

  function onShow(show: boolean) {
    if (show && !searched) void search('');
  }

  onBeforeUnmount(() => clearTimeout(timer));
  return { found, loading, onSearch, onShow };
}
