import { createHash } from 'node:crypto';
import { badField, FieldErrors } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { decodeCursor, encodeCursor } from '../../common/pagination';
import type { ListDef, SortType } from './columns';
import { type Params, unknownColumn } from './filter';
import { SortDirection, type ListSortInput } from './record-list.inputs';

const MAX_SORTS = 5;

interface Key {
  sql: string;
  type: SortType | 'uuid';
  notNull: boolean;
  desc: boolean;
}

/**
 * A resolved sort: the SQL sort keys of the chosen columns, then the record's name (the
 * list's `tieBreak`, ascending, unless already sorted on) so that equal values read in name
 * order, then the id so that the order is total and a keyset cursor always points at exactly
 * one position.
 *
 * Empty values (NULL) come last in both directions: PostgreSQL's default when ascending, and
 * NULLS LAST when descending; the keyset predicate follows the same rule. A descending key
 * that is never NULL keeps a plain DESC, which an ascending index serves backwards.
 */
export class KeysetSort {
  readonly keys: Key[];
  /** Identifies the sort inside cursors: a cursor from another sort is refused, not misread. */
  private readonly signature: string;

  constructor(list: ListDef, orderBy: ListSortInput[] | null | undefined, path: (string | number)[]) {
    const sorts = orderBy?.length
      ? orderBy
      : [{ column: list.defaultSort, direction: list.defaultDescending ? SortDirection.DESC : SortDirection.ASC }];
    const errors = new FieldErrors();
    if (sorts.length > MAX_SORTS) errors.add(path, 'list.tooManySorts', { max: MAX_SORTS });
    const keys: Key[] = [];
    const seen = new Set<string>();
    sorts.forEach((s, i) => {
      const column = list.columns.get(s.column);
      if (!column) return errors.add([...path, i, 'column'], unknownColumn(s.column), { column: s.column });
      if (seen.has(s.column)) return errors.add([...path, i, 'column'], 'list.duplicateSort');
      seen.add(s.column);
      const desc = s.direction === SortDirection.DESC;
      for (const k of column.sort) keys.push({ sql: k.sql, type: k.type, notNull: !!k.notNull, desc });
    });
    errors.throwIfAny();
    const sorted = new Set(keys.map((k) => k.sql));
    for (const k of list.tieBreak)
      if (!sorted.has(k.sql)) keys.push({ sql: k.sql, type: k.type, notNull: !!k.notNull, desc: false });
    // The id follows the last key's direction: name then id one way is what the name indexes hold.
    keys.push({ sql: `${list.alias}.id`, type: 'uuid', notNull: true, desc: keys.at(-1)?.desc ?? false });
    this.keys = keys;
    this.signature = createHash('sha1')
      .update(list.name + keys.map((k) => `${k.sql}:${k.desc}`).join('|'))
      .digest('base64url')
      .slice(0, 8);
  }

  /** SELECT list items exposing each key as _k0, _k1…, read back to build cursors. */
  selectItems(): string[] {
    return this.keys.map((k, i) => `${k.sql} AS _k${i}`);
  }

  orderBy(): string {
    return this.keys.map((k) => `${k.sql} ${k.desc ? (k.notNull ? 'DESC' : 'DESC NULLS LAST') : 'ASC'}`).join(', ');
  }

  /** ORDER BY of the reverse order: paging backwards reads from the cursor towards the list's start. */
  reverseOrderBy(): string {
    return this.keys.map((k) => `${k.sql} ${k.desc ? 'ASC' : 'DESC'}${k.notNull ? '' : ' NULLS FIRST'}`).join(', ');
  }

  cursorOf(row: Record<string, unknown>): string {
    return encodeCursor([this.signature, ...this.keys.map((_, i) => row[`_k${i}`] ?? null)]);
  }

  /** The condition selecting the rows after the cursor's position. */
  after(cursor: string, params: Params): string {
    return this.seek(cursor, params, 'after');
  }

  /** The condition selecting the rows before the cursor's position (paging backwards). */
  before(cursor: string, params: Params): string {
    return this.seek(cursor, params, 'before');
  }

  private seek(cursor: string, params: Params, field: 'after' | 'before'): string {
    const [signature, ...values] = decodeCursor(cursor, this.keys.length + 1, field);
    if (signature !== this.signature) throw badField([field], 'list.cursorSortChanged');
    values.forEach((v, i) => {
      if (!validValue(v, this.keys[i])) throw badField([field], 'field.cursor');
    });
    const refs = values.map((v, i) => (v === null ? null : `${params.add(v)}::${this.keys[i].type}`));
    const backwards = field === 'before';
    // Before the cursor is after it in the reverse order: each comparison turned around.
    const beyondOn = backwards ? strictlyBefore : strictlyAfter;

    // The common case (e.g. name then id, one direction): a row comparison the index can seek to.
    const desc = this.keys[0].desc;
    if (this.keys.every((k) => k.notNull && k.desc === desc)) {
      return `(${this.keys.map((k) => k.sql).join(', ')}) ${desc !== backwards ? '<' : '>'} (${refs.join(', ')})`;
    }
    const branches: string[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      const beyond = beyondOn(this.keys[i], refs[i]);
      if (!beyond) continue;
      const equal = this.keys
        .slice(0, i)
        .map((k, j) => (refs[j] === null ? `${k.sql} IS NULL` : `${k.sql} = ${refs[j]}`));
      branches.push(`(${[...equal, beyond].join(' AND ')})`);
    }
    if (!branches.length) return 'FALSE';
    const first = this.keys[0];
    // Every branch is at or beyond the cursor on the first key: said alone too, a never-NULL
    // first key gives the index a range to start from rather than a scan from the list's start.
    const bound =
      first.notNull && refs[0] !== null ? `${first.sql} ${first.desc !== backwards ? '<=' : '>='} ${refs[0]} AND ` : '';
    return `(${bound}(${branches.join(' OR ')}))`;
  }
}

/** Rows strictly after `ref` on this key (NULLs last in both directions), or null when none can be. */
function strictlyAfter(k: Key, ref: string | null): string | null {
  if (ref === null) return null; // NULLs are last: nothing is beyond them on this key
  const beyond = `${k.sql} ${k.desc ? '<' : '>'} ${ref}`;
  return k.notNull ? beyond : `(${beyond} OR ${k.sql} IS NULL)`;
}

/** Rows strictly before `ref` on this key (NULLs last: every value is before a NULL), or null when none can be. */
function strictlyBefore(k: Key, ref: string | null): string | null {
  if (ref === null) return k.notNull ? null : `${k.sql} IS NOT NULL`;
  return `${k.sql} ${k.desc ? '>' : '<'} ${ref}`;
}

function validValue(v: unknown, k: Key): boolean {
  if (v === null) return !k.notNull;
  switch (k.type) {
    case 'text':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' && Number.isInteger(v);
    case 'numeric':
      // PostgreSQL sends numeric values as text.
      return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'timestamptz':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v));
    case 'uuid':
      return isUuid(v);
  }
}
