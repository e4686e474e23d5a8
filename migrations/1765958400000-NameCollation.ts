import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Human-readable names sort like a person expects: "alpha, Bravo, Éric, Eve, Zoé" rather than
 * by byte value ("Bravo, Eve, Zoé, alpha, Éric"). Databases are created from template1 and
 * take the cluster's locale, often C or C.UTF-8; rather than depend on it, the columns the
 * lists, pickers and settings sort alphabetically take the ICU root collation "und-x-icu",
 * neutral between French and English users (shipped with every ICU-enabled PostgreSQL).
 *
 * Identifiers (e-mails, phones, SIRET, VAT, postal and accounting codes, websites) keep the
 * database's collation: they are looked up by equality, and every ICU comparison in a
 * B-tree costs CPU on each insert.
 *
 * A collation change is an ALTER COLUMN … TYPE, which PostgreSQL refuses on a column that a
 * generated column reads: the stored search documents of company, contact and event
 * (migration 1764576000000-Search, unchanged since) are dropped with their trigram indexes,
 * then added back with the same expressions (which recomputes them) and indexed again. The
 * other indexes on these columns (company_list_name_idx, contact_list_name_idx, the
 * progress, salesperson and pipeline indexes, the lower(...) unique indexes) are rebuilt by
 * PostgreSQL with the new collation, under the same names. No view reads these columns and
 * the functions reading them take plain text, so they follow the caller's collation.
 *
 * Cost on an existing install: the table is not rewritten by the collation change itself,
 * but adding the stored search documents back rewrites company, contact and event once.
 */
const NAME_COLLATION = 'und-x-icu';

/** The columns changed, by table. */
const NAME_COLUMNS: Record<string, string[]> = {
  company: ['name', 'city', 'country', 'address_line1', 'address_line2'],
  contact: ['last_name', 'first_name', 'position'],
  event: ['name'],
  app_user: ['name'],
  setting_option: ['label'],
  pipeline_column: ['label'],
  list_view: ['name'],
  page_template: ['name'],
  email_template: ['name'],
};

/** The stored search documents, exactly as migration 1764576000000-Search defines them. */
const SEARCH_DOCS = `
  ALTER TABLE company ADD COLUMN search_doc text
    GENERATED ALWAYS AS (search_company_doc(name, city, postal_code, siret, vat_number)) STORED;
  ALTER TABLE contact ADD COLUMN search_doc text
    GENERATED ALWAYS AS (search_contact_doc(first_name, last_name, email::text, position,
      phone_direct, phone_mobile, phone_switchboard)) STORED;
  ALTER TABLE event ADD COLUMN search_doc text GENERATED ALWAYS AS (search_event_doc(name, venue)) STORED;
  CREATE INDEX company_search_idx ON company USING gin (search_doc gin_trgm_ops);
  CREATE INDEX contact_search_idx ON contact USING gin (search_doc gin_trgm_ops);
  CREATE INDEX event_search_idx ON event USING gin (search_doc gin_trgm_ops);
`;

const DROP_SEARCH_DOCS = `
  DROP INDEX company_search_idx, contact_search_idx, event_search_idx;
  ALTER TABLE company DROP COLUMN search_doc;
  ALTER TABLE contact DROP COLUMN search_doc;
  ALTER TABLE event DROP COLUMN search_doc;
`;

function alterCollation(collation: string): string {
  return Object.entries(NAME_COLUMNS)
    .map(
      ([table, columns]) =>
        `ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN "${c}" TYPE text COLLATE "${collation}"`).join(', ')};`,
    )
    .join('\n');
}

export class NameCollation1765958400000 implements MigrationInterface {
  name = 'NameCollation1765958400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(DROP_SEARCH_DOCS + alterCollation(NAME_COLLATION) + SEARCH_DOCS);
  }

  async down(q: QueryRunner): Promise<void> {
    // "default": the database's own collation, what the columns had before.
    await q.query(DROP_SEARCH_DOCS + alterCollation('default') + SEARCH_DOCS);
  }
}
