import { In, IsNull, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { requireRecordVersion } from '../../common/record-version';
import { recordAudit } from '../audit/audit.service';
import { consentProofInput, recordConsent, requireConsentChange } from '../consent/consent.service';
import { ContactEntity } from '../contact/contact.entity';
import { erasedAtByContactIds, insertContact } from '../contact/contact.service';
import { fillMainContact, mayBeMainContact } from '../contact/main-contact';
import { deleteCompanyEvents, restoreCompanyEvents, unlinkContactFromCompanyEvents } from '../event/event.service';
import { RecordKind } from '../custom-field/custom-field.model';
import { checkCustomFieldsInput } from '../custom-field/custom-field.service';
import { SettingList } from '../settings/setting-option.entity';
import { refuseRestoreOfMerged } from '../search/merge.service';
import { containsSql, escapeLike } from '../search/search.service';
import { requireOption } from '../settings/settings.service';
import { BillingAddressEntity } from './billing-address.entity';
import { COMPANY_AUDITED_FIELDS, CompanyEntity } from './company.entity';
import {
  type CreateCompanyInput,
  type CompanyFieldsInput,
  DeletedCompanyContacts,
  type NewCompanyInput,
} from './company.inputs';
import {
  type AddressPatch,
  type CompanyPatch,
  MAIN_CONTACT_REQUIRED,
  billingAddressPatch,
  companyPatch,
  contactPatch,
  isUsableAddress,
  BILLING_ADDRESS_AUDITED_FIELDS,
} from './record-fields';

type Path = (string | number)[];

export async function companyLanguageIds(manager: EntityManager, companyId: string): Promise<string[]> {
  const rows: { option_id: string }[] = await manager.query(
    'SELECT option_id FROM company_language WHERE company_id = $1 ORDER BY option_id',
    [companyId],
  );
  return rows.map((r) => r.option_id);
}

/** A company as its audit entries compare it, without its languages (which bulk edits never change). */
export function snapshotCompanyFields(c: CompanyEntity): Record<string, unknown> {
  return { ...c, deletedAt: c.deletedAt?.toISOString() ?? null };
}

async function snapshot(manager: EntityManager, c: CompanyEntity): Promise<Record<string, unknown>> {
  const languageIds = await companyLanguageIds(manager, c.id);
  return { ...snapshotCompanyFields(c), languageIds };
}

/** A live (not deleted) company of the workspace, or NOT_FOUND. */
export async function getCompany(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<CompanyEntity> {
  const company = await (
    await em(ctx)
  ).findOneBy(CompanyEntity, {
    id: checkId(id, 'Company'),
    ...(opts.includeDeleted ? {} : { deletedAt: IsNull() }),
  });
  if (!company) throw notFound('Company');
  return company;
}

/** Settings values and links named in a patch must exist in this workspace. */
export async function checkCompanyReferences(
  ctx: Ctx,
  patch: CompanyPatch,
  path: Path,
  companyId: string | null,
): Promise<void> {
  if (patch.companyTypeId)
    await requireOption(ctx, SettingList.COMPANY_TYPE, patch.companyTypeId, [...path, 'companyTypeId'], {
      allowHidden: false,
    });
  for (const [i, id] of (patch.languageIds ?? []).entries()) {
    await requireOption(ctx, SettingList.LANGUAGE, id, [...path, 'languageIds', i], { allowHidden: false });
  }
  if (patch.parentId) await checkParent(ctx, patch.parentId, companyId, [...path, 'parentId']);
}

/** A parent is another live company of the workspace, and never the company itself or one of its descendants. */
async function checkParent(ctx: Ctx, parentId: string, companyId: string | null, path: Path): Promise<void> {
  if (!isUuid(parentId)) throw badField(path, 'company.parentUnknown');
  if (parentId === companyId) throw badField(path, 'company.parentSelf');
  const manager = await em(ctx);
  const parent = await manager.findOneBy(CompanyEntity, { id: parentId, deletedAt: IsNull() });
  if (!parent) throw badField(path, 'company.parentUnknown');
  if (!companyId) return;
  // Walk up from the proposed parent: meeting the company itself would close a cycle.
  const cycle: unknown[] = await manager.query(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM company WHERE id = $1
       UNION SELECT c.id, c.parent_id FROM company c JOIN up ON c.id = up.parent_id)
     SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
    [parentId, companyId],
  );
  if (cycle.length) throw badField(path, 'company.parentCycle');
}

async function setLanguages(ctx: Ctx, companyId: string, languageIds: string[]): Promise<void> {
  const manager = await em(ctx);
  await manager.query('DELETE FROM company_language WHERE company_id = $1', [companyId]);
  if (languageIds.length) {
    await manager.query(
      `INSERT INTO company_language (workspace_id, company_id, option_id)
       SELECT $1, $2, unnest($3::uuid[])`,
      [ctx.actor.workspaceId, companyId, languageIds],
    );
  }
}

function entityFields(patch: CompanyPatch): Omit<CompanyPatch, 'languageIds'> {
  const { languageIds: _languages, ...fields } = patch;
  return fields;
}

/**
 * Inserts a company (without its contacts): the shared step of "new client" and of a
 * contact created together with its company.
 */
export async function insertCompany(
  ctx: Ctx,
  input: NewCompanyInput,
  path: Path,
  errors: FieldErrors,
  billing: AddressPatch | null = null,
): Promise<CompanyEntity> {
  const patch = companyPatch(input, errors, path, { creating: true });
  const proof = consentProofInput(input, errors, path);
  requireConsentChange(proof, patch.optIn === true, errors, path);
  const customFields = await checkCustomFieldsInput(ctx, RecordKind.COMPANY, input.customFields, path, errors, {
    creating: true,
  });
  errors.throwIfAny();
  await checkCompanyReferences(ctx, patch, path, null);
  const manager = await em(ctx);
  const company = await manager.save(CompanyEntity, {
    ...entityFields(patch),
    workspaceId: ctx.actor.workspaceId,
    active: patch.active ?? true,
    optIn: patch.optIn ?? false,
    customFields: customFields ?? {},
    createdBy: ctx.actor.userId,
  });
  if (patch.languageIds?.length) await setLanguages(ctx, company.id, patch.languageIds);
  // With no billing address given, the main address becomes the default one; a company
  // created without an address gets none (an empty one, "France" alone, would go on its
  // quotes and invoices): the first address added later becomes the default.
  if (billing || isUsableAddress(company))
    await manager.save(BillingAddressEntity, {
      workspaceId: ctx.actor.workspaceId,
      companyId: company.id,
      ...(billing ?? {
        addressLine1: company.addressLine1,
        addressLine2: company.addressLine2,
        postalCode: company.postalCode,
        city: company.city,
        country: company.country,
      }),
      isDefault: true,
    });
  if (company.optIn) await recordConsent(ctx, 'Company', company.id, true, 'user', proof);
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: company.id,
    action: 'create',
    after: await snapshot(manager, company),
    fields: [...COMPANY_AUDITED_FIELDS],
  });
  return company;
}

/**
 * "Nouveau client": the company, its main contact (salesperson: the creating user) and
 * its default billing address, in one transaction.
 */
export async function createCompany(ctx: Ctx, input: CreateCompanyInput): Promise<CompanyEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  // Validate everything first so that the form shows all its problems at once.
  const contact = contactPatch(input.mainContact, errors, ['input', 'mainContact'], {
    creating: true,
    required: MAIN_CONTACT_REQUIRED,
    phoneContext: { country: input.country, postalCode: input.postalCode },
  });
  const contactProof = consentProofInput(input.mainContact, errors, ['input', 'mainContact']);
  requireConsentChange(contactProof, contact.optIn === true, errors, ['input', 'mainContact']);
  const contactCustomFields = await checkCustomFieldsInput(
    ctx,
    RecordKind.CONTACT,
    input.mainContact.customFields,
    ['input', 'mainContact'],
    errors,
    { creating: true },
  );
  const billing =
    input.billingAddress && input.useAsBillingAddress === false
      ? billingAddressPatch(input.billingAddress, errors, ['input', 'billingAddress'], true)
      : null;
  const company = await insertCompany(ctx, input, ['input'], errors, billing);
  // insertContact makes the first contact of a company its main contact.
  const main = await insertContact(
    ctx,
    company,
    { ...contact, customFields: contactCustomFields ?? {} },
    ['input', 'mainContact'],
    contactProof,
  );
  company.mainContactId = main.id;
  return company;
}

export async function updateCompany(
  ctx: Ctx,
  id: string,
  input: CompanyFieldsInput,
  opts: { expectedUpdatedAt?: Date | null } = {},
): Promise<CompanyEntity> {
  requireWrite(ctx.actor);
  await requireRecordVersion(ctx, 'Company', id, opts.expectedUpdatedAt);
  const current = await getCompany(ctx, id);
  const manager = await em(ctx);
  const before = await snapshot(manager, current);
  const errors = new FieldErrors();
  const patch = companyPatch(input, errors, ['input'], { creating: false, current });
  // The new opt-in when this update changes it, else null.
  const optInChange = patch.optIn !== undefined && patch.optIn !== current.optIn ? patch.optIn : null;
  const proof = consentProofInput(input, errors, ['input']);
  requireConsentChange(proof, optInChange !== null, errors, ['input']);
  const customFields = await checkCustomFieldsInput(ctx, RecordKind.COMPANY, input.customFields, ['input'], errors, {
    creating: false,
    current: current.customFields,
  });
  errors.throwIfAny();
  await checkCompanyReferences(ctx, patch, ['input'], current.id);
  // TypeORM's partial type cannot describe a jsonb object of unknown shape: the cast is only for it.
  const fields = {
    ...entityFields(patch),
    ...(customFields ? { customFields } : {}),
  } as QueryDeepPartialEntity<CompanyEntity>;
  if (Object.keys(fields).length) await manager.update(CompanyEntity, { id: current.id }, fields);
  // The same languages again are no change (rewriting them would move the company's version).
  const languages = before.languageIds as string[];
  const sameLanguages =
    patch.languageIds?.length === languages.length && patch.languageIds.every((l) => languages.includes(l));
  if (patch.languageIds && !sameLanguages) await setLanguages(ctx, current.id, patch.languageIds);
  if (optInChange !== null) await recordConsent(ctx, 'Company', current.id, optInChange, 'user', proof);
  const updated = await getCompany(ctx, id);
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: id,
    action: 'update',
    before,
    after: await snapshot(manager, updated),
    fields: [...COMPANY_AUDITED_FIELDS],
  });
  // A company created without a street got no billing address: once its main address
  // becomes one, it is the default billing address (as at creation), if none was added since.
  if (
    !isUsableAddress(current) &&
    isUsableAddress(updated) &&
    !(await manager.existsBy(BillingAddressEntity, { companyId: updated.id }))
  ) {
    const address = await manager.save(BillingAddressEntity, {
      workspaceId: ctx.actor.workspaceId,
      companyId: updated.id,
      addressLine1: updated.addressLine1,
      addressLine2: updated.addressLine2,
      postalCode: updated.postalCode,
      city: updated.city,
      country: updated.country,
      isDefault: true,
    });
    await recordAudit(ctx, {
      entityType: 'Company',
      entityId: updated.id,
      action: 'billingAddress.add',
      after: { ...address },
      fields: [...BILLING_ADDRESS_AUDITED_FIELDS],
    });
  }
  return updated;
}

export async function setCompanyActive(ctx: Ctx, id: string, active: boolean): Promise<CompanyEntity> {
  return updateCompany(ctx, id, { active });
}

/** Stars a contact of the company as its main contact. */
export async function setMainContact(ctx: Ctx, companyId: string, contactId: string): Promise<CompanyEntity> {
  requireWrite(ctx.actor);
  const company = await getCompany(ctx, companyId);
  const manager = await em(ctx);
  const contact = await manager.findOneBy(ContactEntity, { id: checkId(contactId, 'Contact'), deletedAt: IsNull() });
  if (!contact) throw notFound('Contact');
  if (contact.companyId !== company.id) throw badField(['contactId'], 'company.mainContactElsewhere');
  if (company.mainContactId === contact.id) return company;
  // An inactive contact (an erased person among them) is not someone to call (main-contact.ts).
  if (!mayBeMainContact(contact)) throw badField(['contactId'], 'company.mainContactInactive');
  await manager.update(CompanyEntity, { id: company.id }, { mainContactId: contact.id });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: company.id,
    action: 'update',
    before: { mainContactId: company.mainContactId },
    after: { mainContactId: contact.id },
  });
  return getCompany(ctx, companyId);
}

/**
 * The numbers of a company's issued invoices that still have a balance due (total less the
 * payments received), at most 10. The invoice rows are share-locked: a payment cancelled at the
 * same time (which locks its invoice) waits for the deletion, or is seen by it.
 */
async function openInvoiceNumbers(ctx: Ctx, companyId: string): Promise<string[]> {
  const rows: { number: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT i.number FROM invoice i
      WHERE i.company_id = $1 AND i.kind = 'INVOICE' AND i.status IN ('ISSUED', 'PAID')
        AND i.total_incl_tax > (SELECT coalesce(sum(p.amount), 0) FROM invoice_payment p
                                 WHERE p.invoice_id = i.id AND p.kind = 'PAYMENT' AND p.cancelled_at IS NULL)
      ORDER BY i.number LIMIT 10 FOR SHARE OF i`,
    [companyId],
  );
  return rows.map((r) => r.number);
}

/**
 * Soft-deletes a company. Its contacts are deleted with it (and come back with it on
 * restore) or moved to another company, as the user chose; its events go to the trash with
 * it and come back with it. A client still owing money on an issued invoice is not deleted
 * (CONFLICT listing the invoices): its receivables would leave every list.
 *
 * A contact erased under the GDPR is read-only (refuseErasedContact): moving it would change its
 * company and take it off the company's events (their invitations cannot cross companies), that is
 * rewrite the history the erasure kept. So it never moves: it goes to the trash with the company
 * (a deletion, which an erased record allows), links untouched, and would come back with it; the
 * company's audit entry counts them (`erasedContactsDeletedWithCompany`).
 */
export async function deleteCompany(
  ctx: Ctx,
  id: string,
  contacts: DeletedCompanyContacts,
  moveToCompanyId?: string | null,
): Promise<CompanyEntity> {
  requireWrite(ctx.actor);
  const company = await getCompany(ctx, id);
  const open = await openInvoiceNumbers(ctx, company.id);
  if (open.length) throw conflict('company.openInvoices', { numbers: open.join(', ') });
  const manager = await em(ctx);
  const deletedAt = new Date();
  let live = await manager.find(ContactEntity, {
    where: { companyId: company.id, deletedAt: IsNull() },
    order: { createdAt: 'ASC' },
  });
  let erasedStaying: ContactEntity[] = [];
  if (contacts === DeletedCompanyContacts.MOVE && live.length) {
    const erasedAt = await erasedAtByContactIds(
      ctx,
      live.map((c) => c.id),
    );
    erasedStaying = live.filter((_, i) => erasedAt[i]);
    live = live.filter((_, i) => !erasedAt[i]);
  }
  if (contacts === DeletedCompanyContacts.MOVE && (live.length || erasedStaying.length)) {
    if (!moveToCompanyId) throw badField(['moveToCompanyId'], 'field.required');
    if (moveToCompanyId === company.id) throw badField(['moveToCompanyId'], 'company.moveToSelf');
    const target = await manager.findOneBy(CompanyEntity, {
      id: checkId(moveToCompanyId, 'Company'),
      deletedAt: IsNull(),
    });
    if (!target) throw badField(['moveToCompanyId'], 'company.parentUnknown');
    await manager.update(CompanyEntity, { id: company.id }, { mainContactId: null });
    // The deleted company's events stay with it: the moved contacts leave them.
    if (live.length) {
      await unlinkContactFromCompanyEvents(
        ctx,
        live.map((c) => c.id),
        company.id,
      );
      await manager.update(ContactEntity, { id: In(live.map((c) => c.id)) }, { companyId: target.id });
    }
    if (!target.mainContactId) {
      // The deleted company's main contact keeps the role there, else the target elects one of
      // its contacts (never an inactive one: main-contact.ts).
      const main = live.find((c) => c.id === company.mainContactId && mayBeMainContact(c));
      if (main) await manager.update(CompanyEntity, { id: target.id }, { mainContactId: main.id });
      else await fillMainContact(ctx, target.id);
    }
    for (const c of live) {
      await recordAudit(ctx, {
        entityType: 'Contact',
        entityId: c.id,
        action: 'update',
        before: { companyId: company.id },
        after: { companyId: target.id },
      });
    }
  }
  const deletedWithIt = contacts === DeletedCompanyContacts.MOVE ? erasedStaying : live;
  if (deletedWithIt.length) {
    await manager.update(
      ContactEntity,
      { id: In(deletedWithIt.map((c) => c.id)) },
      { deletedAt, deletedBy: ctx.actor.userId },
    );
    for (const c of deletedWithIt) {
      await recordAudit(ctx, {
        entityType: 'Contact',
        entityId: c.id,
        action: 'delete',
        before: { deletedAt: null },
        after: { deletedAt: deletedAt.toISOString(), withCompany: company.id },
      });
    }
  }
  await deleteCompanyEvents(ctx, company.id, deletedAt);
  await manager.update(CompanyEntity, { id: company.id }, { deletedAt, deletedBy: ctx.actor.userId });
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: company.id,
    action: 'delete',
    before: { deletedAt: null },
    after: {
      deletedAt: deletedAt.toISOString(),
      contacts,
      ...(erasedStaying.length ? { erasedContactsDeletedWithCompany: erasedStaying.length } : {}),
    },
  });
  return getCompany(ctx, id, { includeDeleted: true });
}

/**
 * Brings a deleted company back, with the contacts that were deleted together with it; it
 * elects a main contact when it has none (its main contact was deleted separately). A company
 * merged into another is not restored (refuseRestoreOfMerged).
 */
export async function restoreCompany(ctx: Ctx, id: string): Promise<CompanyEntity> {
  requireWrite(ctx.actor);
  const company = await getCompany(ctx, id, { includeDeleted: true });
  if (!company.deletedAt) throw conflict('company.notDeleted');
  await refuseRestoreOfMerged(ctx, 'company', company);
  const manager = await em(ctx);
  const restored = await manager.find(ContactEntity, {
    where: { companyId: company.id, deletedAt: company.deletedAt },
  });
  await refuseRestoreOverLive(ctx, company);
  if (restored.length) {
    await manager.update(ContactEntity, { id: In(restored.map((c) => c.id)) }, { deletedAt: null, deletedBy: null });
  }
  await manager.update(CompanyEntity, { id: company.id }, { deletedAt: null, deletedBy: null });
  await restoreCompanyEvents(ctx, company.id, company.deletedAt);
  await recordAudit(ctx, {
    entityType: 'Company',
    entityId: company.id,
    action: 'restore',
    before: { deletedAt: company.deletedAt.toISOString() },
    after: { deletedAt: null },
  });
  for (const c of restored) {
    await recordAudit(ctx, {
      entityType: 'Contact',
      entityId: c.id,
      action: 'restore',
      before: { deletedAt: company.deletedAt.toISOString() },
      after: { deletedAt: null },
    });
  }
  await fillMainContact(ctx, company.id);
  return getCompany(ctx, id);
}

/**
 * A company is not restored over a live company with the same SIRET or VAT number (made
 * since, e.g. by an import): CONFLICT naming it. (Its contacts' e-mails are not checked: live
 * contacts may share an e-mail, the creation rules only warn.)
 */
async function refuseRestoreOverLive(ctx: Ctx, company: CompanyEntity): Promise<void> {
  const manager = await em(ctx);
  const [live]: { id: string; name: string; same: 'siret' | 'vat' }[] = await manager.query(
    `SELECT id, name, CASE WHEN siret = $2 THEN 'siret' ELSE 'vat' END AS same FROM company
      WHERE deleted_at IS NULL AND id <> $1 AND (siret = $2 OR vat_number = $3) ORDER BY created_at LIMIT 1`,
    [company.id, company.siret ?? null, company.vatNumber ?? null],
  );
  if (live) {
    throw new AppError(
      ErrorCode.CONFLICT,
      'company.restoreDuplicate',
      { name: live.name, key: live.same === 'siret' ? 'SIRET' : 'TVA' },
      [],
      { duplicate: { entityType: 'Company', id: live.id, label: live.name } },
    );
  }
}

/** Candidates the trigram index may give the picker; past this, the name order is read instead. */
const PICKER_CANDIDATES = 1000;

/**
 * Active companies whose name contains the text, for pickers (parent company, contact's
 * company, events, quotes). Accent- and case-insensitive like the global search and the list
 * filters: both sides normalised by `search_norm` (migration 1764576000000-Search), so
 * "societe gen" finds "Société Générale". The stored search document holds the normalised
 * name, so its LIKE (cheap: no unaccent per row) filters first.
 *
 * Row-level security keeps LIKE off the trigram index, so a text with a run of three letters
 * or digits (what a trigram needs) first asks `search_match` for the matching documents;
 * when they are few the rows are read by id. When they are many (a common word: reading
 * them by id would cost more than it saves), or the text is too short for trigrams, the
 * workspace's companies are filtered, the document's LIKE first.
 */
export async function pickCompanies(
  ctx: Ctx,
  query: string | null | undefined,
  first: number,
): Promise<CompanyEntity[]> {
  const manager = await em(ctx);
  const qb = manager
    .createQueryBuilder(CompanyEntity, 'c')
    .where('c.deleted_at IS NULL AND c.active')
    .orderBy('c.name', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .take(Math.min(Math.max(first, 1), 50));
  const q = query?.trim();
  if (!q) return qb.getMany();
  const pattern = `%${escapeLike(q)}%`;
  // The list filters' "contains" on the name column: the same condition, the same rows.
  qb.andWhere(containsSql('c.name', ':pattern', 'c.search_doc'), { pattern });
  if (/[\p{L}\p{N}]{3}/u.test(q)) {
    const [{ ids }]: { ids: string[] }[] = await manager.query(
      `SELECT array(SELECT search_match('company', ARRAY[$1], NULL, $2)) AS ids`,
      [pattern, PICKER_CANDIDATES + 1],
    );
    if (ids.length <= PICKER_CANDIDATES) qb.andWhere('c.id = ANY(CAST(:ids AS uuid[]))', { ids });
  }
  return qb.getMany();
}
