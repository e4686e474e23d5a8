import { IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { requireRecordVersion } from '../../common/record-version';
import { recordAudit } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import type { CreateContactInput, UpdateContactInput } from '../company/company.inputs';
import { type ContactPatch, contactPatch } from '../company/record-fields';
import { getCompany, insertCompany } from '../company/company.service';
import { type ConsentProof, consentProofInput, recordConsent, requireConsentChange } from '../consent/consent.service';
import { RecordKind } from '../custom-field/custom-field.model';
import { type StoredValues, checkCustomFieldsInput } from '../custom-field/custom-field.service';
import { refuseRestoreOfMerged } from '../search/merge.service';
import { SettingList } from '../settings/setting-option.entity';
import { requireOption } from '../settings/settings.service';
import { UserEntity } from '../user/user.entity';
import { unlinkContactFromCompanyEvents } from '../event/event.service';
import { CONTACT_AUDITED_FIELDS, ContactEntity } from './contact.entity';
import { fillMainContact, mayBeMainContact, replaceMainContacts } from './main-contact';

type Path = (string | number)[];

/** A contact created on its own needs a first and a last name. */
export const CONTACT_REQUIRED = ['firstName', 'lastName'] as const;

const OPTION_FIELDS = [
  ['civilityId', SettingList.CIVILITY],
  ['sourceId', SettingList.SOURCE],
  ['potentialId', SettingList.POTENTIAL],
  ['situationId', SettingList.SITUATION],
  ['progressStateId', SettingList.PROGRESS_STATE],
] as const;

export function snapshotContact(c: ContactEntity): Record<string, unknown> {
  return { ...c, deletedAt: c.deletedAt?.toISOString() ?? null };
}

export async function getContact(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<ContactEntity> {
  const contact = await (
    await em(ctx)
  ).findOneBy(ContactEntity, {
    id: checkId(id, 'Contact'),
    ...(opts.includeDeleted ? {} : { deletedAt: IsNull() }),
  });
  if (!contact) throw notFound('Contact');
  return contact;
}

/**
 * When each contact was erased (GDPR, its last erasure), null for one never erased: the audit
 * entry is what says so, the anonymised record itself looks like any contact without a first
 * name. One statement for a whole page or selection.
 */
export async function erasedAtByContactIds(ctx: Ctx, ids: readonly string[]): Promise<(Date | null)[]> {
  const wellFormed = ids.filter(isUuid);
  const rows: { id: string; at: Date }[] = wellFormed.length
    ? await (
        await em(ctx)
      ).query(
        `SELECT entity_id AS id, max(created_at) AS at FROM audit_log
          WHERE entity_type = 'Contact' AND action = 'gdpr.erase' AND entity_id = ANY($1::uuid[])
          GROUP BY entity_id`,
        [wellFormed],
      )
    : [];
  const at = new Map(rows.map((r) => [r.id, r.at]));
  return ids.map((id) => at.get(isUuid(id) ? id.toLowerCase() : id) ?? null);
}

const erasedDate = (at: Date) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(at);

/**
 * THE rule of an erased person's record (GDPR erasure): it is read-only. Nothing may be written
 * to it or attached to it again (fields, company, consent, activities, documents, emails,
 * custom page, pipeline, bulk edits, merges, reactivation, restoration), or the erasure would
 * be undone piece by piece. Every path that writes to a contact calls this guard (single
 * records) or `erasedContactProblems` (selections); deleting an erased contact stays allowed:
 * it adds nothing about the person and only takes an empty shell out of the lists.
 * CONFLICT `contact.erased`, naming the erasure date; `extra.erasedContactId` names the record.
 */
export async function refuseErasedContact(ctx: Ctx, contactId: string): Promise<void> {
  const [at] = await erasedAtByContactIds(ctx, [contactId]);
  if (at)
    throw new AppError(ErrorCode.CONFLICT, 'contact.erased', { date: erasedDate(at) }, [], {
      erasedContactId: contactId,
    });
}

/**
 * The same rule for a selection (bulk actions, event guests): each erased contact is a problem of
 * its own under its path, like any other refused record, added to `errors` (the caller throws).
 */
export async function erasedContactProblems(
  ctx: Ctx,
  records: readonly { id: string; path: Path }[],
  errors: FieldErrors,
): Promise<void> {
  const at = await erasedAtByContactIds(
    ctx,
    records.map((r) => r.id),
  );
  records.forEach((r, i) => {
    const date = at[i];
    if (date) errors.add(r.path, 'contact.erased', { date: erasedDate(date) });
  });
}

/**
 * The settings values and the salesperson a patch names must exist in the workspace. A hidden
 * value stays valid on the records that already have it: `records` are the records being
 * changed (none when creating), each with the path its own problems are reported under (a
 * single edit reports them under the input's field, a bulk edit under the record).
 */
export async function checkContactReferences(
  ctx: Ctx,
  patch: ContactPatch,
  path: Path,
  records: readonly { current: ContactEntity; path: Path }[] = [],
): Promise<void> {
  const errors = new FieldErrors();
  for (const [key, list] of OPTION_FIELDS) {
    const id = patch[key];
    if (!id) continue;
    const option = await requireOption(ctx, list, id, [...path, key], { allowHidden: true });
    if (!option.hidden) continue;
    if (!records.length) errors.add([...path, key], 'settings.hiddenOption');
    for (const r of records) if (r.current[key] !== id) errors.add([...r.path, key], 'settings.hiddenOption');
  }
  errors.throwIfAny();
  if (patch.salespersonId) {
    const user = isUuid(patch.salespersonId)
      ? await (await em(ctx)).findOneBy(UserEntity, { id: patch.salespersonId, active: true })
      : null;
    if (!user) throw badField([...path, 'salespersonId'], 'contact.salespersonUnknown');
  }
}

async function checkReferences(ctx: Ctx, patch: ContactPatch, path: Path, current?: ContactEntity): Promise<void> {
  await checkContactReferences(ctx, patch, path, current ? [{ current, path }] : []);
}

/**
 * Inserts a validated contact into a company. The first contact of a company becomes its
 * main contact (unless created inactive: mayBeMainContact); the salesperson defaults to the user who creates it.
 */
export async function insertContact(
  ctx: Ctx,
  company: CompanyEntity,
  patch: ContactPatch & { customFields?: StoredValues },
  path: Path,
  consentProof: ConsentProof = {},
): Promise<ContactEntity> {
  await checkReferences(ctx, patch, path);
  let customFields = patch.customFields;
  if (customFields === undefined) {
    // Callers that do not handle custom fields still get the required ones enforced.
    const errors = new FieldErrors();
    customFields = await checkCustomFieldsInput(ctx, RecordKind.CONTACT, undefined, path, errors, { creating: true });
    errors.throwIfAny();
  }
  const manager = await em(ctx);
  const contact = await manager.save(ContactEntity, {
    ...patch,
    workspaceId: ctx.actor.workspaceId,
    companyId: company.id,
    salespersonId: patch.salespersonId !== undefined ? patch.salespersonId : ctx.actor.userId,
    optIn: patch.optIn ?? false,
    optInAt: patch.optIn ? new Date() : null,
    optInSource: patch.optIn ? 'user' : null,
    active: patch.active ?? true,
    customFields: customFields ?? {},
    createdBy: ctx.actor.userId,
  });
  if (!company.mainContactId && mayBeMainContact(contact)) {
    await manager.update(CompanyEntity, { id: company.id }, { mainContactId: contact.id });
    company.mainContactId = contact.id;
  }
  if (contact.optIn) await recordConsent(ctx, 'Contact', contact.id, true, 'user', consentProof);
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: contact.id,
    action: 'create',
    after: snapshotContact(contact),
    fields: [...CONTACT_AUDITED_FIELDS],
  });
  return contact;
}

/** "Nouveau contact": in an existing active company, or with a new company in the same step. */
export async function createContact(ctx: Ctx, input: CreateContactInput): Promise<ContactEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  if (!input.companyId === !input.newCompany) {
    errors.add(['input', 'companyId'], 'contact.companyRequired');
    errors.throwIfAny();
  }
  let company: CompanyEntity | null = null;
  if (input.companyId) {
    company = await (
      await em(ctx)
    ).findOneBy(CompanyEntity, { id: checkId(input.companyId, 'Company'), deletedAt: IsNull() });
    if (!company) throw notFound('Company');
    if (!company.active) errors.add(['input', 'companyId'], 'contact.companyInactive');
  }
  const phoneContext = company ?? { country: input.newCompany?.country, postalCode: input.newCompany?.postalCode };
  const patch = contactPatch(input, errors, ['input'], { creating: true, required: CONTACT_REQUIRED, phoneContext });
  const proof = consentProofInput(input, errors, ['input']);
  requireConsentChange(proof, patch.optIn === true, errors, ['input']);
  const customFields = await checkCustomFieldsInput(ctx, RecordKind.CONTACT, input.customFields, ['input'], errors, {
    creating: true,
  });
  if (input.newCompany) company = await insertCompany(ctx, input.newCompany, ['input', 'newCompany'], errors);
  errors.throwIfAny();
  return insertContact(ctx, company as CompanyEntity, { ...patch, customFields: customFields ?? {} }, ['input'], proof);
}

export async function updateContact(
  ctx: Ctx,
  id: string,
  input: UpdateContactInput,
  opts: { expectedUpdatedAt?: Date | null } = {},
): Promise<ContactEntity> {
  requireWrite(ctx.actor);
  await requireRecordVersion(ctx, 'Contact', id, opts.expectedUpdatedAt);
  const current = await getContact(ctx, id);
  await refuseErasedContact(ctx, current.id);
  const manager = await em(ctx);
  const errors = new FieldErrors();
  let target: CompanyEntity | null = null;
  if (input.companyId && input.companyId !== current.companyId) {
    target = await manager.findOneBy(CompanyEntity, { id: checkId(input.companyId, 'Company'), deletedAt: IsNull() });
    if (!target) throw badField(['input', 'companyId'], 'contact.companyUnknown');
  }
  const company = target ?? (await getCompany(ctx, current.companyId, { includeDeleted: true }));
  const patch = contactPatch(input, errors, ['input'], {
    creating: false,
    required: CONTACT_REQUIRED,
    phoneContext: company,
  });
  // The new opt-in when this update changes it, else null.
  const optInChange = patch.optIn !== undefined && patch.optIn !== current.optIn ? patch.optIn : null;
  const proof = consentProofInput(input, errors, ['input']);
  requireConsentChange(proof, optInChange !== null, errors, ['input']);
  const customFields = await checkCustomFieldsInput(ctx, RecordKind.CONTACT, input.customFields, ['input'], errors, {
    creating: false,
    current: current.customFields,
  });
  errors.throwIfAny();
  await checkReferences(ctx, patch, ['input'], current);
  const changes: ContactPatch & {
    optInAt?: Date;
    optInSource?: string;
    companyId?: string;
    customFields?: StoredValues;
  } = { ...patch };
  if (customFields) changes.customFields = customFields;
  if (optInChange !== null) {
    changes.optInAt = new Date();
    changes.optInSource = 'user';
  }
  if (target) changes.companyId = target.id;
  // An event only links contacts of its own company: the events of the former company stay
  // there, without this contact (the audit entry names them).
  const leftEvents = target ? await unlinkContactFromCompanyEvents(ctx, [current.id], current.companyId) : [];
  // TypeORM's partial type cannot describe a jsonb object of unknown shape: the cast is only for it.
  if (Object.keys(changes).length)
    await manager.update(ContactEntity, { id: current.id }, changes as QueryDeepPartialEntity<ContactEntity>);
  // The company it leaves, or whose main contact it no longer is once inactive (not someone
  // to call), elects another main contact if it was this one, as a deletion does.
  const deactivated = patch.active === false && current.active;
  if (target || deactivated) await replaceMainContacts(ctx, [current.id]);
  // The company it is now in (moved there, or reactivated in its own) takes a main contact if it
  // has none: this contact when it may be one (an inactive one never is), by the one rule of
  // main-contact.ts.
  const reactivated = patch.active === true && !current.active;
  if (target || reactivated) await fillMainContact(ctx, target?.id ?? current.companyId);
  if (optInChange !== null) await recordConsent(ctx, 'Contact', current.id, optInChange, 'user', proof);
  const updated = await getContact(ctx, id);
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: id,
    action: 'update',
    before: { ...snapshotContact(current), ...(leftEvents.length ? { eventIds: leftEvents } : {}) },
    after: { ...snapshotContact(updated), ...(leftEvents.length ? { eventIds: [] } : {}) },
    fields: [...CONTACT_AUDITED_FIELDS, ...(leftEvents.length ? ['eventIds'] : [])],
  });
  return updated;
}

export async function setContactActive(ctx: Ctx, id: string, active: boolean): Promise<ContactEntity> {
  return updateContact(ctx, id, { active });
}

export async function deleteContact(ctx: Ctx, id: string): Promise<ContactEntity> {
  requireWrite(ctx.actor);
  const contact = await getContact(ctx, id);
  const manager = await em(ctx);
  const deletedAt = new Date();
  await manager.update(ContactEntity, { id: contact.id }, { deletedAt, deletedBy: ctx.actor.userId });
  await replaceMainContacts(ctx, [contact.id]);
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: id,
    action: 'delete',
    before: { deletedAt: null },
    after: { deletedAt: deletedAt.toISOString() },
  });
  return getContact(ctx, id, { includeDeleted: true });
}

/** Contacts are not restored over a live contact with the same e-mail: CONFLICT naming it. */
export async function refuseContactsOverLive(ctx: Ctx, contacts: ContactEntity[]): Promise<void> {
  const emails = contacts.map((c) => c.email).filter((e): e is string => !!e);
  if (!emails.length) return;
  const [live]: { id: string; name: string; email: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT id, concat_ws(' ', first_name, last_name) AS name, email::text AS email FROM contact
      WHERE deleted_at IS NULL AND email::text = ANY($1::text[]) AND NOT (id = ANY($2::uuid[]))
      ORDER BY created_at LIMIT 1`,
    [emails, contacts.map((c) => c.id)],
  );
  if (!live) return;
  throw new AppError(ErrorCode.CONFLICT, 'contact.restoreDuplicate', { name: live.name, email: live.email }, [], {
    duplicate: { entityType: 'Contact', id: live.id, label: live.name },
  });
}

export async function restoreContact(ctx: Ctx, id: string): Promise<ContactEntity> {
  requireWrite(ctx.actor);
  const contact = await getContact(ctx, id, { includeDeleted: true });
  if (!contact.deletedAt) throw conflict('contact.notDeleted');
  await refuseErasedContact(ctx, contact.id);
  await refuseRestoreOfMerged(ctx, 'contact', {
    id: contact.id,
    deletedAt: contact.deletedAt,
    name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
  });
  const manager = await em(ctx);
  const company = await manager.findOneBy(CompanyEntity, { id: contact.companyId });
  if (!company || company.deletedAt) throw conflict('contact.companyDeleted');
  await refuseContactsOverLive(ctx, [contact]);
  await manager.update(ContactEntity, { id: contact.id }, { deletedAt: null, deletedBy: null });
  // Back in its company, which takes a main contact if it has none (not an inactive one).
  await fillMainContact(ctx, company.id);
  await recordAudit(ctx, {
    entityType: 'Contact',
    entityId: id,
    action: 'restore',
    before: { deletedAt: contact.deletedAt.toISOString() },
    after: { deletedAt: null },
  });
  return getContact(ctx, id);
}

/** Batch: the live contacts of each company, main contact first then by name. */
export async function contactsByCompanyIds(ctx: Ctx, companyIds: readonly string[]): Promise<ContactEntity[][]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(ContactEntity, 'ct')
    .innerJoin(CompanyEntity, 'co', 'co.id = ct.company_id')
    .where('ct.company_id IN (:...ids) AND ct.deleted_at IS NULL', { ids: [...companyIds] })
    .orderBy('(co.main_contact_id = ct.id)', 'DESC')
    .addOrderBy('ct.last_name', 'ASC')
    .addOrderBy('ct.first_name', 'ASC')
    .addOrderBy('ct.id', 'ASC')
    .getMany();
  return companyIds.map((id) => rows.filter((r) => r.companyId === id));
}
