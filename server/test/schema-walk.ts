import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLScalarType,
  GraphQLUnionType,
} from 'graphql';
import type { DataSource } from 'typeorm';

/**
 * Builds a minimal call of any query or mutation of the schema from its argument types:
 * required arguments and every id argument get a value, ids come from a picker (the
 * caller's own records, or another workspace's). Shared by the walkers of the test suite.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Picks an id for an argument, from its name and the operation's name. */
export type IdPicker = (opName: string, argName: string) => string;

export function unwrap(type: GraphQLInputType | GraphQLOutputType) {
  let t = type;
  while (t instanceof GraphQLNonNull || t instanceof GraphQLList) t = t.ofType;
  return t;
}

function valueFor(type: GraphQLInputType, pick: IdPicker, opName: string, argName: string, depth = 0): Json {
  if (type instanceof GraphQLNonNull) return valueFor(type.ofType, pick, opName, argName, depth);
  if (type instanceof GraphQLList) return [valueFor(type.ofType, pick, opName, argName, depth)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, Json> = {};
    if (depth > 3) return out;
    for (const field of Object.values(type.getFields())) {
      const isId = unwrap(field.type).name === 'ID';
      if (field.type instanceof GraphQLNonNull || isId) {
        out[field.name] = valueFor(field.type, pick, opName, field.name, depth + 1);
      }
    }
    return out;
  }
  switch ((type as GraphQLScalarType).name) {
    case 'ID':
      return pick(opName, argName);
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

/** A selection of the scalar fields of a type, two levels deep. */
export function selection(type: GraphQLOutputType, depth = 0): string {
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

/** The text and variables of a minimal call of one field of Query or Mutation. */
export function operation(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  pick: IdPicker,
): { text: string; variables: Record<string, Json> } {
  const variables: Record<string, Json> = {};
  const defs: string[] = [];
  const args: string[] = [];
  field.args.forEach((arg: GraphQLArgument) => {
    const isId = unwrap(arg.type).name === 'ID';
    if (!(arg.type instanceof GraphQLNonNull) && !isId) return;
    defs.push(`$${arg.name}: ${arg.type.toString()}`);
    args.push(`${arg.name}: $${arg.name}`);
    variables[arg.name] = valueFor(arg.type, pick, field.name, arg.name);
  });
  const text = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${
    args.length ? `(${args.join(', ')})` : ''
  } ${selection(field.type)} }`;
  return { text, variables };
}

const stem = (name: string) =>
  name
    .toLowerCase()
    .replace(/_/g, '')
    .replace(/(ies|y|s)$/, '');

async function tenantTables(owner: DataSource): Promise<{ table: string; hasId: boolean }[]> {
  const rows: { table_name: string; has_id: boolean }[] = await owner.query(`
    SELECT c.table_name,
           EXISTS (SELECT 1 FROM information_schema.columns i
                   WHERE i.table_schema = 'public' AND i.table_name = c.table_name AND i.column_name = 'id'
                     AND i.data_type = 'uuid') AS has_id
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'workspace_id'
      -- Scratch tables other test files create and drop meanwhile (merge.test.ts's test_quote_…):
      -- not the application's, and gone by the time they would be read.
      AND c.table_name NOT LIKE 'test\\_%'
    ORDER BY c.table_name`);
  return rows.map((r) => ({ table: r.table_name, hasId: r.has_id }));
}

/**
 * A fingerprint of every row a workspace owns, read as the owner (no row-level security).
 * Sessions are left out: using one touches it.
 */
export async function workspaceFingerprint(owner: DataSource, workspaceId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { table } of await tenantTables(owner)) {
    if (table === 'session') continue;
    // A key's last use is a stamp of the request itself, not a change of the workspace's data.
    const row_ = table === 'api_key' ? `(to_jsonb(t) - 'last_used_at')::text` : 't::text';
    const [row] = await owner.query(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(${row_}, '|' ORDER BY ${row_})), '') AS h
       FROM "${table}" t WHERE workspace_id = $1`,
      [workspaceId],
    );
    out[table] = `${row.n}:${row.h}`;
  }
  const [ws] = await owner.query('SELECT md5(w::text) AS h FROM workspace w WHERE id = $1', [workspaceId]);
  out.workspace = ws.h;
  return out;
}

/** A workspace's ids by table stem (company, contact, user…), up to 20 a table, read as the owner. */
export async function workspaceIds(owner: DataSource, workspaceId: string): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>();
  for (const { table, hasId } of await tenantTables(owner)) {
    if (!hasId) continue;
    const rows: { id: string }[] = await owner.query(`SELECT id FROM "${table}" WHERE workspace_id = $1 LIMIT 20`, [
      workspaceId,
    ]);
    ids.set(
      stem(table === 'app_user' ? 'user' : table),
      rows.map((r) => r.id),
    );
  }
  return ids;
}

/**
 * An id picker over those ids: an argument named like a table (companyId, contactIds, id of
 * updateEmailTemplate…) gets one of that table's ids, the company's otherwise; an
 * operation's several id arguments get different ids.
 */
export function idPicker(ids: Map<string, string[]>): IdPicker {
  const handedOut = new Map<string, number>();
  return (opName, argName) => {
    let list = ids.get(stem('company')) ?? [];
    for (const text of [argName.replace(/Ids?$/, ''), opName]) {
      const lowered = text.toLowerCase();
      const matches = [...ids.keys()].filter((k) => ids.get(k)?.length && lowered.includes(k));
      matches.sort((a, b) => b.length - a.length);
      if (matches[0]) {
        list = ids.get(matches[0]) as string[];
        break;
      }
    }
    const n = handedOut.get(opName) ?? 0;
    handedOut.set(opName, n + 1);
    return list[n % Math.max(1, list.length)] ?? '00000000-0000-4000-8000-000000000000';
  };
}

export async function workspaceIdPicker(owner: DataSource, workspaceId: string): Promise<IdPicker> {
  return idPicker(await workspaceIds(owner, workspaceId));
}
