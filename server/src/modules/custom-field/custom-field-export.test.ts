import ExcelJS from 'exceljs';
import type { Attachment } from 'mailparser';
import { productionHandlers } from '../../jobs/handlers';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';
import { uploadAndPreview } from '../../../test/import-files';
import { type TestSmtp, startTestSmtp } from '../../../test/smtp';
import { sqlLiteral } from './custom-field-export';

const START = `mutation($input: StartExportInput!) { startExport(input: $input) { id status } }`;
const JOB = `query($id: ID!) { job(id: $id) { status error } }`;
const CREATE_FIELD = `mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id key } }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`;

async function readSheet(content: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const byExtension = (attachments: Attachment[], ext: string) =>
  attachments.find((a) => a.filename?.endsWith(ext)) as Attachment;

const QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? 'crmtest'}-cfexport`;
jest.setTimeout(240_000);

describe('custom fields in exports', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let worker: RunningWorker | undefined;
  let ws: TestWorkspace;
  let admin: TestClient;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    api = await startTestApi({ SMTP_URL: smtp.url, QUEUE_PREFIX });
    worker = await startWorker(api.deps, new JobRegistry(productionHandlers()), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const field = (input: Record<string, unknown>) => admin.ok(CREATE_FIELD, { input });
    await field({
      recordKind: 'COMPANY',
      key: 'niveau',
      labelFr: 'Niveau client',
      labelEn: 'Customer tier',
      type: 'SINGLE_CHOICE',
      // Labels with quotes and backslashes go into the SQL as literals: they must stay data.
      choices: [
        { key: 'or', labelFr: "L'Or \\ spécial'); DROP TABLE company; --", labelEn: 'Gold' },
        { key: 'argent', labelFr: 'Argent' },
      ],
    });
    await field({ recordKind: 'COMPANY', key: 'budget', labelFr: 'Budget', type: 'DECIMAL' });
    await field({ recordKind: 'COMPANY', key: 'signature', labelFr: 'Date de signature', type: 'DATE' });
    await field({ recordKind: 'COMPANY', key: 'vip', labelFr: 'VIP', type: 'BOOLEAN' });
    await field({
      recordKind: 'COMPANY',
      key: 'themes',
      labelFr: 'Thèmes',
      type: 'MULTIPLE_CHOICE',
      choices: [{ labelFr: 'Salon' }, { labelFr: 'Séminaire' }],
    });
    await field({ recordKind: 'CONTACT', key: 'score', labelFr: 'Score', type: 'NUMBER' });
    await field({ recordKind: 'CONTACT', key: 'vip_contact', labelFr: 'VIP', type: 'BOOLEAN' });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    await other.ok(CREATE_FIELD, { input: { recordKind: 'COMPANY', key: 'secret', labelFr: 'Secret', type: 'TEXT' } });

    const { createCompany } = await admin.ok(CREATE, {
      input: {
        name: 'Acme',
        postalCode: '75009',
        city: 'Paris',
        customFields: {
          niveau: 'or',
          budget: '12.5',
          signature: '2026-03-31',
          vip: true,
          themes: ['salon', 'seminaire'],
        },
        mainContact: {
          firstName: 'Claire',
          lastName: 'Martin',
          email: 'claire@acme.fr',
          phoneDirect: '0142685300',
          customFields: { score: 7 },
        },
      },
    });
    expect(createCompany.id).toBeTruthy();
    await admin.ok(CREATE, {
      input: {
        name: 'Bravo',
        city: 'Lyon',
        mainContact: { firstName: 'Paul', lastName: 'Durand', email: 'paul@bravo.fr', phoneDirect: '0478000000' },
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
    await smtp.close();
    await closeFactories();
  });

  async function exportFiles(list: 'COMPANIES' | 'CONTACTS') {
    const before = smtp.messages.length;
    const { startExport } = await admin.ok(START, { input: { password: ws.password, list } });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { job } = await admin.ok(JOB, { id: startExport.id });
      if (job.status === 'SUCCEEDED') break;
      if (['FAILED', 'CANCELLED'].includes(job.status) || Date.now() > deadline) throw new Error(JSON.stringify(job));
      await new Promise((r) => setTimeout(r, 100));
    }
    const [mail] = (await smtp.waitForMessages(before + 1)).slice(before);
    return {
      xlsx: byExtension(mail.attachments, '.xlsx').content,
      rows: await readSheet(byExtension(mail.attachments, '.xlsx').content),
      csv: byExtension(mail.attachments, '.csv').content.toString('utf8'),
    };
  }

  it('writes quotes and backslashes as SQL data', () => {
    expect(sqlLiteral("it's")).toBe("'it''s'");
    expect(sqlLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(() => sqlLiteral('a\0b')).toThrow();
  });

  it('exports every company custom field by default, as people read them', async () => {
    const { rows, csv } = await exportFiles('COMPANIES');
    const header = rows[0] as string[];
    const at = (name: string) => header.indexOf(name);
    expect(header.slice(-5)).toEqual(['Niveau client', 'Budget', 'Date de signature', 'VIP', 'Thèmes']);
    expect(header).not.toContain('Secret');
    const acme = rows.find((r) => r.includes('Acme')) as unknown[];
    expect(acme[at('Niveau client')]).toBe("L'Or \\ spécial'); DROP TABLE company; --");
    expect(acme[at('Budget')]).toBe(12.5);
    expect(acme[at('Date de signature')]).toEqual(new Date(Date.UTC(2026, 2, 31)));
    expect(acme[at('VIP')]).toBe('Oui');
    expect(acme[at('Thèmes')]).toBe('Salon, Séminaire');
    const bravo = rows.find((r) => r.includes('Bravo')) as unknown[];
    expect(bravo.length).toBeLessThanOrEqual(at('Niveau client'));
    const acmeCsv = csv.split(/\r?\n/).find((l) => l.includes('Acme')) as string;
    expect(acmeCsv).toContain(';12,5;31/03/2026;Oui;Salon, Séminaire');
  });

  it('exports contacts with their fields, then their company’s (a shared label marked as the company’s)', async () => {
    const { rows, xlsx } = await exportFiles('CONTACTS');
    const header = rows[0] as string[];
    expect(header.slice(-7)).toEqual([
      'Score',
      'VIP',
      'Niveau client',
      'Budget',
      'Date de signature',
      'VIP (société)',
      'Thèmes',
    ]);
    const martin = rows.find((r) => r.includes('Martin')) as unknown[];
    expect(martin[header.indexOf('Score')]).toBe(7);
    expect(martin[header.indexOf('VIP (société)')]).toBe('Oui');
    expect(martin[header.indexOf('VIP')] ?? null).toBeNull();

    // Read back by the import: the headers map to the fields (the contact's, then the company's) and nothing changes.
    const preview = await uploadAndPreview(admin, xlsx, 'contacts.xlsx', 'CONTACTS');
    for (const label of ['Score', 'VIP', 'Niveau client', 'Budget', 'Date de signature', 'Thèmes'])
      expect(preview.unknownColumns).not.toContain(label);
    expect(preview.counts).toEqual({ create: 0, update: 0, unchanged: 2, error: 0 });
  });
});
