import {
  TestClient,
  type TestApi,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix scope createdBy { id } } }
}`;

describe('API keys', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
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
});
