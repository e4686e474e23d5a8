import type { Catalog } from '../../common/i18n';

/** Messages of the quote and invoice rules. */
export const financeMessages: Catalog = {
  'finance.notANumber': { fr: 'Nombre attendu (ex. 1250,50).', en: 'A number is expected (e.g. 1250.50).' },
  'finance.tooManyDecimals': { fr: 'Au plus {scale} décimales.', en: 'At most {scale} decimals.' },
  'finance.tooSmall': { fr: 'Au moins {min}.', en: 'At least {min}.' },
  'finance.tooLarge': { fr: 'Au plus {max}.', en: 'At most {max}.' },
  'finance.tooManyLines': { fr: 'Au plus {max} lignes.', en: 'At most {max} lines.' },
  'finance.totalTooLarge': { fr: 'Le total est trop élevé.', en: 'The total is too large.' },
  'finance.contactElsewhere': {
    fr: "Ce contact n'appartient pas à la société du document.",
    en: "This contact does not belong to the document's company.",
  },
  'finance.eventInTrash': {
    fr: 'Cet événement est dans la corbeille : restaurez-le pour y lier un document.',
    en: 'This event is in the trash: restore it to link a document to it.',
  },
  'finance.companyDeleted': {
    fr: "Le client de cette facture (« {name} ») est dans la corbeille : restaurez-le avant d'émettre la facture.",
    en: 'The client of this invoice (“{name}”) is in the trash: restore it before issuing the invoice.',
  },
  'finance.eventDeleted': {
    fr: "L'événement de cette facture (« {name} ») est dans la corbeille : restaurez-le ou retirez-le de la facture avant de l'émettre.",
    en: 'The event of this invoice (“{name}”) is in the trash: restore it, or remove it from the invoice, before issuing it.',
  },
  'finance.eventElsewhere': {
    fr: "Cet événement n'est pas un événement de la société du document.",
    en: "This event is not one of the document's company.",
  },
  'finance.billingAddressElsewhere': {
    fr: "Cette adresse de facturation n'est pas une adresse de la société du document.",
    en: "This billing address is not one of the document's company.",
  },
  'finance.validBeforeDate': {
    fr: 'La date de validité doit être égale ou postérieure à la date du devis.',
    en: 'The validity date must be on or after the quote date.',
  },
  'finance.dueBeforeDate': {
    fr: "L'échéance doit être égale ou postérieure à la date de la facture.",
    en: 'The due date must be on or after the invoice date.',
  },
  'finance.quoteClosed': {
    fr: 'Ce devis est accepté ou refusé : il ne peut plus être modifié.',
    en: 'This quote is accepted or refused: it can no longer be edited.',
  },
  'finance.vatRate': {
    fr: 'Taux de TVA inconnu : choisissez {rates} %.',
    en: 'Unknown VAT rate: choose {rates} %.',
  },
  'finance.quoteTransition.ACCEPTED.DRAFT': {
    fr: 'Un devis accepté ne peut pas repasser en brouillon.',
    en: 'An accepted quote cannot go back to draft.',
  },
  'finance.quoteTransition.ACCEPTED.SENT': {
    fr: 'Un devis accepté ne peut pas repasser à « envoyé ».',
    en: 'An accepted quote cannot go back to sent.',
  },
  'finance.quoteTransition.ACCEPTED.REFUSED': {
    fr: 'Un devis accepté ne peut pas être refusé.',
    en: 'An accepted quote cannot be refused.',
  },
  'finance.quoteTransition.REFUSED.ACCEPTED': {
    fr: "Un devis refusé ne peut pas être accepté : rouvrez-le d'abord.",
    en: 'A refused quote cannot be accepted: reopen it first.',
  },
  'finance.quoteRefused': {
    fr: 'Ce devis est refusé : il ne peut pas être facturé.',
    en: 'This quote is refused: it cannot be invoiced.',
  },
  'finance.quoteInvoiced': {
    fr: 'Ce devis est déjà facturé : facture {number}. Annulez-la avant de refaire une facture de ce devis.',
    en: 'This quote is already invoiced: invoice {number}. Cancel it before invoicing this quote again.',
  },
  'finance.quoteInvoicedDraft': {
    fr: 'Ce devis a déjà une facture en brouillon : ouvrez-la depuis le devis (ou annulez-la pour en refaire une).',
    en: 'This quote already has a draft invoice: open it from the quote (or cancel it to make another one).',
  },
  'finance.quoteBalanced': {
    fr: 'Ce devis est entièrement facturé : facture de solde {number}. Annulez-la avant de facturer de nouveau ce devis.',
    en: 'This quote is fully invoiced: balance invoice {number}. Cancel it before invoicing this quote again.',
  },
  'finance.quoteBalancedDraft': {
    fr: 'Ce devis a déjà une facture de solde en brouillon : ouvrez-la depuis le devis (ou annulez-la pour en refaire une).',
    en: 'This quote already has a draft balance invoice: open it from the quote (or cancel it to make another one).',
  },
  'finance.quoteFullyInvoiced': {
    fr: 'Ce devis est entièrement facturé : il ne reste rien à facturer.',
    en: 'This quote is fully invoiced: nothing is left to invoice.',
  },
  'finance.fullAfterDeposit': {
    fr: 'Ce devis a déjà une facture d’acompte ({numbers}) : faites la facture de solde, qui déduit les acomptes.',
    en: 'This quote already has a deposit invoice ({numbers}): make the balance invoice, which deducts the deposits.',
  },
  'finance.balanceWithoutDeposit': {
    fr: 'Ce devis n’a pas de facture d’acompte : faites une facture complète.',
    en: 'This quote has no deposit invoice: make a full invoice.',
  },
  'finance.balanceDepositDraft': {
    fr: 'Une facture d’acompte de ce devis est encore en brouillon : émettez-la (ou annulez-la) avant la facture de solde, qui cite son numéro.',
    en: 'A deposit invoice of this quote is still a draft: issue it (or cancel it) before the balance invoice, which cites its number.',
  },
  'finance.depositOneOf': {
    fr: 'Indiquez un pourcentage ou un montant TTC (l’un des deux).',
    en: 'Give a percentage or an amount including tax (one of them).',
  },
  'finance.depositFieldsOnly': {
    fr: 'Un pourcentage ou un montant ne se donne que pour une facture d’acompte.',
    en: 'A percentage or an amount is only given for a deposit invoice.',
  },
  'finance.depositNotPositive': {
    fr: 'L’acompte doit être supérieur à 0,00 €.',
    en: 'The deposit must be more than €0.00.',
  },
  'finance.depositAboveRemaining': {
    fr: 'L’acompte ({amount}) dépasse le reste à facturer sur ce devis : au plus {max}.',
    en: 'The deposit ({amount}) exceeds what is left to invoice on this quote: at most {max}.',
  },
  'finance.quotePartLines': {
    fr: 'Les lignes d’une facture d’acompte ou de solde découlent du devis : annulez ce brouillon et refaites-le depuis le devis pour changer le montant.',
    en: 'The lines of a deposit or balance invoice come from the quote: cancel this draft and make it again from the quote to change the amount.',
  },
  'finance.depositInBalance': {
    fr: 'La facture de solde {number} déduit cet acompte : annulez-la d’abord.',
    en: 'Balance invoice {number} deducts this deposit: cancel it first.',
  },
  'finance.depositInBalanceDraft': {
    fr: 'La facture de solde en brouillon de ce devis déduit cet acompte : annulez-la d’abord.',
    en: 'The draft balance invoice of this quote deducts this deposit: cancel it first.',
  },
  'finance.invoiceNotDraft': {
    fr: 'Cette facture est émise : elle ne peut plus être modifiée. Annulez-la par un avoir.',
    en: 'This invoice is issued: it can no longer be edited. Cancel it with a credit note.',
  },
  'finance.noLines': {
    fr: 'Une facture sans ligne ne peut pas être émise.',
    en: 'An invoice without lines cannot be issued.',
  },
  'finance.dueDatePast': {
    fr: "L'échéance est déjà passée : corrigez-la avant d'émettre la facture.",
    en: 'The due date has passed: correct it before issuing the invoice.',
  },
  'finance.notPayable': {
    fr: 'Seule une facture émise et non payée peut être marquée payée.',
    en: 'Only an issued, unpaid invoice can be marked paid.',
  },
  'finance.creditNoteFinal': { fr: 'Un avoir ne peut pas être annulé.', en: 'A credit note cannot be cancelled.' },
  'finance.alreadyCancelled': { fr: 'Cette facture est déjà annulée.', en: 'This invoice is already cancelled.' },
  'finance.summaryTarget': {
    fr: 'Indiquez une société ou un contact (un seul).',
    en: 'Give a company or a contact (one of them).',
  },
  'finance.paymentNotAllowed': {
    fr: 'Un paiement s’enregistre sur une facture émise qui reste à payer.',
    en: 'A payment is recorded on an issued invoice with a balance due.',
  },
  'finance.paymentAboveDue': {
    fr: 'Au plus le reste à payer : {max}.',
    en: 'At most the balance due: {max}.',
  },
  'finance.refundAboveDue': {
    fr: 'Au plus le montant à rembourser : {max}.',
    en: 'At most the amount to refund: {max}.',
  },
  'finance.paymentInFuture': {
    fr: 'La date ne peut pas être dans le futur.',
    en: 'The date cannot be in the future.',
  },
  'finance.paymentBeforeIssue': {
    fr: 'La date ne peut pas précéder la date du document ({date}).',
    en: 'The date cannot be before the document date ({date}).',
  },
  'finance.refundNotAllowed': {
    fr: 'Un remboursement s’enregistre sur un avoir.',
    en: 'A refund is recorded on a credit note.',
  },
  'finance.nothingToRefund': {
    fr: 'Il ne reste rien à rembourser sur cet avoir.',
    en: 'Nothing is left to refund on this credit note.',
  },
  'finance.paymentRefunded': {
    fr: 'Ce paiement a déjà été remboursé ({refunded}) : annulez d’abord les remboursements de l’avoir.',
    en: 'This payment was already refunded ({refunded}): cancel the refunds of the credit note first.',
  },
  'finance.negativeTotal': {
    fr: 'Le total de cette facture est négatif ({total}) : une facture ne peut pas être émise en dessous de zéro, utilisez un avoir.',
    en: 'This invoice’s total is negative ({total}): an invoice cannot be issued below zero, use a credit note.',
  },
  'finance.zeroTotal': {
    fr: 'Le total de cette facture est de 0 € : une facture à zéro ne peut pas être émise. Vérifiez le prix, la quantité et la remise de ses lignes ({lines}), ou annulez ce brouillon.',
    en: 'This invoice’s total is 0: an invoice of zero cannot be issued. Check the price, quantity and discount of its lines ({lines}), or cancel this draft.',
  },
  'finance.cancelIssuedAdminOnly': {
    fr: 'Seul un administrateur peut annuler une facture émise (par un avoir).',
    en: 'Only an admin can cancel an issued invoice (with a credit note).',
  },
  'finance.cancelPaymentAdminOnly': {
    fr: 'Seul un administrateur peut annuler un paiement ou un remboursement enregistré.',
    en: 'Only an admin can cancel a recorded payment or refund.',
  },
  'finance.refundAdminOnly': {
    fr: 'Seul un administrateur peut enregistrer un remboursement.',
    en: 'Only an admin can record a refund.',
  },
  'entity.Payment': { fr: 'Paiement', en: 'Payment' },
  'entity.Quote': { fr: 'Devis', en: 'Quote' },
  'entity.Invoice': { fr: 'Facture', en: 'Invoice' },
  'finance.emailOneDocument': {
    fr: 'Un seul document à joindre : un devis ou une facture.',
    en: 'One document to attach: a quote or an invoice.',
  },
  'finance.emailOtherClient': {
    fr: "Ce document n'appartient pas à la société de l'email.",
    en: "This document does not belong to the email's company.",
  },
  'finance.emailDraftInvoice': {
    fr: "Une facture brouillon ne peut pas être envoyée : émettez-la d'abord.",
    en: 'A draft invoice cannot be sent: issue it first.',
  },
  'finance.emailCancelledInvoice': {
    fr: "Cette facture est annulée : elle n'est plus due. Envoyez son avoir à la place.",
    en: 'This invoice is cancelled and no longer due: send its credit note instead.',
  },
};
