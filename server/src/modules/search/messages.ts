import type { Catalog } from '../../common/i18n';

/** Messages of search, duplicate checks and merges. */
export const searchMessages: Catalog = {
  'search.duplicateKind': {
    fr: 'Seules les sociétés et les contacts ont des doublons.',
    en: 'Only companies and contacts have duplicates.',
  },
  'duplicates.samePair': {
    fr: 'Une paire de doublons est faite de deux fiches différentes.',
    en: 'A duplicate pair is made of two different records.',
  },
  'merge.self': {
    fr: 'Choisissez un autre enregistrement à fusionner.',
    en: 'Choose another record to merge.',
  },
  'merge.hierarchy': {
    fr: 'La société conservée est une filiale de celle à fusionner : fusionnez dans l’autre sens.',
    en: 'The kept company is a subsidiary of the merged one: merge the other way round.',
  },
  'merge.companyMergedAway': {
    fr: '« {name} » a été fusionnée dans « {kept} » le {date} : ses contacts, activités et autres liens y ont été repris. Une fusion ne peut pas être annulée : utilisez « {kept} ».',
    en: '“{name}” was merged into “{kept}” on {date}: its contacts, activities and other links moved there. A merge cannot be undone: use “{kept}”.',
  },
  'merge.contactMergedAway': {
    fr: '« {name} » a été fusionné dans « {kept} » le {date} : ses activités et autres liens y ont été repris. Une fusion ne peut pas être annulée : utilisez « {kept} ».',
    en: '“{name}” was merged into “{kept}” on {date}: its activities and other links moved there. A merge cannot be undone: use “{kept}”.',
  },
};
