import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLInterfaceType,
  GraphQLUnionType,
} from 'graphql';
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
import { buildApiSchema } from './schema';

/**
 * Walks every query and mutation of the schema as the admin of workspace A, giving it the
 * ids of workspace B's records, and checks that nothing of B leaks into the answers and
 * that B's rows are byte for byte the same afterwards. New operations are covered without
 * touching this file: arguments are generated from their types.
 */

/** Operations that end the walker's own session or need a real second factor. */
const SKIPPED = new Set(['logout', 'login']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const stem = (name: string) =>
  name
    .toLowerCase()
    .replace(/_/g, '')
    .replace(/(ies|y|s)$/, '');

interface VictimData {
  /** table stem → ids of the victim's rows */
  ids: Map<string, string[]>;
  /** every id of the victim, to detect leaks */
  allIds: Set<string>;
  /** a few distinctive texts of the victim */
  texts: string[];
}

async function tenantTables(admin: DataSource): Promise<{ table: string; hasId: boolean }[]> {
  const rows: { table_name: string; has_id: boolean }[] = await admin.query(`
    SELECT c.table_name,
           EXISTS (SELECT 1 FROM information_schema.columns i
                   WHERE i.table_schema = 'public' AND i.table_name = c.table_name AND i.column_name = 'id'
                     AND i.data_type = 'uuid') AS has_id
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'workspace_id'
    ORDER BY c.table_name`);
  return rows.map((r) => ({ table: r.table_name, hasId: r.has_id }));
}

/** A fingerprint of every row the victim owns, read as the owner (no row-level security). */
async function fingerprint(admin: DataSource, workspaceId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { table } of await tenantTables(admin)) {
    const [row] = await admin.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h
       FROM "${table}" t WHERE workspace_id = $1`,
      [workspaceId],
    );
    out[table] = `${row.n}:${row.h}`;
  }
  const [ws] = await admin.query('SELECT md5(w::text) AS h FROM workspace w WHERE id = $1', [workspaceId]);
  out.workspace = ws.h;
  return out;
}

async function victimData(admin: DataSource, workspaceId: string): Promise<VictimData> {
  const ids = new Map<string, string[]>();
  const allIds = new Set<string>([workspaceId]);
  for (const { table, hasId } of await tenantTables(admin)) {
    if (!hasId) continue;
    const rows: { id: string }[] = await admin.query(`SELECT id FROM "${table}" WHERE workspace_id = $1 LIMIT 20`, [
      workspaceId,
    ]);
    const key = stem(table === 'app_user' ? 'user' : table);
    ids.set(
      key,
      rows.map((r) => r.id),
    );
    rows.forEach((r) => allIds.add(r.id));
  }
  return { ids, allIds, texts: ['Victime Secrète SA', 'victime.secrete@victim.fr'] };
}

/** The victim's id that best fits an argument, from its name and the operation's name. */
const handedOut = new Map<string, number>();

/** The victim's id that best fits an argument; an operation's several id arguments get different ids. */
function victimIdFor(data: VictimData, opName: string, argName: string): string {
  const candidates = [argName.replace(/Ids?$/, ''), opName];
  let ids = data.ids.get(stem('company')) as string[];
  for (const text of candidates) {
    const lowered = text.toLowerCase();
    const matches = [...data.ids.keys()].filter((k) => data.ids.get(k)?.length && lowered.includes(k));
    matches.sort((a, b) => b.length - a.length);
    if (matches[0]) {
      ids = data.ids.get(matches[0]) as string[];
      break;
    }
  }
  const n = handedOut.get(opName) ?? 0;
  handedOut.set(opName, n + 1);
  return ids[n % ids.length];
}

function isList(type: GraphQLInputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}

function unwrap(type: GraphQLInputType | GraphQLOutputType) {
  let t = type;
  while (t instanceof GraphQLNonNull || t instanceof GraphQLList) t = t.ofType;
  return t;
}

function valueFor(type: GraphQLInputType, data: VictimData, opName: string, argName: string, depth = 0): Json {
  if (type instanceof GraphQLNonNull) return valueFor(type.ofType, data, opName, argName, depth);
  if (type instanceof GraphQLList) return [valueFor(type.ofType, data, opName, argName, depth)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, Json> = {};
    if (depth > 3) return out;
    for (const field of Object.values(type.getFields())) {
      const isId = unwrap(field.type).name === 'ID';
      if (field.type instanceof GraphQLNonNull || isId) {
        out[field.name] = valueFor(field.type, data, opName, field.name, depth + 1);
      }
    }
    return out;
  }
  switch ((type as GraphQLScalarType).name) {
    case 'ID':
      return victimIdFor(data, opName, argName);
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2026-01-01T00:00:00.000Z';
    case 'JSON':
    case 'JSONObject':
      return {};
    default:
      return /email/i.test(argName) ? 'walker@example.com' : 'x';
  }
}

function selection(type: GraphQLOutputType, depth = 0): string {
  const named = unwrap(type);
  if (named instanceof GraphQLUnionType) {
    return `{ __typename ${named
      .getTypes()
      .map((t) => `... on ${t.name} ${selection(t, depth + 1)}`)
      .join(' ')} }`;
  }
  if (!(named instanceof GraphQLObjectType || named instanceof GraphQLInterfaceType)) return '';
  const fields = Object.values(named.getFields()).filter((f) =>
    f.args.every((a) => !(a.type instanceof GraphQLNonNull)),
  );
  const parts = ['__typename'];
  for (const f of fields) {
    const sub = unwrap(f.type);
    if (sub instanceof GraphQLObjectType || sub instanceof GraphQLInterfaceType || sub instanceof GraphQLUnionType) {
      if (depth < 2) parts.push(`${f.name} ${selection(f.type, depth + 1)}`);
    } else {
      parts.push(f.name);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, data: VictimData) {
  handedOut.delete(field.name);
  const variables: Record<string, Json> = {};
  const defs: string[] = [];
  const args: string[] = [];
  field.args.forEach((arg: GraphQLArgument) => {
    const isId = unwrap(arg.type).name === 'ID';
    if (!(arg.type instanceof GraphQLNonNull) && !isId) return;
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    args.push(`${arg.name}: $${arg.name}`);
    variables[arg.name] = valueFor(arg.type, data, field.name, arg.name);
  });
  const text = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${
    args.length ? `(${args.join(', ')})` : ''
  } ${selection(field.type)} }`;
  const usesVictimId = JSON.stringify(variables)
    .match(/[0-9a-f-]{36}/g)
    ?.some((id) => data.allIds.has(id));
  return { text, variables, usesVictimId: !!usesVictimId };
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
    await victimClient.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Victime Filiale',
        mainContact: { firstName: 'Ana', lastName: 'Lyse', email: 'ana@victim.fr', phoneDirect: '01 42 68 53 01' },
      },
    });
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
    const before = await fingerprint(admin, victim.workspaceId);
    const problems: string[] = [];
    let walked = 0;
    for (const [kind, type] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        if (SKIPPED.has(field.name)) continue;
        const op = operation(kind, field, data);
        const r = await attacker.gql(op.text, op.variables);
        walked++;
        const answer = JSON.stringify(r.data ?? null);
        const leaked =
          [...data.allIds].some((id) => answer.includes(id) && !JSON.stringify(op.variables).includes(id)) ||
          data.texts.some((t) => answer.includes(t));
        // A query may answer an empty page for a foreign id (the leak check covers its content);
        // a mutation given a foreign id must fail.
        const succeededOnVictim = kind === 'mutation' && op.usesVictimId && !r.errors?.length;
        const code = r.errors?.[0]?.extensions?.code;
        if (leaked) problems.push(`${field.name}: answer contains the victim's data`);
        if (succeededOnVictim) problems.push(`${field.name}: succeeded with the victim's id`);
        if (code === 'INTERNAL_SERVER_ERROR')
          problems.push(`${field.name}: internal error (${r.errors?.[0]?.message})`);
      }
    }
    expect(problems).toEqual([]);
    expect(walked).toBeGreaterThan(30);
    expect(await fingerprint(admin, victim.workspaceId)).toEqual(before);
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
        const op = operation(kind, field, data);
        const r = await attacker.gql(op.text, op.variables);
        const code = r.errors?.[0]?.extensions?.code;
        if (code !== 'NOT_FOUND') wrong.push(`${field.name}: ${String(code ?? 'no error')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
