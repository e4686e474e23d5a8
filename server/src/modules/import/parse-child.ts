// The sandboxed parser: a child process of the API or the worker that reads one uploaded
// spreadsheet and sends its rows back, normalised, in batches. A hostile or merely huge
// file can exhaust this process's (capped) memory or CPU, never its parent's event loop.
import { serialize } from 'node:v8';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { type ParseRequest, parseSpreadsheet } from './parse-file';
import type { NormalizedRow } from './row-normalize';
import { SpoolWriter } from './spool';

export type ChildMessage =
  | { type: 'header'; header: import('./parse-file').HeaderInfo }
  // A batch as v8.serialize({ rows }) bytes: serialised once, for the spool and the parent.
  | { type: 'rows'; serialized: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; key: string; params: Record<string, string | number> };

export type ParentMessage = { type: 'start'; req: ParseRequest; batchRows: number; window: number } | { type: 'ack' };

const send = (m: ChildMessage) =>
  new Promise<void>((resolve, reject) =>
    process.send!(m, undefined, undefined, (err) => (err ? reject(err) : resolve())),
  );

let credit = 0;
let wake: (() => void) | null = null;

async function run(req: ParseRequest, batchRows: number, window: number): Promise<void> {
  credit = window;
  let batch: NormalizedRow[] = [];
  const spool = req.spool ? await SpoolWriter.open(req.spool) : null;
  const flush = async () => {
    // Flow control: at most `window` batches in flight, so a fast parser never buffers a
    // whole file in the parent's memory.
    while (credit <= 0) await new Promise<void>((r) => (wake = r));
    credit--;
    const serialized = serialize({ rows: batch });
    batch = [];
    await spool?.writeSerialized(serialized);
    await send({ type: 'rows', serialized });
  };
  try {
    for await (const item of parseSpreadsheet(req)) {
      if ('header' in item) {
        await spool?.write({ header: item.header });
        await send({ type: 'header', header: item.header });
      } else {
        batch.push(item.row);
        if (batch.length >= batchRows) await flush();
      }
    }
    if (batch.length) await flush();
    // The spool appears under its name only when complete.
    await spool?.commit();
    await send({ type: 'end' });
  } catch (err) {
    await spool?.abort();
    const e = err instanceof SpreadsheetError ? err : new SpreadsheetError('import.file.corrupt');
    await send({ type: 'error', key: e.key, params: e.params });
  }
  process.disconnect();
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'ack') {
    credit++;
    wake?.();
    wake = null;
  } else if (m.type === 'start') {
    void run(m.req, m.batchRows, m.window);
  }
});
