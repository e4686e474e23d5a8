import type { Ctx } from '../../common/context';
import type { FieldErrors } from '../../common/errors';
import { consentProofInput, requireConsentChange } from '../consent/consent.service';
import type { ContactEntity } from '../contact/contact.entity';
import { insertContact } from '../contact/contact.service';
import type { CompanyEntity } from './company.entity';
import type { CreateCompanyInput } from './company.inputs';
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
  const contact = contactPatch(input.mainContact ?? {}, errors, [...path, 'mainContact'], {
    creating: true,
    required: MAIN_CONTACT_REQUIRED,
    phoneContext: { country: input.country, postalCode: input.postalCode },
  });
  const contactProof = consentProofInput(input.mainContact ?? {}, errors, [...path, 'mainContact']);
  requireConsentChange(contactProof, contact.optIn === true, errors, [...path, 'mainContact']);
  const billing =
    input.billingAddress && input.useAsBillingAddress === false
      ? billingAddressPatch(input.billingAddress, errors, [...path, 'billingAddress'], true)
      : null;
  const company = await insertCompany(ctx, input, path, errors, billing);
  const mainContact = await insertContact(ctx, company, contact, [...path, 'mainContact'], contactProof);
  company.mainContactId = mainContact.id;
  return { company, mainContact };
}
