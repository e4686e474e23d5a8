import type { EntityManager } from 'typeorm';
import { requireWrite } from '../../common/actor';
import { type Ctx, em } from '../../common/context';
import { badField, notFound } from '../../common/errors';
import { checkId, isUuid } from '../../common/ids';
import { checkPageSize, decodeCursor, encodeCursor } from '../../common/pagination';
import { recordAudits } from '../audit/audit.service';
import { formatPhoneNational } from '../validation/contact-data';
import { RecordKind } from '../custom-field/custom-field.model';
import {
  type DismissedDuplicatePairConnectionType,
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
 * normalised name (those with equal postal codes first), then nearly the same name
 * (trigram similarity ≥ 0.8, the creation check's threshold); contacts by e-mail, phone
 * (direct or mobile line, E.164), then the same normalised first and last name in the same
 * company. A pair belongs to the first tier it qualifies for and shows every reason it has.
 * Within a tier the most similar names come first (trigram similarity of the normalised names,
 * descending), then id order; that order is the keyset of the tier: a page reads the tiers in
 * order from the cursor and stops as soon as it holds one pair more than asked, so the first
 * page costs the strongest tiers' joins, never the whole set (the bench workspace has 33,000
 * pairs of equal company names alone). Equality tiers are self-joins on indexed columns (text
 * equality is leakproof, so the indexes serve under row-level security), computed whole and
 * then sorted. The near-name tier cannot be: finding every nearly identical name costs one
 * trigram index probe per company (tens of seconds for 20,000), so it walks the companies in
 * id order through `duplicate_company_near_names` (migration 1766217600000-DuplicatePairs), at
 * most NEAR_NAME_BUDGET companies per request, and orders by similarity within each window of
 * NEAR_NAME_WINDOW companies only; a page may end early with hasNextPage at a window's end.
 *
 * Deleted records are never paired (a merged record is deleted, so its pairs go); inactive
 * ones are, like the creation check. Pairs marked "not duplicates" are left out.
 */

/** Companies probed on the trigram index per request (about 0.5 to 2 ms each). */
export const NEAR_NAME_BUDGET = 400;
/**
 * Companies of a near-name window, the span over which those pairs are sorted by similarity:
 * a page that stops inside a window walks it again on the next request, so larger windows
 * (a wider sort) cost every page of the tier more.
 */
const NEAR_NAME_WINDOW = 50;
/** Pairs read from one near-name window at most (the function's own ceiling): a window also ends there. */
const NEAR_NAME_CAP = 1000;
const ZERO = '00000000-0000-0000-0000-000000000000';
const LAST = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
const SAME_NAME_SIMILARITY = 0.8;
/** Above any score (at most 2): a tier's position before its first pair. */
const BEFORE_ALL = 3;

type Pair = [string, string];

/**
 * A position in a tier: after the pair (a, b) of `score` in (score desc, a, b) order. The score
 * is the names' similarity (0 to 1); among equal company names, 2 for those in the same postal
 * code. `window` is where the near-name window being read starts (the walk's position); the
 * equality tiers leave it at ZERO.
 */
interface Position {
  window: Pair;
  score: number;
  pair: Pair;
}

const tierStart = (window: Pair = [ZERO, ZERO]): Position => ({ window, score: BEFORE_ALL, pair: [ZERO, ZERO] });

/** How far the near-name walk goes per request: `budget` companies, in windows of `window`. */
export interface NearNameWalk {
  budget: number;
  window: number;
}

interface TierFetch {
  /** Pairs kept for the page, in the tier's order, each with its own position. */
  pairs: Position[];
  /** Where the tier stopped without being exhausted (the end of a near-name window), to resume there. */
  resume: Position | null;
}

interface Tier {
  reason: DuplicateReason;
  fetch(manager: EntityManager, after: Position, limit: number, walk: NearNameWalk): Promise<TierFetch>;
}

const dismissed = (kind: RecordKind) =>
  `NOT EXISTS (SELECT 1 FROM duplicate_dismissal d WHERE d.kind = '${kind}' AND d.id_a = a.id AND d.id_b = b.id)`;

/** "Not the same value on both", NULLs included (a stronger tier's reason). */
const differ = (col: string) => `(a.${col} = b.${col}) IS NOT TRUE`;

/** Postal codes compared without spaces ("75 008" is "75008"); none is no postal code. */
const postal = (t: string) => `nullif(replace(${t}.postal_code, ' ', ''), '')`;

/** How alike two names are, the order within a tier. Equal names are all alike: 1 spares computing it. */
const NAME_SIMILARITY = 'similarity(a.norm_name, b.norm_name)';
const EQUAL_NAMES = '1::real';
/** Equal company names: those in the same postal code (SAME_NAME_POSTAL_CODE) first. */
const EQUAL_NAMES_POSTAL = `CASE WHEN ${postal('a')} = ${postal('b')} THEN 2 ELSE 1 END::real`;

/**
 * The pairs of one join, after the position. The join is computed whole (MATERIALIZED) and then
 * sorted: left to itself, the planner walks the primary key in order to stop at the limit,
 * which is quick when pairs are dense and probes every row (300 ms for 60,000 contacts) when
 * there are few or none; hash joins on the indexed columns cost the same few tens of
 * milliseconds either way, and sorting by similarity needs every pair of the tier anyway.
 */
function selfJoinTier(
  kind: RecordKind,
  reason: DuplicateReason,
  joins: string[],
  stronger: string[],
  score = NAME_SIMILARITY,
): Tier {
  const table = kind === RecordKind.COMPANY ? 'company' : 'contact';
  const arms = joins.map(
    (join) => `SELECT a.id AS a, b.id AS b, ${score} AS score
      FROM ${table} a JOIN ${table} b ON ${join} AND b.workspace_id = a.workspace_id AND b.id > a.id AND b.deleted_at IS NULL
      WHERE a.deleted_at IS NULL AND ${dismissed(kind)} ${stronger.map((s) => `AND ${s}`).join(' ')}`,
  );
  // The score is a real (float4) both here and in the cursor's parameter, so equal compares equal.
  const sql = `WITH pairs AS MATERIALIZED (${arms.join(' UNION ')})
    SELECT a, b, score FROM pairs
    WHERE score < $1::real OR (score = $1::real AND (a, b) > ($2::uuid, $3::uuid))
    ORDER BY score DESC, a, b LIMIT $4`;
  return {
    reason,
    async fetch(manager, after, limit) {
      const rows: { a: string; b: string; score: number }[] = await manager.query(sql, [
        after.score,
        ...after.pair,
        limit,
      ]);
      return { pairs: rows.map((r) => ({ window: [ZERO, ZERO], score: r.score, pair: [r.a, r.b] })), resume: null };
    },
  };
}

const companySame = {
  siret: differ('siret'),
  vat: differ('vat_number'),
  siren: differ('siren'),
};

/** (score desc, a, b) order. */
const byPosition = (x: Position, y: Position) =>
  y.score - x.score || (x.pair[0] < y.pair[0] ? -1 : x.pair[0] > y.pair[0] ? 1 : x.pair[1] < y.pair[1] ? -1 : 1);

/**
 * One window of the near-name walk from `start`: what one call of the definer function reads
 * (at most `size` companies and NEAR_NAME_CAP pairs), the pairs not of a stronger tier sorted
 * by similarity, and where the window ends (null: the walk reached the last company).
 */
async function nearNameWindow(
  manager: EntityManager,
  start: Pair,
  size: number,
): Promise<{ pairs: Position[]; end: Pair | null }> {
  // The stronger tiers' pairs are flagged, not filtered, so that the window's end is the
  // last pair the function returned whether or not it is kept.
  const rows: { a: string; b: string; score: number; keep: boolean }[] = await manager.query(
    `SELECT f.id_a AS a, f.id_b AS b, ${NAME_SIMILARITY} AS score,
       (${[companySame.siret, companySame.vat, companySame.siren].join(' AND ')}) AS keep
     FROM duplicate_company_near_names($1, $2, $3, $4) f
     JOIN company a ON a.id = f.id_a JOIN company b ON b.id = f.id_b
     ORDER BY f.id_a, f.id_b`,
    [...start, size, NEAR_NAME_CAP],
  );
  let end: Pair | null = null;
  if (rows.length >= NEAR_NAME_CAP) {
    const last = rows[rows.length - 1];
    end = [last.a, last.b];
  } else {
    // Fewer than the cap: either every company was walked, or the window's size ran out first.
    // The same companies as the function's walk (see its comment on after_b = LAST).
    const [walked]: { last: string | null; n: number }[] = await manager.query(
      `SELECT max(id::text) AS last, count(*)::int AS n FROM (
         SELECT id FROM company WHERE deleted_at IS NULL AND id >= $1 AND NOT (id = $1 AND $2::uuid = $3::uuid)
         ORDER BY id LIMIT $4) s`,
      [...start, LAST, size],
    );
    if (walked.n >= size && walked.last) end = [walked.last, LAST];
  }
  const pairs = rows
    .filter((r) => r.keep)
    .map((r): Position => ({ window: start, score: r.score, pair: [r.a, r.b] }))
    .sort(byPosition);
  return { pairs, end };
}

/**
 * Nearly the same name, not equal: the definer function walks the companies in windows of
 * NEAR_NAME_WINDOW, each sorted by similarity and read from the position; a page that stops
 * inside a window reads it again on the next request, then the walk moves on. A request walks
 * at most `walk.budget` companies, whole windows only (a window is known by its start and size).
 */
const nearNameTier: Tier = {
  reason: DuplicateReason.NAME,
  async fetch(manager, after, limit, { budget, window: span }) {
    const size = Math.max(1, Math.min(span, budget));
    const out: Position[] = [];
    let from = after;
    for (let walked = size; ; walked += size) {
      const window = await nearNameWindow(manager, from.window, size);
      const rest = window.pairs.filter((p) => byPosition(from, p) < 0);
      const taken = rest.slice(0, limit - out.length);
      out.push(...taken);
      // The page is full inside this window, or the walk is over.
      if (taken.length < rest.length || !window.end) return { pairs: out, resume: null };
      from = tierStart(window.end);
      if (out.length >= limit || walked + size > budget) return { pairs: out, resume: from };
    }
  },
};

const COMPANY_TIERS: Tier[] = [
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.SIRET, ['b.siret = a.siret'], []),
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.VAT, ['b.vat_number = a.vat_number'], [companySame.siret]),
  selfJoinTier(RecordKind.COMPANY, DuplicateReason.SIREN, ['b.siren = a.siren'], [companySame.siret, companySame.vat]),
  // Equal names, those in the same postal code first (SAME_NAME_POSTAL_CODE): one hash join
  // for both, as a separate tier would cost the first page another join of every company.
  selfJoinTier(
    RecordKind.COMPANY,
    DuplicateReason.NAME,
    ['b.norm_name = a.norm_name'],
    [companySame.siret, companySame.vat, companySame.siren],
    EQUAL_NAMES_POSTAL,
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
    EQUAL_NAMES,
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
             -- The same name in the same postal code says more than the same name: one or the other.
             CASE WHEN a.norm_name = b.norm_name AND ${postal('a')} = ${postal('b')} THEN 'SAME_NAME_POSTAL_CODE'
                  WHEN a.norm_name = b.norm_name
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
    phoneNational: r.phone ? formatPhoneNational(r.phone) : null,
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

/** A cursor: the tier, then the position in it (window start, similarity, pair). */
const cursorOf = (tier: number, p: Position) => encodeCursor([tier, ...p.window, p.score, ...p.pair]);

function startFrom(after: string | null | undefined, tiers: number): { tier: number; after: Position } {
  if (!after) return { tier: 0, after: tierStart() };
  const [tier, wa, wb, score, a, b] = decodeCursor(after, 6);
  const ids = [wa, wb, a, b];
  if (
    !Number.isInteger(tier) ||
    (tier as number) < 0 ||
    (tier as number) >= tiers ||
    typeof score !== 'number' ||
    !Number.isFinite(score) ||
    !ids.every(isUuid)
  )
    throw badField(['after'], 'field.cursor');
  const [wA, wB, pA, pB] = (ids as string[]).map((id) => id.toLowerCase());
  return { tier: tier as number, after: { window: [wA, wB], score, pair: [pA, pB] } };
}

export async function duplicatePairs(
  ctx: Ctx,
  kind: RecordKind,
  first?: number | null,
  after?: string | null,
  /** Tests walk the near names in small windows to check that the walk resumes where it stopped. */
  nearNames: NearNameWalk = { budget: NEAR_NAME_BUDGET, window: NEAR_NAME_WINDOW },
): Promise<DuplicatePairConnectionType> {
  const size = checkPageSize(first, 50);
  const tiers = kind === RecordKind.COMPANY ? COMPANY_TIERS : CONTACT_TIERS;
  const start = startFrom(after, tiers.length);
  const manager = await em(ctx);
  const found: { tier: number; pos: Position }[] = [];
  let resume: { tier: number; pos: Position } | null = null;
  let pos = start.after;
  // One pair more than asked says whether there is a next page.
  for (let tier = start.tier; tier < tiers.length && found.length <= size; tier++) {
    const got = await tiers[tier].fetch(manager, pos, size + 1 - found.length, nearNames);
    found.push(...got.pairs.map((p) => ({ tier, pos: p })));
    if (got.resume && found.length <= size) {
      resume = { tier, pos: got.resume };
      break;
    }
    pos = tierStart();
  }
  const page = found.slice(0, size);
  const rows = await readPairs(
    manager,
    kind,
    page.map((p) => p.pos.pair),
  );
  const edges = rows.map((row, i) => ({ cursor: cursorOf(page[i].tier, page[i].pos), node: toPair(kind, row) }));
  const hasNextPage = found.length > size || resume !== null;
  const endCursor = resume ? cursorOf(resume.tier, resume.pos) : (edges.at(-1)?.cursor ?? after ?? null);
  return { edges, pageInfo: { hasNextPage, endCursor } };
}

function checkPair(kind: RecordKind, idA: string, idB: string) {
  const entity = kind === RecordKind.COMPANY ? 'Company' : 'Contact';
  const a = checkId(idA, entity).toLowerCase();
  const b = checkId(idB, entity).toLowerCase();
  if (a === b) throw badField(['idB'], 'duplicates.samePair');
  return { entity, a, b };
}

/**
 * "Not duplicates": the pair no longer shows on the Doublons page (the creation check is not
 * affected: it warns about a record being typed, not about these two).
 */
export async function dismissDuplicatePair(ctx: Ctx, kind: RecordKind, idA: string, idB: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const { entity, a, b } = checkPair(kind, idA, idB);
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

/**
 * Undoes dismissDuplicatePair: the pair shows on the Doublons page again if it still matches.
 * Same permission and same trail as the dismissal. Restoring a pair that is not dismissed
 * changes nothing (like dismissing one twice); a deleted record may still be named, so that
 * nothing blocks taking back a decision.
 */
export async function restoreDuplicatePair(ctx: Ctx, kind: RecordKind, idA: string, idB: string): Promise<boolean> {
  requireWrite(ctx.actor);
  const { entity, a, b } = checkPair(kind, idA, idB);
  const [lo, hi] = a < b ? [a, b] : [b, a];
  const manager = await em(ctx);
  // Row-level security keeps another workspace's dismissals out of reach: nothing deleted there.
  // Wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count], never an empty list.
  const [{ n }]: { n: number }[] = await manager.query(
    `WITH gone AS (DELETE FROM duplicate_dismissal WHERE kind = $1 AND id_a = $2 AND id_b = $3 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [kind, lo, hi],
  );
  if (n) {
    await recordAudits(ctx, [
      { entityType: entity, entityId: a, action: 'duplicate.restore', before: { notDuplicateOf: b }, after: null },
      { entityType: entity, entityId: b, action: 'duplicate.restore', before: { notDuplicateOf: a }, after: null },
    ]);
    return true;
  }
  // Nothing to restore: fine for this workspace's records, NOT_FOUND for ids it cannot see
  // (as every other mutation answers another workspace's ids).
  const table = kind === RecordKind.COMPANY ? 'company' : 'contact';
  const seen: unknown[] = await manager.query(`SELECT id FROM ${table} WHERE id IN ($1, $2)`, [a, b]);
  if (seen.length < 2) throw notFound(entity);
  return true;
}

/**
 * The pairs marked "not duplicates" whose two records are still live, most recently dismissed
 * first, with who dismissed them: where a dismissal can be taken back. A workspace holds as
 * many as its users clicked, so they are sorted whole; the keyset is (dismissed_at, a, b).
 */
export async function dismissedDuplicatePairs(
  ctx: Ctx,
  kind: RecordKind,
  first?: number | null,
  after?: string | null,
): Promise<DismissedDuplicatePairConnectionType> {
  const size = checkPageSize(first, 50);
  let from: [string, string, string] | null = null;
  if (after) {
    const [at, a, b] = decodeCursor(after, 3);
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || !isUuid(a) || !isUuid(b))
      throw badField(['after'], 'field.cursor');
    from = [at, a.toLowerCase(), b.toLowerCase()];
  }
  const table = kind === RecordKind.COMPANY ? 'company' : 'contact';
  const manager = await em(ctx);
  const found: { a: string; b: string; at: Date; by: string | null }[] = await manager.query(
    `SELECT d.id_a AS a, d.id_b AS b, d.dismissed_at AS at, u.name AS by
     FROM duplicate_dismissal d
     JOIN ${table} a ON a.id = d.id_a AND a.deleted_at IS NULL
     JOIN ${table} b ON b.id = d.id_b AND b.deleted_at IS NULL
     LEFT JOIN app_user u ON u.id = d.dismissed_by
     WHERE d.kind = $1 AND ($2::timestamptz IS NULL OR (d.dismissed_at, d.id_a, d.id_b) < ($2::timestamptz, $3::uuid, $4::uuid))
     ORDER BY d.dismissed_at DESC, d.id_a DESC, d.id_b DESC
     LIMIT $5`,
    [kind, from?.[0] ?? null, from?.[1] ?? ZERO, from?.[2] ?? ZERO, size + 1],
  );
  const page = found.slice(0, size);
  const rows = await readPairs(
    manager,
    kind,
    page.map((p): Pair => [p.a, p.b]),
  );
  const edges = rows.map((row, i) => ({
    cursor: encodeCursor([page[i].at.toISOString(), page[i].a, page[i].b]),
    node: { pair: toPair(kind, row), dismissedAt: page[i].at, dismissedBy: page[i].by },
  }));
  return { edges, pageInfo: { hasNextPage: found.length > size, endCursor: edges.at(-1)?.cursor ?? after ?? null } };
}
