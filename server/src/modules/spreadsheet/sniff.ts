import { SpreadsheetError } from './spreadsheet-error';

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'csv';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/**
 * The format of an upload from its first bytes, never from its name: a renamed PDF is not a
 * spreadsheet. Excel writes password-protected .xlsx files as OLE2 containers holding an
 * "EncryptionInfo" stream, the same container as legacy .xls files, so both are told apart here
 * (an encrypted .xls is recognised while parsing it, see read-rows.ts).
 */
export function sniffFormat(head: Buffer, fileName: string): SpreadsheetFormat {
  if (head.length === 0) throw new SpreadsheetError('import.file.empty');
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, EMPTY_ZIP)) throw new SpreadsheetError('import.file.corrupt');
  if (startsWith(head, OLE2)) {
    if (head.includes(Buffer.from('EncryptionInfo', 'utf16le'))) throw new SpreadsheetError('import.file.encrypted');
    // A legacy .xls (BIFF8 workbook); one protected by a password is told by its parser.
    return 'xls';
  }
  // Text: a CSV has no NUL bytes (UTF-16 files and binaries do).
  if (head.includes(0)) throw new SpreadsheetError('import.file.notSpreadsheet');
  if (/\.(xlsx|xlsm|xls)$/i.test(fileName)) throw new SpreadsheetError('import.file.corrupt');
  return 'csv';
}
