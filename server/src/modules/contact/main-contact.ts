import { type Ctx, em } from '../../common/context';
import { recordAudits } from '../audit/audit.service';

/**
 * The one rule of a company's main contact, for every path (creation, edit, move, reactivation,
 * restoration, deletion, merge, erasure, bulk actions, starring): it is a live, active contact of
 * the company, or nobody. An inactive contact (a GDPR-erased person is made inactive) is not
 * someone to call: it never becomes the main contact, and with no eligible contact the slot stays
 * empty rather than point at one. An empty slot is filled as soon as an eligible contact arrives
 * (created, moved in, reactivated, restored): `fillMainContact`.
 */
export function mayBeMainContact(contact: { active: boolean; deletedAt: Date | null }): boolean {
  return contact.active && !contact.deletedAt;
}

/**
 * Who becomes a company's main contact when it needs a new one: its oldest eligible contact
 * (mayBeMainContact, in SQL).
 */
const ELIGIBLE = `(SELECT k.id FROM contact k
   WHERE k.company_id = company.id AND k.deleted_at IS NULL AND k.active AND NOT (k.id = ANY($1::uuid[]))
   ORDER BY k.created_at, k.id LIMIT 1)`;

/**
 * Sets the main contact of the companies matching `where` to their eligible contact, and
 * writes the change in each company's history (a main contact chosen by the system is a
 * change the users did not make themselves, so they must be able to see it).
 * `$1` is the list of contacts that must not be elected (the ones leaving).
 */
async function elect(
  ctx: Ctx,
  where: string,
  params: unknown[],
): Promise<{ id: string; before: string | null; after: string | null }[]> {
  const manager = await em(ctx);
  const result: unknown = await manager.query(
    `WITH old AS (SELECT id, main_contact_id FROM company WHERE ${where} FOR UPDATE)
     UPDATE company SET main_contact_id = ${ELIGIBLE}, updated_at = now()
       FROM old WHERE company.id = old.id
     RETURNING company.id, old.main_contact_id AS before, company.main_contact_id AS after`,
    params,
  );
  // An UPDATE … RETURNING answers [rows, affected].
  const rows = (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as {
    id: string;
    before: string | null;
    after: string | null;
  }[];
  await recordAudits(
    ctx,
    rows.map((r) => ({
      entityType: 'Company',
      entityId: r.id,
      action: 'update',
      before: { mainContactId: r.before },
      after: { mainContactId: r.after },
    })),
  );
  return rows;
}

/**
 * A company without a main contact (restored from the trash, joined by a contact moved in,
 * reactivated or restored…) elects one when it can; a company that has one keeps it. Answers the
 * company's new main contact, or null when nothing changed.
 */
export async function fillMainContact(ctx: Ctx, companyId: string): Promise<string | null> {
  const [row] = await fillMainContacts(ctx, [companyId]);
  return row?.after ?? null;
}

/** fillMainContact for many companies in one statement (contacts reactivated in bulk). */
export async function fillMainContacts(
  ctx: Ctx,
  companyIds: readonly string[],
): Promise<{ id: string; before: string | null; after: string | null }[]> {
  if (!companyIds.length) return [];
  return elect(ctx, 'id = ANY($2::uuid[]) AND main_contact_id IS NULL AND deleted_at IS NULL', [
    [],
    [...new Set(companyIds)],
  ]);
}

/**
 * The companies whose main contact is one of these contacts (deleted, merged away, moved to
 * another company, erased) elect another, in one statement whatever their number (bulk deletion).
 */
export async function replaceMainContacts(ctx: Ctx, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length) await elect(ctx, 'main_contact_id = ANY($1::uuid[])', [contactIds]);
}
