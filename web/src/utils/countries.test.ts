import { countryOptions } from './countries';

describe('country options', () => {
  it('offers every country by its name, France first, stored under its French name whatever the UI language', () => {
    const fr = countryOptions('fr');
    expect(fr[0]).toEqual({ label: 'France', value: 'France' });
    expect(fr).toContainEqual({ label: 'Allemagne', value: 'Allemagne' });
    expect(fr).toContainEqual({ label: 'Guadeloupe', value: 'Guadeloupe' });
    expect(fr.length).toBeGreaterThan(200);
    const labels = fr.slice(1).map((o) => o.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'fr')));
    const en = countryOptions('en');
    expect(en).toContainEqual({ label: 'Germany', value: 'Allemagne' });
  });
});
