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
import { checkContactReferences, erasedContactProblems, snapshotContact } from '../contact/contact.service';
import { fillMainContacts, replaceMainContacts } from '../contact/main-contact';
import type { BulkCompanyPatch, BulkContactPatch, BulkMatching } from './bulk.inputs';
import type { ListName } from './columns';
import { listDefFor } from './custom-columns';
import { Params } from './filter';
import { hydrate, whereClause } from './record-list.service';

/** Most records one bulk action takes: what a list's pages let a user select, with room to spare. */
export const BULK_MAX_IDS = 500;

/**
 * Most records an action on every result of a filter takes. The audit entries go in one
 * INSERT of 8 parameters a row: 5,000 rows stay well under PostgreSQL's 65,535 parameters,
 * and the whole action within a request's time. Beyond, the user narrows the filter.
 */
export const BULK_MAX_MATCHING = 5000;

/** The records an action applies to: the selected ids, or every record the list shows for a filter. */
export interface BulkTarget {
  ids?: readonly string[] | null;
  matching?: BulkMatching | null;
}

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

/**
 * The live records the list shows for `matching.filter` (the list query's own WHERE clause,
 * under row-level security), in one statement whatever their number. Problems of a record
 * are reported under `['matching', id, field]`: the client knows no index of them.
 */
async function matchingRecords<E extends ContactEntity | CompanyEntity>(
  ctx: Ctx,
  manager: EntityManager,
  entity: Entity,
  listName: ListName,
  matching: BulkMatching,
): Promise<{ record: E; path: Path }[]> {
  const filter = matching.filter ?? null;
  const list = await listDefFor(ctx, listName, { filter });
  const params = new Params();
  const where = whereClause(ctx, list, filter, params, false, ['matching', 'filter']);
  const a = list.alias;
  // One more than the bound tells "too many" without counting them all.
  const raws: Record<string, unknown>[] = await manager.query(
    `SELECT ${a}.* FROM ${list.table} ${a} WHERE ${where} ORDER BY ${a}.id LIMIT ${BULK_MAX_MATCHING + 1}`,
    params.values,
  );
  if (raws.length > BULK_MAX_MATCHING) throw badField(['matching'], 'bulk.tooManyMatching', { max: BULK_MAX_MATCHING });
  if (!raws.length) throw badField(['matching'], 'bulk.noMatch');
  // The user confirmed a number: records added or removed meanwhile would be acted on unseen.
  if (matching.expectedCount != null && matching.expectedCount !== raws.length)
    throw badField(['matching', 'expectedCount'], 'bulk.countChanged', {
      count: raws.length,
      expected: matching.expectedCount,
    });
  return raws.map((raw) => ({ record: hydrate(manager, entity, raw) as E, path: ['matching', String(raw.id)] }));
}

/** The records of a bulk action: exactly one of `ids` and `matching`. */
async function targetRecords<E extends ContactEntity | CompanyEntity>(
  ctx: Ctx,
  manager: EntityManager,
  entity: Entity,
  name: 'Contact' | 'Company',
  target: BulkTarget,
): Promise<{ record: E; path: Path }[]> {
  if (target.ids != null && target.matching != null) throw badField(['matching'], 'bulk.idsOrMatching');
  if (target.matching != null)
    return matchingRecords<E>(ctx, manager, entity, name === 'Contact' ? 'CONTACTS' : 'COMPANIES', target.matching);
  return liveRecords<E>(manager, entity, name, target.ids ?? []);
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
export async function bulkUpdateContacts(ctx: Ctx, target: BulkTarget, input: BulkContactPatch): Promise<BulkOutcome> {
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
  const records = await targetRecords<ContactEntity>(ctx, manager, ContactEntity, 'Contact', target);
  await checkContactReferences(
    ctx,
    patch,
    ['input'],
    records.map((r) => ({ current: r.record, path: r.path })),
  );
  const changing = records.filter((r) => differs(r.record, patch));
  // An erased person's record is read-only: each one the edit would change is refused under
  // its own path, like a record with a hidden value (a record it would leave as is is skipped).
  const erased = new FieldErrors();
  await erasedContactProblems(
    ctx,
    changing.map((r) => ({ id: r.record.id, path: r.path })),
    erased,
  );
  erased.throwIfAny();
  const changed = changing.map((r) => r.record);
  if (!changed.length) return { count: 0, ids: [] };
  const changedIds = changed.map((c) => c.id);
  await manager.update(
    ContactEntity,
    { id: In(changedIds), deletedAt: IsNull() },
    patch as QueryDeepPartialEntity<ContactEntity>,
  );
  // "Désactiver": an inactive contact is no one's main contact any more (as for a single edit
  // or a deletion); the companies concerned elect another, in one statement.
  if (patch.active === false) await replaceMainContacts(ctx, changedIds);
  // "Activer": a company left without a main contact takes one again (main-contact.ts).
  if (patch.active === true)
    await fillMainContacts(
      ctx,
      changed.map((c) => c.companyId),
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
export async function bulkUpdateCompanies(ctx: Ctx, target: BulkTarget, input: BulkCompanyPatch): Promise<BulkOutcome> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const patch: CompanyPatch = companyPatch(input as CompanyFieldsInput, errors, ['input'], { creating: false });
  errors.throwIfAny();
  if (!Object.keys(patch).length) throw badField(['input'], 'bulk.nothingToChange');
  const manager = await em(ctx);
  const records = await targetRecords<CompanyEntity>(ctx, manager, CompanyEntity, 'Company', target);
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
 * Moves selected contacts to the trash, as deleteContact does one (erased people included, as
 * there: a deletion adds nothing about them): the companies that lose
 * their main contact elect another (one statement for all), each contact gets its own
 * "delete" audit entry.
 */
export async function bulkDeleteContacts(ctx: Ctx, target: BulkTarget): Promise<BulkOutcome> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const records = await targetRecords<ContactEntity>(ctx, manager, ContactEntity, 'Contact', target);
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
