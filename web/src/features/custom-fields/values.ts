/** Custom field values as the inputs hold them: the stored JSON form (see the API's CustomFieldType). */
export type CustomValues = Record<string, unknown>;

/**
 * The keys whose value differs between two sets of custom field values: a missing key is
 * the same as null (cleared), lists compare by content. The form sends only these, and the
 * history shows one row for each of them.
 */
export function changedKeys(after: CustomValues, before: CustomValues): string[] {
  return [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
    (key) => JSON.stringify(after[key] ?? null) !== JSON.stringify(before[key] ?? null),
  );
}
