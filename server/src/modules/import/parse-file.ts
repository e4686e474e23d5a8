import { open, readFile, stat } from 'node:fs/promises';
import { type CellValue, readSheetRows } from '../spreadsheet/read-rows';
import { type SpreadsheetFormat, sniffFormat } from '../spreadsheet/sniff';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { checkXlsxArchive } from '../spreadsheet/zip-guard';
import { type MappedField, autoMapping, isMappedField } from './fields';
import { type ImportTarget, type NormalizedRow, cellText, isBlankRow, normalizeRow } from './row-normalize';

export interface ParseLimits {
  maxRows: number;
  maxUnzippedBytes: number;
  maxCellChars: number;
}

export interface ParseRequest {
  file: string;
  fileName: string;
  target: ImportTarget;
  /**
   * Column index → field, overriding the headers' automatic matching. Custom-field columns
   * (`custom.<key>`) are not normalised here: the parent reads their raw cells.
   */
  mapping?: (MappedField | null)[] | null;
  limits: ParseLimits;
  /**
   * Where the sandboxed parser also writes the header and the normalised rows (spool.ts), so
   * the import job reads them back instead of parsing the file a second time.
   */
  spool?: string | null;
}

export interface HeaderInfo {
  format: SpreadsheetFormat;
  headerRowNo: number;
  headers: string[];
  mapping: (MappedField | null)[];
  unknownColumns: { index: number; header: string }[];
}

/** How many leading rows may precede the header (a title, a merged banner, blank lines). */
const HEADER_SEARCH_ROWS = 10;

/**
 * Blank rows read beyond the data rows' limit. Blank rows are skipped without counting against
 * `maxRows`, so without this bound a 2 MB file of 30 million empty `<row/>` elements (within
 * the inflate limits) kept the parser busy for minutes; a real sheet has a few blank rows.
 */
export const MAX_BLANK_ROWS = 100_000;

/** Excel's widest sheet: a row with more cells (a CSV line of delimiters) is no spreadsheet. */
export const MAX_COLUMNS = 16_384;

/** The format after the archive checks: nothing reaches a parser before they pass. */
export async function checkFile(file: string, fileName: string, limits: ParseLimits): Promise<SpreadsheetFormat> {
  const handle = await open(file, 'r');
  const head = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    ({ bytesRead: n } = await handle.read(head, 0, head.length, 0));
  } finally {
    await handle.close();
  }
  const format = sniffFormat(head.subarray(0, n), fileName);
  if (format === 'xlsx') {
    const { size } = await stat(file);
    await checkXlsxArchive(file, size, { maxUnzippedBytes: limits.maxUnzippedBytes });
  }
  // The upload sniffs only the first 64 KB: a NUL further on is still no text (and PostgreSQL
  // refuses it in a string, which failed the preview with an internal error).
  if (format === 'csv' && n === head.length && (await readFile(file)).includes(0)) {
    throw new SpreadsheetError('import.file.notSpreadsheet');
  }
  return format;
}

/** Reads a spreadsheet and yields first its header, then its rows normalised (see readSpreadsheet). */
export async function* parseSpreadsheet(
  req: ParseRequest,
): AsyncGenerator<{ header: HeaderInfo } | { row: NormalizedRow }> {
  let header: HeaderInfo | null = null;
  for await (const item of readSpreadsheet(req)) {
    if ('header' in item) {
      header = item.header;
      yield item;
    } else yield { row: normalizeRow(item.rowNo, item.cells, header!.mapping, req.target) };
  }
}

/**
 * Reads a spreadsheet and yields first its header, then its data rows' cells (trimmed, cut
 * to the header's width), not yet normalised. The header is
 * the first of the top rows naming at least two known columns (rows above it, such as a
 * title merged across the sheet, are skipped); empty rows are skipped; more data rows than
 * the limit, or none, refuse the file.
 */
export async function* readSpreadsheet(
  req: ParseRequest,
): AsyncGenerator<{ header: HeaderInfo } | { rowNo: number; cells: CellValue[] }> {
  // Strict: anything but a template field or a well-formed custom key is refused before the file is read.
  if (req.mapping && !req.mapping.every((f) => f === null || isMappedField(f))) {
    throw new TypeError('Invalid column mapping');
  }
  const format = await checkFile(req.file, req.fileName, req.limits);
  const rows = readSheetRows(req.file, format, {
    maxCellChars: req.limits.maxCellChars,
    maxRows: req.limits.maxRows + HEADER_SEARCH_ROWS,
  });
  let header: HeaderInfo | null = null;
  let seen = 0;
  let dataRows = 0;
  let read = 0;
  for await (const { rowNo, cells } of rows) {
    if (++read > req.limits.maxRows + MAX_BLANK_ROWS)
      throw new SpreadsheetError('import.file.tooManyRows', { max: req.limits.maxRows });
    if (cells.length > MAX_COLUMNS) throw new SpreadsheetError('import.file.corrupt');
    if (!header) {
      if (isBlankRow(cells)) continue;
      seen++;
      const headers = cells.map((c) => headerText(c));
      const auto = autoMapping(headers);
      if (auto.fields.filter(Boolean).length >= 2) {
        const mapping = req.mapping ? req.mapping.slice(0, headers.length) : auto.fields;
        while (mapping.length < headers.length) mapping.push(null);
        header = { format, headerRowNo: rowNo, headers, mapping, unknownColumns: auto.unknown };
        yield { header };
        continue;
      }
      if (seen >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (isBlankRow(cells)) continue;
    dataRows++;
    if (dataRows > req.limits.maxRows)
      throw new SpreadsheetError('import.file.tooManyRows', { max: req.limits.maxRows });
    // Cells right of the header have no column to go to: not carried along.
    yield { rowNo, cells: trimCells(cells.slice(0, header.headers.length)) };
  }
  if (!header) throw new SpreadsheetError('import.file.noHeader');
  if (dataRows === 0) throw new SpreadsheetError('import.file.headerOnly');
}

const headerText = (c: CellValue) => (cellText(c) ?? '').replace(/\s+/g, ' ');

/** Strings trimmed of the trailing spaces spreadsheets are full of. */
function trimCells(cells: CellValue[]): CellValue[] {
  return cells.map((c) => (typeof c === 'string' ? c.trim() || null : c));
}
