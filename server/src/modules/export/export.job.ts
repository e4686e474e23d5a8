import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { em } from '../../common/context';
import { translate } from '../../common/i18n';
import type { JobHandler, JobRunContext } from '../../jobs/job-handler';
import type { JobResultFile } from '../job/job.entity';
import type { RawCell } from './export-cells';
import { ExportList, exportCountQuery, exportQuery, pickColumns } from './export-columns';
import { mailExport } from './export-mail';
import { exportRowSource } from './export-view';
import { ExportFileWriter } from './export-writer';
import { CsvSeparator, EXPORT_JOB_KIND, ExportEncoding, type ExportJobParams } from './export.service';

/**
 * Rows fetched from the cursor at a time. The next batch is fetched while one is written, so
 * round trips cost little; small batches die young (bigger ones reach V8's old space before
 * they are written and raised the peak RSS by ~50 MB in scripts/bench/export.mjs).
 */
const FETCH_SIZE = 500;
/** Progress is saved (and a cancel noticed) at most this often. */
const CHECKPOINT_MS = 500;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Streams the list from a server-side cursor into the .xlsx and the .csv, then mails them.
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
    const columns = pickColumns(params.list, params.columns);
    const locale = params.locale === 'en' ? 'en' : 'fr';
    // One folder per run: a stale run still writing (see JobSuperseded) never touches the files of
    // the run that replaced it.
    const relativeDir = path.join('jobs', job.id, `run-${job.attempts}`);
    const dir = path.resolve(deps.config.STORAGE_DIR, relativeDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const stem = `${params.list === ExportList.COMPANIES ? 'clients' : 'contacts'}-${new Date().toISOString().slice(0, 10)}`;
    const files = { xlsx: path.join(dir, `${stem}.xlsx`), csv: path.join(dir, `${stem}.csv`) };
    const writer = new ExportFileWriter(columns, files, {
      locale,
      separator: params.separator === CsvSeparator.COMMA ? ',' : ';',
      bom: params.encoding === ExportEncoding.UTF8_BOM,
      sheetName: translate(locale, `export.list.${params.list}`),
    });

    let done = 0;
    try {
      await run.inTransaction(async (ctx) => {
        const manager = await em(ctx);
        const source = exportRowSource(ctx, params.list, params.filter, params.orderBy);
        // PostgreSQL would JIT-compile this long statement (its cost estimate is high): seconds of
        // compilation for a query that is a plain index scan with lookups.
        await manager.query('SET LOCAL jit = off');
        const [{ total }] = (await manager.query(
          exportCountQuery(params.list, params.limit, source),
          source.params,
        )) as { total: number }[];
        await run.checkpoint({ done: 0, total });
        const keys = columns.map((_, i) => `c${i}`);
        await manager.query(
          `DECLARE export_rows NO SCROLL CURSOR FOR ${exportQuery(params.list, columns, params.limit, source)}`,
          source.params,
        );
        const fetch = () => manager.query(`FETCH ${FETCH_SIZE} FROM export_rows`) as Promise<Record<string, RawCell>[]>;
        let next = fetch();
        let saved = Date.now();
        try {
          for (;;) {
            const rows = await next;
            if (!rows.length) break;
            // The database computes the next rows while this process writes these (two cores at work).
            next = fetch();
            await writer.write(rows.map((row) => keys.map((key) => row[key])));
            done += rows.length;
            if (Date.now() - saved >= CHECKPOINT_MS) {
              await run.checkpoint({ done, total });
              saved = Date.now();
            }
          }
        } finally {
          // A failed write leaves a fetch in flight: wait for it before the transaction ends.
          await next.catch(() => undefined);
        }
        await manager.query('CLOSE export_rows');
      });
    } catch (err) {
      writer.abort();
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    const sizes = await writer.close();
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
    const mail = recipient
      ? await mailExport(deps, {
          to: recipient,
          locale,
          jobId: job.id,
          listLabel: translate(locale, `export.list.${params.list}`),
          rows: done,
          files: resultFiles,
        })
      : { sent: false, attached: false, reason: 'no-recipient' };
    return {
      result: {
        list: params.list,
        rows: done,
        emailed: mail.sent,
        attached: mail.attached,
        mailIssue: mail.reason ?? null,
        expiresAt,
      },
      resultFiles,
      counts: { rows: done },
    };
  },
};
