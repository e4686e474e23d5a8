import type { CustomFieldFieldsFragment } from '@/gql/graphql';
import { changeRows, isId } from './history';

const field = (key: string, label: string) =>
  ({
    id: key,
    key,
    label,
    labelFr: label,
    labelEn: null,
    type: 'TEXT',
    choices: [],
  }) as unknown as CustomFieldFieldsFragment;

describe('audit entry rows', () => {
  it('gives one row per changed field, and one per changed custom value in the order of the definitions', () => {
    const rows = changeRows(
      {
        position: { from: null, to: 'Directrice' },
        customFields: {
          from: { budget: 10, niveau: 'or', same: 'x' },
          to: { niveau: 'argent', same: 'x', ancien: 'y' },
        },
      },
      [field('niveau', 'Niveau'), field('budget', 'Budget')],
    );
    expect(rows.map(({ field: f, from, to, custom }) => [f, from, to, custom?.definition?.label ?? null])).toEqual([
      ['position', null, 'Directrice', null],
      ['customFields.niveau', 'or', 'argent', 'Niveau'],
      ['customFields.budget', 10, null, 'Budget'],
      // A value of a field since deleted keeps its key.
      ['customFields.ancien', null, 'y', null],
    ]);
  });

  it('reads a value logged without from/to as what it became', () => {
    expect(changeRows({ mergedFrom: 'abc' }, [])).toEqual([{ field: 'mergedFrom', from: null, to: 'abc' }]);
  });

  it('tells ids from other values', () => {
    expect(isId('0b6f3f38-5d1e-4c11-9a57-2c3c1f0e9a10')).toBe(true);
    expect(isId('Directrice')).toBe(false);
  });
});
