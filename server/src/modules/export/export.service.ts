import type { Ctx } from '../../common/context';
import { requireAdmin } from '../../common/actor';
import { recordAudit } from '../audit/audit.service';
import type { JobEntity } from '../job/job.entity';
import { startJob } from '../job/job.service';
import { recheckPassword } from '../user/password-recheck';
import { customExportColumns } from '../custom-field/custom-field-export';
import type { ListFilterInput, ListSortInput } from '../record-list/record-list.inputs';
import { ExportList, pickColumns } from './export-columns';
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
  const columns = pickColumns(input.list, input.columns, await customExportColumns(ctx, input.list, ctx.actor.locale));
  // A bad filter or sort is a field error now, not a failed job later (and costs no password attempt).
  exportRowSource(ctx, input.list, input.filter, input.orderBy);
  await recheckPassword(ctx, {
    password: input.password,
    path: ['input', 'password'],
    sessionRequired: 'export.sessionRequired',
    refused: { action: 'export.passwordRejected', after: { list: input.list } },
  });
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
