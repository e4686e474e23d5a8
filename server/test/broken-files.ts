// Generated broken spreadsheets for the import fuzz test: truncated and corrupted zips, bad
// XML, missing parts, bombs of every kind, binary garbage and broken CSV. Deterministic: the
// same seed gives the same files, so a failure can be replayed by its case name.
import { crc32, deflateRawSync } from 'node:zlib';

/** mulberry32: a small seeded PRNG (deterministic cases). */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const bytes = (n: number) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = int(0, 255);
    return b;
  };
  return { next, int, pick, bytes };
}
export type Rng = ReturnType<typeof prng>;

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** 0: stored, 8: deflated (default). */
  method?: 0 | 8;
  /** Uncompressed size written in the headers (default: the real one). A lie for some bombs. */
  declaredSize?: number;
  /** Written in the local headers only, not in the central directory (what a streaming reader sees). */
  hidden?: boolean;
  badCrc?: boolean;
}

/** A zip written byte by byte, so its headers can lie (sizes, CRCs, hidden entries). */
export function rawZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data, { level: 9 }) : e.data;
    const crc = (crc32(e.data) ^ (e.badCrc ? 0xdeadbeef : 0)) >>> 0;
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    if (!e.hidden) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(body.length, 20);
      c.writeUInt32LE(size >>> 0, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
    }
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length / 2, 8);
  end.writeUInt16LE(central.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const HEADERS = ['Société cliente', 'Email du contact', 'Nom', 'Prénom', 'Ville'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The parts of a minimal valid workbook (header + `rows` contacts), shared strings first. */
export function workbookParts(rows = 3): Record<string, string> {
  const strings: string[] = [...HEADERS];
  const sheetRows: string[] = [];
  const cell = (ref: string, s: string) => {
    strings.push(s);
    return `<c r="${ref}" t="s"><v>${strings.length - 1}</v></c>`;
  };
  sheetRows.push(`<row r="1">${HEADERS.map((_, i) => `<c r="${'ABCDE'[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`);
  for (let r = 2; r <= rows + 1; r++) {
    sheetRows.push(
      `<row r="${r}">${cell(`A${r}`, `Société ${r}`)}${cell(`B${r}`, `p${r}@exemple.fr`)}${cell(`C${r}`, `Nom${r}`)}` +
        `${cell(`D${r}`, `Prénom${r}`)}<c r="E${r}" t="inlineStr"><is><t>Lyon</t></is></c></row>`,
    );
  }
  return {
    '[Content_Types].xml':
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/sharedStrings.xml': `${XML}<sst xmlns="${NS}" count="${strings.length}" uniqueCount="${strings.length}">${strings
      .map((s) => `<si><t>${esc(s)}</t></si>`)
      .join('')}</sst>`,
    'xl/worksheets/sheet1.xml': `${XML}<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`,
  };
}

export const zipParts = (parts: Record<string, string | Buffer>, extra: Partial<ZipEntry>[] = []) =>
  rawZip([
    ...Object.entries(parts).map(([name, data]) => ({ name, data: Buffer.from(data) })),
    ...(extra as ZipEntry[]),
  ]);

export interface BrokenFile {
  name: string;
  fileName: string;
  bytes: Buffer;
  /** When set, the message key the file must be refused with. */
  expect?: string;
}

const XML_PARTS = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml'] as const;

/** Damage of one kind (0-9) to an XML text, at a random place: cut, stray markup, unclosed or mismatched tags, bad entities. */
function breakXml(rng: Rng, xml: string, kind: number): string {
  const at = rng.int(0, xml.length);
  switch (kind) {
    case 0:
      return xml.slice(0, at);
    case 1:
      return `${xml.slice(0, at)}<${xml.slice(at)}`;
    case 2:
      return `${xml.slice(0, at)}&${xml.slice(at)}`;
    case 3:
      return `${xml.slice(0, at)}</nope>${xml.slice(at)}`;
    case 4:
      return `${xml.slice(0, at)}<open>${xml.slice(at)}`;
    case 5:
      return xml.replace(/<\/(\w+)>/, '</$1x>');
    case 6:
      return `${xml.slice(0, at)}&#0;&#xFFFFFFF;${xml.slice(at)}`;
    case 7:
      return 'ceci n’est pas du XML';
    case 8:
      return `${xml}${xml}`;
    default:
      return xml.replace(/"/g, () => (rng.next() < 0.2 ? '' : '"'));
  }
}

const billionLaughs = (body: string) =>
  `${XML}<!DOCTYPE lolz [<!ENTITY lol "lol">` +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  `]>${body}`;

/** Pads an archive with incompressible bytes so its inflate ratio stays under the guard's limit. */
const padding = (rng: Rng, n: number): Partial<ZipEntry> => ({
  name: 'xl/media/image1.bin',
  data: rng.bytes(n),
  method: 0,
});

/** Everything the fuzz test feeds to the import preview (≥ 130 files, every kind of damage). */
export function brokenFiles(seed = 20261127): BrokenFile[] {
  const rng = prng(seed);
  const out: BrokenFile[] = [];
  const add = (name: string, fileName: string, bytes: Buffer, expect?: string) =>
    out.push({ name, fileName, bytes, expect });
  const good = zipParts(workbookParts(3));

  // Every kind of damage below is made a few times at random places (seeded, so the same
  // files each run): 9 to 12 of each kind took a quarter of the run on a loaded 2-core
  // machine, for the same kinds of failure.
  // Truncated zips.
  for (let i = 0; i < 9; i++) {
    const cut = rng.int(4, good.length - 1);
    add(`truncated-zip-${i}-at-${cut}`, 'coupe.xlsx', good.subarray(0, cut));
  }
  // Corrupted bytes in a valid workbook (headers, compressed data, central directory).
  for (let i = 0; i < 12; i++) {
    const b = Buffer.from(good);
    const n = rng.int(1, 20);
    for (let k = 0; k < n; k++) b[rng.int(4, b.length - 1)] = rng.int(0, 255);
    add(`corrupted-bytes-${i}`, 'abime.xlsx', b);
  }
  // Wrong or invalid XML in the sheet, the shared strings and the workbook: each of the ten
  // kinds of breakXml at least once, each part five times.
  for (let i = 0; i < 15; i++) {
    const parts = workbookParts(3);
    const part = XML_PARTS[i % 3];
    parts[part] = breakXml(rng, parts[part], i % 10);
    add(`bad-xml-${part.split('/').pop()}-${i}`, 'xml.xlsx', zipParts(parts));
  }
  for (const part of XML_PARTS) {
    const parts = workbookParts(3);
    parts[part] = parts[part].replace(/xmlns="[^"]*"/, 'xmlns="urn:autre"').replace(/<(\/?)(\w+)/g, '<$1z$2');
    add(`foreign-xml-${part.split('/').pop()}`, 'etranger.xlsx', zipParts(parts));
    const utf16 = workbookParts(3);
    add(
      `utf16-${part.split('/').pop()}`,
      'utf16.xlsx',
      zipParts({ ...utf16, [part]: Buffer.from(utf16[part], 'utf16le') }),
    );
  }
  // Missing parts, and empty ones.
  for (const part of Object.keys(workbookParts())) {
    const parts = workbookParts(3);
    delete parts[part];
    add(`missing-${part}`, 'incomplet.xlsx', zipParts(parts));
    add(`empty-${part}`, 'vide.xlsx', zipParts({ ...workbookParts(3), [part]: '' }));
  }
  // Shared strings: huge tables, out-of-range and odd indexes.
  for (const count of [100_000, 400_000]) {
    const parts = workbookParts(2);
    const extra = Array.from({ length: count }, (_, i) => `<si><t>chaîne ${i}</t></si>`).join('');
    parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace('</sst>', `${extra}</sst>`);
    add(`huge-shared-strings-${count}`, 'sst.xlsx', zipParts(parts));
  }
  {
    const parts = workbookParts(2);
    parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace(/count="\d+"/g, 'count="2000000000"');
    add('shared-strings-declared-count-2e9', 'sst.xlsx', zipParts(parts));
  }
  for (const v of ['999999999', '-1', 'abc', '__proto__', 'constructor', '1e308', '']) {
    const parts = workbookParts(2);
    parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml'].replace(
      '<c r="C2" t="s"><v>7</v></c>',
      `<c r="C2" t="s"><v>${v}</v></c>`,
    );
    add(`shared-string-index-${v || 'empty'}`, 'sst.xlsx', zipParts(parts));
  }
  // Entity expansion (billion laughs) and external entities (XXE), in each XML part.
  for (const part of XML_PARTS) {
    const parts = workbookParts(2);
    const body = parts[part].replace(XML, '');
    parts[part] = billionLaughs(
      body.replace(/<t>Nom2<\/t>|<v>0<\/v>|name="Feuil1"/, (m) =>
        m.replace(/>|"F/, (x) => (x === '>' ? '>&lol9;' : '"&lol9;F')),
      ),
    );
    add(`billion-laughs-${part.split('/').pop()}`, 'lol.xlsx', zipParts(parts), 'import.file.corrupt');
    const xxe = workbookParts(2);
    xxe[part] =
      `${XML}<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>` +
      xxe[part]
        .replace(XML, '')
        .replace(/<t>Nom2<\/t>|<v>0<\/v>|name="Feuil1"/, (m) =>
          m.replace(/>|"F/, (x) => (x === '>' ? '>&xxe;' : '"&xxe;F')),
        );
    add(`xxe-${part.split('/').pop()}`, 'xxe.xlsx', zipParts(xxe), 'import.file.corrupt');
  }
  // Deep nesting.
  for (const [part, depth] of [
    ['xl/worksheets/sheet1.xml', 200_000],
    ['xl/sharedStrings.xml', 200_000],
    ['xl/workbook.xml', 200_000],
    ['xl/worksheets/sheet1.xml', 2_000],
  ] as const) {
    const parts = workbookParts(2);
    const open = '<r>'.repeat(depth);
    const close = '</r>'.repeat(depth);
    parts[part] = parts[part].replace(/<\/(sheetData|sst|sheets)>/, (m) => `${open}${close}${m}`);
    add(`deep-nesting-${depth}-${part.split('/').pop()}`, 'profond.xlsx', zipParts(parts));
    const unclosed = workbookParts(2);
    unclosed[part] = unclosed[part].replace(/<\/(sheetData|sst|sheets)>/, (m) => `${open}${m}`);
    add(`deep-unclosed-${depth}-${part.split('/').pop()}`, 'profond.xlsx', zipParts(unclosed));
  }
  {
    // Rich text runs nested and a cell of 100,000 runs.
    const parts = workbookParts(2);
    parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace(
      '</sst>',
      `<si>${'<r><t>x</t></r>'.repeat(100_000)}</si></sst>`,
    );
    add('rich-text-100k-runs', 'runs.xlsx', zipParts(parts));
  }
  // Huge single cells: too long for a cell (inline and shared), and a 50 MB cell declared.
  for (const [kind, chars] of [
    ['inline', 40_000],
    ['shared', 40_000],
    ['inline', 5_000_000],
    ['shared', 5_000_000],
  ] as const) {
    const parts = workbookParts(2);
    const text = 'x'.repeat(chars);
    if (kind === 'inline')
      parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml'].replace(
        '<is><t>Lyon</t></is>',
        `<is><t>${text}</t></is>`,
      );
    else parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace('<t>Nom2</t>', `<t>${text}</t>`);
    // Padded so the archive's ratio passes the zip guard: the cell limit must stop it.
    const pad = chars > 100_000 ? [padding(rng, Math.ceil(chars / 90))] : [];
    add(`huge-cell-${kind}-${chars}`, 'cellule.xlsx', zipParts(parts, pad), 'import.file.cellTooLong');
  }
  {
    const parts = workbookParts(2);
    parts['xl/worksheets/sheet1.xml'] = parts['xl/worksheets/sheet1.xml'].replace(
      '<is><t>Lyon</t></is>',
      `<is><t>${'y'.repeat(50 * 1024 * 1024)}</t></is>`,
    );
    add('huge-cell-50MB', 'cellule.xlsx', zipParts(parts), 'import.file.tooLargeUnzipped');
  }
  // Zip bombs: high ratios, sizes that lie, entries hidden from the central directory.
  {
    const parts = workbookParts(2);
    const bomb = Buffer.alloc(30 * 1024 * 1024, 0x20);
    add(
      'zip-bomb-ratio-1000',
      'bombe.xlsx',
      zipParts(parts, [{ name: 'xl/media/bomb.bin', data: bomb }]),
      'import.file.tooLargeUnzipped',
    );
    add(
      'zip-bomb-declared-small',
      'bombe.xlsx',
      zipParts(parts, [{ name: 'xl/media/bomb.bin', data: bomb.subarray(0, 8 * 1024 * 1024), declaredSize: 100 }]),
    );
    add(
      'zip-bomb-in-sheet',
      'bombe.xlsx',
      zipParts({
        ...parts,
        'xl/worksheets/sheet1.xml': parts['xl/worksheets/sheet1.xml'].replace(
          '<sheetData>',
          `<sheetData>${'<row/>'.repeat(5_000_000)}`,
        ),
      }),
      'import.file.tooLargeUnzipped',
    );
    // A sheet the central directory does not list, only a streaming reader meets.
    const hidden = [
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.from(`<worksheet><sheetData>${'<row/>'.repeat(3_000_000)}</sheetData></worksheet>`),
        hidden: true,
      },
    ];
    add(
      'zip-hidden-sheet-bomb',
      'cache.xlsx',
      rawZip([
        ...(hidden as ZipEntry[]),
        ...Object.entries(parts).map(([name, data]) => ({ name, data: Buffer.from(data) })),
      ]),
    );
    add(
      'zip-hidden-junk-bomb',
      'cache.xlsx',
      rawZip([
        { name: 'junk.bin', data: Buffer.alloc(40 * 1024 * 1024), hidden: true },
        ...Object.entries(parts).map(([name, data]) => ({ name, data: Buffer.from(data) })),
      ]),
    );
    add(
      'zip-bad-crc',
      'crc.xlsx',
      rawZip(Object.entries(parts).map(([name, data]) => ({ name, data: Buffer.from(data), badCrc: true }))),
    );
    add(
      'zip-2000-entries',
      'entrees.xlsx',
      zipParts(
        parts,
        Array.from({ length: 3000 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from('<a/>') })),
      ),
    );
    // Many empty rows, padded to pass the ratio check: a long walk through nothing.
    const many = `<row/>`.repeat(1_500_000);
    add(
      'many-empty-rows',
      'vides.xlsx',
      zipParts(
        {
          ...parts,
          'xl/worksheets/sheet1.xml': parts['xl/worksheets/sheet1.xml'].replace('<sheetData>', `<sheetData>${many}`),
        },
        [padding(rng, Math.ceil(many.length / 90))],
      ),
    );
  }
  // Binary garbage, with and without a zip signature.
  for (let i = 0; i < 10; i++) {
    const body = rng.bytes(rng.int(1, 64 * 1024));
    const name = rng.pick(['donnees.xlsx', 'donnees.csv', 'donnees']);
    add(`garbage-${i}`, name, i % 2 ? Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), body]) : body);
  }
  // CSV: NUL bytes, invalid UTF-8, enormous lines, unbalanced quotes, random damage.
  const csvHead = `${HEADERS.join(';')}\r\n`;
  const csvRow = (i: number) => `Société ${i};p${i}@exemple.fr;Nom${i};Prénom${i};Lyon\r\n`;
  const goodCsv = csvHead + Array.from({ length: 5 }, (_, i) => csvRow(i)).join('');
  for (let i = 0; i < 5; i++) {
    const b = Buffer.from(goodCsv);
    b[rng.int(0, b.length - 1)] = 0;
    add(`csv-nul-${i}`, 'nul.csv', b, 'import.file.notSpreadsheet');
  }
  // A NUL after the first 64 KB (beyond what the upload sniffs).
  add(
    'csv-nul-late',
    'nul.csv',
    Buffer.concat([Buffer.from(csvHead + csvRow(1).repeat(3000)), Buffer.from([0]), Buffer.from(csvRow(2))]),
  );
  for (let i = 0; i < 5; i++) {
    const b = Buffer.from(goodCsv);
    for (let k = 0; k < 5; k++)
      b[rng.int(HEADERS.join(';').length, b.length - 1)] = rng.pick([0xc3, 0xff, 0xfe, 0x80, 0xe2]);
    add(`csv-invalid-utf8-${i}`, 'latin.csv', b);
  }
  add('csv-one-huge-line', 'long.csv', Buffer.from(`${csvHead}${'a;'.repeat(900_000)}\r\n`));
  add(
    'csv-huge-cell',
    'long.csv',
    Buffer.from(`${csvHead}Acme;${'b'.repeat(1_900_000)};x;y;z\r\n`),
    'import.file.cellTooLong',
  );
  add('csv-huge-header', 'long.csv', Buffer.from(`${'Ville;'.repeat(300_000)}\r\nx\r\n`));
  add('csv-no-newline', 'long.csv', Buffer.from('z'.repeat(1_500_000)), 'import.file.cellTooLong');
  add('csv-many-blank-lines', 'vide.csv', Buffer.from(`${csvHead}${'\r\n'.repeat(900_000)}a;b\r\n`));
  add('csv-many-delimiters', 'delim.csv', Buffer.from(`${csvHead}${';'.repeat(1_800_000)}\r\n`));
  for (let i = 0; i < 6; i++) {
    const lines = goodCsv.split('\r\n');
    const l = rng.int(0, lines.length - 2);
    const cut = rng.int(0, lines[l].length);
    lines[l] = `${lines[l].slice(0, cut)}"${lines[l].slice(cut)}`;
    add(`csv-unbalanced-quote-${i}`, 'guillemet.csv', Buffer.from(lines.join('\r\n')));
  }
  add('csv-quote-never-closed', 'guillemet.csv', Buffer.from(`${csvHead}"${'c'.repeat(100_000)}\r\n`.repeat(5)));
  for (let i = 0; i < 6; i++) {
    const b = Buffer.from(goodCsv);
    const n = rng.int(1, 30);
    for (let k = 0; k < n; k++) b[rng.int(0, b.length - 1)] = rng.int(1, 255);
    add(`csv-random-damage-${i}`, 'abime.csv', b);
  }
  add(
    'utf16-csv',
    'utf16.csv',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(goodCsv, 'utf16le')]),
    'import.file.notSpreadsheet',
  );
  add('empty', 'vide.csv', Buffer.alloc(0));
  add('only-bom', 'bom.csv', Buffer.from([0xef, 0xbb, 0xbf]));
  add('empty-zip', 'vide.xlsx', Buffer.from([0x50, 0x4b, 0x05, 0x06, ...Buffer.alloc(18)]), 'import.file.corrupt');
  return out;
}
