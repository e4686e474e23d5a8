import { GraphQLList, GraphQLNonNull, type GraphQLInputType } from 'graphql';
import type { DataSource } from 'typeorm';
import { createAdminDataSource } from '../db/data-sources';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  testConfig,
} from '../../test/harness';
import { idPicker, operation, unwrap, workspaceFingerprint, workspaceIds } from '../../test/schema-walk';
import { buildApiSchema } from './schema';

/**
 * Walks every query and mutation of the schema as the admin of workspace A, giving it the
 * ids of workspace B's records, and checks that nothing of B leaks into the answers and
 * that B's rows are byte for byte the same afterwards. New operations are covered without
 * touching this file: arguments are generated from their types (test/schema-walk.ts).
 */

/** Operations that end the walker's own session or need a real second factor. */
const SKIPPED = new Set(['logout', 'login']);

/** The victim's ids (to hand out and to detect leaks) and a few distinctive texts of it. */
async function victimData(owner: DataSource, workspaceId: string) {
  const ids = await workspaceIds(owner, workspaceId);
  return {
    pick: idPicker(ids),
    allIds: new Set([workspaceId, ...[...ids.values()].flat()]),
    texts: ['Victime Secrète SA', 'victime.secrete@victim.fr'],
  };
}

function isList(type: GraphQLInputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

describe('workspace isolation across the whole API', () => {
  let api: TestApi;
  let admin: DataSource;
  let attacker: TestClient;
  let victim: TestWorkspace;

  beforeAll(async () => {
    api = await startTestApi();
    admin = createAdminDataSource(testConfig());
    await admin.initialize();
    victim = await createWorkspaceWithAdmin({ name: 'Victime' });
    const victimClient = await clientFor(api, victim);
    await victimClient.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Victime Secrète SA',
        city: 'Paris',
        mainContact: {
          firstName: 'Vic',
          lastName: 'Time',
          email: 'victime.secrete@victim.fr',
          phoneDirect: '01 42 68 53 00',
        },
      },
    });
    const filiale = await victimClient.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Victime Filiale',
          mainContact: { firstName: 'Ana', lastName: 'Lyse', email: 'ana@victim.fr', phoneDirect: '01 42 68 53 01' },
        },
      },
    );
    // Two events, one in the trash: deleteEvent and restoreEvent get ids of both kinds.
    for (const name of ['Victime Gala', 'Victime Salon']) {
      const { createEvent } = await victimClient.ok(
        'mutation($c: ID!, $n: String!) { createEvent(input: { companyId: $c, name: $n, startDate: "2026-06-01" }) { id } }',
        { c: filiale.createCompany.id, n: name },
      );
      if (name === 'Victime Salon')
        await victimClient.ok('mutation($id: ID!) { deleteEvent(id: $id) { id } }', { id: createEvent.id });
    }
    await victimClient.ok('mutation { createApiKey(input: { name: "victim key", scope: READ_ONLY }) { secret } }');
    attacker = await clientFor(api, await createWorkspaceWithAdmin({ name: 'Attaquant' }));
  });
  afterAll(async () => {
    await admin.destroy();
    await api.close();
    await closeFactories();
  });

  it('never shows or changes another workspace’s records, whatever the operation', async () => {
    const schema = await buildApiSchema();
    const data = await victimData(admin, victim.workspaceId);
    const before = await workspaceFingerprint(admin, victim.workspaceId);
    const problems: string[] = [];
    let walked = 0;
    for (const [kind, type] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        if (SKIPPED.has(field.name)) continue;
        const op = operation(kind, field, data.pick);
        const r = await attacker.gql(op.text, op.variables);
        walked++;
        const usesVictimId = !!JSON.stringify(op.variables)
          .match(/[0-9a-f-]{36}/g)
          ?.some((id) => data.allIds.has(id));
        const answer = JSON.stringify(r.data ?? null);
        const leaked =
          [...data.allIds].some((id) => answer.includes(id) && !JSON.stringify(op.variables).includes(id)) ||
          data.texts.some((t) => answer.includes(t));
        // A query may answer an empty page for a foreign id (the leak check covers its content);
        // a mutation given a foreign id must fail.
        const succeededOnVictim = kind === 'mutation' && usesVictimId && !r.errors?.length;
        const code = r.errors?.[0]?.extensions?.code;
        if (leaked) problems.push(`${field.name}: answer contains the victim's data`);
        if (succeededOnVictim) problems.push(`${field.name}: succeeded with the victim's id`);
        if (code === 'INTERNAL_SERVER_ERROR')
          problems.push(`${field.name}: internal error (${r.errors?.[0]?.message})`);
      }
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(30);
    expect(await workspaceFingerprint(admin, victim.workspaceId)).toEqual(before);
  });

  it('answers NOT_FOUND for another workspace’s record on operations that take only ids', async () => {
    const schema = await buildApiSchema();
    const data = await victimData(admin, victim.workspaceId);
    const wrong: string[] = [];
    for (const [kind, type] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        if (SKIPPED.has(field.name)) continue;
        const required = field.args.filter((a) => a.type instanceof GraphQLNonNull);
        // Single ids: a list of ids may be refused as a whole first (BAD_USER_INPUT), which is fine.
        const idOnly =
          required.length > 0 &&
          required.some((a) => unwrap(a.type).name === 'ID') &&
          required.every((a) => ['ID', 'Boolean'].includes(unwrap(a.type).name) && !isList(a.type));
        if (!idOnly) continue;
        const op = operation(kind, field, data.pick);
        const r = await attacker.gql(op.text, op.variables);
        const code = r.errors?.[0]?.extensions?.code;
        if (code !== 'NOT_FOUND') wrong.push(`${field.name}: ${String(code ?? 'no error')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
