import { type EntityManager, In } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import { AppError, ErrorCode, FieldErrors, badField, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { recordAudit } from '../audit/audit.service';
import { SettingList, SettingOptionEntity } from './setting-option.entity';

export const MAX_LABEL_LENGTH = 100;
export const MAX_POSITION = 1_000_000;

const ENTITY = 'SettingOption';
const AUDITED = ['list', 'label', 'position', 'hidden'];
const ORDER = { position: 'ASC', label: 'ASC', id: 'ASC' } as const;

type Path = (string | number)[];

const snapshot = (o: SettingOptionEntity) => ({ list: o.list, label: o.label, position: o.position, hidden: o.hidden });

export function isSettingList(value: unknown): value is SettingList {
  return Object.values(SettingList).includes(value as SettingList);
}

/** The trimmed label, or a field problem added to `errors`. */
function checkLabel(errors: FieldErrors, path: Path, raw: string): string {
  const label = raw.trim();
  if (!label) errors.add(path, 'field.required');
  else if (label.length > MAX_LABEL_LENGTH) errors.add(path, 'field.tooLong', { max: MAX_LABEL_LENGTH });
  return label;
}

function checkPosition(errors: FieldErrors, path: Path, position: number | null | undefined): void {
  if (position === null || position === undefined) return;
  if (!Number.isInteger(position) || position < 0 || position > MAX_POSITION)
    errors.add(path, 'settings.position', { max: MAX_POSITION });
}

const labelTaken = (path: Path, label: string) => badField(path, 'settings.labelTaken', { label });

/** Refuses a label already used in the list, whatever its case (the database enforces it too). */
async function assertLabelFree(
  manager: EntityManager,
  list: SettingList,
  label: string,
  exceptId: string | null,
  path: Path,
): Promise<void> {
  const qb = manager
    .createQueryBuilder(SettingOptionEntity, 'o')
    .where('o.list = :list AND lower(o.label) = lower(:label)', { list, label });
  if (exceptId) qb.andWhere('o.id <> :exceptId', { exceptId });
  const existing = await qb.getOne();
  if (existing) throw labelTaken(path, existing.label);
}

async function findOption(manager: EntityManager, id: string, lock = false): Promise<SettingOptionEntity> {
  const option = await manager.findOne(SettingOptionEntity, {
    where: { id: checkId(id, ENTITY) },
    ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!option) throw notFound(ENTITY);
  return option;
}

/** One list's values, by position then label. Hidden values only when asked (settings pages, not pickers). */
export async function listSettingOptions(
  ctx: Ctx,
  list: SettingList,
  opts: { includeHidden?: boolean | null } = {},
): Promise<SettingOptionEntity[]> {
  // Any signed-in actor reads the lists (every Ctx has one): forms need them.
  if (!isSettingList(list)) throw badField(['list'], 'field.invalid');
  return (await em(ctx)).find(SettingOptionEntity, {
    where: opts.includeHidden ? { list } : { list, hidden: false },
    order: ORDER,
  });
}

/** Every list's values in one call (for forms), by list then position then label. */
export async function listAllSettingOptions(
  ctx: Ctx,
  opts: { includeHidden?: boolean | null } = {},
): Promise<SettingOptionEntity[]> {
  // Any signed-in actor reads the lists (every Ctx has one): forms need them.
  // `list` sorts in the order of the database enum, which is SettingList's order.
  return (await em(ctx)).find(SettingOptionEntity, {
    where: opts.includeHidden ? {} : { hidden: false },
    order: { list: 'ASC', ...ORDER },
  });
}

export interface CreateSettingOptionInput {
  list: SettingList;
  label: string;
  /** Defaults to the end of the list. */
  position?: number | null;
}

export async function createSettingOption(ctx: Ctx, input: CreateSettingOptionInput): Promise<SettingOptionEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  if (!isSettingList(input.list)) errors.add(['input', 'list'], 'field.invalid');
  const label = checkLabel(errors, ['input', 'label'], input.label);
  checkPosition(errors, ['input', 'position'], input.position);
  errors.throwIfAny();
  const manager = await em(ctx);
  await assertLabelFree(manager, input.list, label, null, ['input', 'label']);
  let position = input.position;
  if (position === null || position === undefined) {
    const [{ next }] = await manager.query(
      'SELECT coalesce(max(position) + 1, 0)::integer AS next FROM setting_option WHERE list = $1',
      [input.list],
    );
    position = next as number;
  }
  let option: SettingOptionEntity;
  try {
    option = await manager.save(SettingOptionEntity, {
      workspaceId: ctx.actor.workspaceId,
      list: input.list,
      label,
      position,
      hidden: false,
    });
  } catch (err) {
    // Another request created the same label in between.
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw labelTaken(['input', 'label'], label);
    throw err;
  }
  await recordAudit(ctx, { entityType: ENTITY, entityId: option.id, action: 'create', after: snapshot(option) });
  return option;
}

export interface UpdateSettingOptionInput {
  label?: string | null;
  position?: number | null;
  hidden?: boolean | null;
}

/** Renames, moves, hides or shows a value; null or absent fields are left as they are. */
export async function updateSettingOption(
  ctx: Ctx,
  id: string,
  input: UpdateSettingOptionInput,
): Promise<SettingOptionEntity> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const option = await findOption(manager, id);
  const errors = new FieldErrors();
  const label =
    input.label === null || input.label === undefined ? null : checkLabel(errors, ['input', 'label'], input.label);
  checkPosition(errors, ['input', 'position'], input.position);
  errors.throwIfAny();
  const changes: Partial<Pick<SettingOptionEntity, 'label' | 'position' | 'hidden'>> = {};
  if (label !== null && label !== option.label) {
    await assertLabelFree(manager, option.list, label, option.id, ['input', 'label']);
    changes.label = label;
  }
  if (input.position !== null && input.position !== undefined && input.position !== option.position)
    changes.position = input.position;
  if (input.hidden !== null && input.hidden !== undefined && input.hidden !== option.hidden)
    changes.hidden = input.hidden;
  if (Object.keys(changes).length === 0) return option;
  const before = snapshot(option);
  try {
    await manager.update(SettingOptionEntity, { id: option.id }, changes);
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw labelTaken(['input', 'label'], label ?? option.label);
    throw err;
  }
  Object.assign(option, changes);
  await recordAudit(ctx, {
    entityType: ENTITY,
    entityId: option.id,
    action: 'update',
    before,
    after: snapshot(option),
  });
  return option;
}

/**
 * Puts the given values first, in that order, and the list's other values after them in
 * their current order; positions become 0, 1, 2… Returns the whole list (hidden values too).
 */
export async function reorderSettingOptions(
  ctx: Ctx,
  list: SettingList,
  ids: readonly string[],
): Promise<SettingOptionEntity[]> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  if (!isSettingList(list)) throw badField(['list'], 'field.invalid');
  const manager = await em(ctx);
  const options = await manager.find(SettingOptionEntity, { where: { list }, order: ORDER });
  const byId = new Map(options.map((o) => [o.id, o]));
  const errors = new FieldErrors();
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) errors.add(['ids', i], 'settings.duplicateId');
    else if (!byId.has(id)) errors.add(['ids', i], 'settings.unknownOption');
    seen.add(id);
  });
  errors.throwIfAny();
  const ordered = [...ids.map((id) => byId.get(id) as SettingOptionEntity), ...options.filter((o) => !seen.has(o.id))];
  const moved = ordered
    .map((option, position) => ({ option, position }))
    .filter(({ option, position }) => option.position !== position);
  if (moved.length === 0) return ordered;
  await manager.query(
    `UPDATE setting_option o SET position = v.position, updated_at = now()
       FROM unnest($1::uuid[], $2::integer[]) AS v(id, position) WHERE o.id = v.id`,
    [moved.map((m) => m.option.id), moved.map((m) => m.position)],
  );
  for (const { option, position } of moved) {
    const before = snapshot(option);
    option.position = position;
    await recordAudit(ctx, {
      entityType: ENTITY,
      entityId: option.id,
      action: 'update',
      before,
      after: snapshot(option),
    });
  }
  return ordered;
}

/**
 * How many records use a value: companies (type, languages) and contacts (civility,
 * source, potential, situation, progress state), those in the trash included since they
 * keep it too. Row-level security keeps the count inside the workspace.
 */
async function countUsages(manager: EntityManager, id: string): Promise<number> {
  const [{ n }] = await manager.query(
    `SELECT (SELECT count(*) FROM company WHERE company_type_id = $1)
          + (SELECT count(*) FROM company_language WHERE option_id = $1)
          + (SELECT count(*) FROM contact
              WHERE civility_id = $1 OR source_id = $1 OR potential_id = $1 OR situation_id = $1
                 OR progress_state_id = $1)
          + (SELECT count(*) FROM activity WHERE category_id = $1) AS n`,
    [id],
  );
  return Number(n);
}

function inUse(option: SettingOptionEntity, count: number): AppError {
  return new AppError(
    ErrorCode.CONFLICT,
    count === 1 ? 'settings.inUse.one' : 'settings.inUse.other',
    { label: option.label, count },
    [],
    { usageCount: count },
  );
}

/** Deletes a value no record uses; a value in use can only be renamed or hidden (CONFLICT). */
export async function deleteSettingOption(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  // The row lock waits for transactions that are adding a usage (their foreign key check
  // holds a lock on this row), so the count below sees them, and blocks new ones.
  const option = await findOption(manager, id, true);
  const count = await countUsages(manager, option.id);
  if (count > 0) throw inUse(option, count);
  try {
    await manager.delete(SettingOptionEntity, { id: option.id });
  } catch (err) {
    // A table referencing setting_option that countUsages does not know yet.
    if (pgErrorCode(err) === PG_FOREIGN_KEY_VIOLATION) throw inUse(option, 1);
    throw err;
  }
  await recordAudit(ctx, {
    entityType: ENTITY,
    entityId: option.id,
    action: 'delete',
    before: snapshot(option),
    fields: AUDITED,
  });
}

/** Batch function for a per-request DataLoader: the values with these ids, in order, null when unknown. */
export async function settingOptionsByIds(ctx: Ctx, ids: readonly string[]): Promise<(SettingOptionEntity | null)[]> {
  // Any signed-in actor reads the lists (every Ctx has one).
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = valid.length ? await (await em(ctx)).findBy(SettingOptionEntity, { id: In(valid) }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * For the company and contact services: the value `id` given for a field must belong to
 * `list` in this workspace (else BAD_USER_INPUT at `path`). Hidden values are refused
 * unless `allowHidden` (a record may keep the hidden value it already has).
 */
export async function requireOption(
  ctx: Ctx,
  list: SettingList,
  id: string,
  path: Path,
  opts: { allowHidden: boolean },
): Promise<SettingOptionEntity> {
  // Any signed-in actor may pick a value; the caller checks its own access.
  const option = isUuid(id) ? await (await em(ctx)).findOneBy(SettingOptionEntity, { id }) : null;
  if (!option || option.list !== list) throw badField(path, 'settings.unknownOption');
  if (option.hidden && !opts.allowHidden) throw badField(path, 'settings.hiddenOption');
  return option;
}

export { SettingList };
