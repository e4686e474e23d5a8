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
