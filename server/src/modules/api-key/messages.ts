import type { Catalog } from '../../common/i18n';

/** Messages of API keys, in French and English (added to the catalog in common/i18n.ts). */
export const apiKeyMessages = {
  'apiKey.sessionRequired': {
    fr: 'Les clés API se gèrent depuis une session administrateur, pas avec une clé API.',
    en: 'API keys are managed from an admin session, not with an API key.',
  },
  'apiKey.nameTaken': {
    fr: 'Une clé API active porte déjà le nom « {name} » : choisissez-en un autre.',
    en: 'A live API key is already named “{name}”: choose another name.',
  },
  'apiKey.unknown': {
    fr: 'Clé API inconnue ou révoquée.',
    en: 'Unknown or revoked API key.',
  },
} satisfies Catalog;
