import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quotes, invoices (and credit notes), their lines, and the per-workspace numbering counters.
 *
 * - Amounts are `numeric`, never floating point; the service computes them with decimal.js.
 * - The billing address and the client's legal identifiers are copied onto each document, so
 *   later edits of the company never change a document already sent.
 * - Invoice numbers come from a counter row locked in the issuing transaction (not a sequence:
 *   a sequence hands out numbers that a rolled-back transaction then leaves as gaps, and French
 *   law wants issued invoice numbers to follow each other without gaps).
 * - Issued documents are frozen: a trigger refuses any change to the lines of an invoice that has
 *   a number, whatever code path tries it.
 */
export class QuotesInvoices1764748800000 implements MigrationInterface {
  name = 'QuotesInvoices1764748800000';

  async up(q: QueryRunner): Promise<void> {
    const documentColumns = `
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        issue_date date NOT NULL DEFAULT current_date,
        company_id uuid NOT NULL REFERENCES company(id) ON DELETE RESTRICT,
        contact_id uuid REFERENCES contact(id) ON DELETE RESTRICT,
        event_id uuid REFERENCES event(id) ON DELETE SET NULL,
        billing_address_id uuid REFERENCES billing_address(id) ON DELETE SET NULL,
        billing_label text,
        billing_address_line1 text,
        billing_address_line2 text,
        billing_postal_code text,
        billing_city text,
        billing_country text,
        client_name text NOT NULL,
        client_siret text,
        client_vat_number text,
        currency char(3) NOT NULL DEFAULT 'EUR' CHECK (currency = 'EUR'),
        total_excl_tax numeric(14, 2) NOT NULL DEFAULT 0,
        total_tax numeric(14, 2) NOT NULL DEFAULT 0,
        total_incl_tax numeric(14, 2) NOT NULL DEFAULT 0,
        vat_breakdown jsonb NOT NULL DEFAULT '[]'::jsonb,
        notes text,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()`;
    await q.query(`
      CREATE TABLE finance_counter (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('QUOTE', 'INVOICE')),
        last_value bigint NOT NULL DEFAULT 0 CHECK (last_value >= 0),
        PRIMARY KEY (workspace_id, kind)
      );

      CREATE TABLE quote (
        ${documentColumns},
        number text NOT NULL,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'SENT', 'ACCEPTED', 'REFUSED')),
        valid_until date,
        UNIQUE (workspace_id, number),
        CHECK (valid_until IS NULL OR valid_until >= issue_date)
      );
      CREATE INDEX quote_company_idx ON quote (company_id, issue_date DESC, id);
      CREATE INDEX quote_contact_idx ON quote (contact_id, issue_date DESC, id) WHERE contact_id IS NOT NULL;
      CREATE INDEX quote_event_idx ON quote (event_id) WHERE event_id IS NOT NULL;
      CREATE INDEX quote_workspace_idx ON quote (workspace_id, issue_date DESC, id);

      CREATE TABLE invoice (
        ${documentColumns},
        kind text NOT NULL DEFAULT 'INVOICE' CHECK (kind IN ('INVOICE', 'CREDIT_NOTE')),
        number text,
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ISSUED', 'PAID', 'CANCELLED')),
        due_date date,
        quote_id uuid REFERENCES quote(id) ON DELETE SET NULL,
        credited_invoice_id uuid REFERENCES invoice(id) ON DELETE RESTRICT,
        issued_at timestamptz(3),
        paid_at timestamptz(3),
        cancelled_at timestamptz(3),
        UNIQUE (workspace_id, number),
        CHECK ((number IS NULL) = (issued_at IS NULL)),
        CHECK (status <> 'DRAFT' OR number IS NULL),
        CHECK (status NOT IN ('ISSUED', 'PAID') OR number IS NOT NULL),
        CHECK ((kind = 'CREDIT_NOTE') = (credited_invoice_id IS NOT NULL)),
        CHECK (due_date IS NULL OR due_date >= issue_date)
      );
      CREATE UNIQUE INDEX invoice_one_credit_note ON invoice (credited_invoice_id) WHERE credited_invoice_id IS NOT NULL;
      CREATE INDEX invoice_company_idx ON invoice (company_id, issue_date DESC, id);
      CREATE INDEX invoice_contact_idx ON invoice (contact_id, issue_date DESC, id) WHERE contact_id IS NOT NULL;
      CREATE INDEX invoice_event_idx ON invoice (event_id) WHERE event_id IS NOT NULL;
      CREATE INDEX invoice_quote_idx ON invoice (quote_id) WHERE quote_id IS NOT NULL;
      CREATE INDEX invoice_workspace_idx ON invoice (workspace_id, issue_date DESC, id);

      CREATE TABLE finance_line (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        quote_id uuid REFERENCES quote(id) ON DELETE CASCADE,
        invoice_id uuid REFERENCES invoice(id) ON DELETE CASCADE,
        position integer NOT NULL,
        description text NOT NULL CHECK (length(trim(description)) > 0),
        quantity numeric(12, 3) NOT NULL,
        unit_price numeric(14, 2) NOT NULL,
        vat_rate numeric(5, 2) NOT NULL CHECK (vat_rate >= 0 AND vat_rate <= 100),
        discount_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percent >= 0 AND discount_percent <= 100),
        total_excl_tax numeric(14, 2) NOT NULL,
        CHECK (num_nonnulls(quote_id, invoice_id) = 1)
      );
      CREATE INDEX finance_line_quote_idx ON finance_line (quote_id, position) WHERE quote_id IS NOT NULL;
      CREATE INDEX finance_line_invoice_idx ON finance_line (invoice_id, position) WHERE invoice_id IS NOT NULL;

      CREATE FUNCTION finance_line_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        target uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.invoice_id ELSE NEW.invoice_id END;
      BEGIN
        IF target IS NOT NULL AND EXISTS (SELECT 1 FROM invoice WHERE id = target AND number IS NOT NULL) THEN
          RAISE EXCEPTION 'invoice % is issued: its lines cannot change', target USING ERRCODE = 'check_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$;
      CREATE TRIGGER finance_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON finance_line
        FOR EACH ROW EXECUTE FUNCTION finance_line_frozen();
    `);
    for (const table of ['finance_counter', 'quote', 'invoice', 'finance_line']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON ${table}
          USING (workspace_id = (SELECT app_current_workspace()))
          WITH CHECK (workspace_id = (SELECT app_current_workspace()));
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS finance_line, invoice, quote, finance_counter;
      DROP FUNCTION IF EXISTS finance_line_frozen();
    `);
  }
}
