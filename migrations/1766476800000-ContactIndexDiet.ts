import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every contact an import (or a user) creates updates each index on `contact`, and the import's
 * writes are bound by that per-row cost (docs/benchmarks.md, "Import after the contact index
 * diet"). These four indexes serve no statement of the application any more; each was checked
 * with EXPLAIN as the app role under row-level security on the bench workspace, and every
 * statement keeps the same plan, on the same index, at the same cost without them:
 *
 * - `contact_name_idx` (workspace_id, last_name, first_name, id) and `company_name_idx`
 *   (workspace_id, name, id): every statement that sorts or pages by name also says
 *   `deleted_at IS NULL` (lists, export, pickers, import look-ups) and uses the partial
 *   `contact_list_name_idx` / `company_list_name_idx` (same columns, live rows only); the
 *   trash uses the `*_trash_idx` indexes. Only an ON DELETE CASCADE from `workspace` would
 *   read them, and nothing deletes a workspace (no API, no CLI command): it would now scan
 *   the table once.
 * - `contact_live_company_idx` (company_id) WHERE deleted_at IS NULL: a company's live
 *   contacts (counts in the lists, main contact election, the company page, the import's
 *   name look-up) are read through `contact_norm_name_idx` (workspace_id, company_id, …,
 *   live rows), which the planner already preferred because row-level security supplies the
 *   workspace; `contact_company_idx` (company_id, …, all rows) stays for the foreign key
 *   from company, merges and the reads that include deleted contacts.
 * - `contact_email_idx` (workspace_id, email citext): citext equality is not leakproof, so
 *   under row-level security the planner cannot use it as an index condition; the look-ups
 *   by address compare `email::text` and use `contact_email_text_idx`. Nothing runs as the
 *   owner against contact e-mails.
 *
 * Kept although they look alike: `contact_progress_state_idx` (the pipeline board's order,
 * coalesce() of the names, live rows with a state only: contacts created without a state, as
 * an import's are, never enter it) next to `contact_list_progress_idx` (the list filtered by
 * state, names NULLS LAST); `contact_deleted_idx` / `company_deleted_idx` (the "is it
 * deleted" probes by id) next to the trash indexes (workspace first): partial on deleted
 * rows, they cost nothing when a live record is inserted.
 */
export class ContactIndexDiet1766476800000 implements MigrationInterface {
  name = 'ContactIndexDiet1766476800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS contact_name_idx, contact_live_company_idx, contact_email_idx, company_name_idx;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    // The definitions of migrations 1764316800000-ClientRecords and 1764489600000-ListViews
    // (the name columns have had the ICU collation since 1765958400000-NameCollation).
    await q.query(`
      CREATE INDEX IF NOT EXISTS company_name_idx ON company (workspace_id, name, id);
      CREATE INDEX IF NOT EXISTS contact_name_idx ON contact (workspace_id, last_name, first_name, id);
      CREATE INDEX IF NOT EXISTS contact_email_idx ON contact (workspace_id, email) WHERE email IS NOT NULL;
      CREATE INDEX IF NOT EXISTS contact_live_company_idx ON contact (company_id) WHERE deleted_at IS NULL;
    `);
  }
}
