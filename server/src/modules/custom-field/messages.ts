import type { Catalog } from '../../common/i18n';

/** Messages of custom fields, custom pages and the pipeline. */
export const customFieldMessages: Catalog = {
  'customField.number': { fr: 'Un nombre entier est attendu.', en: 'A whole number is expected.' },
  'customField.decimal': { fr: 'Un nombre est attendu (ex. 12,50).', en: 'A number is expected (e.g. 12.50).' },
  'customField.numberRange': { fr: 'Ce nombre est trop grand.', en: 'This number is too large.' },
  'customField.date': {
    fr: 'Une date est attendue (JJ/MM/AAAA ou AAAA-MM-JJ).',
    en: 'A date is expected (YYYY-MM-DD or DD/MM/YYYY).',
  },
  'customField.boolean': { fr: 'Oui ou non est attendu.', en: 'Yes or no is expected.' },
  'customField.choice': {
    fr: '« {value} » ne fait pas partie des choix de ce champ.',
    en: '"{value}" is not one of the choices of this field.',
  },
  'customField.unknown': {
    fr: "Ce champ personnalisé n'existe pas.",
    en: 'This custom field does not exist.',
  },
  'customField.notObject': {
    fr: 'Les champs personnalisés sont un objet { clé: valeur }.',
    en: 'Custom fields are an object { key: value }.',
  },
  'customField.key': {
    fr: 'La clé commence par une lettre minuscule, puis lettres, chiffres ou _ (50 au plus).',
    en: 'The key starts with a lowercase letter, then letters, digits or _ (50 at most).',
  },
  'customField.keyTaken': {
    fr: 'Un champ utilise déjà la clé « {key} ».',
    en: 'A field already uses the key "{key}".',
  },
  'customField.labelTaken': {
    fr: 'Un autre champ porte déjà ce libellé.',
    en: 'Another field already has this label.',
  },
  'customField.choicesRequired': {
    fr: 'Un champ à choix a au moins un choix.',
    en: 'A choice field has at least one choice.',
  },
  'customField.noChoices': {
    fr: 'Seuls les champs à choix ont des choix.',
    en: 'Only choice fields have choices.',
  },
  'customField.choiceDuplicate': {
    fr: 'Ce choix est en double.',
    en: 'This choice is a duplicate.',
  },
  'customField.typeInUse': {
    fr: 'Le type ne peut pas changer : {count} fiche(s) ont une valeur. Demandez une conversion.',
    en: 'The type cannot change: {count} record(s) have a value. Ask for a conversion.',
  },
  'customField.choiceInUse': {
    fr: 'Les choix retirés sont utilisés par {count} fiche(s). Demandez de vider ces valeurs.',
    en: 'The removed choices are used by {count} record(s). Ask to clear those values.',
  },
  'customField.unconvertible': {
    fr: '{count} fiche(s) ont une valeur qui ne se convertit pas. Demandez de vider ces valeurs.',
    en: '{count} record(s) have a value that cannot be converted. Ask to clear those values.',
  },
  'customField.inUse': {
    fr: 'Ce champ a une valeur sur {count} fiche(s). Confirmez pour supprimer le champ et ses valeurs.',
    en: 'This field has a value on {count} record(s). Confirm to delete the field and its values.',
  },
  'customField.reorderUnknown': { fr: 'Champ inconnu.', en: 'Unknown field.' },
  'page.unknownField': {
    fr: "Ce champ n'existe pas pour ce type de fiche.",
    en: 'This field does not exist for this kind of record.',
  },
  'page.gridBounds': {
    fr: 'Le bloc sort de la grille (12 colonnes).',
    en: 'The block goes beyond the grid (12 columns).',
  },
  'page.tooManyBlocks': { fr: 'Au plus {max} blocs par page.', en: 'At most {max} blocks per page.' },
  'page.templateNameTaken': {
    fr: 'Un modèle porte déjà ce nom.',
    en: 'A template already has this name.',
  },
  'pipeline.stateTaken': {
    fr: 'Cet état est déjà dans la colonne « {column} ».',
    en: 'This state is already in the column "{column}".',
  },
  'pipeline.statesRequired': {
    fr: 'Une colonne regroupe au moins un état.',
    en: 'A column groups at least one state.',
  },
  'pipeline.unassignedColumn': { fr: 'Autres états', en: 'Other states' },
  'pipeline.unassignedDrop': {
    fr: '« Autres états » regroupe les états qui ne sont dans aucune colonne : déposez le contact dans une colonne du pipeline.',
    en: '"Other states" groups the states in no column: drop the contact on a pipeline column.',
  },
  'pipeline.noVisibleState': {
    fr: "Cette colonne n'a aucun état visible.",
    en: 'This column has no visible state.',
  },
  'entity.CustomField': { fr: 'Champ personnalisé', en: 'Custom field' },
  'entity.PageTemplate': { fr: 'Modèle de page', en: 'Page template' },
  'entity.PipelineColumn': { fr: 'Colonne du pipeline', en: 'Pipeline column' },
};
