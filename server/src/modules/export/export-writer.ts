import { stringify, type Stringifier } from 'csv-stringify';
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

/**
 * Writes the same rows to an .xlsx (exceljs streaming writer) and a .csv (csv-stringify)
 * as they come from the database, so memory stays flat whatever the row count.
 *
 * exceljs's sheet stream pushes every 64 KB chunk to the zip compressor without looking at
 * its return value (exceljs issue #1894: RSS grows with the row count). We give it the
 * backpressure it lacks: after each batch, when the compressor's input buffer is over a few
 * MB, wait for it to drain before committing more rows.
 */
export class ExportFileWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly csv: Stringifier;
  private readonly csvFile: WriteStream;
  private readonly csvDone: Promise<void>;

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
    this.sheet.columns = columns.map((c) => ({
      header: c.header[options.locale],
      key: c.key,
      width: c.width ?? Math.max(12, c.header[options.locale].length + 2),
      style: c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : undefined,
    }));
    this.csvFile = createWriteStream(paths.csv);
    this.csv = stringify({ delimiter: options.separator, bom: options.bom, record_delimiter: 'windows' });
    this.csv.pipe(this.csvFile);
    this.csvDone = once(this.csvFile, 'finish').then(() => undefined);
    this.csv.write(columns.map((c) => c.header[options.locale]));
  }

  /** Rows as arrays of raw values, in column order. Resolves when both files can take more. */
  async write(rows: RawCell[][]): Promise<void> {
    const { columns, options } = this;
    let csvFull = false;
    for (const row of rows) {
      const cells = new Array<ReturnType<typeof xlsxCell>>(columns.length);
      const texts = new Array<string>(columns.length);
      for (let i = 0; i < columns.length; i++) {
        cells[i] = xlsxCell(columns[i].kind, row[i]);
        texts[i] = csvCell(columns[i].kind, row[i], options.separator);
      }
      this.sheet.addRow(cells).commit();
      if (!this.csv.write(texts)) csvFull = true;
    }
    if (csvFull) await once(this.csv, 'drain');
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
    this.csv.end();
    await this.csvDone;
    const [x, c] = await Promise.all([stat(this.paths.xlsx), stat(this.paths.csv)]);
    return { xlsx: x.size, csv: c.size };
  }

  /** Stops writing after a failure; the partial files are left for the caller to remove. */
  abort(): void {
    this.csv.destroy();
    this.csvFile.destroy();
  }
}
