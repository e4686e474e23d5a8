import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import type { CellValue, ColumnKind, GridColumn } from '@/features/record-list/types';

type WithCustom = { customFields?: Record<string, unknown> | null };

/** The list column kind of a custom field type (the API's `listColumns` says the same). */
export function customColumnKind(type: CustomFieldFieldsFragment['type']): ColumnKind {
  switch (type) {
    case 'NUMBER':
    case 'DECIMAL':
      return 'number';
    case 'DATE':
      return 'date';
    case 'BOOLEAN':
      return 'boolean';
    case 'SINGLE_CHOICE':
      return 'choice';
    case 'MULTIPLE_CHOICE':
      return 'multiChoice';
    case 'PHONE':
      return 'phone';
    default:
      return 'text';
  }
}

/**
 * One optional list column per custom field (key `custom.<key>`, as the API names them):
 * hidden by default, shown from the column chooser, filtered, sorted and grouped on the
 * server like the other columns. Values come from the row's `customFields` (stored form).
 */
export function customGridColumns<Row extends WithCustom>(fields: CustomFieldFieldsFragment[]): GridColumn<Row>[] {
  return fields.map((field) => {
    const kind = customColumnKind(field.type);
    const labels = new Map(field.choices.map((c) => [c.key, c.label]));
    const raw = (row: Row): unknown => row.customFields?.[field.key] ?? null;
    const value = (row: Row): CellValue => {
      const v = raw(row);
      if (v === null) return null;
      if (kind === 'choice') return labels.get(String(v)) ?? String(v);
      if (kind === 'multiChoice') return (Array.isArray(v) ? v : [v]).map((k) => labels.get(String(k)) ?? k).join(', ');
      if (kind === 'number') return field.type === 'NUMBER' ? Number(v) : String(v);
      return v as CellValue;
    };
    return {
      key: `custom.${field.key}`,
      label: field.label,
      title: field.label,
      kind,
      groupable: kind !== 'multiChoice' && kind !== 'phone' && field.type !== 'LONG_TEXT',
      defaultVisible: false,
      choices: field.choices.length ? field.choices.map((c) => ({ value: c.key, label: c.label })) : undefined,
      value,
      // Groups are keyed as the API gives them: the stored value as text.
      groupKey: (row: Row) => {
        const v = raw(row);
        return v === null ? null : String(v);
      },
    };
  });
}
