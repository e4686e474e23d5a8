import type { RouteLocationRaw } from 'vue-router';
import type { SearchKind } from '@/gql/graphql';

/** Where a search hit or a duplicate leads. Events have no page yet: /events/:id is reserved for them. */
export function hitLink(hit: { id: string; kind: SearchKind }): RouteLocationRaw {
  if (hit.kind === 'COMPANY') return { name: 'company', params: { id: hit.id } };
  if (hit.kind === 'CONTACT') return { name: 'contact', params: { id: hit.id } };
  return { path: `/events/${hit.id}` };
}

/** "Nouveau client" from a search that found nothing: the name is what was searched. */
export function newCompanyLink(q: string): RouteLocationRaw {
  return { name: 'company-new', query: { name: q.trim() } };
}

/** "Nouveau contact" from a search that found nothing, prefilled from it: an e-mail, a phone, or a name. */
export function newContactLink(q: string): RouteLocationRaw {
  const text = q.trim();
  if (text.includes('@')) return { name: 'contact-new', query: { email: text } };
  if (/^[\d\s+().-]+$/.test(text)) return { name: 'contact-new', query: { phone: text } };
  return { name: 'contact-new', query: { name: text } };
}

/**
 * The highlighted suggestion after ArrowDown / ArrowUp in the search box's list (-1: none, the
 * box itself). Down from the box goes to the first, up from it to the last; past either end
 * it comes back to the box, as in a combobox.
 */
export function moveHighlight(current: number, count: number, key: 'ArrowDown' | 'ArrowUp'): number {
  if (count <= 0) return -1;
  if (key === 'ArrowDown') return current + 1 >= count ? -1 : current + 1;
  return current < 0 ? count - 1 : current - 1;
}
