import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { PREVIEW, csv, ole2, upload, xls, xlsx, zipBomb } from '../../../test/import-files';
import { withTenant } from '../../db/tenant-scope';

/** Files refused as a whole: a clear message on `file`, and nothing written. */
// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);

describe('import of bad files', () => {
  let api: TestApi;
  let client: TestClient;
  let workspaceId: string;

  beforeAll(async () => {
    api = await startTestApi({ IMPORT_MAX_UPLOAD_BYTES: String(200 * 1024), IMPORT_MAX_ROWS: '5' });
    const ws = await createWorkspaceWithAdmin();
    workspaceId = ws.workspaceId;
    client = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  const count = (table: string) =>
    withTenant(api.deps.dataSource, workspaceId, null, async (em) => {
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ${table}`);
      return n as number;
    });

  /** Uploads (which may refuse at once) then previews; returns the message given for `file`. */
  async function refusal(file: Buffer, name: string): Promise<string> {
    const up = await upload(client, file, name);
    if (up.status !== 201) {
      expect(up.body.code).toBe('BAD_USER_INPUT');
      expect(up.body.fields?.[0].path).toEqual(['file']);
      return up.body.fields![0].message;
    }
    const r = await client.gql(PREVIEW, { uploadId: up.body.id, target: 'CONTACTS' });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    const fields = r.errors?.[0].extensions?.fields as { path: string[]; message: string }[];
    expect(fields[0].path).toEqual(['file']);
    return fields[0].message;
  }

  afterEach(async () => {
    expect(await count('company')).toBe(0);
    expect(await count('contact')).toBe(0);
    expect(await count('import_preview')).toBe(0);
  });

  it('refuses what is not a spreadsheet', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3, 0xff])]);
    expect(await refusal(pdf, 'clients.xlsx')).toMatch(/n’est pas un tableur/);
    const docx = await (async () => {
      const JSZip = (await import('jszip')).default;
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('word/document.xml', '<w:document/>');
      return zip.generateAsync({ type: 'nodebuffer' });
    })();
    expect(await refusal(docx, 'clients.xlsx')).toMatch(/n’est pas un tableur/);
  });

  it('refuses corrupt and password-protected files, .xlsx and .xls', async () => {
    const good = await xlsx([
      ['Société cliente', 'Ville'],
      ['Acme', 'Paris'],
    ]);
    expect(await refusal(good.subarray(0, Math.floor(good.length / 2)), 'cut.xlsx')).toMatch(/endommagé/);
    expect(await refusal(ole2(true), 'secret.xlsx')).toMatch(/protégé par un mot de passe/);
    // .xls (OLE2 container, told by its magic bytes): encrypted, cut short, or an empty container.
    const rows = [
      ['Société cliente', 'Ville'],
      ['Acme', 'Paris'],
    ];
    expect(await refusal(await xls(rows, { encrypted: true }), 'secret.xls')).toMatch(/protégé par un mot de passe/);
    const old = await xls(rows);
    expect(await refusal(old.subarray(0, Math.floor(old.length / 3)), 'cut.xls')).toMatch(/endommagé/);
    expect(await refusal(ole2(false), 'old.xls')).toMatch(/endommagé/);
  });

  it('refuses a zip bomb before parsing it', async () => {
    const bomb = await zipBomb(30 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await refusal(bomb, 'bomb.xlsx')).toMatch(/anormalement volumineux/);
  });

  it('refuses files over the size limit before reading them', async () => {
    const uploads = await count('import_upload');
    const big = Buffer.alloc(300 * 1024, 'a');
    const up = await upload(client, big, 'big.csv');
    expect(up.status).toBe(413);
    expect(up.body.fields?.[0].message).toMatch(/taille maximale de 0,2 Mo/);
    expect(await count('import_upload')).toBe(uploads);
  });

  it('refuses a sheet without header, with only its header, or over the row limit', async () => {
    expect(
      await refusal(
        await xlsx([
          ['a', 'b'],
          [1, 2],
        ]),
        'noheader.xlsx',
      ),
    ).toMatch(/Ligne d’en-tête introuvable/);
    expect(await refusal(csv([['Société cliente', 'Ville'], [], ['', '']]), 'header.csv')).toMatch(
      /que la ligne d’en-tête/,
    );
    const rows = [['Société cliente', 'Ville'], ...Array.from({ length: 6 }, (_, i) => [`C${i}`, 'Paris'])];
    expect(await refusal(await xlsx(rows), 'many.xlsx')).toMatch(/plus de 5 lignes/);
    expect(await refusal(Buffer.alloc(0), 'empty.csv')).toMatch(/vide|Aucun fichier/);
  });

  it('needs a session', async () => {
    const res = await fetch(`${api.url}/files/imports/template.xlsx`);
    expect(res.status).toBe(401);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('a;b')]), 'x.csv');
    expect((await fetch(`${api.url}/files/imports`, { method: 'POST', body: form })).status).toBe(401);
  });
});
