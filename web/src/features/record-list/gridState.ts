import type { FilterOp, ListFilter, ListViewFieldsFragment } from '@/gql/graphql';
import type { ColumnKind, Condition, GridColumn, GridState, SortSpec } from './types';

/** Operators offered per kind of column (the API accepts the same ones). */
export const OPERATORS: Record<ColumnKind, FilterOp[]> = {
  text: ['CONTAINS', 'EQUALS', 'STARTS_WITH', 'NOT_CONTAINS', 'NOT_EQUALS', 'EMPTY', 'NOT_EMPTY'],
  phone: ['CONTAINS', 'STARTS_WITH', 'EQUALS', 'EMPTY', 'NOT_EMPTY'],
  number: ['BETWEEN', 'EQUALS', 'NOT_EQUALS', 'EMPTY', 'NOT_EMPTY'],
  date: ['BETWEEN', 'EMPTY', 'NOT_EMPTY'],
  boolean: ['IS_TRUE', 'IS_FALSE'],
  choice: ['IN', 'NOT_IN', 'EMPTY', 'NOT_EMPTY'],
  multiChoice: ['IN', 'NOT_IN', 'EMPTY', 'NOT_EMPTY'],
  user: ['IN', 'NOT_IN', 'EMPTY', 'NOT_EMPTY'],
  company: ['IN', 'NOT_IN', 'CONTAINS', 'EMPTY', 'NOT_EMPTY'],
};

/** Operators that take no value. */
export const NO_VALUE: FilterOp[] = ['EMPTY', 'NOT_EMPTY', 'IS_TRUE', 'IS_FALSE'];

export const DEFAULT_PAGE_SIZE = 50;
export const PAGE_SIZES = [10, 20, 50, 100];

export function defaultState<Row>(columns: GridColumn<Row>[]): GridState {
  return {
    columns: columns.filter((c) => c.defaultVisible).map((c) => c.key),
    sorts: [],
    conditions: [],
    combinator: 'and',
    groupBy: null,
    pageSize: DEFAULT_PAGE_SIZE,
    search: '',
  };
}

function leaf(c: Condition): ListFilter {
  const f: ListFilter = { column: c.column, op: c.op };
  if (c.value != null && c.value !== '') f.value = c.value;
  if (c.values?.length) f.values = c.values;
  if (c.from) f.from = c.from;
  if (c.to) f.to = c.to;
  return f;
}

/** The API filter of the conditions (null: no filter). */
export function toFilter(state: Pick<GridState, 'conditions' | 'combinator'>): ListFilter | null {
  if (!state.conditions.length) return null;
  const [only] = state.conditions;
  if (state.conditions.length === 1 && only) return leaf(only);
  return { [state.combinator]: state.conditions.map(leaf) };
}

/** The page's filter plus "this group only", for the rows under a group header. */
export function withCondition(filter: ListFilter | null, extra: ListFilter): ListFilter {
  return filter ? { and: [filter, extra] } : extra;
}

/**
 * Which records the list shows by their "Actif" flag. The API hides the inactive ones unless
 * the filter names `active`: this toggle names it, so they can be seen (and reactivated)
 * without knowing about the hidden "Actif" column.
 */
export type Activity = 'active' | 'inactive' | 'all';
export const ACTIVITIES: Activity[] = ['active', 'inactive', 'all'];

/** The activity toggle's condition (none for 'active', the API's default). */
function activityCondition(activity: Activity): ListFilter | null {
  if (activity === 'inactive') return { column: 'active', op: 'IS_FALSE' };
  if (activity === 'all')
    return {
      or: [
        { column: 'active', op: 'IS_TRUE' },
        { column: 'active', op: 'IS_FALSE' },
      ],
    };
  return null;
}

/** The page's filter with the activity toggle's condition (none for 'active', the API's default). */
export function withActivity(filter: ListFilter | null, activity: Activity): ListFilter | null {
  const extra = activityCondition(activity);
  return extra ? withCondition(filter, extra) : filter;
}

/**
 * The quick search: the API's `search` condition (every word in the record's name, city,
 * e-mail, phones…, without case or accents), ANDed with the list's conditions.
 */
export const SEARCH_COLUMN = 'search';
/** The API's longest text in a condition. */
export const SEARCH_MAX_LENGTH = 200;

export function searchCondition(search: string): ListFilter | null {
  const value = search.replace(/\s+/g, ' ').trim().slice(0, SEARCH_MAX_LENGTH);
  return value ? { column: SEARCH_COLUMN, op: 'CONTAINS', value } : null;
}

type FilterParts = Pick<GridState, 'conditions' | 'combinator' | 'search'>;

/**
 * What the page asks the API: the conditions' filter, ANDed with the quick search and the
 * activity toggle's condition; the conditions always come first (`and.0` when combined), so a
 * refusal of them can be told per condition (see `conditionProblems`).
 */
export function pageFilter(state: FilterParts, activity: Activity = 'active'): ListFilter | null {
  const own = toFilter(state);
  const extras = [searchCondition(state.search), activityCondition(activity)].filter(
    (f): f is ListFilter => f !== null,
  );
  if (!extras.length) return own;
  if (!own) return extras.length === 1 ? (extras[0] ?? null) : { and: extras };
  return { and: [own, ...extras] };
}

/**
 * The field problems of a refused `pageFilter` as if its conditions had been sent alone
 * ("filter.and.0.and.1.value" → "filter.and.1.value"), which is what `conditionErrors` and
 * `refusedConditions` read; those of the search or the toggle go under "search", no condition's.
 */
export function conditionProblems(
  problems: Record<string, string>,
  state: FilterParts,
  activity: Activity = 'active',
): Record<string, string> {
  const wrapped = state.conditions.length > 0 && !!(searchCondition(state.search) || activityCondition(activity));
  if (!wrapped) return problems;
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    if (path === 'filter.and.0') result.filter ??= message;
    else if (path.startsWith('filter.and.0.')) result[`filter.${path.slice('filter.and.0.'.length)}`] ??= message;
    // The search's or the toggle's: no condition's (the page says it as a general error).
    else if (path.startsWith('filter.')) result.search ??= message;
    else result[path] ??= message;
  }
  return result;
}

/** The sort the API gets: the grouping column first, so that each group's rows come together. */
export function effectiveSorts(state: GridState): SortSpec[] {
  if (!state.groupBy) return state.sorts;
  const own = state.sorts.find((s) => s.column === state.groupBy);
  const rest = state.sorts.filter((s) => s.column !== state.groupBy);
  // Within a group, rows keep the lists' usual order (by name) unless another sort is chosen.
  if (!rest.length && state.groupBy !== 'name') rest.push({ column: 'name', direction: 'ASC' });
  return [own ?? { column: state.groupBy, direction: 'ASC' }, ...rest];
}

type StoredFilter = { and?: StoredFilter[]; or?: StoredFilter[] } & Partial<Condition>;

function toCondition(f: StoredFilter): Condition | null {
  if (!f.column || !f.op) return null;
  return {
    column: f.column,
    op: f.op,
    value: f.value,
    values: f.values,
    from: f.from,
    to: f.to,
  };
}

/**
 * A saved view back into page state. Unknown columns (a custom field deleted since) are dropped
 * from the shown columns, sorts and grouping, but not from the filter: a condition dropped there
 * would silently show more than the view means (and a bulk action act on it), so it stays, the
 * API refuses it when the page loads and the list says which condition (FilterRefusalAlert).
 */
export function stateFromView<Row>(view: ListViewFieldsFragment, columns: GridColumn<Row>[]): GridState {
  const known = new Set(columns.map((c) => c.key));
  let stored = (view.filter ?? null) as StoredFilter | null;
  // The quick search is saved ANDed with the conditions (pageFilter): { and: [conditions, search] }.
  let search = '';
  const isSearch = (f: StoredFilter) =>
    f.column === SEARCH_COLUMN && f.op === 'CONTAINS' && typeof f.value === 'string';
  if (stored && isSearch(stored)) {
    search = stored.value ?? '';
    stored = null;
  } else if (stored?.and?.some(isSearch)) {
    search = stored.and.find(isSearch)?.value ?? '';
    const rest = stored.and.filter((f) => !isSearch(f));
    const [group] = rest;
    stored = rest.length === 1 && group && (group.and || group.or) ? group : { and: rest };
  }
  let combinator: 'and' | 'or' = 'and';
  let conditions: Condition[] = [];
  if (stored?.and || stored?.or) {
    combinator = stored.or ? 'or' : 'and';
    conditions = (stored.and ?? stored.or ?? []).map(toCondition).filter((c): c is Condition => c !== null);
  } else if (stored) {
    const single = toCondition(stored);
    if (single) conditions = [single];
  }
  return {
    columns: view.columns.filter((c) => known.has(c)),
    sorts: view.orderBy.filter((s) => known.has(s.column)).map((s) => ({ column: s.column, direction: s.direction })),
    conditions,
    combinator,
    groupBy: view.groupBy && known.has(view.groupBy) ? view.groupBy : null,
    pageSize: view.pageSize,
    search,
  };
}

/**
 * A number typed in a filter, in the API's form ("-1,5" → "-1.5"), or null when the text is
 * not a plain decimal number (letters, exponents, several separators…).
 */
export function parseFilterNumber(text: string): string | null {
  const t = text.trim().replace(/\s/g, '');
  if (!/^[-+]?\d+([.,]\d+)?$/.test(t)) return null;
  return t.replace(',', '.').replace(/^\+/, '');
}

/**
 * The API's field problems (path joined with ".", as `fieldErrors` gives them) that concern
 * the condition at `index` of `count`, keyed by its field (value, values, from, to); a problem
 * on the condition itself is under "". Conditions are sent alone ("filter.to") or in a
 * combinator ("filter.and.1.to").
 */
export function conditionErrors(errors: Record<string, string>, index: number, count: number): Record<string, string> {
  const prefixes = count === 1 ? ['filter'] : [`filter.and.${index}`, `filter.or.${index}`];
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    for (const prefix of prefixes) {
      if (path === prefix) result[''] ??= message;
      else if (path.startsWith(`${prefix}.`)) result[path.slice(prefix.length + 1)] ??= message;
    }
  }
  return result;
}

/** One refused condition of a filter: its index among the conditions sent (null: the filter as a whole) and why. */
export interface RefusedCondition {
  index: number | null;
  message: string;
}

/**
 * The problems of a refused filter (as `fieldErrors` gives them) by condition, one message
 * each, in the conditions' order; the problems outside the filter (a cursor, a sort) are left
 * out: none at all says the refusal is not the filter's.
 */
export function refusedConditions(errors: Record<string, string>, count: number): RefusedCondition[] {
  const byIndex = new Map<number | null, string>();
  for (const [path, message] of Object.entries(errors)) {
    if (path !== 'filter' && !path.startsWith('filter.')) continue;
    const m = /^filter\.(?:and|or)\.(\d+)(?:\.|$)/.exec(path);
    // A lone condition is sent as the filter itself ("filter.value").
    const index = m ? Number(m[1]) : count === 1 ? 0 : null;
    if (!byIndex.has(index)) byIndex.set(index, message);
  }
  return [...byIndex].map(([index, message]) => ({ index, message })).sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
}
