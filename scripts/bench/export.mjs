// Export benchmark (issue 8): the export job on 100k and 300k contacts (both files, read
// from PostgreSQL through a cursor), against a bare exceljs streaming write of the same
// rows from memory. Each measurement runs in a child process so its peak RSS is its own.
// Loaded by scripts/bench.mjs (run(ctx)); `node scripts/bench/export.mjs <workspaceId>`
// runs it alone against DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./children/export-child.mjs', import.meta.url));

function measure(mode, workspaceId, list, rows) {
  const out = execFileSync(process.execPath, [child, mode, workspaceId, list, String(rows)], {
    env: process.env,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop());
}

export async function run(ctx) {
  const [{ n }] = await ctx.sql('SELECT count(*)::int AS n FROM contact WHERE deleted_at IS NULL');
  const sizes = [...new Set([Math.min(100_000, n), Math.min(300_000, n)])];
  const lines = [
    '',
    '### Export (issue 8)',
    '',
    '| Contacts | Job rows/s | Job peak RSS | Bare exceljs rows/s | Bare peak RSS | Job / bare |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const rows of sizes) {
    const job = measure('job', ctx.workspaceId, 'CONTACTS', rows);
    const bare = measure('bare', ctx.workspaceId, 'CONTACTS', rows);
    lines.push(
      `| ${job.rows.toLocaleString('en')} | ${job.rowsPerSecond.toLocaleString('en')} | ${job.peakRssMB} MB | ` +
        `${bare.rowsPerSecond.toLocaleString('en')} | ${bare.peakRssMB} MB | ${(job.rowsPerSecond / bare.rowsPerSecond).toFixed(2)} |`,
    );
    ctx.log?.(lines.at(-1));
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const workspaceId = process.argv[2];
  if (!workspaceId) {
    console.error('usage: node scripts/bench/export.mjs <workspaceId>  (DATABASE_URL points at the bench database)');
    process.exit(2);
  }
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  // Row-level security scopes every statement to the workspace, as in the API.
  const sql = async (text, params = []) => {
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
      return (await client.query(text, params)).rows;
    } finally {
      await client.query('COMMIT');
    }
  };
  console.log((await run({ workspaceId, sql, log: console.log })).join('\n'));
  await client.end();
}
