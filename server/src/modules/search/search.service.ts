import type { EntityManager } from 'typeorm';
import { type Ctx, em } from '../../common/context';
import { badField } from '../../common/errors';
import { SearchKind, type SearchGroupType, type SearchHitType, type SearchResultType } from './search.types';

/**
 * Global search over companies, contacts and events.
 *
 * Each kind has a normalised "search document" (migration 1764576000000-Search) indexed with
 * GIN trigrams. A query is cut into words; every word must be a substring of the document
 * (`LIKE '%word%'`, answered by the index). Only when that finds few rows does a second,
 * typo-tolerant pass run (`query <% document`, word similarity, also indexed): it costs
 * several times more (PERFORMANCE-NOTES.md, "Search"), so it is kept for the queries that
 * need it. A query that looks like a phone number or an identifier (digits and separators)
 * becomes one run of digits, without a leading international "00", which the documents hold
 * in both international and national form.
 */

/** Matches ranked per kind; beyond this the count is given as "at least". */
export const SEARCH_COUNT_CAP = 1000;
export const SEARCH_MAX_FIRST = 50;
/** Below this many substring matches, the typo-tolerant pass adds its own. */
const FUZZY_BELOW = 3;
/** Word similarity needed by the typo-tolerant pass ("socite" vs "societe": 0.57). */
const FUZZY_THRESHOLD = 0.5;
const MAX_QUERY_LENGTH = 200;
/** Most similar rows the typo-tolerant pass ranks. */
const FUZZY_CANDIDATES = 200;

export interface SearchOptions {
  query: string;
  kinds?: SearchKind[] | null;
  first?: number | null;
  includeInactive?: boolean | null;
}

export interface ParsedQuery {
  /** The query as understood (trimmed, digits only when it is a number). */
  text: string;
  /** LIKE patterns, one per word, already escaped. */
  patterns: string[];
  /** The text the fuzzy pass compares; null when a fuzzy pass makes no sense (numbers). */
  fuzzy: string | null;
  /** The query as a stored e-mail address (lower case) when it is shaped like one, else null. */
  email: string | null;
}

/** LIKE metacharacters in user text are matched literally (the pickers and list filters use it too). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * `search_norm(<sql>)` written out (the function's body, migration 1764576000000-Search), for
 * the column side of a condition evaluated row by row. PostgreSQL cannot inline an IMMUTABLE
 * SQL function whose body is only STABLE (`unaccent`), and the call costs several
 * microseconds a row: about four times a plain `lower()` over a 100,000-company workspace.
 * Constants keep `search_norm()` (folded once per statement). record-list.test.ts checks that
 * both give the same text.
 */
export const normSql = (sql: string) => `lower(public.unaccent('public.unaccent'::regdictionary, ${sql}))`;

/**
 * A text condition that needs the text somewhere in the row's stored search document
 * (migration 1764576000000-Search), which holds the column's normalised text: the document's
 * plain LIKE (a stored column, no unaccent) goes first and spares most rows `own`, the
 * column's normalised condition. `contained`: the SQL of the bound "%text%" parameter (the
 * text escaped for LIKE). The list filters (contains, starts with, equals) and the company
 * picker build their conditions here, so both look for a text the same way.
 */
export const searchDocFirstSql = (searchDoc: string, contained: string, own: string) =>
  `${searchDoc} LIKE search_norm(${contained}) AND ${own}`;

/**
 * "Contains": the normalised column holds the text of the bound "%text%" parameter
 * `contained`; with the row's search document, tested there first (searchDocFirstSql).
 */
export function containsSql(column: string, contained: string, searchDoc?: string): string {
  const own = `${normSql(column)} LIKE search_norm(${contained})`;
  return searchDoc ? searchDocFirstSql(searchDoc, contained, own) : own;
}

/** Phone numbers, SIRETs and the like: only digits and the separators people type. */
const NUMBER_LIKE = /^[\d\s+().\-/]+$/;
/** One whole address, as people paste it: something@domain.tld, no spaces. */
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseQuery(raw: string): ParsedQuery | null {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (NUMBER_LIKE.test(text)) {
    let digits = text.replace(/\D/g, '');
    if (digits.startsWith('00')) digits = digits.slice(2);
    if (digits.length < 3) return null;
    return { text: digits, patterns: [`%${digits}%`], fuzzy: null, email: null };
  }
  const words = [...new Set(text.split(' ').filter(Boolean))];
  if (text.length < 2) return null;
  return {
    text,
    patterns: words.map((w) => `%${escapeLike(w)}%`),
    fuzzy: text.length >= 3 ? text : null,
    // Stored addresses are lower case (contact.email is citext, normalised on write).
    email: EMAIL_LIKE.test(text) ? text.toLowerCase() : null,
  };
}

interface KindSql {
  /** The table, as search_match() (migration 1764576000000-Search) knows it. */
  table: string;
  /** The stored normalised document the match was made on (ranks fuzzy hits). */
  doc: string;
  from: string;
  /** Visibility: not deleted, and active unless asked ($1 = includeInactive). */
  visible: string;
  /** Columns of a hit. */
  select: string;
  /** What the ranking compares the query with (names rank above e-mails or cities). */
  rankOn: string;
  /**
   * Rows the substring pass also finds besides those of their own document, as an SQL
   * condition on `t` ($4 = cap, $6 = the LIKE patterns).
   */
  alsoMatch?: string;
}

/**
 * Events are also looked up by who they are for, as the events list's text filter does
 * (event.service.ts): the client company's name holds every word. The companies come from
 * their own trigram index (search_match), their names are checked (their search document
 * also holds the city or SIRET), then their events are read through event_company_idx.
 */
const EVENT_BY_CLIENT_NAME = `t.company_id = ANY (ARRAY(
    SELECT c.id FROM company c
    WHERE c.id = ANY (ARRAY(SELECT search_match('company', $6::text[], NULL, $4)))
      AND NOT EXISTS (SELECT 1 FROM unnest($6::text[]) p WHERE ${normSql('c.name')} NOT LIKE search_norm(p))))`;

const KINDS: Record<SearchKind, KindSql> = {
  [SearchKind.COMPANY]: {
    table: 'company',
    doc: 't.search_doc',
    from: 'company t',
    visible: 't.deleted_at IS NULL AND ($1 OR t.active)',
    select: `t.id, t.name AS title, nullif(concat_ws(' ', t.postal_code, t.city), '') AS subtitle,
             t.siret AS detail, t.active, t.id AS company_id`,
    rankOn: 'search_norm(t.name)',
  },
  [SearchKind.CONTACT]: {
    table: 'contact',
    doc: 't.search_doc',
    from: 'contact t JOIN company co ON co.id = t.company_id',
    visible: 't.deleted_at IS NULL AND ($1 OR (t.active AND co.active))',
    select: `t.id, concat_ws(' ', t.first_name, t.last_name) AS title, co.name AS subtitle,
             coalesce(t.email::text, t.phone_direct, t.phone_mobile, t.phone_switchboard) AS detail,
             t.active AND co.active AS active, t.company_id`,
    rankOn: `search_norm(concat_ws(' ', t.first_name, t.last_name))`,
  },
  [SearchKind.EVENT]: {
    table: 'event',
    doc: 't.search_doc',
    from: 'event t JOIN company co ON co.id = t.company_id',
    // Events have no "active" flag of their own: they follow their company. Deleted ones never show.
    visible: 't.deleted_at IS NULL AND co.deleted_at IS NULL AND ($1 OR co.active)',
    select: `t.id, t.name AS title, co.name AS subtitle,
             concat_ws(' · ', to_char(t.start_date, 'YYYY-MM-DD'), t.venue) AS detail,
             co.active, t.company_id`,
    rankOn: 'search_norm(t.name)',
    alsoMatch: EVENT_BY_CLIENT_NAME,
  },
};

interface HitRow {
  id: string;
  title: string;
  subtitle: string | null;
  detail: string | null;
  active: boolean;
  company_id: string | null;
  score: number;
  total?: string;
}

const toHit = (kind: SearchKind) => (r: HitRow) => ({
  id: r.id,
  kind,
  title: r.title,
  subtitle: r.subtitle,
  detail: r.detail,
  active: r.active,
  score: Number(Number(r.score).toFixed(4)),
  companyId: r.company_id,
});

/**
 * Substring pass: every word is in the document. At most SEARCH_COUNT_CAP matches are
 * ranked (similarity of the name with the query, names starting with the query first), so a
 * one-letter-ish query on a large workspace stays bounded.
 */
export function substringQuery(
  kind: SearchKind,
  q: ParsedQuery,
  first: number,
  includeInactive: boolean,
): { text: string; params: unknown[] } {
  const k = KINDS[kind];
  // search_match() does the indexed matching (it cannot happen under row-level security,
  // see the migration); the rows are then read, filtered and ranked as usual.
  const text = `WITH m AS (
       SELECT ${k.select},
              similarity(${k.rankOn}, search_norm($2))
                + CASE WHEN ${k.rankOn} LIKE search_norm($2) || '%' THEN 1 ELSE 0 END AS score
       FROM ${k.from}
       WHERE (t.id = ANY (ARRAY(SELECT search_match($5, $6::text[], NULL, $4)))${k.alsoMatch ? ` OR ${k.alsoMatch}` : ''})
         AND ${k.visible})
     SELECT m.*, count(*) OVER () AS total FROM m
     ORDER BY score DESC, title, id
     LIMIT $3`;
  return { text, params: [includeInactive, q.text, first, SEARCH_COUNT_CAP, k.table, q.patterns] };
}

async function substringHits(
  manager: EntityManager,
  kind: SearchKind,
  q: ParsedQuery,
  first: number,
  includeInactive: boolean,
): Promise<{ hits: SearchHitType[]; total: number }> {
  const { text, params } = substringQuery(kind, q, first, includeInactive);
  const rows: HitRow[] = await manager.query(text, params);
  return { hits: rows.map(toHit(kind)), total: rows.length ? Number(rows[0].total) : 0 };
}

/**
 * Contacts whose address is exactly the query: an equality on email::text, which the
 * contact_email_text_idx answers (citext's own equality is not leakproof, so under row-level
 * security it could not use an index). Ranked above everything (score 2: substring hits score
 * at most 1 + similarity).
 */
async function exactEmailHits(
  manager: EntityManager,
  email: string,
  first: number,
  includeInactive: boolean,
): Promise<SearchHitType[]> {
  const k = KINDS[SearchKind.CONTACT];
  const rows: HitRow[] = await manager.query(
    `SELECT ${k.select}, 2 AS score FROM ${k.from}
     WHERE t.email IS NOT NULL AND t.email::text = $2::text AND ${k.visible}
     ORDER BY title, id
     LIMIT $3`,
    [includeInactive, email, first],
  );
  return rows.map(toHit(SearchKind.CONTACT));
}

/** Typo-tolerant pass: the query is similar to some words of the document. */
async function fuzzyHits(
  manager: EntityManager,
  kind: SearchKind,
  text: string,
  first: number,
  includeInactive: boolean,
  exclude: string[],
): Promise<SearchHitType[]> {
  const k = KINDS[kind];
  const rows: HitRow[] = await manager.query(
    `SELECT ${k.select}, word_similarity(search_norm($2), ${k.doc}) AS score
     FROM ${k.from}
     WHERE t.id = ANY (ARRAY(SELECT search_match($5, NULL, $2, $6))) AND ${k.visible} AND t.id <> ALL($4::uuid[])
     ORDER BY score DESC, title, id
     LIMIT $3`,
    [includeInactive, text, first, exclude, k.table, FUZZY_CANDIDATES],
  );
  return rows.map(toHit(kind));
}

export async function search(ctx: Ctx, opts: SearchOptions): Promise<SearchResultType> {
  if (opts.query.length > MAX_QUERY_LENGTH) throw badField(['query'], 'field.tooLong', { max: MAX_QUERY_LENGTH });
  const first = opts.first ?? 10;
  if (!Number.isInteger(first) || first < 1 || first > SEARCH_MAX_FIRST)
    throw badField(['first'], 'field.pageSize', { max: SEARCH_MAX_FIRST });
  const kinds = opts.kinds?.length
    ? [...new Set(opts.kinds)]
    : [SearchKind.COMPANY, SearchKind.CONTACT, SearchKind.EVENT];
  const q = parseQuery(opts.query);
  if (!q) {
    return {
      query: opts.query.trim(),
      groups: kinds.map((kind) => ({ kind, totalCount: 0, countCapped: false, fuzzy: false, hits: [] })),
    };
  }
  const manager = await em(ctx);
  const includeInactive = opts.includeInactive ?? false;
  const groups: SearchGroupType[] = [];
  let emailFound = false;
  for (const kind of kinds) {
    const exact = await substringHits(manager, kind, q, first, includeInactive);
    let hits = exact.hits;
    if (kind === SearchKind.CONTACT && q.email) {
      // A whole address names one person: that contact comes first, as an exact match.
      const byEmail = await exactEmailHits(manager, q.email, first, includeInactive);
      if (byEmail.length) {
        emailFound = true;
        const ids = new Set(byEmail.map((h) => h.id));
        hits = [...byEmail, ...exact.hits.filter((h) => !ids.has(h.id))].slice(0, first);
      }
    }
    groups.push({
      kind,
      totalCount: Math.max(exact.total, hits.length),
      countCapped: exact.total >= SEARCH_COUNT_CAP,
      fuzzy: false,
      hits,
    });
  }
  // Typos are looked for only when the whole search found little: a query that matches
  // companies does not need a costly typo-tolerant pass over contacts. An address found as
  // typed is no typo: looking further would only add the colleagues sharing its domain,
  // flagged as approximate results.
  const found = groups.reduce((sum, g) => sum + g.totalCount, 0);
  if (q.fuzzy && !emailFound && found < FUZZY_BELOW) {
    // Local to the request's transaction.
    await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(FUZZY_THRESHOLD)]);
    for (const g of groups) {
      if (g.hits.length >= first) continue;
      const more = await fuzzyHits(
        manager,
        g.kind,
        q.fuzzy,
        first - g.hits.length,
        includeInactive,
        g.hits.map((h) => h.id),
      );
      if (more.length) {
        g.fuzzy = true;
        g.hits = [...g.hits, ...more];
        g.totalCount += more.length;
      }
    }
  }
  return { query: q.text, groups };
}
