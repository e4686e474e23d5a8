import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events linked to client companies and, optionally, to some of that company's contacts.
 *
 * The list pages count events per company and per contact, so both links are indexed.
 * A linked contact must belong to the event's company: the composite foreign key makes the
 * database refuse anything else. Both links are deferred so that a merge of two companies can
 * move events and contacts in either order within one transaction.
 */
export class Events1764403200000 implements MigrationInterface {
  name = 'Events1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        company_id uuid NOT NULL REFERENCES company(id) ON DELETE RESTRICT ON UPDATE CASCADE,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        start_date date NOT NULL,
        end_date date,
        venue text,
        status text NOT NULL DEFAULT 'OPTION' CHECK (status IN ('OPTION', 'CONFIRMED', 'DONE', 'CANCELLED')),
        guest_count integer CHECK (guest_count >= 0),
        salesperson_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (id, company_id),
        CHECK (end_date IS NULL OR end_date >= start_date)
      );
      CREATE INDEX event_company_idx ON event (company_id, start_date DESC, id);
      CREATE INDEX event_workspace_date_idx ON event (workspace_id, start_date DESC, id);

      CREATE TABLE event_contact (
        workspace_id uuid NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        company_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        PRIMARY KEY (event_id, contact_id),
        FOREIGN KEY (event_id, company_id) REFERENCES event (id, company_id) ON DELETE CASCADE ON UPDATE CASCADE
          DEFERRABLE INITIALLY DEFERRED,
        FOREIGN KEY (contact_id, company_id) REFERENCES contact (id, company_id) ON DELETE CASCADE ON UPDATE CASCADE
          DEFERRABLE INITIALLY DEFERRED
      );
      CREATE INDEX event_contact_contact_idx ON event_contact (contact_id, event_id);
    `);
    for (const table of ['event', 'event_contact']) {
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
    await q.query(`DROP TABLE IF EXISTS event_contact, event;`);
  }
}
