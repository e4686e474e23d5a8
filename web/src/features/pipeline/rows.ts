/** A pipeline column as saved, and the editable copy the settings page shows of it. */
export interface SavedColumn {
  id: string;
  label: string;
  stateIds: readonly string[];
}
export interface ColumnRow {
  id: string;
  label: string;
  stateIds: string[];
}

/** The row differs from its column as saved (a label or its states changed, not yet saved). */
export function rowEdited(row: ColumnRow, saved: SavedColumn | undefined): boolean {
  if (!saved) return false;
  return (
    row.label !== saved.label ||
    row.stateIds.length !== saved.stateIds.length ||
    row.stateIds.some((id, i) => id !== saved.stateIds[i])
  );
}

/**
 * The rows to show once the columns have been read again (after a row's save, a move, a
 * deletion): the new columns in their order, each row still being edited keeping its edits
 * (saving one row does not drop another's), the others showing what is saved.
 */
export function mergeRows(previous: SavedColumn[], rows: ColumnRow[], next: SavedColumn[]): ColumnRow[] {
  const before = new Map(previous.map((c) => [c.id, c]));
  const edited = new Map(rows.filter((r) => rowEdited(r, before.get(r.id))).map((r) => [r.id, r]));
  return next.map((c) => {
    const row = edited.get(c.id);
    return row ? { ...row, stateIds: [...row.stateIds] } : { id: c.id, label: c.label, stateIds: [...c.stateIds] };
  });
}
