import { open as openFile } from 'node:fs/promises';
import { open as openZip, type Entry, type ZipFile } from 'yauzl';
import { SpreadsheetError } from './spreadsheet-error';

export interface ZipLimits {
  /** Most bytes the whole archive may inflate to. */
  maxUnzippedBytes: number;
  /** Most entries (a workbook has a few dozen). */
  maxEntries?: number;
  /** Largest inflated/compressed ratio for the whole archive (real workbooks stay under ~30). */
  maxRatio?: number;
}

const openAsync = (file: string) =>
  new Promise<ZipFile>((resolve, reject) =>
    openZip(file, { lazyEntries: true, validateEntrySizes: true, autoClose: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error('no zip')) : resolve(zip),
    ),
  );

/**
 * Checks an .xlsx before any XML parser sees it (PERFORMANCE-NOTES, "spreadsheet bombs"):
 * reads the central directory and refuses absurd sizes or ratios, then inflates every entry
 * while counting the bytes actually produced, since the sizes a zip declares can lie.
 * Also refuses zips that are not workbooks (a .docx, a plain archive).
 */
export async function checkXlsxArchive(file: string, compressedSize: number, limits: ZipLimits): Promise<void> {
  const maxEntries = limits.maxEntries ?? 2000;
  const cap = Math.min(limits.maxUnzippedBytes, Math.max(compressedSize, 64 * 1024) * (limits.maxRatio ?? 100));
  let zip: ZipFile;
  try {
    zip = await openAsync(file);
  } catch {
    throw new SpreadsheetError('import.file.corrupt');
  }
  const centralDirectoryOffset = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
  try {
    const entries: Entry[] = [];
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        entries.push(entry);
        declared += entry.uncompressedSize;
        if (entries.length > maxEntries || declared > cap) {
          reject(new SpreadsheetError('import.file.tooLargeUnzipped'));
          return;
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(new SpreadsheetError('import.file.corrupt')));
      zip.readEntry();
    });
    // yauzl's cursor before the first entry is read: where the central directory starts.
    await checkLayout(file, entries, centralDirectoryOffset);
    const names = new Set(entries.map((e) => e.fileName));
    if (!names.has('xl/workbook.xml') || !names.has('[Content_Types].xml')) {
      throw new SpreadsheetError('import.file.notSpreadsheet');
    }
    if (entries.some((e) => e.isEncrypted())) throw new SpreadsheetError('import.file.encrypted');
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(entry, (err, s) =>
          err || !s ? reject(new SpreadsheetError('import.file.corrupt')) : resolve(s),
        ),
      );
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > cap) {
            (stream as unknown as { destroy(): void }).destroy();
            reject(new SpreadsheetError('import.file.tooLargeUnzipped'));
          }
        });
        stream.on('end', () => resolve());
        // yauzl reports entries inflating past their declared size (validateEntrySizes) here.
        stream.on('error', () => reject(new SpreadsheetError('import.file.corrupt')));
      });
    }
  } finally {
    zip.close();
  }
}

/**
 * The entries the central directory lists must tile the file: the first at offset 0, each
 * one's data followed at once by the next local header (or its data descriptor), the last by
 * the central directory, and each local header agreeing with its central one. exceljs reads
 * the local headers in file order (a streaming unzip), not the central directory this guard
 * checks: an entry hidden between two listed ones (or overlapping them) would be inflated by
 * exceljs without ever being counted here.
 */
async function checkLayout(file: string, entries: Entry[], centralDirectoryOffset: number): Promise<void> {
  const sorted = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  const handle = await openFile(file, 'r');
  try {
    let expected = 0;
    const head = Buffer.alloc(30);
    const descriptor = Buffer.alloc(4);
    for (const e of sorted) {
      if (e.relativeOffsetOfLocalHeader !== expected) throw new SpreadsheetError('import.file.corrupt');
      const { bytesRead } = await handle.read(head, 0, 30, expected);
      if (bytesRead < 30 || head.readUInt32LE(0) !== 0x04034b50) throw new SpreadsheetError('import.file.corrupt');
      const flags = head.readUInt16LE(6);
      const hasDescriptor = (flags & 0x08) !== 0;
      const zip64 = e.compressedSize >= 0xffffffff || e.uncompressedSize >= 0xffffffff;
      if (
        head.readUInt16LE(26) !== e.fileNameLength ||
        (!hasDescriptor &&
          !zip64 &&
          (head.readUInt32LE(18) !== e.compressedSize || head.readUInt32LE(22) !== e.uncompressedSize))
      ) {
        throw new SpreadsheetError('import.file.corrupt');
      }
      expected += 30 + head.readUInt16LE(26) + head.readUInt16LE(28) + e.compressedSize;
      if (hasDescriptor) {
        // CRC and both sizes (8 bytes each in zip64), after an optional signature.
        await handle.read(descriptor, 0, 4, expected);
        expected += (descriptor.readUInt32LE(0) === 0x08074b50 ? 4 : 0) + (zip64 ? 20 : 12);
      }
    }
    if (expected !== centralDirectoryOffset) throw new SpreadsheetError('import.file.corrupt');
  } finally {
    await handle.close();
  }
}
