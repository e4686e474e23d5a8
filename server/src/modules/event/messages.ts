import type { Catalog } from '../../common/i18n';

/** Messages of the event rules. */
export const eventMessages: Catalog = {
  'field.date': { fr: 'Date invalide (AAAA-MM-JJ).', en: 'Invalid date (YYYY-MM-DD).' },
  'event.companyRequired': {
    fr: 'Choisissez une société existante ou créez un nouveau client (pas les deux).',
    en: 'Pick an existing company or create a new client (not both).',
  },
  'event.endBeforeStart': {
    fr: 'La date de fin doit être égale ou postérieure à la date de début.',
    en: 'The end date must be on or after the start date.',
  },
  'event.guestCount': {
    fr: "Le nombre d'invités doit être un nombre entier entre 0 et 1\u00a0000\u00a0000.",
    en: 'The number of guests must be a whole number from 0 to 1,000,000.',
  },
  'event.contactElsewhere': {
    fr: "Ce contact n'appartient pas à la société de l'événement.",
    en: "This contact does not belong to the event's company.",
  },
  'event.contactsOnMove': {
    fr: "L'événement change de société : indiquez les contacts de la nouvelle société à lier (éventuellement aucun).",
    en: 'The event moves to another company: give the contacts of the new company to link (possibly none).',
  },
  'event.issuedInvoice': {
    fr: 'Cet événement ne peut pas être supprimé : il figure sur la facture émise {numbers}, qui doit garder son événement.',
    en: 'This event cannot be deleted: it is on the issued invoice {numbers}, which must keep its event.',
  },
  'event.notDeleted': { fr: "Cet événement n'est pas supprimé.", en: 'This event is not deleted.' },
  'event.companyDeleted': {
    fr: "La société de cet événement ({company}) est supprimée : restaurez-la d'abord.",
    en: "This event's company ({company}) is deleted: restore it first.",
  },
  'entity.Event': { fr: 'Événement', en: 'Event' },
};
