import type { Ctx } from '../../common/context';
import { NAME_COLLATION } from '../../db/collation';
import type { Locale } from '../../common/i18n';
import {
  type StoredValue,
  customFieldContainsSql,
  customFieldSqlExpression,
  fieldLabel,
} from '../custom-field/custom-field-values';
import { type CustomFieldDefinition, CustomFieldType, RecordKind } from '../custom-field/custom-field.model';
import { customFieldDefinitions } from '../custom-field/custom-field.service';
import { type ColumnDef, type ColumnKind, LISTS, type ListDef, type ListName } from './columns';
import type { Params } from './filter';
import { FilterOp, type ListFilterInput, type ListSortInput } from './record-list.inputs';

/**
 * Custom fields as list columns (issue 9): one column `custom.<key>` per field of the
 * list's record kind, built per request from the workspace's definitions (RLS scopes the
 * read, so another workspace's fields never appear).
 *
 * SQL safety: a client-given column key is only ever looked up in the map built here; the
 * SQL uses the definition's key, which customFieldSqlExpression checks against a strict
 * pattern (and choice keys are checked the same way before they are written as literals).
 * Filter values are always parameters.
 *
 * Index: values live in the jsonb `custom_fields` with a GIN (jsonb_path_ops) index, which
 * serves containment (`custom_fields @> '{"k": v}'`). Equality-like filters (choices, yes,
 * whole numbers) are written that way; ranges and text searches read the typed expression.
 * Caveat (measured, 100k companies in one workspace): under row-level security PostgreSQL
 * only uses an index for leakproof operators, and jsonb_contains (`@>`) is not leakproof in
 * stock PostgreSQL, so the app role gets a sequential scan (count of a rare choice: 57 ms;
 * the owner, with the GIN index: 12.6 ms). `ALTER FUNCTION jsonb_contains(jsonb, jsonb)
 * LEAKPROOF` (superuser) makes the app role use the index (9.3 ms; a page: 3.2 ms).
 */
export const CUSTOM_PREFIX = 'custom.';

const KIND_OF_LIST: Record<ListName, RecordKind> = { COMPANIES: RecordKind.COMPANY, CONTACTS: RecordKind.CONTACT };
const CHOICE_KEY = /^[a-z][a-z0-9_]{0,49}$/;
const CHOICE_OPS = [FilterOp.IN, FilterOp.NOT_IN, FilterOp.EMPTY, FilterOp.NOT_EMPTY];

export const isCustomKey = (key: string | null | undefined): boolean => !!key?.startsWith(CUSTOM_PREFIX);

/** The list column kind of a field type. */
export function customColumnKind(type: CustomFieldType): ColumnKind {
  switch (type) {
    case CustomFieldType.NUMBER:
    case CustomFieldType.DECIMAL:
      return 'number';
    case CustomFieldType.DATE:
      return 'date';
    case CustomFieldType.BOOLEAN:
      return 'boolean';
    case CustomFieldType.SINGLE_CHOICE:
      return 'choice';
    case CustomFieldType.MULTIPLE_CHOICE:
      return 'multiChoice';
    case CustomFieldType.PHONE:
      return 'phone';
    default:
      return 'text';
  }
}

/** `ARRAY['a','b']`: choice keys, checked against the key pattern, as a literal (no user text). */
function choiceArray(def: CustomFieldDefinition): string {
  const keys = def.choices.map((c) => {
    if (!CHOICE_KEY.test(c.key)) throw new Error(`unsafe choice key in field ${def.key}`);
    return `'${c.key}'`;
  });
  return keys.length ? `ARRAY[${keys.join(',')}]::text[]` : `'{}'::text[]`;
}

/** One OR'ed containment per value: each is served by the GIN index. */
function containsAny(def: CustomFieldDefinition, alias: string, params: Params, values: StoredValue[]): string {
  const parts = values.map((v) => {
    const { sql, param } = customFieldContainsSql(def, alias, '$?', v);
    return sql.replace('$?', params.add(param));
  });
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** The list column of one custom field, over the list's base alias. */
export function customColumn(def: CustomFieldDefinition, alias: string): ColumnDef {
  const key = `${CUSTOM_PREFIX}${def.key}`;
  const expr = customFieldSqlExpression(def, alias);
  const kind = customColumnKind(def.type);
  const base = { key, kind, customField: def };
  switch (def.type) {
    case CustomFieldType.NUMBER:
    case CustomFieldType.DECIMAL:
      return {
        ...base,
        value: expr,
        sort: [{ sql: expr, type: 'numeric' }],
        groupable: true,
        compile(op, f, params) {
          // Whole numbers are JSON numbers: equality through the index.
          if (op !== FilterOp.EQUALS || def.type !== CustomFieldType.NUMBER) return null;
          const n = Number(f.value?.trim());
          if (!f.value?.trim() || !Number.isSafeInteger(n)) return null;
          return containsAny(def, alias, params, [n]);
        },
      };
    case CustomFieldType.DATE: {
      // Stored as YYYY-MM-DD: the text sorts chronologically and makes a plain cursor.
      const text = `(${alias}.custom_fields->>'${def.key}')`;
      return { ...base, value: expr, dateOnly: true, sort: [{ sql: text, type: 'text' }], groupable: true };
    }
    case CustomFieldType.BOOLEAN:
      return {
        ...base,
        value: expr,
        sort: [{ sql: expr, type: 'boolean' }],
        groupable: true,
        compile: (op, _f, params) => (op === FilterOp.IS_TRUE ? containsAny(def, alias, params, [true]) : null),
      };
    case CustomFieldType.SINGLE_CHOICE:
    case CustomFieldType.MULTIPLE_CHOICE: {
      const multi = def.type === CustomFieldType.MULTIPLE_CHOICE;
      // Sorted in the order of the choices (as the admin ordered them); a multiple choice by its first.
      const first = multi ? `(${alias}.custom_fields->'${def.key}'->>0)` : expr;
      const position = `array_position(${choiceArray(def)}, ${first})`;
      return {
        ...base,
        value: expr,
        ids: multi ? expr : undefined,
        sort: [{ sql: position, type: 'int' }],
        groupable: !multi,
        ops: CHOICE_OPS,
        compile(op, f, params, fail) {
          if (op !== FilterOp.IN && op !== FilterOp.NOT_IN) return null;
          const values = f.values ?? [];
          if (!values.length || values.length > def.choices.length) {
            fail(['values'], 'list.valuesCount', { max: def.choices.length });
            return 'TRUE';
          }
          const bad = values.findIndex((v) => !def.choices.some((c) => c.key === v));
          if (bad >= 0) {
            fail(['values', bad], 'customField.choice', { value: String(values[bad]) });
            return 'TRUE';
          }
          const sql = containsAny(
            def,
            alias,
            params,
            values.map((v) => (multi ? [v] : v)),
          );
          // NOT_IN keeps the records without a value, as for the other columns.
          return op === FilterOp.IN ? sql : `NOT ${sql.startsWith('(') ? sql : `(${sql})`}`;
        },
      };
    }
    case CustomFieldType.LONG_TEXT:
      return { ...base, value: expr, sort: [{ sql: readableOrder(expr), type: 'text' }], groupable: false };
    case CustomFieldType.PHONE:
      return { ...base, value: expr, sort: [{ sql: expr, type: 'text' }], groupable: false };
    default:
      return { ...base, value: expr, sort: [{ sql: readableOrder(expr), type: 'text' }], groupable: true };
  }
}

/**
 * Text read from JSON has the database's collation (byte order on a C cluster): sorted with
 * the names' collation instead, so "Éric" comes before "Eve", as in the record columns. The
 * keyset cursor compares the same expression, so pages stay in that order.
 */
const readableOrder = (expr: string) => `(${expr}) COLLATE "${NAME_COLLATION}"`;

/** The list with one more column per custom field (a new map: the static registry is never changed). */
export function withCustomColumns(list: ListDef, defs: readonly CustomFieldDefinition[]): ListDef {
  const columns = new Map(list.columns);
  for (const def of defs) {
    const column = customColumn(def, list.alias);
    columns.set(column.key, column);
  }
  return { ...list, columns };
}

/** Every column key a filter tree names. */
function filterKeys(filter: ListFilterInput | null | undefined, into: string[]): string[] {
  if (!filter) return into;
  if (filter.column) into.push(filter.column);
  for (const child of [...(filter.and ?? []), ...(filter.or ?? [])]) filterKeys(child, into);
  return into;
}

/** What a request names: its filter, sorts, grouping, shown columns. */
export interface ListUse {
  filter?: ListFilterInput | null;
  orderBy?: ListSortInput[] | null;
  columns?: (string | null | undefined)[];
}

/**
 * The list definition a request needs: the static registry, plus the custom columns when
 * (and only when) the request names one, so that lists without custom columns cost no
 * extra statement (the definitions are read once per request and cached).
 */
export async function listDefFor(ctx: Ctx, name: ListName, use: ListUse | 'all'): Promise<ListDef> {
  const list = LISTS[name];
  if (use !== 'all') {
    const keys = [...filterKeys(use.filter, []), ...(use.orderBy ?? []).map((s) => s.column), ...(use.columns ?? [])];
    if (!keys.some(isCustomKey)) return list;
  }
  return withCustomColumns(list, await customFieldDefinitions(ctx, KIND_OF_LIST[name]));
}

/** The label a group of a custom choice column shows (its key is the stored choice key). */
export function customGroupLabel(column: ColumnDef, key: string | null, label: string | null, locale: Locale) {
  const def = column.customField;
  if (!def || key === null) return label;
  const choice = def.choices.find((c) => c.key === key);
  return choice ? fieldLabel(choice, locale) : label;
}
