import ExcelJS from 'exceljs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { Locale } from '../../common/i18n';
import { translate } from '../../common/i18n';
import type { JobResultFile } from '../job/job.entity';

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A rejected cell as the user typed it, in its own type, so that the fixed file imports:
 * text as text (never prefixed: an .xlsx string cell is not a formula to Excel, unlike a CSV
 * field, so "+33 6…" or "=x" stay text without an added quote), numbers as numbers, and the
 * serials of date columns (the reader ignores styles) as dates.
 */
export function reportCell(value: unknown, isDate: boolean): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (isDate && typeof value === 'number' && value >= 1 && value < 2958466) {
    return new Date(EXCEL_EPOCH + Math.round(value * 86400) * 1000);
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
const DATE_FORMAT = 'dd/mm/yyyy';

/**
 * The rejected rows as an .xlsx: the file's own columns, then the row number and the
 * reasons, so the user fixes them there and imports that file again. Streamed, by pages.
 */
export async function writeRejectedReport(
  manager: EntityManager,
  opts: {
    jobId: string;
    headers: string[];
    storageDir: string;
    locale: Locale;
    /** Indexes of the columns of date fields (creation date, custom date fields). */
    dateColumns?: number[];
  },
): Promise<JobResultFile | null> {
  const [{ n }]: { n: number }[] = await manager.query(
    'SELECT count(*)::int AS n FROM import_rejected_row WHERE job_id = $1',
    [opts.jobId],
  );
  if (!n) return null;
  const rel = path.join('jobs', opts.jobId, 'rejected-rows.xlsx');
  const full = path.resolve(opts.storageDir, rel);
  await mkdir(path.dirname(full), { recursive: true });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: full, useSharedStrings: false, useStyles: true });
  const sheet = wb.addWorksheet('Rejets');
  const headerRow = sheet.addRow([
    ...opts.headers,
    translate(opts.locale, 'import.report.row'),
    translate(opts.locale, 'import.report.error'),
  ]);
  headerRow.font = { bold: true };
  headerRow.commit();
  const dates = new Set(opts.dateColumns ?? []);
  let after = 0;
  for (;;) {
    const rows: { row_no: number; cells: unknown[]; errors: string }[] = await manager.query(
      `SELECT row_no, cells, errors FROM import_rejected_row WHERE job_id = $1 AND row_no > $2
       ORDER BY row_no LIMIT 2000`,
      [opts.jobId, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      const cells = opts.headers.map((_, i) => reportCell(r.cells[i] ?? null, dates.has(i)));
      const row = sheet.addRow([...cells, r.row_no, r.errors]);
      cells.forEach((c, i) => {
        if (c instanceof Date) row.getCell(i + 1).numFmt = DATE_FORMAT;
      });
      row.commit();
      after = r.row_no;
    }
  }
  sheet.commit();
  await wb.commit();
  const { size } = await stat(full);
  return {
    name: 'lignes-rejetees.xlsx',
    path: rel,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    size,
  };
}
