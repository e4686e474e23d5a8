import { productionHandlers } from '../../jobs/handlers';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import {
  type TestApi,
  type TestClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';
import { uploadAndPreview } from '../../../test/import-files';

const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`;
const START_EXPORT = `mutation($input: StartExportInput!) { startExport(input: $input) { id } }`;
const START_IMPORT = 'mutation($id: ID!) { startImport(previewId: $id) { id } }';
const JOB = `query($id: ID!) { job(id: $id) { status error resultFiles { url name } } }`;
const CONTACTS = `{ contacts(first: 100) { edges { node {
  firstName lastName email position optIn phoneDirect { e164 } phoneMobile { e164 }
  company { name siret vatNumber website addressLine1 postalCode city country apeCode }
} } } }`;

const QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? 'crmtest'}-roundtrip`;

// Each preview and import starts a parsing child process: slow on a loaded machine.
jest.setTimeout(240_000);

async function waitForJob(client: TestClient, id: string) {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { job } = await client.ok(JOB, { id });
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job still ${job.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sorted = (data: { contacts: { edges: { node: { email: string } }[] } }) =>
  data.contacts.edges.map((e) => e.node).sort((a, b) => a.email.localeCompare(b.email));

describe('export then import', () => {
  let api: TestApi;
  let worker: RunningWorker;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX });
    worker = await startWorker(api.deps, new JobRegistry(productionHandlers()), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  it('gives back the same records: unchanged in the same workspace, identical in a new one', async () => {
    const source = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, source);
    await admin.ok(CREATE, {
      input: {
        name: 'Société Générale',
        siret: '732 829 320 00074',
        vatNumber: 'FR44732829320',
        website: 'societegenerale.fr',
        apeCode: '6419Z',
        addressLine1: '29 boulevard Haussmann',
        postalCode: '75009',
        city: 'Paris',
        mainContact: {
          firstName: 'Élodie',
          lastName: "D'Arc",
          email: 'elodie.darc@sg.fr',
          phoneDirect: '01 42 14 20 00',
          phoneMobile: '06 12 34 56 78',
          position: 'Directrice événementiel',
        },
      },
    });
    await admin.ok(CREATE, {
      input: {
        name: 'Lyon Congrès',
        postalCode: '69002',
        city: 'Lyon',
        mainContact: {
          firstName: 'Jean',
          lastName: 'Dupont',
          email: 'jean@lyon-congres.fr',
          phoneDirect: '04 78 00 00 00',
        },
      },
    });

    const { startExport } = await admin.ok(START_EXPORT, { input: { password: source.password, list: 'CONTACTS' } });
    const exported = await waitForJob(admin, startExport.id);
    expect(exported.status).toBe('SUCCEEDED');
    const res = await fetch(`${api.url}${exported.resultFiles[0].url}`, {
      headers: { cookie: admin.cookie as string },
    });
    const file = Buffer.from(await res.arrayBuffer());

    // Into the same workspace: every row is recognised and nothing would change.
    const same = await uploadAndPreview(admin, file, exported.resultFiles[0].name, 'CONTACTS');
    expect(same.counts).toEqual({ create: 0, update: 0, unchanged: 2, error: 0 });

    // Into an empty workspace: the same records come out.
    const target = await createWorkspaceWithAdmin();
    const other = await clientFor(api, target);
    const preview = await uploadAndPreview(other, file, exported.resultFiles[0].name, 'CONTACTS', {
      values: [],
    });
    expect(preview.counts).toMatchObject({ create: 2, error: 0 });
    const { startImport } = await other.ok(START_IMPORT, { id: preview.id });
    expect((await waitForJob(other, startImport.id)).status).toBe('SUCCEEDED');
    expect(sorted(await other.ok(CONTACTS))).toEqual(sorted(await admin.ok(CONTACTS)));
  });
});
