import { isUuid } from '../../common/ids';
import type { GqlContext } from '../../graphql/context';

/** What an id stored in an audit entry's changes points at. */
type RefKind = 'company' | 'contact' | 'user' | 'option' | 'event' | 'billingAddress';

/** Fields whose values are ids, whatever the audited record (entity-specific ones below). */
const REF_FIELDS: Record<string, RefKind> = {
  companyId: 'company',
  parentId: 'company',
  withCompany: 'company',
  fromCompanyId: 'company',
  mainContactId: 'contact',
  // A quote's or an invoice's contact and event (an activity's contact too).
  contactId: 'contact',
  eventId: 'event',
  salespersonId: 'user',
  civilityId: 'option',
  sourceId: 'option',
  potentialId: 'option',
  situationId: 'option',
  progressStateId: 'option',
  companyTypeId: 'option',
  languageIds: 'option',
  eventIds: 'event',
  // An event's invited contacts.
  contactIds: 'contact',
  billingAddressId: 'billingAddress',
};

/** A merge, or a pair marked "not duplicates", names the other record of the same type. */
const MERGE_FIELDS: Record<string, RefKind> = { Company: 'company', Contact: 'contact' };

function kindOf(entityType: string, field: string): RefKind | undefined {
  if (field === 'mergedFrom' || field === 'mergedInto' || field === 'notDuplicateOf') return MERGE_FIELDS[entityType];
  return REF_FIELDS[field];
}

function idsIn(value: unknown): string[] {
  const values =
    value && typeof value === 'object' && 'from' in value && 'to' in value ? [value.from, value.to] : [value];
  return values.flat().filter((v): v is string => typeof v === 'string' && isUuid(v));
}

const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' ');

/**
 * The readable names of the records, users and list values an entry's changes refer to,
 * by id. Loaded through the request's DataLoaders: a page of entries costs one statement
 * per kind of reference, whatever its length. Records gone for good have no label.
 */
export async function auditLabels(
  gctx: GqlContext,
  entityType: string,
  changes: Record<string, unknown>,
): Promise<Record<string, string>> {
  const { loaders } = gctx;
  const load = async (kind: RefKind, id: string): Promise<string | null> => {
    switch (kind) {
      case 'company':
        return (await loaders.company.load(id))?.name ?? null;
      case 'contact': {
        const c = await loaders.contact.load(id);
        return c ? joined(c.firstName, c.lastName) : null;
      }
      case 'user':
        return (await loaders.user.load(id))?.name ?? null;
      case 'option':
        return (await loaders.settingOption.load(id))?.label ?? null;
      case 'event':
        return (await loaders.event.load(id))?.name ?? null;
      case 'billingAddress': {
        const a = await loaders.billingAddress.load(id);
        if (!a) return null;
        return a.label || [a.addressLine1, joined(a.postalCode, a.city)].filter(Boolean).join(', ');
      }
    }
  };
  const pending: Promise<[string, string | null]>[] = [];
  for (const [field, value] of Object.entries(changes)) {
    const kind = kindOf(entityType, field);
    if (kind) for (const id of idsIn(value)) pending.push(load(kind, id).then((label) => [id, label]));
  }
  const labels: Record<string, string> = {};
  for (const [id, label] of await Promise.all(pending)) if (label) labels[id] = label;
  return labels;
}
