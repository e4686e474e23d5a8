import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import { customGridColumns } from './customListColumns';

const field = (key: string, type: CustomFieldFieldsFragment['type'], choices: string[] = []) =>
  ({
    id: key,
    recordKind: 'COMPANY',
    key,
    labelFr: key,
    labelEn: null,
    label: `Label ${key}`,
    type,
    required: false,
    position: 0,
    choices: choices.map((c) => ({ key: c, labelFr: c.toUpperCase(), labelEn: null, label: c.toUpperCase() })),
  }) as CustomFieldFieldsFragment;

describe('custom fields as list columns', () => {
  const columns = customGridColumns<{ customFields: Record<string, unknown> }>([
    field('niveau', 'SINGLE_CHOICE', ['or', 'argent']),
    field('tags', 'MULTIPLE_CHOICE', ['a', 'b']),
    field('budget', 'NUMBER'),
    field('taux', 'DECIMAL'),
    field('vip', 'BOOLEAN'),
    field('note', 'LONG_TEXT'),
  ]);
  const [niveau, tags, budget, taux, vip, note] = columns;
  const row = { customFields: { niveau: 'argent', tags: ['a', 'b'], budget: 10, taux: '12.50', vip: false } };

  it('names columns as the API does, hidden by default, titled with the field label', () => {
    expect(columns.map((c) => c.key)).toEqual([
      'custom.niveau',
      'custom.tags',
      'custom.budget',
      'custom.taux',
      'custom.vip',
      'custom.note',
    ]);
    expect(columns.every((c) => !c.defaultVisible)).toBe(true);
    expect(niveau?.title).toBe('Label niveau');
    expect(columns.map((c) => c.kind)).toEqual(['choice', 'multiChoice', 'number', 'number', 'boolean', 'text']);
    expect(columns.map((c) => !!c.groupable)).toEqual([true, false, true, true, true, false]);
  });

  it('shows choices by label, groups by the stored value, offers the choices to filters', () => {
    expect(niveau?.value(row)).toBe('ARGENT');
    expect(niveau?.groupKey?.(row)).toBe('argent');
    expect(niveau?.choices).toEqual([
      { value: 'or', label: 'OR' },
      { value: 'argent', label: 'ARGENT' },
    ]);
    expect(tags?.value(row)).toBe('A, B');
    expect(budget?.value(row)).toBe(10);
    expect(taux?.groupKey?.(row)).toBe('12.50');
    expect(vip?.value(row)).toBe(false);
    expect(vip?.groupKey?.(row)).toBe('false');
    expect(note?.value({ customFields: {} })).toBeNull();
  });
});
