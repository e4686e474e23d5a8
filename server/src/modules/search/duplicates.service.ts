import { type Ctx, em } from '../../common/context';
import { badField } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { normalizeEmail, normalizePhone } from '../validation/contact-data';
import { DuplicateReason, type DuplicateCandidateType, type DuplicateCheckInput, SearchKind } from './search.types';

/**
 * Records that may already be the one about to be created, each with every reason it
 * matched. The create forms call this as the user types, so every check is an indexed
 * equality or trigram look-up and bad partial input (half a SIRET, an unfinished e-mail)
 * simply matches nothing instead of failing. Deleted records are never candidates;
 * inactive ones are (creating a twin of an inactive client is still a duplicate), flagged.
 */

/**
 * Word similarity of the typed name with a company's stored search document (its
 * normalised name first), in the same postal code, to call them "very similar". The stored
 * document spares normalising every name of the postal code on each keystroke.
 */
const NAME_SIMILARITY = 0.6;
const MAX_CANDIDATES = 10;

const REASON_ORDER = Object.values(DuplicateReason);

interface Row {
  id: string;
  title: string;
  subtitle: string | null;
  detail: string | null;
  active: boolean;
  company_id: string | null;
  reasons: DuplicateReason[];
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/[\s.-]/g, '');

function toCandidate(kind: SearchKind) {
  return (r: Row): DuplicateCandidateType => ({
    id: r.id,
    kind,
    title: r.title,
    subtitle: r.subtitle,
    detail: r.detail,
    active: r.active,
    companyId: r.company_id,
    reasons: [...new Set(r.reasons)].sort((a, b) => REASON_ORDER.indexOf(a) - REASON_ORDER.indexOf(b)),
  });
}

async function companyCandidates(ctx: Ctx, input: DuplicateCheckInput): Promise<DuplicateCandidateType[]> {
  const siret = digits(input.siret);
  const validSiret = /^\d{14}$/.test(siret) ? siret : null;
  const sirenInput = digits(input.siren);
  const siren = /^\d{9}$/.test(sirenInput) ? sirenInput : validSiret ? validSiret.slice(0, 9) : null;
  const vatText = (input.vatNumber ?? '').replace(/[\s.-]/g, '').toUpperCase();
  const vat = vatText.length >= 8 ? vatText : null;
  const name = input.name?.trim() || null;
  const postalCode = input.postalCode?.replace(/\s/g, '') || null;
  const exclude = isUuid(input.excludeId) ? input.excludeId : null;
  if (!validSiret && !siren && !vat && !name) return [];
  const manager = await em(ctx);
  // One statement: each arm is an indexed look-up; the reasons of a record are gathered.
  // Typed without a postal code, the name is compared with the whole workspace's, so it must
  // be nearly the same: `search_same_company_names` (migration 1766044800000-DuplicateCompanyName).
  const rows: Row[] = await manager.query(
    `WITH hits AS (
       SELECT id, 'SIRET' AS reason FROM company WHERE $1::text IS NOT NULL AND siret = $1
       UNION ALL SELECT id, 'SIREN' FROM company WHERE siren IS NOT NULL AND siren = $2 AND siret IS DISTINCT FROM $1
       UNION ALL SELECT id, 'VAT' FROM company WHERE $3::text IS NOT NULL AND vat_number = $3
       UNION ALL SELECT search_similar_company_names($4, $5, $6), 'NAME_POSTAL_CODE'
       UNION ALL SELECT id, 'NAME' FROM search_same_company_names($9) id)
     SELECT c.id, c.name AS title, nullif(concat_ws(' ', c.postal_code, c.city), '') AS subtitle,
            c.siret AS detail, c.active, c.id AS company_id, array_agg(DISTINCT h.reason) AS reasons
     FROM hits h JOIN company c ON c.id = h.id
     WHERE c.deleted_at IS NULL AND c.id IS DISTINCT FROM $7::uuid
     GROUP BY c.id
     ORDER BY count(*) DESC, c.name, c.id
     LIMIT $8`,
    [validSiret, siren, vat, name, postalCode, NAME_SIMILARITY, exclude, MAX_CANDIDATES, postalCode ? null : name],
  );
  return rows.map(toCandidate(SearchKind.COMPANY));
}

async function contactCandidates(ctx: Ctx, input: DuplicateCheckInput): Promise<DuplicateCandidateType[]> {
  const emailResult = normalizeEmail(input.email ?? null);
  const email = emailResult.ok ? emailResult.value : null;
  const phones = (input.phones ?? [])
    .map((p) => normalizePhone(p, { country: input.country, postalCode: input.postalCode }))
    .flatMap((r) => (r.ok && r.value ? [r.value.e164] : []));
  const firstName = input.firstName?.trim() || null;
  const lastName = input.lastName?.trim() || null;
  const companyId = isUuid(input.companyId) ? input.companyId : null;
  const exclude = isUuid(input.excludeId) ? input.excludeId : null;
  const byName = companyId && lastName ? 1 : 0;
  if (!email && !phones.length && !byName) return [];
  const manager = await em(ctx);
  // Equality on text (leakproof) so the indexes serve under row-level security; citext's
  // is not, hence email::text against the normalised (lowercase) address.
  // The switchboard is shared by a company's staff: only direct and mobile lines identify a person.
  const rows: Row[] = await manager.query(
    `WITH hits AS (
       SELECT id, 'EMAIL' AS reason FROM contact WHERE email IS NOT NULL AND email::text = $1::text
       UNION ALL SELECT id, 'PHONE' FROM contact WHERE phone_direct IS NOT NULL AND phone_direct = ANY($2::text[])
       UNION ALL SELECT id, 'PHONE' FROM contact WHERE phone_mobile IS NOT NULL AND phone_mobile = ANY($2::text[])
       UNION ALL SELECT id, 'NAME_COMPANY' FROM contact
         WHERE $3::uuid IS NOT NULL AND company_id = $3
           AND search_norm(last_name) = search_norm($5)
           AND ($4::text IS NULL OR first_name IS NULL OR search_norm(first_name) = search_norm($4)))
     SELECT t.id, concat_ws(' ', t.first_name, t.last_name) AS title, co.name AS subtitle,
            coalesce(t.email::text, t.phone_direct, t.phone_mobile) AS detail,
            t.active AND co.active AS active, t.company_id, array_agg(DISTINCT h.reason) AS reasons
     FROM hits h JOIN contact t ON t.id = h.id JOIN company co ON co.id = t.company_id
     WHERE t.deleted_at IS NULL AND t.id IS DISTINCT FROM $6::uuid
     GROUP BY t.id, co.id
     ORDER BY count(*) DESC, t.last_name, t.first_name, t.id
     LIMIT $7`,
    [email, phones, byName ? companyId : null, firstName, lastName, exclude, MAX_CANDIDATES],
  );
  return rows.map(toCandidate(SearchKind.CONTACT));
}

export async function duplicateCandidates(ctx: Ctx, input: DuplicateCheckInput): Promise<DuplicateCandidateType[]> {
  if (input.kind === SearchKind.COMPANY) return companyCandidates(ctx, input);
  if (input.kind === SearchKind.CONTACT) return contactCandidates(ctx, input);
  throw badField(['input', 'kind'], 'search.duplicateKind');
}
