import type { Catalog } from '../../common/i18n';

/** Messages of the GDPR operations, in French and English (added to the catalog in common/i18n.ts). */
export const gdprMessages = {
  'gdpr.sessionRequired': {
    fr: 'Effacer une personne demande une session administrateur et son mot de passe.',
    en: 'Erasing a person needs an admin session and its password.',
  },
  'gdpr.exportSessionRequired': {
    fr: 'Exporter les données d’une personne demande une session administrateur (pas une clé API).',
    en: 'Exporting a person’s data needs an admin session (not an API key).',
  },
  'gdpr.erasureHandSessionRequired': {
    fr: 'Lire l’adresse d’une personne effacée ou marquer sa suppression comme traitée demande une session administrateur (pas une clé API).',
    en: 'Reading an erased person’s address or marking its deletion as handled needs an admin session (not an API key).',
  },
  'gdpr.erasureJobNotFailed': {
    fr: 'Cette suppression chez le fournisseur n’est ni en échec ni annulée : rien à traiter à la main.',
    en: 'This deletion at the provider has neither failed nor been cancelled: nothing to handle by hand.',
  },
  'gdpr.erasureAddressesForgotten': {
    fr: 'L’adresse de cette personne n’est plus conservée sur cette tâche.',
    en: 'This person’s address is no longer kept on this job.',
  },
  'gdpr.erasedName': { fr: 'Personne effacée', en: 'Erased person' },
  'gdpr.invoicesKept': {
    fr:
      'Factures et avoirs conservés tels qu’émis (obligation légale de conservation comptable, art. L123-22 du ' +
      'Code de commerce) : montants, dates, paiements et remboursements gardés.',
    en:
      'Invoices and credit notes kept as issued (legal accounting retention, French Commercial Code art. L123-22): ' +
      'amounts, dates, payments and refunds kept.',
  },
  'gdpr.paymentReferencesKept': {
    fr:
      'Références des paiements et remboursements conservées (libellés de virement, numéros de chèque) : pièces ' +
      'comptables à garder dix ans (art. L123-22 du Code de commerce ; RGPD art. 17.3.b, obligation légale), ' +
      'le payeur est le plus souvent la société cliente.',
    en:
      'Payment and refund references kept (transfer wording, cheque numbers): accounting records to keep for ten ' +
      'years (French Commercial Code art. L123-22; GDPR art. 17(3)(b), legal obligation); the payer is usually ' +
      'the client company.',
  },
} satisfies Catalog;
