import { type Ctx, em } from './context';
import { AppError, ErrorCode } from './errors';
import { checkId } from './ids';

/** The records whose pages save against the version they loaded (their updated_at). */
const TABLES = { Company: 'company', Contact: 'contact', Event: 'event' } as const;
export type VersionedRecord = keyof typeof TABLES;

const PARIS_DAY = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeZone: 'Europe/Paris' });
const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone: 'Europe/Paris' });

/** "14:05", or "14:05 (27/11/2026)" when it was not today. */
function whenText(at: Date, now: Date): string {
  const day = PARIS_DAY.format(at);
  return day === PARIS_DAY.format(now) ? PARIS_TIME.format(at) : `${PARIS_TIME.format(at)} (${day})`;
}

/**
 * Optimistic concurrency of the record pages: a save made from what the user loaded
 * (`expected`, the record's updatedAt then) is refused when the record changed since, so a
 * stale browser tab does not overwrite newer changes unseen. The row is locked first (as the
 * update would lock it), so of two saves racing from the same version only the first passes:
 * the second reads the version the first wrote. Every write to the record moves its updated_at
 * (the RecordVersions migration's triggers), compared at the column's millisecond precision.
 *
 * CONFLICT `record.stale`, naming who changed it (the record's last audit entry since) and
 * when; `extensions.currentUpdatedAt` gives the version the user would reload. Without
 * `expected` (API integrators, imports) nothing is checked.
 */
export async function requireRecordVersion(
  ctx: Ctx,
  entityType: VersionedRecord,
  id: string,
  expected: Date | null | undefined,
): Promise<void> {
  if (!expected) return;
  const manager = await em(ctx);
  const [row]: { updated_at: Date }[] = await manager.query(
    `SELECT updated_at FROM ${TABLES[entityType]} WHERE id = $1 FOR NO KEY UPDATE`,
    [checkId(id, entityType)],
  );
  // A record not found is the caller's NOT_FOUND.
  if (!row || row.updated_at.getTime() === expected.getTime()) return;
  // Who: the user (or the API key) of the record's last audit entry written since that version.
  const [last]: { who: string | null }[] = await manager.query(
    `SELECT coalesce(u.name, k.name) AS who FROM audit_log a
       LEFT JOIN app_user u ON u.id = a.actor_user_id
       LEFT JOIN api_key k ON k.id = a.actor_api_key_id
      WHERE a.entity_type = $1 AND a.entity_id = $2 AND a.created_at > $3
      ORDER BY a.id DESC LIMIT 1`,
    [entityType, id, expected],
  );
  const who = last?.who?.trim() || null;
  const at = whenText(row.updated_at, new Date());
  throw new AppError(
    ErrorCode.CONFLICT,
    who ? 'record.stale' : 'record.staleUnknownAuthor',
    who ? { who, at } : { at },
    [],
    { currentUpdatedAt: row.updated_at.toISOString(), modifiedBy: who },
  );
}
