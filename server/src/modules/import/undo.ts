import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, conflict } from '../../common/errors';
import { recordAudit } from '../audit/audit.service';
import { getJob } from '../job/job.service';
import { JobStatus } from '../job/job.entity';
import { type Col, COMPANY_COLS as IMPORTED_COMPANY_COLS, CONTACT_COLS as IMPORTED_CONTACT_COLS } from './apply';
import { IMPORT_JOB_KIND, previewOfJob } from './import.service';

export interface UndoConflict {
  entityType: string;
  id: string;
  label: string;
  reason: 'EDITED' | 'DELETED' | 'IN_USE';
}

// What an update of the import may have changed: the columns it writes (apply.ts), the
// company's main contact, and the custom values (custom-field-import.ts). The undo log's
// "before" holds those it did change; the others are left as they are.
const COMPANY_COLS: Col[] = [...IMPORTED_COMPANY_COLS, ['main_contact_id', 'uuid'], ['custom_fields', 'jsonb']];
const CONTACT_COLS: Col[] = [...IMPORTED_CONTACT_COLS, ['custom_fields', 'jsonb']];

const restoreSql = (table: string, cols: Col[]) =>
  `UPDATE ${table} t SET ${cols
    .map(([c, ty]) => `${c} = CASE WHEN r.before ? '${c}' THEN (r.before->>'${c}')::${ty} ELSE t.${c} END`)
    .join(', ')}, updated_at = now()
   FROM import_record r
   WHERE r.job_id = $1 AND r.entity_type = '${table === 'company' ? 'Company' : 'Contact'}' AND r.action = 'update'
     AND t.id = r.entity_id`;

/**
 * Undoes an import: deletes what it created (companies, contacts, their comments, settings
 * values, billing addresses) and restores the fields it changed. All or nothing: when a record was edited
 * since (its updated_at is no longer the import's), deleted, or gained links the import did
 * not make (another contact, an activity, an event), nothing is undone and CONFLICT lists them.
 */
export async function undoImport(ctx: Ctx, jobId: string): Promise<{ removed: number; restored: number }> {
  requireWrite(ctx.actor);
  const job = await getJob(ctx, jobId);
  if (job.kind !== IMPORT_JOB_KIND) throw conflict('import.notFinished');
  const preview = await previewOfJob(ctx, job.id);
  if (preview.undone_at) throw conflict('import.alreadyUndone');
  // A cancelled or failed import is undone too: its undo log holds exactly what it wrote.
  if (job.status === JobStatus.QUEUED || job.status === JobStatus.RUNNING) throw conflict('import.notFinished');
  const manager = await em(ctx);
  // Locks the import's records, so no edit slips in between the check and the undo.
  const conflicts: UndoConflict[] = await manager.query(
    `WITH r AS (SELECT * FROM import_record WHERE job_id = $1)
     SELECT 'Company' AS "entityType", c.id, c.name AS label,
            CASE WHEN c.deleted_at IS NOT NULL THEN 'DELETED' ELSE 'EDITED' END AS reason
       FROM r JOIN company c ON c.id = r.entity_id
      WHERE r.entity_type = 'Company' AND (c.updated_at <> r.written_at OR c.deleted_at IS NOT NULL)
     UNION ALL
     SELECT 'Contact', c.id, concat_ws(' ', c.first_name, c.last_name),
            CASE WHEN c.deleted_at IS NOT NULL THEN 'DELETED' ELSE 'EDITED' END
       FROM r JOIN contact c ON c.id = r.entity_id
      WHERE r.entity_type = 'Contact' AND (c.updated_at <> r.written_at OR c.deleted_at IS NOT NULL)
     UNION ALL
     SELECT 'Company', c.id, c.name, 'IN_USE'
       FROM r JOIN company c ON c.id = r.entity_id
      WHERE r.entity_type = 'Company' AND r.action = 'create' AND (
        EXISTS (SELECT 1 FROM contact x WHERE x.company_id = c.id
                AND NOT EXISTS (SELECT 1 FROM r r2 WHERE r2.entity_id = x.id AND r2.action = 'create'))
        OR EXISTS (SELECT 1 FROM activity a WHERE a.company_id = c.id)
        OR EXISTS (SELECT 1 FROM event e WHERE e.company_id = c.id)
        OR EXISTS (SELECT 1 FROM company ch WHERE ch.parent_id = c.id))
     UNION ALL
     SELECT 'Contact', c.id, concat_ws(' ', c.first_name, c.last_name), 'IN_USE'
       FROM r JOIN contact c ON c.id = r.entity_id
      WHERE r.entity_type = 'Contact' AND r.action = 'create' AND (
        EXISTS (SELECT 1 FROM activity a WHERE a.contact_id = c.id
                AND NOT EXISTS (SELECT 1 FROM r r2 WHERE r2.entity_id = a.id))
        OR EXISTS (SELECT 1 FROM activity_contact ac WHERE ac.contact_id = c.id)
        OR EXISTS (SELECT 1 FROM event_contact ec WHERE ec.contact_id = c.id))
     UNION ALL
     SELECT 'Activity', a.id, left(coalesce(a.comment, ''), 60), 'EDITED'
       FROM r JOIN activity a ON a.id = r.entity_id
      WHERE r.entity_type = 'Activity' AND a.updated_at <> r.written_at
     UNION
     -- A billing address the import added to a company it gave a street: the company's, edited
     -- since or named by a quote or an invoice (UNION: the company may be listed already).
     SELECT 'Company', c.id, c.name,
            CASE WHEN b.updated_at <> r.written_at THEN 'EDITED' ELSE 'IN_USE' END
       FROM r JOIN billing_address b ON b.id = r.entity_id JOIN company c ON c.id = b.company_id
      WHERE r.entity_type = 'BillingAddress' AND (b.updated_at <> r.written_at
        OR EXISTS (SELECT 1 FROM quote q WHERE q.billing_address_id = b.id)
        OR EXISTS (SELECT 1 FROM invoice i WHERE i.billing_address_id = b.id))
     ORDER BY 1, 3
     LIMIT 200`,
    [job.id],
  );
  if (conflicts.length) {
    throw new AppError(ErrorCode.CONFLICT, 'import.undoConflicts', { count: conflicts.length }, [], { conflicts });
  }
  const created = (type: string) =>
    `SELECT entity_id FROM import_record WHERE job_id = $1 AND entity_type = '${type}' AND action = 'create'`;
  await manager.query(`DELETE FROM activity WHERE id IN (${created('Activity')})`, [job.id]);
  // Consent history of deleted records goes with them; restored opt-ins get an entry below.
  await manager.query(
    `DELETE FROM consent_event WHERE subject_id IN (${created('Contact')}) OR subject_id IN (${created('Company')})`,
    [job.id],
  );
  // Billing addresses it added to existing companies it gave a street (the created companies'
  // go with them).
  await manager.query(`DELETE FROM billing_address WHERE id IN (${created('BillingAddress')})`, [job.id]);
  // Existing companies whose main contact the import created get their previous one back.
  await manager.query(restoreSql('company', COMPANY_COLS), [job.id]);
  await manager.query(`UPDATE company SET main_contact_id = NULL WHERE main_contact_id IN (${created('Contact')})`, [
    job.id,
  ]);
  await manager.query(
    `DELETE FROM company_language l USING import_record r
      WHERE r.job_id = $1 AND r.entity_type = 'Company' AND r.action = 'update' AND r.before ? 'language_ids'
        AND l.company_id = r.entity_id`,
    [job.id],
  );
  await manager.query(
    `INSERT INTO company_language (workspace_id, company_id, option_id)
     SELECT $2, r.entity_id, jsonb_array_elements_text(r.before->'language_ids')::uuid
       FROM import_record r
      WHERE r.job_id = $1 AND r.entity_type = 'Company' AND r.action = 'update' AND r.before ? 'language_ids'`,
    [job.id, ctx.actor.workspaceId],
  );
  await manager.query(restoreSql('contact', CONTACT_COLS), [job.id]);
  await manager.query(
    `INSERT INTO consent_event (workspace_id, subject_type, subject_id, opt_in, source, actor_user_id)
     SELECT $2, r.entity_type, r.entity_id, (r.before->>'opt_in')::boolean, 'import-undo', $3
       FROM import_record r WHERE r.job_id = $1 AND r.action = 'update' AND r.before ? 'opt_in'`,
    [job.id, ctx.actor.workspaceId, ctx.actor.userId],
  );
  // A DELETE comes back from TypeORM as [rows, rowCount].
  const [, removedContacts]: [unknown, number] = await manager.query(
    `DELETE FROM contact WHERE id IN (${created('Contact')})`,
    [job.id],
  );
  const [, removedCompanies]: [unknown, number] = await manager.query(
    `DELETE FROM company WHERE id IN (${created('Company')})`,
    [job.id],
  );
  // Settings values it created, unless something else uses them by now.
  const options: { entity_id: string }[] = await manager.query(created('SettingOption'), [job.id]);
  for (const { entity_id } of options) {
    await manager.query('SAVEPOINT undo_option');
    try {
      await manager.query('DELETE FROM setting_option WHERE id = $1', [entity_id]);
      await manager.query('RELEASE SAVEPOINT undo_option');
    } catch {
      await manager.query('ROLLBACK TO SAVEPOINT undo_option');
    }
  }
  const [{ n: restored }]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM import_record WHERE job_id = $1 AND action = 'update'`,
    [job.id],
  );
  await manager.query('UPDATE import_preview SET undone_at = now() WHERE id = $1', [preview.id]);
  const removed = removedContacts + removedCompanies;
  await recordAudit(ctx, {
    entityType: 'Import',
    entityId: job.id,
    action: 'undo',
    after: { removed, restored },
  });
  return { removed, restored };
}
