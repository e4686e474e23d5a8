import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import type { TestClient } from './harness';

export type Cell = string | number | boolean | Date | null | { formula: string; result: string | number };

/** An .xlsx with these rows on its first sheet; `merge` merges cell ranges (e.g. 'A1:F1'). */
export async function xlsx(rows: Cell[][], opts: { merge?: string[]; sheetName?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? 'Feuil1');
  for (const r of rows) ws.addRow(r as ExcelJS.CellValue[]);
  for (const m of opts.merge ?? []) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV in UTF-8 (optionally with BOM) or Windows-1252, with this delimiter. */
export function csv(
  rows: (string | number)[][],
  opts: { delimiter?: string; encoding?: 'utf8' | 'utf8bom' | 'win1252' } = {},
): Buffer {
  const d = opts.delimiter ?? ';';
  const text = rows
    .map((r) => r.map((c) => (/[";\n,]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(d))
    .join('\r\n');
  if (opts.encoding === 'win1252') return iconv.encode(text, 'win1252');
  const buf = Buffer.from(text, 'utf8');
  return opts.encoding === 'utf8bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]) : buf;
}

/** A valid workbook whose first sheet inflates to `bytes` of XML (a zip bomb). */
export async function zipBomb(bytes: number): Promise<Buffer> {
  const base = await xlsx([
    ['Société cliente', 'Email du contact'],
    ['Acme', 'a@acme.fr'],
  ]);
  const zip = await JSZip.loadAsync(base);
  const pad = `<!--${' '.repeat(bytes)}-->`;
  const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  zip.file('xl/worksheets/sheet1.xml', sheet.replace('<sheetData>', `${pad}<sheetData>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** The start of an OLE2 compound file (legacy .xls, or Excel's container for encrypted .xlsx). */
export function ole2(encrypted: boolean): Buffer {
  const head = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(head);
  Buffer.from(encrypted ? 'EncryptionInfo' : 'Workbook', 'utf16le').copy(head, 1024);
  return head;
}

export interface UploadAnswer {
  status: number;
  body: { id?: string; code?: string; message?: string; fields?: { path: string[]; message: string }[] };
}

/** POST /files/imports as a browser would (multipart, field "file"). */
export async function upload(client: TestClient, file: Buffer, name: string): Promise<UploadAnswer> {
  const form = new FormData();
  form.append('file', new Blob([file]), name);
  const res = await fetch(`${client.baseUrl}/files/imports`, {
    method: 'POST',
    body: form,
    headers: client.cookie ? { cookie: client.cookie } : {},
  });
  return { status: res.status, body: (await res.json()) as UploadAnswer['body'] };
}

export const PREVIEW = `mutation($uploadId: ID!, $target: ImportTarget!, $mapping: [ImportColumnMappingInput!], $values: [ImportValueChoiceInput!], $updateExisting: Boolean) {
  previewImport(uploadId: $uploadId, target: $target, mapping: $mapping, values: $values, updateExisting: $updateExisting) {
    id totalRows headerRow unknownColumns
    columns { index header field }
    counts { create update unchanged error }
    unknownValues { field list value rows }
    missingRequiredFields
    rows { rowNo status changes companyAction contactAction errors { field column message } warnings { field column message } values }
    rowsTruncated
  }
}`;

/** Uploads then previews; returns the preview (fails the test on upload errors). */
export async function uploadAndPreview(
  client: TestClient,
  file: Buffer,
  name: string,
  target: 'COMPANIES' | 'CONTACTS' = 'CONTACTS',
  extra: Record<string, unknown> = {},
) {
  const up = await upload(client, file, name);
  if (up.status !== 201) throw new Error(`upload failed: ${JSON.stringify(up)}`);
  const data = await client.ok(PREVIEW, { uploadId: up.body.id, target, ...extra });
  return data.previewImport;
}

/**
 * A legacy .xls (BIFF8) with these rows, written by @e965/xlsx. `encrypted` adds a FILEPASS
 * record after the workbook's BOF, as Excel does for a file protected by a password.
 */
export async function xls(rows: (string | number | boolean | null)[][], opts: { encrypted?: boolean } = {}) {
  const XLSX = await import('@e965/xlsx');
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Feuil1');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xls' }) as Buffer;
  if (!opts.encrypted) return buf;
  const cfb = XLSX.CFB.read(buf, { type: 'buffer' });
  const entry = XLSX.CFB.find(cfb, 'Workbook')!;
  const stream = Buffer.from(entry.content as Uint8Array);
  const bofEnd = 4 + stream.readUInt16LE(2);
  // FILEPASS (0x002F), RC4 encryption header (wEncryptionType 1, version 1.1) cut short.
  const filepass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00]);
  const content = Buffer.concat([stream.subarray(0, bofEnd), filepass, stream.subarray(bofEnd)]);
  entry.content = content;
  entry.size = content.length;
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array);
}
