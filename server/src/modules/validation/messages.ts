// User-facing messages of the validation library, keyed by the `reason` of a failed
// normalisation. French is the primary language; every key has both languages.
// `{name}` placeholders are filled from the failure's `params`.

export type Locale = 'fr' | 'en';

export const validationMessages = {
  // SIREN / SIRET
  'siren.format': {
    fr: 'Le SIREN doit comporter exactement 9 chiffres (ex. 732 829 320).',
    en: 'A SIREN must be exactly 9 digits (e.g. 732 829 320).',
  },
  'siren.checksum': {
    fr: 'SIREN invalide : la clé de contrôle ne correspond pas. Vérifiez les 9 chiffres (une faute de frappe est probable).',
    en: 'Invalid SIREN: the check digit does not match. Check the 9 digits (probably a typo).',
  },
  'siret.format': {
    fr: 'Le SIRET doit comporter exactement 14 chiffres : le SIREN (9 chiffres) suivi du NIC (5 chiffres), ex. 732 829 320 00074.',
    en: 'A SIRET must be exactly 14 digits: the SIREN (9 digits) followed by the NIC (5 digits), e.g. 732 829 320 00074.',
  },
  'siret.checksum': {
    fr: 'SIRET invalide : la clé de contrôle ne correspond pas. Vérifiez les 14 chiffres (une faute de frappe est probable).',
    en: 'Invalid SIRET: the check digit does not match. Check the 14 digits (probably a typo).',
  },
  'siret.sirenChecksum': {
    fr: 'SIRET invalide : ses 9 premiers chiffres ({siren}) ne forment pas un SIREN valide.',
    en: 'Invalid SIRET: its first 9 digits ({siren}) are not a valid SIREN.',
  },

  // VAT numbers
  'vat.format': {
    fr: 'Numéro de TVA intracommunautaire mal formé : il commence par le code pays suivi du numéro, ex. FR44732829320.',
    en: 'Malformed EU VAT number: it starts with the country code followed by the number, e.g. FR44732829320.',
  },
  'vat.country': {
    fr: 'Préfixe de pays « {country} » inconnu pour un numéro de TVA : utilisez un code de pays de l’UE (FR, BE, DE…, EL pour la Grèce), XI, GB ou CHE.',
    en: 'Unknown country prefix "{country}" for a VAT number: use an EU country code (FR, BE, DE…, EL for Greece), XI, GB or CHE.',
  },
  'vat.countryFormat': {
    fr: 'Numéro de TVA {country} mal formé : le format attendu ressemble à {example}.',
    en: 'Malformed {country} VAT number: the expected format looks like {example}.',
  },
  'vat.siren': {
    fr: 'Numéro de TVA invalide : le SIREN qu’il contient ({siren}) n’est pas valide.',
    en: 'Invalid VAT number: the SIREN it contains ({siren}) is not valid.',
  },
  'vat.key': {
    fr: 'Clé de TVA incorrecte : pour ce SIREN la clé est {key} ({expected}).',
    en: 'Wrong VAT key: for this SIREN the key is {key} ({expected}).',
  },
  'vat.sirenMismatch': {
    fr: 'Le numéro de TVA correspond au SIREN {vatSiren}, mais le SIREN de la fiche est {siren}.',
    en: 'The VAT number belongs to SIREN {vatSiren}, but the record’s SIREN is {siren}.',
  },

  // APE / NAF
  'ape.format': {
    fr: 'Le code APE (NAF) comporte 4 chiffres et une lettre, ex. 62.01Z.',
    en: 'An APE (NAF) code is 4 digits and a letter, e.g. 62.01Z.',
  },

  // E-mail
  'email.format': {
    fr: 'Adresse e-mail invalide : elle doit être de la forme nom@domaine.fr, avec un seul « @ » et sans espace.',
    en: 'Invalid e-mail address: it must look like name@domain.com, with a single "@" and no spaces.',
  },
  'email.domain': {
    fr: 'Le domaine de l’adresse e-mail (« {domain} ») n’est pas valide : il doit ressembler à domaine.fr.',
    en: 'The e-mail address’s domain ("{domain}") is not valid: it must look like domain.com.',
  },
  'email.noDomain': {
    fr: 'Il manque le domaine après « @ » : l’adresse doit être de la forme nom@domaine.fr.',
    en: 'The domain after "@" is missing: the address must look like name@domain.com.',
  },
  'email.tooLong': {
    fr: 'Adresse e-mail trop longue : 254 caractères au maximum.',
    en: 'E-mail address too long: 254 characters at most.',
  },

  // Web addresses and social networks
  'url.format': {
    fr: 'Adresse web invalide : saisissez une adresse comme www.exemple.fr ou https://www.exemple.fr/page.',
    en: 'Invalid web address: enter an address such as www.example.com or https://www.example.com/page.',
  },
  'url.scheme': {
    fr: 'Seules les adresses web en http:// ou https:// sont acceptées (« {scheme} » ne l’est pas).',
    en: 'Only http:// or https:// web addresses are accepted ("{scheme}" is not).',
  },
  'url.network': {
    fr: 'Cette adresse n’est pas une page {network} : saisissez l’adresse de la page {network} ou l’identifiant du compte.',
    en: 'This address is not a {network} page: enter the address of the {network} page or the account name.',
  },
  'social.handle': {
    fr: 'Identifiant {network} invalide : saisissez l’adresse complète de la page ou l’identifiant seul (ex. {example}).',
    en: 'Invalid {network} account name: enter the full page address or just the account name (e.g. {example}).',
  },
  'social.profile': {
    fr: 'Cette adresse mène à l’accueil de {network}, pas à une page : ajoutez le nom du compte (ex. {example}).',
    en: 'This address is {network}’s home page, not a profile: add the account name (e.g. {example}).',
  },

  // Addresses
  'country.unknown': {
    fr: 'Pays inconnu : choisissez-le dans la liste (ex. France, Belgique, Suisse).',
    en: 'Unknown country: choose it from the list (e.g. France, Belgium, Switzerland).',
  },
  'postalCode.french': {
    fr: 'Code postal français invalide : il comporte 5 chiffres (ex. 75008, 06000).',
    en: 'Invalid French postal code: it has 5 digits (e.g. 75008, 06000).',
  },

  // Phone numbers
  'phone.format': {
    fr: 'Numéro de téléphone invalide : il ne doit contenir que des chiffres (espaces, points, tirets et « + » acceptés), ex. 01 23 45 67 89 ou +32 2 511 22 33.',
    en: 'Invalid phone number: only digits are allowed (spaces, dots, dashes and "+" accepted), e.g. 01 23 45 67 89 or +32 2 511 22 33.',
  },
  'phone.tooShort': {
    fr: 'Numéro de téléphone trop court pour le pays {country} : il manque des chiffres (un numéro français en comporte 10, ex. 01 23 45 67 89).',
    en: 'Phone number too short for country {country}: digits are missing (a French number has 10, e.g. 01 23 45 67 89).',
  },
  'phone.tooLong': {
    fr: 'Numéro de téléphone trop long pour le pays {country} (un numéro français comporte 10 chiffres, ex. 01 23 45 67 89) ; pour un numéro étranger, commencez par + et l’indicatif du pays.',
    en: 'Phone number too long for country {country} (a French number has 10 digits, e.g. 01 23 45 67 89); for a foreign number, start with + and the country code.',
  },
  'phone.invalid': {
    fr: 'Ce numéro de téléphone n’existe pas pour le pays {country}. Vérifiez-le, ou pour un numéro d’un autre pays commencez par + et l’indicatif (ex. +32 2 511 22 33).',
    en: 'This phone number does not exist for country {country}. Check it, or for a number of another country start with + and the country code (e.g. +32 2 511 22 33).',
  },
  'phone.country': {
    fr: 'Indicatif de pays inconnu : après le « + », saisissez un indicatif existant (ex. +33 pour la France, +32 pour la Belgique).',
    en: 'Unknown country calling code: after the "+", enter an existing code (e.g. +33 for France, +32 for Belgium).',
  },

  // Free text
  'text.tooLong': {
    fr: 'Texte trop long : {max} caractères au maximum.',
    en: 'Text too long: {max} characters at most.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type ValidationReason = keyof typeof validationMessages;

export type ValidationParams = Record<string, string | number>;

/**
 * The outcome of every normaliser: the normalised value (null when the input was blank:
 * empty means "no value", required-ness is checked elsewhere) or the reason it was refused.
 */
export type Normalized<T> =
  { ok: true; value: T | null } | { ok: false; reason: ValidationReason; params?: ValidationParams };

/** A value the normalisers accept: spreadsheet imports may hand over numbers. */
export type RawValue = string | number | null | undefined;

export function accept<T>(value: T | null): Normalized<T> {
  return { ok: true, value };
}

export function reject<T>(reason: ValidationReason, params?: ValidationParams): Normalized<T> {
  return params ? { ok: false, reason, params } : { ok: false, reason };
}

/** The trimmed text of a raw value, or null when it is blank. */
export function rawText(raw: RawValue): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim();
  return text === '' ? null : text;
}

/** The message of a failure in the given language, with its `{param}` placeholders filled. */
export function formatValidationMessage(
  reason: ValidationReason,
  params: ValidationParams = {},
  locale: Locale = 'fr',
): string {
  return validationMessages[reason][locale].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}
