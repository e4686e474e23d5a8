import { asciiSlug, gdprExportFileStem } from './export-file-name';

const day = new Date('2026-11-28T10:00:00Z');
const person = (firstName: string | null, lastName: string | null) => ({
  id: '6f1c2a9e-0b7d-4c55-9a41-3f2e8d7c6b5a',
  firstName,
  lastName,
});

describe('GDPR export file names', () => {
  it('names the files after the person (last name first) and the day', () => {
    expect(gdprExportFileStem(person('Jean', 'Dupont'), day)).toBe('rgpd-dupont-jean-2026-11-28');
  });

  it('keeps ASCII letters, digits and single hyphens only', () => {
    expect(gdprExportFileStem(person('Aliénor', 'Secrétan'), day)).toBe('rgpd-secretan-alienor-2026-11-28');
    expect(gdprExportFileStem(person('Jean-Éric', "d'Œillet / ../Straße"), day)).toBe(
      'rgpd-d-oeillet-strasse-jean-eric-2026-11-28',
    );
    expect(asciiSlug('  "Zoë"\r\n<Ørsted>; *?  ')).toBe('zoe-orsted');
  });

  it('uses one name alone when the other is missing', () => {
    expect(gdprExportFileStem(person(null, 'Dupont'), day)).toBe('rgpd-dupont-2026-11-28');
    expect(gdprExportFileStem(person('Jean', null), day)).toBe('rgpd-jean-2026-11-28');
  });

  it('falls back to the id when there is no name to write in ASCII', () => {
    const { id } = person(null, null);
    expect(gdprExportFileStem(person(null, null), day)).toBe(`rgpd-${id}-2026-11-28`);
    expect(gdprExportFileStem(person('', '  '), day)).toBe(`rgpd-${id}-2026-11-28`);
    expect(gdprExportFileStem(person('李', '王'), day)).toBe(`rgpd-${id}-2026-11-28`);
  });

  it('caps a very long name', () => {
    const stem = gdprExportFileStem(person('Jean', 'x'.repeat(300)), day);
    expect(stem).toBe(`rgpd-${'x'.repeat(60)}-2026-11-28`);
  });
});
