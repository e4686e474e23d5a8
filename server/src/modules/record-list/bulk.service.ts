import { In, IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, badField } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { type AuditInput, recordAudits } from '../audit/audit.service';
import { COMPANY_AUDITED_FIELDS, CompanyEntity } from '../company/company.entity';
import type { CompanyFieldsInput, ContactFieldsInput } from '../company/company.inputs';
import { checkCompanyReferences, snapshotCompanyFields } from '../company/company.service';
import { type CompanyPatch, type ContactPatch, companyPatch, contactPatch } from '../company/record-fields';
import { CONTACT_AUDITED_FIELDS, ContactEntity } from '../contact/contact.entity';
import { checkContactReferences, snapshotContact } from '../contact/contact.service';
import { replaceMainContacts } from '../contact/main-contact';
import type { BulkCompanyPatch, BulkContactPatch } from './bulk.inputs';

/** Most records one bulk action takes: what a list's pages let a user select, with room to spare. */
export const BULK_MAX_IDS = 500;

export interface BulkOutcome {
  count: number;
  ids: string[];
}

type Path = (string | number)[];
type Entity = typeof ContactEntity | typeof CompanyEntity;

/**
 * The live records named by `ids`, in their order, each with the index of its first mention
 * (problems are reported under `['ids', index, field]`). Ids that name no live record of the
 * workspace (unknown, deleted, or another workspace's, which row-level security hides) make
 * the whole action NOT_FOUND, listing them in `missingIds`.
 */
async function liveRecords<E extends ContactEntity | CompanyEntity>(
  manager: EntityManager,
  entity: Entity,
  name: 'Contact' | 'Company',
  ids: readonly string[],
): Promise<{ record: E; path: Path }[]> {
  if (!ids.length) throw badField(['ids'], 'bulk.noIds');
  if (ids.length > BULK_MAX_IDS) throw badField(['ids'], 'bulk.tooManyIds', { max: BULK_MAX_IDS });
  const firstIndex = new Map<string, number>();
  // PostgreSQL reads a uuid in any case and answers in lower case: key them the same way.
  const key = (id: string) => (isUuid(id) ? id.toLowerCase() : id);
  ids.forEach((id, i) => firstIndex.has(key(id)) || firstIndex.set(key(id), i));
  const wellFormed = [...firstIndex.keys()].filter(isUuid);
  const rows = wellFormed.length
    ? ((await manager.findBy(entity, { id: In(wellFormed), deletedAt: IsNull() })) as E[])
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = [...firstIndex.keys()].filter((id) => !byId.has(id));
  if (missing.length)
    throw new AppError(ErrorCode.NOT_FOUND, 'bulk.notFound', { entity: `entity.${name}`, count: missing.length }, [], {
      missingIds: missing,
    });
  return [...firstIndex].map(([id, index]) => ({ record: byId.get(id) as E, path: ['ids', index] }));
}

const differs = <P extends object>(record: object, patch: P) =>
  Object.entries(patch).some(([key, value]) => (record as Record<string, unknown>)[key] !== value);

/**
 * "Modifier…" on selected contacts: the fields a single edit checks the same way (contactPatch,
 * then the settings values and salesperson with checkContactReferences), for every record at
 * once. Nothing is written unless every record passes; records the patch would not change are
 * skipped; the others are updated in one statement and audited in one more, each with the entry
 * a single edit writes.
 */
export async function bulkUpdateContacts(
  ctx: Ctx,
  ids: readonly string[],
  input: BulkContactPatch,
): Promise<BulkOutcome> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  // Only the bulk fields reach contactPatch: the input type has no other.
  const patch: ContactPatch = contactPatch(input as ContactFieldsInput, errors, ['input'], {
    creating: false,
    phoneContext: {},
  });
  errors.throwIfAny();
  if (!Object.keys(patch).length) throw badField(['input'], 'bulk.nothingToChange');
  const manager = await em(ctx);
  const records = await liveRecords<ContactEntity>(manager, ContactEntity, 'Contact', ids);
  await checkContactReferences(
    ctx,
    patch,
    ['input'],
    records.map((r) => ({ current: r.record, path: r.path })),
  );
  const changed = records.map((r) => r.record).filter((c) => differs(c, patch));
  if (!changed.length) return { count: 0, ids: [] };
  const changedIds = changed.map((c) => c.id);
  await manager.update(
    ContactEntity,
    { id: In(changedIds), deletedAt: IsNull() },
    patch as QueryDeepPartialEntity<ContactEntity>,
  );
  await recordAudits(
    ctx,
    changed.map((c): AuditInput => {
      const before = snapshotContact(c);
      return {
        entityType: 'Contact',
        entityId: c.id,
        action: 'update',
        before,
        after: { ...before, ...patch },
        fields: [...CONTACT_AUDITED_FIELDS],
      };
    }),
  );
  return { count: changed.length, ids: changedIds };
}

/** "Modifier…" on selected companies (company type, active): the single edit's checks, all or nothing. */
export async function bulkUpdateCompanies(
  ctx: Ctx,
  ids: readonly string[],
  input: BulkCompanyPatch,
): Promise<BulkOutcome> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const patch: CompanyPatch = companyPatch(input as CompanyFieldsInput, errors, ['input'], { creating: false });
  errors.throwIfAny();
  if (!Object.keys(patch).length) throw badField(['input'], 'bulk.nothingToChange');
  const manager = await em(ctx);
  const records = await liveRecords<CompanyEntity>(manager, CompanyEntity, 'Company', ids);
  // The patch never names a parent, so no company's own position matters here.
  await checkCompanyReferences(ctx, patch, ['input'], null);
  const changed = records.map((r) => r.record).filter((c) => differs(c, patch));
  if (!changed.length) return { count: 0, ids: [] };
  const changedIds = changed.map((c) => c.id);
  await manager.update(
    CompanyEntity,
    { id: In(changedIds), deletedAt: IsNull() },
    patch as QueryDeepPartialEntity<CompanyEntity>,
  );
  await recordAudits(
    ctx,
    changed.map((c): AuditInput => {
      // Languages are left out of both sides: a bulk edit never changes them.
      const before = snapshotCompanyFields(c);
      return {
        entityType: 'Company',
        entityId: c.id,
        action: 'update',
        before,
        after: { ...before, ...patch },
        fields: [...COMPANY_AUDITED_FIELDS],
      };
    }),
  );
  return { count: changed.length, ids: changedIds };
}

/**
 * Moves selected contacts to the trash, as deleteContact does one: the companies that lose
 * their main contact elect another (one statement for all), each contact gets its own
 * "delete" audit entry.
 */
export async function bulkDeleteContacts(ctx: Ctx, ids: readonly string[]): Promise<BulkOutcome> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const records = await liveRecords<ContactEntity>(manager, ContactEntity, 'Contact', ids);
  const contactIds = records.map((r) => r.record.id);
  const deletedAt = new Date();
  // A contact deleted meanwhile by someone else keeps its first deletion.
  await manager.update(
    ContactEntity,
    { id: In(contactIds), deletedAt: IsNull() },
    { deletedAt, deletedBy: ctx.actor.userId },
  );
  await replaceMainContacts(ctx, contactIds);
  await recordAudits(
    ctx,
    contactIds.map((id): AuditInput => ({
      entityType: 'Contact',
      entityId: id,
      action: 'delete',
      before: { deletedAt: null },
      after: { deletedAt: deletedAt.toISOString() },
    })),
  );
  return { count: contactIds.length, ids: contactIds };
}
