import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate check on a company's name alone, for a company typed without a postal code
 * (migration 1764576000000-Search only compares names within one postal code).
 *
 * Across a whole workspace a loose match would flag half the list ("Société …"), so the
 * names must be nearly the same: trigram similarity (symmetric, unlike the word similarity
 * of the postal-code check) of the normalised names (`search_norm`: lower case, no accents)
 * of 0.8 or more. 0.8 catches accents, case, punctuation, a typo or a legal form added
 * ("societe generale" 1, "Societe Generalle" 0.84, "Société Générale SA" 0.89) but neither a
 * name that only shares words ("Générale Optique" 0.36, "Societe Generale Paris" 0.74) nor an
 * unfinished one ("Société Gén" 0.61).
 *
 * Index: similarity(a, name) >= t implies word_similarity(a, search_doc) >= t (the name's
 * words are in the stored search document, and word similarity counts the shared trigrams
 * over a's alone), so `<%` on the existing trigram index `company_search_idx` at the same
 * threshold narrows the candidates without losing any, and the exact similarity is then
 * checked on those few. Under row-level security the trigram operators (not leakproof) would
 * not use the index, hence SECURITY DEFINER with the workspace condition written out, like
 * `search_match` and `search_similar_company_names`. Names of fewer than three characters
 * are not compared (their trigrams are too common to narrow anything). The trigram threshold
 * is the function's own (SET clause), so the rest of the request's transaction keeps its own.
 */
const SAME_NAME_SIMILARITY = 0.8;

export class DuplicateCompanyName1766044800000 implements MigrationInterface {
  name = 'DuplicateCompanyName1766044800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION search_same_company_names(name text)
        RETURNS SETOF uuid ROWS 10
        LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp
        SET pg_trgm.word_similarity_threshold = ${SAME_NAME_SIMILARITY}
        AS $f$
        DECLARE
          ws uuid := app_current_workspace();
          norm text := search_norm(btrim(name));
        BEGIN
          IF ws IS NULL OR norm IS NULL OR length(norm) < 3 THEN RETURN; END IF;
          RETURN QUERY
            SELECT t.id FROM company t
            WHERE t.workspace_id = ws AND t.deleted_at IS NULL
              AND norm <% t.search_doc AND similarity(norm, search_norm(t.name)) >= ${SAME_NAME_SIMILARITY}
            ORDER BY similarity(norm, search_norm(t.name)) DESC, t.id
            LIMIT 10;
        END
        $f$;
      REVOKE ALL ON FUNCTION search_same_company_names(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION search_same_company_names(text) TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS search_same_company_names(text);`);
  }
}
