import type { Catalog } from '../../common/i18n';

/** Messages of the emailing-provider connections. */
export const emailingMessages: Catalog = {
  'entity.EmailingConnection': { fr: 'Connexion emailing', en: 'Emailing connection' },
  'emailing.sessionRequired': {
    fr: 'Les connexions emailing (identifiants du fournisseur, jeton du webhook) se gèrent depuis une session administrateur, pas avec une clé API.',
    en: 'Emailing connections (provider credentials, webhook token) are managed from an admin session, not with an API key.',
  },
  'emailing.erasureUnsupported': {
    fr: '{label} : ce fournisseur ne documente aucune suppression de contact par son API ; supprimez la personne effacée directement chez lui (« Voir l’adresse » sur cette tâche), puis marquez la tâche comme traitée.',
    en: '{label}: this provider documents no contact deletion in its API; delete the erased person there directly (“Show address” on this job), then mark the job as handled.',
  },
  'emailing.erasureConnectionRemoved': {
    fr: '{label} : connexion supprimée : rien n’a été effacé chez le fournisseur. Si le compte existe encore, supprimez-y la personne à la main (« Voir l’adresse » sur cette tâche), puis marquez la tâche comme traitée.',
    en: '{label}: connection removed: nothing was erased at the provider. If the account still exists, delete the person there by hand (“Show address” on this job), then mark the job as handled.',
  },
  'emailing.erasureMailjetDeleteNotFound': {
    fr: '{label} : Mailjet a trouvé la personne (contact {id}) mais a répondu 404 à sa suppression (DELETE /v4/contacts/{id}) : route ou adresse de l’API v4 erronée (EMAILING_MAILJET_BASE_URL), rien n’a été supprimé. Corrigez la configuration puis relancez, ou supprimez la personne chez Mailjet à la main puis marquez la tâche comme traitée.',
    en: '{label}: Mailjet found the person (contact {id}) but answered 404 to its deletion (DELETE /v4/contacts/{id}): wrong v4 route or API address (EMAILING_MAILJET_BASE_URL), nothing was deleted. Fix the configuration and retry, or delete the person at Mailjet by hand and mark the job as handled.',
  },
  'emailing.erasureSarbacaneUnconfirmed': {
    fr: '{label} : Sarbacane a répondu 404 à la suppression dans chacune de ses listes ({lists}) : la suppression n’a pas pu être confirmée (l’adresse n’y est peut-être pas, ou la route de suppression, non documentée, ne convient pas). Vérifiez chez Sarbacane et supprimez la personne à la main si elle y est, puis marquez la tâche comme traitée.',
    en: '{label}: Sarbacane answered 404 to the deletion in every one of its lists ({lists}): the deletion could not be confirmed (the address may not be there, or the undocumented deletion route may be wrong). Check at Sarbacane and delete the person by hand if they are there, then mark the job as handled.',
  },
  'emailing.labelRequired': { fr: 'Donnez un nom à cette connexion.', en: 'Give this connection a name.' },
  'emailing.labelTooLong': { fr: '100 caractères au plus.', en: '100 characters at most.' },
  'emailing.interval': {
    fr: 'Entre 5 minutes et 7 jours (10080 minutes).',
    en: 'Between 5 minutes and 7 days (10080 minutes).',
  },
  'emailing.providerNotConfigured': {
    fr: "L'adresse de l'API de ce fournisseur n'est pas configurée sur le serveur.",
    en: "This provider's API address is not configured on the server.",
  },
  'emailing.providerLocked': {
    fr: 'Le fournisseur d’une connexion ne change pas : l’historique des campagnes de vos contacts lui est rattaché. Créez une autre connexion pour un autre fournisseur.',
    en: 'A connection’s provider cannot change: your contacts’ campaign history is tied to it. Create another connection for another provider.',
  },
  'emailing.accountLocked': {
    fr: 'Le compte d’une connexion ne change pas : ses campagnes déjà lues y sont rattachées. Créez une autre connexion pour un autre compte.',
    en: 'A connection’s account cannot change: the campaigns already read are tied to it. Create another connection for another account.',
  },
  'emailing.credentialRequired': { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  'emailing.credentialTooLong': { fr: '500 caractères au plus.', en: '500 characters at most.' },
  'emailing.mailchimpKeyFormat': {
    fr: 'Une clé Mailchimp se termine par son centre de données (ex. « …-us19 »).',
    en: 'A Mailchimp key ends with its data center (e.g. "…-us19").',
  },
  'emailing.credentialsRejected': {
    fr: '{provider} refuse ces identifiants (HTTP {status}) : vérifiez la clé et réessayez.',
    en: '{provider} rejects these credentials (HTTP {status}): check the key and try again.',
  },
  'emailing.providerUnreachable': {
    fr: 'Impossible de joindre {provider} depuis le serveur (réseau ou DNS). Vérifiez l’accès à Internet du serveur, puis réessayez.',
    en: 'Cannot reach {provider} from the server (network or DNS). Check the server’s Internet access, then try again.',
  },
  'emailing.providerTimeout': {
    fr: '{provider} n’a pas répondu à temps. Réessayez dans quelques minutes.',
    en: '{provider} did not answer in time. Try again in a few minutes.',
  },
  'emailing.providerFailing': {
    fr: '{provider} rencontre une panne de son côté (HTTP {status}). Réessayez plus tard.',
    en: '{provider} is failing on its side (HTTP {status}). Try again later.',
  },
  'emailing.providerRateLimited': {
    fr: '{provider} limite le nombre de requêtes en ce moment. Réessayez dans quelques minutes.',
    en: '{provider} is limiting requests right now. Try again in a few minutes.',
  },
  'emailing.providerUnexpected': {
    fr: '{provider} a répondu de façon inattendue (HTTP {status}). Réessayez plus tard ou vérifiez le compte chez le fournisseur.',
    en: '{provider} answered unexpectedly (HTTP {status}). Try again later or check the account at the provider.',
  },
};
