import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The "Doublons" page: likely duplicate pairs among the live records already in a workspace
 * (server/src/modules/search/duplicate-pairs.service.ts), and the pairs a user marked
 * "not duplicates".
 *
 * - `norm_name`, a stored generated column on company (`search_norm` of the name) and contact
 *   (`search_norm` of "first last"), with a partial index. Pairs of equal names are found by a
 *   self-join on it: computing `search_norm` (unaccent) for every row of the workspace at each
 *   request cost about 25 µs a row, so 1.5 s for 60,000 contacts; stored, the join is a plain
 *   text equality (leakproof, so the indexes serve under row-level security). An expression
 *   index would not do: `search_norm` is not leakproof, so under row-level security the planner
 *   may not use it as an index condition.
 * - `duplicate_company_near_names`: nearly identical company names (trigram similarity of the
 *   normalised names ≥ 0.8, the threshold of `search_same_company_names`, migration
 *   1766044800000-DuplicateCompanyName) that are not equal. Like that function it narrows with
 *   `<%` on the trigram index `company_search_idx` at the same threshold (similarity ≥ t
 *   implies word similarity with the search document ≥ t), as SECURITY DEFINER with the
 *   workspace condition written out since the trigram operators are not leakproof. An
 *   exhaustive self-join costs one index probe per company (0.5 to 2 ms each: 10 s and more at
 *   20,000 companies), so the function walks the companies in id order from a cursor, probes at
 *   most `budget` of them and stops once it has `cap` pairs: a request's cost is bounded and the
 *   caller resumes from where the walk stopped.
 * - `duplicate_dismissal`: one row per pair marked "not duplicates" (ids in ascending order).
 *   No foreign keys to company or contact: a merge moves every row that references the merged
 *   record to the kept one (merge.service.ts follows the catalog's foreign keys), and a
 *   dismissal of (merged, other) says nothing about (kept, other). Records are only
 *   soft-deleted; an undone import's hard-deleted records leave rows no live pair can match.
 */
const SAME_NAME_SIMILARITY = 0.8;

export class DuplicatePairs1766217600000 implements MigrationInterface {
  name = 'DuplicatePairs1766217600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE company ADD COLUMN norm_name text GENERATED ALWAYS AS (search_norm(btrim(name))) STORED;
      -- concat_ws is only STABLE: || keeps the expression immutable.
      ALTER TABLE contact ADD COLUMN norm_name text
        GENERATED ALWAYS AS (search_norm(btrim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))) STORED;
      CREATE INDEX company_norm_name_idx ON company (workspace_id, norm_name, id) WHERE deleted_at IS NULL;
      CREATE INDEX contact_norm_name_idx ON contact (workspace_id, company_id, norm_name, id) WHERE deleted_at IS NULL;

      CREATE TABLE duplicate_dismissal (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('COMPANY', 'CONTACT')),
        id_a uuid NOT NULL,
        id_b uuid NOT NULL,
        dismissed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        dismissed_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, kind, id_a, id_b),
        CHECK (id_a < id_b)
      );
      ALTER TABLE duplicate_dismissal ENABLE ROW LEVEL SECURITY;
      ALTER TABLE duplicate_dismissal FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON duplicate_dismissal
        USING (workspace_id = (SELECT app_current_workspace()))
        WITH CHECK (workspace_id = (SELECT app_current_workspace()));

      -- Pairs (a, b), a < b, after (after_a, after_b) in (a, b) order, among at most \`budget\`
      -- companies a from after_a on. Returns ids only: the caller reads the rows under
      -- row-level security. Dismissed pairs are left out here so that \`cap\` counts useful rows.
      CREATE FUNCTION duplicate_company_near_names(after_a uuid, after_b uuid, budget integer, cap integer)
        RETURNS TABLE (id_a uuid, id_b uuid) ROWS 50
        LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp
        SET pg_trgm.word_similarity_threshold = ${SAME_NAME_SIMILARITY}
        AS $f$
        DECLARE ws uuid := app_current_workspace();
        BEGIN
          IF ws IS NULL OR after_a IS NULL OR after_b IS NULL THEN RETURN; END IF;
          RETURN QUERY
            SELECT a.id, b.id
            FROM (SELECT t.id, t.norm_name FROM company t
                  WHERE t.workspace_id = ws AND t.deleted_at IS NULL AND t.id >= after_a
                    -- (a, 'ffffffff-…'): the walk stopped after a, all of whose pairs were read.
                    AND NOT (t.id = after_a AND after_b = 'ffffffff-ffff-ffff-ffff-ffffffffffff')
                  ORDER BY t.id LIMIT least(greatest(budget, 1), 5000)) a
            CROSS JOIN LATERAL (
              SELECT t.id FROM company t
              WHERE t.workspace_id = ws AND t.deleted_at IS NULL AND t.id > a.id
                AND a.norm_name <% t.search_doc AND t.norm_name <> a.norm_name
                AND similarity(a.norm_name, t.norm_name) >= ${SAME_NAME_SIMILARITY}) b
            WHERE length(a.norm_name) >= 3 AND (a.id > after_a OR b.id > after_b)
              AND NOT EXISTS (SELECT 1 FROM duplicate_dismissal d
                              WHERE d.workspace_id = ws AND d.kind = 'COMPANY' AND d.id_a = a.id AND d.id_b = b.id)
            ORDER BY a.id, b.id
            LIMIT least(greatest(cap, 1), 1000);
        END
        $f$;
      REVOKE ALL ON FUNCTION duplicate_company_near_names(uuid, uuid, integer, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION duplicate_company_near_names(uuid, uuid, integer, integer) TO crm_app_rls;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS duplicate_company_near_names(uuid, uuid, integer, integer);
      DROP TABLE IF EXISTS duplicate_dismissal;
      DROP INDEX IF EXISTS company_norm_name_idx, contact_norm_name_idx;
      ALTER TABLE contact DROP COLUMN IF EXISTS norm_name;
      ALTER TABLE company DROP COLUMN IF EXISTS norm_name;
    `);
  }
}
