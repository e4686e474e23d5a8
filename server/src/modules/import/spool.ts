import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { SandboxItem } from './parse-sandbox';

// The preview's parse, kept: the sandboxed parser writes the header and each batch of
// normalised rows it sends (length-prefixed V8 serialisation) to a file next to the
// upload, and the import job reads them back instead of parsing the spreadsheet again.
// Normalised rows depend only on the file, the mapping and the target, all fixed by the
// preview; the database look-ups are redone by the job. Written by our own parser from an
// already validated file: no user bytes are parsed when it is read back.

export class SpoolWriter {
  private constructor(
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(file: string): Promise<SpoolWriter> {
    return new SpoolWriter(file, await open(`${file}.part`, 'w'));
  }

  async write(item: SandboxItem): Promise<void> {
    await this.writeSerialized(serialize(item));
  }

  /** An item already serialised with v8.serialize (the parser sends the same bytes to its parent). */
  async writeSerialized(body: Buffer): Promise<void> {
    const head = Buffer.alloc(4);
    head.writeUInt32LE(body.length);
    await this.handle.writev([head, body]);
  }

  /** Closes the file and gives it its final name. */
  async commit(): Promise<void> {
    await this.handle.close();
    await rename(`${this.file}.part`, this.file);
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(`${this.file}.part`, { force: true });
  }
}

/** The spool's items in order, or null when there is no (complete) spool. */
export async function openSpool(file: string): Promise<AsyncGenerator<SandboxItem> | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return null;
  }
  return (async function* () {
    try {
      const head = Buffer.alloc(4);
      let pos = 0;
      for (;;) {
        const { bytesRead } = await handle.read(head, 0, 4, pos);
        if (bytesRead === 0) return;
        if (bytesRead < 4) throw new Error(`truncated import spool ${file}`);
        const length = head.readUInt32LE(0);
        const body = Buffer.allocUnsafe(length);
        const { bytesRead: n } = await handle.read(body, 0, length, pos + 4);
        if (n < length) throw new Error(`truncated import spool ${file}`);
        pos += 4 + length;
        yield deserialize(body) as SandboxItem;
      }
    } finally {
      await handle.close();
    }
  })();
}

/** The spool of a preview: next to its upload. */
export const spoolPathOf = (uploadFile: string, previewId: string) =>
  uploadFile.replace(/[^/\\]+$/, `${previewId}.rows`);
