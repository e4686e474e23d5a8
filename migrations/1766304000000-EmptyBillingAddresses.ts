import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing addresses with nothing in them. Until now a company created without an address got
 * a default billing address copied from its empty main address (country "France" alone), and
 * the billing address form saved an empty one: new quotes and invoices took that blank default.
 * Creation now copies the main address only when it has a street, and a billing address needs
 * its first line (isUsableAddress, server/src/modules/company/record-fields.ts).
 *
 * - Addresses with no label, lines, postal code or city are deleted, unless a document points
 *   at one (every foreign key to billing_address, read from the catalog: quotes, invoices,
 *   credit notes… keep their link; their own copy of the address is what they print anyway).
 * - A company left without a usable default (it was deleted, or it is an empty one kept for a
 *   document) gets its oldest address with a street as default; failing that, its oldest
 *   address, so that a company with addresses still has exactly one default.
 *
 * Runs as the owner, which bypasses row-level security (as every migration), over all
 * workspaces. Irreversible: the rows deleted held nothing to restore.
 */
export class EmptyBillingAddresses1766304000000 implements MigrationInterface {
  name = 'EmptyBillingAddresses1766304000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      DECLARE
        unreferenced text;
      BEGIN
        SELECT string_agg(format('NOT EXISTS (SELECT 1 FROM %s r WHERE r.%I = b.id)', c.conrelid::regclass, a.attname), ' AND ')
          INTO unreferenced
          FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
          WHERE c.contype = 'f' AND c.confrelid = 'billing_address'::regclass;
        EXECUTE 'DELETE FROM billing_address b
                 WHERE coalesce(btrim(b.label), '''') = '''' AND coalesce(btrim(b.address_line1), '''') = ''''
                   AND coalesce(btrim(b.address_line2), '''') = '''' AND coalesce(btrim(b.postal_code), '''') = ''''
                   AND coalesce(btrim(b.city), '''') = ''''' || coalesce(' AND ' || unreferenced, '');
      END
      $$;

      CREATE TEMP TABLE new_default ON COMMIT DROP AS
        SELECT DISTINCT ON (b.company_id) b.company_id, b.id
        FROM billing_address b
        WHERE NOT EXISTS (SELECT 1 FROM billing_address d
                          WHERE d.company_id = b.company_id AND d.is_default AND coalesce(btrim(d.address_line1), '') <> '')
        ORDER BY b.company_id, coalesce(btrim(b.address_line1), '') <> '' DESC, b.created_at, b.id;
      -- Two statements: the partial unique index allows one default per company at any moment.
      UPDATE billing_address SET is_default = false
        WHERE is_default AND company_id IN (SELECT company_id FROM new_default)
          AND id NOT IN (SELECT id FROM new_default);
      UPDATE billing_address SET is_default = true WHERE id IN (SELECT id FROM new_default) AND NOT is_default;
    `);
  }

  async down(): Promise<void> {
    // Nothing to put back: the deleted rows were empty, and the defaults chosen are valid ones.
  }
}
