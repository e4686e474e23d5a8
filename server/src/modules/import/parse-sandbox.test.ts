import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { xlsx } from '../../../test/import-files';
import { SpreadsheetError } from '../spreadsheet/spreadsheet-error';
import { importMessages } from './messages';
import type { ParseRequest } from './parse-file';
import { parseInSandbox } from './parse-sandbox';

// Each parse starts a child process: slow on a loaded machine.
jest.setTimeout(120_000);

/**
 * What the sandboxed parser says when it fails: the file's fault (damaged: corrupt; not there:
 * gone) or ours (the spool cannot be written, the thread or the channel failed: internal,
 * logged on stderr).
 */
describe('sandboxed parse failures', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parse-sandbox-'));
    good = path.join(dir, 'good.xlsx');
    await writeFile(
      good,
      await xlsx([
        ['Société cliente', 'Prénom du contact', 'Nom du contact', 'Email du contact'],
        ['Acme', 'Ana', 'Lopez', 'ana@acme.fr'],
        ['Acme', 'Ben', 'Neuf', 'ben@acme.fr'],
      ]),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const request = (file: string, spool?: string): ParseRequest => ({
    file,
    fileName: path.basename(file),
    target: 'CONTACTS',
    limits: { maxRows: 100, maxUnzippedBytes: 1e7, maxCellChars: 1000 },
    spool: spool ?? null,
  });
  /** The rows parsed, or the key of the refusal. */
  async function outcome(req: ParseRequest): Promise<{ rows: number } | { key: string }> {
    let rows = 0;
    try {
      for await (const item of parseInSandbox(req)) if ('rows' in item) rows += item.rows.length;
      return { rows };
    } catch (err) {
      if (!(err instanceof SpreadsheetError)) throw err;
      return { key: err.key };
    }
  }

  it('parses a good file and spools its rows', async () => {
    const spool = path.join(dir, 'ok.rows');
    expect(await outcome(request(good, spool))).toEqual({ rows: 2 });
    expect(existsSync(spool)).toBe(true);
  });

  it('says “internal error”, not “damaged file”, when the spool cannot be written', async () => {
    const spool = path.join(dir, 'no-such-dir', 'x.rows');
    expect(await outcome(request(good, spool))).toEqual({ key: 'import.file.internal' });
    expect(importMessages['import.file.internal'].fr).toBe(
      'L’examen du fichier a échoué à cause d’une erreur interne ; réessayez. Si cela se reproduit, contactez l’administrateur.',
    );
    // A spool path that is a directory: opening it for writing fails (EISDIR), root or not.
    const taken = path.join(dir, 'taken.rows');
    await mkdir(`${taken}.part`);
    expect(await outcome(request(good, taken))).toEqual({ key: 'import.file.internal' });
  });

  it('still says “damaged” for a damaged file and “gone” for a missing one, the spool writable', async () => {
    const cut = path.join(dir, 'cut.xlsx');
    const bytes = await xlsx([
      ['Société cliente', 'Ville'],
      ['Acme', 'Paris'],
    ]);
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await outcome(request(cut, path.join(dir, 'cut.rows')))).toEqual({ key: 'import.file.corrupt' });
    expect(await outcome(request(path.join(dir, 'missing.xlsx'), path.join(dir, 'missing.rows')))).toEqual({
      key: 'import.file.gone',
    });
    // No spool left behind, complete or partial.
    expect((await readdir(dir)).filter((f) => /^(cut|missing)\.rows/.test(f))).toEqual([]);
  });

  it('writes the internal error on the stderr its parent inherits: one JSON line, with the stack', async () => {
    const test = path.resolve(__dirname, '../../../test');
    const child = spawn(
      process.execPath,
      [
        '-r',
        path.join(test, 'swc-register.js'),
        path.join(test, 'parse-sandbox-run.ts'),
        JSON.stringify(request(good, path.join(dir, 'no-such-dir', 'y.rows'))),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ key: 'import.file.internal' });
    const lines = stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]);
    expect(logged).toMatchObject({
      level: 50,
      service: 'import-parse-child',
      msg: expect.stringContaining('internal error'),
      err: {
        code: 'ENOENT',
        message: expect.stringContaining('no-such-dir'),
        stack: expect.stringContaining('\n    at '),
      },
    });
  });
});
