import { IsNull } from 'typeorm';
import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import { FieldErrors, badField } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { BillingAddressEntity } from '../company/billing-address.entity';
import { CompanyEntity } from '../company/company.entity';
import { type NewRecordClientInput, newRecordClient } from '../company/inline-client';
import { isUsableAddress } from '../company/record-fields';
import { ContactEntity } from '../contact/contact.entity';
import { erasedContactProblems } from '../contact/contact.service';
import { EventEntity } from '../event/event.entity';

/**
 * The document's contact must be a live contact of its company, and not an erased person unless
 * the document already named them (`currentContactId`: its other fields stay editable).
 */
export async function checkDocumentContact(
  ctx: Ctx,
  companyId: string,
  contactId: string | null,
  currentContactId: string | null = null,
): Promise<void> {
  if (!contactId) return;
  const contact = isUuid(contactId)
    ? await (await em(ctx)).findOneBy(ContactEntity, { id: contactId, deletedAt: IsNull() })
    : null;
  if (!contact || contact.companyId !== companyId) throw badField(['input', 'contactId'], 'finance.contactElsewhere');
  if (contact.id === currentContactId) return;
  const errors = new FieldErrors();
  await erasedContactProblems(ctx, [{ id: contact.id, path: ['input', 'contactId'] }], errors);
  errors.throwIfAny();
}

/** The document's event must be a live event of its company (a deleted one is in the trash). */
export async function checkDocumentEvent(ctx: Ctx, companyId: string, eventId: string | null): Promise<void> {
  if (!eventId) return;
  const event = isUuid(eventId) ? await (await em(ctx)).findOneBy(EventEntity, { id: eventId }) : null;
  if (event?.deletedAt && event.companyId === companyId) throw badField(['input', 'eventId'], 'finance.eventInTrash');
  if (!event || event.companyId !== companyId) throw badField(['input', 'eventId'], 'finance.eventElsewhere');
}

export interface BillingCopy {
  billingAddressId: string | null;
  billingAddressChosen: boolean;
  billingLabel: string | null;
  billingAddressLine1: string | null;
  billingAddressLine2: string | null;
  billingPostalCode: string | null;
  billingCity: string | null;
  billingCountry: string | null;
}

/**
 * The billing address copied onto a document: the one chosen (it must be one of the company's
 * own addresses), else the company's default one. A copy, so later edits of the company's
 * addresses never change a document.
 */
export async function billingCopy(
  ctx: Ctx,
  companyId: string,
  chosenId: string | null | undefined,
): Promise<BillingCopy> {
  const manager = await em(ctx);
  let address: BillingAddressEntity | null;
  if (chosenId) {
    address = isUuid(chosenId) ? await manager.findOneBy(BillingAddressEntity, { id: chosenId }) : null;
    if (!address || address.companyId !== companyId)
      throw badField(['input', 'billingAddressId'], 'finance.billingAddressElsewhere');
  } else {
    address = await manager.findOneBy(BillingAddressEntity, { companyId, isDefault: true });
    if (!address) {
      // A company without billing address (created without a usable address, see
      // insertCompany): its main address when it has gained one since, else none (the
      // document's address stays empty rather than reading "France" alone).
      const company = await manager.findOneBy(CompanyEntity, { id: companyId });
      if (company && isUsableAddress(company))
        return {
          billingAddressId: null,
          billingAddressChosen: false,
          billingLabel: null,
          billingAddressLine1: company.addressLine1,
          billingAddressLine2: company.addressLine2,
          billingPostalCode: company.postalCode,
          billingCity: company.city,
          billingCountry: company.country,
        };
    }
  }
  return {
    billingAddressId: address?.id ?? null,
    billingAddressChosen: !!chosenId,
    billingLabel: address?.label ?? null,
    billingAddressLine1: address?.addressLine1 ?? null,
    billingAddressLine2: address?.addressLine2 ?? null,
    billingPostalCode: address?.postalCode ?? null,
    billingCity: address?.city ?? null,
    billingCountry: address?.country ?? null,
  };
}

/** The client's name and legal identifiers as printed on the document. */
export function clientCopy(company: CompanyEntity) {
  return { clientName: company.name, clientSiret: company.siret, clientVatNumber: company.vatNumber };
}

/** Everything a document needs from the company, copied from the same company row. */
export type ClientCopy = ReturnType<typeof clientCopy>;

/**
 * The client's details as they are now, for a document leaving the draft stage (an invoice
 * issued, a quote sent): French invoicing wants the client's name, identifiers and billing
 * address as at issue, not as when the draft was started. The billing address is the one
 * chosen on the document (while it still exists: a chosen address deleted since keeps the
 * copy made when it was chosen), else the company's default address of now.
 */
export async function currentClientDetails(
  ctx: Ctx,
  document: { companyId: string; billingAddressId: string | null; billingAddressChosen: boolean },
): Promise<Partial<BillingCopy & ClientCopy>> {
  const manager = await em(ctx);
  // Deleted companies included: a draft of a company in the trash keeps its client.
  const company = await manager.findOneByOrFail(CompanyEntity, { id: document.companyId });
  if (document.billingAddressChosen && !document.billingAddressId) return clientCopy(company);
  const billing = await billingCopy(
    ctx,
    company.id,
    document.billingAddressChosen ? document.billingAddressId : null,
  ).catch((err: unknown) => {
    // The chosen address moved to another company (a merge): the copy made at the choice stays.
    if (document.billingAddressChosen) return null;
    throw err;
  });
  return { ...(billing ?? {}), ...clientCopy(company) };
}

/**
 * The parties of a new quote or invoice, checked and copied: the client (existing, possibly
 * with a new contact, or created inline), the contact (the one chosen; else the new contact,
 * or the new client's main contact), the event and the billing address. Field errors gathered
 * so far are thrown first.
 */
export async function newDocumentParties(
  ctx: Ctx,
  input: NewRecordClientInput & {
    contactId?: string | null;
    eventId?: string | null;
    billingAddressId?: string | null;
  },
  errors: FieldErrors,
): Promise<BillingCopy & ClientCopy & { companyId: string; contactId: string | null; eventId: string | null }> {
  if (input.newContact && input.contactId) errors.add(['input', 'newContact'], 'client.contactOrNewContact');
  const { company, contact } = await newRecordClient(ctx, input, errors);
  errors.throwIfAny();
  const contactId = input.contactId ?? contact?.id ?? null;
  const eventId = input.eventId ?? null;
  // The contact just created needs no check (and the new client's main contact is named only when none was chosen).
  if (contactId !== contact?.id) await checkDocumentContact(ctx, company.id, contactId);
  await checkDocumentEvent(ctx, company.id, eventId);
  return {
    ...(await billingCopy(ctx, company.id, input.billingAddressId)),
    ...clientCopy(company),
    companyId: company.id,
    contactId,
    eventId,
  };
}
