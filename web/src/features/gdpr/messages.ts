/** UI texts of the GDPR actions of the contact page (mounted as `gdpr` in fr.ts / en.ts). */
export const gdprFr = {
  menu: 'RGPD',
  export: 'Exporter les données (RGPD)',
  erase: 'Effacer la personne (RGPD)',
  exported: 'Les données de la personne sont prêtes.',
  exportIntro:
    'Toutes les données enregistrées sur « {name} » seront exportées (fichiers .json et .xlsx), y compris celles des fiches fusionnées avec celle-ci. Confirmez avec votre mot de passe.',
  exportConfirm: 'Exporter',
  files: 'Fichiers (téléchargeables pendant la durée de conservation des exports) :',
  eraseTitle: 'Effacer la personne',
  eraseWarning:
    'Les données personnelles de « {name} » seront effacées définitivement : nom, coordonnées, champs personnalisés, documents, contenu des emails et commentaires, notes des brouillons de devis et factures ; elle sera aussi supprimée chez les prestataires d’emailing connectés. Les devis et factures émis sont conservés avec leurs paiements et leurs références (obligation légale de conservation comptable). Les fiches fusionnées avec celle-ci sont la même personne et sont effacées avec elle : la fiche conservée et tous les doublons fusionnés dedans. Cette action est irréversible.',
  password: 'Votre mot de passe',
  confirm: 'Effacer définitivement',
  cancel: 'Annuler',
  close: 'Fermer',
  erased: 'La personne a été effacée.',
  erasedFamily: 'La personne a été effacée ({count} fiches : la fiche conservée et ses doublons fusionnés).',
  providerDeletions:
    'Sa suppression chez les prestataires d’emailing connectés ({count}) suit en tâche de fond : suivez-la dans les tâches.',
};

export const gdprEn: typeof gdprFr = {
  menu: 'GDPR',
  export: 'Export personal data (GDPR)',
  erase: 'Erase the person (GDPR)',
  exported: 'The person’s data is ready.',
  exportIntro:
    'Everything stored about “{name}” will be exported (.json and .xlsx files), including the records merged with this one. Confirm with your password.',
  exportConfirm: 'Export',
  files: 'Files (downloadable as long as exports are kept):',
  eraseTitle: 'Erase the person',
  eraseWarning:
    'The personal data of “{name}” will be erased for good: name, contact details, custom fields, documents, email contents, comments, notes of draft quotes and invoices; they are also deleted at the connected emailing providers. Issued quotes and invoices are kept with their payments and references (legal accounting retention). The records merged with this one are the same person and are erased with it: the record kept and every duplicate merged into it. This cannot be undone.',
  password: 'Your password',
  confirm: 'Erase for good',
  cancel: 'Cancel',
  close: 'Close',
  erased: 'The person has been erased.',
  erasedFamily: 'The person has been erased ({count} records: the record kept and its merged duplicates).',
  providerDeletions:
    'Their deletion at the connected emailing providers ({count}) follows in the background: see the jobs.',
};
