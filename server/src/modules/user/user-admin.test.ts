import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createHttpApp } from '../../http/app';
import type { DataSource } from 'typeorm';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import { createAdminDataSource } from '../../db/data-sources';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  TestClient as Client,
  addUser,
  apiKeyClient,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { type SmtpSink, startSmtpSink } from '../../../test/smtp-sink';
import { type TestSmtp, startTestSmtp } from '../../../test/smtp';
import { invitationMailHandler } from './invitation.job';
import { UserRole } from './user.entity';
import { waitFor } from '../../../test/wait';

const USER_FIELDS = 'id email name role status active lastLoginAt invitation { mailStatus mailError expiresAt sentAt }';
const INVITE = `mutation($input: InviteUserInput!) { inviteUser(input: $input) {
  user { ${USER_FIELDS} } invitation { id mailStatus expiresAt } invitationLink } }`;
const RESEND = `mutation($id: ID!) { resendInvitation(userId: $id) { user { id status } invitationLink } }`;
const ACCEPT = `mutation($token: String!, $password: String!, $name: String) {
  acceptInvitation(token: $token, password: $password, name: $name) { id email name status role } }`;
const CHECK = `query($token: String!) { invitationCheck(token: $token) { email name } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(id: $id) { ${USER_FIELDS} } }`;
const USERS = `query($all: Boolean) { users(includeInactive: $all) { ${USER_FIELDS} } }`;

type Fields = { path: string[]; message: string }[];
const fieldsOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? [];

async function startApiWithWorker(overrides: Record<string, string>) {
  const api = await startTestApi({
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_users_${randomBytes(3).toString('hex')}`,
    MAIL_FROM: 'CRM Agence <crm@agence.test>',
    PUBLIC_URL: 'http://crm.agence.test',
    MAIL_RETRY_DELAY_MS: '50',
    MAIL_SEND_ATTEMPTS: '3',
    ...overrides,
  });
  const worker = await startWorker(api.deps, new JobRegistry([invitationMailHandler(api.deps.config)]), {
    concurrency: 2,
    reconcileIntervalMs: 60_000,
  });
  return { api, worker };
}

const tokenOf = (link: string) => /\/invitation\/([A-Za-z0-9_-]+)/.exec(link)?.[1] ?? '';
const uniqEmail = (who: string) => `${who}-${randomBytes(4).toString('hex')}@agence.test`;

describe('user management', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let worker: RunningWorker;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;

  const invite = async (client: TestClient, email: string, role = 'USER', name = 'Léa Invitée') =>
    (await client.ok(INVITE, { input: { email, name, role } })).inviteUser;
  const mailTo = (address: string) =>
    waitFor(
      async () => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address)),
      (list) => list.length > 0,
    );
  const usersOf = async (client: TestClient, all = true) => (await client.ok(USERS, { all })).users;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    ({ api, worker } = await startApiWithWorker({ SMTP_URL: smtp.url }));
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin({ name: 'Agence Lumière' });
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.close();
    await owner.destroy();
    await closeFactories();
  });

  it('invites by email; the link sets a password, signs in, and works once', async () => {
    const email = uniqEmail('lea');
    const invited = await invite(admin, email.toUpperCase(), 'USER');
    expect(invited.user).toMatchObject({ email, name: 'Léa Invitée', role: 'USER', status: 'INVITED', active: false });
    // SMTP is configured: the link goes by email only.
    expect(invited.invitationLink).toBeNull();
    const [mail] = await mailTo(email);
    expect(mail.subject).toBe('Invitation à rejoindre Agence Lumière');
    expect(mail.from?.text).toContain('crm@agence.test');
    const link = /http:\/\/crm\.agence\.test\/invitation\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    const token = tokenOf(link!);
    expect(token.length).toBeGreaterThanOrEqual(40);
    // The job records the delivery.
    const row = await waitFor(
      async () => (await usersOf(admin)).find((u: { email: string }) => u.email === email),
      (u) => u.invitation?.mailStatus === 'SENT',
    );
    expect(row.invitation.sentAt).not.toBeNull();
    // Only its hash is stored.
    const stored: { token_hash: string }[] = await owner.query('SELECT token_hash FROM user_invitation WHERE id = $1', [
      invited.invitation.id,
    ]);
    expect(stored[0].token_hash).not.toContain(token);
    // Not a user who can sign in yet, nor offered in pickers.
    const early = await new Client(api.url).gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
      { e: email, p: 'un-mot-de-passe-solide' },
    );
    expect(errorCode(early)).toBe('UNAUTHENTICATED');
    expect((await usersOf(admin, false)).some((u: { email: string }) => u.email === email)).toBe(false);

    const short = await new Client(api.url).gql(ACCEPT, { token, password: 'court' });
    expect(errorCode(short)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(short)[0].path).toEqual(['password']);

    const browser = new Client(api.url);
    const accepted = await browser.ok(ACCEPT, { token, password: 'un-mot-de-passe-solide', name: 'Léa Martin' });
    expect(accepted.acceptInvitation).toMatchObject({ email, name: 'Léa Martin', status: 'ACTIVE', role: 'USER' });
    // Signed in by the same response.
    expect(browser.cookie).toMatch(/^crm_session=/);
    expect((await browser.ok('{ me { email } }')).me.email).toBe(email);
    // And can sign in later with the chosen password.
    const again = await clientFor(api, { email, password: 'un-mot-de-passe-solide' });
    expect((await again.ok('{ me { id status lastLoginAt } }')).me).toMatchObject({ status: 'ACTIVE' });
    expect((await usersOf(admin, false)).some((u: { email: string }) => u.email === email)).toBe(true);

    // The link works once.
    const reused = await new Client(api.url).gql(ACCEPT, { token, password: 'un-autre-mot-de-passe' });
    expect(errorCode(reused)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(reused)[0]).toMatchObject({ path: ['token'] });
    expect(reused.errors?.[0].message).toBeDefined();
    expect(JSON.stringify(fieldsOf(reused))).toContain('déjà servi');
    await clientFor(api, { email, password: 'un-mot-de-passe-solide' });

    // The audit trail has each step and no secret.
    const audit: { action: string; changes: unknown }[] = await owner.query(
      `SELECT action, changes FROM audit_log WHERE entity_type = 'User' AND entity_id = $1 ORDER BY id`,
      [invited.user.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['invite', 'acceptInvitation']);
    const dump = JSON.stringify(audit);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('un-mot-de-passe-solide');
    expect(dump).not.toMatch(/argon2/);
  });

  it('refuses an email used by any user, in this workspace or another, with a field path', async () => {
    const other = await createWorkspaceWithAdmin({ name: 'Ailleurs' });
    for (const email of [ws.email, other.email, ` ${other.email.toUpperCase()} `]) {
      const r = await admin.gql(INVITE, { input: { email, name: 'Doublon', role: 'USER' } });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(r)).toEqual([expect.objectContaining({ path: ['input', 'email'] })]);
    }
    const bad = await admin.gql(INVITE, { input: { email: 'pas-une-adresse', name: 'X', role: 'USER' } });
    expect(fieldsOf(bad)[0].path).toEqual(['input', 'email']);
  });

  it('resending makes a new link and the old one stops working; an expired link is refused', async () => {
    const email = uniqEmail('paul');
    const invited = await invite(admin, email, 'ADMIN', 'Paul');
    const [first] = await mailTo(email);
    const oldToken = tokenOf(first.text ?? '');
    await admin.ok(RESEND, { id: invited.user.id });
    const mails = await waitFor(
      async () => smtp.messages.filter((m) => JSON.stringify(m.to).includes(email)),
      (l) => l.length >= 2,
    );
    const newToken = tokenOf(mails[1].text ?? '');
    expect(newToken).not.toBe(oldToken);
    const old = await new Client(api.url).gql(ACCEPT, { token: oldToken, password: 'mot-de-passe-paul' });
    expect(fieldsOf(old)[0].path).toEqual(['token']);

    await owner.query(
      `UPDATE user_invitation SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NULL`,
      [invited.user.id],
    );
    const expired = await new Client(api.url).gql(ACCEPT, { token: newToken, password: 'mot-de-passe-paul' });
    expect(errorCode(expired)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(fieldsOf(expired))).toContain('expiré');
    const unknown = await new Client(api.url).gql(ACCEPT, { token: 'x'.repeat(43), password: 'mot-de-passe-paul' });
    expect(JSON.stringify(fieldsOf(unknown))).toContain('invalide');
    // Resending after expiry works again.
    await admin.ok(RESEND, { id: invited.user.id });
    const third = await waitFor(
      async () => smtp.messages.filter((m) => JSON.stringify(m.to).includes(email)),
      (l) => l.length >= 3,
    );
    const c = new Client(api.url);
    await c.ok(ACCEPT, { token: tokenOf(third[2].text ?? ''), password: 'mot-de-passe-paul' });
    // Resending to someone who already accepted is refused.
    expect(errorCode(await admin.gql(RESEND, { id: invited.user.id }))).toBe('CONFLICT');
  });

  it('checks a link when the invitation page opens: the name typed by the admin, or why the link is dead', async () => {
    const email = uniqEmail('julie');
    const invited = await invite(admin, email, 'USER', 'Julie Martin');
    const [first] = await mailTo(email);
    const oldToken = tokenOf(first.text ?? '');
    expect(await new Client(api.url).ok(CHECK, { token: oldToken })).toEqual({
      invitationCheck: { email, name: 'Julie Martin' },
    });

    // Replaced by a newer link: refused at once, with the message acceptance gives.
    await admin.ok(RESEND, { id: invited.user.id });
    const mails = await waitFor(
      async () => smtp.messages.filter((m) => JSON.stringify(m.to).includes(email)),
      (l) => l.length >= 2,
    );
    const newToken = tokenOf(mails[1].text ?? '');
    const replaced = await new Client(api.url).gql(CHECK, { token: oldToken });
    expect(errorCode(replaced)).toBe('BAD_USER_INPUT');
    const accepting = await new Client(api.url).gql(ACCEPT, { token: oldToken, password: 'mot-de-passe-julie' });
    expect(fieldsOf(replaced)).toEqual(fieldsOf(accepting));
    expect(fieldsOf(replaced)[0].path).toEqual(['token']);

    // Expired, then unknown.
    await owner.query(
      `UPDATE user_invitation SET expires_at = now() - interval '1 minute' WHERE user_id = $1 AND revoked_at IS NULL`,
      [invited.user.id],
    );
    expect(JSON.stringify(fieldsOf(await new Client(api.url).gql(CHECK, { token: newToken })))).toContain('expiré');
    const unknown = await new Client(api.url).gql(CHECK, { token: 'y'.repeat(43) });
    expect(JSON.stringify(fieldsOf(unknown))).toContain('invalide');

    // No name typed by the admin: none is suggested (not the e-mail's local part); used: refused.
    const plain = uniqEmail('sans-nom');
    await admin.ok(INVITE, { input: { email: plain, name: null, role: 'USER' } });
    const plainToken = tokenOf((await mailTo(plain))[0].text ?? '');
    expect((await new Client(api.url).ok(CHECK, { token: plainToken })).invitationCheck).toEqual({
      email: plain,
      name: null,
    });
    await new Client(api.url).ok(ACCEPT, { token: plainToken, password: 'mot-de-passe-solide' });
    const used = await new Client(api.url).gql(CHECK, { token: plainToken });
    expect(fieldsOf(used)[0].path).toEqual(['token']);
  });

  it('keeps at least one active admin and refuses self-deactivation', async () => {
    const solo = await createWorkspaceWithAdmin({ name: 'Solo' });
    const soloAdmin = await clientFor(api, solo);
    const demote = await soloAdmin.gql(UPDATE, { id: solo.userId, input: { role: 'USER' } });
    expect(errorCode(demote)).toBe('CONFLICT');
    expect(demote.errors?.[0].message).toContain('administrateur actif');
    const self = await soloAdmin.gql(DEACTIVATE, { id: solo.userId });
    expect(errorCode(self)).toBe('CONFLICT');
    expect(self.errors?.[0].message).toContain('votre propre compte');
    // An invited admin (no password yet) does not count.
    const pending = await invite(soloAdmin, uniqEmail('pending-admin'), 'ADMIN');
    expect(errorCode(await soloAdmin.gql(UPDATE, { id: solo.userId, input: { role: 'USER' } }))).toBe('CONFLICT');
    // With a second active admin, the first can be demoted (and renamed), the second not then.
    const second = await addUser(solo.workspaceId, UserRole.ADMIN, 'Second Admin');
    const secondClient = await clientFor(api, second);
    const secondKey = (
      await secondClient.ok('mutation { createApiKey(input: { name: "clé de Bea", scope: READ_WRITE }) { secret } }')
    ).createApiKey.secret;
    const renamed = await soloAdmin.ok(UPDATE, { id: second.userId, input: { name: '  Bea Admin ' } });
    expect(renamed.updateUser).toMatchObject({ name: 'Bea Admin', role: 'ADMIN' });
    const demoted = await secondClient.ok(UPDATE, { id: solo.userId, input: { role: 'USER' } });
    expect(demoted.updateUser.role).toBe('USER');
    expect(errorCode(await secondClient.gql(UPDATE, { id: second.userId, input: { role: 'USER' } }))).toBe('CONFLICT');
    // The demoted one is a USER now, at once: refused.
    expect(errorCode(await soloAdmin.gql(DEACTIVATE, { id: second.userId }))).toBe('FORBIDDEN');
    // Deactivating the pending admin is fine (not the last active one).
    const off = await secondClient.ok(DEACTIVATE, { id: pending.user.id });
    expect(off.deactivateUser.status).toBe('DEACTIVATED');
    const audit: { action: string }[] = await owner.query(
      `SELECT action FROM audit_log WHERE entity_type = 'User' AND workspace_id = $1 ORDER BY id`,
      [solo.workspaceId],
    );
    expect(audit.map((a) => a.action)).toEqual(['invite', 'update', 'update', 'deactivate']);

    // Deactivating an admin also revokes the API keys they created (a key acts as its creator).
    const keyClient = new Client(api.url, { authorization: `Bearer ${secondKey}` });
    expect((await keyClient.ok('{ me { id } }')).me.id).toBe(second.userId);
    expect(errorCode(await soloAdmin.gql(DEACTIVATE, { id: second.userId }))).toBe('FORBIDDEN');
    await secondClient.ok(UPDATE, { id: solo.userId, input: { role: 'ADMIN' } });
    const bea = await soloAdmin.ok(DEACTIVATE, { id: second.userId });
    expect(bea.deactivateUser.status).toBe('DEACTIVATED');
    expect(errorCode(await keyClient.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await secondClient.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('demoting an admin revokes their API keys at once, audited; a key acts with its creator’s role of now', async () => {
    const team = await createWorkspaceWithAdmin({ name: 'Équipe clés' });
    const lead = await clientFor(api, team);
    const bea = await addUser(team.workspaceId, UserRole.ADMIN, 'Bea Admin');
    const beaClient = await clientFor(api, bea);
    const createKey = async (client: TestClient, name: string, scope: string) =>
      (
        await client.ok(
          'mutation($n: String!, $s: ApiKeyScope!) { createApiKey(input: { name: $n, scope: $s }) { secret apiKey { id } } }',
          {
            n: name,
            s: scope,
          },
        )
      ).createApiKey as { secret: string; apiKey: { id: string } };
    const keys = [
      await createKey(beaClient, 'lecture', 'READ_ONLY'),
      await createKey(beaClient, 'écriture', 'READ_WRITE'),
    ];
    const integrators = keys.map((k) => new Client(api.url, { authorization: `Bearer ${k.secret}` }));
    // An admin-only call the keys may make (keys are managed from a session only): refused on its
    // input to an admin's key, not FORBIDDEN; nothing is written.
    const ADMIN_PROBE = 'mutation { createSettingOption(input: { list: SOURCE, label: "" }) { id } }';
    for (const integrator of integrators) {
      expect((await integrator.ok('{ me { role } }')).me.role).toBe('ADMIN');
      expect(errorCode(await integrator.gql(ADMIN_PROBE))).toBe(
        integrator === integrators[0] ? 'FORBIDDEN' : 'BAD_USER_INPUT',
      );
    }

    // Renaming keeps the keys; demoting revokes both in the same change.
    await lead.ok(UPDATE, { id: bea.userId, input: { name: 'Bea' } });
    for (const integrator of integrators) await integrator.ok('{ me { id } }');
    expect((await lead.ok(UPDATE, { id: bea.userId, input: { role: 'USER' } })).updateUser.role).toBe('USER');
    for (const integrator of integrators) {
      const r = await integrator.gql('{ me { id } }');
      expect(errorCode(r)).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(r.errors)).not.toMatch(/api_key|SELECT|stack/i);
    }
    const revoked: { revoked_at: Date | null }[] = await owner.query(
      'SELECT revoked_at FROM api_key WHERE workspace_id = $1',
      [team.workspaceId],
    );
    expect(revoked.every((k) => k.revoked_at !== null)).toBe(true);
    const trail = async (entityType: string, id: string) =>
      (
        await lead.ok(
          'query($t: String!, $id: ID!) { auditTrail(entityType: $t, entityId: $id) { edges { node { action changes actor { id } } } } }',
          { t: entityType, id },
        )
      ).auditTrail.edges.map((e: { node: unknown }) => e.node);
    for (const key of keys)
      expect((await trail('ApiKey', key.apiKey.id))[0]).toEqual({
        action: 'revoke',
        changes: { revoked: { from: false, to: true }, reason: { from: null, to: 'demoted' } },
        actor: { id: team.userId },
      });
    expect((await trail('User', bea.userId))[0]).toMatchObject({
      action: 'update',
      changes: { role: { from: 'ADMIN', to: 'USER' }, apiKeysRevoked: { from: null, to: 2 } },
    });

    // Promoted again, Bea's old keys stay dead; a new key works as an admin…
    await lead.ok(UPDATE, { id: bea.userId, input: { role: 'ADMIN' } });
    for (const integrator of integrators)
      expect(errorCode(await integrator.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    const fresh = new Client(api.url, {
      authorization: `Bearer ${(await createKey(beaClient, 'neuve', 'READ_WRITE')).secret}`,
    });
    expect(errorCode(await fresh.gql(ADMIN_PROBE))).toBe('BAD_USER_INPUT');
    // …and follows her role even when it changes without updateUser (here straight in the database):
    // a key whose creator is no longer an admin is no admin's key; one whose creator is off, no key.
    await owner.query(`UPDATE app_user SET role = 'USER' WHERE id = $1`, [bea.userId]);
    expect(errorCode(await fresh.gql(ADMIN_PROBE))).toBe('FORBIDDEN');
    expect((await fresh.ok('{ me { id role } }')).me).toEqual({ id: bea.userId, role: 'USER' });
    await owner.query(`UPDATE app_user SET active = false WHERE id = $1`, [bea.userId]);
    expect(errorCode(await fresh.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
  });

  it('two admins demoting each other at once: one wins, the workspace keeps an admin', async () => {
    const duo = await createWorkspaceWithAdmin({ name: 'Duo' });
    const other = await addUser(duo.workspaceId, UserRole.ADMIN, 'Autre Admin');
    const [a, b] = await Promise.all([clientFor(api, duo), clientFor(api, other)]);
    // Both requests are in flight together (no deadlock, no internal error, one refusal).
    const results = await Promise.all([
      a.gql(UPDATE, { id: other.userId, input: { role: 'USER' } }),
      b.gql(UPDATE, { id: duo.userId, input: { role: 'USER' } }),
    ]);
    const codes = results.map((r) => errorCode(r) ?? 'ok');
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'CONFLICT' || c === 'FORBIDDEN')).toHaveLength(1);
    const [{ n }] = await owner.query(
      `SELECT count(*)::int AS n FROM app_user WHERE workspace_id = $1 AND role = 'ADMIN' AND active`,
      [duo.workspaceId],
    );
    expect(n).toBe(1);
    // Colleagues' last sign-in is for admins only.
    const member = await addUser(duo.workspaceId, UserRole.USER, 'Membre');
    const memberClient = await clientFor(api, member);
    const seen = (await memberClient.ok(USERS, { all: true })).users as { id: string; lastLoginAt: string | null }[];
    expect(seen.find((u) => u.id === member.userId)?.lastLoginAt).not.toBeNull();
    expect(seen.filter((u) => u.id !== member.userId).every((u) => u.lastLoginAt === null)).toBe(true);
  });

  it('deactivation signs the user out at once and refuses sign-in; records stay; reactivation restores access', async () => {
    const member = await addUser(ws.workspaceId, UserRole.USER, 'Marc Commercial');
    const memberClient = await clientFor(api, member);
    const company = await memberClient.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: `Client de Marc ${randomBytes(3).toString('hex')}`,
          mainContact: { firstName: 'Jo', lastName: 'Client', email: uniqEmail('jo'), phoneDirect: '0142685300' },
        },
      },
    );
    expect((await memberClient.ok('{ me { id } }')).me.id).toBe(member.userId);
    const off = await admin.ok(DEACTIVATE, { id: member.userId });
    expect(off.deactivateUser).toMatchObject({ status: 'DEACTIVATED', active: false });
    // The very next request of the open session is signed out.
    expect(errorCode(await memberClient.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    const [{ n }] = await owner.query('SELECT count(*)::int AS n FROM session WHERE user_id = $1', [member.userId]);
    expect(n).toBe(0);
    const relogin = await new Client(api.url).gql(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
      { e: member.email, p: member.password },
    );
    expect(errorCode(relogin)).toBe('UNAUTHENTICATED');
    // Their records stay.
    const still = await admin.ok('query($id: ID!) { company(id: $id) { id } }', { id: company.createCompany.id });
    expect(still.company.id).toBe(company.createCompany.id);
    // Listed for the admin, not offered in pickers.
    expect((await usersOf(admin)).find((u: { id: string }) => u.id === member.userId).status).toBe('DEACTIVATED');
    expect((await usersOf(admin, false)).some((u: { id: string }) => u.id === member.userId)).toBe(false);

    const on = await admin.ok(REACTIVATE, { id: member.userId });
    expect(on.reactivateUser).toMatchObject({ status: 'ACTIVE', active: true });
    await clientFor(api, member);
  });

  it('is for admins in a session: USER and API keys are refused; another workspace’s user is NOT_FOUND', async () => {
    const member = await addUser(ws.workspaceId, UserRole.USER, 'Simple Membre');
    const memberClient = await clientFor(api, member);
    const calls: [string, Record<string, unknown>][] = [
      [INVITE, { input: { email: uniqEmail('nope'), name: 'Non', role: 'ADMIN' } }],
      [RESEND, { id: member.userId }],
      [UPDATE, { id: member.userId, input: { role: 'ADMIN' } }],
      [DEACTIVATE, { id: ws.userId }],
      [REACTIVATE, { id: member.userId }],
    ];
    for (const [query, vars] of calls) expect(errorCode(await memberClient.gql(query, vars))).toBe('FORBIDDEN');
    // Users still see the list (pickers), without invitations.
    expect((await usersOf(memberClient)).length).toBeGreaterThan(1);

    const key = (
      await admin.ok('mutation { createApiKey(input: { name: "intégration", scope: READ_WRITE }) { secret } }')
    ).createApiKey.secret;
    const integrator = new Client(api.url, { authorization: `Bearer ${key}` });
    for (const [query, vars] of calls) expect(errorCode(await integrator.gql(query, vars))).toBe('FORBIDDEN');
    expect((await integrator.ok(USERS, { all: true })).users.length).toBeGreaterThan(1);

    const other = await createWorkspaceWithAdmin({ name: 'Voisin' });
    const foreign = await addUser(other.workspaceId, UserRole.USER);
    for (const [query, vars] of [
      [RESEND, { id: foreign.userId }],
      [UPDATE, { id: foreign.userId, input: { name: 'Pirate' } }],
      [DEACTIVATE, { id: foreign.userId }],
      [REACTIVATE, { id: foreign.userId }],
    ] as const)
      expect(errorCode(await admin.gql(query, vars))).toBe('NOT_FOUND');
    await clientFor(api, foreign);
    const [row] = await owner.query('SELECT name, active, role FROM app_user WHERE id = $1', [foreign.userId]);
    expect(row).toEqual({ name: 'Test User', active: true, role: 'USER' });
  });
});

describe('user management without SMTP', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let ws: TestWorkspace;
  let admin: TestClient;

  beforeAll(async () => {
    ({ api, worker } = await startApiWithWorker({ SMTP_URL: '', LOGIN_MAX_ATTEMPTS_PER_IP: '4' }));
    ws = await createWorkspaceWithAdmin({ name: 'Sans SMTP' });
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  it('gives the admin the link, keeps the mail in the outbox, and the link works', async () => {
    const email = uniqEmail('nina');
    const invited = (await admin.ok(INVITE, { input: { email, name: 'Nina', role: 'ADMIN' } })).inviteUser;
    expect(invited.invitationLink).toMatch(/^http:\/\/crm\.agence\.test\/invitation\/[A-Za-z0-9_-]{40,}$/);
    const row = await waitFor(
      async () => (await admin.ok(USERS, { all: true })).users.find((u: { email: string }) => u.email === email),
      (u) => u.invitation?.mailStatus !== 'QUEUED',
    );
    expect(row.invitation).toMatchObject({ mailStatus: 'OUTBOX', sentAt: null, mailError: null });
    const jobs = await admin.ok(
      '{ jobs(first: 10) { edges { node { kind status result progressDone progressTotal } } } }',
    );
    const job = jobs.jobs.edges
      .map((e: { node: unknown }) => e.node)
      .find((j: { kind: string }) => j.kind === 'user.invitation');
    // The mail kept in the outbox is the job's one item done: 1 of 1, not 0 of 1.
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      result: { status: 'OUTBOX', reason: 'smtp-not-configured' },
      progressDone: 1,
      progressTotal: 1,
    });

    // The mail is in the outbox, as it would have been sent, the link in its body.
    const { outbox } = await admin.ok(
      '{ outbox { edges { node { id kind status from subject bodyText createdAt to { name address } activity { id } } } } }',
    );
    const mails = outbox.edges
      .map((e: { node: unknown }) => e.node)
      .filter((m: { to: { address: string }[] }) => m.to[0].address === email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      id: job.result.emailId,
      kind: 'SYSTEM',
      status: 'OUTBOX',
      from: 'CRM Agence <crm@agence.test>',
      subject: expect.stringContaining('Sans SMTP'),
      to: [{ name: 'Nina', address: email }],
      activity: null,
    });
    expect(mails[0].bodyText).toContain(invited.invitationLink);
    // The invitation link lets whoever holds it in: users who are not admins do not see it.
    const user = await clientFor(api, await addUser(ws.workspaceId, UserRole.USER));
    expect((await user.ok('{ outbox { totalCount } }')).outbox.totalCount).toBe(0);
    const hidden = await user.gql('query($id: ID!) { emailMessage(id: $id) { id } }', { id: job.result.emailId });
    expect(errorCode(hidden)).toBe('NOT_FOUND');

    const c = new Client(api.url);
    const accepted = await c.ok(ACCEPT, { token: tokenOf(invited.invitationLink), password: 'mot-de-passe-nina' });
    expect(accepted.acceptInvitation).toMatchObject({ status: 'ACTIVE', role: 'ADMIN' });
    expect((await c.ok('{ me { email role } }')).me).toEqual({ email, role: 'ADMIN' });
  });

  it('never shows an invitation link to an API key, read-only or read-write, even an admin’s', async () => {
    const readOnly = await apiKeyClient(api, admin, 'READ_ONLY');
    const readWrite = await apiKeyClient(api, admin, 'READ_WRITE');
    const email = uniqEmail('carol');
    const invited = (await admin.ok(INVITE, { input: { email, name: 'Carol', role: 'ADMIN' } })).inviteUser;
    const token = tokenOf(invited.invitationLink);
    await waitFor(
      async () => (await admin.ok(USERS, { all: true })).users.find((u: { email: string }) => u.email === email),
      (u) => u.invitation?.mailStatus === 'OUTBOX',
    );
    const OUTBOX = '{ outbox { totalCount edges { node { id kind subject bodyText bodyHtml } } } }';
    const adminOutbox = (await admin.ok(OUTBOX)).outbox;
    const mail = adminOutbox.edges.find((e: { node: { bodyText: string } }) => e.node.bodyText.includes(token));
    expect(mail.node.kind).toBe('SYSTEM');
    const everywhere = `{
      outbox { totalCount edges { node { id kind bodyText bodyHtml } } }
      users(includeInactive: true) { ${USER_FIELDS} }
      jobs(first: 50) { edges { node { kind result error } } }
    }`;
    for (const key of [readOnly, readWrite]) {
      const seen = await key.ok(everywhere);
      expect(seen.outbox.edges.some((e: { node: { kind: string } }) => e.node.kind === 'SYSTEM')).toBe(false);
      expect(JSON.stringify(seen)).not.toContain(token);
      const single = await key.gql('query($id: ID!) { emailMessage(id: $id) { id bodyText } }', { id: mail.node.id });
      expect(errorCode(single)).toBe('NOT_FOUND');
      expect(JSON.stringify(single)).not.toContain(token);
    }
    // The admin's own session still sees it.
    expect(
      (await admin.ok('query($id: ID!) { emailMessage(id: $id) { kind } }', { id: mail.node.id })).emailMessage,
    ).toEqual({ kind: 'SYSTEM' });
  });

  it('keeps the token of an opened invitation link out of the request log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const http = await createHttpApp({ ...api.deps, logger });
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    const { port } = http.server.address() as AddressInfo;
    const token = 'secret-invitation-token-0123456789abcdefghij';
    try {
      await fetch(`http://127.0.0.1:${port}/invitation/${token}`);
    } finally {
      await http.stop();
    }
    const log = lines.join('\n');
    expect(log).toContain('/invitation/[redacted]');
    expect(log).not.toContain(token);
  });

  it('rate-limits wrong invitation tokens like sign-ins', async () => {
    const c = new Client(api.url);
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        errorCode(await c.gql(ACCEPT, { token: `wrong-token-${i}-${'z'.repeat(30)}`, password: 'x'.repeat(12) })),
      );
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('BAD_USER_INPUT'));
    expect(codes.slice(4)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('invitation mail retries', () => {
  let sink: SmtpSink;
  let api: TestApi;
  let worker: RunningWorker;
  let owner: DataSource;
  let admin: TestClient;

  const settled = (id: string) =>
    waitFor(
      async () =>
        (
          await owner.query(
            'SELECT mail_status, mail_attempts, mail_error, sent_at FROM user_invitation WHERE id = $1',
            [id],
          )
        )[0] as { mail_status: string; mail_attempts: number; mail_error: string | null; sent_at: Date | null },
      (r) => r.mail_status === 'SENT' || r.mail_status === 'FAILED',
    );

  beforeAll(async () => {
    sink = await startSmtpSink();
    ({ api, worker } = await startApiWithWorker({ SMTP_URL: sink.url }));
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    admin = await clientFor(api, await createWorkspaceWithAdmin({ name: 'Relances' }));
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await sink.close();
    await owner.destroy();
    await closeFactories();
  });

  it('retries with backoff while the server answers "try later", then sends once', async () => {
    sink.refuseNext(2, 451);
    const email = uniqEmail('retry');
    const invited = (await admin.ok(INVITE, { input: { email, name: 'Retry', role: 'USER' } })).inviteUser;
    const row = await settled(invited.invitation.id);
    expect(row).toMatchObject({ mail_status: 'SENT', mail_attempts: 3, mail_error: null });
    expect(sink.messages.filter((m) => m.rcpt.includes(email))).toHaveLength(1);
  });

  it('gives up at once on a refusal and shows why', async () => {
    sink.refuseNext(1, 550);
    const email = uniqEmail('refused');
    const invited = (await admin.ok(INVITE, { input: { email, name: 'Refused', role: 'USER' } })).inviteUser;
    const row = await settled(invited.invitation.id);
    expect(row).toMatchObject({ mail_status: 'FAILED', mail_attempts: 1 });
    expect(row.mail_error).toContain('550');
    const listed = (await admin.ok(USERS, { all: true })).users.find((u: { email: string }) => u.email === email);
    expect(listed.invitation).toMatchObject({ mailStatus: 'FAILED' });
    // Resending makes a new attempt that goes through.
    await admin.ok(RESEND, { id: invited.user.id });
    await waitFor(
      async () => sink.messages.filter((m) => m.rcpt.includes(email)).length,
      (n) => n === 1,
    );
  });
});
