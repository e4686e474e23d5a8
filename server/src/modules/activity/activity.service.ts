import { In, IsNull, type EntityManager } from 'typeorm';
import { requireAdmin, requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { FieldErrors, badField, conflict, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { refuseErasedContact } from '../contact/contact.service';
import { recordAudit, recordAudits } from '../audit/audit.service';
import { UserEntity } from '../user/user.entity';
import { SettingList } from '../settings/setting-option.entity';
import { requireOption } from '../settings/settings.service';
import {
  ACTIVITY_AUDITED_FIELDS,
  ActivityEntity,
  ActivityKind,
  TaskPostponementEntity,
  TaskStatus,
} from './activity.entity';
import type { ActivityFilter, CreateActivityInput, LinkedTaskInput, UpdateActivityInput } from './activity.inputs';
import { requireActiveUser, requireLiveRecord, resolveRecord } from './record-ref';
import { notifyAssignee, notifyAssigneeOfTasks } from './task-assignment';

type Path = (string | number)[];

/** "Today" for tasks is the agency's day: the product is French, so Paris time. */
export const TASK_TIME_ZONE = 'Europe/Paris';
/** Activity dates and deadlines outside these years are typing mistakes (9999-12-31, 0026): refused. */
export const MIN_ACTIVITY_YEAR = 1900;
export const MAX_ACTIVITY_YEAR = 2100;

/** Adds the error of an unreadable or absurd activity date (occurredAt, deadline) at `path`; true when fine. */
export function checkActivityDate(date: Date, path: Path, errors: FieldErrors): boolean {
  if (Number.isNaN(date.getTime())) errors.add(path, 'field.invalid');
  else if (date.getUTCFullYear() < MIN_ACTIVITY_YEAR || date.getUTCFullYear() > MAX_ACTIVITY_YEAR)
    errors.add(path, 'activity.dateRange', { min: MIN_ACTIVITY_YEAR, max: MAX_ACTIVITY_YEAR });
  else return true;
  return false;
}
const MAX_COMMENT = 20_000;

export function snapshotActivity(a: ActivityEntity): Record<string, unknown> {
  return {
    ...a,
    occurredAt: a.occurredAt?.toISOString() ?? null,
    deadline: a.deadline?.toISOString() ?? null,
  };
}

/** A live activity; one in the trash only with includeDeleted (NOT_FOUND otherwise). */
export async function getActivity(
  ctx: Ctx,
  id: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<ActivityEntity> {
  const activity = await (
    await em(ctx)
  ).findOneBy(ActivityEntity, {
    id: checkId(id, 'Activity'),
    ...(opts.includeDeleted ? {} : { deletedAt: IsNull() }),
  });
  if (!activity) throw notFound('Activity');
  return activity;
}

function cleanComment(value: string | null | undefined, path: Path, errors: FieldErrors): string | null {
  const text = value?.trim() || null;
  if (text && text.length > MAX_COMMENT) errors.add(path, 'field.tooLong', { max: MAX_COMMENT });
  return text;
}

/**
 * Creates an activity on a company or a contact. An info may create a linked task in the
 * same step (both in the request's transaction, so neither exists without the other), or
 * get one later (linkTaskToActivity).
 */
export async function createActivity(ctx: Ctx, input: CreateActivityInput): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const errors = new FieldErrors();
  const path = ['input'];
  if (input.kind === ActivityKind.EMAIL) throw badField([...path, 'kind'], 'activity.emailKind');
  const isTask = input.kind === ActivityKind.TASK;
  if (!isTask) {
    if (input.assigneeId) errors.add([...path, 'assigneeId'], 'activity.taskOnly');
    if (input.deadline) errors.add([...path, 'deadline'], 'activity.taskOnly');
  } else if (!input.deadline) errors.add([...path, 'deadline'], 'field.required');
  else checkActivityDate(input.deadline, [...path, 'deadline'], errors);
  if (input.linkedTask && input.kind !== ActivityKind.INFO) errors.add([...path, 'linkedTask'], 'activity.infoOnly');
  // Every activity has a category (SPEC): a missing one is "required", not an unknown value.
  const categoryId = input.categoryId?.trim() || null;
  if (!categoryId) errors.add([...path, 'categoryId'], 'field.required');
  const comment = cleanComment(input.comment, [...path, 'comment'], errors);
  if (input.occurredAt) checkActivityDate(input.occurredAt, [...path, 'occurredAt'], errors);
  errors.throwIfAny();

  const record = await resolveRecord(ctx, input, path);
  await requireOption(ctx, SettingList.ACTIVITY_CATEGORY, categoryId as string, [...path, 'categoryId'], {
    allowHidden: false,
  });
  if (input.authorId) await requireActiveUser(ctx, input.authorId, [...path, 'authorId']);
  const assigneeId = isTask ? (input.assigneeId ?? ctx.actor.userId) : null;
  if (isTask && !assigneeId) throw badField([...path, 'assigneeId'], 'task.assigneeRequired');
  if (assigneeId) await requireActiveUser(ctx, assigneeId, [...path, 'assigneeId']);

  const manager = await em(ctx);
  const activity = await insertActivity(ctx, manager, {
    kind: input.kind,
    companyId: record.companyId,
    contactId: record.contactId,
    categoryId: categoryId as string,
    comment,
    occurredAt: input.occurredAt ?? new Date(),
    authorId: input.authorId ?? ctx.actor.userId,
    assigneeId,
    deadline: isTask ? (input.deadline ?? null) : null,
    taskStatus: isTask ? TaskStatus.TODO : null,
  });
  if (isTask) await notifyAssignee(ctx, activity);

  if (input.linkedTask) await createLinkedTask(ctx, manager, activity, input.linkedTask, [...path, 'linkedTask']);
  return activity;
}

/**
 * Adds a task to an info that has none yet (the "Associer une tâche" button of the
 * timeline). Same rules as creating the info with its task: a writing actor, a live record.
 */
export async function linkTaskToActivity(ctx: Ctx, activityId: string, task: LinkedTaskInput): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  // Locked, so two concurrent links cannot both find the info without a task.
  const info = await manager.findOne(ActivityEntity, {
    where: { id: checkId(activityId, 'Activity'), deletedAt: IsNull() },
    lock: { mode: 'pessimistic_write' },
  });
  if (!info) throw notFound('Activity');
  if (info.kind !== ActivityKind.INFO) throw badField(['activityId'], 'activity.infoOnly');
  // A linked task in the trash does not count: the info can take a new one.
  if (
    info.linkedActivityId &&
    (await manager.countBy(ActivityEntity, { id: info.linkedActivityId, deletedAt: IsNull() }))
  )
    throw badField(['activityId'], 'activity.alreadyLinked');
  await resolveRecord(ctx, info, ['activityId']);
  await createLinkedTask(ctx, manager, info, task, ['task']);
  return info;
}

/**
 * Creates the task of an info, on the info's record, and links the two both ways (so
 * either one's popup can show the other). The task's comment and category default to the info's.
 */
async function createLinkedTask(
  ctx: Ctx,
  manager: EntityManager,
  info: ActivityEntity,
  t: LinkedTaskInput,
  tp: Path,
): Promise<ActivityEntity> {
  const taskAssignee = t.assigneeId ?? ctx.actor.userId;
  if (!taskAssignee) throw badField([...tp, 'assigneeId'], 'task.assigneeRequired');
  await requireActiveUser(ctx, taskAssignee, [...tp, 'assigneeId']);
  if (t.categoryId)
    await requireOption(ctx, SettingList.ACTIVITY_CATEGORY, t.categoryId, [...tp, 'categoryId'], {
      allowHidden: false,
    });
  const taskErrors = new FieldErrors();
  const taskComment = t.comment !== undefined ? cleanComment(t.comment, [...tp, 'comment'], taskErrors) : info.comment;
  checkActivityDate(t.deadline, [...tp, 'deadline'], taskErrors);
  taskErrors.throwIfAny();
  const task = await insertActivity(ctx, manager, {
    kind: ActivityKind.TASK,
    companyId: info.companyId,
    contactId: info.contactId,
    categoryId: t.categoryId ?? info.categoryId,
    comment: taskComment,
    occurredAt: new Date(),
    authorId: ctx.actor.userId,
    assigneeId: taskAssignee,
    deadline: t.deadline,
    taskStatus: TaskStatus.TODO,
    linkedActivityId: info.id,
  });
  await manager.update(ActivityEntity, { id: info.id }, { linkedActivityId: task.id });
  info.linkedActivityId = task.id;
  await notifyAssignee(ctx, task);
  return task;
}

/** Inserts an activity row and its audit entry (also used by the email module for Email activities). */
export async function insertActivity(
  ctx: Ctx,
  manager: EntityManager,
  values: Partial<ActivityEntity> & Pick<ActivityEntity, 'kind' | 'companyId' | 'contactId'>,
): Promise<ActivityEntity> {
  const activity = await manager.save(ActivityEntity, {
    ...values,
    workspaceId: ctx.actor.workspaceId,
    createdBy: ctx.actor.userId,
  });
  await recordAudit(ctx, {
    entityType: 'Activity',
    entityId: activity.id,
    action: 'create',
    after: snapshotActivity(activity),
    fields: ACTIVITY_AUDITED_FIELDS,
  });
  return activity;
}

export async function updateActivity(ctx: Ctx, id: string, input: UpdateActivityInput): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const current = await getActivity(ctx, id);
  // An erased person's timeline keeps its items without their text: none is written again.
  if (current.contactId) await refuseErasedContact(ctx, current.contactId);
  const path = ['input'];
  const errors = new FieldErrors();
  const isTask = current.kind === ActivityKind.TASK;
  if (!isTask && input.taskStatus) errors.add([...path, 'taskStatus'], 'activity.taskOnly');
  if (!isTask && input.assigneeId) errors.add([...path, 'assigneeId'], 'activity.taskOnly');
  const changes: Partial<ActivityEntity> = {};
  if (input.comment !== undefined) changes.comment = cleanComment(input.comment, [...path, 'comment'], errors);
  if (input.occurredAt && checkActivityDate(input.occurredAt, [...path, 'occurredAt'], errors))
    changes.occurredAt = input.occurredAt;
  errors.throwIfAny();
  if (input.categoryId) {
    await requireOption(ctx, SettingList.ACTIVITY_CATEGORY, input.categoryId, [...path, 'categoryId'], {
      allowHidden: input.categoryId === current.categoryId,
    });
    changes.categoryId = input.categoryId;
  }
  if (input.authorId && input.authorId !== current.authorId) {
    await requireActiveUser(ctx, input.authorId, [...path, 'authorId']);
    changes.authorId = input.authorId;
  }
  if (input.assigneeId && input.assigneeId !== current.assigneeId) {
    await requireActiveUser(ctx, input.assigneeId, [...path, 'assigneeId']);
    changes.assigneeId = input.assigneeId;
  }
  if (input.taskStatus && input.taskStatus !== current.taskStatus) {
    changes.taskStatus = input.taskStatus;
    changes.completedAt = input.taskStatus === TaskStatus.DONE ? new Date() : null;
  }
  const updated = await applyChanges(ctx, current, changes);
  // Only a new assignee is told: editing the comment, the date or the status of a task is not news to them.
  if (changes.assigneeId) await notifyAssignee(ctx, updated);
  return updated;
}

async function applyChanges(ctx: Ctx, current: ActivityEntity, changes: Partial<ActivityEntity>) {
  if (Object.keys(changes).length === 0) return current;
  const manager = await em(ctx);
  await manager.update(ActivityEntity, { id: current.id }, changes);
  const updated = await getActivity(ctx, current.id);
  await recordAudit(ctx, {
    entityType: 'Activity',
    entityId: current.id,
    action: 'update',
    before: snapshotActivity(current),
    after: snapshotActivity(updated),
    fields: ACTIVITY_AUDITED_FIELDS,
  });
  return updated;
}

/**
 * Moves an activity to the trash (`deleted_at` / `deleted_by`, audited): it leaves the
 * timelines, the task lists and counts until restoreActivity brings it back. Its linked
 * info or task keeps the link (the deleted one is not shown through it meanwhile).
 */
export async function deleteActivity(ctx: Ctx, id: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const current = await getActivity(ctx, id);
  const deletedAt = new Date();
  await (await em(ctx)).update(ActivityEntity, { id: current.id }, { deletedAt, deletedBy: ctx.actor.userId });
  await recordAudit(ctx, {
    entityType: 'Activity',
    entityId: current.id,
    action: 'delete',
    before: { deletedAt: null },
    after: { deletedAt: deletedAt.toISOString() },
  });
  return true;
}

/** Brings an activity back from the trash (same rights as deleting it); its record must be live. */
export async function restoreActivity(ctx: Ctx, id: string): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const current = await getActivity(ctx, id, { includeDeleted: true });
  if (!current.deletedAt) throw conflict('trash.notDeleted');
  await requireLiveRecord(ctx, current);
  const manager = await em(ctx);
  const changes: Partial<ActivityEntity> = { deletedAt: null, deletedBy: null };
  // A task whose info took another task meanwhile comes back unlinked.
  if (current.linkedActivityId) {
    const partner = await manager.findOneBy(ActivityEntity, { id: current.linkedActivityId });
    if (partner && partner.linkedActivityId !== current.id) changes.linkedActivityId = null;
  }
  await manager.update(ActivityEntity, { id: current.id }, changes);
  await recordAudit(ctx, {
    entityType: 'Activity',
    entityId: current.id,
    action: 'restore',
    before: { deletedAt: current.deletedAt.toISOString() },
    after: { deletedAt: null },
  });
  return getActivity(ctx, current.id);
}

/**
 * The trash of activities: the deleted ones of the workspace, newest deletion first, paged by
 * (deleted_at, id) on activity_trash_idx. Whoever may restore sees it (write access).
 */
export async function listDeletedActivities(
  ctx: Ctx,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<ActivityEntity>> {
  requireWrite(ctx.actor);
  const size = checkPageSize(first);
  const manager = await em(ctx);
  const base = () => manager.createQueryBuilder(ActivityEntity, 'a').where('a.deleted_at IS NOT NULL');
  const page = base()
    .orderBy('a.deleted_at', 'DESC')
    .addOrderBy('a.id', 'DESC')
    .take(size + 1);
  if (after) {
    const [deletedAt, lastId] = decodeCursor(after, 2) as [string, string];
    if (!isUuid(lastId) || Number.isNaN(Date.parse(deletedAt))) throw badField(['after'], 'field.cursor');
    page.andWhere('(a.deleted_at, a.id) < (:deletedAt::timestamptz, :lastId::uuid)', { deletedAt, lastId });
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(rows, size, (a) => [(a.deletedAt as Date).toISOString(), a.id], totalCount);
}

async function getTask(ctx: Ctx, id: string): Promise<ActivityEntity> {
  const task = await getActivity(ctx, id);
  if (task.kind !== ActivityKind.TASK) throw conflict('activity.notATask');
  return task;
}

/** Completing a done task changes nothing (a double click is harmless). */
export async function completeTask(ctx: Ctx, id: string): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const task = await getTask(ctx, id);
  if (task.taskStatus === TaskStatus.DONE) return task;
  return applyChanges(ctx, task, { taskStatus: TaskStatus.DONE, completedAt: new Date() });
}

/** Moves an open task's deadline later and keeps the previous one in its history. */
export async function postponeTask(ctx: Ctx, id: string, newDeadline: Date): Promise<ActivityEntity> {
  requireWrite(ctx.actor);
  const task = await getTask(ctx, id);
  if (task.taskStatus === TaskStatus.DONE) throw conflict('task.done');
  // A task about an erased person can be completed or deleted, not carried on.
  if (task.contactId) await refuseErasedContact(ctx, task.contactId);
  const dateErrors = new FieldErrors();
  checkActivityDate(newDeadline, ['newDeadline'], dateErrors);
  dateErrors.throwIfAny();
  if (task.deadline && newDeadline <= task.deadline) throw badField(['newDeadline'], 'task.postponeEarlier');
  const manager = await em(ctx);
  await manager.insert(TaskPostponementEntity, {
    workspaceId: ctx.actor.workspaceId,
    activityId: task.id,
    previousDeadline: task.deadline,
    newDeadline,
    postponedBy: ctx.actor.userId,
  });
  return applyChanges(ctx, task, { deadline: newDeadline });
}

/**
 * A record's timeline, newest first. A company's includes the activities of its (live)
 * contacts: joined at read time, so a contact moved elsewhere takes its history along. A
 * contact's includes the emails sent to it from another record (activity_contact).
 *
 * Each source (the company's own rows, its contacts' rows) is read through its own index
 * in timeline order and the two are merged: one "company OR contact IN (...)" condition
 * made PostgreSQL scan the whole table (870 ms at 1M activities, against ~1 ms this way).
 */
export async function listActivities(
  ctx: Ctx,
  record: { companyId?: string | null; contactId?: string | null },
  filter: ActivityFilter | null | undefined,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<ActivityEntity>> {
  const size = checkPageSize(first);
  const ref = await resolveRecord(ctx, record, [], { includeDeleted: true });
  const manager = await em(ctx);
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const sources: string[] = [];
  // Activities that concern a contact without being on it (an email sent to them from
  // elsewhere), read through activity_contact's (contact_id, activity_id) index.
  const linked = (contacts: string) =>
    `a.id IN (SELECT ac.activity_id FROM activity_contact ac WHERE ac.contact_id ${contacts})`;
  if (ref.companyId) {
    const contacts: { id: string }[] = await manager.query(
      'SELECT id FROM contact WHERE company_id = $1 AND deleted_at IS NULL',
      [ref.companyId],
    );
    sources.push(`a.company_id = ${p(ref.companyId)}`);
    if (contacts.length) {
      const ids = p(contacts.map((c) => c.id));
      sources.push(`a.contact_id = ANY(${ids}::uuid[])`, linked(`= ANY(${ids}::uuid[])`));
    }
  } else {
    const id = p(ref.contactId);
    sources.push(`a.contact_id = ${id}`, linked(`= ${id}::uuid`));
  }

  // Activities in the trash are off the timeline (and its count).
  let filters = ' AND a.deleted_at IS NULL';
  if (filter?.kinds?.length) filters += ` AND a.kind = ANY(${p(filter.kinds)}::text[])`;
  if (filter?.categoryIds?.length)
    filters += ` AND a.category_id = ANY(${p(filter.categoryIds.filter(isUuid))}::uuid[])`;
  if (filter?.authorIds?.length) filters += ` AND a.author_id = ANY(${p(filter.authorIds.filter(isUuid))}::uuid[])`;
  if (filter?.from) filters += ` AND a.occurred_at >= ${p(filter.from)}`;
  if (filter?.to) filters += ` AND a.occurred_at < ${p(filter.to)}`;
  // The count does not read the cursor's parameters (PostgreSQL refuses unused ones).
  const countParams = [...params];
  let cursor = '';
  if (after) {
    const [occurredAt, id] = decodeCursor(after, 2) as [string, string];
    if (!isUuid(id) || Number.isNaN(Date.parse(occurredAt))) throw badField(['after'], 'field.cursor');
    cursor = ` AND (a.occurred_at, a.id) < (${p(occurredAt)}::timestamptz, ${p(id)}::uuid)`;
  }
  const limit = size + 1;
  const branches = sources.map(
    (src) =>
      `(SELECT a.id, a.occurred_at FROM activity a WHERE ${src}${filters}${cursor}
        ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${limit})`,
  );
  // An activity can come from two sources (an email sent from the company to its own
  // contact): UNION keeps it once, in the page and in the count.
  const counts = sources.map((src) => `SELECT a.id FROM activity a WHERE ${src}${filters}`);
  const [idRows, [{ total }]] = await Promise.all([
    manager.query(
      `SELECT id FROM (${branches.join(' UNION ')}) x ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`,
      params,
    ) as Promise<{ id: string }[]>,
    manager.query(`SELECT count(*) AS total FROM (${counts.join(' UNION ')}) x`, countParams) as Promise<
      { total: string }[]
    >,
  ]);
  const ids = idRows.map((r) => r.id);
  const entities = ids.length ? await manager.findBy(ActivityEntity, { id: In(ids) }) : [];
  const byId = new Map(entities.map((a) => [a.id, a]));
  const rows = ids.flatMap((id) => byId.get(id) ?? []);
  return toPage(rows, size, (a) => [a.occurredAt.toISOString(), a.id], Number(total));
}

export interface TaskQuery {
  assigneeId?: string | null;
  /** Everyone's tasks (no assignee filter); not with assigneeId. */
  allAssignees?: boolean | null;
  status?: TaskStatus | null;
  due?: 'OVERDUE' | 'TODAY' | 'UPCOMING' | null;
}

const TODAY_START = `(date_trunc('day', now() AT TIME ZONE '${TASK_TIME_ZONE}') AT TIME ZONE '${TASK_TIME_ZONE}')`;
const TOMORROW_START = `((date_trunc('day', now() AT TIME ZONE '${TASK_TIME_ZONE}') + interval '1 day') AT TIME ZONE '${TASK_TIME_ZONE}')`;

/**
 * Tasks of one assignee (the signed-in user by default), or everyone's: open ones first
 * ordered by deadline, which puts the overdue ones at the top, then done ones.
 */
export async function listTasks(
  ctx: Ctx,
  query: TaskQuery,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<Page<ActivityEntity>> {
  const size = checkPageSize(first);
  if (query.allAssignees && query.assigneeId) throw badField(['allAssignees'], 'task.assigneeOrAll');
  const assigneeId = query.allAssignees ? null : (query.assigneeId ?? ctx.actor.userId);
  if (!query.allAssignees && !assigneeId) throw badField(['assigneeId'], 'task.assigneeRequired');
  const manager = await em(ctx);
  const base = () => {
    // Tasks in the trash are in no one's list.
    const qb = manager.createQueryBuilder(ActivityEntity, 'a').where("a.kind = 'TASK' AND a.deleted_at IS NULL");
    if (assigneeId) qb.andWhere('a.assignee_id = :assigneeId', { assigneeId: checkId(assigneeId, 'User') });
    if (query.status) qb.andWhere('a.task_status = :status', { status: query.status });
    if (query.due === 'OVERDUE') qb.andWhere("a.task_status = 'TODO' AND a.deadline < now()");
    if (query.due === 'TODAY') qb.andWhere(`a.deadline >= ${TODAY_START} AND a.deadline < ${TOMORROW_START}`);
    if (query.due === 'UPCOMING') qb.andWhere(`a.deadline >= ${TOMORROW_START}`);
    // Tasks on deleted records are out of anyone's to-do list.
    qb.andWhere(
      `NOT EXISTS (SELECT 1 FROM company co WHERE co.id = a.company_id AND co.deleted_at IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM contact ct WHERE ct.id = a.contact_id AND ct.deleted_at IS NOT NULL)`,
    );
    return qb;
  };
  // With a status the open/done rank is constant: ordering by deadline alone lets the
  // task index deliver rows in order and stop at the page size.
  const page = base();
  if (!query.status) page.orderBy("(a.task_status = 'DONE')", 'ASC');
  page
    .addOrderBy('a.deadline', 'ASC')
    .addOrderBy('a.id', 'ASC')
    .take(size + 1);
  if (after) {
    const [done, deadline, id] = decodeCursor(after, 3) as [boolean, string, string];
    if (query.status) page.andWhere('(a.deadline, a.id) > (:deadline::timestamptz, :id::uuid)', { deadline, id });
    else
      page.andWhere(
        "((a.task_status = 'DONE'), a.deadline, a.id) > (:done::boolean, :deadline::timestamptz, :id::uuid)",
        { done, deadline, id },
      );
  }
  const [rows, totalCount] = await Promise.all([page.getMany(), base().getCount()]);
  return toPage(
    rows,
    size,
    (a) => [a.taskStatus === TaskStatus.DONE, (a.deadline ?? new Date(0)).toISOString(), a.id],
    totalCount,
  );
}

/** Open tasks of the signed-in user: all, overdue, due today (one statement, for the side menu). */
export async function taskCounts(ctx: Ctx): Promise<{ todo: number; overdue: number; dueToday: number }> {
  if (!ctx.actor.userId) return { todo: 0, overdue: 0, dueToday: 0 };
  const [row] = await (
    await em(ctx)
  ).query(
    `SELECT count(*) AS todo,
            count(*) FILTER (WHERE a.deadline < now()) AS overdue,
            count(*) FILTER (WHERE a.deadline >= ${TODAY_START} AND a.deadline < ${TOMORROW_START}) AS due_today
       FROM activity a
      WHERE a.kind = 'TASK' AND a.task_status = 'TODO' AND a.assignee_id = $1 AND a.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM company co WHERE co.id = a.company_id AND co.deleted_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM contact ct WHERE ct.id = a.contact_id AND ct.deleted_at IS NOT NULL)`,
    [ctx.actor.userId],
  );
  return { todo: Number(row.todo), overdue: Number(row.overdue), dueToday: Number(row.due_today) };
}

/**
 * Gives every open task of one user to another active user, e.g. a departing colleague's
 * to-do list (admins). Tasks on records in the trash, and tasks in the trash themselves, move
 * too, so restoring one brings no task back to someone gone (the mail lists only live ones). The tasks are locked and moved in one statement, each gets
 * the audit entry a single edit writes, and the new assignee gets one mail listing them (the
 * usual assignment mail for a single task; none when they take them themselves). Returns how
 * many moved.
 */
export async function reassignOpenTasks(
  ctx: Ctx,
  fromUserId: string,
  toUserId: string,
  toPath: Path = ['toUserId'],
): Promise<number> {
  requireWrite(ctx.actor);
  requireAdmin(ctx.actor);
  const manager = await em(ctx);
  const from = isUuid(fromUserId) ? await manager.findOneBy(UserEntity, { id: fromUserId }) : null;
  // Another workspace's user is not seen (row-level security): NOT_FOUND, as for any id.
  if (!from) throw notFound('User');
  if (toUserId === from.id) throw badField(toPath, 'task.reassignSame');
  await requireActiveUser(ctx, toUserId, toPath);
  const tasks = await manager
    .createQueryBuilder(ActivityEntity, 'a')
    .where("a.kind = 'TASK' AND a.task_status = 'TODO' AND a.assignee_id = :from", { from: from.id })
    .orderBy('a.id')
    .setLock('pessimistic_write')
    .getMany();
  if (!tasks.length) return 0;
  await manager.update(ActivityEntity, { id: In(tasks.map((t) => t.id)) }, { assigneeId: toUserId });
  await recordAudits(
    ctx,
    tasks.map((t) => ({
      entityType: 'Activity',
      entityId: t.id,
      action: 'update',
      before: snapshotActivity(t),
      after: snapshotActivity({ ...t, assigneeId: toUserId }),
      fields: ACTIVITY_AUDITED_FIELDS,
    })),
  );
  // One digest mail listing them (or the usual mail for a single task), not a mail per task.
  await notifyAssigneeOfTasks(
    ctx,
    tasks.map((t) => t.id),
    toUserId,
  );
  return tasks.length;
}

/** Open tasks per assignee, tasks in the trash or on records in it included (what reassignOpenTasks moves). */
export async function openTaskCountsByAssignee(ctx: Ctx, userIds: readonly string[]): Promise<number[]> {
  const rows: { assignee_id: string; n: number }[] = await (
    await em(ctx)
  ).query(
    `SELECT a.assignee_id, count(*)::int AS n FROM activity a
      WHERE a.kind = 'TASK' AND a.task_status = 'TODO' AND a.assignee_id = ANY($1::uuid[])
      GROUP BY a.assignee_id`,
    [userIds.filter(isUuid)],
  );
  const counts = new Map(rows.map((r) => [r.assignee_id, r.n]));
  return userIds.map((id) => counts.get(id) ?? 0);
}

/** Batch functions for the per-request DataLoaders. */
export async function postponementsByActivityIds(
  ctx: Ctx,
  ids: readonly string[],
): Promise<TaskPostponementEntity[][]> {
  const rows = await (
    await em(ctx)
  ).find(TaskPostponementEntity, { where: { activityId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  return ids.map((id) => rows.filter((r) => r.activityId === id));
}
