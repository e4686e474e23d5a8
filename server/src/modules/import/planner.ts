import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SettingList } from '../settings/setting-option.entity';
import { type FieldKey, OPTION_FIELDS, headerKey, optionKey } from './fields';
import type { CompanyValues, ContactValues, NormalizedRow, RowProblem } from './row-normalize';

// Plans what each row of a file does to the workspace (create, update which fields, leave
// unchanged, or reject and why), batch by batch, with a few set-based look-ups per batch.
// The preview runs it without writing; the import job runs the same plan and writes it.

export type RowStatus = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'ERROR';

/** Company columns the import writes, keyed as in CompanyValues (+ settings and consent). */
export interface CompanyState extends CompanyValues {
  companyTypeId?: string | null;
  optIn?: boolean;
}
export interface ContactState extends ContactValues {
  companyId?: string;
  civilityId?: string | null;
  sourceId?: string | null;
  situationId?: string | null;
  optIn?: boolean;
}

export interface CompanyRef {
  id: string;
  /** Created by this import. */
  isNew: boolean;
  /** Already in the database (written by an earlier batch, or found there). */
  saved: boolean;
  /** Values as they stand after the rows planned so far. */
  state: CompanyState;
  /** Values before this import touched the record (for undo), null for new records. */
  original: CompanyState | null;
  languageIds: string[];
  originalLanguageIds: string[] | null;
  mainContactId: string | null;
  createdAt: string | null;
  /** Fields this batch changed (updates only). */
  dirty: Set<string>;
}

export interface ContactRef {
  id: string;
  isNew: boolean;
  saved: boolean;
  state: ContactState;
  original: ContactState | null;
  createdAt: string | null;
  dirty: Set<string>;
}

export interface RowPlan {
  rowNo: number;
  status: RowStatus;
  /** "company.city", "contact.email"… for updates; the fields filled for creations. */
  changes: string[];
  problems: RowProblem[];
  /** What the user should check before importing, without refusing the row. */
  warnings: RowProblem[];
  companyAction: 'create' | 'update' | 'unchanged' | null;
  contactAction: 'create' | 'update' | 'unchanged' | null;
  company: CompanyRef | null;
  contact: ContactRef | null;
  activity: { comment: string; categoryId: string | null; occurredAt: string | null } | null;
  consent: { subject: 'Company' | 'Contact'; optIn: boolean } | null;
  cells: NormalizedRow['cells'];
}

/** The user's decision for a settings value the workspace does not have. */
export interface ValueChoice {
  field: FieldKey;
  value: string;
  /** Use this existing value instead… */
  optionId?: string | null;
  /** …or create it at import time. */
  create?: boolean;
}

export interface UnknownValue {
  field: FieldKey;
  list: SettingList;
  value: string;
  rows: number;
}

const COMPANY_KEYS: (keyof CompanyState)[] = [
  'name',
  'siret',
  'siren',
  'vatNumber',
  'website',
  'accountingAccount',
  'apeCode',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'companyTypeId',
  'optIn',
];
const CONTACT_KEYS: (keyof ContactState)[] = [
  'firstName',
  'lastName',
  'email',
  'position',
  'phoneDirect',
  'phoneDirectRaw',
  'phoneMobile',
  'phoneMobileRaw',
  'phoneSwitchboard',
  'phoneSwitchboardRaw',
  'facebook',
  'linkedin',
  'twitter',
  'instagram',
  'civilityId',
  'sourceId',
  'situationId',
  'optIn',
  'companyId',
];
const snakeCache = new Map<string, string>();
/** companyTypeId → company_type_id (memoised: called for every field of every row). */
export const snake = (k: string): string => {
  let s = snakeCache.get(k);
  if (s === undefined) snakeCache.set(k, (s = k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)));
  return s;
};
const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function fromRow<T>(row: Record<string, unknown>, keys: string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = row[snake(k)];
    out[k] = v === undefined ? null : v;
  }
  return out as T;
}

/** A company read from the database (a row of COMPANY_SELECT), as the planner tracks it. */
function savedCompany(row: Record<string, unknown>): CompanyRef {
  return {
    id: row.id as string,
    isNew: false,
    saved: true,
    state: fromRow<CompanyState>(row, COMPANY_KEYS),
    original: fromRow<CompanyState>(row, COMPANY_KEYS),
    languageIds: row.language_ids as string[],
    originalLanguageIds: row.language_ids as string[],
    mainContactId: (row.main_contact_id as string | null) ?? null,
    createdAt: null,
    dirty: new Set(),
  };
}

/** Setting values of the lists the import fills, matched case- and accent-insensitively. */
/** Usual spellings of the same value (as optionKey gives them), matched without asking. */
const SYNONYMS: Partial<Record<SettingList, string[][]>> = {
  CIVILITY: [
    ['m', 'monsieur', 'mr', 'mister'],
    ['mme', 'madame', 'mrs', 'ms', 'mademoiselle', 'mlle', 'melle'],
    ['docteur', 'dr', 'doctor'],
    ['professeur', 'pr', 'prof', 'professor'],
    ['maitre', 'me'],
  ],
};

export class OptionResolver {
  private readonly byList = new Map<SettingList, Map<string, string>>();
  private readonly choices = new Map<string, ValueChoice>();
  readonly unknown = new Map<string, UnknownValue>();

  constructor(
    options: { id: string; list: SettingList; label: string }[],
    choices: ValueChoice[] = [],
    private readonly created = new Map<string, string>(),
  ) {
    for (const o of options) {
      let m = this.byList.get(o.list);
      if (!m) this.byList.set(o.list, (m = new Map()));
      if (!m.has(optionKey(o.label))) m.set(optionKey(o.label), o.id);
    }
    for (const c of choices) this.choices.set(`${c.field}:${optionKey(c.value)}`, c);
  }

  static async load(manager: EntityManager, choices: ValueChoice[] = []): Promise<OptionResolver> {
    const lists = [...new Set(OPTION_FIELDS.map((f) => f.list))];
    const rows: { id: string; list: SettingList; label: string }[] = await manager.query(
      `SELECT id, list, label FROM setting_option WHERE NOT hidden AND list = ANY($1::setting_list[])
       ORDER BY position, label`,
      [lists],
    );
    return new OptionResolver(rows, choices);
  }

  /** A value of the list under another usual spelling ("Monsieur" for "M.", "Dr" for "Docteur"). */
  private synonym(list: SettingList, key: string): string | undefined {
    const group = SYNONYMS[list]?.find((g) => g.includes(key));
    const options = this.byList.get(list);
    for (const other of group ?? []) {
      const id = options?.get(other);
      if (id) return id;
    }
    return undefined;
  }

  /** Options created for "create" choices (by the job), keyed `${list}:${optionKey(label)}`. */
  setCreated(list: SettingList, label: string, id: string): void {
    this.created.set(`${list}:${optionKey(label)}`, id);
  }

  /** The option id, or undefined when unknown (recorded for the preview's list). */
  resolve(field: FieldKey, list: SettingList, label: string, simulate: boolean): string | undefined {
    const key = optionKey(label);
    const found = this.byList.get(list)?.get(key) ?? this.synonym(list, key);
    if (found) return found;
    const choice = this.choices.get(`${field}:${key}`);
    if (choice?.optionId && [...(this.byList.get(list)?.values() ?? [])].includes(choice.optionId)) {
      return choice.optionId;
    }
    if (choice?.create) {
      const created = this.created.get(`${list}:${key}`);
      if (created) return created;
      if (simulate) return `new:${list}:${key}`;
    }
    const u = this.unknown.get(`${field}:${key}`);
    if (u) u.rows++;
    else this.unknown.set(`${field}:${key}`, { field, list, value: label, rows: 1 });
    return undefined;
  }
}

/** Keys of records in the trash that no live record has, to the trashed record's name. */
interface Trash {
  bySiret: Map<string, string>;
  byVat: Map<string, string>;
  byEmail: Map<string, string>;
}

/** What the rows planned so far have established: records by their keys, row identities. */
export class FileState {
  readonly companiesBySiret = new Map<string, CompanyRef>();
  readonly companiesByVat = new Map<string, CompanyRef>();
  readonly companiesByNamePostal = new Map<string, CompanyRef>();
  /** By id: a record found again under another key is the same object, with its pending changes. */
  readonly companiesById = new Map<string, CompanyRef>();
  /** By lower-case name alone; null when the file names several companies so. */
  readonly companiesByName = new Map<string, CompanyRef | null>();
  private contactsByEmail = new Map<string, ContactRef>();
  private contactsByName = new Map<string, ContactRef>();
  private previousByEmail = new Map<string, ContactRef>();
  private previousByName = new Map<string, ContactRef>();
  /** Row identity → first row number, to report repeated rows. */
  readonly identities = new Map<string, number>();

  registerCompany(ref: CompanyRef): void {
    if (ref.state.siret) this.companiesBySiret.set(ref.state.siret, ref);
    if (ref.state.vatNumber) this.companiesByVat.set(ref.state.vatNumber, ref);
    if (ref.state.name) {
      this.companiesByNamePostal.set(namePostal(ref.state.name, ref.state.postalCode), ref);
      const name = ref.state.name.toLowerCase();
      const known = this.companiesByName.get(name);
      this.companiesByName.set(name, known === undefined || known === ref ? ref : null);
    }
    this.companiesById.set(ref.id, ref);
  }
  /**
   * Contacts are only remembered for this batch and the one before: a second row for the
   * same contact is a repeated row (see rowIdentity), and one saved by an earlier batch is
   * found in the database, so 100,000 contacts never sit in memory at once. The batch before
   * is kept because the job plans a batch while the previous one is still being written
   * (its contacts are not visible to other transactions yet).
   */
  endBatch(): void {
    this.previousByEmail = this.contactsByEmail;
    this.previousByName = this.contactsByName;
    this.contactsByEmail = new Map();
    this.contactsByName = new Map();
  }

  contactByEmail(email: string): ContactRef | undefined {
    return this.contactsByEmail.get(email) ?? this.previousByEmail.get(email);
  }

  contactByName(key: string): ContactRef | undefined {
    return this.contactsByName.get(key) ?? this.previousByName.get(key);
  }

  registerContact(ref: ContactRef): void {
    if (ref.state.email) this.contactsByEmail.set(ref.state.email, ref);
    if (ref.state.companyId)
      this.contactsByName.set(contactNameKey(ref.state.companyId, ref.state.firstName, ref.state.lastName), ref);
  }
}

const namePostal = (name: string, postal: string | null | undefined) => `${name.toLowerCase()}\u0000${postal ?? ''}`;
/**
 * A company name compared without case, accents, punctuation or spacing ("Cabinet  Moreau
 * Avocats" = "cabinet moreau-avocats"); null when nothing is left (a name in another script).
 */
const companyNameKey = (name: string | null | undefined) => (name ? headerKey(name) || null : null);
/** Two company names with nothing in common ("Groupe Horizon Conseil" / "Événements Côte d'Azur"), not two spellings or a short form. */
function clearlyOtherName(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = companyNameKey(a);
  const y = companyNameKey(b);
  return !!x && !!y && !x.includes(y) && !y.includes(x);
}
const contactNameKey = (companyId: string, first?: string | null, last?: string | null) =>
  `${companyId}\u0000${(first ?? '').toLowerCase()}\u0000${(last ?? '').toLowerCase()}`;

/**
 * A row's identity from its own values (so it survives a job restart): the contact's email,
 * else its company's key and names; a row without contact is its company.
 */
export function rowIdentity(row: NormalizedRow): string {
  const c = row.company;
  const companyKey = c.siret
    ? `s:${c.siret}`
    : c.vatNumber
      ? `v:${c.vatNumber}`
      : `n:${namePostal(c.name ?? '', c.postalCode)}`;
  if (!row.contact) return `company:${companyKey}`;
  if (row.contact.email) return `email:${row.contact.email}`;
  return `contact:${companyKey}:${(row.contact.firstName ?? '').toLowerCase()}:${(row.contact.lastName ?? '').toLowerCase()}`;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

const COMPANY_SELECT = `id, main_contact_id, ${COMPANY_KEYS.map(snake).join(', ')},
  ARRAY(SELECT option_id::text FROM company_language l WHERE l.company_id = c.id ORDER BY option_id) AS language_ids`;
const CONTACT_SELECT = `id, ${CONTACT_KEYS.map(snake).join(', ')}`;

export interface PlanOptions {
  /** Preview: nothing is written, new records get provisional ids. */
  simulate: boolean;
  target: 'COMPANIES' | 'CONTACTS';
  /** False: records found in the workspace are left as they are. */
  updateExisting?: boolean;
  /** Problems of a row because of the records it would create (required custom fields). */
  creationProblems?: (row: NormalizedRow, creating: { company: boolean; contact: boolean }) => RowProblem[];
}

/**
 * Plans one batch of rows. Look-ups: existing companies by SIRET, VAT, or name + postal
 * code; contacts by email, else by company and names; in the job they are locked
 * (FOR UPDATE) so what is compared is what gets overwritten.
 */
export async function planBatch(
  manager: EntityManager,
  rows: NormalizedRow[],
  state: FileState,
  options: OptionResolver,
  opts: PlanOptions,
): Promise<RowPlan[]> {
  const lock = opts.simulate ? '' : ' FOR UPDATE';
  // 1. Existing companies for the keys this batch names and the state does not know yet.
  const sirets = new Set<string>();
  const vats = new Set<string>();
  const names: string[] = [];
  const postals: string[] = [];
  /** Names of rows without postal code: matched by the name alone when it is unique. */
  const bareNames = new Set<string>();
  for (const r of rows) {
    const c = r.company;
    // A row with a SIRET is matched by it alone (matchCompany): no VAT or name look-up. The
    // name look-up costs the most: lower() is not leakproof, so under row-level security it
    // reads every company of the workspace instead of company_name_postal_idx.
    if (c.siret) {
      if (!state.companiesBySiret.has(c.siret)) sirets.add(c.siret);
      continue;
    }
    if (c.vatNumber && !state.companiesByVat.has(c.vatNumber)) vats.add(c.vatNumber);
    if (c.name && !state.companiesByNamePostal.has(namePostal(c.name, c.postalCode))) {
      if (c.postalCode) {
        names.push(c.name.toLowerCase());
        postals.push(c.postalCode);
      } else bareNames.add(c.name.toLowerCase());
    }
  }
  const found = new Map<string, CompanyRef>();
  // One query per key (each served by its own index) rather than one OR that scans the table.
  const lookups: [string, unknown[]][] = [];
  if (sirets.size) lookups.push(['c.siret = ANY($1::text[])', [[...sirets]]]);
  if (vats.size) lookups.push(['c.vat_number = ANY($1::text[])', [[...vats]]]);
  if (names.length) {
    lookups.push([
      `(lower(c.name), coalesce(c.postal_code, '')) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [names, postals],
    ]);
  }
  // Every company of such a name, whatever its postal code (one without postal code is the
  // match, as before; otherwise a unique one is).
  if (bareNames.size) lookups.push(['lower(c.name) = ANY($1::text[])', [[...bareNames]]]);
  for (const [where, params] of lookups) {
    const existing: Record<string, unknown>[] = await manager.query(
      `SELECT ${COMPANY_SELECT} FROM company c WHERE c.deleted_at IS NULL AND ${where}
       ORDER BY c.created_at, c.id${lock}`,
      params,
    );
    for (const row of existing) {
      if (found.has(row.id as string)) continue;
      const known = state.companiesById.get(row.id as string);
      if (known) {
        found.set(known.id, known);
        continue;
      }
      found.set(row.id as string, savedCompany(row));
    }
  }
  const bySiret = new Map<string, CompanyRef>();
  const byVat = new Map<string, CompanyRef>();
  const byName = new Map<string, CompanyRef>();
  const byBareName = new Map<string, CompanyRef | null>();
  // Oldest first: when several records share a key, the oldest one is the match.
  for (const ref of found.values()) {
    if (ref.state.siret && !bySiret.has(ref.state.siret)) bySiret.set(ref.state.siret, ref);
    if (ref.state.vatNumber && !byVat.has(ref.state.vatNumber)) byVat.set(ref.state.vatNumber, ref);
    const k = namePostal(ref.state.name ?? '', ref.state.postalCode);
    if (!byName.has(k)) byName.set(k, ref);
    const bare = (ref.state.name ?? '').toLowerCase();
    if (bareNames.has(bare)) byBareName.set(bare, byBareName.has(bare) ? null : ref);
  }
  /**
   * A row naming a company without postal code: the one of that exact name (case aside) with
   * no postal code; else the only one of that name, in the file and the workspace together.
   */
  const matchBareName = (name: string): CompanyRef | undefined => {
    const bare = name.toLowerCase();
    const inFile = state.companiesByName.get(bare);
    const inDb = byBareName.get(bare);
    if (inFile === null || inDb === null) return undefined;
    if (inFile && inDb && inFile.id !== inDb.id) return undefined;
    return inFile ?? inDb;
  };
  const matchCompany = (c: CompanyValues): CompanyRef | undefined => {
    if (c.siret) return state.companiesBySiret.get(c.siret) ?? bySiret.get(c.siret);
    if (c.vatNumber) {
      const v = state.companiesByVat.get(c.vatNumber) ?? byVat.get(c.vatNumber);
      if (v) return v;
    }
    if (c.name) {
      const k = namePostal(c.name, c.postalCode);
      return state.companiesByNamePostal.get(k) ?? byName.get(k) ?? (c.postalCode ? undefined : matchBareName(c.name));
    }
    return undefined;
  };

  // 2. Existing contacts by email, and by company + names for the rows without email.
  const emails = [
    ...new Set(rows.map((r) => r.contact?.email).filter((e): e is string => !!e && !state.contactByEmail(e))),
  ];
  const nameCompanies: string[] = [];
  const firsts: string[] = [];
  const lasts: string[] = [];
  for (const r of rows) {
    if (!r.contact || r.contact.email) continue;
    const company = matchCompany(r.company);
    if (company?.saved) {
      nameCompanies.push(company.id);
      firsts.push((r.contact.firstName ?? '').toLowerCase());
      lasts.push((r.contact.lastName ?? '').toLowerCase());
    }
  }
  const contactsByEmail = new Map<string, ContactRef>();
  const contactsByName = new Map<string, ContactRef>();
  const contactLookups: [string, unknown[]][] = [];
  // email::text, not citext: citext equality is not leakproof, so under row-level security
  // it cannot use an index and every contact of the workspace would be compared. Stored
  // and imported e-mails are both lowercase (normalizeEmail); contact_email_text_idx.
  if (emails.length) contactLookups.push(['email::text = ANY($1::text[])', [emails]]);
  if (nameCompanies.length) {
    contactLookups.push([
      `(company_id, lower(coalesce(first_name, '')), lower(coalesce(last_name, '')))
         IN (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))`,
      [nameCompanies, firsts, lasts],
    ]);
  }
  for (const [where, params] of contactLookups) {
    const existing: Record<string, unknown>[] = await manager.query(
      `SELECT ${CONTACT_SELECT} FROM contact WHERE deleted_at IS NULL AND ${where} ORDER BY created_at, id${lock}`,
      params,
    );
    for (const row of existing) {
      const ref: ContactRef = {
        id: row.id as string,
        isNew: false,
        saved: true,
        state: fromRow<ContactState>(row, CONTACT_KEYS),
        original: fromRow<ContactState>(row, CONTACT_KEYS),
        createdAt: null,
        dirty: new Set(),
      };
      if (ref.state.email && !contactsByEmail.has(ref.state.email)) contactsByEmail.set(ref.state.email, ref);
      const k = contactNameKey(ref.state.companyId!, ref.state.firstName, ref.state.lastName);
      if (!contactsByName.has(k)) contactsByName.set(k, ref);
    }
  }

  // 2b. The companies of contacts found by e-mail whose row names their company in a way the
  // keys above miss (no SIRET, another postal code…): planRow may keep the contact there.
  const ownCompanyIds = new Set<string>();
  for (const r of rows) {
    const email = r.contact?.email;
    if (!email) continue;
    const contact = state.contactByEmail(email) ?? contactsByEmail.get(email);
    const id = contact?.state.companyId;
    if (!id || found.has(id) || state.companiesById.has(id)) continue;
    if (matchCompany(r.company)?.id !== id) ownCompanyIds.add(id);
  }
  if (ownCompanyIds.size) {
    const existing: Record<string, unknown>[] = await manager.query(
      `SELECT ${COMPANY_SELECT} FROM company c WHERE c.deleted_at IS NULL AND c.id = ANY($1::uuid[])
       ORDER BY c.created_at, c.id${lock}`,
      [[...ownCompanyIds]],
    );
    for (const row of existing) {
      found.set(row.id as string, savedCompany(row));
    }
  }
  const companyById = (id: string) => state.companiesById.get(id) ?? found.get(id);

  // 2c. Records in the trash with a key of a row no live record has (SIRET, VAT, e-mail): the
  // row is refused, naming it, rather than creating a duplicate the restore would then clash with.
  const trash: Trash = { bySiret: new Map(), byVat: new Map(), byEmail: new Map() };
  const liveSirets = new Set([...bySiret.keys()]);
  const liveVats = new Set([...byVat.keys()]);
  const trashSirets = [...sirets].filter((k) => !liveSirets.has(k));
  const trashVats = [...vats].filter((k) => !liveVats.has(k));
  if (trashSirets.length || trashVats.length) {
    const rows: { name: string; siret: string | null; vat_number: string | null }[] = await manager.query(
      `SELECT name, siret, vat_number FROM company
        WHERE deleted_at IS NOT NULL AND (siret = ANY($1::text[]) OR vat_number = ANY($2::text[]))
        ORDER BY deleted_at DESC`,
      [trashSirets, trashVats],
    );
    for (const r of rows) {
      if (r.siret && !trash.bySiret.has(r.siret)) trash.bySiret.set(r.siret, r.name);
      if (r.vat_number && !trash.byVat.has(r.vat_number)) trash.byVat.set(r.vat_number, r.name);
    }
  }
  const trashEmails = emails.filter((e) => !contactsByEmail.has(e));
  if (trashEmails.length) {
    const rows: { email: string; name: string }[] = await manager.query(
      `SELECT email::text AS email, concat_ws(' ', first_name, last_name) AS name FROM contact
        WHERE deleted_at IS NOT NULL AND email::text = ANY($1::text[]) ORDER BY deleted_at DESC`,
      [trashEmails],
    );
    for (const r of rows) if (!trash.byEmail.has(r.email)) trash.byEmail.set(r.email, r.name);
  }

  // 3. Comments already on existing contacts (a file imported twice adds no second note).
  const existingComments = new Set<string>();
  const commentContacts = [...contactsByEmail.values(), ...contactsByName.values()].map((c) => c.id);
  if (commentContacts.length && rows.some((r) => r.comment)) {
    const notes: { contact_id: string; comment: string }[] = await manager.query(
      `SELECT contact_id, comment FROM activity WHERE kind = 'INFO' AND contact_id = ANY($1::uuid[])
         AND comment = ANY($2::text[])`,
      [commentContacts, rows.map((r) => r.comment).filter(Boolean)],
    );
    for (const n of notes) existingComments.add(`${n.contact_id}\u0000${n.comment}`);
  }

  const plans: RowPlan[] = [];
  for (const row of rows)
    plans.push(
      planRow(
        row,
        state,
        options,
        opts,
        matchCompany,
        companyById,
        contactsByEmail,
        contactsByName,
        existingComments,
        trash,
      ),
    );
  return plans;
}

function planRow(
  row: NormalizedRow,
  state: FileState,
  options: OptionResolver,
  opts: PlanOptions,
  matchCompany: (c: CompanyValues) => CompanyRef | undefined,
  companyById: (id: string) => CompanyRef | undefined,
  contactsByEmail: Map<string, ContactRef>,
  contactsByName: Map<string, ContactRef>,
  existingComments: Set<string>,
  trash: Trash,
): RowPlan {
  const problems = [...row.problems];
  const plan: RowPlan = {
    rowNo: row.rowNo,
    status: 'ERROR',
    changes: [],
    problems,
    warnings: [],
    companyAction: null,
    contactAction: null,
    company: null,
    contact: null,
    activity: null,
    consent: null,
    cells: row.cells,
  };
  // Settings values.
  const ids: Partial<Record<FieldKey, string[]>> = {};
  for (const { key, list } of OPTION_FIELDS) {
    const labels = row.labels[key];
    if (!labels) continue;
    const resolved: string[] = [];
    for (const label of labels) {
      const id = options.resolve(key, list, label, opts.simulate);
      if (id) resolved.push(id);
      else problems.push({ field: key, key: 'import.unknownValue', params: { value: label } });
    }
    ids[key] = resolved;
  }
  const identity = rowIdentity(row);
  const firstRow = state.identities.get(identity);
  if (firstRow !== undefined && problems.length === 0) {
    const field = row.contact ? (row.contact.email ? 'email' : 'lastName') : 'companyName';
    problems.push({ field, key: 'import.duplicateRow', params: { row: firstRow } });
  }
  let company = matchCompany(row.company);
  const c = row.contact;
  const companyKey = (id: string) => contactNameKey(id, c?.firstName, c?.lastName);
  let contact = !c
    ? undefined
    : c.email
      ? (state.contactByEmail(c.email) ?? contactsByEmail.get(c.email))
      : company
        ? (state.contactByName(companyKey(company.id)) ?? contactsByName.get(companyKey(company.id)))
        : undefined;
  // A contact found by e-mail whose row names its own company, only written differently
  // (case, accents, spacing) or without the keys that would find it (no SIRET or VAT, postal
  // code missing or another one): that company, updated. Not when the row's SIRET or VAT
  // found another company, nor when they differ from that company's.
  let ownCompany = false;
  if (contact && c?.email && contact.state.companyId && contact.state.companyId !== company?.id) {
    const own = companyById(contact.state.companyId);
    const rc = row.company;
    const nameKey = companyNameKey(rc.name);
    const byIdentifier = !!company && (!!rc.siret || (!!rc.vatNumber && company.state.vatNumber === rc.vatNumber));
    if (
      own &&
      nameKey !== null &&
      nameKey === companyNameKey(own.state.name) &&
      !byIdentifier &&
      !(rc.siret && own.state.siret && rc.siret !== own.state.siret) &&
      !(rc.vatNumber && own.state.vatNumber && rc.vatNumber !== own.state.vatNumber)
    ) {
      company = own;
      ownCompany = true;
    }
  }
  // An import never moves a contact to another company: that would drag its events and
  // main-contact role along silently. The user moves it on its page.
  if (contact && contact.state.companyId !== company?.id && problems.length === 0) {
    problems.push({ field: 'companyName', key: 'import.contactInOtherCompany' });
  }
  // A record to create whose SIRET, VAT or e-mail is a record's in the trash: restore that one.
  if (!company && problems.length === 0) {
    const rc = row.company;
    const trashed = rc.siret ? trash.bySiret.get(rc.siret) : rc.vatNumber ? trash.byVat.get(rc.vatNumber) : undefined;
    if (trashed !== undefined) {
      problems.push({ field: rc.siret ? 'siret' : 'vatNumber', key: 'import.inTrash', params: { name: trashed } });
    }
  }
  if (c?.email && !contact && problems.length === 0) {
    const trashed = trash.byEmail.get(c.email);
    if (trashed !== undefined) problems.push({ field: 'email', key: 'import.inTrash', params: { name: trashed } });
  }
  if (opts.creationProblems)
    problems.push(...opts.creationProblems(row, { company: !company, contact: !!c && !contact }));
  if (problems.length) return plan;
  state.identities.set(identity, row.rowNo);
  // A SIRET found on a company of another name: a typo in the SIRET would update (rename) the
  // wrong company, or attach the contact to it; said before importing.
  if (
    company &&
    row.company.siret &&
    company.state.siret === row.company.siret &&
    clearlyOtherName(row.company.name, company.state.name)
  ) {
    plan.warnings.push({ field: 'siret', key: 'import.siretOtherName', params: { name: company.state.name ?? '' } });
  }

  // Company: matched, or new.
  const wanted: CompanyState = { ...row.company };
  // Found through its contact: the name as written in the file is only another spelling.
  if (ownCompany) delete wanted.name;
  if (ids.companyType) wanted.companyTypeId = ids.companyType[0];
  if (row.optIn !== null && !row.contact) wanted.optIn = row.optIn;
  const changes: string[] = [];
  if (!company) {
    company = {
      id: randomUUID(),
      isNew: true,
      saved: false,
      state: { country: 'France', optIn: false, ...wanted },
      original: null,
      languageIds: ids.languages ?? [],
      originalLanguageIds: null,
      mainContactId: null,
      createdAt: row.createdAt,
      dirty: new Set(),
    };
    plan.companyAction = 'create';
    for (const k of Object.keys(wanted)) changes.push(`company.${k}`);
    if (company.languageIds.length) changes.push('company.languages');
  } else if (!company.isNew && opts.updateExisting === false) {
    plan.companyAction = 'unchanged';
  } else {
    const changed = applyChanges(company.state, wanted, company.dirty);
    if (ids.languages && !sameSet(company.languageIds, ids.languages)) {
      company.languageIds = [...new Set([...company.languageIds, ...ids.languages])];
      if (!sameSet(company.languageIds, company.originalLanguageIds ?? [])) {
        company.dirty.add('languageIds');
        changed.push('languages');
      }
    }
    plan.companyAction = changed.length ? 'update' : 'unchanged';
    for (const k of changed) changes.push(`company.${k}`);
  }
  state.registerCompany(company);
  plan.company = company;
  if (
    wanted.optIn !== undefined &&
    (plan.companyAction === 'create' ? wanted.optIn : changes.includes('company.optIn'))
  )
    plan.consent = { subject: 'Company', optIn: wanted.optIn };

  // Contact: matched by email, else by company and names; or new in the company.
  if (c) {
    const wantedContact: ContactState = { ...c, companyId: company.id };
    if (ids.civility) wantedContact.civilityId = ids.civility[0];
    if (ids.source) wantedContact.sourceId = ids.source[0];
    if (ids.situation) wantedContact.situationId = ids.situation[0];
    if (row.optIn !== null) wantedContact.optIn = row.optIn;
    if (!contact) {
      contact = {
        id: randomUUID(),
        isNew: true,
        saved: false,
        state: { optIn: false, ...wantedContact },
        original: null,
        createdAt: row.createdAt,
        dirty: new Set(),
      };
      plan.contactAction = 'create';
      for (const k of Object.keys(wantedContact))
        if (!k.endsWith('Raw') && k !== 'companyId') changes.push(`contact.${k}`);
      if (wantedContact.optIn) plan.consent = { subject: 'Contact', optIn: true };
    } else if (!contact.isNew && opts.updateExisting === false) {
      plan.contactAction = 'unchanged';
    } else {
      const changed = applyChanges(contact.state, wantedContact, contact.dirty);
      plan.contactAction = changed.length ? 'update' : 'unchanged';
      for (const k of changed) changes.push(`contact.${k === 'companyId' ? 'company' : k}`);
      if (changed.includes('optIn')) plan.consent = { subject: 'Contact', optIn: !!wantedContact.optIn };
    }
    // The first contact of a company without one becomes its main contact.
    if (!company.mainContactId) {
      company.mainContactId = contact.id;
      if (company.saved) company.dirty.add('mainContactId');
    }
    state.registerContact(contact);
    plan.contact = contact;
    if (row.comment) {
      const key = `${contact.id}\u0000${row.comment}`;
      if (!existingComments.has(key)) {
        existingComments.add(key);
        plan.activity = {
          comment: row.comment,
          categoryId: ids.commentCategory?.[0] ?? null,
          occurredAt: row.createdAt,
        };
        changes.push('contact.comment');
      }
    }
  }
  plan.changes = changes;
  plan.status =
    plan.companyAction === 'create' || plan.contactAction === 'create'
      ? 'CREATE'
      : changes.length
        ? 'UPDATE'
        : 'UNCHANGED';
  return plan;
}

/** Copies the given values that differ; returns the changed keys (phones compare by E.164). */
function applyChanges<T extends object>(current: T, wanted: T, dirty: Set<string>): string[] {
  const changed: string[] = [];
  const cur = current as Record<string, unknown>;
  for (const [k, v] of Object.entries(wanted)) {
    if (v === undefined || k.endsWith('Raw')) continue;
    if (same(cur[k], v)) continue;
    cur[k] = v;
    dirty.add(k);
    changed.push(k);
    const rawKey = `${k}Raw`;
    if (rawKey in wanted) {
      cur[rawKey] = (wanted as Record<string, unknown>)[rawKey];
      dirty.add(rawKey);
    }
  }
  return changed;
}

export { camel };
