// The parsing child's second thread: normalises the rows its main thread reads (parse-child.ts),
// so reading the workbook and checking its values run on two cores, not one after the other.
// Each batch comes back already serialised (v8.serialize of { rows }), the form the spool and
// the parent take.
import { parentPort, workerData } from 'node:worker_threads';
import { serialize } from 'node:v8';
import type { CellValue } from '../spreadsheet/read-rows';
import type { MappedField } from './fields';
import { type ImportTarget, normalizeRow } from './row-normalize';

export interface NormalizeThreadData {
  mapping: (MappedField | null)[];
  target: ImportTarget;
}

export type RawRow = { rowNo: number; cells: CellValue[] };

const { mapping, target } = workerData as NormalizeThreadData;

parentPort!.on('message', (rows: RawRow[]) => {
  const normalized = rows.map((r) => normalizeRow(r.rowNo, r.cells, mapping, target));
  parentPort!.postMessage(serialize({ rows: normalized }));
});
