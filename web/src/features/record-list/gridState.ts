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

/** The page's filter with the activity toggle's condition (none for 'active', the API's default). */
export function withActivity(filter: ListFilter | null, activity: Activity): ListFilter | null {
  if (activity === 'inactive') return withCondition(filter, { column: 'active', op: 'IS_FALSE' });
  if (activity === 'all')
    return withCondition(filter, {
      or: [
        { column: 'active', op: 'IS_TRUE' },
        { column: 'active', op: 'IS_FALSE' },
      ],
    });
  return filter;
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
  const stored = (view.filter ?? null) as StoredFilter | null;
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
