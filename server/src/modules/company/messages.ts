import type { Catalog } from '../../common/i18n';

/** Messages of the company, contact and billing-address rules. */
export const clientRecordMessages: Catalog = {
  'record.stale': {
    fr: 'Cette fiche a été modifiée par {who} à {at} depuis que vous l’avez ouverte : rechargez-la pour voir ses changements.',
    en: 'This record was changed by {who} at {at} since you opened it: reload it to see their changes.',
  },
  'record.staleUnknownAuthor': {
    fr: 'Cette fiche a été modifiée à {at} depuis que vous l’avez ouverte : rechargez-la pour voir ses changements.',
    en: 'This record was changed at {at} since you opened it: reload it to see the changes.',
  },
  'consent.proofWithoutChange': {
    fr: "Indiquez comment le consentement a été donné seulement quand l'opt-in change.",
    en: 'Say how consent was given only when the opt-in changes.',
  },
  'company.parentUnknown': { fr: 'Société introuvable ou supprimée.', en: 'Company not found or deleted.' },
  'company.parentSelf': {
    fr: 'Une société ne peut pas être sa propre société mère.',
    en: 'A company cannot be its own parent company.',
  },
  'company.parentCycle': {
    fr: 'Cette société est une filiale de la société : elle ne peut pas en être la société mère.',
    en: 'This company is a subsidiary of the company: it cannot be its parent.',
  },
  'company.mainContactElsewhere': {
    fr: "Ce contact n'appartient pas à cette société.",
    en: 'This contact does not belong to this company.',
  },
  'company.mainContactInactive': {
    fr: 'Ce contact est inactif : réactivez-le avant d’en faire le contact principal.',
    en: 'This contact is inactive: reactivate it before making it the main contact.',
  },
  'company.openInvoices': {
    fr: 'Cette société a des factures émises qui restent à payer ({numbers}) : encaissez-les ou annulez-les par un avoir avant de la supprimer.',
    en: 'This company has issued invoices with a balance due ({numbers}): settle them, or cancel them with a credit note, before deleting it.',
  },
  'company.moveToSelf': {
    fr: 'Choisissez une autre société pour y déplacer les contacts.',
    en: 'Choose another company to move the contacts to.',
  },
  'company.restoreDuplicate': {
    fr: 'Restauration refusée : la société « {name} » a le même {key} et n’est pas dans la corbeille. Fusionnez-les ou modifiez-la d’abord.',
    en: 'Restore refused: the company "{name}" has the same {key} and is not in the trash. Merge them or change it first.',
  },
  'contact.restoreDuplicate': {
    fr: 'Restauration refusée : le contact « {name} » a le même e-mail ({email}) et n’est pas dans la corbeille. Fusionnez-les ou modifiez-le d’abord.',
    en: 'Restore refused: the contact "{name}" has the same e-mail ({email}) and is not in the trash. Merge them or change it first.',
  },
  'company.notDeleted': { fr: "Cette société n'est pas supprimée.", en: 'This company is not deleted.' },
  'contact.companyRequired': {
    fr: 'Choisissez une société existante ou créez-en une nouvelle (pas les deux).',
    en: 'Pick an existing company or create a new one (not both).',
  },
  'client.required': { fr: 'Choisissez un client ou créez-en un.', en: 'Choose a client or create one.' },
  'client.newContactWithNewClient': {
    fr: "Un nouveau client est créé avec son contact principal : ajoutez d'autres contacts une fois le client créé.",
    en: 'A new client is created with its main contact: add other contacts once the client exists.',
  },
  'client.contactOrNewContact': {
    fr: 'Choisissez un contact existant ou créez-en un nouveau (pas les deux).',
    en: 'Pick an existing contact or create a new one (not both).',
  },
  'contact.companyInactive': {
    fr: 'Cette société est inactive : réactivez-la ou choisissez-en une autre.',
    en: 'This company is inactive: reactivate it or pick another one.',
  },
  'contact.companyUnknown': { fr: 'Société introuvable ou supprimée.', en: 'Company not found or deleted.' },
  'contact.salespersonUnknown': {
    fr: "Ce commercial n'est pas un utilisateur actif de l'espace.",
    en: 'This salesperson is not an active user of the workspace.',
  },
  'contact.notDeleted': { fr: "Ce contact n'est pas supprimé.", en: 'This contact is not deleted.' },
  'contact.companyDeleted': {
    fr: "La société de ce contact est supprimée : restaurez-la d'abord.",
    en: "This contact's company is deleted: restore it first.",
  },
  'contact.erased': {
    fr: 'Cette personne a été effacée (RGPD) le {date} : sa fiche ne peut plus être modifiée.',
    en: 'This person was erased (GDPR) on {date}: their record can no longer be changed.',
  },
  'billing.defaultNotDeletable': {
    fr: "L'adresse de facturation par défaut ne peut pas être supprimée : choisissez d'abord une autre adresse par défaut.",
    en: 'The default billing address cannot be deleted: make another address the default first.',
  },
  'entity.Company': { fr: 'Société', en: 'Company' },
  'entity.Contact': { fr: 'Contact', en: 'Contact' },
  'entity.BillingAddress': { fr: 'Adresse de facturation', en: 'Billing address' },
};
