import type { BulkField, BulkPatch } from './types';

type Translate = (key: string, named: Record<string, unknown>, plural: number) => string;

/** What "Modifier…" holds: the field (none until the user picks one), the value, or the explicit choice to clear. */
export interface BulkEditState {
  field: string | null;
  value: string | null;
  clear: boolean;
}

/**
 * The patch "Appliquer" would send, or null while it must stay disabled: no field chosen,
 * or no value and "Effacer la valeur" not ticked. An empty value never clears by itself:
 * one click must not blank a field on every selected record.
 */
export function bulkEditPatch(state: BulkEditState): BulkPatch | null {
  if (!state.field) return null;
  if (state.clear) return { [state.field]: null };
  return state.value === null ? null : { [state.field]: state.value };
}

/**
 * The confirmation asked before the change is applied, naming the field, the value and the
 * count: « Effacer l'état d'avancement de 12 contacts ? », « Mettre l'état d'avancement à
 * « Gagné » pour 12 contacts ? ». `count` is already written for people ("1 234").
 */
export function bulkEditConfirmText(
  t: Translate,
  field: BulkField,
  valueLabel: string | null,
  records: string,
  count: number,
  countText: string,
): string {
  const named = { field: t(field.the, {}, 1), records: t(records, { count: countText }, count) };
  return valueLabel === null
    ? t('recordList.bulk.clearConfirm', named, 1)
    : t('recordList.bulk.setConfirm', { ...named, value: valueLabel }, 1);
}
