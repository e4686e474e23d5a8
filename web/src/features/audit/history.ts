import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import { changedKeys } from '@/features/custom-fields/values';

/** One changed field of an audit entry; a custom field carries its definition (if still defined). */
export interface ChangeRow {
  field: string;
  from: unknown;
  to: unknown;
  custom?: { key: string; definition?: CustomFieldFieldsFragment };
}

function changeOf(value: unknown): { from: unknown; to: unknown } {
  if (value && typeof value === 'object' && 'from' in value && 'to' in value)
    return value as { from: unknown; to: unknown };
  return { from: null, to: value };
}

const asValues = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The rows an entry's changes show: one per field, and the custom fields (stored together
 * as one `customFields` object) one per changed value, in the order of their definitions.
 */
export function changeRows(changes: Record<string, unknown>, definitions: CustomFieldFieldsFragment[]): ChangeRow[] {
  const rows: ChangeRow[] = [];
  for (const [field, value] of Object.entries(changes)) {
    const { from, to } = changeOf(value);
    if (field !== 'customFields') {
      rows.push({ field, from, to });
      continue;
    }
    const before = asValues(from);
    const after = asValues(to);
    // The same comparison as the custom fields form's update: the keys it would have sent.
    const keys = changedKeys(after, before);
    const position = (key: string) => {
      const i = definitions.findIndex((d) => d.key === key);
      return i < 0 ? definitions.length : i;
    };
    keys.sort((a, b) => position(a) - position(b) || a.localeCompare(b));
    for (const key of keys)
      rows.push({
        field: `customFields.${key}`,
        from: before[key] ?? null,
        to: after[key] ?? null,
        custom: { key, definition: definitions.find((d) => d.key === key) },
      });
  }
  return rows;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id (of a record, a user, a list value): never shown as such. */
export const isId = (value: string) => UUID.test(value);
