import { FieldErrors } from '../../common/errors';
import { isUuid } from '../../common/ids';
import type { ColumnDef, ColumnKind, ListDef } from './columns';
import { containsSql, escapeLike, normSql, searchDocFirstSql } from '../search/search.service';
import { FilterOp, type ListFilterInput } from './record-list.inputs';

type Path = (string | number)[];

/** Bind parameters of one statement: values never enter the SQL text. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const MAX_DEPTH = 5;
const MAX_CONDITIONS = 50;
const MAX_VALUES = 200;
const MAX_TEXT = 200;

const TEXT_OPS = [
  FilterOp.CONTAINS,
  FilterOp.NOT_CONTAINS,
  FilterOp.STARTS_WITH,
  FilterOp.EQUALS,
  FilterOp.NOT_EQUALS,
  FilterOp.EMPTY,
  FilterOp.NOT_EMPTY,
];
const REF_OPS = [FilterOp.IN, FilterOp.NOT_IN, ...TEXT_OPS];

const OPS: Record<ColumnKind, FilterOp[]> = {
  text: TEXT_OPS,
  phone: [FilterOp.CONTAINS, FilterOp.STARTS_WITH, FilterOp.EQUALS, FilterOp.EMPTY, FilterOp.NOT_EMPTY],
  number: [FilterOp.BETWEEN, FilterOp.EQUALS, FilterOp.NOT_EQUALS, FilterOp.EMPTY, FilterOp.NOT_EMPTY],
  date: [FilterOp.BETWEEN, FilterOp.EMPTY, FilterOp.NOT_EMPTY],
  boolean: [FilterOp.IS_TRUE, FilterOp.IS_FALSE],
  choice: REF_OPS,
  multiChoice: [FilterOp.IN, FilterOp.NOT_IN, FilterOp.CONTAINS, FilterOp.EMPTY, FilterOp.NOT_EMPTY],
  user: REF_OPS,
  company: REF_OPS,
};

/** Operators allowed on each kind of column (for the client's filter menus and validation). */
export function operatorsFor(kind: ColumnKind): FilterOp[] {
  return OPS[kind];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The lists' quick search (the box above each list): a condition `{ column: "search", op:
 * CONTAINS, value }` that combines with the others like any condition (saved views, bulk
 * actions on every result and exports read the same filter). Not a column of the registry:
 * it has nothing to show, sort or group.
 */
export const QUICK_SEARCH = 'search';
const MAX_SEARCH_WORDS = 10;
/** Phone numbers, SIRETs, postal codes: digits and the separators people type (as the global search). */
const NUMBER_LIKE = /^[\d\s+().\-/]+$/;

/**
 * The LIKE patterns of a quick search, as the global search reads a query: every word must
 * be in the record's search document (normalised: no case, no accents); a number typed with
 * spaces, dots or a leading + or 00 is looked for as its digits (the document holds phones in
 * both their international and national forms).
 */
export function quickSearchPatterns(text: string): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (NUMBER_LIKE.test(t) && /\d/.test(t)) {
    let digits = t.replace(/\D/g, '');
    if (digits.startsWith('00') && digits.length > 2) digits = digits.slice(2);
    return [`%${digits}%`];
  }
  return [...new Set(t.split(' ').filter(Boolean))].slice(0, MAX_SEARCH_WORDS).map((w) => `%${escapeLike(w)}%`);
}

/**
 * One word of the quick search in a record: its stored search document (migration
 * 1764576000000-Search: companies' name, city, postal code, SIRET, VAT number; contacts' names,
 * e-mail, position, phones), and for a contact its company's too (the list shows the company).
 */
function quickSearchWordSql(list: ListDef, pattern: string): string {
  const doc = `${list.alias}.search_doc LIKE search_norm(${pattern})`;
  if (list.table === 'company') return doc;
  // Uncorrelated: the companies are matched once (a hashed subplan), not looked up per contact.
  return `(${doc} OR ${list.alias}.company_id IN (SELECT co.id FROM company co WHERE co.search_doc LIKE search_norm(${pattern})))`;
}

/**
 * Compiles a filter tree into a SQL condition over the list's base alias. Every problem is
 * reported with its path in the input (e.g. ["filter", "or", 1, "column"]).
 */
export class FilterCompiler {
  private conditions = 0;
  readonly errors = new FieldErrors();

  constructor(
    private readonly list: ListDef,
    private readonly params: Params,
  ) {}

  /** The SQL condition ('TRUE' for no filter); throws BAD_USER_INPUT naming every bad field. */
  compile(filter: ListFilterInput | null | undefined, path: Path): string {
    const sql = filter ? this.node(filter, path, 0) : 'TRUE';
    this.errors.throwIfAny();
    return sql;
  }

  private node(f: ListFilterInput, path: Path, depth: number): string {
    if (depth > MAX_DEPTH) {
      this.errors.add(path, 'list.filterTooDeep', { max: MAX_DEPTH });
      return 'TRUE';
    }
    const shapes = [f.and != null, f.or != null, f.column != null].filter(Boolean).length;
    if (shapes !== 1) {
      this.errors.add(path, 'list.filterShape');
      return 'TRUE';
    }
    if (f.and) return this.group(f.and, 'AND', [...path, 'and'], depth);
    if (f.or) return this.group(f.or, 'OR', [...path, 'or'], depth);
    return this.condition(f, path);
  }

  private group(children: ListFilterInput[], op: 'AND' | 'OR', path: Path, depth: number): string {
    if (!children.length) return op === 'AND' ? 'TRUE' : 'FALSE';
    return `(${children.map((c, i) => this.node(c, [...path, i], depth + 1)).join(` ${op} `)})`;
  }

  private condition(f: ListFilterInput, path: Path): string {
    if (++this.conditions > MAX_CONDITIONS) {
      if (this.conditions === MAX_CONDITIONS + 1)
        this.errors.add(path, 'list.tooManyConditions', { max: MAX_CONDITIONS });
      return 'TRUE';
    }
    if (f.column === QUICK_SEARCH) return this.quickSearch(f, path);
    const column = this.list.columns.get(f.column ?? '');
    if (!column) {
      this.errors.add([...path, 'column'], unknownColumn(f.column), { column: String(f.column) });
      return 'TRUE';
    }
    if (!f.op) {
      this.errors.add([...path, 'op'], 'field.required');
      return 'TRUE';
    }
    if (!(column.ops ?? OPS[column.kind]).includes(f.op)) {
      this.errors.add([...path, 'op'], 'list.badOperator', { op: f.op, column: column.key });
      return 'TRUE';
    }
    return this.compileOp(column, f, path);
  }

  private quickSearch(f: ListFilterInput, path: Path): string {
    if (f.op !== FilterOp.CONTAINS) {
      this.errors.add([...path, 'op'], f.op ? 'list.badOperator' : 'field.required', {
        op: String(f.op),
        column: QUICK_SEARCH,
      });
      return 'TRUE';
    }
    const v = this.text(f, path);
    if (v === null) return 'TRUE';
    const parts = quickSearchPatterns(v).map((pattern) => quickSearchWordSql(this.list, this.params.add(pattern)));
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' AND ')})`;
  }

  private text(f: ListFilterInput, path: Path): string | null {
    const v = f.value?.trim();
    if (!v) {
      this.errors.add([...path, 'value'], 'field.required');
      return null;
    }
    if (v.length > MAX_TEXT) {
      this.errors.add([...path, 'value'], 'field.tooLong', { max: MAX_TEXT });
      return null;
    }
    return v;
  }

  private compileOp(column: ColumnDef, f: ListFilterInput, path: Path): string {
    const op = f.op as FilterOp;
    const p = this.params;
    if (column.compile) {
      const own = column.compile(op, f, p, (sub, message, params) =>
        this.errors.add([...path, ...sub], message, params),
      );
      if (own !== null) return own;
    }
    // Text operators on a reference column compare its label.
    const textSql = column.label ?? column.value;

    switch (op) {
      case FilterOp.EMPTY:
      case FilterOp.NOT_EMPTY: {
        const sql =
          column.kind === 'multiChoice'
            ? `${column.ids} IS NULL`
            : column.kind === 'text' || column.kind === 'phone'
              ? `coalesce(${column.value}, '') = ''`
              : `${column.value} IS NULL`;
        return op === FilterOp.EMPTY ? sql : `NOT (${sql})`;
      }
      case FilterOp.IS_TRUE:
        return `${column.value} IS TRUE`;
      case FilterOp.IS_FALSE:
        return `${column.value} IS NOT TRUE`;
      case FilterOp.IN:
      case FilterOp.NOT_IN: {
        const values = f.values ?? [];
        if (!values.length || values.length > MAX_VALUES) {
          this.errors.add([...path, 'values'], 'list.valuesCount', { max: MAX_VALUES });
          return 'TRUE';
        }
        const bad = values.findIndex((v) => !isUuid(v));
        if (bad >= 0) {
          this.errors.add([...path, 'values', bad], 'list.badId');
          return 'TRUE';
        }
        if (column.kind !== 'multiChoice' && values.length === 1) {
          // One value as a plain equality: the planner can then read an index in sort order.
          const one = `${p.add(values[0])}::uuid`;
          return op === FilterOp.IN ? `${column.value} = ${one}` : `${column.value} IS DISTINCT FROM ${one}`;
        }
        const param = p.add(values);
        if (column.kind === 'multiChoice') {
          const sql = `coalesce(${column.ids}, '{}') && ${param}::uuid[]`;
          return op === FilterOp.IN ? sql : `NOT (${sql})`;
        }
        // NOT IN keeps the records that have no value at all.
        return op === FilterOp.IN
          ? `${column.value} = ANY(${param}::uuid[])`
          : `(${column.value} IS NULL OR NOT (${column.value} = ANY(${param}::uuid[])))`;
      }
      case FilterOp.BETWEEN:
        return this.range(column, f, path);
      default:
        break;
    }

    if (column.kind === 'number') {
      const n = this.number(f.value, [...path, 'value']);
      if (n === null) return 'TRUE';
      return op === FilterOp.EQUALS
        ? `${column.value} = ${p.add(n)}::numeric`
        : `${column.value} IS DISTINCT FROM ${p.add(n)}::numeric`;
    }

    const v = this.text(f, path);
    if (v === null) return 'TRUE';
    if (column.kind === 'phone') {
      // Phones are stored in E.164: compare digits, the national leading 0 standing for the country code.
      const digits = v.replace(/\D/g, '').replace(/^0/, '');
      if (!digits) {
        this.errors.add([...path, 'value'], 'field.invalid');
        return 'TRUE';
      }
      const stored = `regexp_replace(coalesce(${column.value}, ''), '^\\+\\d{2}', '')`;
      if (op === FilterOp.EQUALS) return `${stored} = ${p.add(digits)}`;
      if (op === FilterOp.STARTS_WITH) return `${stored} LIKE ${p.add(`${escapeLike(digits)}%`)}`;
      return `${column.value} LIKE ${p.add(`%${escapeLike(digits)}%`)}`;
    }
    // Accent- and case-insensitive, as the global search and the company picker: both sides
    // normalised by search_norm (lower(unaccent(…)), migration 1764576000000-Search), so
    // "societe" finds "Société". No index served these conditions before either: row-level
    // security keeps non-leakproof functions (lower, ILIKE, LIKE) out of index scans.
    const norm = normSql(textSql);
    // When the row's search document holds the column's text, what the condition needs in it
    // is looked for there first: a plain LIKE on a stored column, no unaccent for most rows.
    // `own` is built (its parameter bound) before the document's "%text%" parameter.
    const inDoc = (own: string) =>
      column.searchDoc ? `(${searchDocFirstSql(column.searchDoc, p.add(`%${escapeLike(v)}%`), own)})` : own;
    switch (op) {
      case FilterOp.CONTAINS: {
        // One "%text%" parameter for the document and the column, as in the company picker.
        const sql = containsSql(textSql, p.add(`%${escapeLike(v)}%`), column.searchDoc);
        return column.searchDoc ? `(${sql})` : sql;
      }
      case FilterOp.NOT_CONTAINS:
        return `coalesce(${norm}, '') NOT LIKE search_norm(${p.add(`%${escapeLike(v)}%`)})`;
      case FilterOp.STARTS_WITH:
        return inDoc(`${norm} LIKE search_norm(${p.add(`${escapeLike(v)}%`)})`);
      case FilterOp.EQUALS:
        return inDoc(`${norm} = search_norm(${p.add(v)})`);
      case FilterOp.NOT_EQUALS:
        return `${norm} IS DISTINCT FROM search_norm(${p.add(v)})`;
      default:
        // Unreachable: OPS lists only the operators handled above.
        return 'TRUE';
    }
  }

  private number(raw: string | null | undefined, path: Path): number | null {
    const n = raw == null || raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(n)) {
      this.errors.add(path, 'list.badNumber');
      return null;
    }
    return n;
  }

  private range(column: ColumnDef, f: ListFilterInput, path: Path): string {
    if (f.from == null && f.to == null) {
      this.errors.add([...path, 'from'], 'field.required');
      return 'TRUE';
    }
    const p = this.params;
    const parts: string[] = [];
    if (column.kind === 'number') {
      const from = f.from == null ? null : this.number(f.from, [...path, 'from']);
      const to = f.to == null ? null : this.number(f.to, [...path, 'to']);
      if (from !== null) parts.push(`${column.value} >= ${p.add(from)}::numeric`);
      if (to !== null) parts.push(`${column.value} <= ${p.add(to)}::numeric`);
    } else if (column.dateOnly) {
      // Days compared as days: both bounds included.
      const from = f.from == null ? null : this.date(f.from, [...path, 'from']);
      const to = f.to == null ? null : this.date(f.to, [...path, 'to']);
      if (from && f.from) parts.push(`${column.value} >= ${p.add(f.from.trim().slice(0, 10))}::date`);
      if (to && f.to) parts.push(`${column.value} <= ${p.add(f.to.trim().slice(0, 10))}::date`);
    } else {
      const from = f.from == null ? null : this.date(f.from, [...path, 'from']);
      const to = f.to == null ? null : this.date(f.to, [...path, 'to']);
      if (from) parts.push(`${column.value} >= ${p.add(from)}::timestamptz`);
      // A bare day as upper bound includes that whole day.
      if (to && f.to && ISO_DATE.test(f.to.trim())) parts.push(`${column.value} < (${p.add(f.to.trim())}::date + 1)`);
      else if (to) parts.push(`${column.value} <= ${p.add(to)}::timestamptz`);
    }
    return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
  }

  private date(raw: string, path: Path): string | null {
    const v = raw.trim();
    const t = Date.parse(v);
    // Date.parse rolls an impossible day over (2026-02-30 → 2 March): the day must exist.
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
    if (!m || Number.isNaN(t) || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) {
      this.errors.add(path, 'list.badDate');
      return null;
    }
    return new Date(t).toISOString();
  }
}

/** Whether the year, month (1-12) and day make a day of the calendar (no 30 February). */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The message of an unknown column key: a custom field's column may be gone because the field was deleted. */
export function unknownColumn(key: string | null | undefined): string {
  return key?.startsWith('custom.') ? 'list.unknownCustomField' : 'list.unknownColumn';
}

/** Whether the filter names this column anywhere (the `active` column lifts the default "active only"). */
export function mentionsColumn(filter: ListFilterInput | null | undefined, key: string): boolean {
  if (!filter) return false;
  if (filter.column === key) return true;
  return [...(filter.and ?? []), ...(filter.or ?? [])].some((f) => mentionsColumn(f, key));
}
