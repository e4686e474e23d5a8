import { ref, type Ref } from 'vue';

/** One page of a Relay connection, as the list queries return it. */
export interface ConnectionPage<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: T }[];
}

/**
 * A list read page by page behind a "show more" button: `load()` reads the first page
 * again, `load(true)` appends the next one. `fetch` reads the page after a cursor (null:
 * from the start); a failed read keeps what was shown and sets `error`.
 */
export function useMorePages<T>(fetch: (after: string | null) => Promise<ConnectionPage<T>>) {
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const hasMore = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let cursor: string | null = null;

  async function load(more = false): Promise<void> {
    loading.value = true;
    try {
      const page = await fetch(more ? cursor : null);
      const nodes = page.edges.map((e) => e.node);
      items.value = more ? [...items.value, ...nodes] : nodes;
      total.value = page.totalCount;
      cursor = page.pageInfo.endCursor ?? null;
      hasMore.value = page.pageInfo.hasNextPage;
      error.value = null;
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  return { items, total, hasMore, loading, error, load };
}
