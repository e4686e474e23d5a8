import type { ContactFieldsInput, CreateCompanyInput, DuplicateCheckInput } from '@/gql/graphql';
import {
  type CompanyForm,
  type ContactForm,
  companyInput,
  contactInput,
  emptyCompanyForm,
  emptyContactForm,
} from '@/features/companies/forms';
import type { CustomValues } from '@/features/custom-fields/values';
import { filled, filledPhones } from '@/features/search/useDuplicateCheck';

/**
 * The client of an event, a quote or an invoice created where the user is (the seeds' « Depuis
 * la Fiche Événement », « À partir d'un Nouveau Devis / d'une Nouvelle Facture »): a new client
 * (company and main contact), or a new contact of the chosen company.
 */
export interface InlineClient {
  on: boolean;
  company: CompanyForm;
  contact: ContactForm;
  companyCustomFields: CustomValues;
  contactCustomFields: CustomValues;
}

export interface InlineContact {
  on: boolean;
  contact: ContactForm;
  customFields: CustomValues;
}

export function emptyInlineClient(): InlineClient {
  return {
    on: false,
    company: emptyCompanyForm(),
    contact: emptyContactForm(),
    companyCustomFields: {},
    contactCustomFields: {},
  };
}

export function emptyInlineContact(): InlineContact {
  return { on: false, contact: emptyContactForm(), customFields: {} };
}

/** The new client as the create mutations take it (`newClient`); a new client is always active. */
export function newClientInput(client: InlineClient): CreateCompanyInput {
  const { active: _active, ...company } = companyInput(client.company);
  return {
    ...company,
    customFields: { ...client.companyCustomFields },
    mainContact: { ...contactInput(client.contact), customFields: { ...client.contactCustomFields } },
  };
}

/** The new contact as the create mutations take it (`newContact`, beside `companyId`). */
export function inlineContactInput(draft: InlineContact): ContactFieldsInput {
  return { ...contactInput(draft.contact), customFields: { ...draft.customFields } };
}

/**
 * What a contact being typed is compared on, as on the full "Nouveau contact" page: its e-mail,
 * its phones, and its name within `companyId` (the chosen client; none for a new client's main
 * contact, compared in the numbering plan of the new company's address). Null until there is
 * something to compare.
 */
export function contactDuplicateInput(
  contact: ContactForm,
  where: { companyId?: string | null; country?: string | null; postalCode?: string | null },
): DuplicateCheckInput | null {
  const phones = filledPhones(contact);
  const input: DuplicateCheckInput = {
    kind: 'CONTACT',
    email: filled(contact.email),
    phones,
    firstName: filled(contact.firstName),
    lastName: filled(contact.lastName),
    companyId: where.companyId ?? null,
    country: filled(where.country),
    postalCode: filled(where.postalCode),
  };
  return input.email || phones.length || (input.lastName && input.companyId) ? input : null;
}
