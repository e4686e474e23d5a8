import type { Catalog } from '../../common/i18n';

/** Messages of the list export: its errors, the sheet names and the email. */
export const exportMessages: Catalog = {
  'export.sessionRequired': {
    fr: 'Un export se lance depuis une session d’administrateur, avec son mot de passe (pas avec une clé API).',
    en: 'An export is started from an admin session, with its password (not with an API key).',
  },
  'export.unknownColumn': { fr: 'Colonne inconnue : {column}.', en: 'Unknown column: {column}.' },
  'export.list.COMPANIES': { fr: 'Clients', en: 'Clients' },
  'export.list.CONTACTS': { fr: 'Contacts clients', en: 'Client contacts' },
  'export.mail.subject': { fr: 'Votre export : {list}', en: 'Your export: {list}' },
  'export.mail.intro': {
    fr: 'Votre export « {list} » est prêt : {rows} lignes, aux formats .xlsx et .csv.',
    en: 'Your “{list}” export is ready: {rows} rows, as .xlsx and .csv.',
  },
  'export.mail.attached': {
    fr: 'Les fichiers sont joints à ce message.',
    en: 'The files are attached to this message.',
  },
  'export.mail.links': {
    fr: 'Les fichiers sont trop gros pour être joints. Téléchargez-les (connecté à votre compte) dans les {hours} heures :',
    en: 'The files are too big to attach. Download them (signed in to your account) within {hours} hours:',
  },
  'export.mail.download': {
    fr: 'Téléchargez les fichiers (connecté à votre compte) dans les {hours} heures :',
    en: 'Download the files (signed in to your account) within {hours} hours:',
  },
  'error.fileExpired': {
    fr: 'Ce fichier a expiré : relancez l’export.',
    en: 'This file has expired: run the export again.',
  },
};
