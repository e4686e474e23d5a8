import { changedValues, type CustomValues } from './useCustomFields';

/**
 * The input of a record page's one save: the general fields that changed and, when some
 * custom field changed too, only those (`customFields`), so one update (one transaction)
 * saves the whole record. Empty when nothing changed.
 */
export function recordUpdate<T extends object>(
  changes: T,
  custom: CustomValues,
  customOriginal: CustomValues,
): T & { customFields?: CustomValues } {
  const customChanges = changedValues(custom, customOriginal);
  return Object.keys(customChanges).length ? { ...changes, customFields: customChanges } : { ...changes };
}

/** A record's stored custom values as the page's form holds them (a copy the inputs may change). */
export function customValuesOf(record: { customFields?: unknown }): CustomValues {
  const stored = record.customFields;
  return stored && typeof stored === 'object' ? { ...(stored as CustomValues) } : {};
}
