import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import that gives a street to a company without a billing address makes its main address
 * the default billing address (as updateCompany does); the undo log records those addresses
 * (entity type "BillingAddress") so undoing the import removes them.
 */
export class ImportBillingAddress1767859200000 implements MigrationInterface {
  name = 'ImportBillingAddress1767859200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_record DROP CONSTRAINT import_record_entity_type_check,
        ADD CONSTRAINT import_record_entity_type_check
          CHECK (entity_type IN ('Company', 'Contact', 'Activity', 'SettingOption', 'BillingAddress'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM import_record WHERE entity_type = 'BillingAddress';
      ALTER TABLE import_record DROP CONSTRAINT import_record_entity_type_check,
        ADD CONSTRAINT import_record_entity_type_check
          CHECK (entity_type IN ('Company', 'Contact', 'Activity', 'SettingOption'));
    `);
  }
}
