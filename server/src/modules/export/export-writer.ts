import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type RawCell, csvCell, xlsxCell } from './export-cells';
import type { ExportColumn } from './export-columns';

export interface ExportFileOptions {
  /** Headers in this language. */
  locale: 'fr' | 'en';
  separator: ';' | ',';
  bom: boolean;
  sheetName: string;
}

/** Past this much XML waiting for the compressor, the writer waits (exceljs itself never does). */
const MAX_PENDING_XML_BYTES = 4 * 1024 * 1024;

interface PipedStreamBuf {
  pipes?: Writable[];
  buffers?: unknown[];
}

/** RFC 4180: a field with the separator, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string, mustQuote: RegExp): string {
  return mustQuote.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes the same rows to an .xlsx (exceljs streaming writer) and a .csv as they come from
 * the database, so memory stays flat whatever the row count.
 *
 * exceljs's sheet stream pushes every 64 KB chunk to the zip compressor without looking at
 * its return value (exceljs issue #1894: RSS grows with the row count). We give it the
 * backpressure it lacks: after each batch, when the compressor's input buffer is over a few
 * MB, wait for it to drain before committing more rows.
 *
 * Cost (scripts/bench/export.mjs): exceljs looks every cell's style up by rendering it to
 * XML unless it has seen that very style object before, and each new cell gets a fresh
 * one; giving every cell of a column the same object makes the lookup a WeakMap hit.
 * Empty values get no cell at all. The CSV lines are built as one string per batch (the
 * quoting rule is the few lines above) instead of going through a per-record object stream.
 */
export class ExportFileWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly csvFile: WriteStream;
  private readonly csvDone: Promise<void>;
  private readonly styles: Partial<ExcelJS.Style>[];
  private readonly mustQuote: RegExp;

  constructor(
    private readonly columns: ExportColumn[],
    private readonly paths: { xlsx: string; csv: string },
    private readonly options: ExportFileOptions,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: paths.xlsx,
      useStyles: true,
      useSharedStrings: false,
    });
    this.sheet = this.workbook.addWorksheet(options.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.styles = columns.map((c) => (c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {}));
    this.sheet.columns = columns.map((c, i) => ({
      header: c.header[options.locale],
      key: c.key,
      width: c.width ?? Math.max(12, c.header[options.locale].length + 2),
      style: c.kind === 'date' ? this.styles[i] : undefined,
    }));
    this.mustQuote = new RegExp(`["\r\n${options.separator}]`);
    this.csvFile = createWriteStream(paths.csv);
    this.csvDone = once(this.csvFile, 'finish').then(() => undefined);
    const header = columns.map((c) => csvField(c.header[options.locale], this.mustQuote)).join(options.separator);
    this.csvFile.write(`${options.bom ? '\ufeff' : ''}${header}\r\n`);
  }

  /** Rows as arrays of raw values, in column order. Resolves when both files can take more. */
  async write(rows: RawCell[][]): Promise<void> {
    const { columns, options, styles, mustQuote } = this;
    const n = columns.length;
    const kinds = columns.map((c) => c.kind);
    let csv = '';
    const cells = new Array<ReturnType<typeof xlsxCell> | undefined>(n);
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < n; i++) {
        const value = row[i];
        if (i) line += options.separator;
        if (value === null || value === undefined) {
          cells[i] = undefined;
          continue;
        }
        cells[i] = xlsxCell(kinds[i], value);
        line += csvField(csvCell(kinds[i], value, options.separator), mustQuote);
      }
      csv += `${line}\r\n`;
      const added = this.sheet.addRow(cells);
      for (let i = 0; i < n; i++) if (cells[i] !== undefined) added.getCell(i + 1).style = styles[i];
      added.commit();
    }
    const csvFull = !this.csvFile.write(csv);
    if (csvFull) await once(this.csvFile, 'drain');
    await this.waitForCompressor();
  }

  private async waitForCompressor(): Promise<void> {
    const sheetStream = (this.sheet as unknown as { stream?: PipedStreamBuf }).stream;
    const compressor = sheetStream?.pipes?.[0];
    if (compressor && compressor.writableLength > MAX_PENDING_XML_BYTES) await once(compressor, 'drain');
  }

  /** Finishes both files and returns their sizes in bytes. */
  async close(): Promise<{ xlsx: number; csv: number }> {
    this.sheet.commit();
    await this.workbook.commit();
    this.csvFile.end();
    await this.csvDone;
    const [x, c] = await Promise.all([stat(this.paths.xlsx), stat(this.paths.csv)]);
    return { xlsx: x.size, csv: c.size };
  }

  /** Stops writing after a failure; the partial files are left for the caller to remove. */
  abort(): void {
    this.csvFile.destroy();
  }
}
