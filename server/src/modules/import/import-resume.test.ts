import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { type TestApi, clientFor, closeFactories, createWorkspaceWithAdmin, startTestApi } from '../../../test/harness';
import { uploadAndPreview, xlsx } from '../../../test/import-files';
import { withTenant } from '../../db/tenant-scope';
import { waitFor as waitUntil } from '../../../test/wait';

const JOB = 'query($id: ID!) { job(id: $id) { id status progressDone progressTotal counts error attempts } }';

// A queue of its own: other test files run in-process workers with the import handler.
const QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? 'crmtest'}-resume`;

function startWorkerProcess(): Promise<ChildProcess> {
  const child = fork(path.resolve(__dirname, '../../../test/import-worker-child.ts'), [], {
    execArgv: ['-r', path.resolve(__dirname, '../../../test/swc-register.js')],
    env: { ...process.env, QUEUE_PREFIX },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);
// Import jobs of thousands of rows: longer than the shared default.
const waitFor = <T>(probe: () => Promise<T>, until: (v: T) => boolean, ms = 180_000) => waitUntil(probe, until, ms);

describe('import job killed mid-file', () => {
  let api: TestApi;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await api.close();
    await closeFactories();
  });

  it('finishes in another worker with exactly the rows of the file: no duplicates, nothing lost', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    const rows: unknown[][] = [
      [
        'Société cliente',
        'Adresse 1',
        'Code postal',
        'Prénom du contact',
        'Nom du contact',
        'Email du contact',
        'Commentaires sur le contact',
        'Opt-In',
      ],
    ];
    for (let i = 0; i < 200; i++) {
      const company = i % 60;
      rows.push([
        `Société ${company}`,
        // A street: each company gets its main address as default billing address.
        `${company} rue de Rivoli`,
        '75001',
        `Prénom${i}`,
        `Nom${i}`,
        `c${i}@ex${company}.fr`,
        i % 2 ? `Note ${i}` : null,
        i % 3 ? 'Oui' : 'Non',
      ]);
    }
    const preview = await uploadAndPreview(client, await xlsx(rows as never), 'big.xlsx');
    expect(preview.counts.create).toBe(200);
    const { startImport } = await client.ok('mutation($id: ID!) { startImport(previewId: $id) { id } }', {
      id: preview.id,
    });

    const first = await startWorkerProcess();
    children.push(first);
    const midway = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => d.job.progressDone >= 40,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(midway.job.status).toBe('RUNNING');
    const atKill = (await client.ok(JOB, { id: startImport.id })).job;
    expect(atKill.progressDone).toBeLessThan(200);

    const second = await startWorkerProcess();
    children.push(second);
    const done = await waitFor(
      () => client.ok(JOB, { id: startImport.id }),
      (d) => ['SUCCEEDED', 'FAILED'].includes(d.job.status),
    );
    second.kill('SIGTERM');
    expect(done.job).toMatchObject({
      status: 'SUCCEEDED',
      progressDone: 200,
      counts: { created: 200, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(done.job.attempts).toBeGreaterThanOrEqual(2);

    const sql = (q: string) => withTenant(api.deps.dataSource, ws.workspaceId, null, (em) => em.query(q));
    const [stats] = await sql(`SELECT
        (SELECT count(*)::int FROM contact) AS contacts,
        (SELECT count(DISTINCT email)::int FROM contact) AS emails,
        (SELECT count(*)::int FROM company) AS companies,
        (SELECT count(*)::int FROM company WHERE main_contact_id IS NULL) AS without_main,
        (SELECT count(*)::int FROM activity) AS activities,
        (SELECT count(*)::int FROM consent_event) AS consents,
        (SELECT count(*)::int FROM billing_address) AS billing,
        (SELECT count(*)::int FROM import_record WHERE entity_type = 'Contact') AS logged`);
    expect(stats).toEqual({
      contacts: 200,
      emails: 200,
      companies: 60,
      without_main: 0,
      activities: 100,
      consents: 133,
      billing: 60,
      logged: 200,
    });
  });
});
