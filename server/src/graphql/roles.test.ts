import type { DataSource } from 'typeorm';
import { getMetadataStorage } from 'type-graphql';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  TestClient as Client,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
  testConfig,
} from '../../test/harness';
import { operation, workspaceFingerprint, workspaceIdPicker } from '../../test/schema-walk';
import { createAdminDataSource } from '../db/data-sources';
import { buildApiSchema } from './schema';

/**
 * What a USER (not an admin) may not do, and what a read-only API key may not do: every
 * call is refused with FORBIDDEN and the workspace's rows stay byte for byte the same.
 * The operations get the workspace's own ids, so a refusal is not a NOT_FOUND in disguise.
 */

/** The admin-only operations the product promises (settings, exports, API keys, configuration, GDPR, users). */
const ADMIN_ONLY = [
  // settings lists
  'createSettingOption',
  'updateSettingOption',
  'reorderSettingOptions',
  'deleteSettingOption',
  // exports and GDPR
  'startExport',
  'exportPersonData',
  'erasePerson',
  // API keys
  'createApiKey',
  'revokeApiKey',
  'apiKeys',
  // custom field definitions
  'createCustomField',
  'updateCustomField',
  'deleteCustomField',
  'reorderCustomFields',
  // pipeline configuration
  'createPipelineColumn',
  'updatePipelineColumn',
  'deletePipelineColumn',
  'reorderPipelineColumns',
  // emailing-provider connections
  'createEmailingConnection',
  'updateEmailingConnection',
  'deleteEmailingConnection',
  'syncEmailingConnection',
  'testEmailingConnection',
  'emailingConnections',
  // email and page templates
  'createEmailTemplate',
  'updateEmailTemplate',
  'deleteEmailTemplate',
  'createPageTemplate',
  'updatePageTemplate',
  'deletePageTemplate',
  // money going back or taken out of the books (cancelling an issued invoice too, which needs one: finance-rules.test.ts)
  'recordRefund',
  'cancelPayment',
  // user management
  'inviteUser',
  'resendInvitation',
  'updateUser',
  'deactivateUser',
  'reactivateUser',
];

/**
 * What an admin's READ_WRITE API key may still not do: what hands out or changes access (API
 * keys, users and invitations, emailing connections with their credentials and webhook token)
 * and what takes data away behind a password (exports, GDPR). The rest of ADMIN_ONLY (settings
 * lists, custom fields, pipeline, templates, legal identity) is open to such a key.
 */
const SESSION_ONLY: Record<string, RegExp> = {
  apiKeys: /clés API se gèrent depuis une session/,
  createApiKey: /clés API se gèrent depuis une session/,
  revokeApiKey: /clés API se gèrent depuis une session/,
  inviteUser: /gestion des utilisateurs se fait depuis une session/,
  resendInvitation: /gestion des utilisateurs se fait depuis une session/,
  updateUser: /gestion des utilisateurs se fait depuis une session/,
  deactivateUser: /gestion des utilisateurs se fait depuis une session/,
  reactivateUser: /gestion des utilisateurs se fait depuis une session/,
  emailingConnections: /connexions emailing .* session administrateur/,
  createEmailingConnection: /connexions emailing .* session administrateur/,
  updateEmailingConnection: /connexions emailing .* session administrateur/,
  deleteEmailingConnection: /connexions emailing .* session administrateur/,
  testEmailingConnection: /connexions emailing .* session administrateur/,
  syncEmailingConnection: /connexions emailing .* session administrateur/,
  startExport: /export se lance depuis une session/,
  exportPersonData: /session administrateur \(pas une clé API\)/,
  erasePerson: /demande une session administrateur/,
};

describe('roles: what users and read-only API keys may not do', () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let user: TestClient;
  let readOnlyKey: string;
  let readWriteKey: string;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-roles` });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin({ name: 'Rôles' });
    admin = await clientFor(api, ws);
    user = await clientFor(api, await addUser(ws.workspaceId));
    // A record of each kind, so that every id argument gets a real id of the workspace.
    await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Rôles SA',
        mainContact: { firstName: 'Rose', lastName: 'Rôle', email: 'rose@roles.fr', phoneDirect: '0142685300' },
      },
    });
    await admin.ok(
      'mutation { createCustomField(input: { recordKind: CONTACT, labelFr: "Pointure", type: NUMBER }) { id } }',
    );
    await admin.ok('mutation { createSettingOption(input: { list: SOURCE, label: "Salon" }) { id } }');
    await admin.ok(
      'mutation { createEmailTemplate(input: { name: "Relance", subject: "Relance", body: "Bonjour" }) { id } }',
    );
    await admin.ok('mutation { createPageTemplate(input: { name: "Fiche", recordKind: CONTACT }) { id } }');
    const state = await admin.ok(
      'mutation { createSettingOption(input: { list: PROGRESS_STATE, label: "Signé" }) { id } }',
    );
    await admin.ok(`mutation($s: ID!) { createPipelineColumn(input: { label: "Signé", stateIds: [$s] }) { id } }`, {
      s: state.createSettingOption.id,
    });
    readWriteKey = (
      await admin.ok('mutation { createApiKey(input: { name: "écriture", scope: READ_WRITE }) { secret } }')
    ).createApiKey.secret;
    readOnlyKey = (await admin.ok('mutation { createApiKey(input: { name: "lecture", scope: READ_ONLY }) { secret } }'))
      .createApiKey.secret;
  });

  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  it('refuses every admin-only operation to a USER, and changes nothing', async () => {
    const schema = await buildApiSchema();
    const fields = {
      query: schema.getQueryType()?.getFields() ?? {},
      mutation: schema.getMutationType()?.getFields() ?? {},
    };
    // Whatever the code marks @Authorized('ADMIN') is covered too, so a new one needs no edit here.
    const declared = getMetadataStorage()
      .authorizedFields.filter((a) => a.roles.includes('ADMIN'))
      .map((a) => a.fieldName);
    const names = [...new Set([...ADMIN_ONLY, ...declared])];
    const pick = await workspaceIdPicker(owner, ws.workspaceId);
    const before = await workspaceFingerprint(owner, ws.workspaceId);
    const wrong: string[] = [];
    for (const name of names) {
      const kind = name in fields.mutation ? 'mutation' : name in fields.query ? 'query' : null;
      if (!kind) {
        wrong.push(`${name}: not in the schema`);
        continue;
      }
      const op = operation(kind, fields[kind][name], pick);
      const r = await user.gql(op.text, op.variables);
      if (errorCode(r) !== 'FORBIDDEN') wrong.push(`${name}: ${String(errorCode(r) ?? 'allowed')}`);
      // The control, for reads (writes would change the workspace): the admin is not refused.
      if (kind === 'query' && errorCode(await admin.gql(op.text, op.variables)) === 'FORBIDDEN')
        wrong.push(`${name}: refused to the admin too`);
    }
    expect(wrong).toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(ADMIN_ONLY.length);
    expect(await workspaceFingerprint(owner, ws.workspaceId)).toEqual(before);
  });

  it('refuses every mutation of the schema to a read-only API key, and changes nothing', async () => {
    const schema = await buildApiSchema();
    const client = new Client(api.url, { authorization: `Bearer ${readOnlyKey}` });
    // The key reads.
    expect((await client.ok('{ companies(first: 5) { totalCount } }')).companies.totalCount).toBe(1);
    const pick = await workspaceIdPicker(owner, ws.workspaceId);
    const before = await workspaceFingerprint(owner, ws.workspaceId);
    const wrong: string[] = [];
    const mutations = Object.values(schema.getMutationType()?.getFields() ?? {});
    for (const field of mutations) {
      const op = operation('mutation', field, pick);
      const r = await client.gql(op.text, op.variables);
      if (errorCode(r) !== 'FORBIDDEN') wrong.push(`${field.name}: ${String(errorCode(r) ?? 'allowed')}`);
    }
    expect(wrong).toEqual([]);
    expect(mutations.length).toBeGreaterThan(60);
    expect(await workspaceFingerprint(owner, ws.workspaceId)).toEqual(before);
  });

  it('refuses key and user management (and the other session-only operations) to an admin’s READ_WRITE key, each with its reason', async () => {
    const schema = await buildApiSchema();
    const fields = {
      query: schema.getQueryType()?.getFields() ?? {},
      mutation: schema.getMutationType()?.getFields() ?? {},
    };
    const client = new Client(api.url, { authorization: `Bearer ${readWriteKey}` });
    const pick = await workspaceIdPicker(owner, ws.workspaceId);
    const before = await workspaceFingerprint(owner, ws.workspaceId);
    const wrong: string[] = [];
    for (const [name, reason] of Object.entries(SESSION_ONLY)) {
      const kind = name in fields.mutation ? 'mutation' : name in fields.query ? 'query' : null;
      if (!kind) {
        wrong.push(`${name}: not in the schema`);
        continue;
      }
      const op = operation(kind, fields[kind][name], pick);
      const r = await client.gql(op.text, op.variables);
      const message = r.errors?.[0]?.message ?? '';
      if (errorCode(r) !== 'FORBIDDEN' || !reason.test(message))
        wrong.push(`${name}: ${String(errorCode(r) ?? 'allowed')} ${message}`);
    }
    expect(wrong).toEqual([]);
    expect(await workspaceFingerprint(owner, ws.workspaceId)).toEqual(before);
    // What an integrator may set up with such a key: settings values and custom fields.
    await client.ok('mutation { createSettingOption(input: { list: SOURCE, label: "Intégration" }) { id } }');
    await client.ok(
      'mutation { createCustomField(input: { recordKind: COMPANY, labelFr: "Réf. ERP", type: TEXT }) { id } }',
    );
  });
});
