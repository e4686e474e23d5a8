import { changedKeys } from './values';

describe('changedKeys', () => {
  it('names the keys of either side whose value differs, a missing key being null', () => {
    const before = { tier: 'gold', staff: 12, topics: ['gala'], note: 'x', gone: null };
    expect(changedKeys({ ...before }, before)).toEqual([]);
    // Lists by content, not by identity; a key absent on one side equals null on the other.
    expect(changedKeys({ tier: 'gold', staff: 12, topics: ['gala'], note: 'x' }, before)).toEqual([]);
    expect(changedKeys({ tier: 'silver', staff: 12, topics: ['gala', 'seminar'], vip: true }, before)).toEqual([
      'tier',
      'topics',
      'vip',
      'note',
    ]);
    expect(changedKeys({}, { staff: 0, off: false })).toEqual(['staff', 'off']);
  });
});
