import { In } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { requireAdmin, requireWrite } from '../../common/actor';
import { AppError, ErrorCode, FieldErrors, forbidden, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { MAX_PAGE_SIZE } from '../../common/pagination';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../common/db-errors';
import type { ListName } from '../record-list/columns';
import { listDefFor } from '../record-list/custom-columns';
import { FilterCompiler, Params, unknownColumn } from '../record-list/filter';
import { KeysetSort } from '../record-list/keyset';
import type { ListFilterInput, ListSortInput } from '../record-list/record-list.inputs';
import { CustomFieldEntity } from '../custom-field/custom-field.entity';
import { ListViewEntity } from './list-view.entity';

export interface ListViewFields {
  name: string;
  shared?: boolean | null;
  columns: string[];
  orderBy?: ListSortInput[] | null;
  filter?: ListFilterInput | null;
  groupBy?: string | null;
  pageSize?: number | null;
}

type Path = (string | number)[];
const MAX_NAME = 100;

/** A view's owner is a user: API keys act for theirs; jobs have none and keep no views. */
function ownerOf(ctx: Ctx): string {
  if (!ctx.actor.userId) throw forbidden();
  return ctx.actor.userId;
}

/** Drops null and undefined members so the stored filter is exactly what was meant. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v != null) out[k] = clean(v);
    return out;
  }
  return value;
}

/** Moves the field problems of a thrown BAD_USER_INPUT into `errors` (so a form sees them all at once). */
function gather(errors: FieldErrors, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== ErrorCode.BAD_USER_INPUT) throw err;
    for (const f of err.fields) errors.add(f.path, f.message, f.params);
  }
}

/** Checks a view's configuration against the list's column registry (custom field columns included). */
async function validate(ctx: Ctx, list: ListName, input: ListViewFields, path: Path) {
  const def = await listDefFor(ctx, list, {
    filter: input.filter,
    orderBy: input.orderBy,
    columns: [...input.columns, input.groupBy],
  });
  const errors = new FieldErrors();
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (!name) errors.add([...path, 'name'], 'field.required');
  else if (name.length > MAX_NAME) errors.add([...path, 'name'], 'field.tooLong', { max: MAX_NAME });
  const seen = new Set<string>();
  input.columns.forEach((key, i) => {
    if (!def.columns.has(key)) errors.add([...path, 'columns', i], unknownColumn(key), { column: key });
    else if (seen.has(key)) errors.add([...path, 'columns', i], 'field.invalid');
    seen.add(key);
  });
  gather(errors, () => new KeysetSort(def, input.orderBy, [...path, 'orderBy']));
  gather(errors, () => new FilterCompiler(def, new Params()).compile(input.filter, [...path, 'filter']));
  if (input.groupBy != null) {
    const column = def.columns.get(input.groupBy);
    if (!column) errors.add([...path, 'groupBy'], unknownColumn(input.groupBy), { column: input.groupBy });
    else if (!column.groupable) errors.add([...path, 'groupBy'], 'list.notGroupable', { column: input.groupBy });
  }
  const pageSize = input.pageSize ?? 50;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    errors.add([...path, 'pageSize'], 'field.pageSize', { max: MAX_PAGE_SIZE });
  errors.throwIfAny();
  return {
    name,
    shared: input.shared ?? false,
    columns: input.columns,
    orderBy: (input.orderBy ?? []).map((s) => ({ column: s.column, direction: s.direction })),
    filter: input.filter ? (clean(input.filter) as Record<string, unknown>) : null,
    groupBy: input.groupBy ?? null,
    pageSize,
  };
}

/** My views of a list, then the ones colleagues share; each group by name. */
export async function listViews(ctx: Ctx, list: ListName): Promise<ListViewEntity[]> {
  const me = ownerOf(ctx);
  return (await em(ctx))
    .createQueryBuilder(ListViewEntity, 'v')
    .where('v.list = :list AND (v.owner_id = :me OR v.shared)', { list, me })
    .orderBy('(v.owner_id = :me)', 'DESC')
    .addOrderBy('lower(v.name)', 'ASC')
    .addOrderBy('v.id', 'ASC')
    .getMany();
}

/** A view the actor can see (own or shared), or NOT_FOUND. */
export async function getListView(ctx: Ctx, id: string): Promise<ListViewEntity> {
  const me = ownerOf(ctx);
  const view = await (await em(ctx)).findOneBy(ListViewEntity, { id: checkId(id, 'ListView') });
  if (!view || (view.ownerId !== me && !view.shared)) throw notFound('ListView');
  return view;
}

/** The view, if the actor owns it: a shared view is read-only to everyone else. */
async function ownView(ctx: Ctx, id: string): Promise<ListViewEntity> {
  const view = await getListView(ctx, id);
  if (view.ownerId !== ownerOf(ctx)) throw forbidden('view.notOwner');
  return view;
}

async function saveUnique(ctx: Ctx, view: Partial<ListViewEntity>): Promise<ListViewEntity> {
  const manager = await em(ctx);
  try {
    // A savepoint, so a name clash leaves the request's transaction usable.
    return await manager.transaction((m) => m.save(ListViewEntity, view));
  } catch (err) {
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'error.badInput', {}, [
        { path: ['input', 'name'], message: 'view.nameTaken' },
      ]);
    throw err;
  }
}

export async function createListView(ctx: Ctx, list: ListName, input: ListViewFields): Promise<ListViewEntity> {
  requireWrite(ctx.actor);
  const owner = ownerOf(ctx);
  const fields = await validate(ctx, list, input, ['input']);
  return saveUnique(ctx, { ...fields, list, ownerId: owner, workspaceId: ctx.actor.workspaceId });
}

export async function updateListView(ctx: Ctx, id: string, input: ListViewFields): Promise<ListViewEntity> {
  requireWrite(ctx.actor);
  const view = await ownView(ctx, id);
  const fields = await validate(ctx, view.list, input, ['input']);
  return saveUnique(ctx, { ...view, ...fields });
}

export async function deleteListView(ctx: Ctx, id: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const view = await ownView(ctx, id);
  await (await em(ctx)).delete(ListViewEntity, { id: view.id });
  return true;
}

/**
 * The saved views (every user's, shared or not) whose filter, columns, sort or grouping name
 * this custom field: what deleting it would take from them (their filter on it is then refused
 * when they are opened, never silently dropped). For admins, who manage fields; by name.
 */
export async function listViewsUsingCustomField(ctx: Ctx, fieldId: string): Promise<ListViewEntity[]> {
  requireAdmin(ctx.actor);
  const manager = await em(ctx);
  const field = await manager.findOneBy(CustomFieldEntity, { id: checkId(fieldId, 'CustomField') });
  if (!field) throw notFound('CustomField');
  const list: ListName = field.recordKind === 'COMPANY' ? 'COMPANIES' : 'CONTACTS';
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM list_view
     WHERE list = $2
       AND (jsonb_path_exists(coalesce(filter, '{}'::jsonb), '$.** ? (@.column == $c)', jsonb_build_object('c', $1::text))
         OR $1 = ANY (columns) OR group_by = $1
         OR order_by @> jsonb_build_array(jsonb_build_object('column', $1::text)))`,
    [`custom.${field.key}`, list],
  );
  if (!rows.length) return [];
  return manager.find(ListViewEntity, { where: { id: In(rows.map((r) => r.id)) }, order: { name: 'ASC', id: 'ASC' } });
}
