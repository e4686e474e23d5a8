import { open, readFile, stat } from 'node:fs/promises';
import { type CellValue, readSheetRows } from '../spreadsheet/read-rows';
import { type SpreadsheetFormat, sniffFormat } from '../spreadsheet/sniff';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { checkXlsxArchive } from '../spreadsheet/zip-guard';
import { type MappedField, autoMapping, headerKey, isMappedField } from './fields';
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
   * The workspace's custom fields this import fills, as header keys (headerKey of their
   * labels and keys): the header search counts them as known columns. The child knows no
   * workspace; the parent maps those columns (custom-field-import.ts).
   */
  customHeaders?: string[] | null;
  /**
   * The header row chosen before (the upload's first preview, or the preview an import
   * runs): taken as it is, so a mapping always meets the columns it was made for.
   */
  headerRowNo?: number | null;
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
  /** No row named two known columns: the header is the first row that looks like one (see readSpreadsheet). */
  fallback?: boolean;
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
 * to the header's width), not yet normalised. The header is the first of the top rows
 * naming at least two known columns (template headers, or the custom fields of
 * `customHeaders`); rows above it, such as a title merged across the sheet, are skipped.
 * When none does, it is the first of those rows that looks like a header (`looksLikeHeader`),
 * whose columns the user maps by hand. `headerRowNo` skips the search. Empty rows are
 * skipped; more data rows than the limit, or none, refuse the file.
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
  const customHeaders = new Set(req.customHeaders ?? []);
  const makeHeader = (rowNo: number, cells: CellValue[], fallback: boolean): HeaderInfo => {
    const headers = cells.map((c) => headerText(c));
    const auto = autoMapping(headers);
    const mapping = req.mapping ? req.mapping.slice(0, headers.length) : auto.fields;
    while (mapping.length < headers.length) mapping.push(null);
    return {
      format,
      headerRowNo: rowNo,
      headers,
      mapping,
      unknownColumns: auto.unknown,
      ...(fallback ? { fallback } : {}),
    };
  };
  let header: HeaderInfo | null = null;
  let dataRows = 0;
  const dataRow = (rowNo: number, cells: CellValue[]) => {
    if (++dataRows > req.limits.maxRows)
      throw new SpreadsheetError('import.file.tooManyRows', { max: req.limits.maxRows });
    // Cells right of the header have no column to go to: not carried along.
    return { rowNo, cells: trimCells(cells.slice(0, header!.headers.length)) };
  };
  // The rows searched for a header, kept until it is found: below a fallback header they are data.
  const searched: { rowNo: number; cells: CellValue[] }[] = [];
  const fallbackHeader = function* () {
    const at = searched.findIndex((r) => looksLikeHeader(r.cells));
    if (at < 0) return;
    header = makeHeader(searched[at].rowNo, searched[at].cells, true);
    yield { header };
    for (const r of searched.slice(at + 1)) yield dataRow(r.rowNo, r.cells);
  };
  let read = 0;
  for await (const { rowNo, cells } of rows) {
    if (++read > req.limits.maxRows + MAX_BLANK_ROWS)
      throw new SpreadsheetError('import.file.tooManyRows', { max: req.limits.maxRows });
    if (cells.length > MAX_COLUMNS) throw new SpreadsheetError('import.file.corrupt');
    if (isBlankRow(cells)) continue;
    if (header) {
      yield dataRow(rowNo, cells);
      continue;
    }
    if (req.headerRowNo != null) {
      if (rowNo < req.headerRowNo) continue;
      if (rowNo > req.headerRowNo) break;
      header = makeHeader(rowNo, cells, false);
      yield { header };
      continue;
    }
    if (knownColumns(cells, customHeaders) >= 2) {
      header = makeHeader(rowNo, cells, false);
      yield { header };
      continue;
    }
    searched.push({ rowNo, cells });
    if (searched.length >= HEADER_SEARCH_ROWS) {
      yield* fallbackHeader();
      if (!header) break;
    }
  }
  if (!header && req.headerRowNo == null && searched.length < HEADER_SEARCH_ROWS) yield* fallbackHeader();
  if (!header) throw new SpreadsheetError('import.file.noHeader');
  if (dataRows === 0) throw new SpreadsheetError('import.file.headerOnly');
}

/** Columns of a row whose header names a template field or one of the custom fields. */
function knownColumns(cells: CellValue[], customHeaders: ReadonlySet<string>): number {
  const auto = autoMapping(cells.map((c) => headerText(c)));
  const custom = auto.unknown.filter((u) => customHeaders.has(headerKey(u.header))).length;
  return auto.fields.filter(Boolean).length + custom;
}

/**
 * A row that can name columns no field matches: at least two filled cells, all of them text
 * with at least two letters (no numbers, dates, codes or single letters, as data rows have).
 */
export function looksLikeHeader(cells: CellValue[]): boolean {
  const filled = cells.filter((c) => cellText(c) !== null);
  return filled.length >= 2 && filled.every((c) => typeof c === 'string' && (c.match(/\p{L}/gu)?.length ?? 0) >= 2);
}

const headerText = (c: CellValue) => (cellText(c) ?? '').replace(/\s+/g, ' ');

/** Strings trimmed of the trailing spaces spreadsheets are full of. */
function trimCells(cells: CellValue[]): CellValue[] {
  return cells.map((c) => (typeof c === 'string' ? c.trim() || null : c));
}
