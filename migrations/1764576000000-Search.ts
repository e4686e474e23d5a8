import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Global search and duplicate detection.
 *
 * - `unaccent` + `pg_trgm`. `unaccent()` is only STABLE (it depends on the dictionary
 *   search path), so it cannot appear in an index: `search_norm` wraps it with the
 *   dictionary named by schema and is declared IMMUTABLE, the usual way to index it.
 * - One "search document" per searchable table (normalised names, e-mail, city, SIRET, VAT,
 *   phone digits in international and national forms), a stored generated column
 *   `search_doc` with a GIN trigram index: substring (`LIKE '%…%'`) and word similarity
 *   (`<%`) are both answered by that index. Stored rather than an expression index because
 *   trigram matches are rechecked on every candidate row, and recomputing the document
 *   there cost about a millisecond a row at 300,000 contacts. The entities need not know
 *   the column: the database fills it.
 * - B-tree indexes for the duplicate checks that are equality look-ups (SIREN, postal
 *   code, phones).
 * Migrations run as the owner (a superuser in development), which may create extensions.
 */
export class Search1764576000000 implements MigrationInterface {
  name = 'Search1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE FUNCTION search_norm(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $f$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $f$;

      -- Digits of a stored E.164 phone, plus its national form for the French numbering plan
      -- (+33142685300 → "33142685300 0142685300"), so any way of typing it matches.
      CREATE FUNCTION search_phone_form(phone text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $f$
          SELECT CASE
            WHEN phone IS NULL THEN NULL
            WHEN phone LIKE '+33%' THEN substr(phone, 2) || ' 0' || substr(phone, 4)
            WHEN phone ~ '^\\+(262|269|508|590|594|596)' THEN substr(phone, 2) || ' 0' || substr(phone, 5)
            ELSE ltrim(phone, '+') END
        $f$;

      CREATE FUNCTION search_company_doc(name text, city text, postal_code text, siret text, vat_number text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $f$ SELECT public.search_norm(concat_ws(' ', name, city, postal_code, siret, vat_number)) $f$;

      CREATE FUNCTION search_contact_doc(first_name text, last_name text, email text, job_title text,
          phone_direct text, phone_mobile text, phone_switchboard text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $f$ SELECT concat_ws(' ', public.search_norm(concat_ws(' ', first_name, last_name, email, job_title)),
                      public.search_phone_form(phone_direct), public.search_phone_form(phone_mobile),
                      public.search_phone_form(phone_switchboard)) $f$;

      CREATE FUNCTION search_event_doc(name text, venue text)
        RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $f$ SELECT public.search_norm(concat_ws(' ', name, venue)) $f$;

      -- Stored, so that the index recheck (LIKE and trigram matches are lossy) reads a column
      -- instead of recomputing unaccent and the phone forms row by row.
      ALTER TABLE company ADD COLUMN search_doc text
        GENERATED ALWAYS AS (search_company_doc(name, city, postal_code, siret, vat_number)) STORED;
      ALTER TABLE contact ADD COLUMN search_doc text
        GENERATED ALWAYS AS (search_contact_doc(first_name, last_name, email::text, position,
          phone_direct, phone_mobile, phone_switchboard)) STORED;
      ALTER TABLE event ADD COLUMN search_doc text GENERATED ALWAYS AS (search_event_doc(name, venue)) STORED;
      CREATE INDEX company_search_idx ON company USING gin (search_doc gin_trgm_ops);
      CREATE INDEX contact_search_idx ON contact USING gin (search_doc gin_trgm_ops);
      CREATE INDEX event_search_idx ON event USING gin (search_doc gin_trgm_ops);

      CREATE INDEX company_siren_idx ON company (workspace_id, siren) WHERE siren IS NOT NULL;
      CREATE INDEX company_postal_code_idx ON company (workspace_id, postal_code) WHERE postal_code IS NOT NULL;
      CREATE INDEX contact_phone_direct_idx ON contact (workspace_id, phone_direct) WHERE phone_direct IS NOT NULL;
      CREATE INDEX contact_phone_mobile_idx ON contact (workspace_id, phone_mobile) WHERE phone_mobile IS NOT NULL;
      -- citext equality is not leakproof (see below); stored e-mails are lowercase already.
      CREATE INDEX contact_email_text_idx ON contact (workspace_id, (email::text)) WHERE email IS NOT NULL;

      -- Row-level security keeps a query's own conditions above the policy's unless they
      -- are leakproof, and LIKE or the trigram operators are not: under the app role the
      -- planner cannot use the trigram indexes and scans the whole workspace instead. This
      -- narrow SECURITY DEFINER function (like the sign-in look-ups) does the indexed match
      -- for the current workspace only, and returns ids: the caller then reads the rows
      -- under row-level security as usual. The owner running migrations must bypass
      -- row-level security (superuser or BYPASSRLS), as for the other definer functions.
      -- kind: company | contact | event; patterns: LIKE patterns all required (substring
      -- pass), or fuzzy: a text similar to words of the document (typo-tolerant pass).
      CREATE FUNCTION search_match(kind text, patterns text[], fuzzy text, cap integer)
        RETURNS SETOF uuid ROWS 100
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        DECLARE
          ws uuid := app_current_workspace();
          doc text;
          conds text;
        BEGIN
          IF ws IS NULL THEN RETURN; END IF;
          IF kind NOT IN ('company', 'contact', 'event') THEN
            RAISE EXCEPTION 'search_match: unknown kind %', kind;
          END IF;
          doc := 't.search_doc';
          IF fuzzy IS NOT NULL THEN
            -- The most similar first, so that the cap keeps the best candidates.
            conds := format('search_norm(%L) <%% %s ORDER BY word_similarity(search_norm(%L), %s) DESC',
              fuzzy, doc, fuzzy, doc);
          ELSE
            SELECT string_agg(format('%s LIKE search_norm(%L)', doc, p), ' AND ') INTO conds FROM unnest(patterns) p;
          END IF;
          IF conds IS NULL THEN RETURN; END IF;
          RETURN QUERY EXECUTE format('SELECT t.id FROM %I t WHERE t.workspace_id = $1 AND %s LIMIT $2', kind, conds)
            USING ws, cap;
        END
        $f$;
      REVOKE ALL ON FUNCTION search_match(text, text[], text, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION search_match(text, text[], text, integer) TO crm_app_rls;

      -- Duplicate check "very similar name in the same postal code", for the same reason:
      -- the postal code index and the trigram index combined (a postal code of Paris holds
      -- thousands of companies; comparing the name with each of them costs far more).
      CREATE FUNCTION search_similar_company_names(name text, postal_code text, threshold real)
        RETURNS SETOF uuid ROWS 10
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $f$
        DECLARE ws uuid := app_current_workspace();
        BEGIN
          IF ws IS NULL OR name IS NULL OR postal_code IS NULL THEN RETURN; END IF;
          PERFORM set_config('pg_trgm.word_similarity_threshold', threshold::text, true);
          RETURN QUERY EXECUTE format(
            'SELECT t.id FROM company t WHERE t.workspace_id = $1 AND t.postal_code = %L
               AND search_norm(%L) <%% t.search_doc LIMIT 50', postal_code, name) USING ws;
        END
        $f$;
      REVOKE ALL ON FUNCTION search_similar_company_names(text, text, real) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION search_similar_company_names(text, text, real) TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS search_match(text, text[], text, integer);
      DROP FUNCTION IF EXISTS search_similar_company_names(text, text, real);
      DROP INDEX IF EXISTS contact_email_text_idx, company_siren_idx, company_postal_code_idx,
        contact_phone_direct_idx, contact_phone_mobile_idx;
      ALTER TABLE event DROP COLUMN IF EXISTS search_doc;
      ALTER TABLE contact DROP COLUMN IF EXISTS search_doc;
      ALTER TABLE company DROP COLUMN IF EXISTS search_doc;
      DROP FUNCTION IF EXISTS search_event_doc(text, text);
      DROP FUNCTION IF EXISTS search_contact_doc(text, text, text, text, text, text, text);
      DROP FUNCTION IF EXISTS search_company_doc(text, text, text, text, text);
      DROP FUNCTION IF EXISTS search_phone_form(text);
      DROP FUNCTION IF EXISTS search_norm(text);
    `);
  }
}
