import { In, type EntityManager } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { translate } from '../../common/i18n';
import { checkPageSize, decodeCursor, encodeCursor } from '../../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { ContactEntity } from '../contact/contact.entity';
import { getContact, updateContact } from '../contact/contact.service';
import { SettingList, SettingOptionEntity } from '../settings/setting-option.entity';
import { PipelineColumnEntity } from './pipeline.entity';

type Path = (string | number)[];
const ENTITY = 'PipelineColumn';
const MAX_LABEL = 100;

export interface PipelineColumn {
  id: string;
  label: string;
  position: number;
  /** Progress states, the first one is what a card dropped on the column gets. */
  stateIds: string[];
  /**
   * The board's trailing column of the contacts whose progress state is in no column (a
   * state added since, or the states of a deleted column): not stored, takes no cards.
   */
  unassigned?: boolean;
}

/** Id of the board's trailing column of states in no column. */
export const UNASSIGNED_COLUMN_ID = 'unassigned';

export interface PipelineFilter {
  /** Only the contacts of this salesperson. */
  salespersonId?: string | null;
}

export interface ColumnContacts {
  column: PipelineColumn;
  contacts: ContactEntity[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Every column with its states, in board order (one statement). */
export async function listPipelineColumns(ctx: Ctx): Promise<PipelineColumn[]> {
  const rows: { id: string; label: string; position: number; state_ids: string[] }[] = await (
    await em(ctx)
  ).query(
    `SELECT c.id, c.label, c.position,
            coalesce(array_agg(s.option_id ORDER BY s.position, s.option_id)
                     FILTER (WHERE s.option_id IS NOT NULL), '{}') AS state_ids
       FROM pipeline_column c LEFT JOIN pipeline_column_state s ON s.column_id = c.id
      GROUP BY c.id ORDER BY c.position, c.label, c.id`,
  );
  return rows.map((r) => ({ id: r.id, label: r.label, position: r.position, stateIds: r.state_ids }));
}

/**
 * The board's columns: every column, then the trailing "Autres états" one grouping the
 * progress states in no column (hidden ones included: contacts may still hold them), in one
 * statement.
 */
async function boardColumns(ctx: Ctx): Promise<PipelineColumn[]> {
  const rows: { id: string; label: string; position: number; unassigned: boolean; state_ids: string[] }[] = await (
    await em(ctx)
  ).query(
    `SELECT * FROM (
       SELECT c.id::text AS id, c.label::text AS label, c.position, false AS unassigned,
              coalesce(array_agg(s.option_id ORDER BY s.position, s.option_id)
                       FILTER (WHERE s.option_id IS NOT NULL), '{}') AS state_ids
         FROM pipeline_column c LEFT JOIN pipeline_column_state s ON s.column_id = c.id
        GROUP BY c.id
       UNION ALL
       SELECT $1, '', NULL, true, coalesce(array_agg(o.id ORDER BY o.position, o.label, o.id), '{}')
         FROM setting_option o
        WHERE o.list = 'PROGRESS_STATE'
          AND NOT EXISTS (SELECT 1 FROM pipeline_column_state s WHERE s.option_id = o.id)) b
      ORDER BY unassigned, position, label, id`,
    [UNASSIGNED_COLUMN_ID],
  );
  const label = translate(ctx.actor.locale, 'pipeline.unassignedColumn');
  return rows.map((r) =>
    r.unassigned
      ? { id: r.id, label, position: rows.length - 1, stateIds: r.state_ids, unassigned: true }
      : { id: r.id, label: r.label, position: r.position, stateIds: r.state_ids },
  );
}

async function getColumn(ctx: Ctx, id: string): Promise<PipelineColumn> {
  checkId(id, ENTITY);
  const column = (await listPipelineColumns(ctx)).find((c) => c.id === id);
  if (!column) throw notFound(ENTITY);
  return column;
}

// ---------------------------------------------------------------------------
// The board
// ---------------------------------------------------------------------------

/** Order of cards in a column: by name (the expressions of contact_progress_state_idx), then id. */
const ORDER_KEY = `coalesce(ct.last_name, ''), coalesce(ct.first_name, ''), ct.id`;

function filterSql(filter: PipelineFilter, params: unknown[]): string {
  if (!filter.salespersonId) return '';
  // An id that is not a UUID matches no contact.
  params.push(isUuid(filter.salespersonId) ? filter.salespersonId : null);
  return ` AND ct.salesperson_id = $${params.length}`;
}

/**
 * The cards of some columns: the first `first` of each (after the cursor when one column
 * is paged), their counts, whatever the number of columns: three statements.
 */
async function columnsContacts(
  ctx: Ctx,
  columns: PipelineColumn[],
  filter: PipelineFilter,
  first: number,
  after: string | null,
): Promise<ColumnContacts[]> {
  const manager = await em(ctx);
  // (column, state) pairs: the trailing column's states are in no pipeline_column_state row.
  const pairs = columns.flatMap((c) => c.stateIds.map((stateId) => [c.id, stateId] as const));
  if (!pairs.length)
    return columns.map((column) => ({ column, contacts: [], totalCount: 0, hasNextPage: false, endCursor: null }));
  const params: unknown[] = [pairs.map((p) => p[1])];
  const where = `ct.deleted_at IS NULL AND ct.active${filterSql(filter, params)}`;
  const countParams = [...params];
  params.push(pairs.map((p) => p[0]));
  const columnParam = params.length;
  let cursorSql = '';
  if (after) {
    const [last, firstName, id] = decodeCursor(after, 3);
    params.push(String(last), String(firstName), isUuid(id) ? id : '00000000-0000-0000-0000-000000000000');
    const n = params.length;
    cursorSql = ` AND (coalesce(ct.last_name, ''), coalesce(ct.first_name, ''), ct.id) > ($${n - 2}, $${n - 1}, $${n}::uuid)`;
  }
  params.push(first + 1);
  // Per state, the first cards come straight from contact_progress_state_idx (LIMIT in a
  // LATERAL); only those few rows are then ranked per column. Ranking every contact of
  // the board with one window function cost ~0.5 s at 30k contacts.
  const ranked: { id: string; column_id: string; last_name: string; first_name: string }[] = await manager.query(
    `SELECT id, column_id, last_name, first_name FROM (
       SELECT x.id, s.column_id, x.last_name, x.first_name,
              row_number() OVER (PARTITION BY s.column_id ORDER BY x.last_name, x.first_name, x.id) AS rn
         FROM unnest($${columnParam}::text[], $1::uuid[]) AS s(column_id, option_id)
        CROSS JOIN LATERAL (
          SELECT ct.id, coalesce(ct.last_name, '') AS last_name, coalesce(ct.first_name, '') AS first_name
            FROM contact ct
           WHERE ct.progress_state_id = s.option_id AND ${where}${cursorSql}
           ORDER BY ${ORDER_KEY}
           LIMIT $${params.length}) x) r
      WHERE rn <= $${params.length}
      ORDER BY column_id, rn`,
    params,
  );
  // Counted per state on contact alone (a hash aggregate over the index), summed per column
  // below: joining the states first made PostgreSQL sort every contact of the board.
  const counts: { state_id: string; n: number }[] = await manager.query(
    `SELECT ct.progress_state_id AS state_id, count(*)::integer AS n FROM contact ct
      WHERE ct.progress_state_id = ANY($1::uuid[]) AND ${where} GROUP BY ct.progress_state_id`,
    countParams,
  );
  const entities = ranked.length ? await manager.findBy(ContactEntity, { id: In(ranked.map((r) => r.id)) }) : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  return columns.map((column) => {
    const rows = ranked.filter((r) => r.column_id === column.id);
    const page = rows.slice(0, first);
    const last = page.at(-1);
    return {
      column,
      contacts: page.map((r) => byId.get(r.id)).filter((c): c is ContactEntity => !!c),
      totalCount: counts.filter((c) => column.stateIds.includes(c.state_id)).reduce((sum, c) => sum + c.n, 0),
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor([last.last_name, last.first_name, last.id]) : null,
    };
  });
}

/**
 * The board: every column with its first cards and its count, then, when some contacts of
 * the filter hold a state in no column, the trailing "Autres états" column (so no contact with
 * a progress state is left off the board). A fixed number of statements.
 */
export async function pipeline(ctx: Ctx, filter: PipelineFilter, first?: number | null): Promise<ColumnContacts[]> {
  const size = checkPageSize(first, 20);
  const board = await columnsContacts(ctx, await boardColumns(ctx), filter, size, null);
  return board.filter((c) => !c.column.unassigned || c.totalCount > 0);
}

/** More cards of one column, after the cursor its previous page returned. */
export async function pipelineColumnContacts(
  ctx: Ctx,
  columnId: string,
  filter: PipelineFilter,
  first?: number | null,
  after?: string | null,
): Promise<ColumnContacts> {
  const size = checkPageSize(first, 20);
  const column =
    columnId === UNASSIGNED_COLUMN_ID
      ? (await boardColumns(ctx)).find((c) => c.unassigned)
      : await getColumn(ctx, columnId);
  if (!column) throw notFound(ENTITY);
  const [result] = await columnsContacts(ctx, [column], filter, size, after ?? null);
  return result;
}

/**
 * A card dropped on a column: the contact takes the column's first visible state, unless
 * its state already belongs to the column. Audited like any contact edit.
 */
export async function moveContactInPipeline(ctx: Ctx, contactId: string, columnId: string): Promise<ContactEntity> {
  requireWrite(ctx.actor);
  if (columnId === UNASSIGNED_COLUMN_ID) {
    // The trailing column shows states no column holds: a card dropped there has no state to take.
    const errors = new FieldErrors();
    errors.add(['columnId'], 'pipeline.unassignedDrop');
    errors.throwIfAny();
  }
  const contact = await getContact(ctx, contactId);
  const column = await getColumn(ctx, columnId);
  if (contact.progressStateId && column.stateIds.includes(contact.progressStateId)) return contact;
  const states = column.stateIds.length
    ? await (await em(ctx)).findBy(SettingOptionEntity, { id: In(column.stateIds) })
    : [];
  const target = column.stateIds.find((id) => states.some((s) => s.id === id && !s.hidden));
  if (!target) throw new AppError(ErrorCode.CONFLICT, 'pipeline.noVisibleState');
  return updateContact(ctx, contact.id, { progressStateId: target });
}

// ---------------------------------------------------------------------------
// Columns (admin)
// ---------------------------------------------------------------------------

export interface PipelineColumnInput {
  label?: string | null;
  /** Progress states, in order; each in one column only. */
  stateIds?: string[] | null;
  position?: number | null;
}

function checkLabel(errors: FieldErrors, path: Path, raw: string | null | undefined): string | null {
  const label = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!label) errors.add(path, 'field.required');
  else if (label.length > MAX_LABEL) errors.add(path, 'field.tooLong', { max: MAX_LABEL });
  return label || null;
}

/** States must be progress states of the workspace, once, and not in another column. */
async function checkStates(ctx: Ctx, stateIds: string[], columnId: string | null, errors: FieldErrors): Promise<void> {
  if (!stateIds.length) {
    errors.add(['input', 'stateIds'], 'pipeline.statesRequired');
    return;
  }
  const valid = stateIds.filter(isUuid);
  const manager = await em(ctx);
  const options = valid.length ? await manager.findBy(SettingOptionEntity, { id: In(valid) }) : [];
  const columns = await listPipelineColumns(ctx);
  const seen = new Set<string>();
  stateIds.forEach((id, i) => {
    const path = ['input', 'stateIds', i];
    const option = options.find((o) => o.id === id);
    if (!option || option.list !== SettingList.PROGRESS_STATE) errors.add(path, 'settings.unknownOption');
    else if (seen.has(id)) errors.add(path, 'settings.duplicateId');
    else {
      const other = columns.find((c) => c.id !== columnId && c.stateIds.includes(id));
      if (other) errors.add(path, 'pipeline.stateTaken', { column: other.label });
    }
    seen.add(id);
  });
}

async function setStates(manager: EntityManager, ctx: Ctx, columnId: string, stateIds: string[]): Promise<void> {
  await manager.query('DELETE FROM pipeline_column_state WHERE column_id = $1', [columnId]);
  await manager.query(
    `INSERT INTO pipeline_column_state (workspace_id, column_id, option_id, position)
     SELECT $1, $2, s.id, s.ord - 1 FROM unnest($3::uuid[]) WITH ORDINALITY AS s(id, ord)`,
    [ctx.actor.workspaceId, columnId, stateIds],
  );
}

function checkPosition(errors: FieldErrors, position: number | null | undefined): void {
  if (position === null || position === undefined) return;
  if (!Number.isInteger(position) || position < 0 || position > 1_000_000)
    errors.add(['input', 'position'], 'settings.position', { max: 1_000_000 });
}

export async function createPipelineColumn(ctx: Ctx, input: PipelineColumnInput): Promise<PipelineColumn> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const label = checkLabel(errors, ['input', 'label'], input.label);
  checkPosition(errors, input.position);
  await checkStates(ctx, input.stateIds ?? [], null, errors);
  errors.throwIfAny();
  const manager = await em(ctx);
  let position = input.position;
  if (position === null || position === undefined) {
    const [{ next }] = await manager.query(
      'SELECT coalesce(max(position) + 1, 0)::integer AS next FROM pipeline_column',
    );
    position = next as number;
  }
  const column = await manager.save(PipelineColumnEntity, {
    workspaceId: ctx.actor.workspaceId,
    label: label as string,
    position,
  });
  await setStates(manager, ctx, column.id, input.stateIds ?? []);
  const created = await getColumn(ctx, column.id);
  await recordAudit(ctx, { entityType: ENTITY, entityId: column.id, action: 'create', after: { ...created } });
  return created;
}

export async function updatePipelineColumn(ctx: Ctx, id: string, input: PipelineColumnInput): Promise<PipelineColumn> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await getColumn(ctx, id);
  const errors = new FieldErrors();
  const label = input.label == null ? current.label : checkLabel(errors, ['input', 'label'], input.label);
  checkPosition(errors, input.position);
  if (input.stateIds != null) await checkStates(ctx, input.stateIds, id, errors);
  errors.throwIfAny();
  const manager = await em(ctx);
  await manager.update(
    PipelineColumnEntity,
    { id },
    { label: label as string, position: input.position ?? current.position },
  );
  if (input.stateIds != null) await setStates(manager, ctx, id, input.stateIds);
  const updated = await getColumn(ctx, id);
  await recordAudit(ctx, {
    entityType: ENTITY,
    entityId: id,
    action: 'update',
    before: { ...current },
    after: { ...updated },
  });
  return updated;
}

/** Deletes a column; its contacts keep their state (the board shows them in "Autres états" until a column holds it). */
export async function deletePipelineColumn(ctx: Ctx, id: string): Promise<void> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const current = await getColumn(ctx, id);
  await (await em(ctx)).delete(PipelineColumnEntity, { id });
  await recordAudit(ctx, { entityType: ENTITY, entityId: id, action: 'delete', before: { ...current } });
}

/** These columns first, in this order, the others after them; positions become 0, 1, 2… */
export async function reorderPipelineColumns(ctx: Ctx, ids: readonly string[]): Promise<PipelineColumn[]> {
  requireAdmin(ctx.actor);
  requireWrite(ctx.actor);
  const columns = await listPipelineColumns(ctx);
  const errors = new FieldErrors();
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) errors.add(['ids', i], 'settings.duplicateId');
    else if (!columns.some((c) => c.id === id)) errors.add(['ids', i], 'settings.unknownOption');
    seen.add(id);
  });
  errors.throwIfAny();
  const ordered = [
    ...ids.map((id) => columns.find((c) => c.id === id) as PipelineColumn),
    ...columns.filter((c) => !seen.has(c.id)),
  ];
  const moved = ordered.map((c, position) => ({ c, position })).filter(({ c, position }) => c.position !== position);
  if (moved.length) {
    await (
      await em(ctx)
    ).query(
      `UPDATE pipeline_column c SET position = v.position, updated_at = now()
         FROM unnest($1::uuid[], $2::integer[]) AS v(id, position) WHERE c.id = v.id`,
      [moved.map((m) => m.c.id), moved.map((m) => m.position)],
    );
    for (const { c, position } of moved) {
      await recordAudit(ctx, {
        entityType: ENTITY,
        entityId: c.id,
        action: 'update',
        before: { position: c.position },
        after: { position },
      });
    }
  }
  return ordered.map((c, position) => ({ ...c, position }));
}
