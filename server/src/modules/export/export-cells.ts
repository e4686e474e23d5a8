import type { CellKind } from './export-columns';

/**
 * Cells a spreadsheet would run as a formula start with one of these (OWASP "CSV
 * injection", ASVS 5.0 1.2.10). They are neutralised in both files by a leading quote,
 * which Excel and LibreOffice show as text and do not keep in the value.
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;
/** A plain signed number or phone number ("+33142685300", "-12,5") is data, not a formula. */
const PLAIN_NUMBER = /^[+-]?\d[\d .]*(,\d+)?$/;

export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export type RawCell = string | number | boolean | null;

/** "2026-11-27" (already in the workspace's time zone) → a Date at UTC midnight, as xlsx wants. */
function isoToUtcDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** The value of an xlsx cell: real dates and numbers, Oui/Non for booleans, safe text. */
export function xlsxCell(kind: CellKind, value: RawCell): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'date':
      return isoToUtcDate(String(value));
    case 'integer':
      return Number(value);
    case 'boolean':
      return value ? 'Oui' : 'Non';
    default:
      return neutraliseFormula(String(value));
  }
}

/**
 * The text of a CSV cell as French Excel reads it back: dd/mm/yyyy dates, numbers with a
 * decimal comma when the separator is a semicolon (the French Excel default), Oui/Non.
 */
export function csvCell(kind: CellKind, value: RawCell, separator: string): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'date': {
      const [y, m, d] = String(value).split('-');
      return `${d}/${m}/${y}`;
    }
    case 'integer':
      return separator === ';' ? String(value).replace('.', ',') : String(value);
    case 'boolean':
      return value ? 'Oui' : 'Non';
    default:
      return neutraliseFormula(String(value));
  }
}
