import { computed, reactive, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { fieldErrors, request } from '@/api/graphql';
import {
  CreateListViewDocument,
  CustomFieldsDocument,
  DeleteListViewDocument,
  ListViewsDocument,
  UpdateListViewDocument,
  type ListViewFieldsFragment,
  type ListFilter,
  type ListViewInput,
  type RecordKind,
} from '@/gql/graphql';
import { customGridColumns } from '@/features/custom-fields/customListColumns';
import {
  ACTIVITIES,
  conditionProblems,
  defaultState,
  effectiveSorts,
  pageFilter,
  stateFromView,
  type Activity,
} from './gridState';
import type { Condition, GridColumn, GridSource, GridState, ListGroup } from './types';
import { decodeListQuery, encodeListQuery, historyMode, queryValue, type ListQuery } from './urlState';

const CURSORS_STATE = 'crmListCursors';

/** The cursor stack kept in the history entry, if it leads to the URL's page. */
function keptCursors(value: unknown, page: number, after: string | null): value is (string | null)[] {
  return (
    page > 0 &&
    Array.isArray(value) &&
    value.length === page + 1 &&
    value[page] === after &&
    value.every((c, i) => (i === 0 ? c === null : typeof c === 'string'))
  );
}

/** The query params the list's state uses: any of them in the URL says the URL holds the state. */
const QUERY_KEYS = ['view', 'sort', 'filter', 'q', 'group', 'size', 'cols', 'active', 'page', 'after'];

const storageKey = (list: string) => `crm.listView.${list}`;

function remembered(list: string): string | null {
  try {
    return localStorage.getItem(storageKey(list));
  } catch {
    return null;
  }
}

function remember(list: string, id: string | null): void {
  try {
    if (id) localStorage.setItem(storageKey(list), id);
    else localStorage.removeItem(storageKey(list));
  } catch {
    // Private browsing without storage: the view is simply not restored next time.
  }
}

const snapshot = (s: GridState) => JSON.stringify(s);

type WithCustom = { customFields?: Record<string, unknown> | null };

/** The custom field columns of a list's records (none when they cannot be read: the list still works). */
async function customColumns<Row>(recordKind: RecordKind | undefined): Promise<GridColumn<Row>[]> {
  if (!recordKind) return [];
  try {
    const { customFields } = await request(CustomFieldsDocument, { recordKind });
    return customGridColumns<WithCustom>(customFields) as unknown as GridColumn<Row>[];
  } catch {
    return [];
  }
}

/**
 * State and data of a list page: shown columns, sorts, filter, grouping, page size (what a
 * saved view holds), keyset pagination with a stack of cursors, groups with their counts,
 * and the saved views (the last one used is restored on the next visit).
 */
export function useRecordGrid<Row>(source: GridSource<Row>) {
  const route = useRoute();
  const router = useRouter();
  /** The list's columns, then its custom fields' (known once `start` has read them). */
  const columns = ref<GridColumn<Row>[]>(source.columns) as { value: GridColumn<Row>[] };
  const state = reactive<GridState>(defaultState(source.columns));
  const rows = ref<Row[]>([]) as { value: Row[] };
  const totalCount = ref(0);
  const loading = ref(false);
  const error = ref<unknown>(null);
  const groups = ref<ListGroup[]>([]);
  /**
   * The grouping the shown rows were loaded with (sorted by that column first). Until the
   * page of a new grouping arrives, the rows on screen are in another order: grouping them
   * would make a header per run of equal values, the same header several times.
   */
  const rowsGroupBy = ref<string | null>(null);
  /** cursors[i] is the `after` of page i (null for the first). */
  const cursors = ref<(string | null)[]>([null]);
  const pageIndex = ref(0);
  const hasNextPage = ref(false);
  /** The cursor of the shown page's first row: the page before is read `before` it. */
  const startCursor = ref<string | null>(null);
  let sequence = 0;
  /**
   * The selected records (bulk actions), by id with the name they showed: the selection
   * survives paging, and a refusal can name a record no longer on the page.
   */
  const selection = ref(new Map<string, string>());

  /**
   * What of the opened link could not be applied: its filter (the list then shows more than
   * the link meant, all the results of a bulk action included) or other state (sort,
   * grouping, columns). Said until the filter is changed or a view chosen.
   */
  const linkIgnored = ref<'filter' | 'other' | null>(null);
  /**
   * The opened link named a saved view that no longer exists (deleted, or no longer shared
   * with me): the list starts from the default view instead. Said until a view is chosen.
   */
  const linkViewMissing = ref(false);

  /** Active, inactive or all records: a page setting, not part of a saved view (see pageFilter). */
  const activity = ref<Activity>('active');
  /** The conditions, ANDed with the quick search and the activity toggle. */
  const filter = computed(() => pageFilter(state, activity.value));
  const pageCount = computed(() => Math.max(1, Math.ceil(totalCount.value / state.pageSize)));

  /**
   * The first or a further page of the list for a filter, with the groups when grouped; with
   * `before`, the page just before that cursor instead of the one after `cursors[pageIndex]`.
   */
  async function fetchPage(listFilter: ListFilter | null, before: string | null = null) {
    // The grouping column is read from the rows even when it is not shown.
    const shown = new Set(state.groupBy ? [...state.columns, state.groupBy] : state.columns);
    const [page, groupRows] = await Promise.all([
      source.fetchPage(
        {
          filter: listFilter,
          orderBy: effectiveSorts(state),
          first: state.pageSize,
          after: before ? null : (cursors.value[pageIndex.value] ?? null),
          before,
        },
        shown,
      ),
      state.groupBy ? source.fetchGroups(state.groupBy, listFilter) : Promise.resolve([]),
    ]);
    return { page, groupRows };
  }

  function show({ page, groupRows }: Awaited<ReturnType<typeof fetchPage>>): void {
    rows.value = page.rows;
    totalCount.value = page.totalCount;
    hasNextPage.value = page.hasNextPage;
    startCursor.value = page.startCursor;
    groups.value = groupRows;
    rowsGroupBy.value = state.groupBy;
    cursors.value[pageIndex.value + 1] = page.endCursor;
    error.value = null;
  }

  async function load(): Promise<void> {
    const mine = ++sequence;
    loading.value = true;
    try {
      const result = await fetchPage(filter.value);
      if (mine !== sequence) return; // a newer request is on its way
      show(result);
    } catch (err) {
      if (mine === sequence) error.value = err;
    } finally {
      if (mine === sequence) loading.value = false;
    }
  }

  /** What the list asks the API; a change of it starts again from page 1. */
  const queryKey = () => JSON.stringify([state.sorts, filter.value, state.groupBy, state.pageSize]);
  /** The query whose first page `applyConditions` already shows: its change needs no reload. */
  let alreadyLoaded: string | null = null;

  /**
   * Filters the list by these conditions (and combinator) only if the API accepts them: it
   * loads their first page first, so a refused filter never becomes the page's filter (nor
   * shows as applied). Returns the refusal's field problems (path → message), or null when applied.
   */
  async function applyConditions(
    next: Condition[],
    combinator: GridState['combinator'] = state.combinator,
  ): Promise<Record<string, string> | null> {
    // With the quick search and the activity toggle, as the page asks (its rows are shown as
    // the page's): the conditions alone would show records the search or toggle leave out.
    const parts = { conditions: next, combinator, search: state.search };
    const candidate = pageFilter(parts, activity.value);
    const mine = ++sequence;
    loading.value = true;
    const savedCursors = cursors.value;
    const savedPage = pageIndex.value;
    cursors.value = [null];
    pageIndex.value = 0;
    try {
      const result = await fetchPage(candidate);
      if (mine !== sequence) return null;
      clearSelection();
      linkIgnored.value = null;
      state.conditions = next;
      state.combinator = combinator;
      alreadyLoaded = queryKey();
      show(result);
      return null;
    } catch (err) {
      if (mine !== sequence) return null;
      cursors.value = savedCursors;
      pageIndex.value = savedPage;
      const problems = conditionProblems(fieldErrors(err), parts, activity.value);
      if (Object.keys(problems).length) return problems;
      error.value = err;
      return null;
    } finally {
      if (mine === sequence) loading.value = false;
    }
  }

  function select(id: string, name: string, on: boolean): void {
    const next = new Map(selection.value);
    if (on) next.set(id, name);
    else next.delete(id);
    selection.value = next;
  }

  function clearSelection(): void {
    selection.value = new Map();
  }

  function firstPage(): void {
    // Another filter or sort shows other records: a selection made on the former ones would act unseen.
    clearSelection();
    cursors.value = [null];
    pageIndex.value = 0;
    void load();
  }

  function nextPage(): void {
    if (!hasNextPage.value) return;
    pageIndex.value++;
    void load();
  }

  function previousPage(): void {
    if (pageIndex.value === 0) return;
    const before = startCursor.value;
    // A page restored from its URL knows its own cursor only, not those of the pages before
    // it: the page before is then read backwards from this page's first row.
    if (cursors.value[pageIndex.value - 1] === undefined && before) {
      void loadPrevious(before);
      return;
    }
    if (cursors.value[pageIndex.value - 1] === undefined) {
      // No row on this page to go back from (all removed since): the first page.
      pageIndex.value = 0;
      cursors.value = [null];
    } else pageIndex.value--;
    void load();
  }

  /** Shows the page just before the cursor, as the previous page, and learns where it starts. */
  async function loadPrevious(before: string): Promise<void> {
    const mine = ++sequence;
    loading.value = true;
    try {
      const result = await fetchPage(filter.value, before);
      if (mine !== sequence) return;
      const start = result.page.previousEndCursor;
      if (start === null) {
        // Nothing before it: it is the first page (fewer pages before than the link said,
        // records having been removed since).
        cursors.value = [null];
        pageIndex.value = 0;
      } else {
        pageIndex.value--;
        cursors.value[pageIndex.value] = start;
      }
      show(result);
    } catch (err) {
      if (mine === sequence) error.value = err;
    } finally {
      if (mine === sequence) loading.value = false;
    }
  }

  // Any change of what is asked (not of the shown columns alone) starts again from page 1.
  watch(queryKey, (key) => {
    const loaded = alreadyLoaded === key;
    alreadyLoaded = null;
    if (!loaded) firstPage();
  });
  // Showing a column may need data the current page did not ask for.
  watch(
    () => state.columns.join(','),
    () => void load(),
  );

  // Saved views.
  const views = ref<ListViewFieldsFragment[]>([]);
  /** Whether the views were read (a link's view missing from them is then really gone). */
  let viewsRead = false;
  const currentViewId = ref<string | null>(null);
  const currentView = computed(() => views.value.find((v) => v.id === currentViewId.value) ?? null);
  const savedSnapshot = ref(snapshot(state));
  /** The selected view's state (or the default one): the URL only says what differs from it. */
  const baseState = ref<GridState>(defaultState(source.columns));
  const dirty = computed(() => snapshot(state) !== savedSnapshot.value);

  function apply(next: GridState): void {
    Object.assign(state, next);
    baseState.value = { ...next };
    savedSnapshot.value = snapshot(state);
  }

  function selectView(id: string | null): void {
    linkIgnored.value = null;
    linkViewMissing.value = false;
    currentViewId.value = id;
    remember(source.list, id);
    const view = views.value.find((v) => v.id === id);
    apply(view ? stateFromView(view, columns.value) : defaultState(columns.value));
  }

  function viewInput(name: string, shared: boolean): ListViewInput {
    return {
      name,
      shared,
      columns: state.columns,
      orderBy: state.sorts,
      // The quick search is saved with the conditions (stateFromView reads it back).
      filter: pageFilter(state),
      groupBy: state.groupBy,
      pageSize: state.pageSize,
    };
  }

  function upsert(view: ListViewFieldsFragment): void {
    const others = views.value.filter((v) => v.id !== view.id);
    views.value = [view, ...others].sort((a, b) => Number(b.mine) - Number(a.mine) || a.name.localeCompare(b.name));
    currentViewId.value = view.id;
    linkViewMissing.value = false;
    remember(source.list, view.id);
    baseState.value = JSON.parse(snapshot(state)) as GridState;
    savedSnapshot.value = snapshot(state);
  }

  async function saveAs(name: string, shared: boolean): Promise<void> {
    const { createListView } = await request(CreateListViewDocument, {
      list: source.list,
      input: viewInput(name, shared),
    });
    upsert(createListView);
  }

  /** Saves the current state into the current view (mine only), optionally changing its sharing. */
  async function save(shared?: boolean): Promise<void> {
    const view = currentView.value;
    if (!view?.mine) return;
    const { updateListView } = await request(UpdateListViewDocument, {
      id: view.id,
      input: viewInput(view.name, shared ?? view.shared),
    });
    upsert(updateListView);
  }

  async function removeView(): Promise<void> {
    const view = currentView.value;
    if (!view?.mine) return;
    await request(DeleteListViewDocument, { id: view.id });
    views.value = views.value.filter((v) => v.id !== view.id);
    selectView(null);
  }

  // The state in the URL (see urlState.ts), written once `start` has read it back. A step to
  // another page is pushed (Back returns to the page before); other changes are replaced:
  // Back leaves the list rather than stepping through each sort, filter and page size.
  let started = false;
  /** Navigations of the URL this list writes itself under way (not Back or Forward). */
  let writing = 0;
  const urlQuery = computed<ListQuery>(() => {
    const query = encodeListQuery(currentViewId.value, state, baseState.value, {
      pageIndex: pageIndex.value,
      after: cursors.value[pageIndex.value] ?? null,
    });
    if (activity.value !== 'active') query.active = activity.value;
    return query;
  });
  function routeQuery(): ListQuery {
    const current: ListQuery = {};
    for (const key of QUERY_KEYS) {
      const v = queryValue(route.query[key]);
      if (v !== undefined) current[key] = v;
    }
    return current;
  }
  function writeUrl(query: ListQuery, mode = historyMode(routeQuery(), query)): void {
    if (!started || !mode) return;
    // The cursors of the pages before go in the history entry (too long for the URL): Back to
    // page 3 can still step to page 2.
    const state = { [CURSORS_STATE]: cursors.value.slice(0, pageIndex.value + 1) };
    writing++;
    void (mode === 'push' ? router.push({ query, state }) : router.replace({ query, state })).finally(() => writing--);
  }
  watch(urlQuery, (query) => writeUrl(query));

  // Back or Forward to another entry of this list (a page pushed above): show what it says.
  const listPath = route.path;
  watch(
    () => route.query,
    () => {
      if (!started || writing > 0 || route.path !== listPath) return;
      if (!historyMode(routeQuery(), urlQuery.value)) return;
      if (!restoreFromUrl()) {
        // A bare URL: the default view's first page.
        currentViewId.value = null;
        apply(defaultState(columns.value));
        activity.value = 'active';
        clearSelection();
        cursors.value = [null];
        pageIndex.value = 0;
        alreadyLoaded = queryKey();
      }
      void load();
    },
    { flush: 'sync' },
  );

  /** Applies the state the URL holds over its view's; false when the URL holds none. */
  function restoreFromUrl(): boolean {
    const query = route.query;
    if (!QUERY_KEYS.some((k) => k in query)) return false;
    const viewId = queryValue(query.view);
    const view = views.value.find((v) => v.id === viewId);
    // A view deleted since (or never there) is ignored: its params still apply over the default.
    // Said, unless the views could not be read at all (then the error says so).
    linkViewMissing.value = viewId !== undefined && !view && viewsRead;
    currentViewId.value = view?.id ?? null;
    if (view) remember(source.list, view.id);
    apply(view ? stateFromView(view, columns.value) : defaultState(columns.value));
    const restored = decodeListQuery(query, columns.value, baseState.value);
    Object.assign(state, restored.state);
    if (restored.ignored.includes('filter')) linkIgnored.value = 'filter';
    else if (restored.ignored.length) linkIgnored.value = 'other';
    const active = queryValue(query.active);
    activity.value = ACTIVITIES.find((a) => a === active) ?? 'active';
    clearSelection();
    const { pageIndex: page, after } = restored.position;
    const kept = (history.state as Record<string, unknown> | null)?.[CURSORS_STATE];
    if (keptCursors(kept, page, after)) cursors.value = kept;
    else if (page === 0) cursors.value = [null];
    else {
      // A link opened anew: only its own page's cursor is known (and the first page's, none);
      // Previous reads the pages before backwards.
      cursors.value = [null];
      cursors.value[page] = after;
    }
    pageIndex.value = restored.position.pageIndex;
    // The watch of the query must not start again from page 1 for this change.
    alreadyLoaded = queryKey();
    return true;
  }

  /** Loads the views, restores the URL's state or the last view used, then its page. */
  async function start(): Promise<void> {
    // Custom field columns first known, so that a view showing one keeps it (a deleted field's is dropped).
    const custom = customColumns<Row>(source.customFields);
    try {
      views.value = (await request(ListViewsDocument, { list: source.list })).listViews;
      viewsRead = true;
    } catch (err) {
      error.value = err;
    }
    columns.value = [...source.columns, ...(await custom)];
    if (restoreFromUrl()) {
      await load();
      // A link the API refuses falls back rather than leaving an error on an empty list: a
      // cursor it refuses (of another sort, or made up) to the first page of the same list,
      // then a state it refuses (a filter value…) to the view's first page.
      if (error.value && pageIndex.value > 0) {
        cursors.value = [null];
        pageIndex.value = 0;
        await load();
      }
      if (error.value) {
        // The link's state dropped as a whole: its filter too, when it had one.
        linkIgnored.value = queryValue(route.query.filter) !== undefined ? 'filter' : 'other';
        apply({ ...baseState.value });
        alreadyLoaded = queryKey();
        firstPage();
      }
    } else {
      const last = remembered(source.list);
      if (last && views.value.some((v) => v.id === last)) selectView(last);
      // Awaited, so that the caller can scroll the shown rows back to where they were.
      alreadyLoaded = queryKey();
      cursors.value = [null];
      pageIndex.value = 0;
      await load();
    }
    started = true;
    // What the URL said may not be what shows (a param ignored, a refused link): say what does,
    // in the same history entry.
    writeUrl(urlQuery.value, historyMode(routeQuery(), urlQuery.value) && 'replace');
  }

  return {
    columns,
    state,
    rows,
    totalCount,
    loading,
    error,
    groups,
    rowsGroupBy,
    filter,
    activity,
    pageIndex,
    pageCount,
    hasNextPage,
    firstPage,
    nextPage,
    previousPage,
    reload: load,
    applyConditions,
    linkIgnored,
    linkViewMissing,
    selection,
    select,
    clearSelection,
    views,
    currentViewId,
    currentView,
    dirty,
    selectView,
    save,
    saveAs,
    removeView,
    start,
  };
}

export type RecordGrid<Row> = ReturnType<typeof useRecordGrid<Row>>;
