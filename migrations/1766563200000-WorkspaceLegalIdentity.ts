import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency's legal identity, printed as the seller on quotes, invoices and credit notes
 * (French invoices must carry the seller's address, SIREN/SIRET, intra-EU VAT number, legal form
 * and share capital). All optional: an existing workspace prints what it has filled in.
 * The SIRET is stored compact (14 digits), the SIREN derived from it; the share capital in
 * euros, as a decimal.
 */
export class WorkspaceLegalIdentity1766563200000 implements MigrationInterface {
  name = 'WorkspaceLegalIdentity1766563200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspace
        ADD COLUMN legal_name text,
        ADD COLUMN address_line1 text,
        ADD COLUMN address_line2 text,
        ADD COLUMN postal_code text,
        ADD COLUMN city text,
        ADD COLUMN country text,
        ADD COLUMN siret text,
        ADD COLUMN vat_number text,
        ADD COLUMN legal_form text,
        ADD COLUMN share_capital numeric(15, 2) CHECK (share_capital >= 0),
        ADD COLUMN rcs_city text
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workspace
        DROP COLUMN legal_name, DROP COLUMN address_line1, DROP COLUMN address_line2, DROP COLUMN postal_code,
        DROP COLUMN city, DROP COLUMN country, DROP COLUMN siret, DROP COLUMN vat_number, DROP COLUMN legal_form,
        DROP COLUMN share_capital, DROP COLUMN rcs_city
    `);
  }
}
