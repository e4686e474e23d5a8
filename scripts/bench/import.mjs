// Import benchmark: generates a 100,000-row .xlsx (contacts of 30,000 companies, the 31
// template columns), imports it end to end (upload, preview, job) into an empty workspace,
// then imports it again into the same workspace (now holding those records: every row is
// matched and found unchanged), and times a bare exceljs streaming read of the same file
// (no validation, no database): the ceiling.
//
// As a module: `export async function run(ctx)` with ctx { gql, sql, workspaceId, baseUrl,
// cookie, log } (and optionally workerPid) from scripts/bench.mjs. The API and worker
// behind ctx must accept the file: IMPORT_MAX_UPLOAD_BYTES ≥ 32 MB, IMPORT_MAX_ROWS ≥ 100000.
// Alone: `node scripts/bench/import.mjs` builds what it needs against its own database
// `crm_bench_import` (API in this process, the worker as a child process whose peak RSS
// is read from /proc). BENCH_IMPORT_ROWS (100000) and BENCH_IMPORT_COMPANIES (30000).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const COMPANIES = Number(process.env.BENCH_IMPORT_COMPANIES ?? 30_000);

const HEADERS = [
  'Date de création',
  'Société cliente',
  'SIRET',
  'Numéro de TVA',
  'Site web',
  'Compte comptable client',
  'Langues société',
  'Type société',
  'Code APE',
  'Adresse 1',
  'Adresse 2',
  'Code postal',
  'Ville',
  'Pays',
  'Civilité',
  'Prénom du contact',
  'Nom du contact',
  'Email du contact',
  'Téléphone direct du contact',
  'Téléphone standard',
  'Téléphone portable du contact',
  'Facebook',
  'LinkedIn',
  'Twitter',
  'Instagram',
  'Commentaires sur le contact',
  'Catégorie du commentaire contact',
  'Opt-In',
  'Poste occupé du contact',
  'Situation',
  'Source',
];

/** Luhn check digit making `digits + d` valid. */
function luhnDigit(digits) {
  for (let d = 0; d <= 9; d++) {
    const s = digits + d;
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      let n = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return String(d);
  }
  throw new Error('unreachable');
}

function companyOf(i) {
  const sirenBase = String(100_000_00 + i * 7).slice(0, 8);
  const siren = sirenBase + luhnDigit(sirenBase);
  const nicBase = siren + '0001';
  const siret = nicBase + luhnDigit(nicBase);
  const key = String((12 + 3 * (Number(siren) % 97)) % 97).padStart(2, '0');
  const postal = String(10_000 + (i % 85_000)).padStart(5, '0');
  return {
    name: `Société Bench ${i}`,
    siret,
    vat: `FR${key}${siren}`,
    website: `www.bench-${i}.fr`,
    account: `411B${i}`,
    ape: '82.30Z',
    address: `${(i % 200) + 1} rue de la République`,
    postal,
    city: `Ville ${i % 900}`,
  };
}

const pad = (n, w) => String(n).padStart(w, '0');

/** The benchmark file, streamed to disk with exceljs (no shared strings, no styles). */
export async function generateFile(file, rows = ROWS, companies = COMPANIES) {
  const ExcelJS = require(path.join(ROOT, 'node_modules/exceljs'));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('Import');
  ws.addRow(HEADERS).commit();
  for (let r = 0; r < rows; r++) {
    const c = companyOf(r % companies);
    ws.addRow([
      45_000 + (r % 600),
      c.name,
      c.siret,
      c.vat,
      c.website,
      c.account,
      'Français',
      'Entreprise',
      c.ape,
      c.address,
      null,
      c.postal,
      c.city,
      'France',
      r % 2 ? 'M.' : 'Mme',
      `Prénom${r}`,
      `Nom${r}`,
      `contact${r}@bench-${r % companies}.fr`,
      `01 42 ${pad(r % 100, 2)} ${pad((r >> 7) % 100, 2)} ${pad((r >> 14) % 100, 2)}`,
      '01 40 00 00 00',
      Number(`6${pad(r % 100_000_000, 8)}`),
      null,
      `https://www.linkedin.com/in/bench-${r}`,
      null,
      null,
      r % 5 === 0 ? `Rencontré au salon ${r % 12}` : null,
      r % 5 === 0 ? 'Prospection' : null,
      r % 3 ? 'Oui' : 'Non',
      'Chef de projet',
      'Membre',
      'Site web',
    ]).commit();
    // Respect the writer's backpressure (PERFORMANCE-NOTES: exceljs RSS grows otherwise).
    if (r % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  ws.commit();
  await wb.commit();
}

/** The ceiling: exceljs streaming read of the same file, same options as the importer, nothing else. */
export async function bareRead(file) {
  const ExcelJS = require(path.join(ROOT, 'node_modules/exceljs'));
  const t = performance.now();
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) if (row.values.length) rows++;
    break;
  }
  const seconds = (performance.now() - t) / 1000;
  return { rows: rows - 1, seconds, rowsPerSecond: (rows - 1) / seconds };
}

/** Peak RSS (VmHWM) of a process and of its children, sampled until stopped. */
function watchPeakRss(pid) {
  const peaks = new Map();
  const read = (p) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peaks.set(p, Math.max(peaks.get(p) ?? 0, kb));
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const c of children) read(Number(c));
    } catch {
      // The process (a parse child) ended between two samples.
    }
  };
  const timer = setInterval(() => read(pid), 100);
  return {
    stop() {
      clearInterval(timer);
      read(pid);
      const worker = peaks.get(pid) ?? 0;
      const children = Math.max(0, ...[...peaks.entries()].filter(([p]) => p !== pid).map(([, v]) => v));
      return { workerMb: worker / 1024, parserMb: children / 1024 };
    },
  };
}

async function importOnce(ctx, file, label) {
  const t0 = performance.now();
  const form = new FormData();
  form.append('file', new Blob([await readFile(file)]), 'bench.xlsx');
  const up = await fetch(`${ctx.baseUrl}/files/imports`, {
    method: 'POST',
    body: form,
    headers: { cookie: ctx.cookie },
  });
  const upload = await up.json();
  if (up.status !== 201) throw new Error(`upload refused: ${JSON.stringify(upload)}`);
  const t1 = performance.now();
  const preview = await ctx.gql(
    `mutation($id: ID!) { previewImport(uploadId: $id, target: CONTACTS) { id totalRows counts { create update unchanged error } } }`,
    { id: upload.id },
  );
  const p = preview.previewImport;
  const t2 = performance.now();
  const rss = ctx.workerPid ? watchPeakRss(ctx.workerPid) : null;
  const started = await ctx.gql(`mutation($id: ID!) { startImport(previewId: $id) { id } }`, { id: p.id });
  let job;
  for (;;) {
    job = (
      await ctx.gql(`query($id: ID!) { job(id: $id) { status progressDone counts error startedAt finishedAt } }`, {
        id: started.startImport.id,
      })
    ).job;
    if (!['QUEUED', 'RUNNING'].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const t3 = performance.now();
  if (job.status !== 'SUCCEEDED') throw new Error(`import ${job.status}: ${job.error}`);
  const jobSeconds = (new Date(job.finishedAt) - new Date(job.startedAt)) / 1000;
  const result = {
    label,
    rows: p.totalRows,
    preview: p.counts,
    counts: job.counts,
    uploadSeconds: (t1 - t0) / 1000,
    previewSeconds: (t2 - t1) / 1000,
    jobSeconds,
    jobRowsPerSecond: p.totalRows / jobSeconds,
    endToEndSeconds: (t3 - t0) / 1000,
    endToEndRowsPerSecond: p.totalRows / ((t3 - t0) / 1000),
    peakRss: rss?.stop() ?? null,
  };
  ctx.log(
    `${label}: ${p.totalRows} rows; upload ${result.uploadSeconds.toFixed(1)} s, preview ${result.previewSeconds.toFixed(1)} s, ` +
      `job ${jobSeconds.toFixed(1)} s (${Math.round(result.jobRowsPerSecond)} rows/s), end to end ${result.endToEndSeconds.toFixed(1)} s ` +
      `(${Math.round(result.endToEndRowsPerSecond)} rows/s); counts ${JSON.stringify(job.counts)}` +
      (result.peakRss
        ? `; peak RSS worker ${result.peakRss.workerMb.toFixed(0)} MB, parser child ${result.peakRss.parserMb.toFixed(0)} MB`
        : ''),
  );
  return result;
}

/** The benchmark against a running API + worker (see the header comment). */
export async function run(ctx) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-import-'));
  const file = path.join(dir, 'bench.xlsx');
  let t = performance.now();
  await generateFile(file);
  ctx.log(
    `generated ${ROWS} rows × ${HEADERS.length} columns (${COMPANIES} companies): ${(statSync(file).size / 1048576).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const bare = await bareRead(file);
  ctx.log(
    `bare exceljs streaming read: ${bare.rows} rows in ${bare.seconds.toFixed(1)} s (${Math.round(bare.rowsPerSecond)} rows/s)`,
  );
  const empty = await importOnce(ctx, file, 'into an empty workspace');
  const again = await importOnce(ctx, file, 'again, into the workspace now holding those records');
  const bare2 = await bareRead(file);
  ctx.log(`bare exceljs streaming read (after): ${Math.round(bare2.rowsPerSecond)} rows/s`);
  const ceiling = (bare.rowsPerSecond + bare2.rowsPerSecond) / 2;
  ctx.log(
    `job / bare read: ${(empty.jobRowsPerSecond / ceiling).toFixed(2)} (empty), ${(again.jobRowsPerSecond / ceiling).toFixed(2)} (populated)`,
  );
  return { bare, bare2, empty, again, ceiling };
}

// ---------------------------------------------------------------------------
// Standalone: own database, API in this process, worker as a child process.
// ---------------------------------------------------------------------------

async function standalone() {
  if (!existsSync(path.join(ROOT, 'dist/server/src/http/app.js'))) {
    throw new Error('Build the server first: npm run build:server');
  }
  require(path.join(ROOT, 'node_modules/reflect-metadata'));
  const db = process.env.BENCH_IMPORT_DATABASE ?? 'crm_bench_import';
  const env = {
    ...process.env,
    DATABASE_ADMIN_URL: `postgres://postgres@127.0.0.1:5432/${db}`,
    DATABASE_URL: `postgres://crm_app:crm_app@127.0.0.1:5432/${db}`,
    QUEUE_PREFIX: `crmbenchimport${Date.now().toString(36)}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    IMPORT_MAX_UPLOAD_BYTES: String(64 * 1024 * 1024),
    IMPORT_MAX_ROWS: String(Math.max(ROWS, 100_000)),
    IMPORT_MAX_UNZIPPED_BYTES: String(1024 * 1024 * 1024),
    STORAGE_DIR: path.join(os.tmpdir(), 'crm-bench-import-storage'),
    WORKER_METRICS_PORT: '0',
    WORKER_CONCURRENCY: '1',
  };
  Object.assign(process.env, env);
  const dist = (p) => require(path.join(ROOT, 'dist/server/src', p));
  const { loadConfig } = dist('config/env.js');
  const { setupDatabase } = dist('db/bootstrap.js');
  const { openDeps } = dist('bootstrap-deps.js');
  const { createHttpApp } = dist('http/app.js');
  const { createWorkspaceWithAdmin } = dist('modules/user/user.service.js');
  const { withTenant } = dist('db/tenant-scope.js');

  const cfg = loadConfig(env);
  await setupDatabase(cfg);
  const deps = await openDeps(cfg);
  const email = `bench-${Date.now()}@bench.local`;
  const password = 'bench-password-123';
  const { workspace } = await createWorkspaceWithAdmin(deps.dataSource, {
    name: 'Bench import',
    adminEmail: email,
    adminPassword: password,
  });
  const http = await createHttpApp(deps);
  await new Promise((r) => http.server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${http.server.address().port}`;
  // BENCH_WORKER_NODE_ARGS: extra node flags for the worker (e.g. --cpu-prof).
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/server/src/jobs/worker-main.js')], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let cookie = '';
  const gql = async (query, variables = {}) => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables }),
    });
    for (const c of res.headers.getSetCookie()) cookie = c.split(';')[0];
    const body = await res.json();
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', { e: email, p: password });
  const sql = (q, params) => withTenant(deps.dataSource, workspace.id, null, (em) => em.query(q, params));
  const log = (line) => console.log(line);
  log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 1073741824).toFixed(1)} GB RAM, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  try {
    await run({ gql, sql, workspaceId: workspace.id, baseUrl, cookie, log, workerPid: worker.pid });
    const [counts] =
      await sql(`SELECT (SELECT count(*)::int FROM company) AS companies, (SELECT count(*)::int FROM contact) AS contacts,
      (SELECT count(*)::int FROM activity) AS activities`);
    log(`workspace now holds ${JSON.stringify(counts)}`);
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await http.stop();
    await deps.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  standalone().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
