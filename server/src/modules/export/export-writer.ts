import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type RawCell, csvCell } from './export-cells';
import { type SheetColumn, XlsxSheetWriter } from './export-xlsx';

export interface ExportFileOptions {
  separator: ';' | ',';
  bom: boolean;
  sheetName: string;
}

/** RFC 4180: a field with the separator, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string, mustQuote: RegExp): string {
  return mustQuote.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes the same rows to an .xlsx (export-xlsx.ts) and a .csv as they come from the
 * database, so memory stays flat whatever the row count. The CSV lines are built as one
 * string per batch (the quoting rule is the few lines above) and written with the file's
 * backpressure.
 */
export class ExportFileWriter {
  private readonly xlsx: XlsxSheetWriter;
  private readonly csvFile: WriteStream;
  private readonly csvDone: Promise<void>;
  private readonly mustQuote: RegExp;

  constructor(
    private readonly columns: SheetColumn[],
    private readonly paths: { xlsx: string; csv: string },
    private readonly options: ExportFileOptions,
  ) {
    this.xlsx = new XlsxSheetWriter(columns, paths.xlsx, options.sheetName);
    this.mustQuote = new RegExp(`["\r\n${options.separator}]`);
    this.csvFile = createWriteStream(paths.csv);
    this.csvDone = once(this.csvFile, 'finish').then(() => undefined);
    const header = columns.map((c) => csvField(c.header, this.mustQuote)).join(options.separator);
    this.csvFile.write(`${options.bom ? '\ufeff' : ''}${header}\r\n`);
  }

  /** Rows as arrays of raw values, in column order. Resolves when both files can take more. */
  async write(rows: RawCell[][]): Promise<void> {
    const { columns, options, mustQuote } = this;
    const n = columns.length;
    let csv = '';
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < n; i++) {
        const value = row[i];
        if (i) line += options.separator;
        if (value !== null && value !== undefined)
          line += csvField(csvCell(columns[i].kind, value, options.separator), mustQuote);
      }
      csv += `${line}\r\n`;
    }
    const csvFull = !this.csvFile.write(csv);
    await this.xlsx.write(rows);
    if (csvFull) await once(this.csvFile, 'drain');
  }

  /** Finishes both files and returns their sizes in bytes. */
  async close(): Promise<{ xlsx: number; csv: number }> {
    const xlsx = await this.xlsx.close();
    this.csvFile.end();
    await this.csvDone;
    return { xlsx, csv: (await stat(this.paths.csv)).size };
  }

  /** Stops writing after a failure; the partial files are left for the caller to remove. */
  abort(): void {
    this.csvFile.destroy();
  }
}
