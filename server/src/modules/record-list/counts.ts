import type { Ctx } from '../../common/context';
import { em } from '../../common/context';
import { isUuid } from '../../common/ids';

/** The counts the lists show, for DataLoaders: one statement for any number of ids. */
const COUNTS = {
  companyEvents: `SELECT company_id AS id, count(*)::int AS n FROM event
    WHERE company_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1`,
  companyContacts: `SELECT company_id AS id, count(*)::int AS n FROM contact
    WHERE company_id = ANY($1::uuid[]) AND deleted_at IS NULL GROUP BY 1`,
  contactEvents: `SELECT ec.contact_id AS id, count(*)::int AS n FROM event_contact ec JOIN event e ON e.id = ec.event_id
    WHERE ec.contact_id = ANY($1::uuid[]) AND e.deleted_at IS NULL GROUP BY 1`,
} as const;

export async function countsByIds(ctx: Ctx, what: keyof typeof COUNTS, ids: readonly string[]): Promise<number[]> {
  const valid = ids.filter(isUuid);
  const rows: { id: string; n: number }[] = valid.length ? await (await em(ctx)).query(COUNTS[what], [valid]) : [];
  const byId = new Map(rows.map((r) => [r.id, r.n]));
  return ids.map((id) => byId.get(id) ?? 0);
}
