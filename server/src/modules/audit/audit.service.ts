import { actorLabel } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, type Page, toPage } from '../../common/pagination';
import { AuditLogEntity, type FieldChange } from './audit.entity';

type Snapshot = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two snapshots of a record, as { field: { from, to } }. */
export function diff(before: Snapshot | null, after: Snapshot | null, fields?: string[]): Record<string, FieldChange> {
  const keys = fields ?? [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const changes: Record<string, FieldChange> = {};
  for (const key of keys) {
    const from = before?.[key] ?? null;
    const to = after?.[key] ?? null;
    if (!same(from, to)) changes[key] = { from, to };
  }
  return changes;
}

export interface AuditInput {
  entityType: string;
  entityId: string;
  action: 'create' | 'update' | 'delete' | 'restore' | string;
  before?: Snapshot | null;
  after?: Snapshot | null;
  /** Only these fields are compared and logged (leave out secrets and noise). */
  fields?: string[];
}

/** Writes one audit entry in the caller's transaction; an update that changed nothing writes none. */
export async function recordAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  await recordAudits(ctx, [input]);
}

/**
 * Writes the entries of many records in one statement (bulk actions): each record gets the
 * entry a single edit would write, and updates that changed nothing none.
 */
export async function recordAudits(ctx: Ctx, inputs: readonly AuditInput[]): Promise<void> {
  const rows = inputs.flatMap((input) => {
    const changes = diff(input.before ?? null, input.after ?? null, input.fields);
    if (input.action === 'update' && Object.keys(changes).length === 0) return [];
    return [
      {
        workspaceId: ctx.actor.workspaceId,
        entityType: input.entityType,
        entityId: input.entityId,
        action: input.action,
        changes: changes as object,
        actorUserId: ctx.actor.userId,
        actorApiKeyId: ctx.actor.apiKeyId,
        actorLabel: actorLabel(ctx.actor),
      },
    ];
  });
  if (!rows.length) return;
  const manager = await em(ctx);
  await manager.insert(AuditLogEntity, rows);
}

/** One record's history, newest first. */
export async function auditTrail(
  ctx: Ctx,
  entityType: string,
  entityId: string,
  first?: number | null,
  after?: string | null,
): Promise<Page<AuditLogEntity>> {
  const size = checkPageSize(first);
  if (!isUuid(entityId)) return toPage([], size, () => [], 0);
  const manager = await em(ctx);
  const where = { entityType, entityId };
  const qb = manager
    .createQueryBuilder(AuditLogEntity, 'a')
    .where('a.entity_type = :entityType AND a.entity_id = :entityId', where)
    .orderBy('a.id', 'DESC')
    .take(size + 1);
  if (after) qb.andWhere('a.id < :id', { id: String(decodeCursor(after, 1)[0]) });
  const [rows, total] = await Promise.all([qb.getMany(), manager.countBy(AuditLogEntity, where)]);
  return toPage(rows, size, (r) => [r.id], total);
}
