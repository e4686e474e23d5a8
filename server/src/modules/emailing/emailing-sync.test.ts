import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import {
  type FakeCampaign,
  type FakeProvider,
  startBrevoFake,
  startEmailingWorker,
  startMailchimpFake,
  startMailjetFake,
  startSarbacaneFake,
  startSmartProfileFake,
} from '../../../test/emailing-fakes';
import { withTenant } from '../../db/tenant-scope';
import { JobRegistry } from '../../jobs/job-handler';
import { startScheduledJob } from '../../jobs/schedule';
import { UserRole } from '../user/user.entity';
import { emailingSyncHandler } from './sync';
import { waitFor } from '../../../test/wait';

/**
 * Syncs against a fake of each provider's API: full, idempotent, incremental, rate-limited,
 * bad credentials, resumed after a failure, and kept within the workspace.
 */
interface Case {
  provider: string;
  slug: string;
  env: string;
  start: () => Promise<FakeProvider>;
  good: Record<string, string>;
  bad: Record<string, string>;
  /** The field the bad-credentials error names. */
  badField: string;
  ids: [string, string, string, string];
}

const CASES: Case[] = [
  {
    provider: 'BREVO',
    slug: 'brevo',
    env: 'EMAILING_BREVO_BASE_URL',
    start: () => startBrevoFake(),
    good: { apiKey: 'xkeysib-good' },
    bad: { apiKey: 'xkeysib-bad' },
    badField: 'apiKey',
    ids: ['41', '42', '43', '44'],
  },
  {
    provider: 'MAILJET',
    slug: 'mailjet',
    env: 'EMAILING_MAILJET_BASE_URL',
    start: () => startMailjetFake(),
    good: { apiKey: 'mj-key', secretKey: 'mj-secret' },
    bad: { apiKey: 'mj-key', secretKey: 'wrong' },
    badField: 'secretKey',
    ids: ['7390730', '7390731', '7390732', '7390733'],
  },
  {
    provider: 'MAILCHIMP',
    slug: 'mailchimp',
    env: 'EMAILING_MAILCHIMP_BASE_URL',
    start: () => startMailchimpFake(),
    good: { apiKey: 'abc123-us19' },
    bad: { apiKey: 'zzz999-us19' },
    badField: 'apiKey',
    ids: ['42b7c1d9e0', '52b7c1d9e0', '62b7c1d9e0', '72b7c1d9e0'],
  },
  {
    provider: 'SARBACANE',
    slug: 'sarbacane',
    env: 'EMAILING_SARBACANE_BASE_URL',
    start: () => startSarbacaneFake(),
    good: { accountId: 'acc-1', apiKey: 'sb-key' },
    bad: { accountId: 'acc-1', apiKey: 'nope' },
    badField: 'apiKey',
    ids: ['c1', 'c2', 'c3', 'c4'],
  },
  {
    provider: 'SMART_PROFILE',
    slug: 'smart-profile',
    env: 'EMAILING_SMART_PROFILE_BASE_URL',
    start: () => startSmartProfileFake(),
    good: { apiKey: 'sp-key' },
    bad: { apiKey: 'nope' },
    badField: 'apiKey',
    ids: ['sp-1', 'sp-2', 'sp-3', 'sp-4'],
  },
];

const DAY = 86_400_000;
const uniq = () => Math.random().toString(36).slice(2, 8);

const CONTACT = `query($id: ID!) { contact(id: $id) {
  optIn emailBouncing emailingUnsubscribedAt consentHistory { optIn source }
  emailingHistory { sentAt campaign provider opens clicks unsubscribed npai } } }`;
const CONNECTIONS = '{ emailingConnections { id provider label status lastError lastSyncAt webhookPath } }';
const CREATE =
  'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id status lastError } }';
const SYNC = 'mutation($id: ID!) { syncEmailingConnection(id: $id) { id status } }';
const JOB = 'query($id: ID!) { job(id: $id) { id kind status counts result error } }';

describe('emailing sync', () => {
  let api: TestApi;
  let worker: { close(): Promise<void> };
  const fakes = new Map<string, FakeProvider>();

  beforeAll(async () => {
    const env: Record<string, string> = {
      EMAILING_LOOKBACK_DAYS: '0',
      EMAILING_RETRY_BASE_MS: '20',
      // Its own queue: other test files run workers without this handler.
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_emailing_sync`,
    };
    for (const c of CASES) {
      const fake = await c.start();
      fakes.set(c.provider, fake);
      env[c.env] = fake.url;
    }
    api = await startTestApi(env);
    worker = await startEmailingWorker(api.deps);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    for (const f of fakes.values()) await f.close();
    await closeFactories();
  });

  async function contact(client: TestClient, email: string, optIn = true): Promise<string> {
    const r = await client.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
      input: { firstName: 'Jane', lastName: email, email, optIn, newCompany: { name: `Company ${uniq()}` } },
    });
    return r.createContact.id;
  }

  async function syncAndWait(client: TestClient, connectionId: string, status = 'SUCCEEDED') {
    const started = await client.ok(SYNC, { id: connectionId });
    return (
      await waitFor(
        () => client.ok(JOB, { id: started.syncEmailingConnection.id }),
        (d) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(d.job.status),
      )
    ).job.status === status
      ? (await client.ok(JOB, { id: started.syncEmailingConnection.id })).job
      : Promise.reject(
          new Error(`job ended ${JSON.stringify(await client.ok(JOB, { id: started.syncEmailingConnection.id }))}`),
        );
  }

  describe.each(CASES)('$provider', (c) => {
    let ws: TestWorkspace;
    let admin: TestClient;
    let fake: FakeProvider;
    let connectionId: string;
    const tag = uniq();
    const jane = `jane.${tag}@example.com`;
    const paul = `paul.${tag}@example.com`;
    const old = `old.${tag}@example.com`;
    let ids: Record<string, string>;

    beforeAll(async () => {
      fake = fakes.get(c.provider)!;
      fake.state.pageCap = 2; // forces every list through several pages
      // Whole seconds: some providers give send times without milliseconds.
      const now = Math.floor(Date.now() / 1000) * 1000;
      fake.state.campaigns = [
        {
          id: c.ids[0],
          name: 'Salon 2026 invitation',
          sentAt: new Date(now - 10 * DAY),
          recipients: [
            // Case differs from the contact's: matching ignores it.
            { email: jane.toUpperCase(), opens: 3, clicks: 2 },
            { email: paul, opens: 1, clicks: 0, unsubscribed: true },
            { email: old, hardBounce: true },
            { email: `stranger.${tag}@example.com`, opens: 5 },
          ],
        },
        {
          id: c.ids[1],
          name: 'Newsletter March',
          sentAt: new Date(now - 5 * DAY),
          recipients: [{ email: jane, opens: 1 }, { email: paul }],
        },
      ] satisfies FakeCampaign[];
      ws = await createWorkspaceWithAdmin();
      admin = await clientFor(api, ws);
      ids = { jane: await contact(admin, jane), paul: await contact(admin, paul), old: await contact(admin, old) };
    });

    it('refuses bad credentials when saving, naming the field, and stores nothing', async () => {
      const r = await admin.gql(CREATE, { input: { provider: c.provider, label: 'Main', ...c.bad } });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      const field = (r.errors![0].extensions!.fields as { path: string[]; message: string }[])[0];
      expect(field.path).toEqual(['input', c.badField]);
      expect(field.message).toMatch(/401/);
      const missing = await admin.gql(CREATE, { input: { provider: c.provider, label: ' ' } });
      expect(errorCode(missing)).toBe('BAD_USER_INPUT');
      expect((await admin.ok(CONNECTIONS)).emailingConnections).toEqual([]);
    });

    it('connects, never returns the credentials, and a full sync fills each contact history', async () => {
      const created = await admin.gql(CREATE, { input: { provider: c.provider, label: 'Main', ...c.good } });
      expect(created.errors).toBeUndefined();
      connectionId = (created.data as { createEmailingConnection: { id: string } }).createEmailingConnection.id;
      const listed = await admin.gql(CONNECTIONS);
      for (const secret of Object.values(c.good).filter((v) => v.length > 5 && v !== 'acc-1'))
        expect(JSON.stringify(listed)).not.toContain(secret);
      // Stored encrypted: the clear key is nowhere in the row.
      const [row] = await withTenant(api.deps.dataSource, ws.workspaceId, null, (m) =>
        m.query('SELECT credentials_enc FROM emailing_connection WHERE id = $1', [connectionId]),
      );
      expect(row.credentials_enc).toMatch(/^v1:/);
      for (const secret of Object.values(c.good)) expect(row.credentials_enc).not.toContain(secret);

      const job = await syncAndWait(admin, connectionId);
      expect(job.kind).toBe('emailing.sync');
      expect(job.counts).toMatchObject({ campaigns: 2, unsubscribes: 1, bounces: 1 });

      const j = (await admin.ok(CONTACT, { id: ids.jane })).contact;
      expect(j.emailingHistory).toEqual([
        expect.objectContaining({ campaign: 'Newsletter March', provider: c.provider, opens: 1, clicks: 0 }),
        expect.objectContaining({
          campaign: 'Salon 2026 invitation',
          opens: 3,
          clicks: 2,
          unsubscribed: false,
          npai: false,
        }),
      ]);
      expect(new Date(j.emailingHistory[1].sentAt).getTime()).toBe(fake.state.campaigns[0].sentAt.getTime());
      expect(j.emailBouncing).toBe(false);

      const p = (await admin.ok(CONTACT, { id: ids.paul })).contact;
      expect(p.optIn).toBe(false);
      expect(p.emailingUnsubscribedAt).not.toBeNull();
      expect(p.consentHistory[0]).toEqual({ optIn: false, source: c.provider.toLowerCase() });
      expect(p.emailingHistory.find((h: { campaign: string }) => h.campaign === 'Salon 2026 invitation')).toMatchObject(
        { unsubscribed: true, opens: 1 },
      );

      const o = (await admin.ok(CONTACT, { id: ids.old })).contact;
      expect(o.emailBouncing).toBe(true);
      expect(o.emailingHistory).toEqual([expect.objectContaining({ npai: true })]);

      const conn = (await admin.ok(CONNECTIONS)).emailingConnections[0];
      expect(conn).toMatchObject({ status: 'OK', lastError: null });
      expect(conn.lastSyncAt).not.toBeNull();
      expect(conn.webhookPath).toMatch(new RegExp(`^/webhooks/emailing/${c.slug}/${connectionId}\\?token=.{20,}`));
    });

    it('changes nothing when run again (idempotent)', async () => {
      const before = await Promise.all(Object.values(ids).map((id) => admin.ok(CONTACT, { id })));
      // Same window again: forget the last sync so the full window is read once more.
      await withTenant(api.deps.dataSource, ws.workspaceId, null, (m) =>
        m.query('UPDATE emailing_connection SET last_sync_at = NULL WHERE id = $1', [connectionId]),
      );
      const job = await syncAndWait(admin, connectionId);
      expect(job.counts).toMatchObject({ changed: 0, unsubscribes: 0, bounces: 0 });
      const after = await Promise.all(Object.values(ids).map((id) => admin.ok(CONTACT, { id })));
      expect(after).toEqual(before);
    });

    it('reads only what is new since the last sync (incremental)', async () => {
      const conn = (await admin.ok(CONNECTIONS)).emailingConnections[0];
      const lastSync = new Date(conn.lastSyncAt);
      fake.state.campaigns.push({
        id: c.ids[2],
        name: 'Last call',
        sentAt: new Date(),
        recipients: [{ email: jane, opens: 2, clicks: 1 }],
      });
      fake.state.requests = [];
      const job = await syncAndWait(admin, connectionId);
      expect(job.result.since).toBe(lastSync.toISOString());
      // Older campaigns' recipients were not read again.
      const requested = fake.state.requests.map((r) => `${r.path}?${new URLSearchParams(r.query)}`);
      for (const id of [c.ids[0], c.ids[1]]) {
        const detail = new RegExp(`${id}/(recipients|email-activity|unsubscribed)|Campaign(ID)?=${id}\\b`);
        expect(requested.filter((r) => detail.test(r))).toEqual([]);
      }
      if (c.provider === 'BREVO')
        for (const r of fake.hits(/campaignStats$/))
          expect(r.query.startDate).toBe(lastSync.toISOString().slice(0, 10));
      const j = (await admin.ok(CONTACT, { id: ids.jane })).contact;
      expect(j.emailingHistory[0]).toMatchObject({ campaign: 'Last call', opens: 2, clicks: 1 });
      expect(j.emailingHistory).toHaveLength(3);
    });

    it('waits and retries when rate-limited (429)', async () => {
      fake.state.campaigns.push({
        id: c.ids[3],
        name: 'Rate limited',
        sentAt: new Date(),
        recipients: [{ email: paul, clicks: 4 }],
      });
      fake.state.requests = [];
      fake.state.rateLimitNext = 2;
      const job = await syncAndWait(admin, connectionId);
      expect(job.counts.rateLimited).toBe(2);
      expect(fake.state.requests.length).toBeGreaterThan(2);
      const p = (await admin.ok(CONTACT, { id: ids.paul })).contact;
      expect(p.emailingHistory[0]).toMatchObject({ campaign: 'Rate limited', clicks: 4 });
    });

    it('marks the connection failing with the reason when the key is revoked', async () => {
      const good = { ...fake.state.credentials };
      fake.state.credentials = Object.fromEntries(Object.keys(good).map((k) => [k, 'revoked']));
      await expect(syncAndWait(admin, connectionId)).rejects.toThrow(/FAILED/);
      const conn = (await admin.ok(CONNECTIONS)).emailingConnections[0];
      expect(conn.status).toBe('ERROR');
      expect(conn.lastError).toMatch(/401/);
      const tested = await admin.ok('mutation($id: ID!) { testEmailingConnection(id: $id) { status lastError } }', {
        id: connectionId,
      });
      expect(tested.testEmailingConnection.status).toBe('ERROR');
      fake.state.credentials = good;
      const fixed = await admin.ok('mutation($id: ID!) { testEmailingConnection(id: $id) { status lastError } }', {
        id: connectionId,
      });
      expect(fixed.testEmailingConnection).toEqual({ status: 'OK', lastError: null });
    });
  });

  it('resumes an interrupted sync where it stopped', async () => {
    const fake = fakes.get('MAILCHIMP')!;
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const tag = uniq();
    const email = `resume.${tag}@example.com`;
    const id = await contact(admin, email);
    fake.state.pageCap = 1000;
    fake.state.campaigns = ['a', 'b', 'c'].map((x, i) => ({
      id: `r${x}${tag}`,
      name: `Resume ${x}`,
      sentAt: new Date(Date.now() - (3 - i) * DAY),
      recipients: [{ email, opens: i + 1 }],
    }));
    const created = await admin.ok(CREATE, { input: { provider: 'MAILCHIMP', label: 'R', apiKey: 'abc123-us19' } });
    const connectionId = created.createEmailingConnection.id;
    fake.state.failPath = new RegExp(`/reports/rb${tag}/email-activity`);
    await expect(syncAndWait(admin, connectionId)).rejects.toThrow(/FAILED/);
    expect(
      (await admin.ok(CONTACT, { id })).contact.emailingHistory.map((h: { campaign: string }) => h.campaign),
    ).toEqual(['Resume a']);
    fake.state.failPath = null;
    fake.state.requests = [];
    const job = await syncAndWait(admin, connectionId);
    expect(job.result.resumed).toBe(true);
    expect(fake.hits(new RegExp(`/reports/ra${tag}/`))).toEqual([]);
    expect(fake.hits(new RegExp(`/reports/rb${tag}/email-activity`))).toHaveLength(1);
    expect(
      (await admin.ok(CONTACT, { id })).contact.emailingHistory.map((h: { campaign: string }) => h.campaign),
    ).toEqual(['Resume c', 'Resume b', 'Resume a']);
  });

  it('keeps connections and results within their workspace, and admin-only', async () => {
    const fake = fakes.get('SARBACANE')!;
    const tag = uniq();
    const email = `shared.${tag}@example.com`;
    fake.state.pageCap = 1000;
    fake.state.campaigns = [
      { id: `iso${tag}`, name: 'Isolation', sentAt: new Date(Date.now() - DAY), recipients: [{ email, opens: 1 }] },
    ];
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    const adminA = await clientFor(api, a);
    const adminB = await clientFor(api, b);
    await contact(adminA, email);
    const inB = await contact(adminB, email);
    const created = await adminA.ok(CREATE, {
      input: { provider: 'SARBACANE', label: 'A', accountId: 'acc-1', apiKey: 'sb-key' },
    });
    const connectionId = created.createEmailingConnection.id;
    await syncAndWait(adminA, connectionId);
    expect((await adminB.ok(CONTACT, { id: inB })).contact.emailingHistory).toEqual([]);
    expect((await adminB.ok(CONNECTIONS)).emailingConnections).toEqual([]);
    expect(errorCode(await adminB.gql(SYNC, { id: connectionId }))).toBe('NOT_FOUND');
    expect(
      errorCode(await adminB.gql('mutation($id: ID!) { deleteEmailingConnection(id: $id) }', { id: connectionId })),
    ).toBe('NOT_FOUND');
    const user = await clientFor(api, await addUser(a.workspaceId, UserRole.USER));
    expect(errorCode(await user.gql(CONNECTIONS))).toBe('FORBIDDEN');
    expect(errorCode(await user.gql(SYNC, { id: connectionId }))).toBe('FORBIDDEN');
    // Removing the connection keeps the contacts' history.
    await adminA.ok('mutation($id: ID!) { deleteEmailingConnection(id: $id) }', { id: connectionId });
    expect((await adminA.ok(CONNECTIONS)).emailingConnections).toEqual([]);
  });
  it('schedules a repeatable sync per connection, restored when Redis loses it, one job at a time', async () => {
    const fake = fakes.get('SMART_PROFILE')!;
    fake.state.campaigns = [];
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createEmailingConnection: conn } = await admin.ok(CREATE, {
      input: { provider: 'SMART_PROFILE', label: 'S', apiKey: 'sp-key', syncIntervalMinutes: 30 },
    });
    const id = `emailing-sync:${conn.id}`;
    expect((await api.deps.queue.getJobScheduler(id))?.every).toBe(30 * 60_000);
    await admin.ok(
      'mutation($id: ID!, $input: EmailingConnectionInput!) { updateEmailingConnection(id: $id, input: $input) { id } }',
      { id: conn.id, input: { syncIntervalMinutes: 15 } },
    );
    expect((await api.deps.queue.getJobScheduler(id))?.every).toBe(15 * 60_000);
    const interval = await admin.gql(
      'mutation($id: ID!, $input: EmailingConnectionInput!) { updateEmailingConnection(id: $id, input: $input) { id } }',
      { id: conn.id, input: { syncIntervalMinutes: 2 } },
    );
    expect(interval.errors?.[0].extensions?.fields).toEqual([
      { path: ['input', 'syncIntervalMinutes'], message: expect.any(String) },
    ]);

    // Redis lost it: the handler's reconcile hook (run by the worker's reconciliation) puts it back.
    await api.deps.queue.removeJobScheduler(id);
    await emailingSyncHandler.reconcile!(api.deps);
    expect((await api.deps.queue.getJobScheduler(id))?.every).toBe(15 * 60_000);

    // Each trigger records a job by the system; a trigger while one is unfinished adds none.
    const trigger = {
      jobId: '',
      workspaceId: ws.workspaceId,
      schedule: { kind: 'emailing.sync', params: { connectionId: conn.id } },
    };
    const registry = new JobRegistry([emailingSyncHandler]);
    await waitFor(
      () => admin.ok('{ jobs(filter: { kind: "emailing.sync", status: [QUEUED, RUNNING] }) { totalCount } }'),
      (d) => d.jobs.totalCount === 0,
    );
    // A slow provider keeps the first job running while the second trigger fires.
    fake.state.delayMs = 1500;
    // Two triggers and a "sync now" at the same moment: one job.
    await Promise.all([
      startScheduledJob(api.deps, registry, trigger),
      startScheduledJob(api.deps, registry, trigger),
      admin.ok(SYNC, { id: conn.id }),
    ]);
    const OPEN =
      '{ jobs(filter: { kind: "emailing.sync", status: [QUEUED, RUNNING] }) { totalCount edges { node { createdBy { id } } } } }';
    const open = await admin.ok(OPEN);
    expect(open.jobs.totalCount).toBe(1);
    fake.state.delayMs = 0;
    await waitFor(
      () => admin.ok(OPEN),
      (d) => d.jobs.totalCount === 0,
    );
    await admin.ok('mutation($id: ID!) { deleteEmailingConnection(id: $id) }', { id: conn.id });
    expect(await api.deps.queue.getJobScheduler(id)).toBeUndefined();
  });
});
