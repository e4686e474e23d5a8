import type { CellValue } from '../spreadsheet/read-rows';
import {
  cleanText,
  normalizeCountry,
  normalizeEmail,
  normalizePhone,
  normalizePostalCode,
  normalizeSocialUrl,
  normalizeUrl,
  phoneDefaultCountry,
} from '../validation/contact-data';
import type { Normalized as FormNormalized } from '../validation/messages';
import { normalizeApe, normalizeSiret, normalizeVat } from '../validation/french-ids';
import { type FieldKey, type MappedField, OPTION_FIELDS, isFieldKey } from './fields';

export type ImportTarget = 'COMPANIES' | 'CONTACTS';

/** The forms' normaliser result, with the importer's own reasons (dates, booleans) added. */
type Normalized<T> =
  FormNormalized<T> | { ok: false; reason: 'import.date' | 'import.dateFuture' | 'import.boolean'; params?: undefined };

export interface RowProblem {
  field: FieldKey;
  key: string;
  params?: Record<string, string | number>;
}

export interface CompanyValues {
  name?: string;
  siret?: string;
  siren?: string;
  vatNumber?: string;
  website?: string;
  accountingAccount?: string;
  apeCode?: string;
  addressLine1?: string;
  addressLine2?: string;
  postalCode?: string;
  city?: string;
  country?: string;
}

export interface ContactValues {
  firstName?: string;
  lastName?: string;
  email?: string;
  position?: string;
  phoneDirect?: string;
  phoneDirectRaw?: string;
  phoneMobile?: string;
  phoneMobileRaw?: string;
  phoneSwitchboard?: string;
  phoneSwitchboardRaw?: string;
  facebook?: string;
  linkedin?: string;
  twitter?: string;
  instagram?: string;
}

/** A row checked and normalised by the same rules as the forms, before any database look-up. */
export interface NormalizedRow {
  rowNo: number;
  /** The cells as read, for the report of rejected rows. */
  cells: CellValue[];
  company: CompanyValues;
  /** Null when the row has no contact columns filled. */
  contact: ContactValues | null;
  /** Settings labels as written (resolved against the workspace's lists later). */
  labels: Partial<Record<FieldKey, string[]>>;
  comment: string | null;
  optIn: boolean | null;
  createdAt: string | null;
  problems: RowProblem[];
}

// ---------------------------------------------------------------------------
// Cells as Excel stores them
// ---------------------------------------------------------------------------

/** Text of a cell: numbers without exponent or float noise, trimmed; blank → null. */
export function cellText(cell: CellValue): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return null;
    return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  }
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const t = cell.replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
  return t === '' ? null : t;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Dates as Excel serial numbers, Date cells, dd/mm/yyyy (French order), yyyy-mm-dd. */
export function parseDateCell(cell: CellValue): Normalized<string> {
  if (cell === null || cell === '') return { ok: true, value: null };
  let date: Date | null = null;
  if (cell instanceof Date) date = cell;
  else if (typeof cell === 'number') {
    // Serials 1..2958465 are 1900-01-01..9999-12-31; 60 is Excel's phantom 1900-02-29.
    if (cell >= 1 && cell < 2958466) date = new Date(EXCEL_EPOCH + Math.round(cell * 86400) * 1000);
  } else {
    const t = String(cell).trim();
    let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
    if (m) {
      const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      date = utcDate(year, Number(m[2]), Number(m[1]), m[4], m[5], m[6]);
    } else if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?.*)?$/.exec(t))) {
      date = utcDate(Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], m[6]);
    } else if (/^\d+(\.\d+)?$/.test(t)) {
      return parseDateCell(Number(t));
    }
  }
  if (!date || Number.isNaN(date.getTime())) return { ok: false, reason: 'import.date' };
  if (date.getTime() > Date.now() + 86400_000) return { ok: false, reason: 'import.dateFuture' };
  return { ok: true, value: date.toISOString() };
}

function utcDate(y: number, mo: number, d: number, h?: string, mi?: string, s?: string): Date | null {
  const date = new Date(Date.UTC(y, mo - 1, d, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)));
  // 31/02/2024 rolls over in Date.UTC: refuse it instead.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date;
}

const TRUE = new Set(['oui', 'o', 'yes', 'y', '1', 'x', 'true', 'vrai', 'ok']);
const FALSE = new Set(['non', 'n', 'no', '0', 'false', 'faux']);

/** Oui/Non, Yes/No, 1/0, X (a ticked box) / empty. */
export function parseBoolCell(cell: CellValue): Normalized<boolean> {
  if (cell === null) return { ok: true, value: null };
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  const t = (cellText(cell) ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (t === '') return { ok: true, value: null };
  if (TRUE.has(t)) return { ok: true, value: true };
  if (FALSE.has(t)) return { ok: true, value: false };
  return { ok: false, reason: 'import.boolean' };
}

/**
 * A phone number as Excel keeps it: a number cell (or a CSV saved from one) has lost its
 * leading zero, 0612345678 → 612345678. Nine digits read in the French numbering plan get
 * it back; 33612345678 is an international number without its "+".
 */
export function phoneCellText(cell: CellValue, frenchPlan: boolean): string | null {
  const text = cellText(cell);
  if (text === null) return null;
  if (/^\d+$/.test(text)) {
    if (frenchPlan && text.length === 9 && text[0] !== '0') return `0${text}`;
    if (text.length === 11 && text.startsWith('33')) return `+${text}`;
  }
  return text;
}

/** A SIRET stored as a number may have lost leading zeros too. */
function siretText(cell: CellValue): string | null {
  const text = cellText(cell);
  if (text && typeof cell === 'number' && /^\d{10,13}$/.test(text)) return text.padStart(14, '0');
  return text;
}

// ---------------------------------------------------------------------------
// One row
// ---------------------------------------------------------------------------

const CONTACT_FIELDS: FieldKey[] = [
  'civility',
  'firstName',
  'lastName',
  'email',
  'phoneDirect',
  'phoneSwitchboard',
  'phoneMobile',
  'facebook',
  'linkedin',
  'twitter',
  'instagram',
  'comment',
  'commentCategory',
  'position',
  'situation',
  'source',
];

/** Values of a multi-value cell: "Français, Anglais" or "Français; Anglais" or one per line. */
const splitList = (text: string) =>
  text
    .split(/[,;/\n|]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Checks and normalises one row with the validation rules of the company and contact
 * forms (record-fields.ts): same normalisers, same limits, same required fields.
 * Blank cells mean "leave as it is": an import never erases a stored value.
 */
export function normalizeRow(
  rowNo: number,
  cells: CellValue[],
  mapping: (MappedField | null)[],
  target: ImportTarget,
): NormalizedRow {
  const raw: Partial<Record<FieldKey, CellValue>> = {};
  // Custom-field columns are left to the parent (custom-field-import.ts), which reads the raw cells.
  mapping.forEach((field, i) => {
    if (isFieldKey(field) && i < cells.length) raw[field] = cells[i] ?? null;
  });
  const problems: RowProblem[] = [];
  const take = <T>(field: FieldKey, result: Normalized<T>): T | undefined => {
    if (result.ok) return result.value ?? undefined;
    problems.push({ field, key: result.reason, ...(result.params ? { params: result.params } : {}) });
    return undefined;
  };
  const text = (field: FieldKey, max: number) =>
    take(field, cleanText(cellText(raw[field] ?? null), { maxLength: max }));

  const company: CompanyValues = {};
  const set = <K extends keyof CompanyValues>(k: K, v: CompanyValues[K] | undefined) => {
    if (v !== undefined && v !== null) company[k] = v;
  };
  set('name', text('companyName', 300));
  // The country by its name or code in any case or accents ("fra", « france » → France);
  // unknown ones refused. Postal codes checked in that country (France: 5 digits, 6000 → 06000).
  set('country', take('country', normalizeCountry(cellText(raw.country ?? null))));
  const countryRefused = problems.some((p) => p.field === 'country');
  set(
    'postalCode',
    take(
      'postalCode',
      countryRefused
        ? cleanText(cellText(raw.postalCode ?? null), { maxLength: 300 })
        : normalizePostalCode(cellText(raw.postalCode ?? null), company.country ?? 'France'),
    ),
  );
  set('addressLine1', text('addressLine1', 300));
  set('addressLine2', text('addressLine2', 300));
  set('city', text('city', 300));
  set('accountingAccount', text('accountingAccount', 300));
  set('website', take('website', normalizeUrl(cellText(raw.website ?? null))));
  const siret = take('siret', normalizeSiret(siretText(raw.siret ?? null)));
  if (siret) {
    company.siret = siret;
    company.siren = siret.slice(0, 9);
  }
  set('vatNumber', take('vatNumber', normalizeVat(cellText(raw.vatNumber ?? null), { siren: company.siren ?? null })));
  set('apeCode', take('apeCode', normalizeApe(cellText(raw.apeCode ?? null))));
  if (!company.name && !problems.some((p) => p.field === 'companyName')) {
    problems.push({ field: 'companyName', key: 'field.required' });
  }

  const phoneContext = { country: company.country ?? 'France', postalCode: company.postalCode ?? null };
  const frenchPlan = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF'].includes(phoneDefaultCountry(phoneContext));
  const hasContact = CONTACT_FIELDS.some((f) => cellText(raw[f] ?? null) !== null);
  let contact: ContactValues | null = null;
  if (hasContact || target === 'CONTACTS') {
    const c: ContactValues = {};
    const put = <K extends keyof ContactValues>(k: K, v: ContactValues[K] | undefined) => {
      if (v !== undefined && v !== null) c[k] = v;
    };
    put('firstName', text('firstName', 200));
    put('lastName', text('lastName', 200));
    put('position', text('position', 200));
    put('email', take('email', normalizeEmail(cellText(raw.email ?? null))));
    for (const [field, key, rawKey] of [
      ['phoneDirect', 'phoneDirect', 'phoneDirectRaw'],
      ['phoneMobile', 'phoneMobile', 'phoneMobileRaw'],
      ['phoneSwitchboard', 'phoneSwitchboard', 'phoneSwitchboardRaw'],
    ] as const) {
      const phone = take(field, cachedPhone(phoneCellText(raw[field] ?? null, frenchPlan), phoneContext));
      if (phone) {
        c[key] = phone.e164;
        c[rawKey] = phone.raw;
      }
    }
    for (const network of ['facebook', 'linkedin', 'twitter', 'instagram'] as const) {
      put(network, take(network, normalizeSocialUrl(cellText(raw[network] ?? null), network)));
    }
    // A contact created on its own needs a first and a last name (CONTACT_REQUIRED).
    for (const k of ['firstName', 'lastName'] as const) {
      if (!c[k] && !problems.some((p) => p.field === k)) problems.push({ field: k, key: 'field.required' });
    }
    contact = c;
  }

  const labels: Partial<Record<FieldKey, string[]>> = {};
  for (const { key, multiple } of OPTION_FIELDS) {
    const t = cleanText(cellText(raw[key] ?? null), { maxLength: 100 });
    if (!t.ok) {
      problems.push({ field: key, key: t.reason, ...(t.params ? { params: t.params } : {}) });
      continue;
    }
    if (t.value) labels[key] = multiple ? splitList(t.value) : [t.value];
  }
  const comment = take('comment', cleanMultiline(cellText(raw.comment ?? null)));
  const optIn = take('optIn', parseBoolCell(raw.optIn ?? null)) ?? null;
  const createdAt = take('createdAt', parseDateCell(raw.createdAt ?? null)) ?? null;

  return { rowNo, cells, company, contact, labels, comment: comment ?? null, optIn, createdAt, problems };
}

/**
 * normalizePhone, remembered: its result depends only on the text and the default country
 * of the context, and files repeat numbers (a switchboard on every row of its company).
 * Parsing with libphonenumber is the costliest check of a row.
 */
const phoneCache = new Map<string, ReturnType<typeof normalizePhone>>();
function cachedPhone(text: string | null, context: { country: string; postalCode: string | null }) {
  if (text === null) return normalizePhone(text, context);
  const key = `${phoneDefaultCountry(context)}\u0000${text}`;
  let result = phoneCache.get(key);
  if (!result) {
    if (phoneCache.size >= 20_000) phoneCache.clear();
    result = normalizePhone(text, context);
    phoneCache.set(key, result);
  }
  return result;
}

/** A comment keeps its line breaks; only trailing spaces go. */
function cleanMultiline(text: string | null): Normalized<string> {
  if (text === null) return { ok: true, value: null };
  const t = text.replace(/[ \t]+$/gm, '').trim();
  if (t.length > 10_000) return { ok: false, reason: 'text.tooLong', params: { max: 10_000 } };
  return { ok: true, value: t || null };
}

/** True when every cell is blank (rows Excel keeps after a deletion, or spacer rows). */
export const isBlankRow = (cells: CellValue[]) => cells.every((c) => cellText(c) === null);
