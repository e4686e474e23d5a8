import type { EntityManager } from 'typeorm';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, badField, conflict, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { recordAudit } from '../audit/audit.service';
import { erasedAtByContactIds, refuseErasedContact } from '../contact/contact.service';
import { replaceMainContacts } from '../contact/main-contact';
import type { MergeResultType, MovedRelationType } from './search.types';

/**
 * Merging two companies or two contacts: the kept record receives every row that points
 * to the merged one, fills its empty fields from it, and the merged record is soft-deleted.
 *
 * Which rows point to a record is read from the PostgreSQL catalog (foreign keys to the
 * table) at run time, so tables added later by other modules (quotes, invoices,
 * documents…) are moved without this code knowing them: "merges that lose timeline items
 * or links" is what CRM users complain about most (SPEC.md). Unique keys are respected:
 * a row that would duplicate one the kept record already has is dropped when it is a pure
 * link (only keys, e.g. a language of the company, a contact invited to an event), and
 * otherwise left on the merged record, never lost. Rows whose other key columns cannot
 * follow (a contact's invitation to an event of another company) stay on the merged record.
 *
 * Who may merge: any user with write access, not only admins. Duplicates are found by the
 * people who create records (the create forms warn them), and the merge destroys nothing:
 * every row is kept, the merged record is only soft-deleted, and both records get an audit
 * entry saying what moved. The workspace has only two roles; reserving merges to admins
 * would leave duplicates in place, which costs more than it protects.
 */

export type Target = 'company' | 'contact';

interface ForeignKey {
  name: string;
  table: string;
  cols: string[];
  refcols: string[];
}

interface UniqueIndex {
  cols: string[];
  pred: string | null;
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const tableLabel = (t: string) => t.replace(/"/g, '').replace(/^public\./, '');

async function referencingKeys(manager: EntityManager, target: Target): Promise<ForeignKey[]> {
  return manager.query(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS table,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
       (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS refcols
     FROM pg_constraint c
     WHERE c.contype = 'f' AND c.confrelid = $1::regclass
     ORDER BY 2, 1`,
    [target],
  );
}

async function uniqueIndexes(manager: EntityManager, table: string): Promise<UniqueIndex[]> {
  const rows: { cols: string[] | null; pred: string | null; exprs: boolean }[] = await manager.query(
    `SELECT (SELECT array_agg(a.attname::text) FROM unnest(i.indkey::int2[]) n
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = n) AS cols,
            pg_get_expr(i.indpred, i.indrelid) AS pred, i.indexprs IS NOT NULL AS exprs
     FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique`,
    [table],
  );
  // Expression indexes cannot be compared generically: a conflict there fails the merge
  // (the transaction rolls back, nothing is lost).
  return rows.filter((r) => !r.exprs && r.cols).map((r) => ({ cols: r.cols as string[], pred: r.pred }));
}

/** Columns that carry no data of their own: the workspace and every foreign-key column. */
async function keyOnlyColumns(manager: EntityManager, table: string): Promise<{ all: string[]; keys: Set<string> }> {
  const [cols, fks]: [{ name: string }[], { name: string }[]] = await Promise.all([
    manager.query(
      `SELECT attname::text AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [table],
    ),
    manager.query(
      `SELECT DISTINCT a.attname::text AS name FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
       WHERE c.conrelid = $1::regclass AND c.contype = 'f'`,
      [table],
    ),
  ]);
  return { all: cols.map((c) => c.name), keys: new Set(['workspace_id', ...fks.map((f) => f.name)]) };
}

/** Moves every row referencing `mergeId` to `keep`, following the catalog's foreign keys. */
async function moveReferences(
  manager: EntityManager,
  target: Target,
  keep: Record<string, unknown>,
  mergeId: string,
): Promise<MovedRelationType[]> {
  const results: MovedRelationType[] = [];
  for (const fk of await referencingKeys(manager, target)) {
    const idAt = fk.refcols.indexOf('id');
    if (idAt < 0) continue;
    const idCol = quoteIdent(fk.cols[idAt]);
    const params: unknown[] = [keep.id, mergeId];
    // Other columns of a composite key must already hold the kept record's values
    // (a contact's invitation to an event moves only within the same company).
    const same: string[] = [];
    fk.cols.forEach((col, i) => {
      if (i === idAt) return;
      params.push(keep[fk.refcols[i]] ?? null);
      same.push(`r.${quoteIdent(col)} = $${params.length}`);
    });
    // The kept record's own pointer (its parent company) is settled by the caller.
    if (fk.table === target) same.push('r.id <> $1');
    const movable = [`r.${idCol} = $2`, ...same].join(' AND ');

    let duplicatesDropped = 0;
    const conflicts: string[] = [];
    const uniques = (await uniqueIndexes(manager, fk.table)).filter((u) => u.cols.includes(fk.cols[idAt]));
    if (uniques.length) {
      const { all, keys } = await keyOnlyColumns(manager, fk.table);
      for (const u of uniques) {
        const others = u.cols.filter((c) => c !== fk.cols[idAt]);
        const match = others.map((c) => `k.${quoteIdent(c)} = r.${quoteIdent(c)}`);
        // An unqualified predicate column resolves to the innermost table: k inside, r outside.
        const conflict = `${u.pred ? `(${u.pred}) AND ` : ''}EXISTS (SELECT 1 FROM ${fk.table} k
          WHERE k.${idCol} = $1 ${match.map((m) => `AND ${m}`).join(' ')} ${u.pred ? `AND (${u.pred})` : ''})`;
        const pureLink = all.every((c) => u.cols.includes(c) || keys.has(c));
        if (pureLink) {
          const deleted = await manager.query(`DELETE FROM ${fk.table} r WHERE ${movable} AND ${conflict}`, params);
          duplicatesDropped += Number(deleted[1] ?? 0);
        } else {
          conflicts.push(conflict);
        }
      }
    }
    const update = await manager.query(
      `UPDATE ${fk.table} r SET ${idCol} = $1 WHERE ${movable}${conflicts.map((c) => ` AND NOT (${c})`).join('')}`,
      params,
    );
    const moved = Number(update[1] ?? 0);
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM ${fk.table} r WHERE r.${idCol} = $1`, [
      mergeId,
    ]);
    // The merged row itself (a company's parent pointer) is not "left behind".
    const leftBehind = fk.table === target ? 0 : n;
    if (moved || duplicatesDropped || leftBehind)
      results.push({ table: tableLabel(fk.table), column: fk.cols[idAt], moved, duplicatesDropped, leftBehind });
  }
  return results;
}

/**
 * Columns of the kept record that are empty and set on the merged one. Columns listed in
 * `skip` are settled by the caller; `follows` copies a column together with another one
 * (a phone with its raw input, a SIREN with its SIRET) so pairs never mix two records.
 */
async function fillEmptyFields(
  manager: EntityManager,
  target: Target,
  keepId: string,
  mergeId: string,
  skip: Set<string>,
  follows: Record<string, string>,
): Promise<string[]> {
  const [row]: { k: Record<string, unknown>; m: Record<string, unknown> }[] = await manager.query(
    `SELECT to_jsonb(k) AS k, to_jsonb(m) AS m FROM ${target} k, ${target} m WHERE k.id = $1 AND m.id = $2`,
    [keepId, mergeId],
  );
  const columns: { name: string }[] = await manager.query(
    `SELECT column_name::text AS name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_nullable = 'YES' AND is_generated = 'NEVER'`,
    [target],
  );
  const fill = new Set<string>();
  for (const { name } of columns) {
    if (skip.has(name) || name in follows) continue;
    if (row.k[name] === null && row.m[name] !== null) fill.add(name);
  }
  for (const [col, leader] of Object.entries(follows)) {
    if (fill.has(leader) && row.k[col] === null) fill.add(col);
  }
  if (fill.size) {
    const sets = [...fill].map((c) => `${quoteIdent(c)} = m.${quoteIdent(c)}`);
    await manager.query(
      `UPDATE ${target} k SET ${sets.join(', ')}, updated_at = now() FROM ${target} m WHERE k.id = $1 AND m.id = $2`,
      [keepId, mergeId],
    );
  }
  // A *_raw column is the typed input kept next to a normalised value (a phone as entered):
  // filled with it, it is not a field of its own for the user reading what the merge did.
  return [...fill].filter((c) => !c.endsWith('_raw')).map(camel);
}

/** Custom field values of the merged record that the kept one lacks. */
async function mergeCustomFields(manager: EntityManager, target: Target, keepId: string, mergeId: string) {
  await manager.query(
    `UPDATE ${target} k SET custom_fields = m.custom_fields || k.custom_fields FROM ${target} m
     WHERE k.id = $1 AND m.id = $2 AND m.custom_fields <> '{}'::jsonb`,
    [keepId, mergeId],
  );
}

/** Both records, live, in this workspace (row-level security hides the others), locked in id order. */
async function lockPair(
  manager: EntityManager,
  target: Target,
  keepId: string,
  mergeId: string,
): Promise<[Record<string, unknown>, Record<string, unknown>]> {
  const entity = target === 'company' ? 'Company' : 'Contact';
  checkId(keepId, entity);
  checkId(mergeId, entity);
  if (keepId === mergeId) throw badField(['mergeId'], 'merge.self');
  const rows: { id: string; row: Record<string, unknown> }[] = await manager.query(
    `SELECT id, to_jsonb(t) AS row FROM ${target} t WHERE id IN ($1, $2) AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
    [keepId, mergeId],
  );
  const keep = rows.find((r) => r.id === keepId)?.row;
  const merge = rows.find((r) => r.id === mergeId)?.row;
  if (!keep || !merge) throw notFound(entity);
  return [keep, merge];
}

async function softDelete(ctx: Ctx, manager: EntityManager, target: Target, id: string): Promise<Date> {
  // An UPDATE answers [rows, rowCount].
  const [rows]: [{ at: Date }[], number] = await manager.query(
    `UPDATE ${target} SET deleted_at = now(), deleted_by = $2, updated_at = now() WHERE id = $1 RETURNING deleted_at AS at`,
    [id, ctx.actor.userId],
  );
  return rows[0].at;
}

async function auditMerge(
  ctx: Ctx,
  entityType: string,
  result: MergeResultType,
  deletedAt: Date,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const summary = { filledFields: result.filledFields, relations: result.relations, ...extra };
  await recordAudit(ctx, {
    entityType,
    entityId: result.keptId,
    action: 'merge',
    before: null,
    after: { mergedFrom: result.mergedId, ...summary },
  });
  await recordAudit(ctx, {
    entityType,
    entityId: result.mergedId,
    action: 'merge',
    before: { deletedAt: null },
    after: { mergedInto: result.keptId, deletedAt: deletedAt.toISOString(), ...summary },
  });
}

const COMPANY_SKIP = new Set([
  'deleted_at',
  'deleted_by',
  'created_by',
  'main_contact_id',
  'parent_id',
  // The address is copied as a whole or not at all, never mixed from two records.
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
]);

export async function mergeCompanies(ctx: Ctx, keepId: string, mergeId: string): Promise<MergeResultType> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const [keep, merge] = await lockPair(manager, 'company', keepId, mergeId);

  // The kept company may sit under the merged one. Directly under it, it takes its place;
  // deeper, re-parenting would close a cycle: the user merges the other way round.
  const [{ depth }] = await manager.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM company WHERE id = $1
       UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM company c JOIN up ON c.id = up.parent_id WHERE up.depth < 100)
     SELECT min(depth) AS depth FROM up WHERE id = $2`,
    [keepId, mergeId],
  );
  if (depth !== null && depth > 1) throw conflict('merge.hierarchy');
  const filled: string[] = [];
  if (depth === 1) {
    await manager.query('UPDATE company SET parent_id = $2 WHERE id = $1', [keepId, merge.parent_id]);
    if (merge.parent_id) filled.push('parentId');
  } else if (!keep.parent_id && merge.parent_id && merge.parent_id !== keepId) {
    // Not if the merged company's parent is one of the kept company's subsidiaries.
    const cycle: unknown[] = await manager.query(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT id, parent_id FROM company WHERE id = $1
         UNION SELECT c.id, c.parent_id FROM company c JOIN up ON c.id = up.parent_id)
       SELECT 1 FROM up WHERE id = $2 LIMIT 1`,
      [merge.parent_id, keepId],
    );
    if (!cycle.length) {
      await manager.query('UPDATE company SET parent_id = $2 WHERE id = $1', [keepId, merge.parent_id]);
      filled.push('parentId');
    }
  }

  // One default billing address per company: the merged one's default becomes an extra
  // address, unless the kept company has no default that could go on a document (none, or
  // one without street: isUsableAddress) and the merged one has: that one stays the default.
  const defaults: { company_id: string; usable: boolean }[] = await manager.query(
    `SELECT company_id, coalesce(btrim(address_line1), '') <> '' AS usable FROM billing_address
     WHERE company_id = ANY($1::uuid[]) AND is_default`,
    [[keepId, mergeId]],
  );
  const keptDefault = defaults.find((d) => d.company_id === keepId);
  const mergedDefault = defaults.find((d) => d.company_id === mergeId);
  if (keptDefault && mergedDefault) {
    const loser = !keptDefault.usable && mergedDefault.usable ? keepId : mergeId;
    await manager.query('UPDATE billing_address SET is_default = false WHERE company_id = $1 AND is_default', [loser]);
  }
  const movedContacts: { id: string }[] = await manager.query('SELECT id FROM contact WHERE company_id = $1', [
    mergeId,
  ]);
  // The merged company's main contact moves away: its pointer would break at commit.
  await manager.query('UPDATE company SET main_contact_id = NULL WHERE id = $1', [mergeId]);
  const relations = await moveReferences(manager, 'company', keep, mergeId);
  if (!keep.main_contact_id && merge.main_contact_id) {
    await manager.query('UPDATE company SET main_contact_id = $2 WHERE id = $1', [keepId, merge.main_contact_id]);
    filled.push('mainContactId');
  }

  if (!keep.address_line1 && !keep.postal_code && !keep.city && (merge.address_line1 || merge.city)) {
    await manager.query(
      `UPDATE company k SET address_line1 = m.address_line1, address_line2 = m.address_line2,
         postal_code = m.postal_code, city = m.city, country = m.country
       FROM company m WHERE k.id = $1 AND m.id = $2`,
      [keepId, mergeId],
    );
    filled.push('address');
  }
  filled.push(...(await fillEmptyFields(manager, 'company', keepId, mergeId, COMPANY_SKIP, { siren: 'siret' })));
  await mergeCustomFields(manager, 'company', keepId, mergeId);
  const deletedAt = await softDelete(ctx, manager, 'company', mergeId);

  // An erased person's record is read-only, but a company merge only re-points its company link
  // (the merged company goes to the trash; leaving the person on it would leave a live contact of
  // a deleted company): nothing else of theirs is written. Said in the result and the audit.
  const erasedAt = await erasedAtByContactIds(
    ctx,
    movedContacts.map((c) => c.id),
  );
  const erasedContactIds = movedContacts.filter((_, i) => erasedAt[i]).map((c) => c.id);
  const result: MergeResultType = {
    keptId: keepId,
    mergedId: mergeId,
    filledFields: filled,
    relations,
    erasedContactIds,
  };
  await auditMerge(ctx, 'Company', result, deletedAt, erasedContactIds.length ? { erasedContactIds } : {});
  for (const c of movedContacts) {
    await recordAudit(ctx, {
      entityType: 'Contact',
      entityId: c.id,
      action: 'update',
      before: { companyId: mergeId },
      after: { companyId: keepId },
    });
  }
  return result;
}

/**
 * Refuses to bring back a record a merge put in the trash. A merge cannot be undone: the
 * merged record's links, activities and empty-field values now belong to the kept one, so a
 * restore would only bring back an empty shell (a company without its contacts and main
 * contact, a contact without its history) next to the record that holds everything. The
 * message names the kept record and the date, for the user to go there instead.
 * A record deleted later for another reason (restored before this rule, then deleted) is not
 * concerned: the merge's audit entry must match the current deletion.
 */
export async function refuseRestoreOfMerged(
  ctx: Ctx,
  target: Target,
  record: { id: string; deletedAt: Date | null; name: string },
): Promise<void> {
  if (!record.deletedAt) return;
  const manager = await em(ctx);
  // Besides the name, what tells the two records apart when their names are equal: the
  // postal code and city of a company, the e-mail of a contact.
  const detail = target === 'company' ? `nullif(concat_ws(' ', t.postal_code, t.city), '')` : `t.email::text`;
  const fullName = target === 'company' ? 't.name' : `concat_ws(' ', t.first_name, t.last_name)`;
  const [merge]: {
    keptId: string;
    kept: string | null;
    keptDetail: string | null;
    ownDetail: string | null;
    at: Date;
  }[] = await manager.query(
    `SELECT a.changes->'mergedInto'->>'to' AS "keptId", a.created_at AS at,
              k.name AS kept, k.detail AS "keptDetail",
              (SELECT ${detail} FROM ${target} t WHERE t.id = $1) AS "ownDetail"
         FROM audit_log a
         LEFT JOIN LATERAL (SELECT ${fullName} AS name, ${detail} AS detail FROM ${target} t
                             WHERE t.id::text = a.changes->'mergedInto'->>'to') k ON true
        WHERE a.entity_type = $2 AND a.entity_id = $1 AND a.action = 'merge' AND a.changes ? 'mergedInto'
          AND a.changes->'deletedAt'->>'to' = $3
        ORDER BY a.id DESC LIMIT 1`,
    [record.id, target === 'company' ? 'Company' : 'Contact', record.deletedAt.toISOString()],
  );
  if (!merge) return;
  let name = record.name;
  let kept = merge.kept ?? '?';
  const same = (x: string, y: string) => x.trim() === y.trim();
  if (same(name, kept)) {
    // « X » a été fusionnée dans « X » says nothing: each name gets its detail when they differ.
    if (merge.ownDetail && merge.ownDetail !== merge.keptDetail) name = `${name} (${merge.ownDetail})`;
    if (merge.keptDetail && merge.keptDetail !== merge.ownDetail) kept = `${kept} (${merge.keptDetail})`;
  }
  const date = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(merge.at);
  throw new AppError(
    ErrorCode.CONFLICT,
    target === 'company' ? 'merge.companyMergedAway' : 'merge.contactMergedAway',
    { name, kept, date },
    [],
    { mergedInto: merge.keptId },
  );
}

/**
 * For the trash: the record each deleted record was merged into (its id), or null. Same rule
 * as refuseRestoreOfMerged (the merge's audit entry must match the current deletion), for a
 * whole page in one statement (DataLoader).
 */
export async function mergedIntoByIds(ctx: Ctx, target: Target, ids: readonly string[]): Promise<(string | null)[]> {
  const rows: { id: string; deletedAt: Date; to: string | null; keptId: string }[] = await (
    await em(ctx)
  ).query(
    `SELECT r.id, r.deleted_at AS "deletedAt", a.changes->'deletedAt'->>'to' AS to,
            a.changes->'mergedInto'->>'to' AS "keptId"
       FROM ${target} r
       JOIN audit_log a ON a.entity_type = $2 AND a.entity_id = r.id AND a.action = 'merge'
        AND a.changes ? 'mergedInto'
      WHERE r.id = ANY($1::uuid[]) AND r.deleted_at IS NOT NULL
      ORDER BY a.id DESC`,
    [[...ids], target === 'company' ? 'Company' : 'Contact'],
  );
  const kept = new Map<string, string>();
  for (const r of rows) {
    if (!kept.has(r.id) && r.to === r.deletedAt.toISOString()) kept.set(r.id, r.keptId);
  }
  return ids.map((id) => kept.get(id) ?? null);
}

const CONTACT_SKIP = new Set(['deleted_at', 'deleted_by', 'created_by', 'opt_in_at', 'opt_in_source']);
// Consent is never inherited from another record: opt_in stays the kept contact's own.
const CONTACT_FOLLOWS = {
  phone_direct_raw: 'phone_direct',
  phone_mobile_raw: 'phone_mobile',
  phone_switchboard_raw: 'phone_switchboard',
};

export async function mergeContacts(ctx: Ctx, keepId: string, mergeId: string): Promise<MergeResultType> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const [keep, merge] = await lockPair(manager, 'contact', keepId, mergeId);
  // Merging into an erased person would write a duplicate's data back onto the erased record;
  // merging one away would move its anonymised rows onto a live record: neither is undone later.
  for (const id of [keep.id, merge.id]) await refuseErasedContact(ctx, id as string);
  const relations = await moveReferences(manager, 'contact', keep, mergeId);
  const filled = await fillEmptyFields(manager, 'contact', keepId, mergeId, CONTACT_SKIP, CONTACT_FOLLOWS);
  await mergeCustomFields(manager, 'contact', keepId, mergeId);
  const deletedAt = await softDelete(ctx, manager, 'contact', mergeId);
  // The merged contact was the main contact of another company: that company elects another.
  await replaceMainContacts(ctx, [mergeId]);
  const result: MergeResultType = {
    keptId: keepId,
    mergedId: mergeId,
    filledFields: filled,
    relations,
    erasedContactIds: [],
  };
  await auditMerge(ctx, 'Contact', result, deletedAt, { fromCompanyId: merge.company_id });
  return result;
}
