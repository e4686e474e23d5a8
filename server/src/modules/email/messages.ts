import type { Catalog } from '../../common/i18n';

/** Messages of email sending and templates, in French and English (added to the catalog in common/i18n.ts). */
export const emailMessages = {
  'entity.EmailTemplate': { fr: "Modèle d'email", en: 'Email template' },
  'entity.EmailMessage': { fr: 'Email', en: 'Email' },
  'email.unknownMergeField': {
    fr: 'Champ dynamique inconnu : {field}.',
    en: 'Unknown dynamic field: {field}.',
  },
  'email.unknownMergeFields': {
    fr: 'Champs dynamiques inconnus : {fields}.',
    en: 'Unknown dynamic fields: {fields}.',
  },
  'email.recipientRequired': { fr: 'Choisissez au moins un destinataire.', en: 'Choose at least one recipient.' },
  'email.contactUnknown': {
    fr: "Ce contact n'existe pas ou a été supprimé.",
    en: 'This contact does not exist or was deleted.',
  },
  'email.contactNoEmail': { fr: "Ce contact n'a pas d'adresse email.", en: 'This contact has no email address.' },
  'email.personalisedForMany': {
    fr: 'Les champs dynamiques (prénom, nom…) changeraient pour chaque destinataire, mais un seul message part à tous : envoyez un email par destinataire, ou retirez ces champs.',
    en: 'The dynamic fields (first name, last name…) would differ for each recipient, but one message goes to all of them: send one email per recipient, or remove these fields.',
  },
  'email.tooManyRecipients': { fr: 'Au plus {max} destinataires.', en: 'At most {max} recipients.' },
  'email.bodyRequired': { fr: 'Écrivez un message.', en: 'Write a message.' },
  'email.attachmentUnknown': {
    fr: "Ce document n'appartient pas à cette fiche client.",
    en: 'This document does not belong to this client record.',
  },
  'email.idempotencyKey': {
    fr: "Clé d'idempotence invalide (8 à 100 caractères).",
    en: 'Invalid idempotency key (8 to 100 characters).',
  },
  'email.templateNameTaken': {
    fr: 'Un modèle « {name} » existe déjà dans cette langue.',
    en: 'A template "{name}" already exists in this language.',
  },
} satisfies Catalog;
