// Runs one sandboxed parse (parse-sandbox.ts) in a process of its own, so a test can read what
// the parsing child writes on the stderr it inherits. The request comes as JSON in argv[2];
// the outcome goes to stdout as one JSON line: { rows } or { key }.
import { parseInSandbox } from '../src/modules/import/parse-sandbox';
import type { ParseRequest } from '../src/modules/import/parse-file';
import { SpreadsheetError } from '../src/modules/spreadsheet/spreadsheet-error';

async function main() {
  const req = JSON.parse(process.argv[2]) as ParseRequest;
  let rows = 0;
  try {
    for await (const item of parseInSandbox(req)) if ('rows' in item) rows += item.rows.length;
    process.stdout.write(`${JSON.stringify({ rows })}\n`);
  } catch (err) {
    if (!(err instanceof SpreadsheetError)) throw err;
    process.stdout.write(`${JSON.stringify({ key: err.key })}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
