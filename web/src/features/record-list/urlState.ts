import type { FilterOp } from '@/gql/graphql';
import { OPERATORS, PAGE_SIZES, SEARCH_MAX_LENGTH } from './gridState';
import type { Condition, GridColumn, GridState, SortSpec } from './types';

/**
 * A list page's state in its URL query, so that a reload or Back from a record shows the same
 * list. Only what differs from the base (the selected view's state, or the default one) is
 * written, so an untouched list keeps a bare URL:
 *   ?view=<id>&sort=city:desc,name:asc&filter=<base64url JSON>&q=dupont&group=city&size=20&cols=name,city&page=2&after=<cursor>
 * (`q`: the quick search's text).
 * An empty value says "none" where the base has some (`sort=` with a sorted view).
 * Reading is forgiving: a param that is malformed or names an unknown column is ignored and
 * the base's value kept, never an error (old bookmarks, hand-edited links); the params ignored
 * are told, so that the page can say it (a link's filter dropped shows every record, which a
 * bulk action on "all the results" would then reach).
 */

export type ListQuery = Record<string, string>;

/** Where the list is: its page (0-based) and the cursor that page starts after. */
export interface ListPosition {
  pageIndex: number;
  after: string | null;
}

/** The params that say where the list is, not what it shows. */
const POSITION_KEYS = ['page', 'after'];

/**
 * How a change of the list's URL goes into the browser history: a step to another page of the
 * same list (same view, sort, filter, size…) is pushed, so that Back returns to the page before;
 * any other change (a sort, a filter, the page size, which also start again from page 1)
 * replaces the entry, so that Back leaves the list rather than undoing each of them. Null: no change.
 */
export function historyMode(current: ListQuery, next: ListQuery): 'push' | 'replace' | null {
  if (JSON.stringify(current) === JSON.stringify(next)) return null;
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  const onlyPosition = [...keys].every((k) => POSITION_KEYS.includes(k) || current[k] === next[k]);
  return onlyPosition ? 'push' : 'replace';
}

/** A param of the link that could not be applied, wholly or in part. */
export type IgnoredParam = 'sort' | 'filter' | 'group' | 'size' | 'cols';

export interface UrlListState {
  viewId: string | null;
  state: GridState;
  position: ListPosition;
  ignored: IgnoredParam[];
}

/** Bounds what a link can make the page hold (a filter is a handful of conditions). */
const MAX_FILTER_LENGTH = 4000;
const MAX_CONDITIONS = 20;
const MAX_PAGE = 100_000;

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64UrlDecode(text: string): string {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

const encodeSorts = (sorts: SortSpec[]) => sorts.map((s) => `${s.column}:${s.direction.toLowerCase()}`).join(',');

/** Conditions in a short JSON form: [combinator, [column, op, value?, values?, from?, to?]…]. */
function encodeConditions(state: Pick<GridState, 'conditions' | 'combinator'>): string {
  if (!state.conditions.length) return '';
  const rows = state.conditions.map((c) => {
    const row: unknown[] = [c.column, c.op, c.value ?? null, c.values ?? null, c.from ?? null, c.to ?? null];
    while (row.length > 2 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return base64UrlEncode(JSON.stringify([state.combinator === 'or' ? 'o' : 'a', ...rows]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The query of a list's state; `base` is what the URL need not repeat. */
export function encodeListQuery(
  viewId: string | null,
  state: GridState,
  base: GridState,
  position: ListPosition,
): ListQuery {
  const query: ListQuery = {};
  if (viewId) query.view = viewId;
  if (!same(state.sorts, base.sorts)) query.sort = encodeSorts(state.sorts);
  const conditions = { conditions: state.conditions, combinator: state.combinator };
  if (encodeConditions(conditions) !== encodeConditions(base)) query.filter = encodeConditions(conditions);
  if (state.search.trim() !== base.search.trim()) query.q = state.search.trim();
  if (state.groupBy !== base.groupBy) query.group = state.groupBy ?? '';
  if (state.pageSize !== base.pageSize) query.size = String(state.pageSize);
  if (!same(state.columns, base.columns)) query.cols = state.columns.join(',');
  if (position.pageIndex > 0 && position.after) {
    query.page = String(position.pageIndex + 1);
    query.after = position.after;
  }
  return query;
}

/** The first value of a query param as vue-router gives it (a string, null, or an array). */
export function queryValue(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

function decodeSorts(text: string, known: Set<string>): SortSpec[] | null {
  if (text === '') return [];
  const sorts: SortSpec[] = [];
  for (const part of text.split(',')) {
    const m = /^([\w.-]+):(asc|desc)$/i.exec(part);
    if (!m?.[1] || !m[2] || !known.has(m[1])) return null;
    if (sorts.some((s) => s.column === m[1])) return null;
    sorts.push({ column: m[1], direction: m[2].toLowerCase() === 'desc' ? 'DESC' : 'ASC' });
  }
  return sorts;
}

const optionalString = (v: unknown): v is string | null | undefined => v == null || typeof v === 'string';

function decodeCondition<Row>(row: unknown, byKey: Map<string, GridColumn<Row>>): Condition | null {
  if (!Array.isArray(row)) return null;
  const [column, op, value, values, from, to] = row as unknown[];
  const col = typeof column === 'string' ? byKey.get(column) : undefined;
  if (!col || typeof op !== 'string' || !OPERATORS[col.kind].includes(op as FilterOp)) return null;
  if (!optionalString(value) || !optionalString(from) || !optionalString(to)) return null;
  if (values != null && !(Array.isArray(values) && values.every((v) => typeof v === 'string'))) return null;
  const c: Condition = { column: col.key, op: op as FilterOp };
  if (value != null) c.value = value;
  if (values != null) c.values = values as string[];
  if (from != null) c.from = from;
  if (to != null) c.to = to;
  return c;
}

function decodeConditions<Row>(
  text: string,
  byKey: Map<string, GridColumn<Row>>,
): (Pick<GridState, 'conditions' | 'combinator'> & { complete: boolean }) | null {
  if (text === '') return { conditions: [], combinator: 'and', complete: true };
  if (text.length > MAX_FILTER_LENGTH) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64UrlDecode(text));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || (parsed[0] !== 'a' && parsed[0] !== 'o')) return null;
  const rows = parsed.slice(1, MAX_CONDITIONS + 1);
  // A condition on a column removed since is dropped, the others kept (as for a saved view).
  const conditions = rows.map((r) => decodeCondition(r, byKey)).filter((c): c is Condition => c !== null);
  const complete = conditions.length === parsed.length - 1;
  return { conditions, combinator: parsed[0] === 'o' ? 'or' : 'and', complete };
}

/**
 * A list's state from its query: `base` (the view's or the default state) with each valid
 * param applied over it. `viewId` is the `view` param as is: the caller checks it exists.
 */
export function decodeListQuery<Row>(
  query: Record<string, unknown>,
  columns: GridColumn<Row>[],
  base: GridState,
): UrlListState {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const known = new Set(byKey.keys());
  const get = (key: string) => queryValue(query[key]);
  const state: GridState = { ...base };
  const ignored: IgnoredParam[] = [];

  const sort = get('sort');
  const sorts = sort === undefined ? null : decodeSorts(sort, known);
  if (sorts) state.sorts = sorts;
  else if (sort !== undefined) ignored.push('sort');

  const filter = get('filter');
  const conditions = filter === undefined ? null : decodeConditions(filter, byKey);
  if (conditions) state.conditions = conditions.conditions;
  if (conditions) state.combinator = conditions.combinator;
  if (filter !== undefined && !conditions?.complete) ignored.push('filter');

  // The quick search: any text (an empty one clears a view's), as long as the API takes.
  const q = get('q');
  if (q !== undefined) state.search = q.replace(/\s+/g, ' ').trim().slice(0, SEARCH_MAX_LENGTH);

  const group = get('group');
  if (group === '') state.groupBy = null;
  else if (group !== undefined && byKey.get(group)?.groupable) state.groupBy = group;
  else if (group !== undefined) ignored.push('group');

  const sizeParam = get('size');
  const size = Number(sizeParam);
  if (PAGE_SIZES.includes(size)) state.pageSize = size;
  else if (sizeParam !== undefined) ignored.push('size');

  const cols = get('cols');
  if (cols) {
    const asked = [...new Set(cols.split(','))];
    const shown = asked.filter((k) => known.has(k));
    if (shown.length) state.columns = shown;
    if (shown.length < asked.length) ignored.push('cols');
  }

  const page = Number(get('page'));
  const after = get('after');
  const position: ListPosition =
    Number.isInteger(page) && page > 1 && page <= MAX_PAGE && after
      ? { pageIndex: page - 1, after }
      : { pageIndex: 0, after: null };

  return { viewId: get('view') || null, state, position, ignored };
}
