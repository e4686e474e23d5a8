import type { Locale } from '../../common/i18n';

/** Messages of spreadsheet imports (files refused, row problems, undo). */
export const importMessages = {
  'import.file.empty': { fr: 'Le fichier est vide.', en: 'The file is empty.' },
  'import.file.tooLarge': {
    fr: 'Le fichier dépasse la taille maximale de {max}.',
    en: 'The file is larger than the {max} limit.',
  },
  'import.file.missing': { fr: 'Aucun fichier reçu.', en: 'No file received.' },
  'import.file.gone': {
    fr: 'Le fichier déposé n’est plus disponible sur le serveur : déposez-le de nouveau pour l’importer.',
    en: 'The uploaded file is no longer available on the server: upload it again to import it.',
  },
  'import.file.internal': {
    fr: 'L’examen du fichier a échoué à cause d’une erreur interne ; réessayez. Si cela se reproduit, contactez l’administrateur.',
    en: 'Examining the file failed because of an internal error; try again. If it happens again, contact the administrator.',
  },
  'import.file.notSpreadsheet': {
    fr: 'Ce fichier n’est pas un tableur : envoyez un fichier .xlsx, .xls ou .csv.',
    en: 'This file is not a spreadsheet: send an .xlsx, .xls or .csv file.',
  },
  'import.file.corrupt': {
    fr: 'Le fichier est endommagé ou illisible. Ouvrez-le dans Excel et enregistrez-le de nouveau au format .xlsx.',
    en: 'The file is damaged or unreadable. Open it in Excel and save it again as .xlsx.',
  },
  'import.file.encrypted': {
    fr: 'Le fichier est protégé par un mot de passe : enregistrez-en une copie sans mot de passe.',
    en: 'The file is password-protected: save a copy without a password.',
  },
  'import.file.tooLargeUnzipped': {
    fr: 'Le fichier est anormalement volumineux une fois décompressé : il est refusé.',
    en: 'The file is abnormally large once uncompressed: it is refused.',
  },
  'import.file.tooHeavy': {
    fr: 'Le fichier est trop lourd à lire : divisez-le en plusieurs fichiers.',
    en: 'The file is too heavy to read: split it into several files.',
  },
  'import.file.cellTooLong': {
    fr: 'La cellule ligne {row}, colonne {column} dépasse {max} caractères.',
    en: 'The cell at row {row}, column {column} is longer than {max} characters.',
  },
  'import.file.tooManyRows': {
    fr: 'Le fichier contient plus de {max} lignes : divisez-le en plusieurs fichiers.',
    en: 'The file has more than {max} rows: split it into several files.',
  },
  'import.file.noHeader': {
    fr: 'Ligne d’en-tête introuvable : la première ligne doit nommer les colonnes (ex. « Société cliente », « Email du contact »). Partez du modèle.',
    en: 'No header row found: the first row must name the columns (e.g. "Company", "Email"). Start from the template.',
  },
  'import.file.headerOnly': {
    fr: 'Le fichier ne contient que la ligne d’en-tête : aucune ligne à importer.',
    en: 'The file only has its header row: nothing to import.',
  },
  'import.date': {
    fr: 'Date illisible : écrivez-la jj/mm/aaaa.',
    en: 'Unreadable date: write it dd/mm/yyyy.',
  },
  'import.dateFuture': { fr: 'La date est dans le futur.', en: 'The date is in the future.' },
  'import.boolean': {
    fr: 'Valeur attendue : Oui ou Non.',
    en: 'Expected value: Yes or No.',
  },
  'import.unknownValue': {
    fr: 'Valeur « {value} » inconnue dans les paramètres : créez-la ou associez-la à une valeur existante.',
    en: 'Unknown value "{value}" in the settings: create it or map it to an existing value.',
  },
  'import.createValueAdminOnly': {
    fr: 'Seul un administrateur peut créer la valeur « {value} » ({field}) : associez-la à une valeur existante.',
    en: 'Only an administrator can create the value "{value}" ({field}): map it to an existing value.',
  },
  'import.inTrash': {
    fr: 'Correspond à un enregistrement de la corbeille (« {name} ») : restaurez-le plutôt que d’en créer un doublon.',
    en: 'Matches a record in the trash ("{name}"): restore it rather than create a duplicate.',
  },
  'import.duplicateRow': {
    fr: 'Ligne en double : même enregistrement que la ligne {row}.',
    en: 'Repeated row: same record as row {row}.',
  },
  'import.contactInOtherCompany': {
    fr: 'Ce contact existe déjà dans une autre société : l’import ne déplace pas les contacts.',
    en: 'This contact already exists in another company: imports do not move contacts.',
  },
  'import.mappingField': {
    fr: 'Champ inconnu « {field} ».',
    en: 'Unknown field "{field}".',
  },
  'import.mappingCustomField': {
    fr: 'Champ personnalisé inconnu « {field} » : ce n’est pas un champ de la fiche importée.',
    en: 'Unknown custom field "{field}": not a field of the records imported.',
  },
  'import.mappingCustomSide': {
    fr: 'Le champ « {field} » est un champ de contact : seul un import de contacts le remplit.',
    en: 'The field "{field}" is a contact field: only a contact import fills it.',
  },
  'import.mappingDuplicate': {
    fr: 'Le champ « {field} » est associé à deux colonnes.',
    en: 'The field "{field}" is mapped to two columns.',
  },
  'import.siretOtherName': {
    fr: 'Le SIRET correspond à « {name} » : vérifiez le SIRET ou le nom de la société.',
    en: 'The SIRET is the one of “{name}”: check the SIRET or the company name.',
  },
  'import.previewOtherOption': {
    fr: 'L’aperçu a été calculé avec l’autre choix pour « Mettre à jour les fiches existantes » : relancez l’aperçu.',
    en: 'The preview was made with the other choice for “Update existing records”: preview again.',
  },
  'import.previewUsed': {
    fr: 'Cet aperçu a déjà été importé.',
    en: 'This preview has already been imported.',
  },
  'import.nothingToImport': {
    fr: 'Aucune ligne valide à importer.',
    en: 'No valid row to import.',
  },
  'import.notFinished': {
    fr: 'Seul un import terminé (ou arrêté) peut être annulé.',
    en: 'Only a finished (or stopped) import can be undone.',
  },
  'import.alreadyUndone': { fr: 'Cet import a déjà été annulé.', en: 'This import has already been undone.' },
  'import.undoConflicts': {
    fr: '{count} enregistrement(s) ont été modifiés depuis l’import : annulation refusée.',
    en: '{count} record(s) were changed since the import: undo refused.',
  },
  'import.report.error': { fr: 'Erreur', en: 'Error' },
  'import.report.row': { fr: 'Ligne', en: 'Row' },
  'entity.Import': { fr: 'Import', en: 'Import' },
  'entity.ImportUpload': { fr: 'Fichier importé', en: 'Uploaded file' },
  'entity.ImportPreview': { fr: 'Aperçu d’import', en: 'Import preview' },
} satisfies Record<string, Record<Locale, string>>;
