// Normalisation and validation of contact data: e-mail addresses, web and social-network
// addresses, phone numbers and free text. Pure functions: no I/O.

import {
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
  type PhoneNumberType,
} from 'libphonenumber-js/max';
import * as isoCountries from 'i18n-iso-countries/index';
import enCountries from 'i18n-iso-countries/langs/en.json';
import frCountries from 'i18n-iso-countries/langs/fr.json';
import { accept, rawText, reject, type Normalized, type RawValue } from './messages';

// The library's core, with only the two languages the app reads country names in (its main
// entry registers all of its ~80).
isoCountries.registerLocale(frCountries);
isoCountries.registerLocale(enCountries);

export type { Normalized, RawValue } from './messages';
export type { CountryCode, PhoneNumberType } from 'libphonenumber-js/max';

// ---------------------------------------------------------------------------
// Free text
// ---------------------------------------------------------------------------

/** Zero-width characters and the byte-order mark, invisible leftovers of copy-paste. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Single-line text such as a name: trimmed, every whitespace run (tabs, line breaks,
 * non-breaking spaces) collapsed to one space. Blank → null.
 */
export function cleanText(raw: RawValue, opts: { maxLength?: number } = {}): Normalized<string> {
  if (raw === null || raw === undefined) return accept(null);
  const text = String(raw).replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  if (text === '') return accept(null);
  if (opts.maxLength !== undefined && [...text].length > opts.maxLength) {
    return reject('text.tooLong', { max: opts.maxLength });
  }
  return accept(text);
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

// Limits of RFC 5321: 254 characters for a usable address, 64 for the local part,
// 63 for each label of the domain.
const EMAIL_MAX_LENGTH = 254;
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * E-mail address, stored trimmed and lowercased (mailbox names are case-insensitive in
 * practice). A sanity check, not RFC 5322: one "@", no spaces, a dotted domain.
 */
export function normalizeEmail(raw: RawValue): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const email = text.replace(/^mailto:/i, '').toLowerCase();
  if (email.length > EMAIL_MAX_LENGTH) return reject('email.tooLong');

  const parts = email.split('@');
  if (parts.length !== 2) return reject('email.format');
  const [local, domain] = parts;
  if (local.length > 64 || !LOCAL_PART.test(local)) return reject('email.format');
  if (/\s/.test(domain)) return reject('email.format');
  // "name@" is an address cut short: said so, rather than quoting an empty domain.
  if (domain === '') return reject('email.noDomain');
  if (!isDottedDomain(domain)) return reject('email.domain', { domain });
  return accept(email);
}

function isDottedDomain(domain: string): boolean {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1];
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && /^\p{L}{2,}$/u.test(tld);
}

// ---------------------------------------------------------------------------
// Web addresses
// ---------------------------------------------------------------------------

/**
 * Web address, stored as the WHATWG-normalised URL (lowercase host, punycode for
 * international domains) without the lone "/" of a bare domain: "www.acme.fr" →
 * "https://www.acme.fr". Only http and https; the host must be a dotted name, an IP
 * address or localhost.
 */
export function normalizeUrl(raw: RawValue): Normalized<string> {
  const url = parseWebUrl(raw);
  if (!(url instanceof URL)) return url;
  return accept(serializeUrl(url));
}

function parseWebUrl(raw: RawValue): URL | Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  if (/\s/.test(text)) return reject('url.format');

  // "mailto:…" or "javascript:…" carry a scheme; "acme.fr:8080" does not (a port follows).
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(text)?.[1].toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return reject('url.scheme', { scheme });
  const withScheme = scheme === undefined ? `https://${text.replace(/^\/\//, '')}` : text;

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return reject('url.format');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return reject('url.scheme', { scheme: url.protocol.slice(0, -1) });
  }
  // Credentials in a stored address would leak them to everyone who can read the record.
  if (url.username !== '' || url.password !== '' || !isWebHost(url.hostname)) return reject('url.format');
  return url;
}

function isWebHost(host: string): boolean {
  if (host === 'localhost' || host.startsWith('[')) return true; // IPv6 literals are bracketed
  const labels = host.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((label) => label !== '');
}

function serializeUrl(url: URL): string {
  const href = url.href;
  return url.pathname === '/' && url.search === '' && url.hash === '' ? href.slice(0, -1) : href;
}

// ---------------------------------------------------------------------------
// Social networks
// ---------------------------------------------------------------------------

export type SocialNetwork = 'facebook' | 'linkedin' | 'twitter' | 'instagram';

interface NetworkRule {
  label: string;
  /** Registrable domains of the network; their subdomains (www., fr., m.…) are accepted too. */
  domains: string[];
  /** Account names the network allows. */
  handle: RegExp;
  profileUrl: (handle: string) => string;
  example: string;
}

// Account-name rules published by each network: Facebook 5+ letters, digits or dots;
// X 1–15 letters, digits or underscores; Instagram up to 30 letters, digits, dots or
// underscores; LinkedIn custom URLs 3–100 letters, digits or hyphens.
const NETWORKS: Record<SocialNetwork, NetworkRule> = {
  facebook: {
    label: 'Facebook',
    domains: ['facebook.com', 'fb.com', 'fb.me'],
    handle: /^[A-Za-z0-9.]{5,50}$/,
    profileUrl: (handle) => `https://www.facebook.com/${handle}`,
    example: 'https://www.facebook.com/acme',
  },
  linkedin: {
    label: 'LinkedIn',
    domains: ['linkedin.com', 'lnkd.in'],
    handle: /^[\p{L}\p{N}_-]{3,100}$/u,
    profileUrl: (handle) => `https://www.linkedin.com/in/${handle}`,
    example: 'https://www.linkedin.com/in/jean-dupont',
  },
  twitter: {
    label: 'X (Twitter)',
    domains: ['x.com', 'twitter.com'],
    handle: /^[A-Za-z0-9_]{1,15}$/,
    profileUrl: (handle) => `https://x.com/${handle}`,
    example: '@acme',
  },
  instagram: {
    label: 'Instagram',
    domains: ['instagram.com', 'instagr.am'],
    handle: /^[A-Za-z0-9._]{1,30}$/,
    profileUrl: (handle) => `https://www.instagram.com/${handle}`,
    example: '@acme',
  },
};

const SOCIAL_DOMAINS = Object.values(NETWORKS).flatMap((rule) => rule.domains);

/**
 * Address of a page on a social network, from its full URL or the account name alone
 * ("@acme" or "acme"). Stored as an https URL; a URL of another site is refused.
 */
export function normalizeSocialUrl(raw: RawValue, network: SocialNetwork): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const rule = NETWORKS[network];
  const params = { network: rule.label, example: rule.example };

  if (!looksLikeUrl(text, rule)) {
    const handle = text.replace(/^@/, '');
    return rule.handle.test(handle) ? accept(rule.profileUrl(handle)) : reject('social.handle', params);
  }

  const url = parseWebUrl(text);
  if (!(url instanceof URL)) return url;
  const host = url.hostname.replace(/\.$/, '');
  if (!rule.domains.some((domain) => host === domain || host.endsWith(`.${domain}`))) {
    return reject('url.network', params);
  }
  if (url.pathname.replace(/\/+$/, '') === '') return reject('social.profile', params);
  url.protocol = 'https:';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return accept(url.href);
}

/** Whether the input is an address rather than an account name. */
function looksLikeUrl(text: string, rule: NetworkRule): boolean {
  if (text.startsWith('@')) return false;
  if (/[/:]/.test(text)) return true;
  const host = text.toLowerCase();
  if (SOCIAL_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))) return true;
  // Another bare name with a dot is an account name when the network allows dots in them
  // ("acme.paris" on Instagram), otherwise a domain ("acme.fr" for LinkedIn).
  return text.includes('.') && !rule.handle.test(text);
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

export interface NormalizedPhone {
  /** International E.164 form, the stored and compared value: +33612345678. */
  e164: string;
  /** The number's own national format: 06 12 34 56 78. */
  national: string;
  /** +33 6 12 34 56 78 */
  international: string;
  /** MOBILE, FIXED_LINE, VOIP, TOLL_FREE…; null when the metadata cannot tell. */
  type: PhoneNumberType | null;
  /** Country (or territory) the number belongs to, when known. */
  country: CountryCode | null;
  extension: string | null;
  /** The input as typed, trimmed. */
  raw: string;
}

export interface PhoneContext {
  /** The record's country: an ISO code ('FR') or a French/English name ('Belgique'). */
  country?: string | null;
  /** The record's postal code: French overseas codes select the territory's numbering plan. */
  postalCode?: string | null;
}

/**
 * Names of countries as typed in addresses that neither Intl nor i18n-iso-countries gives in
 * French or English (the country's own language, a part for the whole), lowercased and
 * without accents or punctuation.
 */
const COUNTRY_NAMES: Record<string, string> = {
  'france metropolitaine': 'FR',
  'republique francaise': 'FR',
  belgie: 'BE',
  schweiz: 'CH',
  svizzera: 'CH',
  deutschland: 'DE',
  espana: 'ES',
  italia: 'IT',
  'grande bretagne': 'GB',
  angleterre: 'GB',
  england: 'GB',
  ecosse: 'GB',
  scotland: 'GB',
  'pays de galles': 'GB',
  wales: 'GB',
  'irlande du nord': 'GB',
  'northern ireland': 'GB',
  nederland: 'NL',
  hollande: 'NL',
  holland: 'NL',
  guyane: 'GF',
  'ile de la reunion': 'RE',
};

const countryKey = (country: string | null | undefined) =>
  (country ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

let countryNames: Map<string, string> | null = null;
/**
 * Every country's French and English names, by countryKey: Intl's (CLDR, "cote d ivoire" → CI)
 * first, then i18n-iso-countries' names and aliases ("etats unis d amerique", "ivory coast").
 */
function namesOfCountries(): Map<string, string> {
  if (countryNames) return countryNames;
  const names = new Map<string, string>();
  const codes = [...new Set([...getCountries(), ...Object.keys(isoCountries.getAlpha2Codes())])];
  for (const locale of ['fr', 'en']) {
    const intl = new Intl.DisplayNames([locale], { type: 'region' });
    for (const code of codes) {
      const key = countryKey(intl.of(code));
      if (key && !names.has(key)) names.set(key, code);
    }
  }
  for (const locale of ['fr', 'en'])
    for (const [code, all] of Object.entries(isoCountries.getNames(locale, { select: 'all' })))
      for (const name of all) {
        const key = countryKey(name);
        if (key && !names.has(key)) names.set(key, code);
      }
  return (countryNames = names);
}

/**
 * ISO 3166-1 alpha-2 code of a country given as an alpha-2 or alpha-3 code (FR, FRA, "glp") or
 * a French/English name; null when unknown. Codes and names beyond the usual ones come from
 * i18n-iso-countries (every ISO 3166-1 country); libphonenumber's extra regions (AC, TA) are
 * read too.
 */
export function resolveCountryCode(country: string | null | undefined): string | null {
  const key = countryKey(country);
  if (!key) return null;
  if (Object.hasOwn(COUNTRY_NAMES, key)) return COUNTRY_NAMES[key];
  const code = key.toUpperCase();
  if (code.length === 2 && (isSupportedCountry(code) || isoCountries.isValid(code))) return code;
  if (code.length === 3) {
    const alpha2 = isoCountries.alpha3ToAlpha2(code);
    if (alpha2) return alpha2;
  }
  return namesOfCountries().get(key) ?? null;
}

/** The French name of a country code ("DE" → "Allemagne"), as records store it. */
export function countryName(code: string): string {
  let name = frenchNames.get(code);
  if (name === undefined)
    frenchNames.set(code, (name = new Intl.DisplayNames(['fr'], { type: 'region' }).of(code) ?? code));
  return name;
}
const frenchNames = new Map<string, string>();

/**
 * A country as records store it: its French name ("fra", "FR", « france » → "France"), so
 * lists, exports and phone numbers read it; refused when no country has that name or code.
 */
export function normalizeCountry(raw: RawValue): Normalized<string> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  const code = resolveCountryCode(text);
  return code ? accept(countryName(code)) : reject('country.unknown');
}

/**
 * A postal code. In France and its overseas territories, 5 digits: a 4-digit one is a code
 * whose leading zero a spreadsheet dropped (6000 → 06000); anything else is refused. Other
 * countries' codes are only cleaned (their formats vary).
 */
export function normalizePostalCode(raw: RawValue, country: string | null | undefined): Normalized<string> {
  const cleaned = cleanText(raw, { maxLength: 300 });
  if (!cleaned.ok || !cleaned.value) return cleaned;
  const code = resolveCountryCode(country ?? 'France');
  if (!code || !FRENCH_TERRITORIES.has(code)) return cleaned;
  const digits = cleaned.value.replace(/\s/g, '');
  if (/^\d{5}$/.test(digits)) return accept(digits);
  if (/^\d{4}$/.test(digits)) return accept(`0${digits}`);
  return reject('postalCode.french');
}

// French postal codes of the overseas territories (first three digits), which have their
// own phone numbering. Saint-Barthélemy (97133) and Saint-Martin (97150) share Guadeloupe's
// 971 prefix; 977/978 are their INSEE prefixes, sometimes typed as postal codes.
const OVERSEAS_POSTAL_PREFIXES: Record<string, CountryCode> = {
  '971': 'GP',
  '972': 'MQ',
  '973': 'GF',
  '974': 'RE',
  '975': 'PM',
  '976': 'YT',
  '977': 'BL',
  '978': 'MF',
  '986': 'WF',
  '987': 'PF',
  '988': 'NC',
};
const OVERSEAS_POSTAL_CODES: Record<string, CountryCode> = { '97133': 'BL', '97150': 'MF' };

/** The overseas territory of a French postal code (97110 → GP), or null. */
export function overseasTerritoryOfPostalCode(postalCode: string | null | undefined): CountryCode | null {
  const code = (postalCode ?? '').replace(/\s/g, '');
  if (!/^\d{5}$/.test(code)) return null;
  return OVERSEAS_POSTAL_CODES[code] ?? OVERSEAS_POSTAL_PREFIXES[code.slice(0, 3)] ?? null;
}

/**
 * Metropolitan France and the overseas departments and collectivities that share the
 * French 10-digit national numbering plan (0590… is dialled as such from Paris), so a
 * national number that is invalid for one of them may be valid for another.
 */
const FRENCH_NUMBERING_PLAN: CountryCode[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF'];
const FRENCH_TERRITORIES = new Set<string>([...FRENCH_NUMBERING_PLAN, 'WF', 'PF', 'NC']);

/** The country whose numbering a national (non-"+") number is read in. */
export function phoneDefaultCountry(context: PhoneContext = {}): CountryCode {
  const resolved = resolveCountryCode(context.country);
  // A country without a numbering plan of its own in libphonenumber (Antarctica…): French.
  const country: CountryCode = resolved && isSupportedCountry(resolved) ? resolved : 'FR';
  // The postal code only refines France: Belgian or Swiss postal codes are 4 digits anyway.
  if (country !== 'FR') return country;
  return overseasTerritoryOfPostalCode(context.postalCode) ?? country;
}

/**
 * Phone number, validated against libphonenumber's full metadata (numbering ranges, not
 * just lengths). National numbers are read in the record's country (see phoneDefaultCountry);
 * international ones (+32…, 0032…) in their own.
 */
export function normalizePhone(raw: RawValue, context: PhoneContext = {}): Normalized<NormalizedPhone> {
  const text = rawText(raw);
  if (text === null) return accept(null);
  // French extension wording ("poste 12") in the form libphonenumber reads ("ext. 12").
  const input = text.replace(/\s*\bposte\s*(?=\d)/i, ' ext. ');

  const primary = phoneDefaultCountry(context);
  const candidates = FRENCH_TERRITORIES.has(primary)
    ? [primary, ...FRENCH_NUMBERING_PLAN.filter((c) => c !== primary)]
    : [primary];
  let firstParse: PhoneNumber | undefined;
  for (const country of candidates) {
    const parsed = tryParsePhone(input, country);
    if (parsed?.isValid()) return accept(describePhone(parsed, text));
    if (country === primary) firstParse = parsed;
  }

  switch (validatePhoneNumberLength(input, primary)) {
    case 'NOT_A_NUMBER':
      return reject('phone.format');
    case 'INVALID_COUNTRY':
      return reject('phone.country');
    case 'TOO_SHORT':
      return reject('phone.tooShort', { country: firstParse?.country ?? primary });
    case 'TOO_LONG':
      return reject('phone.tooLong', { country: firstParse?.country ?? primary });
    default:
      return reject('phone.invalid', { country: firstParse?.country ?? primary });
  }
}

function tryParsePhone(input: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberWithError(input, { defaultCountry });
  } catch {
    return undefined;
  }
}

function describePhone(phone: PhoneNumber, raw: string): NormalizedPhone {
  return {
    e164: phone.number,
    national: phone.formatNational(),
    international: phone.formatInternational(),
    type: phone.getType() ?? null,
    country: phone.country ?? null,
    extension: phone.ext ?? null,
    raw,
  };
}

/**
 * Display form of a stored E.164 number: its national format (+33612345678 →
 * 06 12 34 56 78). With `homeCountry`, numbers that cannot be dialled nationally from
 * there are shown in international format instead (+32 2 511 22 33 seen from France);
 * numbers of the French numbering plan stay national among themselves (0590 27 12 34).
 * Unparseable input is returned unchanged: display must not throw.
 */
export function formatPhoneNational(e164: string, opts: { homeCountry?: CountryCode } = {}): string {
  const phone = tryParsePhone(e164, opts.homeCountry ?? 'FR');
  if (!phone) return e164;
  const home = opts.homeCountry;
  if (home && !sameNumberingPlan(home, phone)) return phone.formatInternational();
  return phone.formatNational();
}

function sameNumberingPlan(home: CountryCode, phone: PhoneNumber): boolean {
  if (phone.countryCallingCode === getCountryCallingCode(home)) return true;
  const plan: readonly CountryCode[] = FRENCH_NUMBERING_PLAN;
  return plan.includes(home) && phone.country !== undefined && plan.includes(phone.country);
}

/**
 * A French number stored as a spreadsheet number loses its leading zero
 * (0612345678 → 612345678). Imports restore it: any 9-digit value starting with 1–9
 * gets its 0 back; anything else is returned as is (trimmed).
 */
export function restoreFrenchLeadingZero(raw: string): string;
export function restoreFrenchLeadingZero(raw: RawValue): string | null;
export function restoreFrenchLeadingZero(raw: RawValue): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim();
  return /^[1-9]\d{8}$/.test(text) ? `0${text}` : text;
}
