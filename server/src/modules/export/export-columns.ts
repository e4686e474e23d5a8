import { badField } from '../../common/errors';

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
  /** SQL expression over the aliases of the list's base query (c = company, p = contact). */
  sql: string;
  width?: number;
}

const label = (column: string) => `(SELECT o.label FROM setting_option o WHERE o.id = ${column})`;
const localDate = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`;
const userName = (column: string) => `(SELECT u.name FROM app_user u WHERE u.id = ${column})`;

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
    sql: `(SELECT string_agg(o.label, ', ' ORDER BY o.position, o.label) FROM company_language cl
           JOIN setting_option o ON o.id = cl.option_id WHERE cl.company_id = c.id)`,
  },
  {
    key: 'companyType',
    header: { fr: 'Type société', en: 'Company type' },
    kind: 'text',
    sql: label('c.company_type_id'),
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
    sql: '(SELECT count(*) FROM event e WHERE e.company_id = c.id)',
  },
  {
    key: 'contactCount',
    header: { fr: 'Nombre de contacts', en: 'Contacts' },
    kind: 'integer',
    sql: '(SELECT count(*) FROM contact k WHERE k.company_id = c.id AND k.deleted_at IS NULL)',
  },
  { key: 'active', header: { fr: 'Actif', en: 'Active' }, kind: 'boolean', sql: 'c.active' },
  { key: 'optIn', header: { fr: 'Opt-In', en: 'Opt-in' }, kind: 'boolean', sql: 'c.opt_in' },
];

const contactList: ExportColumn[] = [
  {
    key: 'createdAt',
    header: { fr: 'Date de la création', en: 'Creation date' },
    kind: 'date',
    sql: localDate('p.created_at'),
  },
  ...companyColumns,
  { key: 'civility', header: { fr: 'Civilité', en: 'Civility' }, kind: 'text', sql: label('p.civility_id') },
  { key: 'firstName', header: { fr: 'Prénom du contact', en: 'First name' }, kind: 'text', sql: 'p.first_name' },
  { key: 'lastName', header: { fr: 'Nom du contact', en: 'Last name' }, kind: 'text', sql: 'p.last_name' },
  { key: 'email', header: { fr: 'Email du contact', en: 'Email' }, kind: 'text', sql: 'p.email::text', width: 30 },
  {
    key: 'phoneDirect',
    header: { fr: 'Téléphone direct du contact', en: 'Direct phone' },
    kind: 'text',
    sql: 'p.phone_direct',
  },
  {
    key: 'phoneSwitchboard',
    header: { fr: 'Téléphone standard', en: 'Switchboard' },
    kind: 'text',
    sql: 'p.phone_switchboard',
  },
  {
    key: 'phoneMobile',
    header: { fr: 'Téléphone portable du contact', en: 'Mobile' },
    kind: 'text',
    sql: 'p.phone_mobile',
  },
  { key: 'facebook', header: { fr: 'Facebook', en: 'Facebook' }, kind: 'text', sql: 'p.facebook' },
  { key: 'linkedin', header: { fr: 'LinkedIn', en: 'LinkedIn' }, kind: 'text', sql: 'p.linkedin' },
  { key: 'twitter', header: { fr: 'Twitter', en: 'Twitter' }, kind: 'text', sql: 'p.twitter' },
  { key: 'instagram', header: { fr: 'Instagram', en: 'Instagram' }, kind: 'text', sql: 'p.instagram' },
  { key: 'optIn', header: { fr: 'Opt-In', en: 'Opt-in' }, kind: 'boolean', sql: 'p.opt_in' },
  { key: 'position', header: { fr: 'Poste occupé du contact', en: 'Position' }, kind: 'text', sql: 'p.position' },
  { key: 'situation', header: { fr: 'Situation', en: 'Situation' }, kind: 'text', sql: label('p.situation_id') },
  { key: 'source', header: { fr: 'Source', en: 'Source' }, kind: 'text', sql: label('p.source_id') },
  { key: 'potential', header: { fr: 'Potentiel', en: 'Potential' }, kind: 'text', sql: label('p.potential_id') },
  {
    key: 'progressState',
    header: { fr: "État d'avancement", en: 'Progress state' },
    kind: 'text',
    sql: label('p.progress_state_id'),
  },
  {
    key: 'salesperson',
    header: { fr: 'Commercial', en: 'Salesperson' },
    kind: 'text',
    sql: userName('p.salesperson_id'),
  },
  {
    key: 'mainContact',
    header: { fr: 'Contact principal', en: 'Main contact' },
    kind: 'boolean',
    sql: '(c.main_contact_id = p.id)',
  },
  {
    key: 'eventCount',
    header: { fr: "Nombre d'événements", en: 'Events' },
    kind: 'integer',
    sql: '(SELECT count(*) FROM event_contact ec WHERE ec.contact_id = p.id)',
  },
  { key: 'active', header: { fr: 'Actif', en: 'Active' }, kind: 'boolean', sql: 'p.active' },
];

export const exportColumns: Record<ExportList, ExportColumn[]> = {
  [ExportList.COMPANIES]: companyList,
  [ExportList.CONTACTS]: contactList,
};

/** The chosen columns in the asked order, or every column; an unknown key is a field error. */
export function pickColumns(list: ExportList, keys: string[] | null | undefined): ExportColumn[] {
  const all = exportColumns[list];
  if (!keys?.length) return all;
  const byKey = new Map(all.map((c) => [c.key, c]));
  return keys.map((key, index) => {
    const column = byKey.get(key);
    if (!column) throw badField(['columns', index], 'export.unknownColumn', { column: key });
    return column;
  });
}

/**
 * One statement for the whole file, rows in a stable order. Soft-deleted records are never
 * exported; inactive ones are (the export is a backup of the list, the Actif column says).
 */
export function exportQuery(list: ExportList, columns: ExportColumn[], limit?: number | null): string {
  const tail = limit ? ` LIMIT ${Math.floor(Number(limit))}` : '';
  const select = columns.map((c, i) => `${c.sql} AS c${i}`).join(',\n  ');
  if (list === ExportList.COMPANIES) {
    return `SELECT ${select}
      FROM company c
      LEFT JOIN contact mc ON mc.id = c.main_contact_id
      WHERE c.deleted_at IS NULL
      ORDER BY c.name, c.id${tail}`;
  }
  return `SELECT ${select}
    FROM contact p
    JOIN company c ON c.id = p.company_id
    WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL
    ORDER BY p.last_name, p.first_name, p.id${tail}`;
}
