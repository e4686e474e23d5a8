import type { Catalog } from '../../common/i18n';

/** Messages of documents, in French and English (added to the catalog in common/i18n.ts). */
export const documentMessages = {
  'entity.Document': { fr: 'Document', en: 'Document' },
  'document.tooLarge': {
    fr: 'Le fichier dépasse la taille maximale de {mb} Mo.',
    en: 'The file is larger than the {mb} MB limit.',
  },
  'document.fileRequired': { fr: 'Choisissez un fichier.', en: 'Choose a file.' },
  'document.empty': { fr: 'Le fichier est vide.', en: 'The file is empty.' },
  'document.executable': {
    fr: 'Les programmes et scripts (.exe, .msi, .bat, .js, .sh…) ne sont pas acceptés comme documents.',
    en: 'Programs and scripts (.exe, .msi, .bat, .js, .sh…) are not accepted as documents.',
  },
  'document.multipart': {
    fr: 'Envoyez le fichier en multipart/form-data.',
    en: 'Send the file as multipart/form-data.',
  },
} satisfies Catalog;
