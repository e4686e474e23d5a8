import ExcelJS from 'exceljs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { Locale } from '../../common/i18n';
import { translate } from '../../common/i18n';
import type { JobResultFile } from '../job/job.entity';

/** OWASP: a cell starting with these is a formula to a spreadsheet; prefix it with a quote. */
export function neutralizeFormula(value: unknown): unknown {
  if (typeof value === 'string' && /^[=+\-@\t\r\0]/.test(value)) return `'${value}`;
  return value;
}

/**
 * The rejected rows as an .xlsx: the file's own columns, then the row number and the
 * reasons, so the user fixes them there and imports that file again. Streamed, by pages.
 */
export async function writeRejectedReport(
  manager: EntityManager,
  opts: { jobId: string; headers: string[]; storageDir: string; locale: Locale },
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
  let after = 0;
  for (;;) {
    const rows: { row_no: number; cells: unknown[]; errors: string }[] = await manager.query(
      `SELECT row_no, cells, errors FROM import_rejected_row WHERE job_id = $1 AND row_no > $2
       ORDER BY row_no LIMIT 2000`,
      [opts.jobId, after],
    );
    if (!rows.length) break;
    for (const r of rows) {
      const cells = opts.headers.map((_, i) => neutralizeFormula(r.cells[i] ?? null));
      sheet.addRow([...cells, r.row_no, neutralizeFormula(r.errors)]).commit();
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
