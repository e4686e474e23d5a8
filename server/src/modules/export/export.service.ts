import { type Ctx, em } from '../../common/context';
import { requireAdmin } from '../../common/actor';
import { forbidden } from '../../common/errors';
import { TenantScope } from '../../db/tenant-scope';
import { recordAudit } from '../audit/audit.service';
import type { JobEntity } from '../job/job.entity';
import { startJob } from '../job/job.service';
import { verifyPassword } from '../user/password';
import { customExportColumns } from '../custom-field/custom-field-export';
import type { ListFilterInput, ListSortInput } from '../record-list/record-list.inputs';
import { ExportList, pickColumns } from './export-columns';
import { exportPasswordLimiter } from './export-password-limit';
import { exportRowSource } from './export-view';

export const EXPORT_JOB_KIND = 'export';

export enum ExportEncoding {
  UTF8 = 'UTF8',
  UTF8_BOM = 'UTF8_BOM',
}

export enum CsvSeparator {
  SEMICOLON = 'SEMICOLON',
  COMMA = 'COMMA',
}

export interface StartExportInput {
  password: string;
  list: ExportList;
  encoding?: ExportEncoding | null;
  separator?: CsvSeparator | null;
  /** Column keys of the current view (list or export keys), in its order; every column when absent. */
  columns?: string[] | null;
  /** The current view's filter (the lists' filter input): only the rows the list shows with it. */
  filter?: ListFilterInput | null;
  /** The current view's sort (the lists' sort input); the list's default order otherwise. */
  orderBy?: ListSortInput[] | null;
}

/** What the job carries: no password, no rows, only the choices (PERFORMANCE-NOTES: small payloads). */
export interface ExportJobParams {
  list: ExportList;
  encoding: ExportEncoding;
  separator: CsvSeparator;
  columns: string[] | null;
  /** Kept as given (validated at start), compiled again by the worker with the lists' compiler. */
  filter?: ListFilterInput | null;
  orderBy?: ListSortInput[] | null;
  locale: 'fr' | 'en';
  /** Benchmarks only (never set by the API): stop after this many rows. */
  limit?: number;
}

/**
 * Exports are for admins who type their password again (the seeds' rule): a session left
 * open on a shared screen is not enough to take the whole client base away. API keys
 * have no password to re-enter, so they cannot start one.
 */
export async function startExport(ctx: Ctx, input: StartExportInput): Promise<JobEntity> {
  requireAdmin(ctx.actor);
  if (ctx.actor.apiKeyId || !ctx.actor.userId) throw forbidden('export.sessionRequired');
  const userId = ctx.actor.userId;
  const columns = pickColumns(input.list, input.columns, await customExportColumns(ctx, input.list, ctx.actor.locale));
  // A bad filter or sort is a field error now, not a failed job later (and costs no password attempt).
  exportRowSource(ctx, input.list, input.filter, input.orderBy);
  const limiter = exportPasswordLimiter(ctx.deps);
  await limiter.check(userId);
  const rows: { password_hash: string }[] = await (
    await em(ctx)
  ).query('SELECT password_hash FROM app_user WHERE id = $1 AND active', [userId]);
  if (!rows[0] || !(await verifyPassword(rows[0].password_hash, input.password ?? ''))) {
    await limiter.failed(userId);
    await auditRejectedPassword(ctx, input.list);
    throw forbidden('export.wrongPassword');
  }
  await limiter.succeeded(userId);
  const params: ExportJobParams = {
    list: input.list,
    encoding: input.encoding ?? ExportEncoding.UTF8,
    separator: input.separator ?? CsvSeparator.SEMICOLON,
    columns: input.columns?.length ? columns.map((c) => c.key) : null,
    filter: input.filter ? plain(input.filter) : null,
    orderBy: input.orderBy?.length ? input.orderBy.map((s) => ({ column: s.column, direction: s.direction })) : null,
    locale: ctx.actor.locale,
  };
  const job = await startJob(ctx, EXPORT_JOB_KIND, { ...params });
  await recordAudit(ctx, {
    entityType: 'Job',
    entityId: job.id,
    action: 'export.started',
    after: {
      list: params.list,
      encoding: params.encoding,
      separator: params.separator,
      columns: params.columns,
      filter: params.filter,
      orderBy: params.orderBy,
    },
  });
  return job;
}

/** The filter tree as plain JSON for the job row (GraphQL input objects, nulls dropped). */
function plain(filter: ListFilterInput): ListFilterInput {
  return JSON.parse(JSON.stringify(filter, (_key, value: unknown) => (value === null ? undefined : value)));
}

/**
 * The request's transaction rolls back with the FORBIDDEN error, so the failed attempt is
 * written in a transaction of its own: it must stay in the audit trail.
 */
async function auditRejectedPassword(ctx: Ctx, list: ExportList): Promise<void> {
  const scope = new TenantScope(ctx.deps.dataSource, ctx.actor.workspaceId, ctx.actor.userId);
  let ok = false;
  try {
    await recordAudit(
      { ...ctx, scope },
      { entityType: 'User', entityId: ctx.actor.userId as string, action: 'export.passwordRejected', after: { list } },
    );
    ok = true;
  } finally {
    await scope.finish(ok);
  }
}
