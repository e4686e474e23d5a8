import type ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { fixExceljsUtf8Decoding } from './exceljs-utf8-fix';
import type { SpreadsheetFormat } from './sniff';
import { SpreadsheetError } from './spreadsheet-error';

/** One cell as the importer sees it: formulas are their cached result, rich text its plain text. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based row number in the sheet (what the user sees in Excel). */
  rowNo: number;
  cells: CellValue[];
}

export interface ReadLimits {
  /** Longest text accepted in one cell (longer: the file is refused). */
  maxCellChars: number;
  /** .xls: rows read at most (a sheet with more is refused as too long). */
  maxRows?: number;
}

/** exceljs cell values (see its ValueType) reduced to plain values. */
export function plainCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    // Formulas: only the value Excel cached when it saved the file; never evaluated here.
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? plainCell(v.result) : null;
    if ('hyperlink' in v && 'text' in v) return plainCell(v.text);
    if ('error' in v) return null;
    if ('text' in v) return plainCell(v.text);
  }
  return null;
}

function checkLength(cells: CellValue[], rowNo: number, limits: ReadLimits): void {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === 'string' && c.length > limits.maxCellChars) {
      throw new SpreadsheetError('import.file.cellTooLong', { row: rowNo, column: i + 1, max: limits.maxCellChars });
    }
  }
}

async function* readXlsx(file: string, limits: ReadLimits): AsyncGenerator<SheetRow> {
  // styles 'ignore': dates arrive as serial numbers, converted where a date is expected;
  // it is also the fastest mode (PERFORMANCE-NOTES).
  // Loaded on demand: a CSV import does not pay for exceljs.
  fixExceljsUtf8Decoding();
  // The streaming reader alone: the whole exceljs package (writers included) takes twice as
  // long to load, in a process started for each file.
  const WorkbookReader =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('exceljs/lib/stream/xlsx/workbook-reader') as typeof ExcelJS.stream.xlsx.WorkbookReader;
  const reader = new WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as unknown[];
        const cells: CellValue[] = [];
        // exceljs row values are 1-based and sparse.
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        checkLength(cells, row.number, limits);
        yield { rowNo: row.number, cells };
      }
      // Only the first sheet is imported.
      return;
    }
  } catch (err) {
    if (err instanceof SpreadsheetError) throw err;
    throw new SpreadsheetError('import.file.corrupt');
  }
}

/**
 * Legacy .xls (BIFF8, Excel 97-2003) with @e965/xlsx (SheetJS 0.20.3 with its security fixes;
 * never the npm `xlsx` 0.18.5). Only ever called in the sandboxed parsing process, whose heap
 * is capped and which is killed when silent too long; the file is already under the upload
 * limit, and BIFF is not compressed. Only the first sheet is parsed, at most `maxRows` plus a
 * margin for title and blank rows; dates arrive as serial numbers as with exceljs, formulas as
 * their cached values, error cells as blanks.
 */
async function* readXls(file: string, limits: ReadLimits): AsyncGenerator<SheetRow> {
  const XLSX = await import('@e965/xlsx');
  const maxRows = limits.maxRows ?? 1_000_000;
  const margin = 100;
  let sheet: import('@e965/xlsx').WorkSheet | undefined;
  const buf = await readFile(file);
  // SheetJS reports unknown records of a damaged file on console.error: file content has no
  // business in the logs (the read is synchronous, so the swap covers it alone).
  const consoleError = console.error;
  console.error = () => undefined;
  try {
    const wb = XLSX.read(buf, {
      type: 'buffer',
      dense: true,
      sheets: 0,
      sheetRows: maxRows + margin,
      cellFormula: false,
      cellHTML: false,
      cellText: false,
      cellDates: false,
      cellStyles: false,
    });
    sheet = wb.Sheets[wb.SheetNames[0]];
  } catch (err) {
    if (/password-protected/i.test(String((err as Error)?.message)))
      throw new SpreadsheetError('import.file.encrypted');
    throw new SpreadsheetError('import.file.corrupt');
  } finally {
    console.error = consoleError;
  }
  if (!sheet) throw new SpreadsheetError('import.file.corrupt');
  const range = (ref: string | undefined) => (ref ? XLSX.utils.decode_range(ref) : null);
  const read = range(sheet['!ref']);
  const full = range(sheet['!fullref']);
  if (read && full && full.e.r > read.e.r) throw new SpreadsheetError('import.file.tooManyRows', { max: maxRows });
  const data = (sheet['!data'] ?? []) as ({ t: string; v?: unknown }[] | undefined)[];
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    const cells: CellValue[] = [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      cells.push(!cell || cell.t === 'e' || cell.t === 'z' ? null : plainCell(cell.v));
    }
    checkLength(cells, r + 1, limits);
    yield { rowNo: r + 1, cells };
  }
}

/** CSV text: UTF-8 (with or without BOM) when it decodes as such, else Windows-1252. */
export function decodeCsv(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return iconv.decode(buf, 'win1252');
  }
}

/**
 * The delimiter of the header line: French Excel writes ';', others ','. Read from the first
 * non-blank line only (papaparse's own guess fails on files with blank lines).
 */
export function guessDelimiter(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const outsideQuotes = line.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const d of [';', ',', '\t', '|']) {
    const n = outsideQuotes.split(d).length - 1;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

async function* readCsv(file: string, limits: ReadLimits): AsyncGenerator<SheetRow> {
  const text = decodeCsv(await readFile(file));
  const parsed = Papa.parse<string[]>(text, { delimiter: guessDelimiter(text), skipEmptyLines: false });
  const rows = parsed.data;
  for (let i = 0; i < rows.length; i++) {
    const cells: CellValue[] = rows[i].map((c) => (c === '' ? null : c));
    checkLength(cells, i + 1, limits);
    yield { rowNo: i + 1, cells };
  }
}

/** The rows of the first sheet (xlsx) or of the file (csv), in order, empty rows included or not. */
export function readSheetRows(file: string, format: SpreadsheetFormat, limits: ReadLimits): AsyncGenerator<SheetRow> {
  if (format === 'xls') return readXls(file, limits);
  return format === 'xlsx' ? readXlsx(file, limits) : readCsv(file, limits);
}
