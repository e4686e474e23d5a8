import { Client } from 'pg';
import { parentPort, workerData } from 'node:worker_threads';
import type { RawCell } from './export-cells';
import { type ExportFileOptions, ExportFileWriter } from './export-writer';
import type { SheetColumn } from './export-xlsx';

/**
 * The thread that writes an export (started by export.job.ts): it reads the rows through a
 * cursor on a connection of its own and writes the .xlsx and the .csv. Its heap is capped:
 * exceljs makes a lot of short-lived garbage, and in the worker's main heap V8 let that
 * garbage grow to ~140 MB before collecting it (peak RSS over 250 MB at 300k rows); in a
 * small capped heap it is collected early and cheaply, whatever the row count.
 *
 * The connection uses the application's role, so row-level security applies; the workspace
 * and user are set for the transaction as TenantScope does (here as bind parameters).
 */
export interface ExportThreadData {
  databaseUrl: string;
  workspaceId: string;
  userId: string | null;
  countSql: string;
  sql: string;
  params: unknown[];
  fetchSize: number;
  progressMs: number;
  columns: SheetColumn[];
  files: { xlsx: string; csv: string };
  options: ExportFileOptions;
}

export type ExportThreadMessage =
  | { type: 'total'; total: number }
  | { type: 'progress'; done: number }
  | { type: 'done'; rows: number; sizes: { xlsx: number; csv: number } };

async function run(data: ExportThreadData, post: (m: ExportThreadMessage) => void): Promise<void> {
  const client = new Client({ connectionString: data.databaseUrl, application_name: 'crm-export' });
  await client.connect();
  const writer = new ExportFileWriter(data.columns, data.files, data.options);
  let done = 0;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', $2, true)`, [
      data.workspaceId,
      data.userId ?? '',
    ]);
    // PostgreSQL would JIT-compile this long statement (its cost estimate is high): seconds of
    // compilation for a query that is a plain index scan with lookups.
    await client.query('SET LOCAL jit = off');
    const { rows: counted } = await client.query<{ total: number }>(data.countSql, data.params);
    post({ type: 'total', total: counted[0].total });
    await client.query(`DECLARE export_rows NO SCROLL CURSOR FOR ${data.sql}`, data.params);
    const fetch = () => client.query<RawCell[]>({ text: `FETCH ${data.fetchSize} FROM export_rows`, rowMode: 'array' });
    let next = fetch();
    let reported = Date.now();
    try {
      for (;;) {
        const { rows } = await next;
        if (!rows.length) break;
        // The database computes the next rows while this thread writes these.
        next = fetch();
        await writer.write(rows);
        done += rows.length;
        if (Date.now() - reported >= data.progressMs) {
          post({ type: 'progress', done });
          reported = Date.now();
        }
      }
    } finally {
      await next.catch(() => undefined);
    }
    await client.query('COMMIT');
  } catch (err) {
    writer.abort();
    throw err;
  } finally {
    await client.end();
  }
  post({ type: 'done', rows: done, sizes: await writer.close() });
}

const port = parentPort;
if (port) {
  void run(workerData as ExportThreadData, (m) => port.postMessage(m)).then(
    () => port.close(),
    (err: unknown) => {
      // Ends the thread: the job sees the error as the worker's 'error' event.
      setImmediate(() => {
        throw err;
      });
    },
  );
}
