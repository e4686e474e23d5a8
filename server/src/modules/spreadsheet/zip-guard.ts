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
