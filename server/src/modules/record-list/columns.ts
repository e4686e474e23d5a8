import type { MessageParams } from '../../common/i18n';
import type { CustomFieldDefinition } from '../custom-field/custom-field.model';
import { SettingList } from '../settings/setting-option.entity';
import type { Params } from './filter';
import type { FilterOp, ListFilterInput } from './record-list.inputs';

/**
 * The column registry of the two lists: every column a list page can show, filter, sort or
 * group by, with the SQL that computes it. Column keys are the API's vocabulary (filters,
 * sorts, saved views); SQL is only ever taken from here, never from the client.
 *
 * Expressions are written over the list's base alias (`c` for company, `k` for contact) and
 * use correlated subqueries for related values, so a filter or a sort on any column needs no
 * join of its own. A custom field (issue 9) becomes one more entry built at run time, e.g.
 * key `custom.<key>` with expression `c.custom_fields ->> '<key>'` (the key as a parameter).
 */
export type ListName = 'COMPANIES' | 'CONTACTS';

/** What a column holds; it decides which filter operators apply and how values are parsed. */
export type ColumnKind =
  | 'text'
  | 'phone'
  | 'number'
  | 'date'
  | 'boolean'
  /** a settings value (id), shown by its label */
  | 'choice'
  /** several settings values (company languages) */
  | 'multiChoice'
  /** a user (id), shown by name */
  | 'user'
  /** a company (id), shown by name */
  | 'company';

/** The SQL type of a sort key, to cast cursor values back into parameters. */
export type SortType = 'text' | 'int' | 'numeric' | 'timestamptz' | 'boolean';

export interface SortKey {
  sql: string;
  type: SortType;
  /** The expression is never NULL (allows the row-comparison fast path of keyset pagination). */
  notNull?: boolean;
}

export interface ColumnDef {
  key: string;
  kind: ColumnKind;
  /** The value filters compare: the column itself, or the referenced id for choice/user/company. */
  value: string;
  /** For reference kinds: the label text filters (contains, equals) and grouping show. */
  label?: string;
  /** Multi-valued columns: SQL of the ids array. */
  ids?: string;
  sort: SortKey[];
  groupable: boolean;
  settingList?: SettingList;
  /** Custom field columns (custom-columns.ts): the field they show. */
  customField?: CustomFieldDefinition;
  /** The operators allowed, when not those of the kind. */
  ops?: FilterOp[];
  /** A date column holding days (YYYY-MM-DD), compared as dates rather than instants. */
  dateOnly?: boolean;
  /**
   * The row's stored search document (migration 1764576000000-Search) when it holds this
   * column's normalised text: a text condition needing the text in it (contains, starts
   * with, equals) tests the document first, a plain LIKE that spares most rows the unaccent.
   */
  searchDoc?: string;
  /**
   * The column's own SQL for a condition (e.g. an index-friendly form), or null for the
   * generic one. `fail` reports a problem under the condition's path.
   */
  compile?(
    op: FilterOp,
    f: ListFilterInput,
    params: Params,
    fail: (path: (string | number)[], message: string, params?: MessageParams) => void,
  ): string | null;
}

const text = (key: string, sql: string, notNull = false): ColumnDef => ({
  key,
  kind: 'text',
  value: sql,
  sort: [{ sql, type: 'text', notNull }],
  groupable: true,
});

/** A text column whose normalised text the row's search document holds. */
const docText = (key: string, sql: string, doc: string, notNull = false): ColumnDef => ({
  ...text(key, sql, notNull),
  searchDoc: doc,
});

const phone = (key: string, sql: string): ColumnDef => ({
  key,
  kind: 'phone',
  value: sql,
  sort: [{ sql, type: 'text' }],
  groupable: false,
});

const bool = (key: string, sql: string): ColumnDef => ({
  key,
  kind: 'boolean',
  value: sql,
  sort: [{ sql, type: 'boolean', notNull: true }],
  groupable: true,
});

const date = (key: string, sql: string, notNull = false): ColumnDef => ({
  key,
  kind: 'date',
  value: sql,
  sort: [{ sql, type: 'timestamptz', notNull }],
  groupable: false,
});

const count = (key: string, sql: string): ColumnDef => ({
  key,
  kind: 'number',
  value: sql,
  sort: [{ sql, type: 'int', notNull: true }],
  groupable: true,
});

/** Shared with the export, which writes the same labels. */
export const optionLabel = (idSql: string) => `(SELECT o.label FROM setting_option o WHERE o.id = ${idSql})`;

const optionPosition = (idSql: string) => `(SELECT o.position FROM setting_option o WHERE o.id = ${idSql})`;

/**
 * A settings value: sorted (and so grouped) in its list's own order, the position the settings
 * page shows (the pipeline's for "État d'avancement"), ties by label; no value last.
 */
const choice = (key: string, idSql: string, list: SettingList): ColumnDef => ({
  key,
  kind: 'choice',
  value: idSql,
  label: optionLabel(idSql),
  sort: [
    { sql: optionPosition(idSql), type: 'int' },
    { sql: optionLabel(idSql), type: 'text' },
  ],
  groupable: true,
  settingList: list,
});

export const userName = (idSql: string) => `(SELECT u.name FROM app_user u WHERE u.id = ${idSql})`;
const user = (key: string, idSql: string): ColumnDef => ({
  key,
  kind: 'user',
  value: idSql,
  label: userName(idSql),
  sort: [{ sql: userName(idSql), type: 'text' }],
  groupable: true,
});

const companyName = (idSql: string) => `(SELECT p.name FROM company p WHERE p.id = ${idSql})`;
const companyRef = (key: string, idSql: string): ColumnDef => ({
  key,
  kind: 'company',
  value: idSql,
  label: companyName(idSql),
  sort: [{ sql: companyName(idSql), type: 'text' }],
  groupable: true,
});

/** A value of the company's main contact. */
const main = (column: string) => `(SELECT m.${column} FROM contact m WHERE m.id = c.main_contact_id)`;
const mainContactName = `(SELECT concat_ws(' ', m.first_name, m.last_name) FROM contact m WHERE m.id = c.main_contact_id)`;

/** Counts are of live rows: deleted events (in the trash) are not counted. */
export const COMPANY_EVENTS_COUNT =
  '(SELECT count(*)::int FROM event e WHERE e.company_id = c.id AND e.deleted_at IS NULL)';
export const COMPANY_CONTACTS_COUNT =
  '(SELECT count(*)::int FROM contact x WHERE x.company_id = c.id AND x.deleted_at IS NULL)';
export const CONTACT_EVENTS_COUNT = `(SELECT count(*)::int FROM event_contact ec JOIN event e ON e.id = ec.event_id
  WHERE ec.contact_id = k.id AND e.deleted_at IS NULL)`;

export const LANGUAGE_LABELS = `(SELECT string_agg(o.label, ', ' ORDER BY o.position, o.label)
  FROM company_language cl JOIN setting_option o ON o.id = cl.option_id WHERE cl.company_id = c.id)`;

const companyColumns: ColumnDef[] = [
  docText('name', 'c.name', 'c.search_doc', true),
  {
    key: 'mainContact',
    kind: 'text',
    value: mainContactName,
    sort: [
      { sql: main('last_name'), type: 'text' },
      { sql: main('first_name'), type: 'text' },
    ],
    groupable: false,
  },
  phone('mainContactPhone', main('phone_direct')),
  text('mainContactEmail', `${main('email')}::text`),
  choice('companyType', 'c.company_type_id', SettingList.COMPANY_TYPE),
  count('eventsCount', COMPANY_EVENTS_COUNT),
  count('contactsCount', COMPANY_CONTACTS_COUNT),
  text('addressLine1', 'c.address_line1'),
  text('addressLine2', 'c.address_line2'),
  docText('postalCode', 'c.postal_code', 'c.search_doc'),
  docText('city', 'c.city', 'c.search_doc'),
  text('country', 'c.country', true),
  {
    key: 'languages',
    kind: 'multiChoice',
    value: LANGUAGE_LABELS,
    label: LANGUAGE_LABELS,
    ids: '(SELECT array_agg(cl.option_id) FROM company_language cl WHERE cl.company_id = c.id)',
    sort: [{ sql: LANGUAGE_LABELS, type: 'text' }],
    groupable: false,
    settingList: SettingList.LANGUAGE,
  },
  docText('vatNumber', 'c.vat_number', 'c.search_doc'),
  docText('siret', 'c.siret', 'c.search_doc'),
  text('apeCode', 'c.ape_code'),
  text('accountingAccount', 'c.accounting_account'),
  text('website', 'c.website'),
  bool('active', 'c.active'),
  bool('optIn', 'c.opt_in'),
  companyRef('parent', 'c.parent_id'),
  user('createdBy', 'c.created_by'),
  date('createdAt', 'c.created_at', true),
  date('updatedAt', 'c.updated_at', true),
];

const contactName = `concat_ws(' ', k.first_name, k.last_name)`;

const contactColumns: ColumnDef[] = [
  {
    key: 'name',
    kind: 'text',
    value: contactName,
    sort: [
      { sql: 'k.last_name', type: 'text' },
      { sql: 'k.first_name', type: 'text' },
    ],
    groupable: false,
    searchDoc: 'k.search_doc',
  },
  docText('firstName', 'k.first_name', 'k.search_doc'),
  docText('lastName', 'k.last_name', 'k.search_doc'),
  companyRef('company', 'k.company_id'),
  phone('phoneDirect', 'k.phone_direct'),
  phone('phoneMobile', 'k.phone_mobile'),
  phone('phoneSwitchboard', 'k.phone_switchboard'),
  docText('email', 'k.email::text', 'k.search_doc'),
  choice('source', 'k.source_id', SettingList.SOURCE),
  count('eventsCount', CONTACT_EVENTS_COUNT),
  choice('civility', 'k.civility_id', SettingList.CIVILITY),
  docText('position', 'k.position', 'k.search_doc'),
  choice('potential', 'k.potential_id', SettingList.POTENTIAL),
  choice('situation', 'k.situation_id', SettingList.SITUATION),
  bool('optIn', 'k.opt_in'),
  // NPAI: the last emailing campaign bounced hard on this address (issue 10).
  bool('emailBouncing', '(k.email_bounced_at IS NOT NULL)'),
  bool('active', 'k.active'),
  user('salesperson', 'k.salesperson_id'),
  choice('progressState', 'k.progress_state_id', SettingList.PROGRESS_STATE),
  text('accountingAccount', '(SELECT a.accounting_account FROM company a WHERE a.id = k.company_id)'),
  date('createdAt', 'k.created_at', true),
  date('updatedAt', 'k.updated_at', true),
];

export interface ListDef {
  name: ListName;
  table: 'company' | 'contact';
  alias: 'c' | 'k';
  columns: Map<string, ColumnDef>;
  /** The sort when none is asked for. */
  defaultSort: string;
  /**
   * Ties of the chosen sort are ordered by the record's name (ascending), then by id: rows
   * with equal values read in a predictable order. Keys already sorted on are not repeated.
   */
  tieBreak: SortKey[];
  /** The default sort runs newest first (the trash). */
  defaultDescending?: boolean;
}

const toMap = (columns: ColumnDef[]) => new Map(columns.map((c) => [c.key, c]));

export const LISTS: Record<ListName, ListDef> = {
  COMPANIES: {
    name: 'COMPANIES',
    table: 'company',
    alias: 'c',
    columns: toMap(companyColumns),
    defaultSort: 'name',
    tieBreak: [{ sql: 'c.name', type: 'text', notNull: true }],
  },
  CONTACTS: {
    name: 'CONTACTS',
    table: 'contact',
    alias: 'k',
    columns: toMap(contactColumns),
    defaultSort: 'name',
    tieBreak: [
      { sql: 'k.last_name', type: 'text' },
      { sql: 'k.first_name', type: 'text' },
    ],
  },
};

export function columnKeys(list: ListName): string[] {
  return [...LISTS[list].columns.keys()];
}

/**
 * The trash of a list (its soft-deleted records): the list's columns plus when and by whom
 * each record was deleted, newest deletion first unless another sort is asked for.
 */
export function trashListDef(list: ListDef): ListDef {
  const a = list.alias;
  const columns = new Map(list.columns);
  columns.set('deletedAt', date('deletedAt', `${a}.deleted_at`, true));
  columns.set('deletedBy', user('deletedBy', `${a}.deleted_by`));
  return { ...list, columns, defaultSort: 'deletedAt', defaultDescending: true };
}
