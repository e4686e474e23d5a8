import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField } from '../../common/errors';
import type { Locale } from '../../common/i18n';
import { checkPageSize } from '../../common/pagination';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { SettingOptionEntity } from '../settings/setting-option.entity';
import { UserEntity } from '../user/user.entity';
import {
  COMPANY_CONTACTS_COUNT,
  COMPANY_EVENTS_COUNT,
  CONTACT_EVENTS_COUNT,
  type ColumnDef,
  type ListDef,
  type ListName,
  trashListDef,
} from './columns';
import { customGroupLabel, listDefFor } from './custom-columns';
import { FilterCompiler, Params, mentionsColumn, unknownColumn } from './filter';
import { KeysetSort } from './keyset';
import type { ListFilterInput, ListSortInput } from './record-list.inputs';

export interface ListArgs {
  filter?: ListFilterInput | null;
  orderBy?: ListSortInput[] | null;
  first?: number | null;
  after?: string | null;
  /** Paging backwards: the `first` rows just before this cursor (instead of `after`). */
  before?: string | null;
  /** The trash: deleted records instead of live ones (who may restore may see it). */
  deleted?: boolean;
}

type Json = Record<string, unknown>;

/** How a related value computed by the list query is turned back into objects. */
type ExtraKind = 'int' | 'contact' | 'company' | 'option' | 'options' | 'user';

interface Extra {
  sql: string;
  kind: ExtraKind;
}

const optionJson = (idSql: string) => `(SELECT to_jsonb(o) FROM setting_option o WHERE o.id = ${idSql})`;
// The password hash never leaves the database, not even into a server-side object.
const userJson = (idSql: string) => `(SELECT to_jsonb(u) - 'password_hash' FROM app_user u WHERE u.id = ${idSql})`;

/**
 * What each list can compute in its one statement, keyed by the GraphQL field that shows it.
 * The resolver asks only for what the query selects.
 */
const EXTRAS: Record<ListName, Record<string, Extra>> = {
  COMPANIES: {
    mainContact: { sql: '(SELECT to_jsonb(m) FROM contact m WHERE m.id = c.main_contact_id)', kind: 'contact' },
    companyType: { sql: optionJson('c.company_type_id'), kind: 'option' },
    languages: {
      sql: `(SELECT coalesce(jsonb_agg(to_jsonb(o) ORDER BY o.position, o.label), '[]'::jsonb)
        FROM company_language cl JOIN setting_option o ON o.id = cl.option_id WHERE cl.company_id = c.id)`,
      kind: 'options',
    },
    parent: { sql: '(SELECT to_jsonb(p) FROM company p WHERE p.id = c.parent_id)', kind: 'company' },
    createdBy: { sql: userJson('c.created_by'), kind: 'user' },
    deletedBy: { sql: userJson('c.deleted_by'), kind: 'user' },
    eventsCount: { sql: COMPANY_EVENTS_COUNT, kind: 'int' },
    contactsCount: { sql: COMPANY_CONTACTS_COUNT, kind: 'int' },
  },
  CONTACTS: {
    company: { sql: '(SELECT to_jsonb(a) FROM company a WHERE a.id = k.company_id)', kind: 'company' },
    salesperson: { sql: userJson('k.salesperson_id'), kind: 'user' },
    civility: { sql: optionJson('k.civility_id'), kind: 'option' },
    source: { sql: optionJson('k.source_id'), kind: 'option' },
    potential: { sql: optionJson('k.potential_id'), kind: 'option' },
    situation: { sql: optionJson('k.situation_id'), kind: 'option' },
    progressState: { sql: optionJson('k.progress_state_id'), kind: 'option' },
    eventsCount: { sql: CONTACT_EVENTS_COUNT, kind: 'int' },
    deletedBy: { sql: userJson('k.deleted_by'), kind: 'user' },
  },
};

/** The related values a list can compute, for the resolver to pick from the selection. */
export function extraNames(list: ListName): string[] {
  return Object.keys(EXTRAS[list]);
}

/** Related records computed with a row; the resolver primes its DataLoaders with them. */
export interface Related {
  contacts: ContactEntity[];
  companies: CompanyEntity[];
  options: SettingOptionEntity[];
  users: UserEntity[];
  /** company id → its language option ids */
  languageIds: Map<string, string[]>;
}

export interface ListRow<T> {
  entity: T;
  /** Counts computed by the list query (eventsCount, contactsCount) when selected. */
  counts: Record<string, number>;
  cursor: string;
}

export interface ListResult<T> {
  rows: ListRow<T>[];
  hasNextPage: boolean;
  /**
   * The cursor this page starts after: the `after` given, or paging backwards the cursor of the
   * row just before the page (read with it, the extra row of the LIMIT); null at the list's start.
   */
  previousEndCursor: string | null;
  totalCount: number | null;
  related: Related;
}

/** Builds an entity from a row or a to_jsonb() object (whose timestamps arrive as strings). */
export function hydrate<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, raw: Json): T {
  const meta = manager.connection.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    let value = raw[column.databaseName];
    if (value === undefined) continue;
    if (typeof value === 'string' && typeof column.type === 'string' && column.type.startsWith('timestamp'))
      value = new Date(value);
    (entity as Json)[column.propertyName] = value;
  }
  return entity;
}

/**
 * The WHERE clause every statement of a list shares: workspace, not deleted, active unless
 * asked, the filter. The trash (`deleted`) takes the deleted records instead, active or not.
 */
export function whereClause(
  ctx: Ctx,
  list: ListDef,
  filter: ListFilterInput | null | undefined,
  params: Params,
  deleted = false,
  filterPath: (string | number)[] = ['filter'],
): string {
  const a = list.alias;
  const parts = [
    `${a}.workspace_id = ${params.add(ctx.actor.workspaceId)}::uuid`,
    deleted ? `${a}.deleted_at IS NOT NULL` : `${a}.deleted_at IS NULL`,
  ];
  if (!deleted && !mentionsColumn(filter, 'active')) parts.push(`${a}.active`);
  const compiled = new FilterCompiler(list, params).compile(filter, filterPath);
  if (compiled !== 'TRUE') parts.push(compiled);
  return parts.join(' AND ');
}

/**
 * One page of a list: one statement for the rows and everything the page shows (related
 * records as JSON, counts as correlated subqueries), plus one for totalCount when asked.
 */
export async function listRecords<T extends CompanyEntity | ContactEntity>(
  ctx: Ctx,
  listName: ListName,
  args: ListArgs,
  include: { extras: string[]; totalCount: boolean },
): Promise<ListResult<T>> {
  // The trash shows what restoring brings back: the same permission as the restore mutations.
  if (args.deleted) requireWrite(ctx.actor);
  const live = await listDefFor(ctx, listName, args);
  const list = args.deleted ? trashListDef(live) : live;
  const first = checkPageSize(args.first);
  if (args.after && args.before) throw badField(['before'], 'list.afterAndBefore');
  const sort = new KeysetSort(list, args.orderBy, ['orderBy']);
  const params = new Params();
  const where = whereClause(ctx, list, args.filter, params, args.deleted);
  const countParams = [...params.values];
  // Backwards, the rows just before the cursor are read in the reverse order (so that LIMIT
  // keeps the nearest ones), then turned back: still one statement.
  const backwards = !!args.before;
  const keyset = args.after
    ? ` AND ${sort.after(args.after, params)}`
    : args.before
      ? ` AND ${sort.before(args.before, params)}`
      : '';
  const extras = include.extras.filter((name) => EXTRAS[listName][name]);
  const a = list.alias;
  const select = [
    `${a}.*`,
    ...extras.map((name) => `${EXTRAS[listName][name].sql} AS "x_${name}"`),
    ...sort.selectItems(),
  ];
  const manager = await em(ctx);
  const raws: Json[] = await manager.query(
    `SELECT ${select.join(', ')} FROM ${list.table} ${a}
     WHERE ${where}${keyset}
     ORDER BY ${backwards ? sort.reverseOrderBy() : sort.orderBy()}
     LIMIT ${first + 1}`,
    params.values,
  );
  let totalCount: number | null = null;
  if (include.totalCount) {
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM ${list.table} ${a} WHERE ${where}`,
      countParams,
    );
    totalCount = n;
  }

  const target = listName === 'COMPANIES' ? CompanyEntity : ContactEntity;
  const related: Related = { contacts: [], companies: [], options: [], users: [], languageIds: new Map() };
  const pageRaws = backwards ? raws.slice(0, first).reverse() : raws.slice(0, first);
  const rows = pageRaws.map((raw) => {
    const entity = hydrate(manager, target, raw) as T;
    const counts: Record<string, number> = {};
    for (const name of extras) {
      const value = raw[`x_${name}`] as unknown;
      const kind = EXTRAS[listName][name].kind;
      if (kind === 'int') counts[name] = Number(value);
      else if (value == null) continue;
      else if (kind === 'contact') related.contacts.push(hydrate(manager, ContactEntity, value as Json));
      else if (kind === 'company') related.companies.push(hydrate(manager, CompanyEntity, value as Json));
      else if (kind === 'user') related.users.push(hydrate(manager, UserEntity, value as Json));
      else if (kind === 'option') related.options.push(hydrate(manager, SettingOptionEntity, value as Json));
      else if (kind === 'options') {
        const options = (value as Json[]).map((o) => hydrate(manager, SettingOptionEntity, o));
        related.options.push(...options);
        related.languageIds.set(
          entity.id,
          options.map((o) => o.id),
        );
      }
    }
    return { entity, counts, cursor: sort.cursorOf(raw) };
  });
  // The extra row says whether there is more in the reading direction; backwards, the
  // cursor's own row follows the page.
  const extra = raws.length > first ? raws[first] : null;
  return {
    rows,
    hasNextPage: backwards ? true : extra !== null,
    previousEndCursor: backwards ? extra && sort.cursorOf(extra) : (args.after ?? null),
    totalCount,
    related,
  };
}

const MAX_GROUPS = 500;

export interface GroupRow {
  key: string | null;
  label: string | null;
  count: number;
}

/** Each value of a column among the filtered records, with its count (at most 500 values). */
export async function groupRecords(
  ctx: Ctx,
  listName: ListName,
  columnKey: string,
  filter: ListFilterInput | null | undefined,
  locale: Locale = 'fr',
): Promise<GroupRow[]> {
  const list = await listDefFor(ctx, listName, { filter, columns: [columnKey] });
  const column: ColumnDef | undefined = list.columns.get(columnKey);
  const errors = new FieldErrors();
  if (!column) errors.add(['column'], unknownColumn(columnKey), { column: columnKey });
  else if (!column.groupable) errors.add(['column'], 'list.notGroupable', { column: columnKey });
  errors.throwIfAny();
  const col = column as ColumnDef;
  const params = new Params();
  const where = whereClause(ctx, list, filter, params);
  const label = col.label ?? `${col.value}::text`;
  const order = col.kind === 'boolean' ? 'key' : 'min(_s)';
  const rows: { key: string | null; label: string | null; n: number }[] = await (
    await em(ctx)
  ).query(
    `SELECT key, label, count(*)::int AS n
     FROM (SELECT ${col.value}::text AS key, ${label} AS label, ${col.sort[0].sql} AS _s
           FROM ${list.table} ${list.alias} WHERE ${where}) g
     GROUP BY key, label
     ORDER BY ${order} ASC NULLS LAST, key
     LIMIT ${MAX_GROUPS}`,
    params.values,
  );
  return rows.map((r) => ({ key: r.key, label: customGroupLabel(col, r.key, r.label, locale), count: r.n }));
}
