import type { Catalog } from '../../common/i18n';

/** Messages of the settings lists, in French and English (added to the catalog in common/i18n.ts). */
export const settingsMessages = {
  'entity.SettingOption': { fr: 'Valeur de liste', en: 'List value' },
  'settings.labelTaken': {
    fr: '« {label} » existe déjà dans cette liste (les majuscules ne comptent pas).',
    en: '"{label}" already exists in this list (case does not matter).',
  },
  'settings.position': {
    fr: 'La position doit être un nombre entier entre 0 et {max}.',
    en: 'The position must be a whole number between 0 and {max}.',
  },
  'settings.unknownOption': {
    fr: 'Valeur inconnue pour cette liste.',
    en: 'Unknown value for this list.',
  },
  'settings.hiddenOption': {
    fr: 'Cette valeur est masquée : elle n’est plus proposée dans cette liste.',
    en: 'This value is hidden: it is no longer offered in this list.',
  },
  'settings.duplicateId': {
    fr: 'Cette valeur apparaît plusieurs fois.',
    en: 'This value appears more than once.',
  },
  'settings.inUse.one': {
    fr: '« {label} » est utilisée par 1 fiche et ne peut pas être supprimée. Masquez-la plutôt : elle restera sur cette fiche mais ne sera plus proposée.',
    en: '"{label}" is used by 1 record and cannot be deleted. Hide it instead: it will stay on that record but will no longer be offered.',
  },
  'settings.inUse.other': {
    fr: '« {label} » est utilisée par {count} fiches et ne peut pas être supprimée. Masquez-la plutôt : elle restera sur ces fiches mais ne sera plus proposée.',
    en: '"{label}" is used by {count} records and cannot be deleted. Hide it instead: it will stay on those records but will no longer be offered.',
  },
} satisfies Catalog;
