import { customValuesOf, recordUpdate } from './recordUpdate';

describe("a record page's one save", () => {
  const stored = { budget: 12000, tier: 'gold' };

  it('sends the general fields and the changed custom fields in one input', () => {
    expect(recordUpdate({ website: 'acme.fr' }, { ...stored, budget: 15000 }, stored)).toEqual({
      website: 'acme.fr',
      customFields: { budget: 15000 },
    });
  });

  it('a custom field alone is a change to save (the page is dirty, its guard asks before leaving)', () => {
    expect(recordUpdate({}, { ...stored, tier: null }, stored)).toEqual({ customFields: { tier: null } });
  });

  it('sends no customFields when none changed', () => {
    expect(recordUpdate({ website: 'acme.fr' }, { ...stored }, stored)).toEqual({ website: 'acme.fr' });
    expect(recordUpdate({}, { ...stored }, stored)).toEqual({});
  });

  it("copies the record's stored values so the inputs never change the original", () => {
    const record = { customFields: stored };
    const values = customValuesOf(record);
    values.budget = 1;
    expect(record.customFields.budget).toBe(12000);
    expect(customValuesOf({ customFields: null })).toEqual({});
  });
});
