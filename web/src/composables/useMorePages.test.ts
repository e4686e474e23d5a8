import { useMorePages } from './useMorePages';

const page = (ids: string[], endCursor: string | null, hasNextPage: boolean) => ({
  totalCount: 3,
  pageInfo: { endCursor, hasNextPage },
  edges: ids.map((id) => ({ node: { id } })),
});

describe('useMorePages', () => {
  it('reads the first page, appends the next after its cursor, starts again on a plain load', async () => {
    const calls: (string | null)[] = [];
    const pages = useMorePages(async (after) => {
      calls.push(after);
      return after ? page(['c'], 'c', false) : page(['a', 'b'], 'b', true);
    });
    await pages.load();
    expect(pages.items.value.map((n) => n.id)).toEqual(['a', 'b']);
    expect([pages.total.value, pages.hasMore.value]).toEqual([3, true]);
    await pages.load(true);
    expect(pages.items.value.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(pages.hasMore.value).toBe(false);
    await pages.load();
    expect(pages.items.value.map((n) => n.id)).toEqual(['a', 'b']);
    expect(calls).toEqual([null, 'b', null]);
  });

  it('keeps what it shows when a read fails, and says why', async () => {
    let fail = false;
    const pages = useMorePages(async () => {
      if (fail) throw new Error('down');
      return page(['a'], 'a', true);
    });
    await pages.load();
    fail = true;
    await pages.load(true);
    expect(pages.items.value.map((n) => n.id)).toEqual(['a']);
    expect(pages.error.value).toEqual(new Error('down'));
    expect(pages.loading.value).toBe(false);
  });

  it('shows a first page handed in without reading it, then reads on from its cursor', async () => {
    const calls: (string | null)[] = [];
    const pages = useMorePages(async (after) => {
      calls.push(after);
      return page(['c'], 'c', false);
    });
    pages.show(page(['a', 'b'], 'b', true));
    expect(pages.items.value.map((n) => n.id)).toEqual(['a', 'b']);
    expect([pages.total.value, pages.hasMore.value]).toEqual([3, true]);
    expect(calls).toEqual([]);
    await pages.load(true);
    expect(pages.items.value.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual(['b']);
    // A new first page (the tab read again) replaces everything, the earlier error included.
    pages.error.value = new Error('down');
    pages.show(page(['d'], 'd', false));
    expect(pages.items.value.map((n) => n.id)).toEqual(['d']);
    expect([pages.hasMore.value, pages.error.value]).toEqual([false, null]);
  });
});
