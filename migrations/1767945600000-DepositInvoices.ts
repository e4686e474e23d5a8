import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deposit (acompte) and balance (solde) invoices: an invoice made from a quote says which part
 * of it it bills: the whole quote (FULL), a deposit (DEPOSIT) or what remains after the deposits
 * (BALANCE). Invoices made from a quote before were the whole quote. Invoices made without a
 * quote, and credit notes, have none. The rule "the invoices of a quote that are not cancelled
 * never exceed its total" is the services' (the quote row is locked while invoicing it).
 */
export class DepositInvoices1767945600000 implements MigrationInterface {
  name = 'DepositInvoices1767945600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE invoice ADD COLUMN quote_part text CHECK (quote_part IN ('FULL', 'DEPOSIT', 'BALANCE'));
      UPDATE invoice SET quote_part = 'FULL' WHERE quote_id IS NOT NULL AND kind = 'INVOICE';
      ALTER TABLE invoice ADD CONSTRAINT invoice_quote_part_kind CHECK (quote_part IS NULL OR kind = 'INVOICE');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invoice DROP CONSTRAINT invoice_quote_part_kind, DROP COLUMN quote_part`);
  }
}
