import { In } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { FieldErrors, badField, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import type { Locale } from '../../common/i18n';
import { recordAudit } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import { getCompany } from '../company/company.service';
import { ContactEntity } from '../contact/contact.entity';
import { getContact, refuseErasedContact } from '../contact/contact.service';
import { displayCustomValue, fieldLabel } from '../custom-field/custom-field-values';
import { RecordKind } from '../custom-field/custom-field.model';
import { customFieldDefinitions } from '../custom-field/custom-field.service';
import { SettingOptionEntity } from '../settings/setting-option.entity';
import { UserEntity } from '../user/user.entity';
import { formatPhoneNational } from '../validation/contact-data';
import { CustomPageEntity, PageTemplateEntity } from './custom-page.entity';
import {
  MAX_BLOCKS,
  type PageBlock,
  type PageBlockInput,
  PageBlockKind,
  RECORD_FIELDS,
  appendBlocks,
  checkBlocks,
} from './page-blocks';

const TEMPLATE = 'PageTemplate';
const MAX_NAME = 100;

export interface CustomPage {
  recordKind: RecordKind;
  recordId: string;
  blocks: PageBlock[];
  updatedAt: Date | null;
}

/** The record (live) the page belongs to, or NOT_FOUND. */
async function getRecord(ctx: Ctx, kind: RecordKind, id: string): Promise<CompanyEntity | ContactEntity> {
  return kind === RecordKind.COMPANY ? getCompany(ctx, id) : getContact(ctx, id);
}

/** The record whose page is about to be written: an erased person's page is gone for good. */
async function getRecordToWrite(ctx: Ctx, kind: RecordKind, id: string): Promise<CompanyEntity | ContactEntity> {
  const record = await getRecord(ctx, kind, id);
  if (record instanceof ContactEntity) await refuseErasedContact(ctx, record.id);
  return record;
}

async function findPage(ctx: Ctx, kind: RecordKind, recordId: string): Promise<CustomPageEntity | null> {
  return (await em(ctx)).findOneBy(
    CustomPageEntity,
    kind === RecordKind.COMPANY ? { companyId: recordId } : { contactId: recordId },
  );
}

async function customKeys(ctx: Ctx, kind: RecordKind): Promise<Set<string>> {
  return new Set((await customFieldDefinitions(ctx, kind)).map((d) => d.key));
}

/** A record's custom page; an empty one when nothing was saved yet. */
export async function getCustomPage(ctx: Ctx, kind: RecordKind, recordId: string): Promise<CustomPage> {
  const record = await getRecord(ctx, kind, recordId);
  const page = await findPage(ctx, kind, record.id);
  return { recordKind: kind, recordId: record.id, blocks: page?.blocks ?? [], updatedAt: page?.updatedAt ?? null };
}

async function writePage(ctx: Ctx, kind: RecordKind, recordId: string, blocks: PageBlock[]): Promise<CustomPage> {
  const manager = await em(ctx);
  const before = await findPage(ctx, kind, recordId);
  const owner = kind === RecordKind.COMPANY ? 'company_id' : 'contact_id';
  // One statement whatever the page's state: two tabs saving at once cannot create two pages.
  const [row]: { id: string; updated_at: Date }[] = await manager.query(
    `INSERT INTO custom_page (workspace_id, ${owner}, blocks, updated_by) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (${owner}) WHERE ${owner} IS NOT NULL
     DO UPDATE SET blocks = EXCLUDED.blocks, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING id, updated_at`,
    [ctx.actor.workspaceId, recordId, JSON.stringify(blocks), ctx.actor.userId],
  );
  await recordAudit(ctx, {
    entityType: 'CustomPage',
    entityId: row.id,
    action: before ? 'update' : 'create',
    before: before ? { blocks: before.blocks } : null,
    after: { blocks, recordKind: kind, recordId },
  });
  return { recordKind: kind, recordId, blocks, updatedAt: row.updated_at };
}

/** Saves a record's page as laid out in edit mode: every block checked (BAD_USER_INPUT at blocks.<i>.<prop>). */
export async function saveCustomPage(
  ctx: Ctx,
  kind: RecordKind,
  recordId: string,
  input: readonly PageBlockInput[],
): Promise<CustomPage> {
  requireWrite(ctx.actor);
  const record = await getRecordToWrite(ctx, kind, recordId);
  const errors = new FieldErrors();
  const blocks = checkBlocks(kind, input, await customKeys(ctx, kind), errors, ['blocks']);
  errors.throwIfAny();
  return writePage(ctx, kind, record.id, blocks);
}

/** "+": copies a template's blocks onto the record's page (below what is there), to edit from there. */
export async function applyPageTemplate(
  ctx: Ctx,
  kind: RecordKind,
  recordId: string,
  templateId: string,
): Promise<CustomPage> {
  requireWrite(ctx.actor);
  const record = await getRecordToWrite(ctx, kind, recordId);
  const template = await getTemplate(ctx, templateId);
  if (template.recordKind !== kind) throw notFound(TEMPLATE);
  const page = await findPage(ctx, kind, record.id);
  // Fields deleted since the template was saved are left out (their blocks would show nothing).
  const keys = await customKeys(ctx, kind);
  const usable = template.blocks.filter((b) => b.kind !== PageBlockKind.CUSTOM_FIELD || keys.has(b.field ?? ''));
  const blocks = appendBlocks(page?.blocks ?? [], usable);
  if (blocks.length > MAX_BLOCKS) throw badField(['templateId'], 'page.tooManyBlocks', { max: MAX_BLOCKS });
  return writePage(ctx, kind, record.id, blocks);
}

// ---------------------------------------------------------------------------
// Live values of dynamic blocks
// ---------------------------------------------------------------------------

const yesNo = (v: boolean, locale: Locale) => (v ? (locale === 'en' ? 'Yes' : 'Oui') : locale === 'en' ? 'No' : 'Non');

/**
 * What each dynamic block shows now, by block id, and its default label: the record's
 * field or custom field value as people read it. A fixed number of statements per page.
 */
export async function blockValues(
  ctx: Ctx,
  page: CustomPage,
  locale: Locale,
): Promise<Map<string, { label: string; display: string | null }>> {
  const result = new Map<string, { label: string; display: string | null }>();
  const dynamic = page.blocks.filter((b) => b.field);
  if (!dynamic.length) return result;
  const manager = await em(ctx);
  const kind = page.recordKind;
  const record = await getRecord(ctx, kind, page.recordId);
  const defs = await customFieldDefinitions(ctx, kind);
  // The related rows the record fields need, fetched once each.
  const optionIds: string[] = [];
  let userId: string | null = null;
  let relatedId: string | null;
  if (record instanceof ContactEntity) {
    optionIds.push(
      ...[record.civilityId, record.situationId, record.progressStateId, record.sourceId, record.potentialId].filter(
        (v): v is string => !!v,
      ),
    );
    userId = record.salespersonId;
    relatedId = record.companyId;
  } else {
    if (record.companyTypeId) optionIds.push(record.companyTypeId);
    relatedId = record.mainContactId;
  }
  const [options, user, related] = await Promise.all([
    optionIds.length ? manager.findBy(SettingOptionEntity, { id: In(optionIds) }) : [],
    userId ? manager.findOneBy(UserEntity, { id: userId }) : null,
    relatedId
      ? record instanceof ContactEntity
        ? manager.findOneBy(CompanyEntity, { id: relatedId })
        : manager.findOneBy(ContactEntity, { id: relatedId })
      : null,
  ]);
  const option = (id: string | null) => options.find((o) => o.id === id)?.label ?? null;
  const recordValue = (field: string): string | null => {
    if (record instanceof ContactEntity) {
      switch (field) {
        case 'fullName':
          return [record.firstName, record.lastName].filter(Boolean).join(' ') || null;
        case 'civility':
          return option(record.civilityId);
        case 'situation':
          return option(record.situationId);
        case 'progressState':
          return option(record.progressStateId);
        case 'source':
          return option(record.sourceId);
        case 'potential':
          return option(record.potentialId);
        case 'salesperson':
          return user?.name ?? null;
        case 'company':
          return (related as CompanyEntity | null)?.name ?? null;
        case 'phoneDirect':
        case 'phoneMobile':
        case 'phoneSwitchboard':
          return record[field] ? formatPhoneNational(record[field] as string) : null;
      }
    } else {
      switch (field) {
        case 'companyType':
          return option(record.companyTypeId);
        case 'mainContact': {
          const c = related as ContactEntity | null;
          return c ? [c.firstName, c.lastName].filter(Boolean).join(' ') : null;
        }
      }
    }
    const value = (record as unknown as Record<string, unknown>)[field];
    if (typeof value === 'boolean') return yesNo(value, locale);
    return value === null || value === undefined ? null : String(value);
  };
  for (const block of dynamic) {
    const field = block.field as string;
    if (block.kind === PageBlockKind.RECORD_FIELD) {
      const label = RECORD_FIELDS[kind][field]?.[locale] ?? field;
      result.set(block.id, { label, display: recordValue(field) });
    } else if (block.kind === PageBlockKind.CUSTOM_FIELD) {
      const def = defs.find((d) => d.key === field);
      if (def)
        result.set(block.id, {
          label: fieldLabel(def, locale),
          display: displayCustomValue(def, record.customFields?.[field], locale),
        });
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Templates (admin)
// ---------------------------------------------------------------------------

async function getTemplate(ctx: Ctx, id: string): Promise<PageTemplateEntity> {
  const template = await (await em(ctx)).findOneBy(PageTemplateEntity, { id: checkId(id, TEMPLATE) });
  if (!template) throw notFound(TEMPLATE);
  return template;
}

export async function listPageTemplates(ctx: Ctx, kind: RecordKind): Promise<PageTemplateEntity[]> {
  return (await em(ctx)).find(PageTemplateEntity, { where: { recordKind: kind }, order: { name: 'ASC', id: 'ASC' } });
}

function checkName(errors: FieldErrors, raw: string | null | undefined): string | null {
  const name = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!name) errors.add(['input', 'name'], 'field.required');
  else if (name.length > MAX_NAME) errors.add(['input', 'name'], 'field.tooLong', { max: MAX_NAME });
  return name || null;
}

export interface PageTemplateInput {
  recordKind?: RecordKind | null;
  name?: string | null;
  blocks?: PageBlockInput[] | null;
}

async function saveTemplate(
  ctx: Ctx,
  values: Partial<PageTemplateEntity> & { recordKind: RecordKind },
): Promise<PageTemplateEntity> {
  try {
    return await (await em(ctx)).save(PageTemplateEntity, values);
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw badField(['input', 'name'], 'page.templateNameTaken');
    throw err;
  }
}

export async function createPageTemplate(ctx: Ctx, input: PageTemplateInput): Promise<PageTemplateEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const kind = input.recordKind as RecordKind;
  if (!Object.values(RecordKind).includes(kind)) {
    errors.add(['input', 'recordKind'], 'field.invalid');
    errors.throwIfAny();
  }
  const name = checkName(errors, input.name);
  const blocks = checkBlocks(kind, input.blocks ?? [], await customKeys(ctx, kind), errors, ['input', 'blocks']);
  errors.throwIfAny();
  const template = await saveTemplate(ctx, {
    workspaceId: ctx.actor.workspaceId,
    recordKind: kind,
    name: name as string,
    blocks,
  });
  await recordAudit(ctx, {
    entityType: TEMPLATE,
    entityId: template.id,
    action: 'create',
    after: { name: template.name, recordKind: kind, blocks },
  });
  return template;
}

export async function updatePageTemplate(ctx: Ctx, id: string, input: PageTemplateInput): Promise<PageTemplateEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await getTemplate(ctx, id);
  const errors = new FieldErrors();
  const name = input.name == null ? current.name : checkName(errors, input.name);
  const blocks =
    input.blocks == null
      ? current.blocks
      : checkBlocks(current.recordKind, input.blocks, await customKeys(ctx, current.recordKind), errors, [
          'input',
          'blocks',
        ]);
  errors.throwIfAny();
  const updated = await saveTemplate(ctx, { ...current, name: name as string, blocks });
  await recordAudit(ctx, {
    entityType: TEMPLATE,
    entityId: id,
    action: 'update',
    before: { name: current.name, blocks: current.blocks },
    after: { name: updated.name, blocks: updated.blocks },
  });
  return updated;
}

/** Deletes a template; pages it was applied to keep their copy. */
export async function deletePageTemplate(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const template = await getTemplate(ctx, id);
  await (await em(ctx)).delete(PageTemplateEntity, { id: template.id });
  await recordAudit(ctx, {
    entityType: TEMPLATE,
    entityId: id,
    action: 'delete',
    before: { name: template.name, recordKind: template.recordKind, blocks: template.blocks },
  });
}
