import { badField } from '../../common/errors';
import {
  COMPANY_CONTACTS_COUNT,
  COMPANY_EVENTS_COUNT,
  CONTACT_EVENTS_COUNT,
  LANGUAGE_LABELS,
  optionLabel,
  userName,
} from '../record-list/columns';

export enum ExportList {
  COMPANIES = 'COMPANIES',
  CONTACTS = 'CONTACTS',
}

/** How a value is written: the CSV text French Excel reads back, and the xlsx cell type. */
export type CellKind = 'text' | 'date' | 'integer' | 'boolean';

export interface ExportColumn {
  key: string;
  /** French headers are the import template's, so an export can be re-imported as is. */
  header: { fr: string; en: string };
  kind: CellKind;
  /** SQL expression over the aliases of the list's base query (c = company, k = contact, as in the lists). */
  sql: string;
  width?: number;
  /** Only when asked for (a list column of the current view): not in the default, import-shaped file. */
  onRequest?: boolean;
}

const localDate = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`;

/** The company columns both lists share (a contact row repeats its company's). */
const companyColumns: ExportColumn[] = [
  { key: 'companyName', header: { fr: 'Société cliente', en: 'Company' }, kind: 'text', sql: 'c.name', width: 30 },
  { key: 'siret', header: { fr: 'SIRET', en: 'SIRET' }, kind: 'text', sql: 'c.siret', width: 16 },
  { key: 'vatNumber', header: { fr: 'Numéro de TVA', en: 'VAT number' }, kind: 'text', sql: 'c.vat_number' },
  { key: 'website', header: { fr: 'Site web', en: 'Website' }, kind: 'text', sql: 'c.website' },
  {
    key: 'accountingAccount',
    header: { fr: 'Compte comptable client', en: 'Accounting account' },
    kind: 'text',
    sql: 'c.accounting_account',
  },
  {
    key: 'languages',
    header: { fr: 'Langues société', en: 'Company languages' },
    kind: 'text',
    sql: LANGUAGE_LABELS,
  },
  {
    key: 'companyType',
    header: { fr: 'Type société', en: 'Company type' },
    kind: 'text',
    sql: optionLabel('c.company_type_id'),
  },
  { key: 'apeCode', header: { fr: 'Code APE', en: 'APE code' }, kind: 'text', sql: 'c.ape_code' },
  {
    key: 'addressLine1',
    header: { fr: 'Adresse 1', en: 'Address 1' },
    kind: 'text',
    sql: 'c.address_line1',
    width: 30,
  },
  { key: 'addressLine2', header: { fr: 'Adresse 2', en: 'Address 2' }, kind: 'text', sql: 'c.address_line2' },
  { key: 'postalCode', header: { fr: 'Code postal', en: 'Postal code' }, kind: 'text', sql: 'c.postal_code' },
  { key: 'city', header: { fr: 'Ville', en: 'City' }, kind: 'text', sql: 'c.city' },
  { key: 'country', header: { fr: 'Pays', en: 'Country' }, kind: 'text', sql: 'c.country' },
];

const companyList: ExportColumn[] = [
  {
    key: 'createdAt',
    header: { fr: 'Date de la création', en: 'Creation date' },
    kind: 'date',
    sql: localDate('c.created_at'),
  },
  ...companyColumns,
  {
    key: 'parentCompany',
    header: { fr: 'Société mère', en: 'Parent company' },
    kind: 'text',
    sql: '(SELECT pc.name FROM company pc WHERE pc.id = c.parent_id)',
  },
  {
    key: 'mainContact',
    header: { fr: 'Contact principal', en: 'Main contact' },
    kind: 'text',
    sql: "nullif(trim(concat_ws(' ', mc.first_name, mc.last_name)), '')",
  },
  { key: 'mainContactPhone', header: { fr: 'Téléphone', en: 'Phone' }, kind: 'text', sql: 'mc.phone_direct' },
  { key: 'mainContactEmail', header: { fr: 'Email', en: 'Email' }, kind: 'text', sql: 'mc.email::text' },
  {
    key: 'eventCount',
    header: { fr: "Nombre d'événements", en: 'Events' },
    kind: 'integer',
    sql: COMPANY_EVENTS_COUNT,
  },
  {
    key: 'contactCount',
    header: { fr: 'Nombre de contacts', en: 'Contacts' },
    kind: 'integer',
    sql: COMPANY_CONTACTS_COUNT,
  },
  { key: 'active', header: { fr: 'Actif', en: 'Active' }, kind: 'boolean', sql: 'c.active' },
  { key: 'optIn', header: { fr: 'Opt-In', en: 'Opt-in' }, kind: 'boolean', sql: 'c.opt_in' },
  {
    key: 'createdBy',
    header: { fr: 'Créé par', en: 'Created by' },
    kind: 'text',
    sql: userName('c.created_by'),
    onRequest: true,
  },
  {
    key: 'updatedAt',
    header: { fr: 'Date de modification', en: 'Updated on' },
    kind: 'date',
    sql: localDate('c.updated_at'),
    onRequest: true,
  },
];

const contactList: ExportColumn[] = [
  {
    key: 'createdAt',
    header: { fr: 'Date de la création', en: 'Creation date' },
    kind: 'date',
    sql: localDate('k.created_at'),
  },
  ...companyColumns,
  { key: 'civility', header: { fr: 'Civilité', en: 'Civility' }, kind: 'text', sql: optionLabel('k.civility_id') },
  { key: 'firstName', header: { fr: 'Prénom du contact', en: 'First name' }, kind: 'text', sql: 'k.first_name' },
  { key: 'lastName', header: { fr: 'Nom du contact', en: 'Last name' }, kind: 'text', sql: 'k.last_name' },
  { key: 'email', header: { fr: 'Email du contact', en: 'Email' }, kind: 'text', sql: 'k.email::text', width: 30 },
  {
    key: 'phoneDirect',
    header: { fr: 'Téléphone direct du contact', en: 'Direct phone' },
    kind: 'text',
    sql: 'k.phone_direct',
  },
  {
    key: 'phoneSwitchboard',
    header: { fr: 'Téléphone standard', en: 'Switchboard' },
    kind: 'text',
    sql: 'k.phone_switchboard',
  },
  {
    key: 'phoneMobile',
    header: { fr: 'Téléphone portable du contact', en: 'Mobile' },
    kind: 'text',
    sql: 'k.phone_mobile',
  },
  { key: 'facebook', header: { fr: 'Facebook', en: 'Facebook' }, kind: 'text', sql: 'k.facebook' },
  { key: 'linkedin', header: { fr: 'LinkedIn', en: 'LinkedIn' }, kind: 'text', sql: 'k.linkedin' },
  { key: 'twitter', header: { fr: 'Twitter', en: 'Twitter' }, kind: 'text', sql: 'k.twitter' },
  { key: 'instagram', header: { fr: 'Instagram', en: 'Instagram' }, kind: 'text', sql: 'k.instagram' },
  { key: 'optIn', header: { fr: 'Opt-In', en: 'Opt-in' }, kind: 'boolean', sql: 'k.opt_in' },
  { key: 'position', header: { fr: 'Poste occupé du contact', en: 'Position' }, kind: 'text', sql: 'k.position' },
  { key: 'situation', header: { fr: 'Situation', en: 'Situation' }, kind: 'text', sql: optionLabel('k.situation_id') },
  { key: 'source', header: { fr: 'Source', en: 'Source' }, kind: 'text', sql: optionLabel('k.source_id') },
  { key: 'potential', header: { fr: 'Potentiel', en: 'Potential' }, kind: 'text', sql: optionLabel('k.potential_id') },
  {
    key: 'progressState',
    header: { fr: "État d'avancement", en: 'Progress state' },
    kind: 'text',
    sql: optionLabel('k.progress_state_id'),
  },
  {
    key: 'salesperson',
    header: { fr: 'Commercial', en: 'Salesperson' },
    kind: 'text',
    sql: userName('k.salesperson_id'),
  },
  {
    key: 'mainContact',
    header: { fr: 'Contact principal', en: 'Main contact' },
    kind: 'boolean',
    sql: '(c.main_contact_id = k.id)',
  },
  {
    key: 'eventCount',
    header: { fr: "Nombre d'événements", en: 'Events' },
    kind: 'integer',
    sql: CONTACT_EVENTS_COUNT,
  },
  { key: 'active', header: { fr: 'Actif', en: 'Active' }, kind: 'boolean', sql: 'k.active' },
  {
    key: 'emailBouncing',
    header: { fr: 'NPAI', en: 'Email bouncing' },
    kind: 'boolean',
    sql: '(k.email_bounced_at IS NOT NULL)',
    onRequest: true,
  },
  {
    key: 'updatedAt',
    header: { fr: 'Date de modification', en: 'Updated on' },
    kind: 'date',
    sql: localDate('k.updated_at'),
    onRequest: true,
  },
];

export const exportColumns: Record<ExportList, ExportColumn[]> = {
  [ExportList.COMPANIES]: companyList,
  [ExportList.CONTACTS]: contactList,
};

/**
 * The list pages' column keys (record-list/columns.ts) whose export columns have another key.
 * A view's columns can be exported as they are; the other list keys (custom fields'
 * `custom.<key>` included) are export keys too.
 */
const VIEW_COLUMNS: Record<ExportList, Record<string, string[]>> = {
  [ExportList.COMPANIES]: {
    name: ['companyName'],
    parent: ['parentCompany'],
    eventsCount: ['eventCount'],
    contactsCount: ['contactCount'],
  },
  [ExportList.CONTACTS]: {
    // The list shows "first last" in one column; the file keeps the import template's two.
    name: ['firstName', 'lastName'],
    company: ['companyName'],
    eventsCount: ['eventCount'],
  },
};

/**
 * The chosen columns in the asked order, or every column (but those only given on request).
 * Keys are export keys or the list page's column keys; an unknown key is a field error.
 * `extra`: the workspace's custom field columns (custom-field-export.ts), after the others.
 */
export function pickColumns(
  list: ExportList,
  keys: string[] | null | undefined,
  extra: ExportColumn[] = [],
): ExportColumn[] {
  const all = [...exportColumns[list], ...extra];
  if (!keys?.length) return all.filter((c) => !c.onRequest);
  const byKey = new Map(all.map((c) => [c.key, c]));
  const picked = new Map<string, ExportColumn>();
  keys.forEach((key, index) => {
    const names = byKey.has(key) ? [key] : VIEW_COLUMNS[list][key];
    if (!names) throw badField(['columns', index], 'export.unknownColumn', { column: key });
    for (const name of names) if (!picked.has(name)) picked.set(name, byKey.get(name) as ExportColumn);
  });
  return [...picked.values()];
}

/** Where the rows come from and in which order: the list's filter and sort when a view is exported. */
export interface ExportRowSource {
  /** A condition over the list's alias (c or k); bind parameters in `params`. */
  where?: string;
  orderBy?: string;
  params?: unknown[];
}

/** FROM and WHERE of the export statement (aliases as in the lists: c = company, k = contact). */
function exportFrom(list: ExportList, source: ExportRowSource): string {
  const where = source.where ? ` AND ${source.where}` : '';
  if (list === ExportList.COMPANIES) {
    return `FROM company c
      LEFT JOIN contact mc ON mc.id = c.main_contact_id
      WHERE c.deleted_at IS NULL${where}`;
  }
  return `FROM contact k
    JOIN company c ON c.id = k.company_id
    WHERE k.deleted_at IS NULL AND c.deleted_at IS NULL${where}`;
}

const limitClause = (limit?: number | null) => (limit ? ` LIMIT ${Math.floor(Number(limit))}` : '');

/**
 * One statement for the whole file, rows in a stable order. Soft-deleted records are never
 * exported; without a view's filter inactive ones are (the export is a backup of the list,
 * the Actif column says), with one the rows are those the list shows.
 */
export function exportQuery(
  list: ExportList,
  columns: ExportColumn[],
  limit?: number | null,
  source: ExportRowSource = {},
): string {
  const select = columns.map((c, i) => `${c.sql} AS c${i}`).join(',\n  ');
  const order = source.orderBy ?? (list === ExportList.COMPANIES ? 'c.name, c.id' : 'k.last_name, k.first_name, k.id');
  return `SELECT ${select}
    ${exportFrom(list, source)}
    ORDER BY ${order}${limitClause(limit)}`;
}

/** The number of rows exportQuery returns, without computing them (same parameters). */
export function exportCountQuery(list: ExportList, limit?: number | null, source: ExportRowSource = {}): string {
  return `SELECT count(*)::int AS total FROM (SELECT 1 ${exportFrom(list, source)}${limitClause(limit)}) counted`;
}
