import type { Catalog } from '../../common/i18n';

/** Messages of the list filters, sorts, grouping and saved views. */
export const recordListMessages: Catalog = {
  'list.unknownColumn': { fr: 'Colonne inconnue : {column}.', en: 'Unknown column: {column}.' },
  'list.unknownCustomField': {
    fr: "La colonne {column} n'existe plus : le champ personnalisé a été supprimé.",
    en: 'Column {column} no longer exists: the custom field was deleted.',
  },
  'list.badOperator': {
    fr: "L'opérateur {op} ne s'applique pas à la colonne {column}.",
    en: 'Operator {op} does not apply to column {column}.',
  },
  'list.filterShape': {
    fr: 'Un filtre contient soit « and », soit « or », soit une condition sur une colonne.',
    en: 'A filter holds either "and", or "or", or one condition on a column.',
  },
  'list.filterTooDeep': {
    fr: 'Filtre trop imbriqué (au plus {max} niveaux).',
    en: 'Filter nested too deeply (at most {max} levels).',
  },
  'list.tooManyConditions': {
    fr: 'Trop de conditions (au plus {max}).',
    en: 'Too many conditions (at most {max}).',
  },
  'list.valuesCount': { fr: 'Entre 1 et {max} valeurs.', en: 'Between 1 and {max} values.' },
  'list.badId': { fr: 'Identifiant invalide.', en: 'Invalid id.' },
  'list.badNumber': { fr: 'Nombre invalide.', en: 'Invalid number.' },
  'list.badDate': { fr: 'Date invalide (AAAA-MM-JJ).', en: 'Invalid date (YYYY-MM-DD).' },
  'list.tooManySorts': { fr: 'Au plus {max} tris.', en: 'At most {max} sorts.' },
  'list.duplicateSort': { fr: 'Cette colonne est déjà triée.', en: 'This column is already sorted.' },
  'list.cursorSortChanged': {
    fr: 'Le tri a changé : reprenez à la première page.',
    en: 'The sort has changed: start again from the first page.',
  },
  'list.afterAndBefore': {
    fr: 'Donnez « after » ou « before », pas les deux.',
    en: 'Give either "after" or "before", not both.',
  },
  'list.notGroupable': {
    fr: 'On ne peut pas regrouper par la colonne {column}.',
    en: 'Cannot group by column {column}.',
  },
  'view.nameTaken': {
    fr: 'Vous avez déjà une vue de ce nom pour cette liste.',
    en: 'You already have a view with this name for this list.',
  },
  'view.notOwner': {
    fr: 'Seul le créateur de cette vue peut la modifier.',
    en: 'Only the creator of this view can change it.',
  },
  'entity.ListView': { fr: 'Vue', en: 'View' },
  'bulk.noIds': { fr: 'Sélectionnez au moins une fiche.', en: 'Select at least one record.' },
  'bulk.tooManyIds': {
    fr: 'Au plus {max} fiches par action groupée.',
    en: 'At most {max} records per bulk action.',
  },
  'bulk.tooManyMatching': {
    fr: "Plus de {max} fiches correspondent au filtre : affinez-le pour qu'il en retienne au plus {max}.",
    en: 'More than {max} records match the filter: narrow it down to at most {max}.',
  },
  'bulk.noMatch': { fr: 'Aucune fiche ne correspond au filtre.', en: 'No record matches the filter.' },
  'bulk.countChanged': {
    fr: 'Le filtre retient maintenant {count} fiches au lieu de {expected} : vérifiez la liste et recommencez.',
    en: 'The filter now matches {count} records instead of {expected}: check the list and try again.',
  },
  'bulk.idsOrMatching': {
    fr: 'Donnez soit des fiches sélectionnées (« ids »), soit un filtre (« matching »), pas les deux.',
    en: 'Give either selected records ("ids") or a filter ("matching"), not both.',
  },
  'bulk.notFound': {
    fr: 'Fiches introuvables ou supprimées ({count}) :',
    en: 'Records not found or deleted ({count}):',
  },
  'bulk.nothingToChange': {
    fr: 'Choisissez au moins un champ à modifier.',
    en: 'Choose at least one field to change.',
  },
};
