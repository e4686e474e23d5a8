import { type Ctx, em } from '../../common/context';
import { recordAudits } from '../audit/audit.service';

/**
 * Who may become a company's main contact when it needs a new one: its oldest live, active
 * contact. An inactive contact (a GDPR-erased person is made inactive) is not someone to call:
 * with no eligible contact the main contact stays empty rather than point at them.
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
async function elect(ctx: Ctx, where: string, params: unknown[]): Promise<void> {
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
}

/** A company without a main contact (restored from the trash…) elects one when it can. */
export async function fillMainContact(ctx: Ctx, companyId: string): Promise<void> {
  await elect(ctx, 'id = $2 AND main_contact_id IS NULL AND deleted_at IS NULL', [[], companyId]);
}

/**
 * The companies whose main contact is one of these contacts (deleted, merged away, moved to
 * another company, erased) elect another, in one statement whatever their number (bulk deletion).
 */
export async function replaceMainContacts(ctx: Ctx, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length) await elect(ctx, 'main_contact_id = ANY($1::uuid[])', [contactIds]);
}
