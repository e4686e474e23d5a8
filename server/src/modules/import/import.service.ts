import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { requireWrite } from '../../common/actor';
import { UserRole } from '../user/user.entity';
import { type Ctx, em } from '../../common/context';
import { AppError, ErrorCode, FieldErrors, badField, conflict, notFound } from '../../common/errors';
import { checkId } from '../../common/ids';
import { translate, type Locale } from '../../common/i18n';
import type { Config } from '../../config/env';
import { startJob } from '../job/job.service';
import type { JobEntity } from '../job/job.entity';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import type { SpreadsheetFormat } from '../spreadsheet/sniff';
import { cellText, type ImportTarget, type RowProblem, parseDateCell } from './row-normalize';
import type { CellValue } from '../spreadsheet/read-rows';
import { normalizePhone, restoreFrenchLeadingZero } from '../validation/contact-data';
import { IMPORT_FIELDS, type FieldKey, type MappedField, isCustomMappingKey, isFieldKey } from './fields';
import type { HeaderInfo, ParseLimits } from './parse-file';
import { parseInSandbox } from './parse-sandbox';
import { spoolPathOf } from './spool';
import { FileState, OptionResolver, type RowPlan, type UnknownValue, type ValueChoice, planBatch } from './planner';
import { CustomFieldImport, customProblemLabel } from '../custom-field/custom-field-import';

export const IMPORT_JOB_KIND = 'import';

/** Rows a preview returns (problems first); the counts always cover the whole file. */
export const PREVIEW_ROWS = 500;

export interface UploadRow {
  id: string;
  file_name: string;
  format: SpreadsheetFormat;
  size: number;
  storage_path: string;
  created_at: Date;
}

export function parseLimits(config: Config): ParseLimits {
  return {
    maxRows: config.IMPORT_MAX_ROWS,
    maxUnzippedBytes: config.IMPORT_MAX_UNZIPPED_BYTES,
    maxCellChars: 32_767,
  };
}

/** A file refused as a whole: BAD_USER_INPUT on `file`, with the reason. */
export function fileError(err: SpreadsheetError): AppError {
  return badField(['file'], err.key, err.params);
}

/** Records an upload whose bytes are already in `tmpFile` (moved under STORAGE_DIR). */
export async function recordUpload(
  ctx: Ctx,
  input: { tmpFile: string; fileName: string; size: number; format: SpreadsheetFormat },
): Promise<UploadRow> {
  requireWrite(ctx.actor);
  const id = randomUUID();
  const rel = path.join('imports', ctx.actor.workspaceId, `${id}.${input.format}`);
  const full = path.resolve(ctx.deps.config.STORAGE_DIR, rel);
  await mkdir(path.dirname(full), { recursive: true });
  await rename(input.tmpFile, full);
  try {
    const [row]: UploadRow[] = await (
      await em(ctx)
    ).query(
      `INSERT INTO import_upload (id, workspace_id, file_name, format, size, storage_path, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [id, ctx.actor.workspaceId, input.fileName.slice(0, 255), input.format, input.size, rel, ctx.actor.userId],
    );
    return row;
  } catch (err) {
    await rm(full, { force: true });
    throw err;
  }
}

export async function getUpload(ctx: Ctx, id: string): Promise<UploadRow> {
  const [row]: UploadRow[] = await (
    await em(ctx)
  ).query('SELECT * FROM import_upload WHERE id = $1', [checkId(id, 'ImportUpload')]);
  if (!row) throw notFound('ImportUpload');
  return row;
}

export const uploadPath = (ctx: Ctx, u: UploadRow) => path.resolve(ctx.deps.config.STORAGE_DIR, u.storage_path);

export interface MappingEntry {
  index: number;
  field?: string | null;
}

export interface ValueChoiceInput {
  field: string;
  value: string;
  optionId?: string | null;
  create?: boolean | null;
}

/**
 * A user's column mapping as one field per column; every field at most once. A field is a
 * template field or `custom.<key>`, a custom field this import fills (custom-field-import.ts:
 * a company field, or a contact field when importing contacts).
 */
export function checkMapping(
  entries: MappingEntry[] | null | undefined,
  custom: CustomFieldImport,
  target: ImportTarget,
): (MappedField | null)[] | null {
  if (!entries) return null;
  const errors = new FieldErrors();
  const fields: (MappedField | null)[] = [];
  const used = new Set<string>();
  entries.forEach((e, i) => {
    if (!e.field) return;
    const path = ['mapping', i, 'field'];
    if (e.field.startsWith('custom.')) {
      const found = isCustomMappingKey(e.field) ? custom.mappedField(e.field, target) : { reason: 'unknown' as const };
      if ('reason' in found) {
        if (found.reason === 'side') errors.add(path, 'import.mappingCustomSide', { field: found.def.labelFr });
        else errors.add(path, 'import.mappingCustomField', { field: e.field });
        return;
      }
    } else if (!isFieldKey(e.field)) {
      errors.add(path, 'import.mappingField', { field: e.field });
      return;
    }
    if (used.has(e.field)) errors.add(path, 'import.mappingDuplicate', { field: e.field });
    else {
      used.add(e.field);
      if (e.index >= 0 && e.index < 1000) fields[e.index] = e.field as MappedField;
    }
  });
  errors.throwIfAny();
  for (let i = 0; i < fields.length; i++) fields[i] ??= null;
  return fields;
}

const fieldLabel = (field: FieldKey, locale: Locale) => IMPORT_FIELDS.find((f) => f.key === field)?.[locale] ?? field;

/** "Email du contact : Adresse email invalide." */
export function problemMessage(p: RowProblem, locale: Locale): string {
  return `${customProblemLabel(p, locale) ?? fieldLabel(p.field, locale)}${locale === 'fr' ? ' : ' : ': '}${translate(locale, p.key, p.params ?? {})}`;
}

export interface PreviewRow {
  rowNo: number;
  status: RowPlan['status'];
  changes: string[];
  companyAction: RowPlan['companyAction'];
  contactAction: RowPlan['contactAction'];
  errors: { field: string; column: string; message: string }[];
  warnings: { field: string; column: string; message: string }[];
  values: (string | null)[];
}

export interface PreviewResult {
  id: string;
  uploadId: string;
  fileName: string;
  target: ImportTarget;
  header: HeaderInfo;
  totalRows: number;
  counts: { create: number; update: number; unchanged: number; error: number };
  unknownValues: UnknownValue[];
  /** Labels of the required custom fields no column fills: the rows creating such records are rejected. */
  missingRequired: string[];
  rows: PreviewRow[];
  rowsTruncated: boolean;
}

const PHONE_FIELDS = new Set<string>(['phoneDirect', 'phoneSwitchboard', 'phoneMobile']);

/**
 * A cell as the import reads it, for the preview: dates as dd/mm/yyyy (not Excel serials),
 * phones in national format (0 restored); other cells, and cells it cannot read, as they are.
 */
export function interpretedCell(cell: CellValue, field: MappedField | null | undefined): string | null {
  const text = cellText(cell);
  if (text === null || !field) return text;
  if (field === 'createdAt') {
    const date = parseDateCell(cell);
    if (!date.ok || !date.value) return text;
    const [y, m, d] = date.value.slice(0, 10).split('-');
    return `${d}/${m}/${y}`;
  }
  if (PHONE_FIELDS.has(field)) {
    const phone = normalizePhone(restoreFrenchLeadingZero(text));
    return phone.ok && phone.value ? phone.value.national : text;
  }
  return text;
}

export function toPreviewRow(plan: RowPlan, locale: Locale, mapping: (MappedField | null)[] = []): PreviewRow {
  return {
    rowNo: plan.rowNo,
    status: plan.status,
    changes: plan.changes,
    companyAction: plan.companyAction,
    contactAction: plan.contactAction,
    errors: plan.problems.map((p) => ({
      field: p.field,
      column: customProblemLabel(p, locale) ?? fieldLabel(p.field, locale),
      message: translate(locale, p.key, p.params ?? {}),
    })),
    warnings: plan.warnings.map((p) => ({
      field: p.field,
      column: fieldLabel(p.field, locale),
      message: translate(locale, p.key, p.params ?? {}),
    })),
    values: plan.cells.map((c, i) => interpretedCell(c, mapping[i])),
  };
}

/**
 * Parses the upload (in the sandbox) and plans every row against the workspace without
 * writing anything but the preview record, which keeps the mapping and choices the user
 * saw, for startImport.
 */
export async function previewImport(
  ctx: Ctx,
  input: {
    uploadId: string;
    target: ImportTarget;
    mapping?: MappingEntry[] | null;
    values?: ValueChoiceInput[] | null;
    /** As the import will run (startImport's option): false leaves existing records as they are. */
    updateExisting?: boolean | null;
  },
): Promise<PreviewResult> {
  requireWrite(ctx.actor);
  const updateExisting = input.updateExisting !== false;
  const upload = await getUpload(ctx, input.uploadId);
  const custom = await CustomFieldImport.load(ctx, { updateExisting });
  const mapping = checkMapping(input.mapping, custom, input.target);
  const choices = checkChoices(input.values);
  refuseCreatesByNonAdmin(ctx, choices);
  const manager = await em(ctx);
  const options = await OptionResolver.load(manager, choices);
  const state = new FileState();
  let header: HeaderInfo | null = null;
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  const problems: PreviewRow[] = [];
  const others: PreviewRow[] = [];
  let total = 0;
  const previewId = randomUUID();
  const spool = spoolPathOf(uploadPath(ctx, upload), previewId);
  // A mapping was made for the columns of the header the first preview found: that row again,
  // even if custom fields changed since (the search counts their labels).
  const [first]: { header_row_no: number | null }[] = mapping
    ? await manager.query(
        `SELECT (summary->'header'->>'headerRowNo')::int AS header_row_no FROM import_preview
          WHERE upload_id = $1 ORDER BY created_at, id LIMIT 1`,
        [upload.id],
      )
    : [];
  try {
    for await (const item of parseInSandbox({
      file: uploadPath(ctx, upload),
      fileName: upload.file_name,
      target: input.target,
      mapping,
      customHeaders: custom.headerKeys(input.target),
      headerRowNo: first?.header_row_no ?? null,
      limits: parseLimits(ctx.deps.config),
      spool,
    })) {
      if ('header' in item) {
        header = item.header;
        custom.setHeader(header, input.target, mapping);
        continue;
      }
      custom.checkRows(item.rows);
      const plans = await planBatch(manager, item.rows, state, options, {
        simulate: true,
        target: input.target,
        updateExisting,
        creationProblems: (row, creating) => custom.creationProblems(row, creating),
      });
      await custom.plan(manager, plans);
      state.endBatch();
      for (const plan of plans) {
        total++;
        counts[plan.status === 'ERROR' ? 'error' : (plan.status.toLowerCase() as 'create' | 'update' | 'unchanged')]++;
        const list = plan.status === 'ERROR' ? problems : others;
        if (list.length < PREVIEW_ROWS) list.push(toPreviewRow(plan, ctx.actor.locale, header?.mapping));
      }
    }
  } catch (err) {
    await rm(spool, { force: true });
    if (err instanceof SpreadsheetError) throw fileError(err);
    throw err;
  }
  const rows = [...problems, ...others].slice(0, PREVIEW_ROWS).sort((a, b) => a.rowNo - b.rowNo);
  const unknownValues = [...options.unknown.values()];
  // customColumnsMapped: the mapping kept names the custom-field columns too (the job reads
  // them from it); previews recorded before that still match them by header.
  const summary = { totalRows: total, counts, unknownValues, header, customColumnsMapped: true, updateExisting };
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO import_preview (id, workspace_id, upload_id, target, mapping, value_choices, summary, created_by)
     VALUES ($8, $1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [
      ctx.actor.workspaceId,
      upload.id,
      input.target,
      JSON.stringify(header!.mapping),
      JSON.stringify(choices),
      JSON.stringify(summary),
      ctx.actor.userId,
      previewId,
    ],
  );
  // An upload previewed again (another mapping): the earlier previews' spools are dropped
  // (importing one of them still works, from the file).
  const earlier: { id: string }[] = await manager.query(
    'SELECT id FROM import_preview WHERE upload_id = $1 AND id <> $2 AND job_id IS NULL',
    [upload.id, previewId],
  );
  for (const p of earlier) await rm(spoolPathOf(uploadPath(ctx, upload), p.id), { force: true });
  return {
    id,
    uploadId: upload.id,
    fileName: upload.file_name,
    target: input.target,
    header: header!,
    totalRows: total,
    counts,
    unknownValues,
    missingRequired: custom
      .missingRequired(input.target)
      .map((d) => (ctx.actor.locale === 'en' && d.labelEn) || d.labelFr),
    rows,
    rowsTruncated: total > rows.length,
  };
}

function checkChoices(values: ValueChoiceInput[] | null | undefined): ValueChoice[] {
  const errors = new FieldErrors();
  const out: ValueChoice[] = [];
  (values ?? []).forEach((v, i) => {
    if (!isFieldKey(v.field)) errors.add(['values', i, 'field'], 'import.mappingField', { field: String(v.field) });
    else if (!v.optionId && !v.create) errors.add(['values', i, 'optionId'], 'field.required');
    else out.push({ field: v.field, value: v.value, optionId: v.optionId ?? null, create: !!v.create });
  });
  errors.throwIfAny();
  return out;
}

/**
 * Creating settings values is an admin's (createSettingOption): a "create" choice from anyone
 * else is refused, naming the value and its field, so the user associates it instead.
 */
function refuseCreatesByNonAdmin(ctx: Ctx, choices: ValueChoice[]): void {
  if (ctx.actor.role === UserRole.ADMIN) return;
  const create = choices.find((c) => c.create);
  if (!create) return;
  throw new AppError(
    ErrorCode.FORBIDDEN,
    'import.createValueAdminOnly',
    { value: create.value, field: fieldLabel(create.field, ctx.actor.locale) },
    [],
    { field: create.field, value: create.value },
  );
}

export interface PreviewRecord {
  id: string;
  upload_id: string;
  target: ImportTarget;
  mapping: (MappedField | null)[];
  value_choices: ValueChoice[];
  summary: {
    totalRows: number;
    counts: PreviewResult['counts'];
    customColumnsMapped?: boolean;
    header?: HeaderInfo | null;
    /** The option the rows were planned with (absent from previews recorded before it was). */
    updateExisting?: boolean;
  };
  job_id: string | null;
  undone_at: Date | null;
}

export async function getPreview(ctx: Ctx, id: string): Promise<PreviewRecord> {
  const [row]: PreviewRecord[] = await (
    await em(ctx)
  ).query('SELECT * FROM import_preview WHERE id = $1', [checkId(id, 'ImportPreview')]);
  if (!row) throw notFound('ImportPreview');
  return row;
}

export interface ImportOptions {
  /** False: records that already exist are left as they are (only new ones are created). */
  updateExisting?: boolean | null;
}

/** Queues the import of a previewed file; a preview is imported once. */
export async function startImport(ctx: Ctx, previewId: string, options: ImportOptions = {}): Promise<JobEntity> {
  requireWrite(ctx.actor);
  const manager = await em(ctx);
  const [locked]: PreviewRecord[] = await manager.query('SELECT * FROM import_preview WHERE id = $1 FOR UPDATE', [
    checkId(previewId, 'ImportPreview'),
  ]);
  if (!locked) throw notFound('ImportPreview');
  if (locked.job_id) throw conflict('import.previewUsed');
  // The role may have changed since the preview (or another user starts it).
  refuseCreatesByNonAdmin(ctx, locked.value_choices);
  // The job runs as the preview was planned (the same planner, the same option), so it does
  // what the preview said. Previews recorded before the option was planned take the choice.
  const planned = locked.summary.updateExisting;
  const updateExisting = options.updateExisting ?? planned ?? true;
  if (planned !== undefined && updateExisting !== planned) {
    throw badField(['options', 'updateExisting'], 'import.previewOtherOption');
  }
  const job = await startJob(
    ctx,
    IMPORT_JOB_KIND,
    { previewId: locked.id, updateExisting },
    { attempts: 5, backoffMs: 2_000 },
  );
  await manager.query('UPDATE import_preview SET job_id = $1 WHERE id = $2', [job.id, locked.id]);
  return job;
}

/** The preview of an import job (for its result and undo). */
export async function previewOfJob(ctx: Ctx, jobId: string): Promise<PreviewRecord> {
  const [row]: PreviewRecord[] = await (
    await em(ctx)
  ).query('SELECT * FROM import_preview WHERE job_id = $1', [checkId(jobId, 'Job')]);
  if (!row) throw notFound('Job');
  return row;
}

export interface ImportJobInfo {
  jobId: string;
  fileName: string;
  target: ImportTarget;
  undoneAt: Date | null;
}

/** What the jobs list shows of import jobs (file name, target, undone), by job id: one statement. */
export async function importInfoByJobIds(ctx: Ctx, jobIds: readonly string[]): Promise<(ImportJobInfo | null)[]> {
  const rows: ImportJobInfo[] = await (
    await em(ctx)
  ).query(
    `SELECT p.job_id AS "jobId", u.file_name AS "fileName", p.target, p.undone_at AS "undoneAt"
       FROM import_preview p JOIN import_upload u ON u.id = p.upload_id
      WHERE p.job_id = ANY($1::uuid[])`,
    [[...jobIds]],
  );
  const byJob = new Map(rows.map((r) => [r.jobId, r]));
  return jobIds.map((id) => byJob.get(id) ?? null);
}

export { AppError, ErrorCode };
