import { In, IsNull } from 'typeorm';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { requireRecordVersion } from '../../common/record-version';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { CompanyEntity } from '../company/company.entity';
import { newRecordClient, requireClientCompany } from '../company/inline-client';
import { ContactEntity } from '../contact/contact.entity';
import { erasedContactProblems } from '../contact/contact.service';
import { UserEntity } from '../user/user.entity';
import { cleanText } from '../validation/contact-data';
import { checkField, requireValue } from '../validation/field-check';
import { nowOf } from '../../app-deps';
import { checkDate, today } from './dates';
import { EVENT_AUDITED_FIELDS, EventEntity, EventStatus } from './event.entity';
import {
  EventOrder,
  type CreateEventInput,
  type EventFieldsInput,
  type EventFilter,
  type UpdateEventInput,
} from './event.inputs';

/** The most guests an event can have (the web form's input has the same max; the message says it). */
export const MAX_GUEST_COUNT = 1_000_000;

const given = <T extends object>(input: T, key: keyof T) =>
  Object.prototype.hasOwnProperty.call(input, key) && input[key] !== undefined;

interface EventPatch {
  name?: string;
  startDate?: string;
  endDate?: string | null;
  venue?: string | null;
  status?: EventStatus;
  guestCount?: number | null;
  salespersonId?: string | null;
}

/** A live event; a deleted one (in the trash) only with includeDeleted. */
export async function getEvent(ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}): Promise<EventEntity> {
  const event = await (
    await em(ctx)
  ).findOneBy(EventEntity, {
    id: checkId(id, 'Event'),
    ...(opts.includeDeleted ? {} : { deletedAt: IsNull() }),
  });
  if (!event) throw notFound('Event');
  return event;
}

async function contactIdsOf(ctx: Ctx, eventId: string): Promise<string[]> {
  const rows: { contact_id: string }[] = await (
    await em(ctx)
  ).query('SELECT contact_id FROM event_contact WHERE event_id = $1 ORDER BY contact_id', [eventId]);
  return rows.map((r) => r.contact_id);
}

async function snapshot(ctx: Ctx, e: EventEntity): Promise<Record<string, unknown>> {
  return { ...e, contactIds: await contactIdsOf(ctx, e.id) };
}

/** Checks and normalises the event's own fields; `current` is the stored event on updates. */
function eventPatch(input: EventFieldsInput, errors: FieldErrors, current: EventEntity | null): EventPatch {
  const patch: EventPatch = {};
  const creating = !current;
  if (creating || given(input, 'name')) {
    requireValue(errors, ['input', 'name'], input.name);
    const name = checkField(errors, ['input', 'name'], cleanText(input.name, { maxLength: 300 }));
    if (name) patch.name = name;
  }
  if (creating || given(input, 'startDate')) {
    requireValue(errors, ['input', 'startDate'], input.startDate);
    const start = checkDate(errors, ['input', 'startDate'], input.startDate);
    if (start) patch.startDate = start;
  }
  if (given(input, 'endDate')) patch.endDate = checkDate(errors, ['input', 'endDate'], input.endDate);
  const start = patch.startDate ?? current?.startDate;
  const end = patch.endDate !== undefined ? patch.endDate : current?.endDate;
  if (start && end && end < start) errors.add(['input', 'endDate'], 'event.endBeforeStart');
  if (given(input, 'venue'))
    patch.venue = checkField(errors, ['input', 'venue'], cleanText(input.venue, { maxLength: 300 }));
  if (given(input, 'status') && input.status) patch.status = input.status;
  else if (creating) patch.status = EventStatus.OPTION;
  if (given(input, 'guestCount')) {
    const n = input.guestCount ?? null;
    if (n !== null && (!Number.isInteger(n) || n < 0 || n > MAX_GUEST_COUNT))
      errors.add(['input', 'guestCount'], 'event.guestCount');
    else patch.guestCount = n;
  }
  if (given(input, 'salespersonId')) patch.salespersonId = input.salespersonId || null;
  return patch;
}

async function checkSalesperson(ctx: Ctx, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const user = isUuid(id) ? await (await em(ctx)).findOneBy(UserEntity, { id, active: true }) : null;
  if (!user) throw badField(['input', 'salespersonId'], 'contact.salespersonUnknown');
}

/**
 * Every id must name a live contact of the company; duplicates are ignored. An erased person
 * is not invited again: only the contacts the event already has (`linked`) may be erased ones.
 */
async function checkContacts(ctx: Ctx, companyId: string, ids: string[], linked: string[] = []): Promise<string[]> {
  const unique = [...new Set(ids)];
  const valid = unique.filter(isUuid);
  const found = valid.length
    ? await (await em(ctx)).findBy(ContactEntity, { id: In(valid), companyId, deletedAt: IsNull() })
    : [];
  const ok = new Set(found.map((c) => c.id));
  const errors = new FieldErrors();
  ids.forEach((id, i) => {
    if (!ok.has(id)) errors.add(['input', 'contactIds', i], 'event.contactElsewhere');
  });
  errors.throwIfAny();
  const added = ids.flatMap((id, i) => (linked.includes(id) ? [] : [{ id, path: ['input', 'contactIds', i] }]));
  await erasedContactProblems(ctx, added, errors);
  errors.throwIfAny();
  return unique;
}

async function setContacts(
  ctx: Ctx,
  event: Pick<EventEntity, 'id' | 'companyId'>,
  contactIds: string[],
): Promise<void> {
  const manager = await em(ctx);
  await manager.query('DELETE FROM event_contact WHERE event_id = $1', [event.id]);
  if (contactIds.length)
    await manager.query(
      `INSERT INTO event_contact (workspace_id, event_id, company_id, contact_id)
       SELECT $1, $2, $3, unnest($4::uuid[])`,
      [ctx.actor.workspaceId, event.id, event.companyId, contactIds],
    );
}

/** New event for an existing company, or for a client created in the same step. */
export async function createEvent(ctx: Ctx, input: CreateEventInput): Promise<EventEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const patch = eventPatch(input, errors, null);
  // A missing client, or the new client's or new contact's errors, are reported together with the event's own.
  const { company, contact } = await newRecordClient(ctx, input, errors);
  errors.throwIfAny();
  let contactIds = input.contactIds ?? [];
  // The new client's main contact is linked unless contacts were given; a new contact always is.
  if (contact && input.newClient && !input.contactIds) contactIds = [contact.id];
  if (contact && input.newContact) contactIds = [...contactIds, contact.id];
  const salespersonId = patch.salespersonId !== undefined ? patch.salespersonId : ctx.actor.userId;
  await checkSalesperson(ctx, patch.salespersonId);
  contactIds = await checkContacts(ctx, company.id, contactIds);
  const manager = await em(ctx);
  const event = await manager.save(EventEntity, {
    ...patch,
    salespersonId,
    workspaceId: ctx.actor.workspaceId,
    companyId: company.id,
    createdBy: ctx.actor.userId,
  });
  await setContacts(ctx, event, contactIds);
  await recordAudit(ctx, {
    entityType: 'Event',
    entityId: event.id,
    action: 'create',
    after: await snapshot(ctx, event),
    fields: EVENT_AUDITED_FIELDS,
  });
  return event;
}

export async function updateEvent(
  ctx: Ctx,
  id: string,
  input: UpdateEventInput,
  opts: { expectedUpdatedAt?: Date | null } = {},
): Promise<EventEntity> {
  requireWrite(ctx.actor);
  await requireRecordVersion(ctx, 'Event', id, opts.expectedUpdatedAt);
  const current = await getEvent(ctx, id);
  const before = await snapshot(ctx, current);
  const errors = new FieldErrors();
  const patch = eventPatch(input, errors, current);
  errors.throwIfAny();
  await checkSalesperson(ctx, patch.salespersonId);
  const manager = await em(ctx);
  let companyId = current.companyId;
  if (input.companyId && input.companyId !== current.companyId) {
    companyId = (await requireClientCompany(ctx, input.companyId, ['input', 'companyId'])).id;
    // The linked contacts belong to the old company: say which to keep rather than drop them silently.
    if (!input.contactIds && before.contactIds && (before.contactIds as string[]).length)
      throw badField(['input', 'contactIds'], 'event.contactsOnMove');
  }
  const contactIds = input.contactIds
    ? await checkContacts(ctx, companyId, input.contactIds, (before.contactIds as string[] | undefined) ?? [])
    : null;
  const changes = { ...patch, ...(companyId !== current.companyId ? { companyId } : {}) };
  if (Object.keys(changes).length) {
    // Links first: the deferred key accepts them moving in the same transaction as the event.
    if (changes.companyId) await manager.query('DELETE FROM event_contact WHERE event_id = $1', [current.id]);
    await manager.update(EventEntity, { id: current.id }, changes);
  }
  // The same contacts again are no change (rewriting the links would move the event's version).
  const linked = (before.contactIds as string[]) ?? [];
  const sameContacts =
    !changes.companyId && contactIds?.length === linked.length && contactIds.every((c) => linked.includes(c));
  if (contactIds && !sameContacts) await setContacts(ctx, { ...current, companyId }, contactIds);
  // Read after every write: the links' trigger moves updatedAt, which the client saves against next.
  const updated = await getEvent(ctx, id);
  await recordAudit(ctx, {
    entityType: 'Event',
    entityId: id,
    action: 'update',
    before,
    after: await snapshot(ctx, updated),
    fields: EVENT_AUDITED_FIELDS,
  });
  return updated;
}

/** The SQL condition of an event filter (alias e), its parameters numbered from $1. */
function eventConditions(
  f: EventFilter,
  deleted: boolean,
): { where: string[]; params: unknown[]; bind: (v: unknown) => string } {
  const params: unknown[] = [];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const errors = new FieldErrors();
  const from = checkDate(errors, ['filter', 'from'], f.from);
  const to = checkDate(errors, ['filter', 'to'], f.to);
  errors.throwIfAny();
  const where = [deleted ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL'];
  if (f.companyId) where.push(`e.company_id = ${bind(checkId(f.companyId, 'Company'))}`);
  // Outside a company's own tab, an event shows with its company: a deleted company's events
  // leave the list (and the search) with it. They are in the trash (deleteCompany deletes them
  // too), which lists them whatever their company.
  else if (!deleted)
    where.push('EXISTS (SELECT 1 FROM company co WHERE co.id = e.company_id AND co.deleted_at IS NULL)');
  if (f.contactId)
    where.push(
      `EXISTS (SELECT 1 FROM event_contact ec WHERE ec.event_id = e.id AND ec.contact_id = ${bind(checkId(f.contactId, 'Contact'))})`,
    );
  if (f.status?.length) where.push(`e.status = ANY(${bind(f.status)}::text[])`);
  if (from) where.push(`e.start_date >= ${bind(from)}::date`);
  if (to) where.push(`e.start_date <= ${bind(to)}::date`);
  const q = f.query?.trim();
  if (q) {
    const like = bind(q.replace(/[%_\\]/g, (m) => `\\${m}`));
    // Case and accents ignored, like the lists' text filters ("seminaire" finds "Séminaire"); the
    // client's name too: agencies look an event up by who it is for ("vins de loire").
    const matches = (column: string) => `search_norm(${column}) LIKE '%' || search_norm(${like}) || '%'`;
    where.push(
      `(${matches('e.name')} OR ${matches('e.venue')}
        OR EXISTS (SELECT 1 FROM company cq WHERE cq.id = e.company_id AND ${matches('cq.name')}))`,
    );
  }
  return { where, params, bind };
}

const EVENT_COLUMNS = `e.id, e.workspace_id AS "workspaceId", e.company_id AS "companyId", e.name,
  to_char(e.start_date, 'YYYY-MM-DD') AS "startDate", to_char(e.end_date, 'YYYY-MM-DD') AS "endDate",
  e.venue, e.status, e.guest_count AS "guestCount", e.salesperson_id AS "salespersonId",
  e.created_by AS "createdBy", e.created_at AS "createdAt", e.updated_at AS "updatedAt",
  e.deleted_at AS "deletedAt", e.deleted_by AS "deletedBy"`;

const toEntity = (row: Record<string, unknown>): EventEntity => Object.assign(new EventEntity(), row);

/**
 * Events, in one of three orders:
 * - NEWEST_FIRST (the company's and contact's tabs): start date, then id, descending;
 * - UPCOMING_FIRST (the events page): events starting today or later, soonest first, then the
 *   past ones, latest first. One statement: the two index-ordered halves joined by UNION ALL,
 *   each limited to the page, the cursor saying which half it is in;
 * - the events page's column sorts (SORTS): start date, name, client or status, either way;
 * - the trash (`filter.deleted`): deleted events, newest deletion first (whoever may restore
 *   may read it).
 * Filtered by company, contact, status, dates, text. Events of deleted companies show only in
 * their company's tab.
 */
export async function listEvents(
  ctx: Ctx,
  filter: EventFilter | null | undefined,
  first?: number | null,
  after?: string | null,
  order: EventOrder = EventOrder.NEWEST_FIRST,
): Promise<Page<EventEntity>> {
  const size = checkPageSize(first);
  const manager = await em(ctx);
  const f = filter ?? {};
  const deleted = !!f.deleted;
  if (deleted) requireWrite(ctx.actor);
  const { where, params, bind } = eventConditions(f, deleted);
  const countParams = [...params];
  const countSql = `SELECT count(*)::int AS n FROM event e WHERE ${where.join(' AND ')}`;
  const total = ((await manager.query(countSql, countParams)) as { n: number }[])[0].n;
  const base = where.join(' AND ');
  const limit = bind(size + 1);
  let sql: string;
  let cursorOf: (r: EventEntity) => unknown[];
  if (deleted) {
    let seek = '';
    if (after) {
      const [at, lastId] = decodeCursor(after, 2);
      if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isUuid(lastId))
        throw badField(['after'], 'field.cursor');
      seek = ` AND (e.deleted_at, e.id) < (${bind(at)}::timestamptz, ${bind(lastId)}::uuid)`;
    }
    sql = `SELECT ${EVENT_COLUMNS} FROM event e WHERE ${base}${seek}
           ORDER BY e.deleted_at DESC, e.id DESC LIMIT ${limit}`;
    cursorOf = (r) => [(r.deletedAt as Date).toISOString(), r.id];
  } else if (order === EventOrder.UPCOMING_FIRST) {
    // "Today" splits the order, so it is part of it: the first page takes the clock's, and the
    // cursor carries it on, so a page read after midnight continues the order of the page before
    // (no event shown twice or skipped as "today" moves). A new first page takes the new day.
    let day = today(nowOf(ctx.deps));
    let half: 'U' | 'P' = 'U';
    let seek = '';
    if (after) {
      const [h, date, lastId, anchor] = decodeUpcomingCursor(after);
      if (
        (h !== 'U' && h !== 'P') ||
        typeof date !== 'string' ||
        !ISO_DAY.test(date) ||
        !isUuid(lastId) ||
        (anchor !== undefined && (typeof anchor !== 'string' || !ISO_DAY.test(anchor)))
      )
        throw badField(['after'], 'field.cursor');
      if (anchor !== undefined) day = anchor;
      half = h;
      seek =
        h === 'U'
          ? ` AND (e.start_date, e.id) > (${bind(date)}::date, ${bind(lastId)}::uuid)`
          : ` AND (e.start_date, e.id) < (${bind(date)}::date, ${bind(lastId)}::uuid)`;
    }
    const dayParam = bind(day);
    const past = (extra: string) => `(SELECT ${EVENT_COLUMNS}, 1 AS half FROM event e
         WHERE ${base} AND e.start_date < ${dayParam}::date${extra}
         ORDER BY e.start_date DESC, e.id DESC LIMIT ${limit})`;
    sql =
      half === 'U'
        ? `SELECT * FROM ((SELECT ${EVENT_COLUMNS}, 0 AS half FROM event e
             WHERE ${base} AND e.start_date >= ${dayParam}::date${seek}
             ORDER BY e.start_date, e.id LIMIT ${limit})
           UNION ALL ${past('')}) page
           ORDER BY half, CASE WHEN half = 0 THEN "startDate" END, CASE WHEN half = 0 THEN id END,
             "startDate" DESC, id DESC
           LIMIT ${limit}`
        : `SELECT * FROM ${past(seek)} page`;
    cursorOf = (r) => [r.startDate >= day ? 'U' : 'P', r.startDate, r.id, day];
  } else if (order !== EventOrder.NEWEST_FIRST) {
    const sort = SORTS[order];
    const dir = sort.desc ? 'DESC' : 'ASC';
    let seek = '';
    if (after) {
      const [tag, key, date, lastId] = decodeCursor(after, 4);
      if (
        tag !== order ||
        (sort.key && !(sort.numeric ? Number.isInteger(key) : typeof key === 'string')) ||
        (!sort.key && key !== null) ||
        typeof date !== 'string' ||
        !ISO_DAY.test(date) ||
        !isUuid(lastId)
      )
        throw badField(['after'], 'field.cursor');
      const cols = [...(sort.key ? [sort.key] : []), 'e.start_date', 'e.id'];
      const vals = [
        ...(sort.key ? [`${bind(key)}::${sort.numeric ? 'int' : 'text'}`] : []),
        `${bind(date)}::date`,
        `${bind(lastId)}::uuid`,
      ];
      seek = ` AND (${cols.join(', ')}) ${sort.desc ? '<' : '>'} (${vals.join(', ')})`;
    }
    sql = `SELECT ${EVENT_COLUMNS}, ${sort.key ?? 'NULL'} AS sort_key FROM event e${sort.join ?? ''}
           WHERE ${base}${seek}
           ORDER BY ${sort.key ? `${sort.key} ${dir}, ` : ''}e.start_date ${dir}, e.id ${dir} LIMIT ${limit}`;
    const raw = (await manager.query(sql, params)) as Record<string, unknown>[];
    const keys = new Map(raw.map((r) => [r.id as string, r.sort_key ?? null]));
    const rows = raw.map(({ sort_key: _k, ...r }) => toEntity(r));
    return toPage(rows, size, (r) => [order, keys.get(r.id), r.startDate, r.id], total);
  } else {
    let seek = '';
    if (after) {
      const [date, lastId] = decodeCursor(after, 2);
      if (typeof date !== 'string' || !ISO_DAY.test(date) || !isUuid(lastId)) throw badField(['after'], 'field.cursor');
      seek = ` AND (e.start_date, e.id) < (${bind(date)}::date, ${bind(lastId)}::uuid)`;
    }
    sql = `SELECT ${EVENT_COLUMNS} FROM event e WHERE ${base}${seek}
           ORDER BY e.start_date DESC, e.id DESC LIMIT ${limit}`;
    cursorOf = (r) => [r.startDate, r.id];
  }
  const rows = ((await manager.query(sql, params)) as Record<string, unknown>[]).map(({ half: _h, ...r }) =>
    toEntity(r),
  );
  return toPage(rows, size, cursorOf, total);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Statuses in their life order (the events page's status sort). */
const STATUS_RANK = `array_position(ARRAY['OPTION', 'CONFIRMED', 'DONE', 'CANCELLED'], e.status::text)`;

/**
 * The orders of the events page's sortable columns: an optional key (an SQL expression), then
 * the start date and the id, all in one direction, so that a row comparison seeks the next page.
 * The cursor says its order, [order, key, start date, id]: one handed out for another order is
 * refused rather than paging from a meaningless place. The names compare in their columns'
 * collation (migration NameCollation), the bound text taking it.
 */
const SORTS: Record<
  Exclude<EventOrder, EventOrder.NEWEST_FIRST | EventOrder.UPCOMING_FIRST>,
  { key?: string; numeric?: boolean; desc: boolean; join?: string }
> = {
  [EventOrder.OLDEST_FIRST]: { desc: false },
  [EventOrder.NAME_ASC]: { key: 'e.name', desc: false },
  [EventOrder.NAME_DESC]: { key: 'e.name', desc: true },
  [EventOrder.CLIENT_ASC]: { key: 'c.name', desc: false, join: ' JOIN company c ON c.id = e.company_id' },
  [EventOrder.CLIENT_DESC]: { key: 'c.name', desc: true, join: ' JOIN company c ON c.id = e.company_id' },
  [EventOrder.STATUS_ASC]: { key: STATUS_RANK, numeric: true, desc: false },
  [EventOrder.STATUS_DESC]: { key: STATUS_RANK, numeric: true, desc: true },
};

/**
 * An UPCOMING_FIRST cursor: [half, start date, id, the day that split the order]. Cursors
 * handed out before the day was carried have three values: they page on from today.
 */
function decodeUpcomingCursor(after: string): unknown[] {
  try {
    return decodeCursor(after, 4);
  } catch {
    return decodeCursor(after, 3);
  }
}

/** Invoices that tie an event to the books: issued ones (paid or cancelled included), credit notes too. */
async function issuedInvoicesOf(ctx: Ctx, eventId: string): Promise<string[]> {
  const rows: { number: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT number FROM invoice WHERE event_id = $1 AND status <> 'DRAFT' AND number IS NOT NULL
     ORDER BY number LIMIT 5`,
    [eventId],
  );
  return rows.map((r) => r.number);
}

/**
 * Soft-deletes an event: it leaves the company's and contacts' tabs, the counts, the events
 * list and the search, and waits in the trash. Its contact links stay (they come back on
 * restore), as do the quotes and draft invoices that name it. An event an issued invoice
 * names is refused (CONFLICT): the invoice is a legal document, its event stays.
 */
export async function deleteEvent(ctx: Ctx, id: string): Promise<EventEntity> {
  requireWrite(ctx.actor);
  // Locked first: an invoice being issued at the same time (issueInvoice takes a share lock on
  // its event) either finishes before the look-up below sees it, or sees this deletion.
  await (await em(ctx)).query('SELECT 1 FROM event WHERE id = $1 FOR UPDATE', [checkId(id, 'Event')]);
  const event = await getEvent(ctx, id);
  const invoices = await issuedInvoicesOf(ctx, event.id);
  if (invoices.length) throw conflict('event.issuedInvoice', { numbers: invoices.join(', ') });
  const deletedAt = new Date();
  await (await em(ctx)).update(EventEntity, { id: event.id }, { deletedAt, deletedBy: ctx.actor.userId });
  await recordAudit(ctx, {
    entityType: 'Event',
    entityId: event.id,
    action: 'delete',
    before: { deletedAt: null },
    after: { deletedAt: deletedAt.toISOString() },
  });
  return getEvent(ctx, id, { includeDeleted: true });
}

/**
 * A company deleted takes its live events to the trash with it, at the same instant (events
 * invoiced included: they come back with the company, and the trash shows them meanwhile).
 */
export async function deleteCompanyEvents(ctx: Ctx, companyId: string, deletedAt: Date): Promise<void> {
  const rows: { id: string }[] = await (
    await em(ctx)
  ).query(
    // Under WITH, the statement is a SELECT: TypeORM returns its rows (an UPDATE gives [rows, count]).
    `WITH done AS (
       UPDATE event SET deleted_at = $2, deleted_by = $3 WHERE company_id = $1 AND deleted_at IS NULL RETURNING id
     ) SELECT id FROM done`,
    [companyId, deletedAt, ctx.actor.userId],
  );
  for (const { id } of rows)
    await recordAudit(ctx, {
      entityType: 'Event',
      entityId: id,
      action: 'delete',
      before: { deletedAt: null },
      after: { deletedAt: deletedAt.toISOString(), withCompany: companyId },
    });
}

/** A company restored brings back the events deleted with it (not those deleted on their own before). */
export async function restoreCompanyEvents(ctx: Ctx, companyId: string, deletedAt: Date): Promise<void> {
  const rows: { id: string }[] = await (
    await em(ctx)
  ).query(
    `WITH done AS (
       UPDATE event SET deleted_at = NULL, deleted_by = NULL WHERE company_id = $1 AND deleted_at = $2 RETURNING id
     ) SELECT id FROM done`,
    [companyId, deletedAt],
  );
  for (const { id } of rows)
    await recordAudit(ctx, {
      entityType: 'Event',
      entityId: id,
      action: 'restore',
      before: { deletedAt: deletedAt.toISOString() },
      after: { deletedAt: null },
    });
}

/** Brings a deleted event back, with its contact links; its company must be live. */
export async function restoreEvent(ctx: Ctx, id: string): Promise<EventEntity> {
  requireWrite(ctx.actor);
  const event = await getEvent(ctx, id, { includeDeleted: true });
  if (!event.deletedAt) throw conflict('event.notDeleted');
  const manager = await em(ctx);
  const company = await manager.findOneBy(CompanyEntity, { id: event.companyId });
  if (!company || company.deletedAt) throw conflict('event.companyDeleted', { company: company?.name ?? '' });
  await manager.update(EventEntity, { id: event.id }, { deletedAt: null, deletedBy: null });
  await recordAudit(ctx, {
    entityType: 'Event',
    entityId: event.id,
    action: 'restore',
    before: { deletedAt: event.deletedAt.toISOString() },
    after: { deletedAt: null },
  });
  return getEvent(ctx, id);
}

/** Batch: events per company (for the list's "events" column). */
export async function eventCountsByCompanyIds(ctx: Ctx, ids: readonly string[]): Promise<number[]> {
  const rows: { company_id: string; n: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT company_id, count(*) AS n FROM event
     WHERE company_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY company_id`,
    [[...ids]],
  );
  const map = new Map(rows.map((r) => [r.company_id, Number(r.n)]));
  return ids.map((id) => map.get(id) ?? 0);
}

/** Batch: events each contact is linked to. */
export async function eventCountsByContactIds(ctx: Ctx, ids: readonly string[]): Promise<number[]> {
  const rows: { contact_id: string; n: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT ec.contact_id, count(*) AS n FROM event_contact ec JOIN event e ON e.id = ec.event_id
     WHERE ec.contact_id = ANY($1::uuid[]) AND e.deleted_at IS NULL GROUP BY ec.contact_id`,
    [[...ids]],
  );
  const map = new Map(rows.map((r) => [r.contact_id, Number(r.n)]));
  return ids.map((id) => map.get(id) ?? 0);
}

/** Batch: how many contacts each event is linked to (the events list's column). */
export async function contactCountsByEventIds(ctx: Ctx, ids: readonly string[]): Promise<number[]> {
  const valid = ids.filter(isUuid);
  const rows: { event_id: string; n: number }[] = valid.length
    ? await (
        await em(ctx)
      ).query(
        'SELECT event_id, count(*)::int AS n FROM event_contact WHERE event_id = ANY($1::uuid[]) GROUP BY event_id',
        [valid],
      )
    : [];
  const map = new Map(rows.map((r) => [r.event_id, r.n]));
  return ids.map((id) => map.get(id) ?? 0);
}

/** Batch: the contacts linked to each event, by name. */
export async function contactsByEventIds(ctx: Ctx, ids: readonly string[]): Promise<ContactEntity[][]> {
  const rows = await (
    await em(ctx)
  )
    .createQueryBuilder(ContactEntity, 'c')
    .innerJoin('event_contact', 'ec', 'ec.contact_id = c.id')
    .addSelect('ec.event_id', 'event_id')
    .where('ec.event_id IN (:...ids)', { ids: [...ids] })
    .orderBy('c.last_name', 'ASC')
    .addOrderBy('c.first_name', 'ASC')
    .addOrderBy('c.id', 'ASC')
    .getRawAndEntities();
  const byEvent = new Map<string, ContactEntity[]>();
  rows.raw.forEach((raw: { event_id: string; c_id: string }) => {
    const contact = rows.entities.find((c) => c.id === raw.c_id);
    if (contact) byEvent.set(raw.event_id, [...(byEvent.get(raw.event_id) ?? []), contact]);
  });
  return ids.map((id) => byEvent.get(id) ?? []);
}

/**
 * A contact moving to another company leaves the events of its former company: those events
 * stay with that company (the database only links an event to contacts of its own company).
 * Returns the events it was unlinked from, for the audit trail.
 */
export async function unlinkContactFromCompanyEvents(
  ctx: Ctx,
  contactIds: string[],
  companyId: string,
): Promise<string[]> {
  if (!contactIds.length) return [];
  const rows: { event_id: string }[] = await (
    await em(ctx)
  ).query(
    `WITH gone AS (DELETE FROM event_contact WHERE contact_id = ANY($1::uuid[]) AND company_id = $2 RETURNING event_id)
     SELECT event_id FROM gone`,
    [contactIds, companyId],
  );
  return [...new Set(rows.map((r) => r.event_id))];
}
