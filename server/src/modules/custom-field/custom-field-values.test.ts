import {
  conversionInput,
  customFieldContainsSql,
  customFieldSqlExpression,
  displayCustomValue,
  normalizeCustomValue,
} from './custom-field-values';
import { type CustomFieldDefinition, CustomFieldType, RecordKind } from './custom-field.model';

const def = (type: CustomFieldType, over: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  id: '00000000-0000-0000-0000-000000000001',
  recordKind: RecordKind.COMPANY,
  key: 'f',
  labelFr: 'Champ',
  labelEn: 'Field',
  type,
  required: false,
  choices: [
    { key: 'gold', labelFr: 'Or', labelEn: 'Gold' },
    { key: 'silver', labelFr: 'Argent', labelEn: 'Silver' },
    { key: 'bronze', labelFr: 'Bronze', labelEn: null },
  ],
  position: 0,
  ...over,
});

const value = (type: CustomFieldType, raw: unknown) => {
  const r = normalizeCustomValue(def(type), raw);
  return r.ok ? r.value : `!${r.reason}`;
};

describe('custom field values', () => {
  it('blank values are null for every type', () => {
    for (const type of Object.values(CustomFieldType)) {
      expect(value(type, null)).toBeNull();
      expect(value(type, '  ')).toBeNull();
      expect(value(type, [])).toBeNull();
    }
  });

  it('refuses objects, and lists for single-value types', () => {
    expect(value(CustomFieldType.TEXT, { a: 1 })).toBe('!field.invalid');
    expect(value(CustomFieldType.NUMBER, [1])).toBe('!field.invalid');
  });

  it('text is trimmed with whitespace collapsed, 500 characters at most', () => {
    expect(value(CustomFieldType.TEXT, '  Grand   compte \n')).toBe('Grand compte');
    expect(value(CustomFieldType.TEXT, 42)).toBe('42');
    expect(value(CustomFieldType.TEXT, 'x'.repeat(501))).toBe('!text.tooLong');
  });

  it('long text keeps its line breaks', () => {
    expect(value(CustomFieldType.LONG_TEXT, ' a\r\nb \n')).toBe('a\nb');
    expect(value(CustomFieldType.LONG_TEXT, 'x'.repeat(10_001))).toBe('!field.tooLong');
  });

  it('numbers are whole, French spacing accepted, within the safe range', () => {
    expect(value(CustomFieldType.NUMBER, 12)).toBe(12);
    expect(value(CustomFieldType.NUMBER, '1 234')).toBe(1234);
    expect(value(CustomFieldType.NUMBER, '-5')).toBe(-5);
    expect(value(CustomFieldType.NUMBER, '1,5')).toBe('!customField.number');
    expect(value(CustomFieldType.NUMBER, 'abc')).toBe('!customField.number');
    expect(value(CustomFieldType.NUMBER, '9007199254740993')).toBe('!customField.numberRange');
    expect(value(CustomFieldType.NUMBER, true)).toBe('!customField.number');
  });

  it('decimals keep their precision as strings, comma or point', () => {
    expect(value(CustomFieldType.DECIMAL, '1 234,50')).toBe('1234.5');
    expect(value(CustomFieldType.DECIMAL, 0.1)).toBe('0.1');
    expect(value(CustomFieldType.DECIMAL, '12345678901234567890.123456789')).toBe('12345678901234567890.123456789');
    expect(value(CustomFieldType.DECIMAL, '1.2.3')).toBe('!customField.decimal');
  });

  it('dates in ISO or French form, real calendar dates only', () => {
    expect(value(CustomFieldType.DATE, '2026-03-31')).toBe('2026-03-31');
    expect(value(CustomFieldType.DATE, '31/03/2026')).toBe('2026-03-31');
    expect(value(CustomFieldType.DATE, '2026-03-31T10:00:00Z')).toBe('2026-03-31');
    expect(value(CustomFieldType.DATE, '2026-02-30')).toBe('!customField.date');
    expect(value(CustomFieldType.DATE, 'demain')).toBe('!customField.date');
  });

  it('yes/no from booleans and words in French or English', () => {
    expect(value(CustomFieldType.BOOLEAN, true)).toBe(true);
    expect(value(CustomFieldType.BOOLEAN, 'Oui')).toBe(true);
    expect(value(CustomFieldType.BOOLEAN, 'non')).toBe(false);
    expect(value(CustomFieldType.BOOLEAN, 0)).toBe(false);
    expect(value(CustomFieldType.BOOLEAN, 'peut-être')).toBe('!customField.boolean');
  });

  it('single choice by key or by label (accents and case ignored)', () => {
    expect(value(CustomFieldType.SINGLE_CHOICE, 'gold')).toBe('gold');
    expect(value(CustomFieldType.SINGLE_CHOICE, 'ARGENT')).toBe('silver');
    expect(value(CustomFieldType.SINGLE_CHOICE, 'Silver')).toBe('silver');
    expect(value(CustomFieldType.SINGLE_CHOICE, 'platine')).toBe('!customField.choice');
  });

  it('multiple choice from a list or a separated cell, deduplicated, in choice order', () => {
    expect(value(CustomFieldType.MULTIPLE_CHOICE, ['bronze', 'gold', 'Or'])).toEqual(['gold', 'bronze']);
    expect(value(CustomFieldType.MULTIPLE_CHOICE, 'Argent; Or')).toEqual(['gold', 'silver']);
    expect(value(CustomFieldType.MULTIPLE_CHOICE, ['gold', 'platine'])).toBe('!customField.choice');
  });

  it('URL, email and phone use the record rules', () => {
    expect(value(CustomFieldType.URL, 'acme.fr')).toBe('https://acme.fr');
    expect(value(CustomFieldType.URL, 'javascript:alert(1)')).toBe('!url.scheme');
    expect(value(CustomFieldType.EMAIL, ' Jo@Acme.FR ')).toBe('jo@acme.fr');
    expect(value(CustomFieldType.EMAIL, 'jo@')).toMatch(/^!email\./);
    expect(value(CustomFieldType.PHONE, '01 42 68 53 00')).toBe('+33142685300');
    expect(value(CustomFieldType.PHONE, '12')).toMatch(/^!phone\./);
  });

  it('displays values in the language asked', () => {
    expect(displayCustomValue(def(CustomFieldType.BOOLEAN), true, 'fr')).toBe('Oui');
    expect(displayCustomValue(def(CustomFieldType.BOOLEAN), false, 'en')).toBe('No');
    expect(displayCustomValue(def(CustomFieldType.DATE), '2026-03-31', 'fr')).toBe('31/03/2026');
    expect(displayCustomValue(def(CustomFieldType.SINGLE_CHOICE), 'gold', 'en')).toBe('Gold');
    expect(displayCustomValue(def(CustomFieldType.MULTIPLE_CHOICE), ['gold', 'bronze'], 'en')).toBe('Gold, Bronze');
    expect(displayCustomValue(def(CustomFieldType.TEXT), null, 'fr')).toBeNull();
  });

  it('conversion input: choices become labels, lists become one value when they can', () => {
    const single = def(CustomFieldType.SINGLE_CHOICE);
    const multi = def(CustomFieldType.MULTIPLE_CHOICE);
    const text = def(CustomFieldType.TEXT);
    expect(conversionInput(single, text, 'gold')).toBe('Or');
    expect(conversionInput(multi, text, ['gold', 'silver'])).toBe('Or, Argent');
    expect(conversionInput(single, multi, 'gold')).toEqual(['Or']);
    expect(conversionInput(multi, single, ['gold'])).toBe('Or');
    expect(normalizeCustomValue(single, conversionInput(multi, single, ['gold', 'silver'])).ok).toBe(false);
  });

  it('gives typed SQL expressions and refuses unsafe keys', () => {
    expect(customFieldSqlExpression({ key: 'budget', type: CustomFieldType.DECIMAL }, 'c')).toBe(
      "((c.custom_fields->>'budget')::numeric)",
    );
    expect(customFieldSqlExpression({ key: 'since', type: CustomFieldType.DATE }, 'ct')).toBe(
      "((ct.custom_fields->>'since')::date)",
    );
    expect(customFieldSqlExpression({ key: 'tags', type: CustomFieldType.MULTIPLE_CHOICE }, 'c')).toBe(
      "(c.custom_fields->'tags')",
    );
    expect(customFieldSqlExpression({ key: 'tier', type: CustomFieldType.SINGLE_CHOICE }, 'c')).toBe(
      "(c.custom_fields->>'tier')",
    );
    expect(() =>
      customFieldSqlExpression({ key: "x'; drop table company; --", type: CustomFieldType.TEXT }, 'c'),
    ).toThrow();
    expect(() => customFieldSqlExpression({ key: 'ok', type: CustomFieldType.TEXT }, 'c; --')).toThrow();
    expect(customFieldContainsSql({ key: 'tier', type: CustomFieldType.SINGLE_CHOICE }, 'c', '$1', 'gold')).toEqual({
      sql: 'c.custom_fields @> $1::jsonb',
      param: '{"tier":"gold"}',
    });
  });
});
