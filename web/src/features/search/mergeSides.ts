import type { MergeCompanySideFragment, MergeContactSideFragment } from '@/gql/graphql';

/**
 * What the merge dialog shows of each record. Duplicates often share their name, and a merge
 * cannot be undone: each side lists what identifies it, and the sentences that name both
 * records add, when the names are equal, the first detail that differs.
 */
export interface MergeSide {
  id: string;
  title: string;
  /** Shown under the name, in display order. */
  details: string[];
  /** Details tried in this order to tell two sides with the same name apart. */
  distinct: string[];
}

type Translate = (key: string, named?: Record<string, unknown>, plural?: number) => string;
type FormatDate = (value: Date, key: string) => string;

/** "73282932000074" → "732 829 320 00074" (SIREN, then the establishment number). */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\s/g, '');
  return /^\d{14}$/.test(digits) ? digits.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4') : siret;
}

export function companySide(c: MergeCompanySideFragment, t: Translate, d: FormatDate): MergeSide {
  const place = [c.postalCode, c.city].filter(Boolean).join(' ');
  const siret = c.siret ? t('dupes.siret', { value: formatSiret(c.siret) }) : '';
  const contacts = t('merge.contactsCount', { count: c.contactsCount }, c.contactsCount);
  const created = t('dupes.created', { date: d(new Date(c.createdAt as string), 'short') });
  return {
    id: c.id,
    title: c.name,
    details: [siret, place, contacts, created].filter(Boolean),
    distinct: [place, siret, contacts, created].filter(Boolean),
  };
}

export function contactSide(c: MergeContactSideFragment, t: Translate, d: FormatDate): MergeSide {
  const phone = c.phoneMobile?.national ?? c.phoneDirect?.national ?? '';
  const created = t('dupes.createdContact', { date: d(new Date(c.createdAt as string), 'short') });
  const details = [c.email ?? '', c.company.name, phone, created].filter(Boolean);
  return { id: c.id, title: c.fullName, details, distinct: details };
}

/** The names to use for `a` and `b` in one sentence: with a differing detail when equal. */
export function distinctTitles(a: MergeSide, b: MergeSide): [string, string] {
  const same = (x: string, y: string) => x.trim() === y.trim();
  if (!same(a.title, b.title)) return [a.title, b.title];
  const detail = (side: MergeSide, other: MergeSide) => side.distinct.find((v) => !other.distinct.includes(v));
  const da = detail(a, b);
  const db = detail(b, a);
  return [da ? `${a.title} (${da})` : a.title, db ? `${b.title} (${db})` : b.title];
}
