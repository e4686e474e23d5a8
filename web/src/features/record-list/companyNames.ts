import { reactive } from 'vue';
import { request } from '@/api/graphql';
import { FilterCompanyNamesDocument } from '@/gql/graphql';

/** How many chosen records a filter chip names; the others are counted ("+2"). */
export const NAMED_IN_CHIP = 2;

/**
 * The chosen records of a list condition as its chip says them: the first two names, then how
 * many more ("Acme, Nova Tech +2"); null while a name of those two is not known.
 */
export function namedValues(ids: string[], nameOf: (id: string) => string | null | undefined): string | null {
  const names = ids.slice(0, NAMED_IN_CHIP).map((id) => nameOf(id) ?? null);
  if (names.some((n) => n === null)) return null;
  const more = ids.length - names.length;
  return more > 0 ? `${names.join(', ')} +${more}` : names.join(', ');
}

/**
 * Company names known to the lists' filters, by id: those picked in a filter editor, else read
 * once (the first two of a condition, in one request) for a chip restored from a link or a view.
 */
export const companyNames = reactive(new Map<string, string>());
const asked = new Set<string>();

export function rememberCompanyName(id: string, name: string): void {
  companyNames.set(id, name);
}

/** Reads the names a chip needs and does not know yet (at most once per id; a failure leaves the count). */
export async function loadCompanyNames(ids: string[]): Promise<void> {
  const missing = ids.slice(0, NAMED_IN_CHIP).filter((id) => !companyNames.has(id) && !asked.has(id));
  const [first, second] = missing;
  if (!first) return;
  for (const id of missing) asked.add(id);
  try {
    const found = await request(FilterCompanyNamesDocument, {
      first,
      second: second ?? first,
      withSecond: !!second,
    });
    for (const c of [found.first, found.second]) if (c) companyNames.set(c.id, c.name);
  } catch {
    // A record gone, or no right to read it: the chip keeps saying how many are chosen.
  }
}
