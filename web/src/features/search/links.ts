import type { RouteLocationRaw } from 'vue-router';
import type { SearchKind } from '@/gql/graphql';

/** Where a search hit or a duplicate leads. Events have no page yet: /events/:id is reserved for them. */
export function hitLink(hit: { id: string; kind: SearchKind }): RouteLocationRaw {
  if (hit.kind === 'COMPANY') return { name: 'company', params: { id: hit.id } };
  if (hit.kind === 'CONTACT') return { name: 'contact', params: { id: hit.id } };
  return { path: `/events/${hit.id}` };
}
