import { mkdir, rm } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import path from 'node:path';
import { em } from '../../common/context';
import { startModuleThread } from '../../common/module-thread';
import { translate } from '../../common/i18n';
import type { JobHandler, JobRunContext } from '../../jobs/job-handler';
import type { JobResultFile } from '../job/job.entity';
import { customExportColumns } from '../custom-field/custom-field-export';
import { ExportList, exportCountQuery, exportQuery, pickColumns } from './export-columns';
import { type ExportMailOutcome, mailExport } from './export-mail';
import { exportRowSource } from './export-view';
import type { ExportThreadData, ExportThreadMessage } from './export-thread';
import { CsvSeparator, EXPORT_JOB_KIND, ExportEncoding, type ExportJobParams } from './export.service';

/** Rows fetched from the cursor at a time; the next batch is fetched while one is written. */
const FETCH_SIZE = 500;
/** Progress is saved (and a cancel noticed) at most this often. */
const CHECKPOINT_MS = 500;
/**
 * Heap caps of the export thread, in MB. Its live data is small (a batch, the files'
 * streams); a capped old generation is collected early instead of growing (uncapped, in
 * the worker's main heap, the peak RSS went over 250 MB at 300k rows).
 */
const THREAD_OLD_SPACE_MB = 64;
const THREAD_YOUNG_SPACE_MB = 16;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function startThread(workerData: ExportThreadData): Worker {
  return startModuleThread(__dirname, 'export-thread', workerData, {
    maxOldGenerationSizeMb: THREAD_OLD_SPACE_MB,
    maxYoungGenerationSizeMb: THREAD_YOUNG_SPACE_MB,
  });
}

/**
 * Runs the export thread to its end. Its progress goes to onProgress one call at a time (a
 * report arriving during a call is skipped: the next one carries a later count); when
 * onProgress throws (cancelled, superseded) the thread is stopped and the error rethrown.
 */
async function runExportThread(
  data: ExportThreadData,
  onProgress: (m: Exclude<ExportThreadMessage, { type: 'done' }>) => Promise<void>,
): Promise<{ rows: number; sizes: { xlsx: number; csv: number } }> {
  const thread = startThread(data);
  return new Promise((resolve, reject) => {
    let busy: Promise<void> | null = null;
    let outcome: { rows: number; sizes: { xlsx: number; csv: number } } | null = null;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      void thread.terminate();
      reject(err);
    };
    thread.on('message', (message: ExportThreadMessage) => {
      if (message.type === 'done') {
        outcome = { rows: message.rows, sizes: message.sizes };
        return;
      }
      // The total must be saved; a progress report may be skipped while another is saved.
      if (busy && message.type === 'progress') return;
      const previous = busy ?? Promise.resolve();
      busy = previous
        .then(() => onProgress(message))
        .finally(() => {
          busy = null;
        });
      busy.catch(fail);
    });
    thread.on('error', fail);
    thread.on('exit', (code) => {
      void (busy ?? Promise.resolve()).then(
        () => {
          if (outcome) resolve(outcome);
          else fail(new Error(`export thread stopped (exit code ${code})`));
        },
        () => undefined,
      );
    });
  });
}

/**
 * Streams the list from a server-side cursor into the .xlsx and the .csv (in a thread of its
 * own, see export-thread.ts), then mails them.
 * A rerun after a crash starts again from the first row and overwrites the files, so the
 * result holds each row once.
 */
export const exportJobHandler: JobHandler = {
  kind: EXPORT_JOB_KIND,
  attempts: 3,
  backoffMs: 5000,
  async run(run: JobRunContext) {
    const { job, deps } = run;
    const params = job.params as unknown as ExportJobParams;
    const locale = params.locale === 'en' ? 'en' : 'fr';
    const custom = await run.inTransaction((ctx) => customExportColumns(ctx, params.list, locale));
    const columns = pickColumns(params.list, params.columns, custom);
    // One folder per run: a stale run still writing (see JobSuperseded) never touches the files of
    // the run that replaced it.
    const relativeDir = path.join('jobs', job.id, `run-${job.attempts}`);
    const dir = path.resolve(deps.config.STORAGE_DIR, relativeDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const stem = `${params.list === ExportList.COMPANIES ? 'clients' : 'contacts'}-${new Date().toISOString().slice(0, 10)}`;
    const files = { xlsx: path.join(dir, `${stem}.xlsx`), csv: path.join(dir, `${stem}.csv`) };
    const source = await run.inTransaction(async (ctx) =>
      exportRowSource(ctx, params.list, params.filter, params.orderBy),
    );
    let total: number | null = null;
    let result: { rows: number; sizes: { xlsx: number; csv: number } };
    try {
      result = await runExportThread(
        {
          databaseUrl: deps.config.DATABASE_URL,
          workspaceId: job.workspaceId,
          userId: job.createdBy,
          countSql: exportCountQuery(params.list, params.limit, source),
          sql: exportQuery(params.list, columns, params.limit, source),
          params: source.params ?? [],
          fetchSize: FETCH_SIZE,
          progressMs: CHECKPOINT_MS,
          columns: columns.map((c) => ({ key: c.key, header: c.header[locale], kind: c.kind, width: c.width })),
          files,
          options: {
            separator: params.separator === CsvSeparator.COMMA ? ',' : ';',
            bom: params.encoding === ExportEncoding.UTF8_BOM,
            sheetName: translate(locale, `export.list.${params.list}`),
          },
        },
        async (message) => {
          if (message.type === 'total') total = message.total;
          await run.checkpoint({ done: message.type === 'progress' ? message.done : 0, total });
        },
      );
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const done = result.rows;
    const sizes = result.sizes;
    // Last ownership check before the email, which cannot be taken back.
    await run.checkpoint({ done, total: done });

    const expiresAt = new Date(Date.now() + deps.config.EXPORT_FILE_TTL_HOURS * 3600_000).toISOString();
    const resultFiles: JobResultFile[] = [
      {
        name: path.basename(files.xlsx),
        path: path.join(relativeDir, path.basename(files.xlsx)),
        contentType: XLSX_TYPE,
        size: sizes.xlsx,
        expiresAt,
      },
      {
        name: path.basename(files.csv),
        path: path.join(relativeDir, path.basename(files.csv)),
        contentType: 'text/csv; charset=utf-8',
        size: sizes.csv,
        expiresAt,
      },
    ];
    const recipient = await run.inTransaction(async (ctx) => {
      const rows: { email: string }[] = await (
        await em(ctx)
      ).query('SELECT email FROM app_user WHERE id = $1', [job.createdBy]);
      return rows[0]?.email ?? null;
    });
    const mail: ExportMailOutcome = recipient
      ? await run.inTransaction((ctx) =>
          mailExport(ctx, {
            to: recipient,
            locale,
            jobId: job.id,
            listLabel: translate(locale, `export.list.${params.list}`),
            rows: done,
            files: resultFiles,
          }),
        )
      : { sent: false, attached: false, reason: 'no-recipient' };
    return {
      result: {
        list: params.list,
        rows: done,
        emailed: mail.sent,
        attached: mail.attached,
        keptInOutbox: Boolean(mail.outboxEmailId),
        mailIssue: mail.reason ?? null,
        expiresAt,
      },
      resultFiles,
      counts: { rows: done },
    };
  },
};
