import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Cell, csv, xlsx } from '../../../test/import-files';
import { headerKey } from './fields';
import { type HeaderInfo, type ParseRequest, looksLikeHeader, readSpreadsheet } from './parse-file';

/** The header search of readSpreadsheet (parse-file.ts): known columns, custom fields, the fallback. */
describe('import header search', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'header-search-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  let n = 0;
  /** The header and rows read from an .xlsx of these rows (or from this CSV). */
  async function read(sheet: Cell[][] | Buffer, opts: Partial<ParseRequest> = {}) {
    const ext = Buffer.isBuffer(sheet) ? 'csv' : 'xlsx';
    const name = path.join(dir, `f${n++}.${ext}`);
    await writeFile(name, Buffer.isBuffer(sheet) ? sheet : await xlsx(sheet));
    const items: ({ header: HeaderInfo } | { rowNo: number; cells: unknown[] })[] = [];
    for await (const item of readSpreadsheet({
      file: name,
      fileName: `f.${ext}`,
      target: 'CONTACTS',
      limits: { maxRows: 100, maxUnzippedBytes: 1e7, maxCellChars: 1000 },
      ...opts,
    }))
      items.push(item);
    const [head, ...rows] = items;
    return { header: (head as { header: HeaderInfo }).header, rows: rows as { rowNo: number; cells: unknown[] }[] };
  }
  const custom = ['Niveau client', 'Customer tier', 'niveau', 'Budget annuel', 'budget'].map(headerKey);

  it('counts the custom fields given as known columns', async () => {
    const rows: Cell[][] = [
      ['Export', 'Clients'],
      ['Niveau client', 'BUDGET annuel', 'Remarque'],
      ['Or', 12, 'x'],
    ];
    // Without them, the first row that looks like a header.
    expect((await read(rows)).header).toMatchObject({ headerRowNo: 1, fallback: true });
    const { header, rows: data } = await read(rows, { customHeaders: custom });
    expect(header).toMatchObject({ headerRowNo: 2, mapping: [null, null, null] });
    expect(header.fallback).toBeUndefined();
    expect(data).toEqual([{ rowNo: 3, cells: ['Or', 12, 'x'] }]);
  });

  it('a template header and a custom field make two known columns', async () => {
    const { header } = await read(
      [
        ['Liste', 'Clients'],
        ['Société cliente', 'Customer Tier'],
        ['Acme', 'Or'],
      ],
      { customHeaders: custom },
    );
    expect(header).toMatchObject({ headerRowNo: 2, mapping: ['companyName', null] });
  });

  it('falls back to the first row of text cells naming at least two columns, the rows below it as data', async () => {
    const { header, rows } = await read([
      ['Export Axonaut'],
      [],
      ['Account Name', 'Contact First', 'Contact Last', null, 'Mail Address'],
      ['Acme', 'Jean', 'Dupont', null, 'jean@acme.fr'],
      [],
      ['Beta', 'Anne', 'Roy', null, 'anne@beta.fr'],
    ]);
    expect(header).toMatchObject({
      headerRowNo: 3,
      fallback: true,
      mapping: [null, null, null, null, null],
      unknownColumns: [
        { index: 0, header: 'Account Name' },
        { index: 1, header: 'Contact First' },
        { index: 2, header: 'Contact Last' },
        { index: 4, header: 'Mail Address' },
      ],
    });
    expect(rows.map((r) => r.rowNo)).toEqual([4, 6]);
    expect(rows[0].cells).toEqual(['Acme', 'Jean', 'Dupont', null, 'jean@acme.fr']);
  });

  it('falls back only within the rows searched, and a known header further down still wins', async () => {
    // Twelve data rows before anything: no header in the first ten non-blank rows.
    const numbers: Cell[][] = Array.from({ length: 12 }, (_, i) => [i, i * 2]);
    await expect(read([...numbers, ['Col A', 'Col B'], [1, 2]])).rejects.toMatchObject({
      key: 'import.file.noHeader',
    });
    const { header } = await read([
      ['Account Name', 'Town'],
      ['Société cliente', 'Ville'],
      ['Acme', 'Lyon'],
    ]);
    expect(header).toMatchObject({ headerRowNo: 2, mapping: ['companyName', 'city'] });
  });

  it('refuses rows that only look like data, and a header alone, as before', async () => {
    for (const rows of [
      [
        ['a', 'b'],
        [1, 2],
      ],
      [['Acme'], ['Beta']],
      [
        ['12', '2026-01-03'],
        ['13', '2026-01-04'],
      ],
    ] as Cell[][][])
      await expect(read(rows)).rejects.toMatchObject({ key: 'import.file.noHeader' });
    await expect(read(csv([['Account Name', 'Contact First'], [], ['', '']]))).rejects.toMatchObject({
      key: 'import.file.headerOnly',
    });
    expect(looksLikeHeader(['Nom', 'Prénom', null, ''])).toBe(true);
    expect(looksLikeHeader(['Nom', 12])).toBe(false);
    expect(looksLikeHeader(['Nom', null])).toBe(false);
    expect(looksLikeHeader(['Nom', 'X'])).toBe(false);
  });

  it('takes the header row it is given, whatever the columns say', async () => {
    const rows: Cell[][] = [
      ['Liste', 'Clients'],
      ['Raison', 'Palier'],
      ['Acme', 'Or'],
    ];
    expect((await read(rows)).header.headerRowNo).toBe(1);
    const { header, rows: data } = await read(rows, {
      headerRowNo: 2,
      mapping: ['companyName', 'custom.niveau'],
    });
    expect(header).toMatchObject({
      headerRowNo: 2,
      headers: ['Raison', 'Palier'],
      mapping: ['companyName', 'custom.niveau'],
    });
    expect(data).toEqual([{ rowNo: 3, cells: ['Acme', 'Or'] }]);
    await expect(read(rows, { headerRowNo: 7 })).rejects.toMatchObject({
      key: 'import.file.noHeader',
    });
  });
});
