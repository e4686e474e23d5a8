// The sandboxed parser: a child process of the API or the worker that reads one uploaded
// spreadsheet and sends its rows back, normalised, in batches. A hostile or merely huge
// file can exhaust this process's (capped) memory or CPU, never its parent's event loop.
//
// Two threads for large files: this one reads the workbook (readSpreadsheet) while
// normalize-thread.ts normalises the batches already read, so both run at once on a
// 2-core machine.
import { serialize } from 'node:v8';
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../common/module-thread';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { type HeaderInfo, type ParseRequest, readSpreadsheet } from './parse-file';
import type { NormalizeThreadData, RawRow } from './normalize-thread';
import { PARSE_CHILD_INTERNAL_EXIT } from './parse-sandbox';
import { normalizeRow } from './row-normalize';
import { SpoolWriter } from './spool';

export type ChildMessage =
  | { type: 'header'; header: HeaderInfo }
  // A batch as v8.serialize({ rows }) bytes: serialised once, for the spool and the parent.
  | { type: 'rows'; serialized: Uint8Array }
  | { type: 'end' }
  | { type: 'error'; key: string; params: Record<string, string | number> };

export type ParentMessage = { type: 'start'; req: ParseRequest; batchRows: number; window: number } | { type: 'ack' };

/** Batches handed to the normalising thread and not yet back: enough to keep both threads busy. */
const NORMALIZE_AHEAD = 2;

/**
 * Rows normalised on this thread before the second one starts: starting a thread costs
 * about as much as normalising a few thousand rows, so most files never need it.
 */
const THREAD_AFTER_ROWS = 5_000;

const send = (m: ChildMessage) =>
  new Promise<void>((resolve, reject) =>
    process.send!(m, undefined, undefined, (err) => (err ? reject(err) : resolve())),
  );

/** The normalising thread: batches in, serialised batches out, in order. */
class Normalizer {
  private readonly worker: Worker;
  private readonly waiting: { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(data: NormalizeThreadData) {
    this.worker = startModuleThread(__dirname, 'normalize-thread', data, {
      maxOldGenerationSizeMb: 256,
      maxYoungGenerationSizeMb: 48,
    });
    this.worker.on('message', (b: Uint8Array) => this.waiting.shift()?.resolve(b));
    const fail = (err: Error & { code?: string }) => {
      // Out of its heap: the file is too heavy, as when the whole process runs out.
      this.failure ??= err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new SpreadsheetError('import.file.tooHeavy') : err;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new Error('normalising thread ended')));
  }

  normalize(rows: RawRow[]): Promise<Uint8Array> {
    const result = new Promise<Uint8Array>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(rows);
    });
    // Awaited in order by the caller; a failure meanwhile must not count as unhandled.
    result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** An error thrown while reading the workbook: the file's (damaged, gone), not ours. */
class ReadFailure {
  constructor(readonly error: unknown) {}
}

/** The items of `source`, its errors wrapped in ReadFailure; closes it when the caller stops early. */
async function* reading<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await it.next();
      } catch (err) {
        done = true;
        throw new ReadFailure(err);
      }
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await it.return?.()?.catch(() => undefined);
  }
}

/**
 * A failure of our own machinery (the normalising thread, the spool, the IPC channel, a
 * bug), not of the user's file: one JSON line on stderr, which the parent inherits (pino's
 * shape, level 50 = error), with the stack.
 */
function logInternal(err: unknown, step: string): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const line = {
    level: 50,
    time: Date.now(),
    pid: process.pid,
    service: 'import-parse-child',
    msg: `import parsing child: internal error (${step})`,
    err: { type: e.name, message: e.message, code: (e as NodeJS.ErrnoException).code, stack: e.stack },
  };
  try {
    process.stderr.write(`${JSON.stringify(line)}\n`);
  } catch {
    // stderr gone: the exit code still tells the parent
  }
}

/** What the user is told of a failure: the file's problem, or an internal error (logged). */
function errorOf(err: unknown): SpreadsheetError {
  if (err instanceof SpreadsheetError) return err;
  if (err instanceof ReadFailure) {
    if (err.error instanceof SpreadsheetError) return err.error;
    return new SpreadsheetError(fileErrorKey(err.error));
  }
  logInternal(err, 'parse');
  return new SpreadsheetError('import.file.internal');
}

let credit = 0;
let wake: (() => void) | null = null;

async function run(req: ParseRequest, batchRows: number, window: number): Promise<void> {
  credit = window;
  let batch: RawRow[] = [];
  let header: HeaderInfo | null = null;
  let rowsRead = 0;
  let normalizer = null as Normalizer | null;
  const ahead: Promise<Uint8Array>[] = [];
  let spool: SpoolWriter | null = null;
  // The oldest batch handed to the thread, once normalised: to the spool and the parent.
  const flushOne = async () => {
    const serialized = await ahead.shift()!;
    // Flow control: at most `window` batches in flight, so a fast parser never buffers a
    // whole file in the parent's memory.
    while (credit <= 0) await new Promise<void>((r) => (wake = r));
    credit--;
    await spool?.writeSerialized(Buffer.from(serialized.buffer, serialized.byteOffset, serialized.byteLength));
    await send({ type: 'rows', serialized });
  };
  const dispatch = async () => {
    if (rowsRead <= THREAD_AFTER_ROWS) {
      const rows = batch.map((r) => normalizeRow(r.rowNo, r.cells, header!.mapping, req.target));
      ahead.push(Promise.resolve(serialize({ rows })));
    } else {
      normalizer ??= new Normalizer({ mapping: header!.mapping, target: req.target });
      ahead.push(normalizer.normalize(batch));
    }
    batch = [];
    if (ahead.length >= NORMALIZE_AHEAD) await flushOne();
  };
  try {
    if (req.spool) spool = await SpoolWriter.open(req.spool);
    // Only the reading's errors are the file's: the spool, the thread and the channel are ours.
    for await (const item of reading(readSpreadsheet(req))) {
      if ('header' in item) {
        header = item.header;
        await spool?.write({ header: item.header });
        await send({ type: 'header', header: item.header });
      } else {
        batch.push(item);
        rowsRead++;
        if (batch.length >= batchRows) await dispatch();
      }
    }
    if (batch.length) await dispatch();
    while (ahead.length) await flushOne();
    // The spool appears under its name only when complete.
    await spool?.commit();
    await send({ type: 'end' });
  } catch (err) {
    await spool?.abort().catch((e: unknown) => logInternal(e, 'spool cleanup'));
    const e = errorOf(err);
    await send({ type: 'error', key: e.key, params: e.params });
  } finally {
    await normalizer?.close();
  }
  if (process.connected) process.disconnect();
}

/** A file that is not there any more (storage lost or cleaned) is not a damaged file. */
function fileErrorKey(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT' ? 'import.file.gone' : 'import.file.corrupt';
}

process.on('message', (m: ParentMessage) => {
  if (m.type === 'ack') {
    credit++;
    wake?.();
    wake = null;
  } else if (m.type === 'start') {
    // What run() could not tell the parent (the channel failed): logged, and said by the exit code.
    run(m.req, m.batchRows, m.window).catch((err: unknown) => {
      logInternal(err, 'report');
      process.exit(PARSE_CHILD_INTERNAL_EXIT);
    });
  }
});
