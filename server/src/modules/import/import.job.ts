import { rm } from 'node:fs/promises';
import path from 'node:path';
import { JobCancelled, JobFailed, type JobHandler, type JobRunContext } from '../../jobs/job-handler';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { translate } from '../../common/i18n';
import { prepareBatch, runStatements } from './apply';
import { trimHeap } from './heap';
import type { HeaderInfo } from './parse-file';
import { parseInSandbox } from './parse-sandbox';
import { openSpool, spoolPathOf } from './spool';
import { FileState, OptionResolver, type RowPlan, planBatch, rowIdentity } from './planner';
import type { NormalizedRow } from './row-normalize';
import { IMPORT_JOB_KIND, type PreviewRecord, type UploadRow, parseLimits, problemMessage } from './import.service';
import { writeRejectedReport } from './report';
import { OPTION_FIELDS } from './fields';
import { CustomFieldImport } from '../custom-field/custom-field-import';

export interface ImportHandlerOptions {
  /** Rows per transaction; defaults to IMPORT_BATCH_ROWS. */
  batchRows?: number;
  /** Test hook: a pause after each committed batch, so a test can kill the worker mid-file. */
  pauseAfterBatchMs?: number;
}

/** Heap above which a batch ends with a full collection (heap.ts): worker RSS ≤ ~300 MB. */
const HEAP_BUDGET_BYTES = 150 * 1024 * 1024;

type Counts = { created: number; updated: number; unchanged: number; rejected: number };

/**
 * The import job. Parsing runs in the sandboxed child (parse-sandbox.ts) while this
 * process plans and writes the previous batch: a pipeline, not parse-then-write.
 *
 * Resumable: each batch commits its rows, its undo log, its rejected rows and the job's
 * progress (rows done, counts) in ONE transaction. A worker killed mid-batch loses that
 * transaction entirely; the next attempt re-reads the file, skips the rows done and goes
 * on, so the file's rows land exactly once.
 */
export function importJobHandler(opts: ImportHandlerOptions = {}): JobHandler {
  return {
    kind: IMPORT_JOB_KIND,
    attempts: 5,
    backoffMs: 2_000,
    run: (ctx) => runImport(ctx, opts),
  };
}

async function runImport(run: JobRunContext, opts: ImportHandlerOptions) {
  const { job, deps } = run;
  const previewId = String(job.params.previewId);
  const updateExisting = job.params.updateExisting !== false;
  const batchRows = opts.batchRows ?? deps.config.IMPORT_BATCH_ROWS;

  // Where the last attempt stopped, the preview, and the settings values to create.
  const setup = await run.inTransaction(async (ctx) => {
    const manager = await ctx.scope.manager();
    const [preview]: PreviewRecord[] = await manager.query('SELECT * FROM import_preview WHERE id = $1', [previewId]);
    const [upload]: UploadRow[] = await manager.query('SELECT * FROM import_upload WHERE id = $1', [preview.upload_id]);
    const [progress]: { progress_done: number; counts: Partial<Counts> }[] = await manager.query(
      'SELECT progress_done, counts FROM job WHERE id = $1',
      [job.id],
    );
    const rejected: { row_no: number }[] = await manager.query(
      'SELECT row_no FROM import_rejected_row WHERE job_id = $1',
      [job.id],
    );
    // The preview's choices for unknown values (create / associate): the rows are planned with them.
    const options = await OptionResolver.load(manager, preview.value_choices);
    for (const choice of preview.value_choices.filter((c) => c.create)) {
      const list = OPTION_FIELDS.find((f) => f.key === choice.field)!.list;
      const label = choice.value.trim().slice(0, 100);
      // Idempotent across attempts: the unique index on (workspace, list, lower(label)).
      const created: { id: string }[] = await manager.query(
        `INSERT INTO setting_option (workspace_id, list, label, position)
         VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM setting_option WHERE list = $2))
         ON CONFLICT (workspace_id, list, lower(label)) DO NOTHING RETURNING id`,
        [job.workspaceId, list, label],
      );
      if (created.length) {
        await manager.query(
          `INSERT INTO import_record (workspace_id, job_id, entity_type, entity_id, action, written_at)
           VALUES ($1, $2, 'SettingOption', $3, 'create', now())`,
          [job.workspaceId, job.id, created[0].id],
        );
      }
      const [row]: { id: string }[] = await manager.query(
        'SELECT id FROM setting_option WHERE list = $1 AND lower(label) = lower($2)',
        [list, label],
      );
      options.setCreated(list, label, row.id);
    }
    return {
      custom: await CustomFieldImport.load(ctx, { updateExisting }),
      preview,
      upload,
      done: progress.progress_done,
      counts: { created: 0, updated: 0, unchanged: 0, rejected: 0, ...progress.counts } as Counts,
      rejected: new Set(rejected.map((r) => r.row_no)),
      options,
    };
  });
  const { preview, upload, options, counts, custom } = setup;
  const total = preview.summary.totalRows;
  const state = new FileState();
  let header: HeaderInfo | null = null;
  let seen = 0;
  let done = setup.done;
  let pending: NormalizedRow[] = [];
  // Statistics refreshed as the tables grow (the migration ImportXlsAnalyze says why): at the
  // start, after 2,000, 8,000, 32,000… rows, and at the end.
  const analyze = () =>
    run.inTransaction(async (ctx) => void (await (await ctx.scope.manager()).query('SELECT import_analyze()')));
  let nextAnalyze = 2_000;
  await analyze();

  // Batches run two at a time: batch N+1 is planned (its look-ups, on a connection of its own)
  // while batch N's statements run and commit. Each batch's data, undo log, rejected rows and
  // checkpoint still commit together in one transaction, and in file order: batch N+1 writes
  // only once batch N has committed (and rolls back if batch N failed), so a killed worker
  // resumes exactly where the last committed batch ended.
  const ax = { workspaceId: job.workspaceId, userId: job.createdBy, jobId: job.id };
  let previous: Promise<void> = Promise.resolve();
  let inFlight: Promise<unknown> = Promise.resolve();
  const writeBatch = async (rows: NormalizedRow[]) => {
    const prior = previous;
    let markPlanned!: () => void;
    const planned = new Promise<void>((resolve) => (markPlanned = resolve));
    const committed = run.inTransaction(async (ctx) => {
      const manager = await ctx.scope.manager();
      custom.checkRows(rows);
      const plans = await planBatch(manager, rows, state, options, {
        simulate: false,
        target: preview.target,
        updateExisting,
        creationProblems: (row, creating) => custom.creationProblems(row, creating),
      });
      await custom.plan(manager, plans);
      // Synchronously: the statements are built and the records marked saved before the next
      // batch is planned from the same state.
      const statements = prepareBatch(plans, ax);
      const customWrites = custom.takePlanned();
      state.endBatch();
      markPlanned();
      // The previous batch first: its records must be visible to these statements.
      await prior;
      // No wait for this commit's WAL flush (PostgreSQL's asynchronous commit). Safe here: the
      // checkpoint commits with the data, so a crash that loses the last batches loses their
      // checkpoints too and the resumed job writes them again; and the job is marked done by
      // an ordinary commit, whose flush makes every earlier batch durable (WAL is sequential).
      await manager.query('SET LOCAL synchronous_commit = off');
      await runStatements(manager, statements);
      await custom.writePlanned(manager, customWrites, ax);
      await recordRejected(manager, plans, job.workspaceId, job.id);
      for (const p of plans) counts[COUNT_OF[p.status]]++;
      done += rows.length;
      // An UPDATE … RETURNING comes back from TypeORM as [rows, rowCount].
      const [[row]]: [{ cancel_requested: boolean }[], number] = await manager.query(
        'UPDATE job SET progress_done = $1, progress_total = $2, counts = $3 WHERE id = $4 RETURNING cancel_requested',
        [done, total, JSON.stringify(counts), job.id],
      );
      return row.cancel_requested;
    });
    const after = committed.then(async (cancelled) => {
      if (cancelled) throw new JobCancelled();
      trimHeap(HEAP_BUDGET_BYTES);
      if (done >= nextAnalyze) {
        nextAnalyze = done * 4;
        await analyze();
      }
      if (opts.pauseAfterBatchMs) await new Promise((r) => setTimeout(r, opts.pauseAfterBatchMs));
    });
    // Awaited by the next batch or at the end; never left unhandled meanwhile.
    after.catch(() => undefined);
    previous = after;
    inFlight = Promise.allSettled([inFlight, after]);
    // Back to the reader once this batch is planned and the one before it has committed.
    await Promise.race([planned, committed]);
    await prior;
  };

  const uploadFile = path.resolve(deps.config.STORAGE_DIR, upload.storage_path);
  const spool = spoolPathOf(uploadFile, previewId);
  // The rows the preview parsed (spool.ts); the file itself only when they are gone.
  const source =
    (await openSpool(spool)) ??
    parseInSandbox(
      {
        file: uploadFile,
        fileName: upload.file_name,
        target: preview.target,
        mapping: preview.mapping,
        customHeaders: custom.headerKeys(preview.target),
        // The preview's header row, whatever the custom fields are now.
        headerRowNo: preview.summary.header?.headerRowNo ?? null,
        limits: parseLimits(deps.config),
      },
      { batchRows: Math.min(batchRows, 1000) },
    );
  try {
    for await (const item of source) {
      if ('header' in item) {
        header = item.header;
        custom.setHeader(header, preview.target, preview.summary.customColumnsMapped ? preview.mapping : null);
        continue;
      }
      for (const row of item.rows) {
        seen++;
        if (seen <= setup.done) {
          // Done by an earlier attempt: only its identity matters, to report repeats.
          if (!setup.rejected.has(row.rowNo) && !row.problems.length) state.identities.set(rowIdentity(row), row.rowNo);
          continue;
        }
        pending.push(row);
        if (pending.length >= batchRows) {
          const batch = pending;
          pending = [];
          await writeBatch(batch);
        }
      }
    }
    if (pending.length) await writeBatch(pending);
    await previous;
  } catch (err) {
    // No batch left running behind the failure (the attempt after this one must not race it).
    await inFlight;
    // A file that became unreadable (it passed the preview) fails the job without retries.
    if (err instanceof SpreadsheetError) throw new JobFailed(translate('fr', err.key, err.params), { cause: err });
    throw err;
  }

  await rm(spool, { force: true });
  // Fresh statistics for what comes next (another preview, the lists).
  await analyze();
  const report = await run.inTransaction(async (ctx) =>
    writeRejectedReport(await ctx.scope.manager(), {
      jobId: job.id,
      headers: header?.headers ?? [],
      dateColumns: [
        ...(header?.mapping ?? []).flatMap((f, i) => (f === 'createdAt' ? [i] : [])),
        ...custom.dateColumns(),
      ],
      storageDir: deps.config.STORAGE_DIR,
      locale: 'fr',
    }),
  );
  return {
    result: { previewId, target: preview.target, ...counts },
    resultFiles: report ? [report] : [],
    counts,
  };
}

const COUNT_OF: Record<RowPlan['status'], keyof Counts> = {
  CREATE: 'created',
  UPDATE: 'updated',
  UNCHANGED: 'unchanged',
  ERROR: 'rejected',
};

async function recordRejected(
  manager: import('typeorm').EntityManager,
  plans: RowPlan[],
  workspaceId: string,
  jobId: string,
): Promise<void> {
  const bad = plans.filter((p) => p.status === 'ERROR');
  if (!bad.length) return;
  await manager.query(
    `INSERT INTO import_rejected_row (workspace_id, job_id, row_no, cells, errors)
     SELECT $1, $2, v.row_no, v.cells, v.errors FROM unnest($3::int[], $4::jsonb[], $5::text[]) AS v(row_no, cells, errors)
     ON CONFLICT DO NOTHING`,
    [
      workspaceId,
      jobId,
      bad.map((p) => p.rowNo),
      bad.map((p) => JSON.stringify(p.cells)),
      bad.map((p) => p.problems.map((x) => problemMessage(x, 'fr')).join('\n')),
    ],
  );
}
