import type { RouteLocationRaw } from 'vue-router';
import type { FilterOp, ListFilter, RecordKind, RecordList, SettingList, SortDirection } from '@/gql/graphql';

/** One value of the grouping column with its count (companiesGroupBy / contactsGroupBy). */
export interface ListGroup {
  key: string | null;
  label: string | null;
  count: number;
}

/** What a column holds, as the API's `listColumns` says: it picks the filter editor and the formatting. */
export type ColumnKind =
  'text' | 'phone' | 'number' | 'date' | 'boolean' | 'choice' | 'multiChoice' | 'user' | 'company';

export type CellValue = string | number | boolean | null | undefined;

/** The header text of a column. */
export const columnTitle = (column: { title?: string; label: string }, t: (key: string) => string): string =>
  column.title ?? t(column.label);

/** One column of a list page: the API column key, its label, how to read it from a row. */
export interface GridColumn<Row> {
  key: string;
  /** i18n key of the header */
  label: string;
  /** The header as is, when it is not an i18n key (custom fields: the admin's label). */
  title?: string;
  /** Choices given by value (custom choice fields): filters pick among them. */
  choices?: { value: string; label: string }[];
  kind: ColumnKind;
  settingList?: SettingList;
  groupable?: boolean;
  /** Shown when no view says otherwise. */
  defaultVisible: boolean;
  width?: number;
  value(row: Row): CellValue;
  /** Makes the cell a link (the record's page). */
  link?(row: Row): RouteLocationRaw | null;
  /** The value the API groups on (ids for choice, user and company columns). */
  groupKey?(row: Row): string | null;
}

export interface Condition {
  column: string;
  op: FilterOp;
  value?: string;
  values?: string[];
  from?: string;
  to?: string;
}

export interface SortSpec {
  column: string;
  direction: SortDirection;
}

/** Everything a saved view holds. */
export interface GridState {
  columns: string[];
  sorts: SortSpec[];
  conditions: Condition[];
  combinator: 'and' | 'or';
  groupBy: string | null;
  pageSize: number;
  /** The quick search's text (the box above the list), ANDed with the conditions; '' for none. */
  search: string;
}

export interface PageArgs {
  filter: ListFilter | null;
  orderBy: SortSpec[];
  first: number;
  after: string | null;
  /** Paging backwards: the `first` rows just before this cursor (`after` is then null). */
  before?: string | null;
}

export interface PageResult<Row> {
  rows: Row[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
  /** The cursor of the page's first row: the page before it is read `before` it. */
  startCursor: string | null;
  /** The cursor the page starts after (null at the list's start): its `after` in the URL. */
  previousEndCursor: string | null;
}

/** What a list page gives the generic grid. */
export interface GridSource<Row> {
  list: RecordList;
  columns: GridColumn<Row>[];
  /** The records' kind: its custom fields are offered as optional columns. */
  customFields?: RecordKind;
  rowId(row: Row): string;
  /** Fetches a page; `shown` are the visible column keys (optional columns cost nothing when hidden). */
  fetchPage(args: PageArgs, shown: Set<string>): Promise<PageResult<Row>>;
  fetchGroups(column: string, filter: ListFilter | null): Promise<ListGroup[]>;
  /** Row actions: edit (record page), email, new event. */
  actions(row: Row): { edit: RouteLocationRaw; email: RouteLocationRaw; newEvent: string };
  /** Bulk actions on selected rows (a checkbox column and a selection bar); none without it. */
  bulk?: GridBulk<Row>;
}

/** A field "Modifier…" can set on the selected records: a settings list's value or a user. */
export interface BulkField {
  /** The mutation input's key (progressStateId, salespersonId…). */
  key: string;
  /** i18n key of its name */
  label: string;
  settingList?: SettingList;
  /** A user picker (the salesperson) instead of a settings list. */
  user?: boolean;
}

export type BulkPatch = Record<string, string | boolean | null>;

/** What a list offers on its selected rows; `remove` only where records can go to the trash at once. */
export interface GridBulk<Row> {
  /** i18n key of the toast after a change, with the count ("N contacts modifiés"). */
  updatedMessage: string;
  /** i18n keys of a deletion: the confirmation's title and question (with the count), the toast. */
  deleteTexts?: { title: string; confirm: string; done: string };
  fields: BulkField[];
  /** How a record is named in error messages. */
  label(row: Row): string;
  /** i18n keys of the confirmations asked before (de)activating every result of a filter, with the count. */
  confirmTexts: { activate: string; deactivate: string };
  /** Sets the patch on the records; the number changed. */
  update(target: BulkTarget, patch: BulkPatch): Promise<number>;
  remove?(target: BulkTarget): Promise<number>;
}

/** Most results of a filter one bulk action takes: the API's bound (it refuses above). */
export const BULK_MAX_MATCHING = 5000;

/**
 * What a bulk action applies to (one of the two): the selected ids, or every result of the list's filter
 * (`expectedCount`, the number the user confirmed: the API refuses if it has changed).
 */
export interface BulkTarget {
  ids?: string[] | null;
  matching?: { filter: ListFilter | null; expectedCount: number } | null;
}

/** The page's current view, given to the list's actions (the export sends it). */
export interface CurrentView {
  columns: string[];
  filter: ListFilter | null;
  orderBy: SortSpec[];
  totalCount: number;
}
