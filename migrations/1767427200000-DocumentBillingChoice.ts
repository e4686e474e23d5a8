import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quotes and invoices remember whether their billing address was chosen (one of the company's
 * addresses picked on the document) or follows the company's default address: at issue (an
 * invoice) or when sent (a quote) the document copies the client's details again, the chosen
 * address or the default one of that moment. Documents made before: an address other than the
 * company's current default was a choice.
 */
export class DocumentBillingChoice1767427200000 implements MigrationInterface {
  name = 'DocumentBillingChoice1767427200000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['quote', 'invoice']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN billing_address_chosen boolean NOT NULL DEFAULT false`);
      await q.query(
        `UPDATE ${table} d SET billing_address_chosen = true
          WHERE d.billing_address_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM billing_address b WHERE b.id = d.billing_address_id AND b.is_default)`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['quote', 'invoice']) await q.query(`ALTER TABLE ${table} DROP COLUMN billing_address_chosen`);
  }
}
