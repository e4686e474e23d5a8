import type { SettingList } from '../settings/setting-option.entity';

// The lists' enum values, without importing the entity: the parsing child process loads this
// file, and the entity would load TypeORM there (~300 ms on every preview and import).
const list = <L extends `${SettingList}`>(name: L) => name as unknown as SettingList;

/**
 * The columns of the import template (the seeds' "fichier modèle", columns 1 to 26 with
 * the contact's phones and networks spelt out), in template order. `aliases` are other
 * headers people write, French or English; they are compared after `headerKey`.
 */
export const IMPORT_FIELDS = [
  {
    key: 'createdAt',
    fr: 'Date de création',
    en: 'Creation date',
    aliases: ['date de la creation', 'date creation', 'created at', 'created', 'date'],
  },
  {
    key: 'companyName',
    fr: 'Société cliente',
    en: 'Company',
    aliases: [
      'societe',
      'entreprise',
      'client',
      'company name',
      'raison sociale',
      'nom de la societe',
      'organisation',
      'organization',
    ],
  },
  { key: 'siret', fr: 'SIRET', en: 'SIRET', aliases: ['n siret', 'numero siret', 'siret number'] },
  {
    key: 'vatNumber',
    fr: 'Numéro de TVA',
    en: 'VAT number',
    aliases: ['tva', 'n tva', 'tva intracommunautaire', 'numero de tva intracommunautaire', 'vat', 'vat id'],
  },
  { key: 'website', fr: 'Site web', en: 'Website', aliases: ['site', 'site internet', 'web', 'url'] },
  {
    key: 'accountingAccount',
    fr: 'Compte comptable client',
    en: 'Accounting account',
    aliases: ['compte comptable', 'customer account'],
  },
  {
    key: 'languages',
    fr: 'Langues société',
    en: 'Languages',
    aliases: ['langue', 'langues', 'langue societe', 'language', 'company languages'],
    list: list('LANGUAGE'),
    multiple: true,
  },
  {
    key: 'companyType',
    fr: 'Type société',
    en: 'Company type',
    aliases: ['type', 'type de societe', 'type client'],
    list: list('COMPANY_TYPE'),
  },
  { key: 'apeCode', fr: 'Code APE', en: 'APE code', aliases: ['ape', 'naf', 'code naf', 'code ape naf', 'nace'] },
  { key: 'addressLine1', fr: 'Adresse 1', en: 'Address 1', aliases: ['adresse', 'address', 'address line 1', 'rue'] },
  {
    key: 'addressLine2',
    fr: 'Adresse 2',
    en: 'Address 2',
    aliases: ['address line 2', 'complement d adresse', 'complement'],
  },
  { key: 'postalCode', fr: 'Code postal', en: 'Postal code', aliases: ['cp', 'zip', 'zip code', 'postcode'] },
  { key: 'city', fr: 'Ville', en: 'City', aliases: ['town', 'commune'] },
  { key: 'country', fr: 'Pays', en: 'Country', aliases: [] },
  { key: 'civility', fr: 'Civilité', en: 'Civility', aliases: ['title', 'salutation'], list: list('CIVILITY') },
  { key: 'firstName', fr: 'Prénom du contact', en: 'First name', aliases: ['prenom', 'firstname', 'given name'] },
  {
    key: 'lastName',
    fr: 'Nom du contact',
    en: 'Last name',
    aliases: ['nom', 'lastname', 'surname', 'family name', 'nom de famille'],
  },
  {
    key: 'email',
    fr: 'Email du contact',
    en: 'Email',
    aliases: ['e mail', 'mail', 'courriel', 'adresse email', 'adresse e mail', 'email address'],
  },
  {
    key: 'phoneDirect',
    fr: 'Téléphone direct du contact',
    en: 'Direct phone',
    aliases: ['telephone direct', 'telephone', 'tel', 'tel direct', 'phone'],
  },
  {
    key: 'phoneSwitchboard',
    fr: 'Téléphone standard',
    en: 'Switchboard',
    aliases: ['standard', 'switchboard phone', 'tel standard'],
  },
  {
    key: 'phoneMobile',
    fr: 'Téléphone portable du contact',
    en: 'Mobile',
    aliases: ['portable', 'mobile', 'telephone portable', 'mobile phone', 'cell phone', 'tel portable'],
  },
  { key: 'facebook', fr: 'Facebook', en: 'Facebook', aliases: [] },
  { key: 'linkedin', fr: 'LinkedIn', en: 'LinkedIn', aliases: [] },
  { key: 'twitter', fr: 'Twitter', en: 'Twitter', aliases: ['x'] },
  { key: 'instagram', fr: 'Instagram', en: 'Instagram', aliases: [] },
  {
    key: 'comment',
    fr: 'Commentaires sur le contact',
    en: 'Contact comment',
    aliases: ['commentaire', 'commentaires', 'comment', 'comments', 'notes', 'note'],
  },
  {
    key: 'commentCategory',
    fr: 'Catégorie du commentaire contact',
    en: 'Comment category',
    aliases: ['categorie', 'categorie du commentaire', 'category'],
    list: list('ACTIVITY_CATEGORY'),
  },
  { key: 'optIn', fr: 'Opt-In', en: 'Opt-in', aliases: ['optin', 'consentement', 'consent'] },
  {
    key: 'position',
    fr: 'Poste occupé du contact',
    en: 'Position',
    aliases: ['poste', 'poste occupe', 'fonction', 'job title', 'title position'],
  },
  { key: 'situation', fr: 'Situation', en: 'Situation', aliases: [], list: list('SITUATION') },
  { key: 'source', fr: 'Source', en: 'Source', aliases: ['origine'], list: list('SOURCE') },
] as const satisfies readonly {
  key: string;
  fr: string;
  en: string;
  aliases: readonly string[];
  list?: SettingList;
  multiple?: boolean;
}[];

export type FieldKey = (typeof IMPORT_FIELDS)[number]['key'];
export const FIELD_KEYS = IMPORT_FIELDS.map((f) => f.key) as FieldKey[];
const FIELD_KEY_SET = new Set<string>(FIELD_KEYS);
/** Called for every column of every row (normalizeRow): a set, not a list scan. */
export const isFieldKey = (v: unknown): v is FieldKey => typeof v === 'string' && FIELD_KEY_SET.has(v);

/**
 * A column mapped by hand to a custom field: `custom.<key>`, as list columns name them. The
 * parsing child only checks the form (it knows no workspace): the parent resolves the key
 * against the workspace's fields and reads those cells itself (custom-field-import.ts).
 */
export type CustomMappingKey = `custom.${string}`;
/** What a column of the file maps to: a template field or a custom field. */
export type MappedField = FieldKey | CustomMappingKey;

const CUSTOM_MAPPING = /^custom\.[a-z][a-z0-9_]{0,49}$/;
export const isCustomMappingKey = (v: unknown): v is CustomMappingKey =>
  typeof v === 'string' && CUSTOM_MAPPING.test(v);
export const isMappedField = (v: unknown): v is MappedField => isFieldKey(v) || isCustomMappingKey(v);
/** The custom field key of a `custom.<key>` mapping. */
export const customKeyOf = (v: CustomMappingKey): string => v.slice('custom.'.length);

/** The fields whose value is a settings list entry, with their list. */
export const OPTION_FIELDS = IMPORT_FIELDS.filter((f) => 'list' in f).map((f) => ({
  key: f.key as FieldKey,
  list: (f as { list: SettingList }).list,
  multiple: 'multiple' in f,
}));

/** Case, accents, punctuation and spacing ignored: "  Téléphone-Direct " → "telephone direct". */
export function headerKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const BY_HEADER = new Map<string, FieldKey>();
for (const f of IMPORT_FIELDS) {
  for (const h of [f.fr, f.en, f.key, ...f.aliases]) {
    const k = headerKey(h);
    if (!BY_HEADER.has(k)) BY_HEADER.set(k, f.key);
  }
}

/** The field a header names, or null. */
export function fieldOfHeader(header: string): FieldKey | null {
  return BY_HEADER.get(headerKey(header)) ?? null;
}

export interface ColumnMapping {
  /** 0-based column index → field (null: column ignored). */
  fields: (FieldKey | null)[];
  /** Headers of the columns that matched nothing. */
  unknown: { index: number; header: string }[];
}

/** Matches headers to fields; a field claimed twice keeps its first column. */
export function autoMapping(headers: string[]): ColumnMapping {
  const used = new Set<FieldKey>();
  const fields: (FieldKey | null)[] = [];
  const unknown: { index: number; header: string }[] = [];
  headers.forEach((h, index) => {
    const f = h ? fieldOfHeader(h) : null;
    if (f && !used.has(f)) {
      used.add(f);
      fields.push(f);
    } else {
      fields.push(null);
      if (h) unknown.push({ index, header: h });
    }
  });
  return { fields, unknown };
}

/** Label normalisation for settings values ("  maître" = "Maitre"). */
export const optionKey = headerKey;
