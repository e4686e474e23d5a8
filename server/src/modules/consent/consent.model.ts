import { registerEnumType } from 'type-graphql';

/**
 * How a person gave (or withdrew) consent, the evidence GDPR art. 7(1) asks a controller to
 * be able to show. Stored as text under a CHECK of the same values (migration
 * 1766131200000-ConsentMethod): keep the two lists alike.
 */
export enum ConsentMethod {
  WEB_FORM = 'WEB_FORM',
  EMAIL = 'EMAIL',
  PHONE = 'PHONE',
  PAPER = 'PAPER',
  IN_PERSON = 'IN_PERSON',
  OTHER = 'OTHER',
}
registerEnumType(ConsentMethod, {
  name: 'ConsentMethod',
  description: 'How consent was given: web form, e-mail, phone, paper form (in writing), in person (event), other.',
  valuesConfig: {
    WEB_FORM: { description: 'A form on a website.' },
    EMAIL: { description: 'By e-mail.' },
    PHONE: { description: 'By phone.' },
    PAPER: { description: 'A paper form, or in writing.' },
    IN_PERSON: { description: 'In person, e.g. at an event.' },
    OTHER: { description: 'Any other way (say which in the note).' },
  },
});

/** Longest proof note, in characters (the column's CHECK says the same). */
export const CONSENT_NOTE_MAX_LENGTH = 500;
