import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { isUsableAddress } from '../company/record-fields';
import { type CompanyRef, type ContactRef, type RowPlan, snake } from './planner';

// Writes one planned batch with set-based SQL: one statement per table and kind of change
// (unnest arrays, one parameter per column), never one per row and never ORM save(), which
// breaks past PostgreSQL's 65,535 bind parameters (PERFORMANCE-NOTES, "Bulk writes").

export interface ApplyContext {
  workspaceId: string;
  userId: string | null;
  jobId: string;
}

/** A column: name, PostgreSQL type, and optionally the SELECT expression (default v.<name>). */
export type Col = [name: string, pgType: string, expr?: string];

/** One SQL statement of a batch, built before any of them runs. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/** INSERT … SELECT FROM unnest($1::t1[], $2::t2[], …): one parameter per column. */
function unnestInsert(
  out: Statement[],
  table: string,
  cols: Col[],
  rows: unknown[][],
  constants: Record<string, string> = {},
  suffix = '',
): void {
  if (!rows.length) return;
  const params = cols.map((_, i) => rows.map((r) => r[i] ?? null));
  const constNames = Object.keys(constants);
  const sql = `INSERT INTO ${table} (${[...cols.map((c) => c[0]), ...constNames].join(', ')})
    SELECT ${[...cols.map((c) => c[2] ?? `v.${c[0]}`), ...constNames.map((n) => constants[n])].join(', ')}
    FROM unnest(${cols.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ')}) AS v(${cols.map((c) => c[0]).join(', ')})
    ${suffix}`;
  out.push({ sql, params });
}

/** The company columns an import writes (undo.ts restores the same ones). */
export const COMPANY_COLS: Col[] = [
  ['name', 'text'],
  ['website', 'text'],
  ['company_type_id', 'uuid'],
  ['address_line1', 'text'],
  ['address_line2', 'text'],
  ['postal_code', 'text'],
  ['city', 'text'],
  ['country', 'text'],
  ['vat_number', 'text'],
  ['accounting_account', 'text'],
  ['siret', 'text'],
  ['siren', 'text'],
  ['ape_code', 'text'],
  ['opt_in', 'boolean'],
];
/** The contact columns an import writes (undo.ts restores the same ones). */
export const CONTACT_COLS: Col[] = [
  ['company_id', 'uuid'],
  ['civility_id', 'uuid'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['email', 'citext'],
  ['position', 'text'],
  ['phone_direct', 'text'],
  ['phone_direct_raw', 'text'],
  ['phone_mobile', 'text'],
  ['phone_mobile_raw', 'text'],
  ['phone_switchboard', 'text'],
  ['phone_switchboard_raw', 'text'],
  ['facebook', 'text'],
  ['linkedin', 'text'],
  ['twitter', 'text'],
  ['instagram', 'text'],
  ['source_id', 'uuid'],
  ['situation_id', 'uuid'],
  ['opt_in', 'boolean'],
];

const camelOf = (col: string) => col.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** The state keys of a column list, computed once per list (valuesOf runs for every record). */
const stateKeys = new WeakMap<Col[], string[]>();
const valuesOf = (state: Record<string, unknown>, cols: Col[]) => {
  let keys = stateKeys.get(cols);
  if (!keys) stateKeys.set(cols, (keys = cols.map(([c]) => camelOf(c))));
  return keys.map((k) => state[k] ?? null);
};

/** UPDATE … SET col = CASE WHEN patch ? 'col' THEN patch->>'col' ELSE col END, from (id, jsonb) pairs. */
function patchUpdate(
  out: Statement[],
  table: string,
  cols: Col[],
  patches: [string, Record<string, unknown>][],
  extraSet = '',
): void {
  if (!patches.length) return;
  const sets = cols.map(([c, t]) => `${c} = CASE WHEN v.p ? '${c}' THEN (v.p->>'${c}')::${t} ELSE t.${c} END`);
  out.push({
    sql: `UPDATE ${table} t SET ${sets.join(', ')}${extraSet}, updated_at = now()
     FROM unnest($1::uuid[], $2::jsonb[]) AS v(id, p) WHERE t.id = v.id`,
    params: [patches.map((p) => p[0]), patches.map((p) => JSON.stringify(p[1]))],
  });
}

function patchOf(
  ref: CompanyRef | ContactRef,
  skip: string[] = [],
): { patch: Record<string, unknown>; before: Record<string, unknown> } {
  const patch: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const state = ref.state as Record<string, unknown>;
  const original = (ref.original ?? {}) as Record<string, unknown>;
  for (const k of ref.dirty) {
    if (skip.includes(k)) continue;
    patch[snake(k)] = state[k] ?? null;
    before[snake(k)] = original[k] ?? null;
  }
  return { patch, before };
}

export async function runStatements(manager: EntityManager, statements: Statement[]): Promise<void> {
  for (const s of statements) await manager.query(s.sql, s.params);
}

/**
 * The statements writing a batch's plans: companies and contacts created or updated, main
 * contacts, languages, default billing addresses, comments as INFO activities, consent
 * changes with source "import", and the undo log. Built synchronously from the
 * plans as they stand: the records are marked saved and their changes consumed at once, so
 * the next batch can be planned while these statements run.
 */
export function prepareBatch(plans: RowPlan[], ax: ApplyContext): Statement[] {
  const out: Statement[] = [];
  const companies = new Map<string, CompanyRef>();
  const contacts = new Map<string, ContactRef>();
  for (const p of plans) {
    if (p.status === 'ERROR') continue;
    if (p.company) companies.set(p.company.id, p.company);
    if (p.contact) contacts.set(p.contact.id, p.contact);
  }
  const records: [string, string, string, string | null][] = []; // entity_type, id, action, before
  const ws = `'${ax.workspaceId}'::uuid`;
  const user = ax.userId ? `'${ax.userId}'::uuid` : 'NULL::uuid';

  // Companies.
  const newCompanies = [...companies.values()].filter((c) => !c.saved);
  unnestInsert(
    out,
    'company',
    [
      ['id', 'uuid'],
      ...COMPANY_COLS,
      ['main_contact_id', 'uuid'],
      ['created_at', 'timestamptz', 'coalesce(v.created_at, now())'],
    ],
    newCompanies.map((c) => [
      c.id,
      ...valuesOf(c.state as Record<string, unknown>, COMPANY_COLS),
      c.mainContactId,
      c.createdAt,
    ]),
    { workspace_id: ws, created_by: user, updated_at: 'now()' },
  );
  // With no billing address given, the main address is the default one (as insertCompany does),
  // when it is one (isUsableAddress): a company imported without street gets none.
  unnestInsert(
    out,
    'billing_address',
    [
      ['company_id', 'uuid'],
      ['address_line1', 'text'],
      ['address_line2', 'text'],
      ['postal_code', 'text'],
      ['city', 'text'],
      ['country', 'text'],
    ],
    newCompanies
      .filter((c) => isUsableAddress(c.state))
      .map((c) => [
        c.id,
        c.state.addressLine1,
        c.state.addressLine2,
        c.state.postalCode,
        c.state.city,
        c.state.country,
      ]),
    { workspace_id: ws, is_default: 'true' },
  );
  const languageRows: [string, string][] = [];
  for (const c of newCompanies) for (const l of c.languageIds) languageRows.push([c.id, l]);
  const updatedCompanies = [...companies.values()].filter((c) => c.saved && c.dirty.size);
  const patches: [string, Record<string, unknown>][] = [];
  const relanguaged: string[] = [];
  for (const c of updatedCompanies) {
    const { patch, before } = patchOf(c, ['languageIds', 'mainContactId']);
    if (c.dirty.has('mainContactId')) {
      patch.main_contact_id = c.mainContactId;
      before.main_contact_id = null;
    }
    if (c.dirty.has('languageIds')) {
      relanguaged.push(c.id);
      for (const l of c.languageIds) languageRows.push([c.id, l]);
      before.language_ids = c.originalLanguageIds ?? [];
    }
    if (Object.keys(patch).length) patches.push([c.id, patch]);
    if (!c.isNew) records.push(['Company', c.id, 'update', JSON.stringify(before)]);
    else records.push(['Company', c.id, 'create', null]);
  }
  patchUpdate(out, 'company', [...COMPANY_COLS, ['main_contact_id', 'uuid']], patches);
  // A company that had no street got no billing address: once the import gives it one, its
  // main address becomes the default billing address, as updateCompany does, unless it has one
  // by now. One statement for the batch, after the update it reads; the undo log records the
  // addresses it adds (same statement), so undoImport removes them.
  const addressed = updatedCompanies
    .filter((c) => c.dirty.has('addressLine1') && isUsableAddress(c.state) && !isUsableAddress(c.original ?? {}))
    .map((c) => c.id);
  if (addressed.length)
    out.push({
      sql: `WITH added AS (
          INSERT INTO billing_address (workspace_id, company_id, address_line1, address_line2, postal_code, city, country, is_default)
          SELECT ${ws}, c.id, c.address_line1, c.address_line2, c.postal_code, c.city, c.country, true
            FROM company c
           WHERE c.id = ANY($1::uuid[]) AND btrim(coalesce(c.address_line1, '')) <> ''
             AND NOT EXISTS (SELECT 1 FROM billing_address b WHERE b.company_id = c.id)
          RETURNING id)
        INSERT INTO import_record (workspace_id, job_id, entity_type, entity_id, action, written_at)
        SELECT ${ws}, '${ax.jobId}'::uuid, 'BillingAddress', added.id, 'create', now() FROM added
        ON CONFLICT (job_id, entity_type, entity_id) DO NOTHING`,
      params: [addressed],
    });
  if (relanguaged.length) {
    out.push({ sql: 'UPDATE company SET updated_at = now() WHERE id = ANY($1::uuid[])', params: [relanguaged] });
    out.push({ sql: 'DELETE FROM company_language WHERE company_id = ANY($1::uuid[])', params: [relanguaged] });
  }
  unnestInsert(
    out,
    'company_language',
    [
      ['company_id', 'uuid'],
      ['option_id', 'uuid'],
    ],
    languageRows,
    {
      workspace_id: ws,
    },
    'ON CONFLICT DO NOTHING',
  );
  for (const c of newCompanies) records.push(['Company', c.id, 'create', null]);

  // Contacts (the salesperson defaults to the importing user, as in the form).
  const newContacts = [...contacts.values()].filter((c) => !c.saved);
  unnestInsert(
    out,
    'contact',
    [['id', 'uuid'], ...CONTACT_COLS, ['created_at', 'timestamptz', 'coalesce(v.created_at, now())']],
    newContacts.map((c) => [c.id, ...valuesOf(c.state as Record<string, unknown>, CONTACT_COLS), c.createdAt]),
    {
      workspace_id: ws,
      created_by: user,
      salesperson_id: user,
      updated_at: 'now()',
      opt_in_at: 'CASE WHEN v.opt_in THEN now() END',
      opt_in_source: "CASE WHEN v.opt_in THEN 'import' END",
    },
  );
  for (const c of newContacts) records.push(['Contact', c.id, 'create', null]);
  const contactPatches: [string, Record<string, unknown>][] = [];
  for (const c of contacts.values()) {
    if (!c.saved || !c.dirty.size) continue;
    const { patch, before } = patchOf(c);
    contactPatches.push([c.id, patch]);
    records.push(['Contact', c.id, c.isNew ? 'create' : 'update', c.isNew ? null : JSON.stringify(before)]);
  }
  patchUpdate(
    out,
    'contact',
    CONTACT_COLS,
    contactPatches,
    `, opt_in_at = CASE WHEN v.p ? 'opt_in' THEN now() ELSE t.opt_in_at END,
       opt_in_source = CASE WHEN v.p ? 'opt_in' THEN 'import' ELSE t.opt_in_source END`,
  );

  // Comments → INFO activities; opt-ins → consent history.
  const activities = plans.filter((p) => p.activity && p.contact && p.status !== 'ERROR');
  const activityRows = activities.map((p) => [
    randomUUID(),
    p.contact!.id,
    p.activity!.categoryId,
    p.activity!.comment,
    p.activity!.occurredAt,
  ]);
  unnestInsert(
    out,
    'activity',
    [
      ['id', 'uuid'],
      ['contact_id', 'uuid'],
      ['category_id', 'uuid'],
      ['comment', 'text'],
      ['occurred_at', 'timestamptz', 'coalesce(v.occurred_at, now())'],
    ],
    activityRows,
    { workspace_id: ws, kind: "'INFO'", author_id: user, created_by: user },
  );
  for (const a of activityRows) records.push(['Activity', a[0] as string, 'create', null]);
  const consents = plans.filter((p) => p.consent && p.status !== 'ERROR');
  // Source 'import', method and note left NULL: an opt-in column says that consent was given,
  // not how, and guessing a method would record evidence nobody has.
  unnestInsert(
    out,
    'consent_event',
    [
      ['subject_type', 'text'],
      ['subject_id', 'uuid'],
      ['opt_in', 'boolean'],
    ],
    consents.map((p) => [
      p.consent!.subject,
      p.consent!.subject === 'Company' ? p.company!.id : p.contact!.id,
      p.consent!.optIn,
    ]),
    { workspace_id: ws, source: "'import'", actor_user_id: user },
  );

  // The undo log, in the same transaction as the data. The first "before" of a record wins:
  // it holds the values from before the import.
  unnestInsert(
    out,
    'import_record',
    [
      ['entity_type', 'text'],
      ['entity_id', 'uuid'],
      ['action', 'text'],
      ['before', 'jsonb'],
    ],
    dedupeRecords(records),
    { workspace_id: ws, job_id: `'${ax.jobId}'::uuid`, written_at: 'now()' },
    `ON CONFLICT (job_id, entity_type, entity_id) DO UPDATE SET written_at = excluded.written_at,
       before = CASE WHEN import_record.action = 'create' THEN NULL
                     ELSE coalesce(excluded.before, '{}'::jsonb) || coalesce(import_record.before, '{}'::jsonb) END`,
  );

  for (const c of [...companies.values(), ...contacts.values()]) {
    c.saved = true;
    c.dirty.clear();
  }
  return out;
}

function dedupeRecords(records: [string, string, string, string | null][]) {
  const byKey = new Map<string, [string, string, string, string | null]>();
  for (const r of records) {
    const k = `${r[0]}:${r[1]}`;
    const prev = byKey.get(k);
    if (!prev || r[2] === 'create') byKey.set(k, r);
  }
  return [...byKey.values()];
}
