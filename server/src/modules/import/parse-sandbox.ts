import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { deserialize } from 'node:v8';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import type { ChildMessage, ParentMessage } from './parse-child';
import type { HeaderInfo, ParseRequest } from './parse-file';
import type { NormalizedRow } from './row-normalize';

export interface SandboxOptions {
  /** Rows per message. */
  batchRows?: number;
  /** Heap cap of the parsing process, in MB. */
  maxHeapMb?: number;
  /** The parser is killed when it stays silent this long. */
  idleTimeoutMs?: number;
}

/** The child's entry: the compiled .js in production, the .ts source under jest (compiled by SWC on load). */
function childEntry(): { file: string; execArgv: string[]; env: NodeJS.ProcessEnv } {
  if (__filename.endsWith('.ts')) {
    return {
      file: path.join(__dirname, 'parse-child.ts'),
      execArgv: ['-r', path.resolve(__dirname, '../../../test/swc-register.js')],
      env: process.env,
    };
  }
  return { file: path.join(__dirname, 'parse-child.js'), execArgv: [], env: process.env };
}

export type SandboxItem = { header: HeaderInfo } | { rows: NormalizedRow[] };

/** The parsing child's exit code after an internal error it could not send (EX_SOFTWARE). */
export const PARSE_CHILD_INTERNAL_EXIT = 70;

/**
 * Parses a spreadsheet in a child process (see parse-child.ts) and yields its header, then
 * batches of normalised rows, as they come: the caller works on one batch while the child
 * parses the next (a pipeline over two cores). Stopping the iteration kills the child.
 */
export async function* parseInSandbox(req: ParseRequest, opts: SandboxOptions = {}): AsyncGenerator<SandboxItem> {
  const entry = childEntry();
  const child: ChildProcess = fork(entry.file, [], {
    // A larger young generation: the parser allocates short-lived cells and rows at a high
    // rate, and with V8's default 16 MB semi-space it spends a fifth of its time scavenging.
    execArgv: [...entry.execArgv, `--max-old-space-size=${opts.maxHeapMb ?? 512}`, '--max-semi-space-size=32'],
    env: entry.env,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const queue: (ChildMessage | { type: 'exit'; code: number | null })[] = [];
  let notify: (() => void) | null = null;
  const push = (m: ChildMessage | { type: 'exit'; code: number | null }) => {
    queue.push(m);
    notify?.();
    notify = null;
  };
  child.on('message', (m: ChildMessage) => push(m));
  // 'close', not 'exit': 'exit' can come before the last IPC messages have been read.
  child.on('close', (code) => push({ type: 'exit', code }));
  // An ack written after the child has finished gets EPIPE: harmless, and not the end of the
  // stream (the last messages may still be unread). Only 'close' says the child is gone.
  child.on('error', () => undefined);
  const sendToChild = (m: ParentMessage) => {
    if (child.connected) child.send(m, (err) => void err);
  };
  sendToChild({ type: 'start', req, batchRows: opts.batchRows ?? 500, window: 4 });
  const idle = opts.idleTimeoutMs ?? 120_000;
  try {
    for (;;) {
      if (!queue.length) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await new Promise<boolean>((resolve) => {
          notify = () => resolve(false);
          timer = setTimeout(() => resolve(true), idle);
        });
        clearTimeout(timer);
        if (timedOut) throw new SpreadsheetError('import.file.tooHeavy');
        continue;
      }
      const m = queue.shift()!;
      if (m.type === 'header') yield { header: m.header };
      else if (m.type === 'rows') {
        sendToChild({ type: 'ack' });
        yield deserialize(m.serialized) as { rows: NormalizedRow[] };
      } else if (m.type === 'end') return;
      else if (m.type === 'error') throw new SpreadsheetError(m.key, m.params);
      // It failed and could not say so (its IPC channel broke): it logged why on stderr.
      else if (m.code === PARSE_CHILD_INTERNAL_EXIT) throw new SpreadsheetError('import.file.internal');
      // The child died without a word: out of memory, or killed.
      else throw new SpreadsheetError('import.file.tooHeavy');
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
