// One measurement of the export benchmark, in a process of its own so that its peak RSS is
// the export's alone. Prints one JSON line.
//   node scripts/bench/children/export-child.mjs job  <workspaceId> <CONTACTS|COMPANIES> <rows>
//   node scripts/bench/children/export-child.mjs bare <workspaceId> <CONTACTS|COMPANIES> <rows>
// "job" runs the real export job handler (cursor → .xlsx + .csv, no email).
// "bare" loads the same rows into memory first (not timed), then times a bare exceljs
// streaming write of them: the ceiling the job is compared with.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const [mode, workspaceId, list, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const dist = (p) => require(path.resolve('dist/server/src', p));
const { loadConfig } = dist('config/env.js');
const { openDeps } = dist('bootstrap-deps.js');
const { TenantScope, withTenant } = dist('db/tenant-scope.js');
const { exportJobHandler } = dist('modules/export/export.job.js');
const { exportQuery, pickColumns } = dist('modules/export/export-columns.js');
const ExcelJS = require('exceljs');

const storage = await mkdtemp(path.join(tmpdir(), 'crm-export-bench-'));
const cfg = loadConfig({ ...process.env, STORAGE_DIR: storage, SMTP_URL: '', LOG_LEVEL: 'silent' });
const deps = await openDeps(cfg);
const [{ id: adminId }] = await withTenant(deps.dataSource, workspaceId, null, (em) =>
  em.query(`SELECT id FROM app_user WHERE role = 'ADMIN' ORDER BY created_at LIMIT 1`),
);
const columns = pickColumns(list, null);
let result;
if (mode === 'job') {
  const job = {
    id: '00000000-0000-4000-8000-000000000001',
    workspaceId,
    createdBy: adminId,
    params: { list, encoding: 'UTF8', separator: 'SEMICOLON', columns: null, locale: 'fr', limit: rows },
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await exportJobHandler.run({
    job,
    deps,
    logger: deps.logger,
    attempt: 1,
    async inTransaction(fn) {
      const scope = new TenantScope(deps.dataSource, workspaceId, adminId);
      let ok = false;
      try {
        const value = await fn({
          actor: { workspaceId, userId: adminId, role: 'ADMIN', apiKeyId: null, scope: 'READ_WRITE', locale: 'fr' },
          scope,
          deps,
        });
        ok = true;
        return value;
      } finally {
        await scope.finish(ok);
      }
    },
    async checkpoint() {},
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  result = {
    mode,
    rows: outcome.counts.rows,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    files: outcome.resultFiles.map((f) => f.size),
  };
} else {
  const data = await withTenant(deps.dataSource, workspaceId, adminId, async (em) =>
    (await em.query(exportQuery(list, columns, rows))).map((r) => columns.map((_, i) => r[`c${i}`])),
  );
  const started = performance.now();
  const cpu = process.cpuUsage();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path.join(storage, 'bare.xlsx'),
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = wb.addWorksheet('bare');
  sheet.columns = columns.map((c) => ({ header: c.header.fr, key: c.key }));
  for (const row of data) sheet.addRow(row).commit();
  sheet.commit();
  await wb.commit();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  result = { mode, rows: data.length, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}
result.rowsPerSecond = Math.round(result.rows / result.seconds);
result.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
await deps.close();
await rm(storage, { recursive: true, force: true });
console.log(JSON.stringify(result));
process.exit(0);
