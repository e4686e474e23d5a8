import type { DataSource } from 'typeorm';
import {
  type FakeProvider,
  startBrevoFake,
  startEmailingWorker,
  startMailchimpFake,
  startMailjetFake,
  startSarbacaneFake,
  startSmartProfileFake,
} from '../../../test/emailing-fakes';
import { contactIdOf } from '../../../test/emailing-fakes/mailjet';
import { md5 } from '../../../test/emailing-fakes/base';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  addUser,
  apiKeyClient,
  clientFor,
  closeFactories,
  errorCode,
  createWorkspaceWithAdmin,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { waitFor } from '../../../test/wait';
import { createAdminDataSource } from '../../db/data-sources';
import { forgetStaleErasureAddresses } from '../emailing/erasure';
import { UserRole } from '../user/user.entity';

/**
 * Erasing a person deletes them at every connected emailing provider, through one queued job per
 * connection following the provider's documented deletion; a provider that is down does not hold
 * the erasure back: its job is retried, then fails with the provider's reason.
 */
const PROVIDERS = [
  {
    provider: 'BREVO',
    env: 'EMAILING_BREVO_BASE_URL',
    start: () => startBrevoFake(),
    credentials: { apiKey: 'xkeysib-good' },
  },
  {
    provider: 'MAILJET',
    env: 'EMAILING_MAILJET_BASE_URL',
    start: () => startMailjetFake(),
    credentials: { apiKey: 'mj-key', secretKey: 'mj-secret' },
  },
  {
    provider: 'MAILCHIMP',
    env: 'EMAILING_MAILCHIMP_BASE_URL',
    start: () => startMailchimpFake(),
    credentials: { apiKey: 'abc123-us19' },
  },
  {
    provider: 'SARBACANE',
    env: 'EMAILING_SARBACANE_BASE_URL',
    start: () => startSarbacaneFake(),
    credentials: { accountId: 'acc-1', apiKey: 'sb-key' },
  },
  {
    provider: 'SMART_PROFILE',
    env: 'EMAILING_SMART_PROFILE_BASE_URL',
    start: () => startSmartProfileFake(),
    credentials: { apiKey: 'sp-key' },
  },
] as const;

const CREATE_CONNECTION =
  'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id } }';
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) {
  contactId providerDeletionJobs { id kind status } } }`;
const JOB = 'query($id: ID!) { job(id: $id) { id kind status error attempts counts result } }';
const RETRY = 'mutation($id: ID!) { retryJob(id: $id) { id status } }';
const REVEAL = 'mutation($id: ID!) { revealErasureAddresses(jobId: $id) }';
const RESOLVE = 'mutation($id: ID!) { resolveErasureJob(jobId: $id) { id status error result erasureNeedsHand } }';
const NEEDS_HAND = 'query($id: ID!) { job(id: $id) { status erasureNeedsHand } }';
const TRAIL = `query($id: ID!) { auditTrail(entityType: "Contact", entityId: $id) { edges { node { action changes } } } }`;

const uniq = () => Math.random().toString(36).slice(2, 8);
const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

describe('GDPR erasure at the emailing providers', () => {
  let api: TestApi;
  let owner: DataSource;
  let worker: { close(): Promise<void> };
  let ws: TestWorkspace;
  let admin: TestClient;
  const fakes = new Map<string, FakeProvider>();

  beforeAll(async () => {
    const env: Record<string, string> = {
      EMAILING_RETRY_BASE_MS: '10',
      EMAILING_ERASURE_ATTEMPTS: '3',
      EMAILING_ERASURE_RETRY_DELAY_MS: '50',
      // Its own queue: other files' workers do not run these handlers.
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}_gdpr_providers`,
    };
    for (const p of PROVIDERS) {
      const fake = await p.start();
      fakes.set(p.provider, fake);
      env[p.env] = fake.url;
    }
    api = await startTestApi(env);
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    worker = await startEmailingWorker(api.deps);
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    for (const p of PROVIDERS)
      await admin.ok(CREATE_CONNECTION, {
        input: { provider: p.provider, label: `Compte ${p.provider}`, ...p.credentials },
      });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await owner?.destroy();
    for (const f of fakes.values()) await f.close();
    await closeFactories();
  });

  async function person(email: string): Promise<string> {
    for (const f of fakes.values()) f.state.contacts.push(email);
    return (
      await admin.ok(CREATE_CONTACT, {
        input: { firstName: 'Erin', lastName: 'Efface', email, newCompany: { name: `Société ${uniq()}` } },
      })
    ).createContact.id;
  }

  async function finished(jobId: string) {
    return (
      await waitFor(
        () => admin.ok(JOB, { id: jobId }),
        (d) => FINISHED.includes(d.job.status),
      )
    ).job;
  }

  const jobParams = async (ids: string[]): Promise<string[]> =>
    (await owner.query(`SELECT params::text AS p FROM job WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])).map(
      (r: { p: string }) => r.p,
    );

  it('deletes the person at every provider with its documented call, then forgets the address', async () => {
    const email = `erin.${uniq()}@example.com`;
    const contactId = await person(email);
    const erased = (await admin.ok(ERASE, { id: contactId, pw: ws.password })).erasePerson;
    const jobs: { id: string; kind: string }[] = erased.providerDeletionJobs;
    expect(jobs).toHaveLength(PROVIDERS.length);
    expect(new Set(jobs.map((j) => j.kind))).toEqual(new Set(['emailing.erase']));
    // The job rows never hold the address in clear.
    for (const p of await jobParams(jobs.map((j) => j.id))) expect(p).not.toContain('erin.');

    const results = await Promise.all(jobs.map((j) => finished(j.id)));
    const byProvider = new Map(
      results.map((j) => [
        j.result?.provider ?? PROVIDERS.find((p) => j.error?.includes(`Compte ${p.provider}`))?.provider,
        j,
      ]),
    );
    for (const provider of ['BREVO', 'MAILJET', 'MAILCHIMP', 'SARBACANE'])
      expect(byProvider.get(provider)).toMatchObject({ status: 'SUCCEEDED', counts: { deleted: 1, absent: 0 } });

    const calls = (provider: string) =>
      fakes
        .get(provider)!
        .state.requests.filter((r) => r.method !== 'GET' || /contact\//.test(r.path))
        .map((r) => `${r.method} ${r.path}${r.query.email ? `?email=${r.query.email}` : ''}`);
    expect(calls('BREVO')).toContain(`DELETE /contacts/${email}`);
    expect(calls('MAILJET')).toEqual(
      expect.arrayContaining([`GET /contact/${email}`, `DELETE /v4/contacts/${contactIdOf(email)}`]),
    );
    expect(calls('MAILCHIMP')).toEqual(
      expect.arrayContaining([
        `POST /lists/a1b2c3d4e5/members/${md5(email)}/actions/delete-permanent`,
        `POST /lists/0f9e8d7c6b/members/${md5(email)}/actions/delete-permanent`,
      ]),
    );
    expect(calls('SARBACANE')).toContain(`DELETE /lists/z2P3eXaMQUq9-kIL3wV1Cg/contacts?email=${email}`);
    for (const provider of ['BREVO', 'MAILJET', 'MAILCHIMP', 'SARBACANE'])
      expect(fakes.get(provider)!.state.deleted).toEqual([email]);

    // No documented deletion: failed at once (no retries), saying what to do.
    expect(byProvider.get('SMART_PROFILE')).toMatchObject({
      status: 'FAILED',
      attempts: 1,
      error: expect.stringContaining('supprimez la personne effacée directement chez lui'),
    });
    // Done: the encrypted addresses left the job rows; not done (Smart Profile): kept for the admin.
    const sp = byProvider.get('SMART_PROFILE');
    for (const p of await jobParams(jobs.filter((j) => j.id !== sp.id).map((j) => j.id)))
      expect(p).not.toContain('emailsEnc');
    expect((await jobParams([sp.id]))[0]).toContain('emailsEnc');
  });

  it('a provider down does not fail the erasure: its job is retried, fails with the provider’s reason, and can be retried', async () => {
    const brevo = fakes.get('BREVO')!;
    brevo.state.failPath = /^\/contacts\//;
    const email = `down.${uniq()}@example.com`;
    const contactId = await person(email);
    const erased = (await admin.ok(ERASE, { id: contactId, pw: ws.password })).erasePerson;
    expect(erased.contactId).toBe(contactId);
    const results = await Promise.all(erased.providerDeletionJobs.map((j: { id: string }) => finished(j.id)));
    const failed = results.find((j) => j.status === 'FAILED' && j.attempts === 3);
    expect(failed).toMatchObject({ error: 'Brevo: 500 Internal error (internal_error)' });
    expect(brevo.hits(/^\/contacts\//).filter((r) => r.method === 'DELETE' && r.path.includes(email))).toHaveLength(3);
    // The other providers went ahead.
    expect(fakes.get('MAILJET')!.state.deleted).toContain(email);
    // Kept while a retry can still delete the person…
    expect((await jobParams([failed.id]))[0]).toContain('emailsEnc');

    brevo.state.failPath = null;
    await admin.ok(RETRY, { id: failed.id });
    // Re-queued with the erasure's own retries (EMAILING_ERASURE_*), not the default 3 × 5 s.
    expect((await api.deps.queue.getJob(failed.id))?.opts).toMatchObject({
      attempts: 3,
      backoff: { type: 'exponential', delay: 50 },
    });
    expect(await finished(failed.id)).toMatchObject({ status: 'SUCCEEDED', counts: { deleted: 1 } });
    expect(brevo.state.deleted).toContain(email);
    // …and forgotten once it did.
    expect((await jobParams([failed.id]))[0]).not.toContain('emailsEnc');
  });

  it('a 404 that does not confirm the deletion fails the job at once, saying why, and keeps the address', async () => {
    const mailjet = fakes.get('MAILJET')!;
    const sarbacane = fakes.get('SARBACANE')!;
    // Mailjet finds the person, but its v4 deletion route is not served (a wrong base URL).
    mailjet.state.missingPath = /^\/v4\//;
    const email = `route.${uniq()}@example.com`;
    const contactId = await person(email);
    // Sarbacane answers 404 in every list: nothing tells "not there" from "wrong route".
    sarbacane.state.contacts = sarbacane.state.contacts.filter((e) => e !== email);
    try {
      const erased = (await admin.ok(ERASE, { id: contactId, pw: ws.password })).erasePerson;
      const results = await Promise.all(erased.providerDeletionJobs.map((j: { id: string }) => finished(j.id)));
      const of = (provider: string) =>
        results.find((j) => j.result?.provider === provider || j.error?.includes(`Compte ${provider}`));
      expect(of('MAILJET')).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        error: expect.stringContaining('a répondu 404 à sa suppression (DELETE /v4/contacts/'),
      });
      expect(mailjet.state.deleted).not.toContain(email);
      expect(of('SARBACANE')).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        error: expect.stringContaining('la suppression n’a pas pu être confirmée'),
      });
      expect(sarbacane.hits(/^\/lists\/[^/]+\/contacts$/).filter((r) => r.query.email === email)).toHaveLength(2);
      // Nothing confirmed: the address stays (encrypted) on both jobs for the admin to act on.
      for (const p of await jobParams([of('MAILJET').id, of('SARBACANE').id])) expect(p).toContain('emailsEnc');
      expect(of('BREVO')).toMatchObject({ status: 'SUCCEEDED', counts: { deleted: 1 } });
    } finally {
      mailjet.state.missingPath = null;
    }
  });

  it('a deletion nobody can do keeps the address for an admin in a session to read and mark handled, audited', async () => {
    const email = `hand.${uniq()}@example.com`;
    const contactId = await person(email);
    const erased = (await admin.ok(ERASE, { id: contactId, pw: ws.password })).erasePerson;
    const results = await Promise.all(erased.providerDeletionJobs.map((j: { id: string }) => finished(j.id)));
    const sp = results.find((j) => j.error?.includes('Compte SMART_PROFILE'));
    const brevo = results.find((j) => j.result?.provider === 'BREVO');
    expect(sp).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect((await admin.ok(NEEDS_HAND, { id: sp.id })).job.erasureNeedsHand).toBe(true);
    expect((await admin.ok(NEEDS_HAND, { id: brevo.id })).job.erasureNeedsHand).toBe(false);

    // Neither an API key (even an admin's) nor a user may read it.
    const key = await apiKeyClient(api, admin, 'READ_WRITE');
    expect(errorCode(await key.gql(REVEAL, { id: sp.id }))).toBe('FORBIDDEN');
    expect(errorCode(await key.gql(RESOLVE, { id: sp.id }))).toBe('FORBIDDEN');
    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    expect(errorCode(await user.gql(REVEAL, { id: sp.id }))).toBe('FORBIDDEN');
    // Only on a failed erasure job that still holds it.
    expect(errorCode(await admin.gql(REVEAL, { id: brevo.id }))).toBe('CONFLICT');

    expect((await admin.ok(REVEAL, { id: sp.id })).revealErasureAddresses).toEqual([email]);
    const resolved = (await admin.ok(RESOLVE, { id: sp.id })).resolveErasureJob;
    expect(resolved).toMatchObject({
      status: 'SUCCEEDED',
      error: null,
      erasureNeedsHand: false,
      result: {
        provider: 'SMART_PROFILE',
        resolvedByHand: true,
        previousStatus: 'FAILED',
        previousError: expect.stringContaining('supprimez la personne effacée directement chez lui'),
      },
    });
    expect((await jobParams([sp.id]))[0]).not.toContain('emailsEnc');
    expect(errorCode(await admin.gql(REVEAL, { id: sp.id }))).toBe('CONFLICT');

    const actions = (await admin.ok(TRAIL, { id: contactId })).auditTrail.edges.map(
      (e: { node: { action: string; changes: Record<string, { to: unknown }> } }) => e.node,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'gdpr.erasureAddressesRevealed',
          changes: expect.objectContaining({
            erasureJobId: expect.objectContaining({ to: sp.id }),
            provider: expect.objectContaining({ to: 'SMART_PROFILE' }),
          }),
        }),
        expect.objectContaining({
          action: 'gdpr.erasureResolvedByHand',
          changes: expect.objectContaining({ erasureJobId: expect.objectContaining({ to: sp.id }) }),
        }),
      ]),
    );
    // The trail says who looked and when, never the address.
    expect(JSON.stringify(actions)).not.toContain(email);
  });

  it('a connection removed before its job ran is a failure saying nothing was erased, not a success', async () => {
    const brevo = PROVIDERS[0];
    const { id: connectionId } = (
      await admin.ok(CREATE_CONNECTION, {
        input: { provider: brevo.provider, label: 'Compte supprimé', ...brevo.credentials },
      })
    ).createEmailingConnection;
    await worker.close();
    let restarted = false;
    try {
      const email = `gone.${uniq()}@example.com`;
      const contactId = await person(email);
      const erased = (await admin.ok(ERASE, { id: contactId, pw: ws.password })).erasePerson;
      await admin.ok('mutation($id: ID!) { deleteEmailingConnection(id: $id) }', { id: connectionId });
      worker = await startEmailingWorker(api.deps);
      restarted = true;
      const results = await Promise.all(erased.providerDeletionJobs.map((j: { id: string }) => finished(j.id)));
      const gone = results.find((j) => j.error?.includes('Compte supprimé'));
      expect(gone).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        error: expect.stringContaining('connexion supprimée : rien n’a été effacé chez le fournisseur'),
      });
      expect((await admin.ok(NEEDS_HAND, { id: gone.id })).job.erasureNeedsHand).toBe(true);

      // Left alone, the address is forgotten after EMAILING_ERASURE_ADDRESS_RETENTION_DAYS (30).
      const recent = results.find((j) => j.error?.includes('Compte SMART_PROFILE'));
      await owner.query(`UPDATE job SET finished_at = now() - interval '31 days' WHERE id = $1`, [gone.id]);
      expect(await forgetStaleErasureAddresses(api.deps)).toBeGreaterThanOrEqual(1);
      expect((await jobParams([gone.id]))[0]).not.toContain('emailsEnc');
      expect((await admin.ok(JOB, { id: gone.id })).job.result).toEqual({
        addressesForgottenAt: expect.any(String),
      });
      expect((await admin.ok(NEEDS_HAND, { id: gone.id })).job.erasureNeedsHand).toBe(false);
      expect((await jobParams([recent.id]))[0]).toContain('emailsEnc');
    } finally {
      if (!restarted) worker = await startEmailingWorker(api.deps);
    }
  });
});
