import { moveHighlight, newCompanyLink, newContactLink } from './links';

describe('the search box as a combobox', () => {
  it('ArrowDown and ArrowUp move the highlight through the suggestions and back to the box', () => {
    expect(moveHighlight(-1, 3, 'ArrowDown')).toBe(0);
    expect(moveHighlight(0, 3, 'ArrowDown')).toBe(1);
    expect(moveHighlight(2, 3, 'ArrowDown')).toBe(-1);
    expect(moveHighlight(-1, 3, 'ArrowUp')).toBe(2);
    expect(moveHighlight(0, 3, 'ArrowUp')).toBe(-1);
    expect(moveHighlight(-1, 0, 'ArrowDown')).toBe(-1);
    expect(moveHighlight(1, 0, 'ArrowUp')).toBe(-1);
  });

  it('"Nouveau client" and "Nouveau contact" are prefilled with what was typed', () => {
    expect(newCompanyLink(' Traiteur Dubois ')).toEqual({ name: 'company-new', query: { name: 'Traiteur Dubois' } });
    expect(newContactLink('Hélène Dupré')).toEqual({ name: 'contact-new', query: { name: 'Hélène Dupré' } });
    expect(newContactLink('helene@dupre.fr')).toEqual({ name: 'contact-new', query: { email: 'helene@dupre.fr' } });
    expect(newContactLink('06 12 34 56 78')).toEqual({ name: 'contact-new', query: { phone: '06 12 34 56 78' } });
  });
});
