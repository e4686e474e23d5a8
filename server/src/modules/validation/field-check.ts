import type { FieldErrors } from '../../common/errors';
import type { Normalized } from './messages';

/**
 * Applies a normaliser's result to a form: returns the clean value, or records the
 * failure under the field's path (so every bad field is reported at once) and returns null.
 */
export function checkField<T>(errors: FieldErrors, path: (string | number)[], result: Normalized<T>): T | null {
  if (result.ok) return result.value;
  errors.add(path, result.reason, result.params);
  return null;
}

/** Records a missing required value. */
export function requireValue(errors: FieldErrors, path: (string | number)[], value: unknown): void {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    errors.add(path, 'field.required');
  }
}
