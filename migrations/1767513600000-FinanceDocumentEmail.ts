import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quotes and invoices e-mailed from their page: the record email names the quote or the invoice
 * whose PDF the worker attaches (rendered when it sends), and an invoice keeps when it was last
 * sent (a quote says it by its status SENT).
 */
export class FinanceDocumentEmail1767513600000 implements MigrationInterface {
  name = 'FinanceDocumentEmail1767513600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE email_message
        ADD COLUMN quote_id uuid REFERENCES quote(id) ON DELETE RESTRICT,
        ADD COLUMN invoice_id uuid REFERENCES invoice(id) ON DELETE RESTRICT,
        ADD CONSTRAINT email_message_one_finance_document CHECK (quote_id IS NULL OR invoice_id IS NULL);
      CREATE INDEX email_message_quote_idx ON email_message (quote_id) WHERE quote_id IS NOT NULL;
      CREATE INDEX email_message_invoice_idx ON email_message (invoice_id) WHERE invoice_id IS NOT NULL;
      ALTER TABLE invoice ADD COLUMN sent_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invoice DROP COLUMN sent_at;
      ALTER TABLE email_message DROP CONSTRAINT email_message_one_finance_document,
        DROP COLUMN invoice_id, DROP COLUMN quote_id;
    `);
  }
}
