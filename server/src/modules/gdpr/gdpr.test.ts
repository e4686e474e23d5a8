import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  addUser,
  apiKeyClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  jobFilesAccess,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { createAdminDataSource } from '../../db/data-sources';
import { UserRole } from '../user/user.entity';

const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64, 1),
]);

const EXPORT = `mutation($id: ID!, $pw: String!) { exportPersonData(contactId: $id, password: $pw) {
  id kind status resultFiles { name url contentType size } } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) {
  contactId documentsRemoved emailsCleared activitiesCleared } }`;

/** A wrong (or missing) password: a field error on the `password` argument, for the dialog to show under it. */
const WRONG_PASSWORD = {
  path: ['password'],
  message: 'Mot de passe incorrect : saisissez le mot de passe de votre compte.',
};

describe('GDPR: export of a person’s data and erasure', () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let user: TestClient;
  let companyId: string;
  let aliceId: string;
  let bobId: string;
  let documentKey: string;
  let invoiceId: string;
  let exportUrls: string[] = [];

  async function upload(contactId: string, name: string): Promise<string> {
    const form = new FormData();
    form.append('contactId', contactId);
    form.append('file', new Blob([new Uint8Array(PNG)]), name);
    const res = await fetch(`${api.url}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: admin.cookie as string },
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  async function download(url: string): Promise<Response> {
    return fetch(`${api.url}${url}`, { headers: { cookie: admin.cookie as string } });
  }

  beforeAll(async () => {
    // Emails queue jobs: keep them off the queues of other files' workers.
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-gdpr` });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    user = await clientFor(api, await addUser(ws.workspaceId));

    await admin.ok(
      `mutation { createCustomField(input: { recordKind: CONTACT, labelFr: "Allergies", type: TEXT }) { key } }`,
    );
    const created = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Société Rgpd',
          siret: '73282932000074',
          mainContact: {
            firstName: 'Aliénor',
            lastName: 'Secrétan',
            email: 'alienor.secretan@perso.fr',
            phoneDirect: '01 42 68 53 00',
          },
        },
      },
    );
    companyId = created.createCompany.id;
    aliceId = created.createCompany.mainContact.id;
    await admin.ok(`mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`, {
      id: aliceId,
      input: {
        phoneMobile: '06 12 34 56 78',
        linkedin: 'https://linkedin.com/in/alienor',
        position: 'Directrice artistique',
        optIn: true,
        optInMethod: 'IN_PERSON',
        optInNote: 'Formulaire signé par Aliénor au Salon Rgpd',
        customFields: { allergies: 'Arachides' },
      },
    });
    bobId = (
      await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId, firstName: 'Bob', lastName: 'Témoin', email: 'bob@temoin.fr' },
      })
    ).createContact.id;

    const cat = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    await admin.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: { kind: 'CALL', categoryId: cat, contactId: aliceId, comment: 'Appel confidentiel avec Aliénor' },
    });
    await admin.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: {
        kind: 'TASK',
        categoryId: cat,
        contactId: aliceId,
        comment: 'Rappeler Aliénor',
        deadline: '2030-01-01T10:00:00.000Z',
      },
    });
    const docId = await upload(aliceId, 'passeport-alienor.png');
    documentKey = (await owner.query('SELECT storage_key FROM document WHERE id = $1', [docId]))[0].storage_key;
    // One email from her own page, one from the company's page addressed to her and to Bob.
    await admin.ok(`mutation($input: SendEmailInput!) { sendEmail(input: $input) { id } }`, {
      input: {
        idempotencyKey: 'gdpr-mail-0001',
        contactId: aliceId,
        toContactIds: [aliceId],
        subject: 'Votre dossier médical',
        text: 'Bonjour Aliénor, voici le corps secret du message.',
        attachmentIds: [docId],
      },
    });
    await admin.ok(`mutation($input: SendEmailInput!) { sendEmail(input: $input) { id } }`, {
      input: {
        idempotencyKey: 'gdpr-mail-0002',
        companyId,
        toContactIds: [bobId, aliceId],
        subject: 'Invitation au gala',
        text: 'Corps du message du gala.',
      },
    });
    await admin.ok(`mutation($input: SendEmailInput!) { sendEmail(input: $input) { id } }`, {
      input: {
        idempotencyKey: 'gdpr-mail-0003',
        companyId,
        toContactIds: [bobId],
        cc: ['Alienor.Secretan@perso.fr'],
        subject: 'Compte rendu',
        text: 'Aliénor en copie.',
      },
    });
    await admin.ok(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { companyId, name: 'Gala Rgpd 2030', startDate: '2030-06-01', contactIds: [aliceId] },
    });
    const invoice = await admin.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`, {
      input: {
        companyId,
        contactId: aliceId,
        lines: [{ description: 'Prestation gala', quantity: '1', unitPrice: '1000', vatRate: '20' }],
      },
    });
    invoiceId = invoice.createInvoice.id;
    await admin.ok(`mutation($id: ID!) { issueInvoice(id: $id) { number } }`, { id: invoiceId });
    await admin.ok(
      `mutation($blocks: [PageBlockInput!]!, $id: ID!) {
        saveCustomPage(recordKind: CONTACT, recordId: $id, blocks: $blocks) { __typename } }`,
      { id: aliceId, blocks: [{ kind: 'TEXT', text: 'Note privée sur Aliénor', x: 0, y: 0, w: 4, h: 2 }] },
    );
    // Emailing history as the provider sync writes it.
    const [campaign] = await owner.query(
      `INSERT INTO emailing_campaign (workspace_id, provider, external_id, name, sent_at)
       VALUES ($1, 'BREVO', 'c-1', 'Newsletter printemps', now()) RETURNING id`,
      [ws.workspaceId],
    );
    await owner.query(
      `INSERT INTO emailing_activity (workspace_id, campaign_id, contact_id, provider, opens, clicks)
       VALUES ($1, $2, $3, 'BREVO', 3, 1)`,
      [ws.workspaceId, campaign.id, aliceId],
    );
  });

  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  async function searchIds(q: string): Promise<string[]> {
    const r = await admin.ok(
      `query($q: String!) { search(query: $q, includeInactive: true, kinds: [CONTACT]) { groups { hits { id } } } }`,
      { q },
    );
    return r.search.groups.flatMap((g: { hits: { id: string }[] }) => g.hits.map((h) => h.id));
  }
  const SEARCHES = ['Aliénor', 'Secrétan', 'alienor.secretan@perso.fr', '0612345678'];

  it('refuses both operations to a non-admin user, and changes nothing', async () => {
    // Before the erasure, every search finds her.
    for (const q of SEARCHES) expect(await searchIds(q)).toContain(aliceId);
    const before = await owner.query('SELECT md5(c::text) AS h FROM contact c WHERE id = $1', [aliceId]);
    expect(errorCode(await user.gql(EXPORT, { id: aliceId, pw: 'whatever' }))).toBe('FORBIDDEN');
    expect(errorCode(await user.gql(ERASE, { id: aliceId, pw: 'whatever' }))).toBe('FORBIDDEN');
    expect(await owner.query('SELECT md5(c::text) AS h FROM contact c WHERE id = $1', [aliceId])).toEqual(before);
    const jobs = await owner.query(`SELECT 1 FROM job WHERE workspace_id = $1 AND kind = 'gdpr.export'`, [
      ws.workspaceId,
    ]);
    expect(jobs).toHaveLength(0);
  });

  it('requires the admin’s password to export, and starts no job without it', async () => {
    const jobs = () =>
      owner.query(`SELECT 1 FROM job WHERE workspace_id = $1 AND kind = 'gdpr.export'`, [ws.workspaceId]);
    const noPassword = await admin.gql(`mutation($id: ID!) { exportPersonData(contactId: $id) { id } }`, {
      id: aliceId,
    });
    expect(noPassword.errors?.[0]?.message).toMatch(/password/);
    expect(noPassword.data ?? null).toBeNull();
    for (const pw of ['', 'wrong-password']) {
      const r = await admin.gql(EXPORT, { id: aliceId, pw });
      expect(r.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [WRONG_PASSWORD] });
    }
    expect(await jobs()).toHaveLength(0);
    const refused = await owner.query(
      `SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'gdpr.exportRefused'`,
      [aliceId],
    );
    expect(refused).toHaveLength(2);
  });

  it('rate-limits wrong passwords with the export’s limiter, shared with the erasure', async () => {
    const distracted = await addUser(ws.workspaceId, UserRole.ADMIN, 'Admin Distrait');
    const other = await clientFor(api, distracted);
    // Five wrong passwords (the default limit), whether to export or to erase…
    for (let i = 0; i < 3; i++)
      expect(errorCode(await other.gql(EXPORT, { id: bobId, pw: 'nope' }))).toBe('BAD_USER_INPUT');
    for (let i = 0; i < 2; i++)
      expect(errorCode(await other.gql(ERASE, { id: bobId, pw: 'nope' }))).toBe('BAD_USER_INPUT');
    // …and even the right one is refused until the window ends, as for a list export.
    const limited = await other.gql(EXPORT, { id: bobId, pw: distracted.password });
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(
      await owner.query(`SELECT 1 FROM job WHERE workspace_id = $1 AND kind = 'gdpr.export'`, [ws.workspaceId]),
    ).toHaveLength(0);
    const [b] = await owner.query('SELECT first_name FROM contact WHERE id = $1', [bobId]);
    expect(b.first_name).toBe('Bob');
  });

  it('exports every category of data stored about the person, as JSON and .xlsx', async () => {
    const r = await admin.ok(EXPORT, { id: aliceId, pw: ws.password });
    const job = r.exportPersonData;
    expect(job.status).toBe('SUCCEEDED');
    expect(job.resultFiles.map((f: { contentType: string }) => f.contentType)).toEqual([
      'application/json; charset=utf-8',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    // Named after the person, so several downloads can be told apart (ASCII: safe everywhere).
    const stem = `rgpd-secretan-alienor-${new Date().toISOString().slice(0, 10)}`;
    expect(job.resultFiles.map((f: { name: string }) => f.name)).toEqual([`${stem}.json`, `${stem}.xlsx`]);
    const res = await download(job.resultFiles[0].url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename=${stem}.json`);
    const data = (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    expect(data.person).toMatchObject({
      id: aliceId,
      first_name: 'Aliénor',
      last_name: 'Secrétan',
      email: 'alienor.secretan@perso.fr',
      phone_mobile: '+33612345678',
      linkedin: 'https://linkedin.com/in/alienor',
      position: 'Directrice artistique',
      opt_in: true,
    });
    expect(data.person.search_doc).toBeUndefined();
    expect(data.customFields).toEqual([{ key: 'allergies', label: 'Allergies', value: 'Arachides' }]);
    expect(data.company).toMatchObject({ id: companyId, name: 'Société Rgpd', isMainContact: true });
    expect(data.activities.map((a: { kind: string }) => a.kind).sort()).toEqual(['CALL', 'EMAIL', 'TASK']);
    expect(data.activities.find((a: { kind: string }) => a.kind === 'CALL').comment).toBe(
      'Appel confidentiel avec Aliénor',
    );
    exportUrls = job.resultFiles.map((f: { url: string }) => f.url);
    expect(data.emails.map((e: { subject: string }) => e.subject).sort()).toEqual([
      'Compte rendu',
      'Invitation au gala',
      'Votre dossier médical',
    ]);
    expect(data.emails.find((e: { subject: string }) => e.subject === 'Votre dossier médical').body_text).toContain(
      'corps secret',
    );
    expect(data.documents).toEqual([expect.objectContaining({ name: 'passeport-alienor.png', size: PNG.length })]);
    expect(data.consentHistory).toEqual([
      expect.objectContaining({
        opt_in: true,
        source: 'user',
        method: 'IN_PERSON',
        note: 'Formulaire signé par Aliénor au Salon Rgpd',
      }),
    ]);
    expect(data.emailing.campaigns).toEqual([
      expect.objectContaining({ campaign: 'Newsletter printemps', opens: 3, clicks: 1 }),
    ]);
    expect(data.events).toEqual([expect.objectContaining({ name: 'Gala Rgpd 2030', start_date: '2030-06-01' })]);
    expect(data.invoices).toEqual([expect.objectContaining({ id: invoiceId, client_name: 'Société Rgpd' })]);
    expect(JSON.stringify(data.customPage)).toContain('Note privée sur Aliénor');
    expect(data.auditTrail.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['create', 'update']),
    );

    // The readable workbook has one sheet per category.
    const xlsx = await download(job.resultFiles[1].url);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Personne', 'Activités', 'Emails', 'Documents', 'Consentement', 'Emailing']),
    );
    const person = workbook.getWorksheet('Personne');
    const header = (person?.getRow(1).values as unknown[]).slice(1);
    expect(person?.getRow(2).getCell(header.indexOf('email') + 1).value).toBe('alienor.secretan@perso.fr');

    // Audited, without the data itself.
    const [audit] = await owner.query(
      `SELECT changes::text AS changes, actor_user_id FROM audit_log WHERE entity_id = $1 AND action = 'gdpr.export'`,
      [aliceId],
    );
    expect(audit.actor_user_id).toBe(ws.userId);
    expect(audit.changes).not.toContain('alienor');
  });

  it('keeps the export to admins in a session, and its files to the admin who made it', async () => {
    // The admin's own keys, read-only and read-write, cannot make one…
    const readOnly = await apiKeyClient(api, admin, 'READ_ONLY');
    const readWrite = await apiKeyClient(api, admin, 'READ_WRITE');
    for (const key of [readOnly, readWrite])
      expect(errorCode(await key.gql(EXPORT, { id: bobId, pw: ws.password }))).toBe('FORBIDDEN');
    expect(
      await owner.query(`SELECT 1 FROM job WHERE workspace_id = $1 AND params->>'contactId' = $2`, [
        ws.workspaceId,
        bobId,
      ]),
    ).toHaveLength(0);

    // …nor download the files of one the admin made, nor see where they are; nor can another admin.
    const { exportPersonData: job } = await admin.ok(EXPORT, { id: bobId, pw: ws.password });
    const mine = await jobFilesAccess(admin, job.id);
    expect(mine.urls).toEqual([`/files/jobs/${job.id}/0`, `/files/jobs/${job.id}/1`]);
    expect(mine.listedUrls).toEqual(mine.urls);
    expect(mine.downloads.map((d) => d.status)).toEqual([200, 200]);
    const otherAdmin = await clientFor(api, await addUser(ws.workspaceId, UserRole.ADMIN, 'Autre Admin'));
    const refused = {
      code: 'FORBIDDEN',
      message: 'Seul l’administrateur qui a lancé cet export peut en télécharger les fichiers, depuis sa session.',
    };
    for (const client of [readOnly, readWrite, otherAdmin])
      expect(await jobFilesAccess(client, job.id)).toEqual({
        urls: [null, null],
        listedUrls: [null, null],
        downloads: [0, 1].map(() => ({ status: 403, body: refused })),
      });
    // A user sees neither the job nor its files.
    expect((await user.get(`/files/jobs/${job.id}/0`)).status).toBe(404);
  });

  it('requires the admin’s password to erase', async () => {
    // No password or a wrong one: the same field error.
    for (const pw of [undefined, 'wrong-password'])
      expect((await admin.gql(ERASE, { id: aliceId, pw })).errors?.[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [WRONG_PASSWORD],
      });
    const [c] = await owner.query('SELECT first_name FROM contact WHERE id = $1', [aliceId]);
    expect(c.first_name).toBe('Aliénor');
    const refused = await owner.query(`SELECT 1 FROM audit_log WHERE entity_id = $1 AND action = 'gdpr.eraseRefused'`, [
      aliceId,
    ]);
    expect(refused).toHaveLength(2);
  });

  it('erases the person: anonymised record, documents and email contents gone, invoices intact', async () => {
    const invoiceBefore = await owner.query('SELECT to_jsonb(i) AS r FROM invoice i WHERE id = $1', [invoiceId]);
    const linesBefore = await owner.query('SELECT count(*)::int AS n FROM finance_line WHERE invoice_id = $1', [
      invoiceId,
    ]);
    const counts = async () =>
      (
        await owner.query(
          `SELECT (SELECT count(*) FROM activity WHERE contact_id = $1)::int AS activities,
                  (SELECT count(*) FROM email_message WHERE workspace_id = $2)::int AS emails,
                  (SELECT count(*) FROM event_contact WHERE contact_id = $1)::int AS events,
                  (SELECT count(*) FROM emailing_activity WHERE contact_id = $1)::int AS campaigns`,
          [aliceId, ws.workspaceId],
        )
      )[0];
    const countsBefore = await counts();
    const documentFile = path.resolve(testConfig().STORAGE_DIR, 'documents', documentKey);
    expect(existsSync(documentFile)).toBe(true);

    const erasedAt = async () =>
      (await admin.ok('query($id: ID!) { contact(id: $id) { erasedAt } }', { id: aliceId })).contact.erasedAt;
    expect(await erasedAt()).toBeNull();
    const before = Date.now();
    const r = await admin.ok(ERASE, { id: aliceId, pw: ws.password });
    expect(r.erasePerson).toEqual({ contactId: aliceId, documentsRemoved: 1, emailsCleared: 3, activitiesCleared: 5 });
    // The page knows it is an erased person's (shown read-only), and since when.
    expect(new Date(await erasedAt()).getTime()).toBeGreaterThanOrEqual(before - 5000);

    const [c] = await owner.query('SELECT * FROM contact WHERE id = $1', [aliceId]);
    expect(c).toMatchObject({
      first_name: null,
      last_name: 'Personne effacée',
      email: null,
      position: null,
      phone_direct: null,
      phone_direct_raw: null,
      phone_mobile: null,
      phone_mobile_raw: null,
      linkedin: null,
      opt_in: false,
      active: false,
      custom_fields: {},
    });
    // Consent history: the proof note (free text naming her) goes, the method and dates stay.
    expect(
      await owner.query('SELECT opt_in, method, note FROM consent_event WHERE subject_id = $1 ORDER BY id', [aliceId]),
    ).toEqual([
      { opt_in: true, method: 'IN_PERSON', note: null },
      { opt_in: false, method: null, note: null },
    ]);
    // Documents: rows and bytes.
    expect(await owner.query('SELECT 1 FROM document WHERE contact_id = $1', [aliceId])).toHaveLength(0);
    expect(existsSync(documentFile)).toBe(false);
    // Emails: rows kept for the counts, contents and her address gone; Bob's address kept.
    // (As the owner: every workspace's rows are visible, and other test files send emails.)
    const emails = await owner.query(
      `SELECT subject, body_text, body_html, to_recipients::text || array_to_string(cc, ',') AS rcpt, attachment_ids
         FROM email_message WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    expect(emails).toHaveLength(3);
    for (const e of emails) {
      expect([e.subject, e.body_text, e.body_html]).toEqual(['', '', '']);
      expect(e.rcpt.toLowerCase()).not.toContain('alienor');
      expect(e.attachment_ids).toEqual([]);
    }
    expect(emails.some((e: { rcpt: string }) => e.rcpt.includes('bob@temoin.fr'))).toBe(true);
    // Activities keep their kinds and dates, not their text.
    const comments = await owner.query(
      `SELECT comment FROM activity
        WHERE contact_id = $1 OR id IN (SELECT activity_id FROM email_message WHERE workspace_id = $2)`,
      [aliceId, ws.workspaceId],
    );
    expect(comments.every((a: { comment: string | null }) => a.comment === null)).toBe(true);
    expect(await counts()).toEqual(countsBefore);
    expect(await owner.query('SELECT 1 FROM custom_page WHERE contact_id = $1', [aliceId])).toHaveLength(0);
    // Invoices are legal records: untouched.
    expect(await owner.query('SELECT to_jsonb(i) AS r FROM invoice i WHERE id = $1', [invoiceId])).toEqual(
      invoiceBefore,
    );
    expect(await owner.query('SELECT count(*)::int AS n FROM finance_line WHERE invoice_id = $1', [invoiceId])).toEqual(
      linesBefore,
    );
    // The earlier export's files are gone too.
    expect(exportUrls).toHaveLength(2);
    for (const url of exportUrls) expect((await download(url)).status).toBe(404);
    // The main contact moved to Bob.
    const [co] = await owner.query('SELECT main_contact_id FROM company WHERE id = $1', [companyId]);
    expect(co.main_contact_id).toBe(bobId);

    // No personal value is left anywhere in the audit trail; the erasure itself is recorded.
    const trail: { action: string; changes: string; actor_user_id: string }[] = await owner.query(
      `SELECT action, changes::text AS changes, actor_user_id FROM audit_log WHERE workspace_id = $1`,
      [ws.workspaceId],
    );
    for (const secret of ['Aliénor', 'Secrétan', 'alienor', '612345678', 'Arachides', 'Appel confidentiel']) {
      expect(trail.filter((t) => t.changes.includes(secret))).toEqual([]);
    }
    const erased = trail.filter((t) => t.action === 'gdpr.erase');
    expect(erased).toHaveLength(1);
    expect(erased[0].actor_user_id).toBe(ws.userId);
  });

  it('no longer finds the person by search or duplicate detection', async () => {
    for (const q of SEARCHES) expect(await searchIds(q)).not.toContain(aliceId);
    const dup = await admin.ok(`query($input: DuplicateCheckInput!) { duplicateCandidates(input: $input) { id } }`, {
      input: {
        kind: 'CONTACT',
        companyId,
        firstName: 'Aliénor',
        lastName: 'Secrétan',
        email: 'alienor.secretan@perso.fr',
        phones: ['06 12 34 56 78', '01 42 68 53 00'],
      },
    });
    expect(dup.duplicateCandidates.map((d: { id: string }) => d.id)).not.toContain(aliceId);
    // The control: Bob is still found.
    const bob = await admin.ok(`{ search(query: "bob@temoin.fr", kinds: [CONTACT]) { groups { hits { id } } } }`);
    expect(bob.search.groups[0].hits.map((h: { id: string }) => h.id)).toContain(bobId);
  });

  it('answers NOT_FOUND for a contact of another workspace', async () => {
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(EXPORT, { id: bobId, pw: 'x' }))).toBe('NOT_FOUND');
    expect(errorCode(await other.gql(ERASE, { id: bobId, pw: 'x' }))).toBe('NOT_FOUND');
  });
});
