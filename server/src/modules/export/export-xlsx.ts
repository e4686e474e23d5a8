import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { type RawCell, xlsxCell } from './export-cells';
import type { CellKind } from './export-columns';

/** What the sheet needs of a column (plain data: it crosses to the writer thread). */
export interface SheetColumn {
  key: string;
  header: string;
  kind: CellKind;
  width?: number;
}

/** Past this much XML waiting for the compressor, the writer waits (exceljs itself never does). */
const MAX_PENDING_XML_BYTES = 1024 * 1024;

interface PipedStreamBuf {
  pipes?: Writable[];
}

/**
 * The .xlsx of an export, written by exceljs's streaming writer (in the export thread, see
 * export-thread.ts).
 *
 * exceljs's sheet stream pushes every 64 KB chunk to the zip compressor without looking at
 * its return value (exceljs issue #1894: RSS grows with the row count). We give it the
 * backpressure it lacks: after each batch, when the compressor's input buffer is over 1 MB,
 * wait for it to drain before committing more rows (4 MB let the buffers waiting for the
 * collector add ~20 MB to the peak RSS).
 *
 * Cost (scripts/bench/export.mjs): exceljs looks every cell's style up by rendering it to
 * XML unless it has seen that very style object before, and each new cell gets a fresh
 * one; giving every cell of a column the same object makes the lookup a WeakMap hit.
 * Empty values get no cell at all.
 */
export class XlsxSheetWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private readonly styles: Partial<ExcelJS.Style>[];
  private readonly kinds: CellKind[];

  constructor(
    columns: SheetColumn[],
    private readonly file: string,
    sheetName: string,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: true,
      useSharedStrings: false,
    });
    this.sheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.styles = columns.map((c) => (c.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {}));
    this.kinds = columns.map((c) => c.kind);
    this.sheet.columns = columns.map((c, i) => ({
      header: c.header,
      key: c.key,
      width: c.width ?? Math.max(12, c.header.length + 2),
      style: c.kind === 'date' ? this.styles[i] : undefined,
    }));
  }

  /** Rows as arrays of raw values, in column order. Resolves when the compressor can take more. */
  async write(rows: RawCell[][]): Promise<void> {
    const { kinds, styles } = this;
    const n = kinds.length;
    const cells = new Array<ReturnType<typeof xlsxCell> | undefined>(n);
    for (const row of rows) {
      for (let i = 0; i < n; i++) {
        const value = row[i];
        cells[i] = value === null || value === undefined ? undefined : xlsxCell(kinds[i], value);
      }
      const added = this.sheet.addRow(cells);
      for (let i = 0; i < n; i++) if (cells[i] !== undefined) added.getCell(i + 1).style = styles[i];
      added.commit();
    }
    const compressor = (this.sheet as unknown as { stream?: PipedStreamBuf }).stream?.pipes?.[0];
    if (compressor && compressor.writableLength > MAX_PENDING_XML_BYTES) await once(compressor, 'drain');
  }

  /** Finishes the file and returns its size in bytes. */
  async close(): Promise<number> {
    this.sheet.commit();
    await this.workbook.commit();
    return (await stat(this.file)).size;
  }
}
