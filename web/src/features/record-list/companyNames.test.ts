import { namedValues } from './companyNames';

describe('the chosen companies a filter chip names', () => {
  const names = new Map([
    ['a', 'Acme'],
    ['n', 'Nova Tech'],
    ['z', 'Zénith'],
  ]);
  const nameOf = (id: string) => names.get(id);

  it('names one or two, then counts the others', () => {
    expect(namedValues(['a'], nameOf)).toBe('Acme');
    expect(namedValues(['a', 'n'], nameOf)).toBe('Acme, Nova Tech');
    expect(namedValues(['a', 'n', 'z', 'x'], nameOf)).toBe('Acme, Nova Tech +2');
  });

  it('says nothing until the names it shows are known (the others need none)', () => {
    expect(namedValues(['x', 'a'], nameOf)).toBeNull();
    expect(namedValues(['a', 'x'], nameOf)).toBeNull();
    expect(namedValues(['a', 'n', 'unknown'], nameOf)).toBe('Acme, Nova Tech +1');
  });
});
