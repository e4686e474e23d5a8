import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { withTenant } from '../../db/tenant-scope';
import { sanitizeDocumentName } from './document.service';

const MAX = 4096;
// The first bytes of a PNG file: the type comes from them whatever the name says.
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64, 1),
]);
const LIST = `query($companyId: ID, $contactId: ID) { documents(companyId: $companyId, contactId: $contactId) {
  totalCount edges { node { id name contentType size downloadUrl uploadedBy { id } } } } }`;

async function upload(
  api: TestApi,
  client: TestClient | null,
  record: Record<string, string>,
  name: string,
  content: Buffer,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(record)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(content)]), name);
  const res = await fetch(`${api.url}/documents`, {
    method: 'POST',
    body: form,
    headers: client?.cookie ? { cookie: client.cookie } : {},
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('documents', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  let companyId: string;
  let contactId: string;

  beforeAll(async () => {
    api = await startTestApi({ DOCUMENT_MAX_BYTES: String(MAX) });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const r = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Docs SA',
          mainContact: { firstName: 'D', lastName: 'Oc', email: 'd@docs.fr', phoneDirect: '0142685300' },
        },
      },
    );
    companyId = r.createCompany.id;
    contactId = r.createCompany.mainContact.id;
  });
  /** Reads rows of the test workspace (the app role sees rows only inside a workspace transaction). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const inWorkspace = (sql: string, params: unknown[] = []): Promise<any[]> =>
    withTenant(api.deps.dataSource, ws.workspaceId, null, (em) => em.query(sql, params));

  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('sanitises names', () => {
    expect(sanitizeDocumentName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeDocumentName('C:\\Users\\x\\Devis  n°1.pdf')).toBe('Devis n°1.pdf');
    expect(sanitizeDocumentName('a<b>:c?.txt')).toBe('a_b__c_.txt');
    expect(sanitizeDocumentName('...')).toBe('document');
    expect(sanitizeDocumentName(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{196}\.pdf$/);
  });

  it('uploads, lists newest first, downloads and deletes, with the type taken from the content', async () => {
    const a = await upload(api, admin, { companyId }, 'photo.pdf', PNG);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ name: 'photo.pdf', contentType: 'image/png', size: PNG.length });
    const b = await upload(api, admin, { companyId }, '../notes de réunion.txt', Buffer.from('Bonjour, café ☕\n'));
    expect(b.body).toMatchObject({ name: 'notes de réunion.txt', contentType: 'text/plain' });
    const c = await upload(api, admin, { companyId }, 'blob.bin', Buffer.from([0, 1, 2, 3, 0, 255]));
    expect(c.body.contentType).toBe('application/octet-stream');

    const list = (await admin.ok(LIST, { companyId })).documents;
    expect(list.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([c.body.id, b.body.id, a.body.id]);
    expect(list.edges[0].node.uploadedBy.id).toBe(ws.userId);
    expect((await admin.ok(LIST, { contactId })).documents.totalCount).toBe(0);

    const res = await fetch(`${api.url}${list.edges[2].node.downloadUrl}`, { headers: { cookie: admin.cookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain('photo.pdf');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);

    expect((await admin.ok(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: a.body.id })).deleteDocument).toBe(
      true,
    );
    expect((await admin.ok(LIST, { companyId })).documents.totalCount).toBe(2);
    const gone = await fetch(`${api.url}/documents/${a.body.id}`, { headers: { cookie: admin.cookie! } });
    expect(gone.status).toBe(404);
  });

  it('a deleted document goes to the trash with its file kept, and comes back on restore', async () => {
    const TRASH = `{ deletedDocuments { totalCount edges { node { id name deletedAt deletedBy { id }
      company { id } contact { id } } } } }`;
    const RESTORE = `mutation($id: ID!) { restoreDocument(id: $id) { id name deletedAt } }`;
    const ids = (r: { edges: { node: { id: string } }[] }) => r.edges.map((e) => e.node.id);
    const up = await upload(api, admin, { contactId }, 'x.txt', Buffer.from('to keep'));
    const [{ storage_key: key }] = await inWorkspace(`SELECT storage_key FROM document WHERE id = $1`, [up.body.id]);
    const file = path.resolve(api.deps.config.STORAGE_DIR, 'documents', key);
    const before = (await admin.ok(LIST, { companyId })).documents.totalCount;
    await admin.ok(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: up.body.id });
    expect(existsSync(file)).toBe(true);
    // Off the company's and the contact's lists, not downloadable, not attachable to an e-mail.
    const list = (await admin.ok(LIST, { companyId })).documents;
    expect(list.totalCount).toBe(before - 1);
    expect(ids(list)).not.toContain(up.body.id);
    expect(ids((await admin.ok(LIST, { contactId })).documents)).not.toContain(up.body.id);
    const gone = await fetch(`${api.url}/documents/${up.body.id}`, { headers: { cookie: admin.cookie! } });
    expect(gone.status).toBe(404);
    const mail = await admin.gql(`mutation($input: SendEmailInput!) { sendEmail(input: $input) { id } }`, {
      input: {
        idempotencyKey: randomUUID(),
        contactId,
        toContactIds: [contactId],
        subject: 'Objet',
        text: 'Texte',
        attachmentIds: [up.body.id],
      },
    });
    expect(errorCode(mail)).toBe('BAD_USER_INPUT');
    expect((mail.errors?.[0]?.extensions?.fields as { path: string[] }[]).map((f) => f.path.join('.'))).toEqual([
      'input.attachmentIds.0',
    ]);
    expect(errorCode(await admin.gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: up.body.id }))).toBe(
      'NOT_FOUND',
    );

    const trash = (await admin.ok(TRASH)).deletedDocuments;
    expect(trash.edges[0].node).toMatchObject({
      id: up.body.id,
      name: 'x.txt',
      deletedBy: { id: ws.userId },
      company: null,
      contact: { id: contactId },
    });
    const restored = (await admin.ok(RESTORE, { id: up.body.id })).restoreDocument;
    expect(restored).toMatchObject({ id: up.body.id, deletedAt: null });
    expect((await admin.ok(LIST, { companyId })).documents.totalCount).toBe(before);
    const back = await fetch(`${api.url}/documents/${up.body.id}`, { headers: { cookie: admin.cookie! } });
    expect(await back.text()).toBe('to keep');
    expect(ids((await admin.ok(TRASH)).deletedDocuments)).not.toContain(up.body.id);
    expect(errorCode(await admin.gql(RESTORE, { id: up.body.id }))).toBe('CONFLICT');
    const trail = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Document", entityId: $id) { edges { node { action } } } }`,
      { id: up.body.id },
    );
    expect(trail.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'restore',
      'delete',
      'create',
    ]);

    // Not restored while its contact is in the trash (CONFLICT naming it); another workspace cannot.
    await admin.ok(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: up.body.id });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(RESTORE, { id: up.body.id }))).toBe('NOT_FOUND');
    expect((await other.ok(TRASH)).deletedDocuments.totalCount).toBe(0);
    const extra = await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { companyId, firstName: 'Éphémère', lastName: 'Contact' },
    });
    const onExtra = await upload(api, admin, { contactId: extra.createContact.id }, 'e.txt', Buffer.from('e'));
    await admin.ok(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: onExtra.body.id });
    await admin.ok(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: extra.createContact.id });
    const refused = await admin.gql(RESTORE, { id: onExtra.body.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('Éphémère Contact');
    await admin.ok(RESTORE, { id: up.body.id });
  });

  it('a GDPR erasure removes the documents of the person in the trash too, and clears their trashed activities', async () => {
    const person = await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { companyId, firstName: 'Effacée', lastName: 'Personne', email: 'effacee@docs.fr' },
    });
    const pid = person.createContact.id;
    const doc = await upload(api, admin, { contactId: pid }, 'cv.txt', Buffer.from('données personnelles'));
    const [{ storage_key: key }] = await inWorkspace(`SELECT storage_key FROM document WHERE id = $1`, [doc.body.id]);
    const file = path.resolve(api.deps.config.STORAGE_DIR, 'documents', key);
    const category = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    const note = (
      await admin.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
        input: { kind: 'INFO', contactId: pid, categoryId: category, comment: 'Adresse perso : 3 rue X' },
      })
    ).createActivity;
    await admin.ok(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: doc.body.id });
    await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: note.id });
    await admin.ok(`mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId } }`, {
      id: pid,
      pw: ws.password,
    });
    expect(await inWorkspace('SELECT id FROM document WHERE id = $1', [doc.body.id])).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(await inWorkspace('SELECT comment FROM activity WHERE id = $1', [note.id])).toEqual([{ comment: null }]);
    const trash = await admin.ok('{ deletedActivities { edges { node { id comment } } } }');
    expect(trash.deletedActivities.edges.find((e: { node: { id: string } }) => e.node.id === note.id)?.node).toEqual({
      id: note.id,
      comment: null,
    });
  });

  it('refuses files over the size limit, empty files, a missing file and a missing record', async () => {
    const before = (await admin.ok(LIST, { companyId })).documents.totalCount;
    const big = await upload(api, admin, { companyId }, 'big.txt', Buffer.alloc(MAX + 1, 'a'));
    expect(big.status).toBe(413);
    // A code and the limit the client can word itself, and a message in the caller's language, in MB.
    expect(big.body).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Le fichier dépasse la taille maximale de 0.0039 Mo.',
      maxBytes: MAX,
      maxMegabytes: 0.0039,
      fields: [{ path: ['file'], message: 'Le fichier dépasse la taille maximale de 0.0039 Mo.' }],
    });
    // The limit is in the API, for clients to check a file before sending it.
    expect((await admin.ok('{ documentMaxBytes }')).documentMaxBytes).toBe(MAX);
    const exact = await upload(api, admin, { companyId }, 'exact.txt', Buffer.alloc(MAX, 'a'));
    expect(exact.status).toBe(201);
    const empty = await upload(api, admin, { companyId }, 'empty.txt', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const noRecord = await upload(api, admin, {}, 'x.txt', Buffer.from('x'));
    expect(noRecord.body).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: ['companyId'] }] });
    const form = new FormData();
    form.append('companyId', companyId);
    const noFile = await fetch(`${api.url}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: admin.cookie! },
    });
    expect(noFile.status).toBe(400);
    expect((await admin.ok(LIST, { companyId })).documents.totalCount).toBe(before + 1);
    const left = await import('node:fs/promises').then((fs) =>
      fs.readdir(path.resolve(api.deps.config.STORAGE_DIR, 'documents', ws.workspaceId)),
    );
    const [{ n }] = await inWorkspace(`SELECT count(*)::int AS n FROM document`);
    // Refused uploads leave no file behind.
    expect(left).toHaveLength(n);
  });

  it('refuses programs and scripts, by their content or their extension, and keeps no file of them', async () => {
    // A Windows executable's real headers: DOS header ("MZ", e_lfanew = 0x80), then "PE\0\0" and an x86-64 COFF header.
    const dos = Buffer.alloc(0x80);
    dos.write('MZ', 0, 'latin1');
    dos.writeUInt32LE(0x80, 0x3c);
    const coff = Buffer.alloc(20);
    coff.writeUInt16LE(0x8664, 0);
    coff.writeUInt16LE(1, 2);
    const pe = Buffer.concat([dos, Buffer.from('PE\0\0', 'latin1'), coff, Buffer.alloc(200, 0x90)]);
    const before = (await admin.ok(LIST, { companyId })).documents.totalCount;
    const refused = {
      code: 'BAD_USER_INPUT',
      fields: [
        {
          path: ['file'],
          message: 'Les programmes et scripts (.exe, .msi, .bat, .js, .sh…) ne sont pas acceptés comme documents.',
        },
      ],
    };
    for (const [name, content] of [
      ['setup.exe', pe],
      // Renamed: the bytes still say it is a program.
      ['facture.pdf', pe],
      ['devis', pe],
      // Scripts are text: their extension or their "#!" line gives them away.
      ['install.sh', Buffer.from('echo bonjour\n')],
      ['notes.txt', Buffer.from('#!/bin/sh\nrm -rf ~\n')],
      ['Macro.JS', Buffer.from('WScript.Echo("x")')],
      ['run.ps1', Buffer.from('Write-Host x')],
      ['outil.jar', Buffer.from('PK')],
      ['lancer.BAT', Buffer.from('@echo off')],
    ] as const) {
      const res = await upload(api, admin, { companyId }, name, content);
      expect([name, res.status]).toEqual([name, 400]);
      expect(res.body).toMatchObject(refused);
    }
    expect((await admin.ok(LIST, { companyId })).documents.totalCount).toBe(before);
    const left = await import('node:fs/promises').then((fs) =>
      fs.readdir(path.resolve(api.deps.config.STORAGE_DIR, 'documents', ws.workspaceId)),
    );
    const [{ n }] = await inWorkspace(`SELECT count(*)::int AS n FROM document`);
    expect(left).toHaveLength(n);
  });

  it("lists a company's documents with its live contacts' ones, each marked with its contact, in fixed statements", async () => {
    const FAMILY = `query($companyId: ID) { documents(companyId: $companyId) {
      totalCount edges { node { id name contact { id fullName } uploadedBy { id } } } } }`;
    const company = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Famille SA',
          mainContact: { firstName: 'Claire', lastName: 'Dubois', email: 'c@famille.fr', phoneDirect: '0142685301' },
        },
      },
    );
    const familyId: string = company.createCompany.id;
    const claire: string = company.createCompany.mainContact.id;
    const addContact = async (firstName: string, companyOf: string) =>
      (
        await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
          input: {
            firstName,
            lastName: 'Martin',
            email: `${firstName.toLowerCase()}@famille.fr`,
            companyId: companyOf,
          },
        })
      ).createContact.id as string;
    const paul = await addContact('Paul', familyId);
    const gone = await addContact('Gone', familyId);
    const outsider = await addContact('Outsider', companyId);

    const own = await upload(api, admin, { companyId: familyId }, 'kbis.pdf', Buffer.from('company'));
    const c1 = await upload(api, admin, { contactId: claire }, 'cv.txt', Buffer.from('claire'));
    await upload(api, admin, { contactId: outsider }, 'other.txt', Buffer.from('elsewhere'));
    await upload(api, admin, { contactId: gone }, 'trashed.txt', Buffer.from('trashed'));
    await admin.ok(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: gone });

    const statements: string[] = [];
    let counting = false;
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting) statements.push(String((args[0] as { text?: string })?.text ?? args[0]));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
    const measure = async () => {
      statements.length = 0;
      counting = true;
      try {
        const { documents } = await admin.ok(FAMILY, { companyId: familyId });
        return { documents, count: statements.length };
      } finally {
        counting = false;
      }
    };
    try {
      const small = await measure();
      expect(small.documents.totalCount).toBe(2);
      expect(
        small.documents.edges.map((e: { node: { id: string; contact: { fullName: string } | null } }) => [
          e.node.id,
          e.node.contact?.fullName ?? null,
        ]),
      ).toEqual([
        [c1.body.id, 'Claire Dubois'],
        [own.body.id, null],
      ]);

      for (let i = 0; i < 6; i++)
        await upload(api, admin, { contactId: i % 2 ? paul : claire }, `doc-${i}.txt`, Buffer.from(`n${i}`));
      const large = await measure();
      expect(large.documents.totalCount).toBe(8);
      expect(
        new Set(large.documents.edges.map((e: { node: { contact: { id: string } | null } }) => e.node.contact?.id)),
      ).toEqual(new Set([claire, paul, undefined]));
      // Session, BEGIN + workspace, the record, the page, its count, contacts, users, COMMIT: nothing per row.
      expect(large.count).toBe(small.count);
      expect(large.count).toBeLessThanOrEqual(9);
    } finally {
      Client.prototype.query = original;
    }

    // A contact's own list stays its own; the others still do not see the family's.
    expect((await admin.ok(LIST, { contactId: claire })).documents.totalCount).toBe(4);
    expect(
      (await admin.ok(LIST, { companyId })).documents.edges.map((e: { node: { name: string } }) => e.node.name),
    ).toContain('other.txt');
  });

  it('belong to their workspace: others cannot list, download, delete or upload onto them', async () => {
    const doc = await upload(api, admin, { contactId }, 'secret.txt', Buffer.from('secret'));
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(LIST, { contactId }))).toBe('NOT_FOUND');
    const res = await fetch(`${api.url}/documents/${doc.body.id}`, { headers: { cookie: other.cookie! } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
    expect(errorCode(await other.gql(`mutation($id: ID!) { deleteDocument(id: $id) }`, { id: doc.body.id }))).toBe(
      'NOT_FOUND',
    );
    const onto = await upload(api, other, { contactId }, 'x.txt', Buffer.from('x'));
    expect(onto.status).toBe(404);
    const anon = await fetch(`${api.url}/documents/${doc.body.id}`);
    expect(anon.status).toBe(401);
    expect((await upload(api, null, { contactId }, 'x.txt', Buffer.from('x'))).status).toBe(401);
    const mine = await fetch(`${api.url}/documents/${doc.body.id}`, { headers: { cookie: admin.cookie! } });
    expect(await mine.text()).toBe('secret');
  });
});
