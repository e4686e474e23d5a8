import type { FieldErrors } from '../../common/errors';
import {
  cleanText,
  normalizeCountry,
  normalizeEmail,
  normalizePhone,
  normalizePostalCode,
  normalizeSocialUrl,
  normalizeUrl,
} from '../validation/contact-data';
import { normalizeApe, normalizeSiret, normalizeVat } from '../validation/french-ids';
import { checkField, requireValue } from '../validation/field-check';
import type { AddressInput, CompanyFieldsInput, ContactFieldsInput } from './company.inputs';

type Path = (string | number)[];

/** Only the keys the client sent: absent means "leave as it is" on updates. */
const given = <T extends object>(input: T, key: keyof T) =>
  Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;

export interface CompanyPatch {
  name?: string;
  website?: string | null;
  companyTypeId?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
  parentId?: string | null;
  vatNumber?: string | null;
  accountingAccount?: string | null;
  siret?: string | null;
  siren?: string | null;
  apeCode?: string | null;
  active?: boolean;
  optIn?: boolean;
  languageIds?: string[];
}

/**
 * Checks and normalises company fields (names trimmed, empty → null, SIRET/VAT/APE in
 * their stored form). `current` is the stored record on updates, so that a VAT number is
 * checked against the SIRET the company will have after the change.
 */
export function companyPatch(
  input: CompanyFieldsInput,
  errors: FieldErrors,
  path: Path,
  opts: { creating: boolean; current?: { siret: string | null; country?: string | null } },
): CompanyPatch {
  const patch: CompanyPatch = {};
  const text = (key: 'addressLine1' | 'addressLine2' | 'postalCode' | 'city' | 'accountingAccount') => {
    if (given(input, key)) patch[key] = checkField(errors, [...path, key], cleanText(input[key], { maxLength: 300 }));
  };
  if (opts.creating || given(input, 'name')) {
    const name = checkField(errors, [...path, 'name'], cleanText(input.name, { maxLength: 300 }));
    requireValue(errors, [...path, 'name'], input.name);
    if (name) patch.name = name;
  }
  if (given(input, 'website')) patch.website = checkField(errors, [...path, 'website'], normalizeUrl(input.website));
  text('addressLine1');
  text('addressLine2');
  text('city');
  text('accountingAccount');
  const countryOk = !given(input, 'country') || normalizeCountry(input.country).ok;
  if (given(input, 'country'))
    patch.country = checkField(errors, [...path, 'country'], normalizeCountry(input.country)) ?? 'France';
  else if (opts.creating) patch.country = 'France';
  // Checked in the country the company will have (a bulk edit without it, or a country
  // refused: only cleaned, the postal code is checked once the country is known).
  const country = countryOk ? (patch.country ?? opts.current?.country ?? (opts.creating ? 'France' : null)) : null;
  if (given(input, 'postalCode'))
    patch.postalCode = checkField(
      errors,
      [...path, 'postalCode'],
      country === null
        ? cleanText(input.postalCode, { maxLength: 300 })
        : normalizePostalCode(input.postalCode, country),
    );
  if (given(input, 'siret')) {
    patch.siret = checkField(errors, [...path, 'siret'], normalizeSiret(input.siret));
    patch.siren = patch.siret ? patch.siret.slice(0, 9) : null;
  }
  if (given(input, 'vatNumber')) {
    const siret = patch.siret !== undefined ? patch.siret : (opts.current?.siret ?? null);
    patch.vatNumber = checkField(
      errors,
      [...path, 'vatNumber'],
      normalizeVat(input.vatNumber, { siren: siret ? siret.slice(0, 9) : null }),
    );
  }
  if (given(input, 'apeCode')) patch.apeCode = checkField(errors, [...path, 'apeCode'], normalizeApe(input.apeCode));
  if (given(input, 'companyTypeId')) patch.companyTypeId = input.companyTypeId || null;
  if (given(input, 'parentId')) patch.parentId = input.parentId || null;
  if (given(input, 'languageIds')) patch.languageIds = [...new Set(input.languageIds ?? [])];
  if (input.active !== undefined && input.active !== null) patch.active = input.active;
  if (input.optIn !== undefined && input.optIn !== null) patch.optIn = input.optIn;
  return patch;
}

export interface AddressPatch {
  label?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string;
}

export function addressPatch(
  input: AddressInput,
  errors: FieldErrors,
  path: Path,
  creating: boolean,
  current?: { country: string | null },
): AddressPatch {
  const patch: AddressPatch = {};
  for (const key of ['label', 'addressLine1', 'addressLine2', 'city'] as const) {
    if (given(input, key)) patch[key] = checkField(errors, [...path, key], cleanText(input[key], { maxLength: 300 }));
  }
  if (given(input, 'country'))
    patch.country = checkField(errors, [...path, 'country'], normalizeCountry(input.country)) ?? 'France';
  else if (creating) patch.country = 'France';
  if (given(input, 'postalCode')) {
    const countryOk = !given(input, 'country') || normalizeCountry(input.country).ok;
    const country = patch.country ?? current?.country ?? 'France';
    patch.postalCode = checkField(
      errors,
      [...path, 'postalCode'],
      countryOk ? normalizePostalCode(input.postalCode, country) : cleanText(input.postalCode, { maxLength: 300 }),
    );
  }
  return patch;
}

/** The fields of a billing address its audit entries record. */
export const BILLING_ADDRESS_AUDITED_FIELDS = [
  'label',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'isDefault',
] as const;

/**
 * Whether an address can go on a quote or an invoice: it has its first line. A city or a postal
 * code alone does not say where the client receives mail, and a country alone (the default,
 * "France") says nothing: such a row printed on a document reads as an address but is none.
 */
export const isUsableAddress = (a: { addressLine1?: string | null }) => !!a.addressLine1?.trim();

/**
 * A billing address as given by the user: addressPatch, and the first line required when
 * creating, or when an update clears it (see isUsableAddress).
 */
export function billingAddressPatch(
  input: AddressInput,
  errors: FieldErrors,
  path: Path,
  creating: boolean,
  current?: { country: string | null },
): AddressPatch {
  const patch = addressPatch(input, errors, path, creating, current);
  // A line too long is reported by addressPatch; only a missing or blank one here.
  if ((creating || 'addressLine1' in patch) && !input.addressLine1?.trim())
    errors.add([...path, 'addressLine1'], 'field.required');
  return patch;
}

export interface ContactPatch {
  civilityId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  position?: string | null;
  phoneDirect?: string | null;
  phoneDirectRaw?: string | null;
  phoneMobile?: string | null;
  phoneMobileRaw?: string | null;
  phoneSwitchboard?: string | null;
  phoneSwitchboardRaw?: string | null;
  facebook?: string | null;
  linkedin?: string | null;
  twitter?: string | null;
  instagram?: string | null;
  sourceId?: string | null;
  potentialId?: string | null;
  situationId?: string | null;
  progressStateId?: string | null;
  salespersonId?: string | null;
  optIn?: boolean;
  active?: boolean;
}

/** The fields a main contact must have at company creation (the seeds' red asterisks). */
export const MAIN_CONTACT_REQUIRED = ['firstName', 'lastName', 'email', 'phoneDirect'] as const;

/**
 * Checks and normalises contact fields. Phone numbers are read in the numbering plan of
 * the company's country (or French overseas territory, from its postal code).
 */
export function contactPatch(
  input: ContactFieldsInput,
  errors: FieldErrors,
  path: Path,
  opts: {
    creating: boolean;
    required?: readonly (keyof ContactFieldsInput)[];
    phoneContext: { country?: string | null; postalCode?: string | null };
  },
): ContactPatch {
  const patch: ContactPatch = {};
  for (const key of ['firstName', 'lastName', 'position'] as const) {
    if (given(input, key)) patch[key] = checkField(errors, [...path, key], cleanText(input[key], { maxLength: 200 }));
  }
  if (given(input, 'email')) patch.email = checkField(errors, [...path, 'email'], normalizeEmail(input.email));
  const phones = [
    ['phoneDirect', 'phoneDirectRaw'],
    ['phoneMobile', 'phoneMobileRaw'],
    ['phoneSwitchboard', 'phoneSwitchboardRaw'],
  ] as const;
  for (const [key, rawKey] of phones) {
    if (!given(input, key)) continue;
    const phone = checkField(errors, [...path, key], normalizePhone(input[key], opts.phoneContext));
    patch[key] = phone?.e164 ?? null;
    patch[rawKey] = phone?.raw ?? null;
  }
  for (const network of ['facebook', 'linkedin', 'twitter', 'instagram'] as const) {
    if (given(input, network))
      patch[network] = checkField(errors, [...path, network], normalizeSocialUrl(input[network], network));
  }
  for (const key of [
    'civilityId',
    'sourceId',
    'potentialId',
    'situationId',
    'progressStateId',
    'salespersonId',
  ] as const) {
    if (given(input, key)) patch[key] = input[key] || null;
  }
  if (input.optIn !== undefined && input.optIn !== null) patch.optIn = input.optIn;
  if (input.active !== undefined && input.active !== null) patch.active = input.active;

  const required = opts.required ?? (opts.creating ? (['lastName'] as const) : []);
  for (const key of required) {
    if (opts.creating || given(input, key)) requireValue(errors, [...path, key], input[key]);
  }
  return patch;
}
