// Custom field values: checking and normalising what clients, imports and conversions
// send, formatting for display, and the SQL expression of a field for lists. Pure
// functions: no I/O.

import Decimal from 'decimal.js';
import type { Locale, MessageParams } from '../../common/i18n';
import { cleanText, normalizeEmail, normalizePhone, normalizeUrl } from '../validation/contact-data';
import { type CustomFieldDefinition, CustomFieldType } from './custom-field.model';

export const MAX_TEXT_LENGTH = 500;
export const MAX_LONG_TEXT_LENGTH = 10_000;
/** Digits a decimal may have in all: beyond, spreadsheets and most clients lose precision anyway. */
const MAX_DECIMAL_DIGITS = 30;

/** A stored value: JSON, never undefined. null means "no value" (the key is then absent). */
export type StoredValue = string | number | boolean | string[] | null;

export type ValueResult = { ok: true; value: StoredValue } | { ok: false; reason: string; params?: MessageParams };

const ok = (value: StoredValue): ValueResult => ({ ok: true, value });
const fail = (reason: string, params?: MessageParams): ValueResult =>
  params ? { ok: false, reason, params } : { ok: false, reason };

function isBlank(raw: unknown): boolean {
  return (
    raw === null ||
    raw === undefined ||
    (typeof raw === 'string' && raw.trim() === '') ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

/** Accents and case do not matter when a choice is given by its label (imports, conversions). */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

const TRUE_WORDS = new Set(['true', 'oui', 'yes', 'vrai', '1', 'o', 'y', 'x']);
const FALSE_WORDS = new Set(['false', 'non', 'no', 'faux', '0', 'n']);

function scalarText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function fromNormalized(r: { ok: true; value: string | null } | { ok: false; reason: string; params?: MessageParams }) {
  return r.ok ? ok(r.value) : fail(r.reason, r.params);
}

function checkDate(raw: unknown): ValueResult {
  const text = scalarText(raw)?.trim();
  if (!text) return fail('customField.date');
  // ISO (2026-03-31, or a timestamp: its date part) or French (31/03/2026).
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(text);
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [+iso[1], +iso[2], +iso[3]] : fr ? [+fr[3], +fr[2], +fr[1]] : [NaN, NaN, NaN];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1000)
    return fail('customField.date');
  return ok(date.toISOString().slice(0, 10));
}

function checkNumber(raw: unknown, decimal: boolean): ValueResult {
  const text = scalarText(raw);
  if (text === null) return fail(decimal ? 'customField.decimal' : 'customField.number');
  // "1 234,5" as typed in French: spaces (also non-breaking) are thousands separators.
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned))
    return fail(decimal ? 'customField.decimal' : 'customField.number');
  const value = new Decimal(cleaned);
  if (!decimal) {
    if (!value.isInteger()) return fail('customField.number');
    if (value.abs().gt(Number.MAX_SAFE_INTEGER)) return fail('customField.numberRange');
    return ok(value.toNumber());
  }
  if (value.precision(true) > MAX_DECIMAL_DIGITS) return fail('customField.numberRange');
  return ok(value.toFixed());
}

function checkBoolean(raw: unknown): ValueResult {
  if (typeof raw === 'boolean') return ok(raw);
  const text = scalarText(raw);
  if (text !== null) {
    const word = fold(text);
    if (TRUE_WORDS.has(word)) return ok(true);
    if (FALSE_WORDS.has(word)) return ok(false);
  }
  return fail('customField.boolean');
}

/** The key of the choice named by its key or by one of its labels, or null. */
export function findChoice(def: CustomFieldDefinition, raw: unknown): string | null {
  const text = scalarText(raw);
  if (text === null) return null;
  const exact = def.choices.find((c) => c.key === text);
  if (exact) return exact.key;
  const wanted = fold(text);
  return (
    def.choices.find((c) => fold(c.key) === wanted || fold(c.labelFr) === wanted || fold(c.labelEn ?? '') === wanted)
      ?.key ?? null
  );
}

function checkChoices(def: CustomFieldDefinition, raw: unknown): ValueResult {
  // A spreadsheet cell holds several choices separated by commas or semicolons.
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[;,]/) : [raw];
  const keys: string[] = [];
  for (const item of items) {
    if (isBlank(item)) continue;
    const key = findChoice(def, item);
    if (!key) return fail('customField.choice', { value: String(item) });
    if (!keys.includes(key)) keys.push(key);
  }
  // Stored in the order of the choices, so equal sets are equal JSON.
  const order = def.choices.map((c) => c.key);
  keys.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return ok(keys.length ? keys : null);
}

/**
 * Checks one value against its field and returns it in its stored form; blank → null.
 * Lenient on the way in (French number and date formats, choices by label, oui/non), so
 * imports and type conversions go through the same rules as forms.
 */
export function normalizeCustomValue(def: CustomFieldDefinition, raw: unknown): ValueResult {
  if (isBlank(raw)) return ok(null);
  if (typeof raw === 'object' && !Array.isArray(raw)) return fail('field.invalid');
  if (Array.isArray(raw) && def.type !== CustomFieldType.MULTIPLE_CHOICE) return fail('field.invalid');
  switch (def.type) {
    case CustomFieldType.TEXT:
      return scalarText(raw) === null
        ? fail('field.invalid')
        : fromNormalized(cleanText(scalarText(raw), { maxLength: MAX_TEXT_LENGTH }));
    case CustomFieldType.LONG_TEXT: {
      // Line breaks are kept: a long text is a paragraph, not a name.
      const text = scalarText(raw)?.replace(/\r\n?/g, '\n').trim();
      if (text === undefined) return fail('field.invalid');
      if ([...text].length > MAX_LONG_TEXT_LENGTH) return fail('field.tooLong', { max: MAX_LONG_TEXT_LENGTH });
      return ok(text);
    }
    case CustomFieldType.NUMBER:
      return checkNumber(raw, false);
    case CustomFieldType.DECIMAL:
      return checkNumber(raw, true);
    case CustomFieldType.DATE:
      return checkDate(raw);
    case CustomFieldType.BOOLEAN:
      return checkBoolean(raw);
    case CustomFieldType.SINGLE_CHOICE: {
      const key = findChoice(def, raw);
      return key ? ok(key) : fail('customField.choice', { value: String(raw) });
    }
    case CustomFieldType.MULTIPLE_CHOICE:
      return checkChoices(def, raw);
    case CustomFieldType.URL:
      return fromNormalized(normalizeUrl(scalarText(raw)));
    case CustomFieldType.EMAIL:
      return fromNormalized(normalizeEmail(scalarText(raw)));
    case CustomFieldType.PHONE: {
      const r = normalizePhone(scalarText(raw));
      return r.ok ? ok(r.value?.e164 ?? null) : fail(r.reason, r.params);
    }
  }
}

function choiceLabel(def: CustomFieldDefinition, key: string, locale: Locale): string {
  const choice = def.choices.find((c) => c.key === key);
  if (!choice) return key;
  return locale === 'en' ? (choice.labelEn ?? choice.labelFr) : choice.labelFr;
}

export function fieldLabel(def: Pick<CustomFieldDefinition, 'labelFr' | 'labelEn'>, locale: Locale): string {
  return locale === 'en' ? (def.labelEn ?? def.labelFr) : def.labelFr;
}

/**
 * A stored value as people read it (pages, exports, and the input of a type conversion):
 * choices by label, dates as DD/MM/YYYY in French, yes/no in the locale.
 */
export function displayCustomValue(def: CustomFieldDefinition, value: unknown, locale: Locale): string | null {
  if (value === null || value === undefined) return null;
  switch (def.type) {
    case CustomFieldType.BOOLEAN:
      return value === true ? (locale === 'en' ? 'Yes' : 'Oui') : locale === 'en' ? 'No' : 'Non';
    case CustomFieldType.DATE: {
      const [y, m, d] = String(value).split('-');
      return locale === 'en' ? String(value) : `${d}/${m}/${y}`;
    }
    case CustomFieldType.SINGLE_CHOICE:
      return choiceLabel(def, String(value), locale);
    case CustomFieldType.MULTIPLE_CHOICE:
      return (Array.isArray(value) ? value : [value]).map((k) => choiceLabel(def, String(k), locale)).join(', ');
    default:
      return Array.isArray(value) ? value.join(', ') : String(value);
  }
}

/**
 * The value of a stored field read as the input of another type: choice keys become their
 * labels (so text ↔ choice round-trips), and a list becomes its single item when the new
 * type holds one value.
 */
export function conversionInput(from: CustomFieldDefinition, to: CustomFieldDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const labels = (Array.isArray(value) ? value : [value]).map((v) =>
    from.type === CustomFieldType.SINGLE_CHOICE || from.type === CustomFieldType.MULTIPLE_CHOICE
      ? choiceLabel(from, String(v), 'fr')
      : v,
  );
  if (to.type === CustomFieldType.MULTIPLE_CHOICE) return labels;
  if (labels.length === 1) return labels[0];
  // Several choices into one value: text types take them joined, others refuse.
  return to.type === CustomFieldType.TEXT || to.type === CustomFieldType.LONG_TEXT ? labels.join(', ') : labels;
}

/** SQL type a field's value is compared and sorted as. */
export function customFieldSqlType(type: CustomFieldType): 'text' | 'numeric' | 'date' | 'boolean' | 'jsonb' {
  switch (type) {
    case CustomFieldType.NUMBER:
    case CustomFieldType.DECIMAL:
      return 'numeric';
    case CustomFieldType.DATE:
      return 'date';
    case CustomFieldType.BOOLEAN:
      return 'boolean';
    case CustomFieldType.MULTIPLE_CHOICE:
      return 'jsonb';
    default:
      return 'text';
  }
}

const KEY = /^[a-z][a-z0-9_]{0,49}$/;
const ALIAS = /^[a-z_][a-z0-9_]*$/i;

/**
 * The typed SQL expression of a field on a table alias, for filters, sorts and groups:
 * `(c.custom_fields->>'budget')::numeric`. Multiple choice gives the jsonb array
 * (`c.custom_fields->'tags'`): filter it with `@>` / `?|`. Keys and aliases are checked
 * against strict patterns before they reach SQL (keys are also checked by the database).
 * The casts cannot fail: values are checked on write and type changes convert or refuse.
 */
export function customFieldSqlExpression(def: Pick<CustomFieldDefinition, 'key' | 'type'>, alias: string): string {
  if (!KEY.test(def.key) || !ALIAS.test(alias)) throw new Error(`unsafe custom field key or alias: ${def.key}`);
  const sqlType = customFieldSqlType(def.type);
  if (sqlType === 'jsonb') return `(${alias}.custom_fields->'${def.key}')`;
  if (sqlType === 'text') return `(${alias}.custom_fields->>'${def.key}')`;
  return `((${alias}.custom_fields->>'${def.key}')::${sqlType})`;
}

/**
 * An indexed equality test (the GIN jsonb_path_ops index serves `@>`): the record's field
 * has exactly this stored value, or for multiple choice contains these choices. Bind the
 * returned parameter as the JSON text.
 */
export function customFieldContainsSql(
  def: Pick<CustomFieldDefinition, 'key' | 'type'>,
  alias: string,
  paramPlaceholder: string,
  value: StoredValue,
): { sql: string; param: string } {
  if (!KEY.test(def.key) || !ALIAS.test(alias)) throw new Error(`unsafe custom field key or alias: ${def.key}`);
  return {
    sql: `${alias}.custom_fields @> ${paramPlaceholder}::jsonb`,
    param: JSON.stringify({ [def.key]: value }),
  };
}
