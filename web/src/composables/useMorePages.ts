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
 * from the start); a failed read keeps what was shown and sets `error`. `show(page)` takes a
 * first page read elsewhere (the finance tab reads both lists' first pages with its totals, in
 * one request) as if `load()` had read it; "more" then goes on from its cursor.
 */
export function useMorePages<T>(fetch: (after: string | null) => Promise<ConnectionPage<T>>) {
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const hasMore = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let cursor: string | null = null;

  function apply(page: ConnectionPage<T>, more: boolean): void {
    const nodes = page.edges.map((e) => e.node);
    items.value = more ? [...items.value, ...nodes] : nodes;
    total.value = page.totalCount;
    cursor = page.pageInfo.endCursor ?? null;
    hasMore.value = page.pageInfo.hasNextPage;
    error.value = null;
  }

  async function load(more = false): Promise<void> {
    loading.value = true;
    try {
      apply(await fetch(more ? cursor : null), more);
    } catch (err) {
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  function show(page: ConnectionPage<T>): void {
    apply(page, false);
  }

  return { items, total, hasMore, loading, error, load, show };
}
