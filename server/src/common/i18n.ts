import { formattedParam } from './amounts';
import { activityMessages } from '../modules/activity/messages';
import { apiKeyMessages } from '../modules/api-key/messages';
import { documentMessages } from '../modules/document/messages';
import { emailMessages } from '../modules/email/messages';
import { clientRecordMessages } from '../modules/company/messages';
import { exportMessages } from '../modules/export/messages';
import { recordListMessages } from '../modules/record-list/messages';
import { searchMessages } from '../modules/search/messages';
import { importMessages } from '../modules/import/messages';
import { emailingMessages } from '../modules/emailing/messages';
import { customFieldMessages } from '../modules/custom-field/messages';
import { settingsMessages } from '../modules/settings/messages';
import { validationMessages } from '../modules/validation/messages';
import { eventMessages } from '../modules/event/messages';
import { financeMessages } from '../modules/finance/messages';
import { gdprMessages } from '../modules/gdpr/messages';
import { userMessages } from '../modules/user/messages';
import { workspaceMessages } from '../modules/workspace/messages';

/**
 * Messages the API returns to people, in French (default) and English, chosen by the
 * request's Accept-Language. Keys are stable; parameters are filled in with {name}.
 */
export type Locale = 'fr' | 'en';

const coreMessages = {
  'error.unauthenticated': { fr: 'Vous devez être connecté.', en: 'You must be signed in.' },
  'error.forbidden': { fr: "Vous n'avez pas le droit de faire cela.", en: 'You are not allowed to do this.' },
  'error.readOnlyKey': {
    fr: 'Cette clé API est en lecture seule.',
    en: 'This API key is read-only.',
  },
  'error.notFound': { fr: '{entity} introuvable.', en: '{entity} not found.' },
  'error.badInput': { fr: 'Certaines valeurs sont invalides.', en: 'Some values are invalid.' },
  'error.internal': {
    fr: 'Erreur interne (référence {requestId}).',
    en: 'Internal error (reference {requestId}).',
  },
  'error.rateLimited': {
    fr: 'Trop de tentatives. Réessayez dans {seconds} secondes.',
    en: 'Too many attempts. Try again in {seconds} seconds.',
  },
  'error.queryLimit.cost': {
    fr: "Requête trop lourde : elle demande plus de données que le serveur n'en sert en une fois (coût maximal {max}). Demandez moins d'éléments par page ou moins de champs.",
    en: 'Query too heavy: it asks for more data than the server serves at once (maximum cost {max}). Ask for fewer items per page or fewer fields.',
  },
  'error.queryLimit.depth': {
    fr: 'Requête trop imbriquée : au plus {max} niveaux de champs.',
    en: 'Query nested too deeply: at most {max} levels of fields.',
  },
  'error.queryLimit.aliases': {
    fr: "Requête avec trop d'alias : au plus {max}.",
    en: 'Query with too many aliases: at most {max}.',
  },
  'error.queryLimit.directives': {
    fr: 'Requête avec trop de directives : au plus {max}.',
    en: 'Query with too many directives: at most {max}.',
  },
  'error.queryLimit.tokens': {
    fr: 'Requête trop longue : au plus {max} éléments (noms, valeurs, ponctuation).',
    en: 'Query too long: at most {max} tokens (names, values, punctuation).',
  },
  'error.invalidCredentials': {
    fr: 'Email ou mot de passe incorrect.',
    en: 'Wrong email or password.',
  },
  'error.conflict': { fr: 'Opération impossible : {reason}', en: 'Cannot do this: {reason}' },
  'field.required': { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  'field.invalid': { fr: 'Valeur invalide.', en: 'Invalid value.' },
  'field.email': { fr: 'Adresse email invalide.', en: 'Invalid email address.' },
  'field.tooShort': { fr: 'Au moins {min} caractères.', en: 'At least {min} characters.' },
  'field.tooLong': { fr: 'Au plus {max} caractères.', en: 'At most {max} characters.' },
  'field.emailTaken': {
    fr: 'Cette adresse email est déjà utilisée.',
    en: 'This email address is already in use.',
  },
  'field.pageSize': {
    fr: 'Entre 1 et {max} éléments par page.',
    en: 'Between 1 and {max} items per page.',
  },
  'field.cursor': { fr: 'Curseur de pagination invalide.', en: 'Invalid pagination cursor.' },
  'job.notRetryable': {
    fr: 'Seule une tâche échouée ou annulée peut être relancée.',
    en: 'Only a failed or cancelled job can be retried.',
  },
  'job.notCancellable': {
    fr: 'Cette tâche est déjà terminée.',
    en: 'This job has already finished.',
  },
  'job.filesForbidden': {
    fr: 'Seul l’administrateur qui a lancé cet export peut en télécharger les fichiers, depuis sa session.',
    en: 'Only the admin who started this export can download its files, from their session.',
  },
  'queues.forbidden.title': { fr: 'Accès refusé', en: 'Access denied' },
  'queues.forbidden.body': {
    fr: 'Le tableau des tâches de fond montre les tâches de tous les espaces de travail : il est réservé aux opérateurs de la plateforme (JOB_DASHBOARD_OPERATORS), connectés avec leur session.',
    en: 'The job dashboard shows the jobs of every workspace: it is reserved for the platform’s operators (JOB_DASHBOARD_OPERATORS), signed in with their session.',
  },
  'queues.forbidden.home': { fr: 'Retour à l’accueil', en: 'Back to the home page' },
  'entity.Job': { fr: 'Tâche', en: 'Job' },
  'entity.User': { fr: 'Utilisateur', en: 'User' },
  'entity.ApiKey': { fr: 'Clé API', en: 'API key' },
  'entity.Record': { fr: 'Enregistrement', en: 'Record' },
} satisfies Record<string, Record<Locale, string>>;

// Keys are plain strings so each module can keep its own catalog (see `catalogs` below).
export type MessageKey = string;
export type MessageParams = Record<string, string | number>;
export type Catalog = Record<string, Record<Locale, string>>;

/** Every module's messages. A module with messages of its own adds its catalog here. */
const catalog: Catalog = Object.assign(
  {},
  coreMessages,
  activityMessages,
  apiKeyMessages,
  documentMessages,
  emailMessages,
  clientRecordMessages,
  exportMessages,
  recordListMessages,
  searchMessages,
  importMessages,
  emailingMessages,
  customFieldMessages,
  settingsMessages,
  validationMessages,
  eventMessages,
  financeMessages,
  gdprMessages,
  userMessages,
  workspaceMessages,
);

export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const entry = catalog[key];
  const template = entry ? entry[locale] : key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    // Amounts and numbers are written the reader's way (amounts.ts).
    const formatted = typeof value === 'string' ? formattedParam(value, locale) : null;
    if (formatted !== null) return formatted;
    // Entity names are themselves message keys, so "{entity} not found" reads well.
    return typeof value === 'string' && value.startsWith('entity.') ? translate(locale, value) : String(value);
  });
}

/** Picks fr or en from an Accept-Language header, honouring q-values; French by default. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'fr';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.lang === 'fr' || x.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Locale | undefined) ?? 'fr';
}
