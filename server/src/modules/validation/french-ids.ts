// Normalisation and validation of French company identifiers (SIREN, SIRET, APE code) and
// of intra-community VAT numbers. Pure functions: no I/O, no registry look-up.

import { accept, rawText, reject, type Normalized, type RawValue } from './messages';

export type { Normalized, RawValue } from './messages';

/** Separators people type or paste inside identifiers: spaces (incl. non-breaking), dots, dashes. */
const SEPARATORS = /[\s.-]/g;

function compact(text: string): string {
  return text.replace(SEPARATORS, '');
}

/**
 * Luhn check over a string of digits. The doubling starts from the second digit FROM THE
 * RIGHT: the check digit is the last one. Doubling by parity from the left only gives the
 * same result for odd lengths (SIREN, 9 digits), not for a 14-digit SIRET.
 */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isSirenValid(siren: string): boolean {
  return /^\d{9}$/.test(siren) && isLuhnValid(siren);
}

/** SIREN: 9 digits, the last being a Luhn check digit (INSEE). Stored as 9 bare digits. */
export function normalizeSiren(raw: RawValue): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const siren = compact(text);
  if (!/^\d{9}$/.test(siren)) return reject('siren.format');
  if (!isLuhnValid(siren)) return reject('siren.checksum');
  return accept(siren);
}

/**
 * INSEE exception for La Poste (SIREN 356 000 000): its establishments' SIRETs do not carry
 * a Luhn key; instead the sum of the 14 digits is a multiple of 5. (Its head office,
 * 356 000 000 00048, does satisfy Luhn, so either check is accepted.)
 */
const LA_POSTE_SIREN = '356000000';

/** SIRET: SIREN (9 digits) + NIC (5 digits), Luhn over all 14 digits. Stored as 14 bare digits. */
export function normalizeSiret(raw: RawValue): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const siret = compact(text);
  if (!/^\d{14}$/.test(siret)) return reject('siret.format');

  const siren = siret.slice(0, 9);
  if (!isLuhnValid(siret)) {
    const digitSum = [...siret].reduce((sum, digit) => sum + Number(digit), 0);
    if (siren !== LA_POSTE_SIREN || digitSum % 5 !== 0) return reject('siret.checksum');
  }
  // The establishment number embeds the company's number, which carries its own key
  // (356000000 passes it too, so La Poste needs no exception here).
  if (!isLuhnValid(siren)) return reject('siret.sirenChecksum', { siren });
  return accept(siret);
}

/**
 * Key of a French VAT number (numéro de TVA intracommunautaire) computed from the SIREN:
 * key = (12 + 3 × (SIREN mod 97)) mod 97, zero-padded to two digits
 * (the DGFiP rule).
 */
export function frenchVatKey(siren: string): string {
  return String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
}

/** The French VAT number of a SIREN, e.g. 732829320 → FR44732829320. */
export function frenchVatFromSiren(siren: string): string {
  return `FR${frenchVatKey(siren)}${siren}`;
}

/** The SIREN behind a record's SIREN or SIRET (first 9 digits), or null when it has neither shape. */
function sirenOf(value: string | null | undefined): string | null {
  const digits = compact(value ?? '');
  return /^\d{9}(\d{5})?$/.test(digits) ? digits.slice(0, 9) : null;
}

// Format of the part after the country prefix, per VIES (European Commission) and the
// national registries; an example of each for the error message. Checked by format only.
const VAT_FORMATS: Record<string, { pattern: RegExp; example: string }> = {
  AT: { pattern: /^U\d{8}$/, example: 'ATU12345678' },
  BE: { pattern: /^[01]\d{9}$/, example: 'BE0123456789' },
  BG: { pattern: /^\d{9,10}$/, example: 'BG123456789' },
  CY: { pattern: /^\d{8}[A-Z]$/, example: 'CY12345678L' },
  CZ: { pattern: /^\d{8,10}$/, example: 'CZ12345678' },
  DE: { pattern: /^\d{9}$/, example: 'DE123456789' },
  DK: { pattern: /^\d{8}$/, example: 'DK12345678' },
  EE: { pattern: /^\d{9}$/, example: 'EE123456789' },
  // Greece uses EL (not its ISO code GR) in VAT numbers; GR is rewritten to EL below.
  EL: { pattern: /^\d{9}$/, example: 'EL123456789' },
  ES: { pattern: /^[A-Z0-9]\d{7}[A-Z0-9]$/, example: 'ESA12345678' },
  FI: { pattern: /^\d{8}$/, example: 'FI12345678' },
  HR: { pattern: /^\d{11}$/, example: 'HR12345678901' },
  HU: { pattern: /^\d{8}$/, example: 'HU12345678' },
  // Irish numbers: 7 digits + 1 or 2 letters, or the old style digit, letter (or + or *), 5 digits, letter.
  IE: { pattern: /^(\d{7}[A-Z]{1,2}|\d[A-Z+*]\d{5}[A-Z])$/, example: 'IE1234567WA' },
  IT: { pattern: /^\d{11}$/, example: 'IT12345678901' },
  LT: { pattern: /^(\d{9}|\d{12})$/, example: 'LT123456789' },
  LU: { pattern: /^\d{8}$/, example: 'LU12345678' },
  LV: { pattern: /^\d{11}$/, example: 'LV12345678901' },
  MT: { pattern: /^\d{8}$/, example: 'MT12345678' },
  NL: { pattern: /^\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { pattern: /^\d{10}$/, example: 'PL1234567890' },
  PT: { pattern: /^\d{9}$/, example: 'PT123456789' },
  RO: { pattern: /^\d{2,10}$/, example: 'RO1234567890' },
  SE: { pattern: /^\d{12}$/, example: 'SE123456789001' },
  SI: { pattern: /^\d{8}$/, example: 'SI12345678' },
  SK: { pattern: /^\d{10}$/, example: 'SK1234567890' },
  // Northern Ireland (post-Brexit, for goods) and Great Britain: 9 or 12 digits, or
  // GD (government departments) / HA (health authorities) + 3 digits.
  XI: { pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: 'XI123456789' },
  GB: { pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: 'GB123456789' },
  // Switzerland: the UID "CHE-123.456.789" followed by the VAT suffix in one of the national
  // languages (MWST, TVA, IVA), which is optional here.
  CH: { pattern: /^E\d{9}(MWST|TVA|IVA)?$/, example: 'CHE123456789MWST' },
};

/**
 * French VAT key alphabet: digits for companies with a SIREN-derived key; the newer
 * alphanumeric keys use digits and letters except I and O (to avoid confusion with 1 and 0).
 */
const FR_VAT = /^FR([0-9A-HJ-NP-Z]{2})(\d{9})$/;

/**
 * Intra-community VAT number, stored uppercase without separators (FR44732829320).
 * French numbers are fully checked (embedded SIREN, numeric key, consistency with the
 * record's SIREN/SIRET given as `opts.siren`); other countries by format.
 */
export function normalizeVat(raw: RawValue, opts: { siren?: string | null } = {}): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  let vat = compact(text).toUpperCase();
  if (!/^[A-Z]{2}/.test(vat)) return reject('vat.format');
  if (vat.startsWith('GR')) vat = `EL${vat.slice(2)}`;

  const country = vat.slice(0, 2);
  if (country === 'FR') return checkFrenchVat(vat, opts.siren);

  const format = VAT_FORMATS[country];
  if (!format) return reject('vat.country', { country });
  if (!format.pattern.test(vat.slice(2))) {
    return reject('vat.countryFormat', { country: country === 'CH' ? 'CHE' : country, example: format.example });
  }
  return accept(vat);
}

function checkFrenchVat(vat: string, recordSiren: string | null | undefined): Normalized<string> {
  const match = FR_VAT.exec(vat);
  if (!match) return reject('vat.countryFormat', { country: 'FR', example: 'FR44732829320' });
  const [, key, siren] = match;

  if (!isSirenValid(siren)) return reject('vat.siren', { siren });
  // Only a numeric key is derived from the SIREN; alphanumeric keys are accepted by format.
  if (/^\d{2}$/.test(key) && key !== frenchVatKey(siren)) {
    return reject('vat.key', { key: frenchVatKey(siren), expected: frenchVatFromSiren(siren) });
  }
  const expectedSiren = sirenOf(recordSiren);
  if (expectedSiren !== null && expectedSiren !== siren) {
    return reject('vat.sirenMismatch', { vatSiren: siren, siren: expectedSiren });
  }
  return accept(vat);
}

/**
 * APE code (the INSEE activity code from the NAF nomenclature): 4 digits and a letter,
 * stored as 62.01Z. Checked by format only: the NAF 2025 revision replaces the code list,
 * so no list is frozen here.
 */
export function normalizeApe(raw: RawValue): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const code = compact(text).toUpperCase();
  if (!/^\d{4}[A-Z]$/.test(code)) return reject('ape.format');
  return accept(`${code.slice(0, 2)}.${code.slice(2)}`);
}
