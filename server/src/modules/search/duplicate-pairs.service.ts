import type { EntityManager } from 'typeorm';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { badField, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, encodeCursor } from '../../common/pagination';
import { recordAudits } from '../audit/audit.service';
import { RecordKind } from '../custom-field/custom-field.model';
import {
  DuplicateReason,
  type DuplicatePairConnectionType,
  type DuplicatePairRecordType,
  type DuplicatePairType,
} from './search.types';

/**
 * Likely duplicate pairs among the live records of the workspace (the "Doublons" page), the
 * records already there rather than one being created (duplicates.service.ts).
 *
 * Pairs come in tiers, strongest reason first: companies by SIRET, VAT number, SIREN, equal
 * normalised name, then nearly the same name (trigram similarity ≥ 0.8, the creation check's
 * threshold); contacts by e-mail, phone (direct or mobile line, E.164), then the same
 * normalised first and last name in the same company. A pair belongs to the first tier it
 * qualifies for and shows every reason it has. Within a tier pairs are in id order, which is
 * what makes each tier a keyset walk: a page reads the tiers in order from the cursor (tier,
 * a, b) and stops as soon as it holds one pair more than asked, so the first page costs the
 * strongest tiers' joins, never the whole set (the bench workspace has 33,000 pairs of equal
 * company names alone). Equality tiers are self-joins on indexed columns (text equality is
 * leakproof, so the indexes serve under row-level security); the near-name tier walks the
 * companies through `duplicate_company_near_names` (migration 1766217600000-DuplicatePairs),
 * at most NEAR_NAME_BUDGET companies per request, so a page may end early with hasNextPage.
 *
 * Deleted records are never paired (a merged record is deleted, so its pairs go); inactive
 * ones are, like the creation check. Pairs marked "not duplicates" are left out.
 */

/** Companies probed on the trigram index per request (about 0.5 to 2 ms each). */
export const NEAR_NAME_BUDGET = 400;
const ZERO = '00000000-0000-0000-0000-000000000000';
const LAST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const SAME_NAME_SIMILARITY = 0.8;

type Pair = [string, string];

interface TierFetch {
  /** Pairs kept for the page, in (a, b) order. */
  pairs: Pair[];
  /** Where the tier stopped without being exhausted (a budget or a cap), to resume there. */
  resume: Pair | null;
}

interface Tier {
  reason: DuplicateReason;
  fetch(manager: EntityManager, after: Pair, limit: number, budget: number): Promise<TierFetch>;
}

/** Keyset on the pair (a, b) and the dismissals; $1, $2 = after, $3 = limit. */
const walk = (kind: RecordKind) => `a.id >= $1::uuid AND (a.id > $1::uuid OR b.id > $2::uuid)
  AND NOT EXISTS (SELECT 1 FROM duplicate_dismissal d WHERE d.kind = '${kind}' AND d.id_a = a.id AND d.id_b = b.id)`;

/** "Not the same value on both", NULLs included (a stronger tier's reason). */
const differ = (col: string) => `(a.${col} = b.${col}) IS NOT TRUE`;

/**
 * The pairs of one join, after the cursor. The join is computed whole (MATERIALIZED) and then
 * sorted: left to itself, the planner walks the primary key in order to stop at the limit,
 * which is quick when pairs are dense and probes every row (300 ms for 60,000 contacts) when
 * there are few or none; hash joins on the indexed columns cost the same few tens of
 * milliseconds either way.
 */
function selfJoinTier(kind: RecordKind, reason: DuplicateReason, joins: string[], stronger: string[]): Tier {
  const table = kind === RecordKind.COMPANY ? 'company' : 'contact';
  const arms = joins.map(
    (join) => `SELECT a.id AS a, b.id AS b
      FROM ${table} a JOIN ${table} b ON ${join} AND b.workspace_id = a.workspace_id AND b.id > a.id AND b.deleted_at IS NULL
      WHERE a.deleted_at IS NULL AND ${walk(kind)} ${stronger.map((s) => `AND ${s}`).join(' ')}`,
  );
  const sql = `WITH pairs AS MATERIALIZED (${arms.join(' UNION ')})
    SELECT a, b FROM pairs ORDER BY a, b LIMIT $3`;
  return {
    reason,
    async fetch(manager, after, limit) {
      const rows: { a: string; b: string }[] = await manager.query(sql, [...after, limit]);
      return { pairs: rows.map((r) => [r.a, r.b]), resume: null };
    },
  };
}

const companySame = {
  siret: differ('siret'),
  vat: differ('vat_number'),
  siren: differ('siren'),
};

/** Nearly the same name, not equal: the definer function walks the companies from the cursor. */
const nearNameTier: Tier = {
  reason: DuplicateReason.NAME,
  async fetch(manager, after, limit, budget) {
    // The stronger tiers' pairs are flagged, not filtered, so that the walk's position is the
    // last pair the function returned whether or not it is kept.
    const rows: { a: string; b: string; keep: boolean }[] = await manager.query(
      `SELECT f.id_a AS a, f.id_b AS b, (${[companySame.siret, companySame.vat, companySame.siren].join(' AND ')}) AS keep
       FROM duplicate_company_near_names($1, $2, $3, $4) f
       JOIN company a ON a.id = f.id_a JOIN company b ON b.id = f.id_b
       ORDER BY f.id_a, f.id_b`,
      [...after, budget, limit],
    );
    const pairs = rows.filter((r) => r.keep).map((r): Pair => [r.a, r.b]);
    if (rows.length === limit) {
      const last = rows[rows.length - 1];
      return { pairs, resume: [last.a, last.b] };
    }
    // Fewer than asked: either every company was walked, or the budget ran out first.
    // The same companies as the function's walk (see its comment on after_b = LAST).
    const [walked]: { last: string | null; n: number }[] = await manager.query(
      `SELECT max(id::text) AS last, count(*)::int AS n FROM (
         SELECT id FROM company WHERE deleted_at IS NULL AND id >= $1 AND NOT (id = $1 AND $2::uuid = $3::uuid)
         ORDER BY id LIMIT $4) s`,
      [after[0], after[1], LAST, budget],
    );
    return { pairs, resume: walked.n >= budget && walked.last ? [walked.last, LAST] : null };
  },
};

const COMPANY_TIERS: Tier[] = [
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.SIRET, ['b.siret = a.siret'], []),
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.VAT, ['b.vat_number = a.vat_number'], [companySame.siret]),
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.SIREN, ['b.siren = a.siren'], [companySame.siret, companySame.vat]),
  selfJoinTier(
    RecordKind.COMPANY,
    DuplicateReason.NAME,
    ['b.norm_name = a.norm_name'],
    [companySame.siret, companySame.vat, companySame.siren],
  ),
  nearNameTier,
];

// citext equality is not leakproof: the e-mails are compared as text (stored lowercase), which
// the index contact_email_text_idx serves.
const contactSameEmail = '(a.email::text = b.email::text) IS NOT TRUE';
// The switchboard is shared by a company's staff: only direct and mobile lines identify a person.
const contactSamePhone = `(a.phone_direct IN (b.phone_direct, b.phone_mobile)
  OR a.phone_mobile IN (b.phone_direct, b.phone_mobile)) IS NOT TRUE`;

const CONTACT_TIERS: Tier[] = [
  selfJoinTier(RecordKind.CONTACT, DuplicateReason.EMAIL, ['b.email::text = a.email::text'], []),
  // Same direct or mobile line, either way round: one hash join per combination.
  selfJoinTier(
    RecordKind.CONTACT,
    DuplicateReason.PHONE,
    [
      'b.phone_direct = a.phone_direct',
      'b.phone_mobile = a.phone_mobile',
      'b.phone_mobile = a.phone_direct',
      'b.phone_direct = a.phone_mobile',
    ],
    [contactSameEmail],
  ),
  selfJoinTier(
    RecordKind.CONTACT,
    DuplicateReason.NAME_COMPANY,
    ['b.company_id = a.company_id AND b.norm_name = a.norm_name'],
    [contactSameEmail, contactSamePhone],
  ),
];

const REASON_ORDER = Object.values(DuplicateReason);

/** A record as jsonb_build_object gives it: only its kind's fields, the date as text. */
type RawRecord = Partial<Omit<DuplicatePairRecordType, 'createdAt'>> &
  Pick<DuplicatePairRecordType, 'id' | 'name' | 'active'> & { createdAt: string };

interface PairRow {
  a: string;
  b: string;
  ra: RawRecord;
  rb: RawRecord;
  reasons: DuplicateReason[];
}

const COMPANY_RECORD = (t: string) => `jsonb_build_object('id', ${t}.id, 'name', ${t}.name, 'active', ${t}.active,
  'createdAt', ${t}.created_at, 'postalCode', ${t}.postal_code, 'city', ${t}.city, 'siret', ${t}.siret,
  'vatNumber', ${t}.vat_number)`;

const CONTACT_RECORD = (t: string, co: string) => `jsonb_build_object('id', ${t}.id,
  'name', concat_ws(' ', ${t}.first_name, ${t}.last_name), 'active', ${t}.active, 'createdAt', ${t}.created_at,
  'email', ${t}.email::text, 'phone', coalesce(${t}.phone_mobile, ${t}.phone_direct),
  'companyId', ${t}.company_id, 'companyName', ${co}.name)`;

/** Both records of each pair and every reason they match, in one statement under row-level security. */
async function readPairs(manager: EntityManager, kind: RecordKind, pairs: Pair[]): Promise<PairRow[]> {
  if (!pairs.length) return [];
  const params = [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  const sql =
    kind === RecordKind.COMPANY
      ? `SELECT x.a, x.b, ${COMPANY_RECORD('a')} AS ra, ${COMPANY_RECORD('b')} AS rb,
           array_remove(ARRAY[
             CASE WHEN a.siret = b.siret THEN 'SIRET' END,
             CASE WHEN a.siren = b.siren THEN 'SIREN' END,
             CASE WHEN a.vat_number = b.vat_number THEN 'VAT' END,
             CASE WHEN a.norm_name = b.norm_name
                    OR similarity(a.norm_name, b.norm_name) >= ${SAME_NAME_SIMILARITY} THEN 'NAME' END], NULL) AS reasons
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY x(a, b, n)
         JOIN company a ON a.id = x.a JOIN company b ON b.id = x.b
         ORDER BY x.n`
      : `SELECT x.a, x.b, ${CONTACT_RECORD('a', 'ca')} AS ra, ${CONTACT_RECORD('b', 'cb')} AS rb,
           array_remove(ARRAY[
             CASE WHEN a.email::text = b.email::text THEN 'EMAIL' END,
             CASE WHEN NOT (${contactSamePhone}) THEN 'PHONE' END,
             CASE WHEN a.company_id = b.company_id AND a.norm_name = b.norm_name THEN 'NAME_COMPANY' END], NULL) AS reasons
         FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY x(a, b, n)
         JOIN contact a ON a.id = x.a JOIN contact b ON b.id = x.b
         JOIN company ca ON ca.id = a.company_id JOIN company cb ON cb.id = b.company_id
         ORDER BY x.n`;
  return manager.query(sql, params);
}

function toRecord(r: RawRecord): DuplicatePairRecordType {
  return {
    postalCode: null,
    city: null,
    siret: null,
    vatNumber: null,
    email: null,
    phone: null,
    companyId: null,
    companyName: null,
    ...r,
    createdAt: new Date(r.createdAt),
  };
}

function toPair(kind: RecordKind, row: PairRow): DuplicatePairType {
  const a = toRecord(row.ra);
  const b = toRecord(row.rb);
  // The older record first: the one a merge usually keeps.
  const aFirst = a.createdAt.getTime() < b.createdAt.getTime() || (+a.createdAt === +b.createdAt && a.id < b.id);
  return {
    kind,
    reasons: [...row.reasons].sort((x, y) => REASON_ORDER.indexOf(x) - REASON_ORDER.indexOf(y)),
    first: aFirst ? a : b,
    second: aFirst ? b : a,
  };
}

function startFrom(after: string | null | undefined, tiers: number): { tier: number; after: Pair } {
  if (!after) return { tier: 0, after: [ZERO, ZERO] };
  const [tier, a, b] = decodeCursor(after, 3);
  if (!Number.isInteger(tier) || (tier as number) < 0 || (tier as number) >= tiers || !isUuid(a) || !isUuid(b))
    throw badField(['after'], 'field.cursor');
  return { tier: tier as number, after: [a.toLowerCase(), b.toLowerCase()] };
}

export async function duplicatePairs(
  ctx: Ctx,
  kind: RecordKind,
  first?: number | null,
  after?: string | null,
  /** Tests walk the near names in small steps to check that the walk resumes where it stopped. */
  nearNameBudget = NEAR_NAME_BUDGET,
): Promise<DuplicatePairConnectionType> {
  const size = checkPageSize(first, 50);
  const tiers = kind === RecordKind.COMPANY ? COMPANY_TIERS : CONTACT_TIERS;
  const start = startFrom(after, tiers.length);
  const manager = await em(ctx);
  const found: { tier: number; pair: Pair }[] = [];
  let resume: { tier: number; pair: Pair } | null = null;
  let pos = start.after;
  // One pair more than asked says whether there is a next page.
  for (let tier = start.tier; tier < tiers.length && found.length <= size; tier++) {
    const got = await tiers[tier].fetch(manager, pos, size + 1 - found.length, nearNameBudget);
    found.push(...got.pairs.map((pair) => ({ tier, pair })));
    if (got.resume && found.length <= size) {
      resume = { tier, pair: got.resume };
      break;
    }
    pos = [ZERO, ZERO];
  }
  const page = found.slice(0, size);
  const rows = await readPairs(
    manager,
    kind,
    page.map((p) => p.pair),
  );
  const edges = rows.map((row, i) => ({
    cursor: encodeCursor([page[i].tier, ...page[i].pair]),
    node: toPair(kind, row),
  }));
  const hasNextPage = found.length > size || resume !== null;
  const endCursor = resume ? encodeCursor([resume.tier, ...resume.pair]) : (edges.at(-1)?.cursor ?? after ?? null);
  return { edges, pageInfo: { hasNextPage, endCursor } };
}

/**
 * "Not duplicates": the pair no longer shows on the Doublons page (the creation check is not
 * affected: it warns about a record being typed, not about these two).
 */
export async function dismissDuplicatePair(ctx: Ctx, kind: RecordKind, idA: string, idB: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const entity = kind === RecordKind.COMPANY ? 'Company' : 'Contact';
  const a = checkId(idA, entity).toLowerCase();
  const b = checkId(idB, entity).toLowerCase();
  if (a === b) throw badField(['idB'], 'duplicates.samePair');
  const table = kind === RecordKind.COMPANY ? 'company' : 'contact';
  const manager = await em(ctx);
  const live: unknown[] = await manager.query(`SELECT id FROM ${table} WHERE id IN ($1, $2) AND deleted_at IS NULL`, [
    a,
    b,
  ]);
  if (live.length < 2) throw notFound(entity);
  // uuid order is the order of their lowercase text, the table's CHECK (id_a < id_b).
  const [lo, hi] = a < b ? [a, b] : [b, a];
  // No row back when the pair was already dismissed.
  const inserted: unknown[] = await manager.query(
    `INSERT INTO duplicate_dismissal (workspace_id, kind, id_a, id_b, dismissed_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
    [ctx.actor.workspaceId, kind, lo, hi, ctx.actor.userId],
  );
  // On both records' history, so that whoever wonders why the pair no longer shows finds who decided.
  if (inserted.length)
    await recordAudits(ctx, [
      { entityType: entity, entityId: a, action: 'duplicate.dismiss', before: null, after: { notDuplicateOf: b } },
      { entityType: entity, entityId: b, action: 'duplicate.dismiss', before: null, after: { notDuplicateOf: a } },
    ]);
  return true;
}
