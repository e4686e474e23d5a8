import { IsNull } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { type FieldErrors, badField } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { consentProofInput, requireConsentChange } from '../consent/consent.service';
import type { ContactEntity } from '../contact/contact.entity';
import { CONTACT_REQUIRED, insertContact } from '../contact/contact.service';
import { RecordKind } from '../custom-field/custom-field.model';
import { checkCustomFieldsInput } from '../custom-field/custom-field.service';
import { CompanyEntity } from './company.entity';
import type { ContactFieldsInput, CreateCompanyInput } from './company.inputs';
import { insertCompany } from './company.service';
import { MAIN_CONTACT_REQUIRED, billingAddressPatch, contactPatch } from './record-fields';

type Path = (string | number)[];

/**
 * "New client" inside another form (an event, a quote, an invoice: the seeds' methods 4 and
 * 6 to 9): the company, its main contact and its default billing address, with the same rules
 * as the client page, errors reported under `path` (e.g. input.newClient.mainContact.email).
 * Problems already collected in `errors` are reported together with these.
 */
export async function createClientInline(
  ctx: Ctx,
  input: CreateCompanyInput,
  path: Path,
  errors: FieldErrors,
): Promise<{ company: CompanyEntity; mainContact: ContactEntity }> {
  const contactPath = [...path, 'mainContact'];
  const contact = contactPatch(input.mainContact ?? {}, errors, contactPath, {
    creating: true,
    required: MAIN_CONTACT_REQUIRED,
    phoneContext: { country: input.country, postalCode: input.postalCode },
  });
  const contactProof = consentProofInput(input.mainContact ?? {}, errors, contactPath);
  requireConsentChange(contactProof, contact.optIn === true, errors, contactPath);
  // The main contact's custom fields, checked with the company's so that the form shows every
  // problem at once (input.newClient.mainContact.customFields.<key>), as on the client page.
  const contactCustomFields = await checkCustomFieldsInput(
    ctx,
    RecordKind.CONTACT,
    input.mainContact?.customFields,
    contactPath,
    errors,
    { creating: true },
  );
  const billing =
    input.billingAddress && input.useAsBillingAddress === false
      ? billingAddressPatch(input.billingAddress, errors, [...path, 'billingAddress'], true)
      : null;
  const company = await insertCompany(ctx, input, path, errors, billing);
  const mainContact = await insertContact(
    ctx,
    company,
    { ...contact, customFields: contactCustomFields ?? {} },
    contactPath,
    contactProof,
  );
  company.mainContactId = mainContact.id;
  return { company, mainContact };
}

/**
 * "+ Nouveau contact" inside another form (an event, a quote, an invoice of an existing
 * client): a contact of `company` created in the same step, with the rules of the contact
 * page (first and last name required, phones read in the company's numbering plan, consent
 * proof, required custom fields; the first active contact of a company without one becomes
 * its main contact; audited). Errors go under `path` (e.g. input.newContact.lastName) together
 * with those already in `errors`, and are thrown before anything is written.
 */
export async function createContactInline(
  ctx: Ctx,
  company: CompanyEntity,
  input: ContactFieldsInput,
  path: Path,
  errors: FieldErrors,
): Promise<ContactEntity> {
  const patch = contactPatch(input, errors, path, {
    creating: true,
    required: CONTACT_REQUIRED,
    phoneContext: company,
  });
  const proof = consentProofInput(input, errors, path);
  requireConsentChange(proof, patch.optIn === true, errors, path);
  const customFields = await checkCustomFieldsInput(ctx, RecordKind.CONTACT, input.customFields, path, errors, {
    creating: true,
  });
  errors.throwIfAny();
  return insertContact(ctx, company, { ...patch, customFields: customFields ?? {} }, path, proof);
}

/** A live, active company to attach a new record to; a field error at `path` otherwise. */
export async function requireClientCompany(ctx: Ctx, id: string, path: Path): Promise<CompanyEntity> {
  const company = isUuid(id) ? await (await em(ctx)).findOneBy(CompanyEntity, { id, deletedAt: IsNull() }) : null;
  if (!company) throw badField(path, 'contact.companyUnknown');
  if (!company.active) throw badField(path, 'contact.companyInactive');
  return company;
}

/** What a new event, quote or invoice says of its client. */
export interface NewRecordClientInput {
  companyId?: string | null;
  newClient?: CreateCompanyInput | null;
  newContact?: ContactFieldsInput | null;
}

/**
 * The client of a new event, quote or invoice: an existing company (`companyId`), possibly
 * with a new contact of it (`newContact`), or a new client with its main contact
 * (`newClient`). `contact` is the contact created in this step, if any (the new contact, or
 * the new client's main contact). Problems already in `errors` (the record's own fields) are
 * reported together with the new client's or new contact's.
 */
export async function newRecordClient(
  ctx: Ctx,
  input: NewRecordClientInput,
  errors: FieldErrors,
): Promise<{ company: CompanyEntity; contact: ContactEntity | null }> {
  // Neither is a missing client (reported with the record's other missing fields); both, a choice to make.
  if (!input.companyId === !input.newClient) {
    errors.add(['input', 'companyId'], input.companyId ? 'event.companyRequired' : 'client.required');
    errors.throwIfAny();
  }
  if (input.newClient) {
    // A new client comes with its main contact: a second new contact has no company to go to yet.
    if (input.newContact) errors.add(['input', 'newContact'], 'client.newContactWithNewClient');
    const { company, mainContact } = await createClientInline(ctx, input.newClient, ['input', 'newClient'], errors);
    return { company, contact: mainContact };
  }
  if (!input.newContact) errors.throwIfAny();
  const company = await requireClientCompany(ctx, input.companyId as string, ['input', 'companyId']);
  if (!input.newContact) return { company, contact: null };
  const contact = await createContactInline(ctx, company, input.newContact, ['input', 'newContact'], errors);
  return { company, contact };
}
