import ExcelJS from 'exceljs';
import type { Attachment } from 'mailparser';
import { withTenant } from '../../db/tenant-scope';
import { productionHandlers } from '../../jobs/handlers';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
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
} from '../../../test/harness';
import { type TestSmtp, startTestSmtp } from '../../../test/smtp';
import { UserRole } from '../user/user.entity';
import { neutraliseFormula } from './export-cells';

const START = `mutation($input: StartExportInput!) { startExport(input: $input) { id status } }`;
const JOB = `query($id: ID!) { job(id: $id) { status error progressDone progressTotal result
  resultFiles { name url size contentType expiresAt } } }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;

async function waitForJob(client: TestClient, id: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const { job } = await client.ok(JOB, { id });
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function readSheet(content: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const byExtension = (attachments: Attachment[], ext: string) =>
  attachments.find((a) => a.filename?.endsWith(ext)) as Attachment;

const QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? 'crmtest'}-export`;

/** A worker running every production handler (each describe gives its API a queue of its own). */
const startExportWorker = (deps: TestApi['deps']) =>
  startWorker(deps, new JobRegistry(productionHandlers()), { concurrency: 1, reconcileIntervalMs: 60_000 });

describe('list exports', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let worker: RunningWorker | undefined;
  let ws: TestWorkspace;
  let admin: TestClient;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    // A queue of its own, so this file's worker never takes another file's jobs.
    api = await startTestApi({ SMTP_URL: smtp.url, EXPORT_PASSWORD_MAX_ATTEMPTS: '3', QUEUE_PREFIX });
    worker = await startExportWorker(api.deps);
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    await admin.ok(CREATE, {
      input: {
        name: '=HYPERLINK("http://evil.example","Cliquez")',
        postalCode: '75009',
        city: 'Paris',
        siret: '732 829 320 00074',
        mainContact: {
          firstName: 'Élodie',
          lastName: '@SUM(A1:A9)',
          email: 'elodie@acme.fr',
          phoneDirect: '01 42 68 53 00',
        },
      },
    });
    await admin.ok(CREATE, {
      input: {
        name: 'Société Générale',
        city: 'Lyon',
        postalCode: '69002',
        mainContact: { firstName: 'Jean', lastName: 'Dupont', email: 'jean@sg.fr', phoneDirect: '+33 4 78 00 00 00' },
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
    await smtp.close();
    await closeFactories();
  });

  it('neutralises formulas but keeps phone numbers and signed numbers as they are', () => {
    expect(neutraliseFormula('=1+2')).toBe("'=1+2");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('-2+3+cmd|calc')).toBe("'-2+3+cmd|calc");
    expect(neutraliseFormula('\t=1')).toBe("'\t=1");
    expect(neutraliseFormula('\r=1')).toBe("'\r=1");
    expect(neutraliseFormula('+33142685300')).toBe('+33142685300');
    expect(neutraliseFormula('-12,5')).toBe('-12,5');
    expect(neutraliseFormula('Dupont')).toBe('Dupont');
  });

  it('refuses users who are not admins', async () => {
    const user = await addUser(ws.workspaceId, UserRole.USER);
    const client = await clientFor(api, user);
    const r = await client.gql(START, { input: { password: user.password, list: 'COMPANIES' } });
    expect(errorCode(r)).toBe('FORBIDDEN');
  });

  it('refuses API keys, even with the right password (FORBIDDEN: a key has none to type)', async () => {
    const key = await apiKeyClient(api, admin, 'READ_WRITE');
    const r = await key.gql(START, { input: { password: ws.password, list: 'COMPANIES' } });
    expect(r.errors?.[0]).toMatchObject({
      message: 'Un export se lance depuis une session d’administrateur, avec son mot de passe (pas avec une clé API).',
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('answers a wrong password with a field error, audits each attempt and rate-limits them', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    for (let i = 0; i < 3; i++) {
      const r = await client.gql(START, { input: { password: 'not-my-password', list: 'CONTACTS' } });
      // The admin mistyped: a field error the dialog shows under the password, not a refusal.
      expect(r.errors?.[0]).toMatchObject({
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [
            {
              path: ['input', 'password'],
              message: 'Mot de passe incorrect : saisissez le mot de passe de votre compte.',
            },
          ],
        },
      });
    }
    const limited = await client.gql(START, { input: { password: other.password, list: 'CONTACTS' } });
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    const trail = await client.ok(
      `query($id: ID!) { auditTrail(entityType: "User", entityId: $id) { edges { node { action changes } } } }`,
      { id: other.userId },
    );
    const actions = trail.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action);
    expect(actions).toEqual(['export.passwordRejected', 'export.passwordRejected', 'export.passwordRejected']);
    const jobs = await client.ok('{ jobs { edges { node { id } } } }');
    expect(jobs.jobs.edges).toHaveLength(0);
  });

  it('refuses unknown columns with the field path', async () => {
    const r = await admin.gql(START, {
      input: { password: ws.password, list: 'COMPANIES', columns: ['city', 'nope'] },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect((r.errors?.[0]?.extensions?.fields as { path: string[] }[])[0].path).toEqual(['columns', '1']);
  });

  it('exports the companies as .xlsx and .csv (UTF-8 without BOM), emailed to the admin', async () => {
    const before = smtp.messages.length;
    const { startExport } = await admin.ok(START, { input: { password: ws.password, list: 'COMPANIES' } });
    const job = await waitForJob(admin, startExport.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', progressDone: 2, progressTotal: 2 });
    expect(job.result).toMatchObject({ rows: 2, emailed: true, attached: true });
    expect(job.resultFiles.map((f: { name: string }) => f.name.split('.').pop())).toEqual(['xlsx', 'csv']);

    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(mail.to).toMatchObject({ value: [{ address: ws.email.toLowerCase() }] });
    expect(mail.subject).toBe('Votre export : Clients');
    expect(mail.text).toContain('2 lignes');

    const csv = byExtension(mail.attachments, '.csv').content;
    expect(csv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const lines = csv.toString('utf8').split('\r\n');
    expect(lines[0]).toMatch(/^Date de la création;Société cliente;SIRET;Numéro de TVA;/);
    const evil = lines.find((l) => l.includes('HYPERLINK')) as string;
    // The formula starts with a quote, and RFC 4180 doubles the quotes inside the quoted cell.
    expect(evil).toContain(`"'=HYPERLINK(""http://evil.example"",""Cliquez"")"`);
    expect(evil).toMatch(/^\d{2}\/\d{2}\/\d{4};/);
    expect(evil).toContain(';+33142685300;');
    expect(evil).toContain(';Oui;');

    const rows = await readSheet(byExtension(mail.attachments, '.xlsx').content);
    expect(rows[0].slice(0, 3)).toEqual(['Date de la création', 'Société cliente', 'SIRET']);
    const evilRow = rows.find((r) => String(r[1]).includes('HYPERLINK')) as unknown[];
    expect(evilRow[0]).toBeInstanceOf(Date);
    expect(evilRow[1]).toBe(`'=HYPERLINK("http://evil.example","Cliquez")`);
    expect(evilRow[2]).toBe('73282932000074');
    expect(rows.map((r) => r[1])).toContain('Société Générale');

    // The same files can be downloaded from the job with the session.
    const res = await fetch(`${api.url}${job.resultFiles[1].url}`, { headers: { cookie: admin.cookie as string } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(csv)).toBe(true);
  });

  it('exports the chosen contact columns in order, UTF-8 with BOM and commas on request', async () => {
    const before = smtp.messages.length;
    const { startExport } = await admin.ok(START, {
      input: {
        password: ws.password,
        list: 'CONTACTS',
        encoding: 'UTF8_BOM',
        separator: 'COMMA',
        columns: ['lastName', 'firstName', 'email', 'phoneDirect', 'companyName'],
      },
    });
    const job = await waitForJob(admin, startExport.id);
    expect(job.status).toBe('SUCCEEDED');
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    const csv = byExtension(mail.attachments, '.csv').content;
    expect(csv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const lines = csv.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines).toEqual([
      'Nom du contact,Prénom du contact,Email du contact,Téléphone direct du contact,Société cliente',
      '\'@SUM(A1:A9),Élodie,elodie@acme.fr,+33142685300,"\'=HYPERLINK(""http://evil.example"",""Cliquez"")"',
      'Dupont,Jean,jean@sg.fr,+33478000000,Société Générale',
    ]);
  });

  it("gives the export's files only to the admin who started it, in a session, while an admin", async () => {
    const team = await createWorkspaceWithAdmin({ name: 'Export réservé' });
    const creator = await clientFor(api, team);
    const otherAdmin = await clientFor(api, await addUser(team.workspaceId, UserRole.ADMIN, 'Autre Admin'));
    // The creator's own keys, read-only and read-write: a key has no password to re-enter.
    const readOnly = await apiKeyClient(api, creator, 'READ_ONLY');
    const readWrite = await apiKeyClient(api, creator, 'READ_WRITE');
    const { startExport } = await creator.ok(START, { input: { password: team.password, list: 'COMPANIES' } });
    expect((await waitForJob(creator, startExport.id)).status).toBe('SUCCEEDED');

    const mine = await jobFilesAccess(creator, startExport.id);
    expect(mine.urls).toEqual([`/files/jobs/${startExport.id}/0`, `/files/jobs/${startExport.id}/1`]);
    expect(mine.listedUrls).toEqual(mine.urls);
    expect(mine.downloads.map((d) => d.status)).toEqual([200, 200]);

    const refused = {
      code: 'FORBIDDEN',
      message: 'Seul l’administrateur qui a lancé cet export peut en télécharger les fichiers, depuis sa session.',
    };
    const withheld = {
      urls: [null, null],
      listedUrls: [null, null],
      downloads: [0, 1].map(() => ({ status: 403, body: refused })),
    };
    for (const client of [readOnly, readWrite, otherAdmin])
      expect(await jobFilesAccess(client, startExport.id)).toEqual(withheld);

    // Demoted, the creator loses them too (their keys are revoked: UNAUTHENTICATED).
    await otherAdmin.ok(`mutation($id: ID!) { updateUser(id: $id, input: { role: USER }) { role } }`, {
      id: team.userId,
    });
    expect(await jobFilesAccess(creator, startExport.id)).toEqual(withheld);
    expect((await readWrite.get(`/files/jobs/${startExport.id}/0`)).status).toBe(401);
  });

  it('refuses a bad view filter or sort with the field path, before checking the password', async () => {
    const bad = await admin.gql(START, {
      input: {
        password: 'not-checked-yet',
        list: 'CONTACTS',
        filter: {
          and: [
            { column: 'city', op: 'CONTAINS', value: 'x' },
            { column: 'email', op: 'IS_TRUE' },
          ],
        },
      },
    });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const fields = bad.errors?.[0]?.extensions?.fields as { path: string[] }[];
    // The contact list has no `city` column; `email` is text, IS_TRUE is for booleans.
    expect(fields.map((f) => f.path)).toEqual([
      ['filter', 'and', '0', 'column'],
      ['filter', 'and', '1', 'op'],
    ]);
    const badSort = await admin.gql(START, {
      input: { password: ws.password, list: 'COMPANIES', orderBy: [{ column: 'nope', direction: 'ASC' }] },
    });
    expect(errorCode(badSort)).toBe('BAD_USER_INPUT');
    expect((badSort.errors?.[0]?.extensions?.fields as { path: string[] }[])[0].path).toEqual([
      'orderBy',
      '0',
      'column',
    ]);
  });

  it('exports the current view: its columns, filter and sort, the rows the list shows and no other', async () => {
    const contact = (lastName: string) => ({
      firstName: 'Anne',
      lastName,
      email: `${lastName}@example.fr`,
      phoneDirect: '01 42 68 53 01',
    });
    await admin.ok(CREATE, {
      input: {
        name: 'Lumière Lyon',
        city: 'Lyon',
        postalCode: '69003',
        active: false,
        mainContact: contact('lumiere'),
      },
    });
    await admin.ok(CREATE, {
      input: { name: 'Marseille Expo', city: 'Marseille', postalCode: '13002', mainContact: contact('expo') },
    });
    const filter = {
      or: [
        { column: 'city', op: 'CONTAINS', value: 'lyon' },
        { column: 'city', op: 'EQUALS', value: 'paris' },
      ],
    };
    const orderBy = [{ column: 'name', direction: 'DESC' }];
    // What the list page shows with this filter (inactive records hidden, as the filter does not name `active`).
    const list = await admin.ok(
      `query($filter: ListFilter, $orderBy: [ListSort!]) { companies(filter: $filter, orderBy: $orderBy) {
        edges { node { name } } } }`,
      { filter, orderBy },
    );
    const shown = list.companies.edges.map((e: { node: { name: string } }) => e.node.name);
    expect(shown).toEqual(['Société Générale', '=HYPERLINK("http://evil.example","Cliquez")']);

    const exported = async (input: Record<string, unknown>) => {
      const before = smtp.messages.length;
      const { startExport } = await admin.ok(START, { input: { password: ws.password, ...input } });
      const job = await waitForJob(admin, startExport.id);
      expect(job.status).toBe('SUCCEEDED');
      const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
      return {
        job,
        lines: byExtension(mail.attachments, '.csv').content.toString('utf8').trim().split('\r\n'),
        sheet: await readSheet(byExtension(mail.attachments, '.xlsx').content),
      };
    };

    // The view's list column keys (name, eventsCount) become the export's columns.
    const view = await exported({ list: 'COMPANIES', columns: ['name', 'city', 'eventsCount'], filter, orderBy });
    expect(view.job).toMatchObject({ progressDone: 2, progressTotal: 2, result: { rows: 2 } });
    expect(view.lines).toEqual([
      "Société cliente;Ville;Nombre d'événements",
      'Société Générale;Lyon;0',
      `"'=HYPERLINK(""http://evil.example"",""Cliquez"")";Paris;0`,
    ]);
    expect(view.sheet.map((r) => r[0])).toEqual([
      'Société cliente',
      'Société Générale',
      `'=HYPERLINK("http://evil.example","Cliquez")`,
    ]);

    // A filter naming `active` reaches the inactive records, as in the list.
    const inactive = await exported({
      list: 'COMPANIES',
      columns: ['name', 'active'],
      filter: { column: 'active', op: 'IS_FALSE' },
    });
    expect(inactive.lines).toEqual(['Société cliente;Actif', 'Lumière Lyon;Non']);

    // The contact list's `name` column is written as the import template's first and last names.
    const contacts = await exported({
      list: 'CONTACTS',
      columns: ['name', 'company'],
      filter: { column: 'company', op: 'CONTAINS', value: 'expo' },
    });
    expect(contacts.lines).toEqual(['Prénom du contact;Nom du contact;Société cliente', 'Anne;expo;Marseille Expo']);

    // Without a filter, the whole list still goes out (inactive records included).
    const all = await exported({ list: 'COMPANIES', columns: ['name'] });
    expect(all.lines.slice(1).sort()).toEqual(
      [
        `"'=HYPERLINK(""http://evil.example"",""Cliquez"")"`,
        'Lumière Lyon',
        'Marseille Expo',
        'Société Générale',
      ].sort(),
    );
  });

  it('stops a running export when it is cancelled: no email, no files', async () => {
    const other = await createWorkspaceWithAdmin();
    const client = await clientFor(api, other);
    await withTenant(api.deps.dataSource, other.workspaceId, other.userId, async (em) => {
      const [{ id }] = await em.query(
        `INSERT INTO company (workspace_id, name, city) VALUES ($1, 'Grosse Boîte', 'Lyon') RETURNING id`,
        [other.workspaceId],
      );
      await em.query(
        `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email)
         SELECT $1, $2, 'Prénom ' || g, 'Nom ' || lpad(g::text, 6, '0'), 'p' || g || '@grosse-boite.fr'
         FROM generate_series(1, 60000) g`,
        [other.workspaceId, id],
      );
    });
    const before = smtp.messages.length;
    const { startExport } = await client.ok(START, { input: { password: other.password, list: 'CONTACTS' } });
    for (;;) {
      const { job } = await client.ok(JOB, { id: startExport.id });
      if (job.status === 'RUNNING' && job.progressTotal === 60_000) break;
      expect(job.status).toMatch(/QUEUED|RUNNING/);
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.ok('mutation($id: ID!) { cancelJob(id: $id) { status } }', { id: startExport.id });
    const job = await waitForJob(client, startExport.id);
    expect(job.status).toBe('CANCELLED');
    expect(job.progressDone).toBeLessThan(60_000);
    expect(job.resultFiles).toEqual([]);
    // No email went out, even a while later.
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.messages.length).toBe(before);
  });

  it('sends links instead of attachments when the files are too big, and expired files are gone', async () => {
    await worker?.close();
    const small = await startTestApi({ SMTP_URL: smtp.url, EXPORT_ATTACHMENT_MAX_BYTES: '100', QUEUE_PREFIX });
    worker = await startExportWorker(small.deps);
    try {
      const before = smtp.messages.length;
      const { startExport } = await admin.ok(START, { input: { password: ws.password, list: 'CONTACTS' } });
      const job = await waitForJob(admin, startExport.id);
      expect(job.result).toMatchObject({ emailed: true, attached: false });
      const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
      expect(mail.attachments).toHaveLength(0);
      expect(mail.text).toContain(`/files/jobs/${startExport.id}/0`);
      expect(mail.text).toContain(`/files/jobs/${startExport.id}/1`);

      // Another workspace's admin cannot use the link.
      const stranger = await clientFor(api, await createWorkspaceWithAdmin());
      const denied = await fetch(`${api.url}${job.resultFiles[0].url}`, {
        headers: { cookie: stranger.cookie as string },
      });
      expect(denied.status).toBe(404);

      await withTenant(api.deps.dataSource, ws.workspaceId, null, (em) =>
        em.query(
          `UPDATE job SET result_files = (SELECT jsonb_agg(f || '{"expiresAt": "2000-01-01T00:00:00.000Z"}')
             FROM jsonb_array_elements(result_files) f) WHERE id = $1`,
          [startExport.id],
        ),
      );
      const gone = await fetch(`${api.url}${job.resultFiles[0].url}`, { headers: { cookie: admin.cookie as string } });
      expect(gone.status).toBe(410);
    } finally {
      await worker?.close();
      worker = undefined;
      await small.close();
    }
  });
});

describe('list exports without SMTP', () => {
  let api: TestApi;
  let worker: RunningWorker;

  beforeAll(async () => {
    api = await startTestApi({ SMTP_URL: '', QUEUE_PREFIX: `${QUEUE_PREFIX}-outbox` });
    worker = await startExportWorker(api.deps);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  it("keeps the export's mail in the outbox, with links to the files, for admins only", async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { startExport } = await admin.ok(START, { input: { password: ws.password, list: 'COMPANIES' } });
    const job = await waitForJob(admin, startExport.id);
    expect(job.status).toBe('SUCCEEDED');
    expect(job.result).toMatchObject({ rows: 0, emailed: false, attached: false, keptInOutbox: true });

    const OUTBOX = `{ outbox { totalCount edges { node { kind status subject bodyText from createdAt
      to { name address contactId } attachments { id } activity { id } } } } }`;
    const { outbox } = await admin.ok(OUTBOX);
    expect(outbox.totalCount).toBe(1);
    const mail = outbox.edges[0].node;
    expect(mail).toMatchObject({
      kind: 'SYSTEM',
      status: 'OUTBOX',
      subject: 'Votre export : Clients',
      to: [{ name: null, address: ws.email.toLowerCase(), contactId: null }],
      attachments: [],
      activity: null,
    });
    expect(mail.bodyText).toContain('0 lignes');
    expect(mail.bodyText).toContain(`/files/jobs/${startExport.id}/0`);
    expect(mail.bodyText).toContain(`/files/jobs/${startExport.id}/1`);
    expect(Date.parse(mail.createdAt)).toBeGreaterThan(Date.now() - 120_000);

    // Download links are for admins: another user of the workspace does not see the mail.
    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    expect((await user.ok('{ outbox { totalCount } }')).outbox.totalCount).toBe(0);
    // Nor does another workspace.
    const stranger = await clientFor(api, await createWorkspaceWithAdmin());
    expect((await stranger.ok('{ outbox { totalCount } }')).outbox.totalCount).toBe(0);
  });
});
