import { countText, formatCount } from './counts';
import { i18n } from './index';

const t = (key: string, named: Record<string, unknown>, plural: number) => i18n.global.t(key, named, plural);

describe('counts shown in the lists', () => {
  it('writes a count with the locale’s thousands separator', () => {
    expect(formatCount(1234, 'fr')).toMatch(/^1\s234$/);
    expect(formatCount(1234567, 'fr')).toMatch(/^1\s234\s567$/);
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(12, 'fr')).toBe('12');
  });

  it('keeps the plural chosen by the number', () => {
    i18n.global.locale.value = 'fr';
    expect(countText(t, 'fr', 'recordList.total', 1234)).toMatch(/^1\s234 résultats$/);
    expect(countText(t, 'fr', 'recordList.total', 1)).toBe('1 résultat');
    expect(countText(t, 'fr', 'recordList.total', 0)).toBe('Aucun résultat');
    expect(countText(t, 'fr', 'trash.total', 2500)).toMatch(/^2\s500 fiches supprimées$/);
  });
});
