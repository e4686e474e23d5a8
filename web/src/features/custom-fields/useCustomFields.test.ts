import { changedValues } from './useCustomFields';

describe('custom field values in forms', () => {
  it('sends only changed keys, null for a cleared one, lists compared by content', () => {
    const original = { tier: 'gold', staff: 12, topics: ['gala'], note: 'x' };
    expect(changedValues({ ...original }, original)).toEqual({});
    expect(changedValues({ ...original, staff: '13', note: null, topics: ['gala', 'seminar'] }, original)).toEqual({
      staff: '13',
      note: null,
      topics: ['gala', 'seminar'],
    });
    expect(changedValues({ tier: 'gold', staff: 12, topics: ['gala'], note: 'x', vip: true }, original)).toEqual({
      vip: true,
    });
  });
});
