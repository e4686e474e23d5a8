import type { DataSource } from 'typeorm';
import { createAdminDataSource } from '../../db/data-sources';
import {
  TestClient,
  type TestApi,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
  testConfig,
} from '../../../test/harness';

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix scope createdBy { id } } }
}`;

describe('API keys', () => {
  let api: TestApi;
  let owner: DataSource;
  beforeAll(async () => {
    api = await startTestApi();
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
  });
  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  it('are created by admins, shown once, usable as Bearer, and revocable', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createApiKey } = await admin.ok(CREATE, { input: { name: 'Zapier', scope: 'READ_WRITE' } });
    expect(createApiKey.secret).toMatch(/^crm_/);
    expect(createApiKey.secret.startsWith(createApiKey.apiKey.prefix)).toBe(true);
    expect(createApiKey.apiKey.createdBy.id).toBe(ws.userId);

    const listed = await admin.ok('{ apiKeys { id name prefix } }');
    expect(JSON.stringify(listed)).not.toContain(createApiKey.secret);

    const integrator = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    expect((await integrator.ok('{ me { id workspace { id } } }')).me.workspace.id).toBe(ws.workspaceId);

    await admin.ok('mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: createApiKey.apiKey.id });
    expect(errorCode(await integrator.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');

    // Creation and revocation are in the audit trail.
    const trail = await admin.ok(
      'query($id: ID!) { auditTrail(entityType: "ApiKey", entityId: $id) { totalCount edges { node { action changes actor { id } } } } }',
      { id: createApiKey.apiKey.id },
    );
    expect(trail.auditTrail.totalCount).toBe(2);
    expect(trail.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'revoke',
      'create',
    ]);
    expect(trail.auditTrail.edges[1].node.changes).toEqual({
      name: { from: null, to: 'Zapier' },
      scope: { from: null, to: 'READ_WRITE' },
    });
    expect(trail.auditTrail.edges[0].node.actor.id).toBe(ws.userId);
  });

  it('read-only keys can read but not write', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createApiKey } = await admin.ok(CREATE, { input: { name: 'BI', scope: 'READ_ONLY' } });
    const reader = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    await reader.ok('{ me { id } jobs { totalCount } }');
    const write = await reader.gql(CREATE, { input: { name: 'escalate', scope: 'READ_WRITE' } });
    expect(errorCode(write)).toBe('FORBIDDEN');
    expect((await admin.ok('{ apiKeys { id } }')).apiKeys).toHaveLength(1);
  });

  it('are refused to users who are not admins', async () => {
    const ws = await createWorkspaceWithAdmin({ role: 'USER' });
    const user = await clientFor(api, ws);
    expect(errorCode(await user.gql(CREATE, { input: { name: 'x', scope: 'READ_ONLY' } }))).toBe('FORBIDDEN');
    expect(errorCode(await user.gql('{ apiKeys { id } }'))).toBe('FORBIDDEN');
  });

  it('say which field is wrong', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    admin.headers['accept-language'] = 'en';
    const r = await admin.gql(CREATE, { input: { name: '   ', scope: 'READ_ONLY' } });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0].extensions?.fields).toEqual([{ path: ['input', 'name'], message: 'This field is required.' }]);
  });

  it('of another workspace are NOT_FOUND', async () => {
    const a = await createWorkspaceWithAdmin();
    const b = await createWorkspaceWithAdmin();
    const adminB = await clientFor(api, b);
    const { createApiKey } = await adminB.ok(CREATE, { input: { name: 'B key', scope: 'READ_ONLY' } });
    const adminA = await clientFor(api, a);
    const r = await adminA.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: createApiKey.apiKey.id });
    expect(errorCode(r)).toBe('NOT_FOUND');
    expect(errorCode(await adminA.gql('mutation { revokeApiKey(id: "not-a-uuid") { id } }'))).toBe('NOT_FOUND');
    const stillThere = await adminB.ok('{ apiKeys { revokedAt } }');
    expect(stillThere.apiKeys[0].revokedAt).toBeNull();
  });

  it('cannot mint or revoke keys: keys are managed from a session only', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createApiKey } = await admin.ok(CREATE, { input: { name: 'Fuite', scope: 'READ_WRITE' } });
    const leaked = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    const minted = await leaked.gql(CREATE, { input: { name: 'Relais', scope: 'READ_WRITE' } });
    expect(errorCode(minted)).toBe('FORBIDDEN');
    expect(minted.errors?.[0].message).toBe(
      'Les clés API se gèrent depuis une session administrateur, pas avec une clé API.',
    );
    const revoke = await leaked.gql('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', {
      id: createApiKey.apiKey.id,
    });
    expect(errorCode(revoke)).toBe('FORBIDDEN');
    expect(errorCode(await leaked.gql('{ apiKeys { id } }'))).toBe('FORBIDDEN');
    // Revoking the leaked key contains the leak: it made no other key.
    const { apiKeys } = await admin.ok('{ apiKeys { name revokedAt } }');
    expect(apiKeys).toEqual([{ name: 'Fuite', revokedAt: null }]);
  });

  it('note when they were last used, at most once a minute (no write on a key used within the minute)', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createApiKey } = await admin.ok(CREATE, { input: { name: 'ERP', scope: 'READ_ONLY' } });
    const id = createApiKey.apiKey.id;
    const lastUsed = async () =>
      (await admin.ok('{ apiKeys { id lastUsedAt } }')).apiKeys.find((k: { id: string }) => k.id === id).lastUsedAt;
    expect(await lastUsed()).toBeNull();

    const integrator = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    const before = Date.now();
    await integrator.ok('{ me { id } }');
    const first = await lastUsed();
    expect(first).not.toBeNull();
    expect(Math.abs(new Date(first).getTime() - before)).toBeLessThan(30_000);

    // Used again within the minute: the stamp stays (the row is not written: same xmin).
    const xmin = async () => (await owner.query('SELECT xmin::text AS x FROM api_key WHERE id = $1', [id]))[0].x;
    const version = await xmin();
    await integrator.ok('{ me { id } }');
    expect(await lastUsed()).toBe(first);
    expect(await xmin()).toBe(version);

    // Older than a minute: the next use stamps it again.
    await owner.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
    const old = await lastUsed();
    await integrator.ok('{ me { id } }');
    expect(new Date(await lastUsed()).getTime()).toBeGreaterThan(new Date(old).getTime() + 60_000);

    // A revoked key is not stamped.
    await admin.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id });
    await owner.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [id]);
    const atRevocation = await lastUsed();
    await integrator.gql('{ me { id } }');
    expect(await lastUsed()).toBe(atRevocation);
  });

  it('have names unique among the workspace’s live keys (CONFLICT on the name)', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const first = await admin.ok(CREATE, { input: { name: 'RO integ', scope: 'READ_ONLY' } });
    const again = await admin.gql(CREATE, { input: { name: ' ro INTEG ', scope: 'READ_WRITE' } });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0].message).toBe(
      'Une clé API active porte déjà le nom « ro INTEG » : choisissez-en un autre.',
    );
    expect(again.errors?.[0].extensions?.fields).toEqual([
      {
        path: ['input', 'name'],
        message: 'Une clé API active porte déjà le nom « ro INTEG » : choisissez-en un autre.',
      },
    ]);
    // Another workspace may use the name; a revoked key's name is free again.
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    await other.ok(CREATE, { input: { name: 'RO integ', scope: 'READ_ONLY' } });
    await admin.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: first.createApiKey.apiKey.id });
    await admin.ok(CREATE, { input: { name: 'RO integ', scope: 'READ_ONLY' } });
    // The database refuses it too (two admins at the same moment).
    await expect(
      owner.query(
        `INSERT INTO api_key (workspace_id, name, prefix, key_hash, scope, created_by)
         VALUES ($1, 'RO INTEG', 'crm_x', 'h-${Date.now()}', 'READ_ONLY', $2)`,
        [ws.workspaceId, ws.userId],
      ),
    ).rejects.toThrow(/api_key_live_name_key/);
  });

  it('unknown or revoked: 401 UNAUTHENTICATED saying so, on GraphQL and the file routes', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const { createApiKey } = await admin.ok(CREATE, { input: { name: 'Ancienne', scope: 'READ_WRITE' } });
    await admin.ok('mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: createApiKey.apiKey.id });
    for (const secret of [createApiKey.secret, 'crm_inconnue_0000']) {
      const client = new TestClient(api.url, { authorization: `Bearer ${secret}` });
      const r = await client.gql('{ me { id } }');
      expect(r.status).toBe(401);
      expect(errorCode(r)).toBe('UNAUTHENTICATED');
      expect(r.errors?.[0].message).toBe('Clé API inconnue ou révoquée.');
      const file = await client.get('/files/imports/template.xlsx');
      expect(file.status).toBe(401);
      expect(await file.json()).toEqual({ code: 'UNAUTHENTICATED', message: 'Clé API inconnue ou révoquée.' });
    }
    const en = new TestClient(api.url, { authorization: 'Bearer crm_nope', 'accept-language': 'en' });
    expect((await en.gql('{ me { id } }')).errors?.[0].message).toBe('Unknown or revoked API key.');
    // Without a key, still the usual "sign in" (the web client's anonymous requests).
    const anonymous = await new TestClient(api.url).gql('{ companies(first: 1) { totalCount } }');
    expect(anonymous.errors?.[0].message).toBe('Vous devez être connecté.');
  });
});
