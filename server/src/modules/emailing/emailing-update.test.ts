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
import { type FakeProvider, startBrevoFake, startMailjetFake, startSarbacaneFake } from '../../../test/emailing-fakes';
import { withTenant } from '../../db/tenant-scope';

const FIELDS = 'id provider label accountId status lastError syncIntervalMinutes';
const CREATE = `mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: EmailingConnectionInput!) {
  updateEmailingConnection(id: $id, input: $input) { ${FIELDS} } }`;
const TEST = `mutation($id: ID!) { testEmailingConnection(id: $id) { ${FIELDS} } }`;
const CONNECTIONS = `{ emailingConnections { ${FIELDS} } }`;
const TRAIL = `query($id: ID!) { auditTrail(entityType: "EmailingConnection", entityId: $id) {
  edges { node { action changes } } } }`;

type Fields = { path: string[]; message: string }[];
const fieldsOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? [];

/**
 * Editing a connection: the keys left out keep their stored value (the API never returns
 * them), the ones typed are checked with the provider; the provider and the account, to
 * which the campaign history is tied, cannot change.
 */
describe('emailing connection update', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  let brevo: FakeProvider;
  let mailjet: FakeProvider;
  let sarbacane: FakeProvider;

  beforeAll(async () => {
    brevo = await startBrevoFake('xkeysib-old');
    mailjet = await startMailjetFake('mj-key', 'mj-secret');
    sarbacane = await startSarbacaneFake('acc-1', 'sb-key');
    api = await startTestApi({
      EMAILING_BREVO_BASE_URL: brevo.url,
      EMAILING_MAILJET_BASE_URL: mailjet.url,
      EMAILING_SARBACANE_BASE_URL: sarbacane.url,
      // Its own queue: the schedules of these connections are no other file's business.
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_emailing_update`,
    });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
  });
  afterAll(async () => {
    await api?.close();
    for (const f of [brevo, mailjet, sarbacane]) await f?.close();
    await closeFactories();
  });

  const storedCredentials = async (id: string) =>
    (
      await withTenant(api.deps.dataSource, ws.workspaceId, null, (m) =>
        m.query('SELECT credentials_enc FROM emailing_connection WHERE id = $1', [id]),
      )
    )[0].credentials_enc as string;

  it('keeps the stored key when the input leaves it out or blank, and changes it only when typed', async () => {
    const created = (await admin.ok(CREATE, { input: { provider: 'BREVO', label: 'Brevo', apiKey: 'xkeysib-old' } }))
      .createEmailingConnection;
    expect(created.accountId).toBeNull();
    const encrypted = await storedCredentials(created.id);

    const renamed = (
      await admin.ok(UPDATE, {
        id: created.id,
        input: { provider: 'BREVO', label: ' Brevo agence ', syncIntervalMinutes: 30, apiKey: '' },
      })
    ).updateEmailingConnection;
    expect(renamed).toMatchObject({ label: 'Brevo agence', syncIntervalMinutes: 30, status: 'OK' });
    expect(await storedCredentials(created.id)).toBe(encrypted);
    // The key kept is the one the provider accepts.
    expect((await admin.ok(TEST, { id: created.id })).testEmailingConnection.status).toBe('OK');

    // The key is rotated at the provider: the stored one fails until the new one is typed.
    brevo.state.credentials.apiKey = 'xkeysib-new';
    expect((await admin.ok(TEST, { id: created.id })).testEmailingConnection.status).toBe('ERROR');
    const wrong = await admin.gql(UPDATE, { id: created.id, input: { label: 'Autre nom', apiKey: 'xkeysib-typo' } });
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(wrong).map((f) => f.path)).toEqual([['input', 'apiKey']]);
    expect(fieldsOf(wrong)[0].message).toMatch(/Brevo refuse ces identifiants \(HTTP 401\)/);
    expect(await storedCredentials(created.id)).toBe(encrypted);
    expect((await admin.ok(CONNECTIONS)).emailingConnections[0].label).toBe('Brevo agence');

    const rotated = (await admin.ok(UPDATE, { id: created.id, input: { apiKey: ' xkeysib-new ' } }))
      .updateEmailingConnection;
    expect(rotated).toMatchObject({ label: 'Brevo agence', status: 'OK', lastError: null });
    expect(await storedCredentials(created.id)).not.toBe(encrypted);
    expect(JSON.stringify(await admin.ok(CONNECTIONS))).not.toContain('xkeysib-new');
    expect((await admin.ok(TEST, { id: created.id })).testEmailingConnection.status).toBe('OK');

    const trail = (await admin.ok(TRAIL, { id: created.id })).auditTrail.edges.map(
      (e: { node: { action: string; changes: Record<string, unknown> } }) => e.node,
    );
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['update', 'update', 'create']);
    expect(trail[0].changes).toEqual({ credentialsChanged: { from: false, to: true } });
    expect(trail[1].changes).toMatchObject({ label: { from: 'Brevo', to: 'Brevo agence' } });
    expect(trail[1].changes.credentialsChanged).toBeUndefined();
  });

  it('refuses another provider on the field input.provider, and changes nothing', async () => {
    const created = (
      await admin.ok(CREATE, {
        input: { provider: 'MAILJET', label: 'Mailjet', apiKey: 'mj-key', secretKey: 'mj-secret' },
      })
    ).createEmailingConnection;
    const r = await admin.gql(UPDATE, {
      id: created.id,
      input: { provider: 'BREVO', label: 'Devenu Brevo', apiKey: 'xkeysib-new' },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(r).map((f) => f.path)).toEqual([['input', 'provider']]);
    expect(fieldsOf(r)[0].message).toMatch(/historique des campagnes/);
    const after = (await admin.ok(CONNECTIONS)).emailingConnections.find((c: { id: string }) => c.id === created.id);
    expect(after).toMatchObject({ provider: 'MAILJET', label: 'Mailjet' });
  });

  it('merges a key typed alone with the stored ones, and names the typed field when refused', async () => {
    const created = (
      await admin.ok(CREATE, {
        input: { provider: 'MAILJET', label: 'Mailjet 2', apiKey: 'mj-key', secretKey: 'mj-secret' },
      })
    ).createEmailingConnection;
    mailjet.state.credentials.secretKey = 'mj-secret-2';
    const updated = (await admin.ok(UPDATE, { id: created.id, input: { secretKey: 'mj-secret-2' } }))
      .updateEmailingConnection;
    expect(updated.status).toBe('OK');
    expect((await admin.ok(TEST, { id: created.id })).testEmailingConnection.status).toBe('OK');
    // A wrong public key typed alone: the message is under that field, not the secret one left empty.
    const r = await admin.gql(UPDATE, { id: created.id, input: { apiKey: 'mj-wrong' } });
    expect(fieldsOf(r).map((f) => f.path)).toEqual([['input', 'apiKey']]);
  });

  it('shows the account identifier, never the key, and refuses another account', async () => {
    const created = (
      await admin.ok(CREATE, {
        input: { provider: 'SARBACANE', label: 'Sarbacane', accountId: 'acc-1', apiKey: 'sb-key' },
      })
    ).createEmailingConnection;
    expect(created.accountId).toBe('acc-1');
    expect(JSON.stringify(await admin.ok(CONNECTIONS))).not.toContain('sb-key');
    const other = await admin.gql(UPDATE, { id: created.id, input: { accountId: 'acc-2', apiKey: 'sb-key' } });
    expect(errorCode(other)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(other).map((f) => f.path)).toEqual([['input', 'accountId']]);
    // The same account with a new key is a key rotation.
    sarbacane.state.credentials.apiKey = 'sb-key-2';
    const rotated = (
      await admin.ok(UPDATE, {
        id: created.id,
        input: { accountId: 'acc-1', apiKey: 'sb-key-2', label: 'Sarbacane 2' },
      })
    ).updateEmailingConnection;
    expect(rotated).toMatchObject({ accountId: 'acc-1', label: 'Sarbacane 2', status: 'OK' });
  });
});
