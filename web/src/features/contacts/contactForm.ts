import type { ContactDetailFragment, ContactFieldsInput, UpdateContactInput } from '@/gql/graphql';
import {
  type ConsentProofForm,
  blank,
  consentProofInput,
  contactInput,
  emptyContactForm,
  type ContactForm,
} from '@/features/companies/forms';

export const SOCIAL_NETWORKS = ['facebook', 'linkedin', 'twitter', 'instagram'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

/** What the new-contact and new-client forms add to ContactForm: potential, social links, opt-in. */
export interface ContactMoreForm extends Record<SocialNetwork, string>, ConsentProofForm {
  potentialId: string | null;
}

/** The contact of the new-contact page and the new client's main contact. */
export type NewContactForm = ContactForm & ContactMoreForm;

export function emptyNewContactForm(): NewContactForm {
  return {
    ...emptyContactForm(),
    potentialId: null,
    facebook: '',
    linkedin: '',
    twitter: '',
    instagram: '',
    optIn: false,
    optInMethod: null,
    optInNote: '',
  };
}

/** The API's fields of a NewContactForm (an opt-in given here is recorded in the consent history on creation). */
export function newContactInput(form: NewContactForm): ContactFieldsInput {
  return {
    ...contactInput(form),
    facebook: blank(form.facebook),
    linkedin: blank(form.linkedin),
    twitter: blank(form.twitter),
    instagram: blank(form.instagram),
    potentialId: form.potentialId,
    optIn: form.optIn,
    ...consentProofInput(form),
  };
}

/** The error keys a NewContactForm shows under its fields. */
export const NEW_CONTACT_KEYS = Object.keys(emptyNewContactForm());

/** Everything the contact page edits (the active switch and delete live in its header). */
export interface ContactPageForm extends NewContactForm {
  situationId: string | null;
  progressStateId: string | null;
  salespersonId: string | null;
  companyId: string | null;
}

export const CONTACT_PAGE_KEYS = [...NEW_CONTACT_KEYS, 'situationId', 'progressStateId', 'salespersonId', 'companyId'];

/** Phones show in their national format ("01 23 45 67 89"). */
export function contactPageForm(c: ContactDetailFragment): ContactPageForm {
  return {
    civilityId: c.civility?.id ?? null,
    firstName: c.firstName ?? '',
    lastName: c.lastName ?? '',
    email: c.email ?? '',
    position: c.position ?? '',
    phoneDirect: c.phoneDirect?.national ?? '',
    phoneMobile: c.phoneMobile?.national ?? '',
    phoneSwitchboard: c.phoneSwitchboard?.national ?? '',
    sourceId: c.source?.id ?? null,
    facebook: c.facebook ?? '',
    linkedin: c.linkedin ?? '',
    twitter: c.twitter ?? '',
    instagram: c.instagram ?? '',
    potentialId: c.potential?.id ?? null,
    situationId: c.situation?.id ?? null,
    progressStateId: c.progressState?.id ?? null,
    salespersonId: c.salesperson?.id ?? null,
    optIn: c.optIn,
    optInMethod: null,
    optInNote: '',
    companyId: c.company.id,
  };
}

export function contactPageInput(form: ContactPageForm): UpdateContactInput {
  return {
    ...newContactInput(form),
    situationId: form.situationId,
    progressStateId: form.progressStateId,
    salespersonId: form.salespersonId,
    companyId: form.companyId,
  };
}
