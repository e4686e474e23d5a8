import { i18n } from '@/i18n';
import { mergeDoneText } from './mergeDone';

const t = (key: string, named: Record<string, unknown>, plural: number) => i18n.global.t(key, named, plural);

describe('the merge success message', () => {
  it('uses real plurals, not « (s) »', () => {
    i18n.global.locale.value = 'fr';
    expect(mergeDoneText(t, 0, 1)).toBe('Fusion effectuée : aucun élément rattaché, 1 champ complété.');
    expect(mergeDoneText(t, 1, 0)).toBe('Fusion effectuée : 1 élément rattaché, aucun champ complété.');
    expect(mergeDoneText(t, 12, 3)).toBe('Fusion effectuée : 12 éléments rattachés, 3 champs complétés.');
    i18n.global.locale.value = 'en';
    expect(mergeDoneText(t, 2, 1)).toBe('Merged: 2 linked items moved, 1 field filled in.');
    i18n.global.locale.value = 'fr';
  });
});
