import { IsNull } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { CompanyEntity } from '../company/company.entity';
import { ContactEntity } from '../contact/contact.entity';
import { refuseErasedContact } from '../contact/contact.service';
import { UserEntity } from '../user/user.entity';

type Path = (string | number)[];

/** The record an activity, a document or an email belongs to: exactly one of the two ids. */
export interface RecordRef {
  companyId: string | null;
  contactId: string | null;
}

/**
 * Checks that exactly one live record is named and returns it (NOT_FOUND for an unknown or
 * deleted one). Without `includeDeleted` the record is about to be written to (an activity, a
 * document, an email on it): an erased contact is refused (CONFLICT, refuseErasedContact).
 */
export async function resolveRecord(
  ctx: Ctx,
  input: { companyId?: string | null; contactId?: string | null },
  path: Path,
  opts: { includeDeleted?: boolean } = {},
): Promise<RecordRef & { company: CompanyEntity | null; contact: ContactEntity | null }> {
  // A deleted record can still be read (its page shows it read-only), never written to.
  const live = opts.includeDeleted ? {} : { deletedAt: IsNull() };
  if (!input.companyId === !input.contactId) throw badField([...path, 'companyId'], 'record.exactlyOne');
  const manager = await em(ctx);
  if (input.companyId) {
    const company = await manager.findOneBy(CompanyEntity, {
      id: checkId(input.companyId, 'Company'),
      ...live,
    });
    if (!company) throw notFound('Company');
    return { companyId: company.id, contactId: null, company, contact: null };
  }
  const contact = await manager.findOneBy(ContactEntity, {
    id: checkId(input.contactId as string, 'Contact'),
    ...live,
  });
  if (!contact) throw notFound('Contact');
  if (!opts.includeDeleted) await refuseErasedContact(ctx, contact.id);
  return { companyId: null, contactId: contact.id, company: null, contact };
}

/**
 * The company or contact an activity or a document sits on must be live for it to come back
 * from the trash: CONFLICT naming the record otherwise (restore the record first), as for an
 * event whose company is deleted.
 */
export async function requireLiveRecord(ctx: Ctx, ref: RecordRef): Promise<void> {
  const manager = await em(ctx);
  if (ref.companyId) {
    const company = await manager.findOneBy(CompanyEntity, { id: ref.companyId });
    if (!company || company.deletedAt) throw conflict('trash.recordDeleted', { record: company?.name ?? '' });
  } else if (ref.contactId) {
    const contact = await manager.findOneBy(ContactEntity, { id: ref.contactId });
    const name = [contact?.firstName, contact?.lastName].filter(Boolean).join(' ');
    if (!contact || contact.deletedAt) throw conflict('trash.recordDeleted', { record: name });
  }
}

/** A user picked in a form (author, assignee) must be an active user of the workspace. */
export async function requireActiveUser(ctx: Ctx, id: string, path: Path): Promise<UserEntity> {
  const user = isUuid(id) ? await (await em(ctx)).findOneBy(UserEntity, { id, active: true }) : null;
  if (!user) throw badField(path, 'record.userUnknown');
  return user;
}
