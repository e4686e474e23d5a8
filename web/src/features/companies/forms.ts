import type {
  AddressInput,
  BillingAddressFieldsFragment,
  CompanyDetailFragment,
  CompanyFieldsInput,
  ConsentMethod,
  ContactFieldsInput,
} from '@/gql/graphql';

/** The company fields as edited in a form (text inputs hold '' rather than null). */
export interface CompanyForm {
  name: string;
  website: string;
  companyTypeId: string | null;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  country: string;
  parentId: string | null;
  vatNumber: string;
  accountingAccount: string;
  siret: string;
  apeCode: string;
  languageIds: string[];
  active: boolean;
  optIn: boolean;
  optInMethod: ConsentMethod | null;
  optInNote: string;
}

export interface AddressForm {
  label: string;
  addressLine1: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  country: string;
}

/** The contact fields shared by the new-client, new-contact and contact forms. */
export interface ContactForm {
  civilityId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  position: string;
  phoneDirect: string;
  phoneMobile: string;
  phoneSwitchboard: string;
  sourceId: string | null;
}

export const DEFAULT_COUNTRY = 'France';

/** The text fields of an address (a company's, a billing address'), for TextFields; `test` prefixes their data-test ids. */
export function addressTextFields<Test extends string>(test: Test) {
  return [
    { key: 'addressLine1', label: 'clients.company.address1', test: `${test}-address1` },
    { key: 'addressLine2', label: 'clients.company.address2', test: `${test}-address2` },
    { key: 'postalCode', label: 'clients.company.postalCode', test: `${test}-postal-code` },
    { key: 'city', label: 'clients.company.city', test: `${test}-city` },
    { key: 'country', label: 'clients.company.country', test: `${test}-country`, select: 'country' },
  ] as const;
}

/** The ways a person can give consent, in the order the method select offers them. */
export const CONSENT_METHODS: readonly ConsentMethod[] = ['WEB_FORM', 'EMAIL', 'PHONE', 'PAPER', 'IN_PERSON', 'OTHER'];

/** An opt-in switch with how the consent was given and its proof reference. */
export interface ConsentProofForm {
  optIn: boolean;
  optInMethod: ConsentMethod | null;
  optInNote: string;
}

/**
 * The method and note go with an opt-in that is on in the form; otherwise null, as the API
 * refuses them on a save that does not give consent. Forms of a record already opted in never
 * fill them (the fields show only when the switch is turned on), so unchanged they stay null.
 */
export function consentProofInput(form: ConsentProofForm): Pick<CompanyFieldsInput, 'optInMethod' | 'optInNote'> {
  return form.optIn
    ? { optInMethod: form.optInMethod, optInNote: blank(form.optInNote) }
    : { optInMethod: null, optInNote: null };
}

/** '' (or blanks) → null, so that the API clears the field. */
export function blank(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function emptyCompanyForm(): CompanyForm {
  return {
    name: '',
    website: '',
    companyTypeId: null,
    addressLine1: '',
    addressLine2: '',
    postalCode: '',
    city: '',
    country: DEFAULT_COUNTRY,
    parentId: null,
    vatNumber: '',
    accountingAccount: '',
    siret: '',
    apeCode: '',
    languageIds: [],
    active: true,
    optIn: false,
    optInMethod: null,
    optInNote: '',
  };
}

export function emptyAddressForm(): AddressForm {
  return { label: '', addressLine1: '', addressLine2: '', postalCode: '', city: '', country: DEFAULT_COUNTRY };
}

export function emptyContactForm(): ContactForm {
  return {
    civilityId: null,
    firstName: '',
    lastName: '',
    email: '',
    position: '',
    phoneDirect: '',
    phoneMobile: '',
    phoneSwitchboard: '',
    sourceId: null,
  };
}

export function companyFormFrom(company: CompanyDetailFragment): CompanyForm {
  return {
    name: company.name,
    website: company.website ?? '',
    companyTypeId: company.companyType?.id ?? null,
    addressLine1: company.addressLine1 ?? '',
    addressLine2: company.addressLine2 ?? '',
    postalCode: company.postalCode ?? '',
    city: company.city ?? '',
    country: company.country,
    parentId: company.parent?.id ?? null,
    vatNumber: company.vatNumber ?? '',
    accountingAccount: company.accountingAccount ?? '',
    siret: company.siret ?? '',
    apeCode: company.apeCode ?? '',
    languageIds: company.languages.map((l) => l.id),
    active: company.active,
    optIn: company.optIn,
    optInMethod: null,
    optInNote: '',
  };
}

export function addressFormFrom(address: BillingAddressFieldsFragment): AddressForm {
  return {
    label: address.label ?? '',
    addressLine1: address.addressLine1 ?? '',
    addressLine2: address.addressLine2 ?? '',
    postalCode: address.postalCode ?? '',
    city: address.city ?? '',
    country: address.country,
  };
}

const COMPANY_TEXT_FIELDS = [
  'name',
  'website',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'vatNumber',
  'accountingAccount',
  'siret',
  'apeCode',
] as const;

/** Every company field of the form, as the API takes it. */
export function companyInput(form: CompanyForm): CompanyFieldsInput {
  const input: CompanyFieldsInput = {
    companyTypeId: form.companyTypeId,
    parentId: form.parentId,
    languageIds: [...form.languageIds],
    active: form.active,
    optIn: form.optIn,
    ...consentProofInput(form),
  };
  for (const key of COMPANY_TEXT_FIELDS) input[key] = blank(form[key]);
  return input;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Only the fields that differ from `before` (the API leaves the others as they are). */
export function changedFields<T extends object>(after: T, before: T): Partial<T> {
  const changes: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (!same(after[key], before[key])) changes[key] = after[key];
  }
  return changes;
}

export function addressInput(form: AddressForm): AddressInput {
  return {
    label: blank(form.label),
    addressLine1: blank(form.addressLine1),
    addressLine2: blank(form.addressLine2),
    postalCode: blank(form.postalCode),
    city: blank(form.city),
    country: blank(form.country),
  };
}

export function contactInput(form: ContactForm): ContactFieldsInput {
  return {
    civilityId: form.civilityId,
    firstName: blank(form.firstName),
    lastName: blank(form.lastName),
    email: blank(form.email),
    position: blank(form.position),
    phoneDirect: blank(form.phoneDirect),
    phoneMobile: blank(form.phoneMobile),
    phoneSwitchboard: blank(form.phoneSwitchboard),
    sourceId: form.sourceId,
  };
}

/** One line for an address: "12 rue X, 75001 Paris, France". */
export function formatAddress(a: {
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
}): string {
  const town = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.addressLine1, a.addressLine2, town, a.country].filter(Boolean).join(', ');
}

/** The error keys a form shows under its fields (others go to the general alert). */
export const COMPANY_KEYS = Object.keys(emptyCompanyForm()).concat('parentId');
export const ADDRESS_KEYS = Object.keys(emptyAddressForm());

export function prefixed(prefix: string, keys: readonly string[]): string[] {
  return keys.map((k) => prefix + k);
}
