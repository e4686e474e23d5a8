import type { ContactDetailFragment, UpdateContactInput } from '@/gql/graphql';
import { blank, contactInput, type ContactForm } from '@/features/companies/forms';

export const SOCIAL_NETWORKS = ['facebook', 'linkedin', 'twitter', 'instagram'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

/** Everything the contact page edits (the active switch and delete live in its header). */
export interface ContactPageForm extends ContactForm, Record<SocialNetwork, string> {
  potentialId: string | null;
  situationId: string | null;
  progressStateId: string | null;
  salespersonId: string | null;
  optIn: boolean;
  companyId: string | null;
}

export const CONTACT_PAGE_KEYS = [
  'civilityId',
  'firstName',
  'lastName',
  'email',
  'position',
  'phoneDirect',
  'phoneMobile',
  'phoneSwitchboard',
  'sourceId',
  ...SOCIAL_NETWORKS,
  'potentialId',
  'situationId',
  'progressStateId',
  'salespersonId',
  'optIn',
  'companyId',
];

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
    companyId: c.company.id,
  };
}

export function contactPageInput(form: ContactPageForm): UpdateContactInput {
  return {
    ...contactInput(form),
    facebook: blank(form.facebook),
    linkedin: blank(form.linkedin),
    twitter: blank(form.twitter),
    instagram: blank(form.instagram),
    potentialId: form.potentialId,
    situationId: form.situationId,
    progressStateId: form.progressStateId,
    salespersonId: form.salespersonId,
    optIn: form.optIn,
    companyId: form.companyId,
  };
}
