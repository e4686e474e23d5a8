import type { EntityManager } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { AppError, ErrorCode, FieldErrors, badField, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import type { TenantScope } from '../../db/tenant-scope';
import { recordAudit } from '../audit/audit.service';
import { conversionInput, normalizeCustomValue, type StoredValue } from './custom-field-values';
import { CustomFieldEntity } from './custom-field.entity';
import {
  CHOICE_TYPES,
  type CustomFieldChoice,
  type CustomFieldDefinition,
  CustomFieldType,
  RecordKind,
} from './custom-field.model';

type Path = (string | number)[];
/** A record's custom_fields: values in stored form by key. */
export type StoredValues = Record<string, StoredValue>;

const ENTITY = 'CustomField';
export const MAX_FIELDS_PER_KIND = 200;
export const MAX_CHOICES = 200;
const MAX_LABEL = 100;
const KEY = /^[a-z][a-z0-9_]{0,49}$/;
/** The record table of each kind (fixed names, never from input). */
export const RECORD_TABLE: Record<RecordKind, 'company' | 'contact'> = {
  [RecordKind.COMPANY]: 'company',
  [RecordKind.CONTACT]: 'contact',
};

/** What to do with stored values when a field's type changes or choices in use are removed. */
export enum CustomFieldConversion {
  /** Refuse (CONFLICT with the number of records concerned). */
  REFUSE = 'REFUSE',
  /** Convert every value to the new type; refuse if one does not convert. */
  CONVERT = 'CONVERT',
  /** Convert what converts and clear the rest (removed choices included). */
  CONVERT_OR_CLEAR = 'CONVERT_OR_CLEAR',
}

export const toDefinition = (f: CustomFieldEntity): CustomFieldDefinition => ({
  id: f.id,
  recordKind: f.recordKind,
  key: f.key,
  labelFr: f.labelFr,
  labelEn: f.labelEn,
  type: f.type,
  required: f.required,
  choices: f.choices,
  position: f.position,
});

const snapshot = (f: CustomFieldEntity | CustomFieldDefinition) => ({
  recordKind: f.recordKind,
  key: f.key,
  labelFr: f.labelFr,
  labelEn: f.labelEn,
  type: f.type,
  required: f.required,
  choices: f.choices,
  position: f.position,
});

// Definitions are read on every record write and for every record shown: once per
// request (the request's workspace transaction) is enough; changes clear the cache.
const cache = new WeakMap<TenantScope, Map<RecordKind, Promise<CustomFieldDefinition[]>>>();

function forgetDefinitions(ctx: Ctx): void {
  cache.delete(ctx.scope);
}

/**
 * The custom fields of companies or of contacts, in display order: key, labels, type,
 * required, choices. For the record services, the lists (columns, filters, sorts, groups
 * via customFieldSqlExpression), imports (a header equal to a label maps to the field)
 * and exports. Any signed-in actor reads them: forms need them.
 */
export function customFieldDefinitions(ctx: Ctx, kind: RecordKind): Promise<CustomFieldDefinition[]> {
  let byKind = cache.get(ctx.scope);
  if (!byKind) cache.set(ctx.scope, (byKind = new Map()));
  let defs = byKind.get(kind);
  if (!defs) {
    defs = (async () => {
      const rows = await (
        await em(ctx)
      ).find(CustomFieldEntity, { where: { recordKind: kind }, order: { position: 'ASC', labelFr: 'ASC', id: 'ASC' } });
      return rows.map(toDefinition);
    })();
    // A failed read is not cached: the next call retries.
    defs.catch(() => byKind?.delete(kind));
    byKind.set(kind, defs);
  }
  return defs;
}

/** Labels compared as import headers are: accents, case and spacing ignored. */
const foldLabel = (s: string | null) =>
  (s ?? '').normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Two fields of a kind may not share a label (French or English, as headers compare them):
 * an import column must name one field only. Returns the path of the clashing label.
 */
function labelClash(
  defs: readonly CustomFieldDefinition[],
  exceptId: string | null,
  labelFr: string | null,
  labelEn: string | null,
): string | null {
  const others = defs.filter((d) => d.id !== exceptId).flatMap((d) => [foldLabel(d.labelFr), foldLabel(d.labelEn)]);
  if (labelFr && others.includes(foldLabel(labelFr))) return 'labelFr';
  if (labelEn && others.includes(foldLabel(labelEn))) return 'labelEn';
  return null;
}

/** The field whose French or English label (or key) is this header, whatever its case and accents; for imports. */
export function customFieldForHeader(
  defs: readonly CustomFieldDefinition[],
  header: string,
): CustomFieldDefinition | null {
  const wanted = foldLabel(header);
  if (!wanted) return null;
  return (
    defs.find((d) => foldLabel(d.labelFr) === wanted || foldLabel(d.labelEn) === wanted || d.key === wanted) ?? null
  );
}

/**
 * Checks the `customFields` of a company or contact input against the definitions and
 * returns the record's whole new custom_fields object, or undefined when there is nothing
 * to write (an update without customFields). Given keys are set (null or blank clears),
 * absent keys are kept. Problems go to `errors` under `<path>.customFields.<key>`.
 * Required fields: every one must have a value on creation; an update cannot clear one
 * (records created before a field became required are not blocked from other edits).
 */
export async function checkCustomFieldsInput(
  ctx: Ctx,
  kind: RecordKind,
  input: unknown,
  path: Path,
  errors: FieldErrors,
  opts: { creating: boolean; current?: Record<string, unknown> },
): Promise<StoredValues | undefined> {
  if (!opts.creating && (input === undefined || input === null)) return undefined;
  const base = [...path, 'customFields'];
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    errors.add(base, 'customField.notObject');
    return undefined;
  }
  const given = (input ?? {}) as Record<string, unknown>;
  const defs = await customFieldDefinitions(ctx, kind);
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const result = { ...(opts.current ?? {}) } as StoredValues;
  for (const [key, raw] of Object.entries(given)) {
    const def = byKey.get(key);
    if (!def) {
      errors.add([...base, key], 'customField.unknown');
      continue;
    }
    const r = normalizeCustomValue(def, raw);
    if (!r.ok) errors.add([...base, key], r.reason, r.params);
    else if (r.value !== null) result[key] = r.value;
    else {
      if (def.required) errors.add([...base, key], 'field.required');
      delete result[key];
    }
  }
  if (opts.creating) {
    for (const def of defs) {
      if (def.required && !(def.key in given)) errors.add([...base, def.key], 'field.required');
    }
  }
  return result;
}

// ---------------------------------------------------------------------------
// Definitions: create, update (with conversions), delete, reorder
// ---------------------------------------------------------------------------

export interface CustomFieldChoiceInput {
  /** Kept when given (values store it); derived from the label for a new choice. */
  key?: string | null;
  labelFr: string;
  labelEn?: string | null;
}

export interface CreateCustomFieldInput {
  recordKind: RecordKind;
  /** Derived from the French label when absent. Cannot change later. */
  key?: string | null;
  labelFr: string;
  labelEn?: string | null;
  type: CustomFieldType;
  required?: boolean | null;
  choices?: CustomFieldChoiceInput[] | null;
  /** Defaults to the end. */
  position?: number | null;
}

export interface UpdateCustomFieldInput {
  labelFr?: string | null;
  labelEn?: string | null;
  type?: CustomFieldType | null;
  required?: boolean | null;
  /** The whole new list; choices keep their key, a choice left out is removed. */
  choices?: CustomFieldChoiceInput[] | null;
  position?: number | null;
}

/** A key from a label: ascii, lowercase, underscores ("Chiffre d'affaires" → chiffre_d_affaires). */
export function slugKey(label: string): string {
  const slug = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(slug) ? slug : `f_${slug || 'field'}`.slice(0, 40);
}

function checkLabel(errors: FieldErrors, path: Path, raw: string | null | undefined, required: boolean): string | null {
  const label = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!label) {
    if (required) errors.add(path, 'field.required');
    return null;
  }
  if (label.length > MAX_LABEL) errors.add(path, 'field.tooLong', { max: MAX_LABEL });
  return label;
}

function checkType(errors: FieldErrors, path: Path, type: unknown): void {
  if (!Object.values(CustomFieldType).includes(type as CustomFieldType)) errors.add(path, 'field.invalid');
}

function checkPosition(errors: FieldErrors, path: Path, position: number | null | undefined): void {
  if (position === null || position === undefined) return;
  if (!Number.isInteger(position) || position < 0 || position > 1_000_000)
    errors.add(path, 'settings.position', { max: 1_000_000 });
}

/**
 * The new choice list: labels checked, keys kept or derived (unique in the field), no
 * duplicate label. Choices only for choice types, at least one for them.
 */
function checkChoices(
  errors: FieldErrors,
  path: Path,
  type: CustomFieldType,
  input: CustomFieldChoiceInput[] | null | undefined,
): CustomFieldChoice[] {
  const isChoice = CHOICE_TYPES.includes(type);
  const items = input ?? [];
  if (!isChoice) {
    if (items.length) errors.add(path, 'customField.noChoices');
    return [];
  }
  if (!items.length) errors.add(path, 'customField.choicesRequired');
  if (items.length > MAX_CHOICES) errors.add(path, 'field.tooLong', { max: MAX_CHOICES });
  const choices: CustomFieldChoice[] = [];
  const labels = new Set<string>();
  items.forEach((item, i) => {
    const labelFr = checkLabel(errors, [...path, i, 'labelFr'], item.labelFr, true);
    const labelEn = checkLabel(errors, [...path, i, 'labelEn'], item.labelEn, false);
    if (!labelFr) return;
    if (labels.has(labelFr.toLowerCase())) errors.add([...path, i, 'labelFr'], 'customField.choiceDuplicate');
    labels.add(labelFr.toLowerCase());
    let key = item.key?.trim() || '';
    if (key) {
      if (!KEY.test(key)) errors.add([...path, i, 'key'], 'customField.key');
      else if (choices.some((c) => c.key === key)) errors.add([...path, i, 'key'], 'customField.choiceDuplicate');
    } else {
      const base = slugKey(labelFr);
      key = base;
      for (let n = 2; choices.some((c) => c.key === key) || items.some((o) => o.key === key); n++) key = `${base}_${n}`;
    }
    choices.push({ key, labelFr, labelEn });
  });
  return choices;
}

async function findField(manager: EntityManager, id: string): Promise<CustomFieldEntity> {
  const field = await manager.findOne(CustomFieldEntity, {
    where: { id: checkId(id, ENTITY) },
    lock: { mode: 'pessimistic_write' },
  });
  if (!field) throw notFound(ENTITY);
  return field;
}

function conflictWithCount(key: string, count: number): AppError {
  return new AppError(ErrorCode.CONFLICT, key, { count }, [], { usageCount: count });
}

export async function listCustomFields(ctx: Ctx, kind: RecordKind): Promise<CustomFieldDefinition[]> {
  return customFieldDefinitions(ctx, kind);
}

export async function createCustomField(ctx: Ctx, input: CreateCustomFieldInput): Promise<CustomFieldEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  if (!Object.values(RecordKind).includes(input.recordKind)) errors.add(['input', 'recordKind'], 'field.invalid');
  checkType(errors, ['input', 'type'], input.type);
  const labelFr = checkLabel(errors, ['input', 'labelFr'], input.labelFr, true);
  const labelEn = checkLabel(errors, ['input', 'labelEn'], input.labelEn, false);
  checkPosition(errors, ['input', 'position'], input.position);
  const key = input.key?.trim() || (labelFr ? slugKey(labelFr) : '');
  if (labelFr && !KEY.test(key)) errors.add(['input', 'key'], 'customField.key');
  const choices = checkChoices(errors, ['input', 'choices'], input.type, input.choices);
  errors.throwIfAny();
  const manager = await em(ctx);
  const existing = await customFieldDefinitions(ctx, input.recordKind);
  if (existing.some((d) => d.key === key)) throw badField(['input', 'key'], 'customField.keyTaken', { key });
  const clash = labelClash(existing, null, labelFr, labelEn);
  if (clash) throw badField(['input', clash], 'customField.labelTaken');
  if (existing.length >= MAX_FIELDS_PER_KIND) throw badField(['input'], 'field.tooLong', { max: MAX_FIELDS_PER_KIND });
  const position = input.position ?? (existing.length ? Math.max(...existing.map((d) => d.position)) + 1 : 0);
  let field: CustomFieldEntity;
  try {
    field = await manager.save(CustomFieldEntity, {
      workspaceId: ctx.actor.workspaceId,
      recordKind: input.recordKind,
      key,
      labelFr: labelFr as string,
      labelEn,
      type: input.type,
      required: input.required ?? false,
      choices,
      position,
    });
  } catch (err) {
    // Another request created the same key in between.
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw badField(['input', 'key'], 'customField.keyTaken', { key });
    throw err;
  }
  forgetDefinitions(ctx);
  await recordAudit(ctx, { entityType: ENTITY, entityId: field.id, action: 'create', after: snapshot(field) });
  return field;
}

interface StoredRow {
  id: string;
  value: unknown;
}

/** Records (the trash included: they keep their values) that have a value for the field. */
async function storedValues(manager: EntityManager, kind: RecordKind, key: string): Promise<StoredRow[]> {
  return manager.query(`SELECT id, custom_fields->$1 AS value FROM ${RECORD_TABLE[kind]} WHERE custom_fields ? $1`, [
    key,
  ]);
}

async function countValues(manager: EntityManager, kind: RecordKind, key: string): Promise<number> {
  const [{ n }] = await manager.query(
    `SELECT count(*)::integer AS n FROM ${RECORD_TABLE[kind]} WHERE custom_fields ? $1`,
    [key],
  );
  return n as number;
}

/** Writes new values (null removes the key) in one statement. */
async function writeValues(
  manager: EntityManager,
  kind: RecordKind,
  key: string,
  rows: { id: string; value: StoredValue }[],
): Promise<void> {
  if (!rows.length) return;
  await manager.query(
    `UPDATE ${RECORD_TABLE[kind]} t
        SET custom_fields = CASE WHEN v.value IS NULL THEN t.custom_fields - $1
                                 ELSE jsonb_set(t.custom_fields, ARRAY[$1], v.value) END
       FROM unnest($2::uuid[], $3::jsonb[]) AS v(id, value)
      WHERE t.id = v.id`,
    [key, rows.map((r) => r.id), rows.map((r) => (r.value === null ? null : JSON.stringify(r.value)))],
  );
}

/**
 * What the change does to stored values: each record's new value, and how many records
 * are concerned (values of another type, removed choices) or cannot be converted.
 */
function planConversion(
  before: CustomFieldDefinition,
  after: CustomFieldDefinition,
  rows: StoredRow[],
): { changes: { id: string; value: StoredValue }[]; concerned: number; unconvertible: number } {
  const typeChanged = before.type !== after.type;
  const changes: { id: string; value: StoredValue }[] = [];
  let concerned = 0;
  let unconvertible = 0;
  for (const row of rows) {
    const input = typeChanged ? conversionInput(before, after, row.value) : row.value;
    const r = normalizeCustomValue(after, input);
    // Same type: only removed choices change anything. A multiple choice loses the removed ones.
    let value: StoredValue;
    if (r.ok) value = r.value;
    else if (!typeChanged && after.type === CustomFieldType.MULTIPLE_CHOICE && Array.isArray(row.value)) {
      const kept = row.value.filter((k) => after.choices.some((c) => c.key === k)) as string[];
      value = kept.length ? kept : null;
      unconvertible++;
    } else {
      value = null;
      unconvertible++;
    }
    const changed = JSON.stringify(value) !== JSON.stringify(row.value);
    if (typeChanged || changed) concerned++;
    if (changed) changes.push({ id: row.id, value });
  }
  return { changes, concerned, unconvertible };
}

/**
 * Renames, moves, retypes a field or changes its choices. A type change or the removal of
 * a choice that records use is refused with their count (CONFLICT, extensions.usageCount)
 * unless `conversion` says to convert (CONVERT: all values must convert) or to convert
 * and clear what does not (CONVERT_OR_CLEAR).
 */
export async function updateCustomField(
  ctx: Ctx,
  id: string,
  input: UpdateCustomFieldInput,
  conversion: CustomFieldConversion = CustomFieldConversion.REFUSE,
): Promise<CustomFieldEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const field = await findField(manager, id);
  const before = toDefinition(field);
  const errors = new FieldErrors();
  const labelFr = input.labelFr == null ? field.labelFr : checkLabel(errors, ['input', 'labelFr'], input.labelFr, true);
  const labelEn =
    input.labelEn === undefined ? field.labelEn : checkLabel(errors, ['input', 'labelEn'], input.labelEn, false);
  const type = input.type ?? field.type;
  checkType(errors, ['input', 'type'], type);
  checkPosition(errors, ['input', 'position'], input.position);
  // Choices left as they are unless given; a field that stops being a choice field drops them.
  const choices =
    input.choices != null
      ? checkChoices(errors, ['input', 'choices'], type, input.choices)
      : CHOICE_TYPES.includes(type)
        ? field.choices
        : [];
  if (input.choices == null && CHOICE_TYPES.includes(type) && !choices.length)
    errors.add(['input', 'choices'], 'customField.choicesRequired');
  errors.throwIfAny();
  const clash = labelClash(await customFieldDefinitions(ctx, field.recordKind), field.id, labelFr, labelEn);
  if (clash) throw badField(['input', clash], 'customField.labelTaken');
  const after: CustomFieldDefinition = {
    ...before,
    labelFr: labelFr as string,
    labelEn,
    type,
    required: input.required ?? field.required,
    choices,
    position: input.position ?? field.position,
  };
  const removedChoices =
    CHOICE_TYPES.includes(before.type) && before.type === type
      ? before.choices.filter((c) => !choices.some((n) => n.key === c.key))
      : [];
  let converted: { concerned: number; cleared: number } | null = null;
  if (type !== before.type || removedChoices.length) {
    const rows = await storedValues(manager, field.recordKind, field.key);
    const plan = planConversion(before, after, rows);
    if (plan.concerned > 0 && conversion === CustomFieldConversion.REFUSE)
      throw conflictWithCount(
        type !== before.type ? 'customField.typeInUse' : 'customField.choiceInUse',
        plan.concerned,
      );
    if (plan.unconvertible > 0 && conversion === CustomFieldConversion.CONVERT)
      throw conflictWithCount('customField.unconvertible', plan.unconvertible);
    await writeValues(manager, field.recordKind, field.key, plan.changes);
    if (plan.concerned) converted = { concerned: plan.concerned, cleared: plan.unconvertible };
  }
  await manager.update(
    CustomFieldEntity,
    { id: field.id },
    {
      labelFr: after.labelFr,
      labelEn: after.labelEn,
      type: after.type,
      required: after.required,
      choices: after.choices,
      position: after.position,
    },
  );
  forgetDefinitions(ctx);
  await recordAudit(ctx, {
    entityType: ENTITY,
    entityId: field.id,
    action: 'update',
    before: snapshot(before),
    after: { ...snapshot(after), ...(converted ? { converted } : {}) },
  });
  return manager.findOneByOrFail(CustomFieldEntity, { id: field.id });
}

/**
 * Deletes a field. When records have a value, refused with their count unless
 * `clearValues`; then the values go too, and so do page blocks showing the field.
 */
export async function deleteCustomField(ctx: Ctx, id: string, clearValues = false): Promise<void> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const field = await findField(manager, id);
  const count = await countValues(manager, field.recordKind, field.key);
  if (count > 0 && !clearValues) throw conflictWithCount('customField.inUse', count);
  if (count > 0)
    await manager.query(
      `UPDATE ${RECORD_TABLE[field.recordKind]} SET custom_fields = custom_fields - $1 WHERE custom_fields ? $1`,
      [field.key],
    );
  const owner = field.recordKind === RecordKind.COMPANY ? 'company_id' : 'contact_id';
  const withoutField = `(SELECT coalesce(jsonb_agg(b ORDER BY i), '[]'::jsonb) FROM jsonb_array_elements(blocks) WITH ORDINALITY AS e(b, i)
      WHERE NOT (b->>'kind' = 'CUSTOM_FIELD' AND b->>'field' = $1))`;
  const showsField = `blocks @> jsonb_build_array(jsonb_build_object('kind', 'CUSTOM_FIELD', 'field', $1::text))`;
  await manager.query(`UPDATE custom_page SET blocks = ${withoutField} WHERE ${owner} IS NOT NULL AND ${showsField}`, [
    field.key,
  ]);
  await manager.query(`UPDATE page_template SET blocks = ${withoutField} WHERE record_kind = $2 AND ${showsField}`, [
    field.key,
    field.recordKind,
  ]);
  await manager.delete(CustomFieldEntity, { id: field.id });
  forgetDefinitions(ctx);
  await recordAudit(ctx, {
    entityType: ENTITY,
    entityId: field.id,
    action: 'delete',
    before: { ...snapshot(field), clearedValues: count },
  });
}

/** Puts these fields first, in this order, the others after them; positions become 0, 1, 2… */
export async function reorderCustomFields(
  ctx: Ctx,
  kind: RecordKind,
  ids: readonly string[],
): Promise<CustomFieldDefinition[]> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await customFieldDefinitions(ctx, kind);
  const byId = new Map(current.map((d) => [d.id, d]));
  const errors = new FieldErrors();
  const seen = new Set<string>();
  ids.forEach((fid, i) => {
    if (seen.has(fid)) errors.add(['ids', i], 'customField.choiceDuplicate');
    else if (!byId.has(fid)) errors.add(['ids', i], 'customField.reorderUnknown');
    seen.add(fid);
  });
  errors.throwIfAny();
  const ordered = [
    ...ids.map((fid) => byId.get(fid) as CustomFieldDefinition),
    ...current.filter((d) => !seen.has(d.id)),
  ];
  const moved = ordered.map((d, position) => ({ d, position })).filter(({ d, position }) => d.position !== position);
  if (moved.length) {
    await (
      await em(ctx)
    ).query(
      `UPDATE custom_field f SET position = v.position, updated_at = now()
         FROM unnest($1::uuid[], $2::integer[]) AS v(id, position) WHERE f.id = v.id`,
      [moved.map((m) => m.d.id), moved.map((m) => m.position)],
    );
    for (const { d, position } of moved) {
      await recordAudit(ctx, {
        entityType: ENTITY,
        entityId: d.id,
        action: 'update',
        before: { position: d.position },
        after: { position },
      });
    }
  }
  forgetDefinitions(ctx);
  return ordered.map((d, position) => ({ ...d, position }));
}
