import type { DataSource } from 'typeorm';
import { withTenant } from '../../db/tenant-scope';

/**
 * Test data for the list tests, written straight into the tables (the events module has no
 * API yet, and the list tests need precise dates, deleted rows and ties).
 */
export interface CompanySeed {
  name: string;
  city?: string | null;
  postalCode?: string | null;
  addressLine2?: string | null;
  companyTypeId?: string | null;
  languageIds?: string[];
  active?: boolean;
  optIn?: boolean;
  parentId?: string | null;
  createdAt?: string;
  deleted?: boolean;
  /** The main contact; more contacts with `extraContacts`. */
  contact?: ContactSeed;
  extraContacts?: ContactSeed[];
  events?: number;
}

export interface ContactSeed {
  firstName: string;
  lastName: string;
  email?: string | null;
  phoneDirect?: string | null;
  progressStateId?: string | null;
  salespersonId?: string | null;
  sourceId?: string | null;
  civilityId?: string | null;
  active?: boolean;
  /** Events of the company this contact is linked to (the first n). */
  linkedEvents?: number;
}

export interface Seeded {
  companyId: string;
  contactIds: string[];
}

export function tenantSql(ds: DataSource, workspaceId: string) {
  return <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
    withTenant(ds, workspaceId, null, (em) => em.query(text, params));
}

export async function seedCompany(ds: DataSource, workspaceId: string, seed: CompanySeed): Promise<Seeded> {
  return withTenant(ds, workspaceId, null, async (em) => {
    const [{ id }] = await em.query(
      `INSERT INTO company (workspace_id, name, city, postal_code, address_line2, company_type_id, active, opt_in,
         parent_id, created_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now()), $11) RETURNING id`,
      [
        workspaceId,
        seed.name,
        seed.city ?? null,
        seed.postalCode ?? null,
        seed.addressLine2 ?? null,
        seed.companyTypeId ?? null,
        seed.active ?? true,
        seed.optIn ?? false,
        seed.parentId ?? null,
        seed.createdAt ?? null,
        seed.deleted ? new Date() : null,
      ],
    );
    for (const option of seed.languageIds ?? [])
      await em.query('INSERT INTO company_language (workspace_id, company_id, option_id) VALUES ($1, $2, $3)', [
        workspaceId,
        id,
        option,
      ]);
    const eventIds: string[] = [];
    for (let i = 0; i < (seed.events ?? 0); i++) {
      const [e] = await em.query(
        `INSERT INTO event (workspace_id, company_id, name, start_date) VALUES ($1, $2, $3, current_date + $4::int)
         RETURNING id`,
        [workspaceId, id, `Événement ${i + 1}`, i],
      );
      eventIds.push(e.id);
    }
    const contactIds: string[] = [];
    for (const c of [seed.contact, ...(seed.extraContacts ?? [])]) {
      if (!c) continue;
      const [k] = await em.query(
        `INSERT INTO contact (workspace_id, company_id, first_name, last_name, email, phone_direct, progress_state_id,
           salesperson_id, source_id, civility_id, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [
          workspaceId,
          id,
          c.firstName,
          c.lastName,
          c.email ?? null,
          c.phoneDirect ?? null,
          c.progressStateId ?? null,
          c.salespersonId ?? null,
          c.sourceId ?? null,
          c.civilityId ?? null,
          c.active ?? true,
        ],
      );
      contactIds.push(k.id);
      for (const eventId of eventIds.slice(0, c.linkedEvents ?? 0))
        await em.query(
          'INSERT INTO event_contact (workspace_id, event_id, company_id, contact_id) VALUES ($1, $2, $3, $4)',
          [workspaceId, eventId, id, k.id],
        );
    }
    if (contactIds.length) await em.query('UPDATE company SET main_contact_id = $1 WHERE id = $2', [contactIds[0], id]);
    return { companyId: id, contactIds };
  });
}
