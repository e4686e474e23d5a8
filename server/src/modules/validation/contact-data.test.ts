import {
  cleanText,
  formatPhoneNational,
  normalizeCountry,
  normalizeEmail,
  normalizePhone,
  normalizePostalCode,
  normalizeSocialUrl,
  normalizeUrl,
  overseasTerritoryOfPostalCode,
  phoneDefaultCountry,
  resolveCountryCode,
  restoreFrenchLeadingZero,
  type NormalizedPhone,
} from './contact-data';
import { getAlpha3Codes } from 'i18n-iso-countries/index';
import { formatValidationMessage, type Normalized } from './messages';

function phoneValue(result: Normalized<NormalizedPhone>): NormalizedPhone | null {
  if (!result.ok) throw new Error(`expected a valid number, got ${result.reason}`);
  return result.value;
}

describe('cleanText', () => {
  it('trims and collapses whitespace runs', () => {
    expect(cleanText('  Jean \t  Dupont\n ')).toEqual({ ok: true, value: 'Jean Dupont' });
    expect(cleanText('Société\u00a0\u00a0Générale')).toEqual({ ok: true, value: 'Société Générale' });
  });

  it('removes invisible characters left by copy-paste', () => {
    expect(cleanText('\ufeffAcme\u200b SAS')).toEqual({ ok: true, value: 'Acme SAS' });
  });

  it('enforces an optional maximum length', () => {
    expect(cleanText('Acme', { maxLength: 4 })).toEqual({ ok: true, value: 'Acme' });
    expect(cleanText('Acme SAS', { maxLength: 4 })).toEqual({ ok: false, reason: 'text.tooLong', params: { max: 4 } });
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['jean.dupont@acme.fr', 'jean.dupont@acme.fr'],
    ['  Jean.Dupont@ACME.fr ', 'jean.dupont@acme.fr'],
    ['mailto:contact@acme.fr', 'contact@acme.fr'],
    ['jean+crm@sub.acme.co.uk', 'jean+crm@sub.acme.co.uk'],
    ["o'brien@acme.ie", "o'brien@acme.ie"],
    ['élodie@café.fr', 'élodie@café.fr'],
  ])('accepts %p as %p', (raw, value) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    'jean.dupont',
    'jean@@acme.fr',
    'jean@acme@acme.fr',
    'jean dupont@acme.fr',
    '@acme.fr',
    '.jean@acme.fr',
    'jean..dupont@acme.fr',
    'jean.@acme.fr',
    `${'a'.repeat(65)}@acme.fr`,
  ])('refuses %p (format)', (raw) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, reason: 'email.format' });
  });

  it.each(['acme', 'acme.', 'acme..fr', '-acme.fr', 'acme.f', 'acme.123'])('refuses the domain %p', (domain) => {
    expect(normalizeEmail(`jean@${domain}`)).toEqual({ ok: false, reason: 'email.domain', params: { domain } });
  });

  it('says the domain is missing when nothing follows the "@"', () => {
    expect(normalizeEmail('assistante@')).toEqual({ ok: false, reason: 'email.noDomain' });
    expect(normalizeEmail(' assistante@ ')).toEqual({ ok: false, reason: 'email.noDomain' });
    expect(formatValidationMessage('email.noDomain')).toBe(
      'Il manque le domaine après « @ » : l’adresse doit être de la forme nom@domaine.fr.',
    );
  });

  it('refuses addresses over 254 characters', () => {
    const long = `jean@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.fr`;
    expect(long.length).toBeGreaterThan(254);
    expect(normalizeEmail(long)).toEqual({ ok: false, reason: 'email.tooLong' });
  });
});

describe('normalizeUrl', () => {
  it.each([
    ['www.acme.fr', 'https://www.acme.fr'],
    ['acme.fr', 'https://acme.fr'],
    ['  https://www.acme.fr/  ', 'https://www.acme.fr'],
    ['HTTP://WWW.Acme.FR/Contact', 'http://www.acme.fr/Contact'],
    ['acme.fr/evenements?annee=2025#top', 'https://acme.fr/evenements?annee=2025#top'],
    ['acme.fr:8080/admin', 'https://acme.fr:8080/admin'],
    ['//acme.fr', 'https://acme.fr'],
    ['localhost:3000', 'https://localhost:3000'],
    ['http://192.168.1.10/intranet', 'http://192.168.1.10/intranet'],
    ['café-paris.fr', 'https://xn--caf-paris-d4a.fr'],
  ])('accepts %p as %p', (raw, value) => {
    expect(normalizeUrl(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['ftp://acme.fr', 'ftp'],
    ['mailto:contact@acme.fr', 'mailto'],
    ['javascript:alert(1)', 'javascript'],
  ])('refuses %p: not http(s)', (raw, scheme) => {
    expect(normalizeUrl(raw)).toEqual({ ok: false, reason: 'url.scheme', params: { scheme } });
  });

  it.each(['acme', 'https://acme', 'www acme fr', 'https://', 'https://acme..fr', 'https://user:secret@acme.fr'])(
    'refuses %p',
    (raw) => {
      expect(normalizeUrl(raw)).toEqual({ ok: false, reason: 'url.format' });
    },
  );
});

describe('normalizeSocialUrl', () => {
  it.each([
    ['@acme', 'twitter', 'https://x.com/acme'],
    ['acme_events', 'twitter', 'https://x.com/acme_events'],
    ['https://twitter.com/acme', 'twitter', 'https://twitter.com/acme'],
    ['x.com/acme/', 'twitter', 'https://x.com/acme'],
    ['@acme', 'instagram', 'https://www.instagram.com/acme'],
    ['acme.paris', 'instagram', 'https://www.instagram.com/acme.paris'],
    ['instagram.com/acme.paris/', 'instagram', 'https://instagram.com/acme.paris'],
    ['@acmeevents', 'facebook', 'https://www.facebook.com/acmeevents'],
    ['http://fr-fr.facebook.com/acmeevents#about', 'facebook', 'https://fr-fr.facebook.com/acmeevents'],
    ['https://www.facebook.com/profile.php?id=100064', 'facebook', 'https://www.facebook.com/profile.php?id=100064'],
    ['jean-dupont', 'linkedin', 'https://www.linkedin.com/in/jean-dupont'],
    ['@jean-dupont', 'linkedin', 'https://www.linkedin.com/in/jean-dupont'],
    ['fr.linkedin.com/company/acme', 'linkedin', 'https://fr.linkedin.com/company/acme'],
    ['https://www.linkedin.com/in/jean-dupont/', 'linkedin', 'https://www.linkedin.com/in/jean-dupont'],
  ] as const)('accepts %p for %s as %p', (raw, network, value) => {
    expect(normalizeSocialUrl(raw, network)).toEqual({ ok: true, value });
  });

  it('refuses a URL of another site', () => {
    expect(normalizeSocialUrl('https://www.facebook.com/acme', 'linkedin')).toEqual({
      ok: false,
      reason: 'url.network',
      params: { network: 'LinkedIn', example: 'https://www.linkedin.com/in/jean-dupont' },
    });
    expect(normalizeSocialUrl('www.acme.fr', 'twitter')).toMatchObject({ ok: false, reason: 'url.network' });
    expect(normalizeSocialUrl('acme.fr', 'linkedin')).toMatchObject({ ok: false, reason: 'url.network' });
    // A look-alike domain is not the network.
    expect(normalizeSocialUrl('https://notfacebook.com/acme', 'facebook')).toMatchObject({
      ok: false,
      reason: 'url.network',
    });
  });

  it("refuses the network's home page", () => {
    expect(normalizeSocialUrl('https://www.instagram.com/', 'instagram')).toMatchObject({
      ok: false,
      reason: 'social.profile',
    });
    expect(normalizeSocialUrl('facebook.com', 'facebook')).toMatchObject({ ok: false, reason: 'social.profile' });
  });

  it('refuses an impossible account name', () => {
    expect(normalizeSocialUrl('@this_name_is_too_long', 'twitter')).toEqual({
      ok: false,
      reason: 'social.handle',
      params: { network: 'X (Twitter)', example: '@acme' },
    });
    expect(normalizeSocialUrl('acme events', 'instagram')).toMatchObject({ ok: false, reason: 'social.handle' });
  });
});

describe('phone country resolution', () => {
  it.each([
    ['FR', 'FR'],
    ['fr', 'FR'],
    ['France', 'FR'],
    ['Belgique', 'BE'],
    ['Belgium', 'BE'],
    ['Suisse', 'CH'],
    ['Allemagne', 'DE'],
    ['Germany', 'DE'],
    ['Espagne', 'ES'],
    ['Italie', 'IT'],
    ['Royaume-Uni', 'GB'],
    ['UK', 'GB'],
    ['Luxembourg', 'LU'],
    ['  la Réunion ', 'RE'],
    ['Pays-Bas', 'NL'],
    ['États-Unis', 'US'],
  ])('%p → %p', (country, code) => {
    expect(resolveCountryCode(country)).toBe(code);
  });

  it.each([
    ['DEU', 'DE'],
    ['CHE', 'CH'],
    ['GLP', 'GP'],
    ['civ', 'CI'],
    ['KOR', 'KR'],
    ['BLM', 'BL'],
    ['SPM', 'PM'],
    ['NCL', 'NC'],
    ['SXM', 'SX'],
    ['ATA', 'AQ'],
    ['ARE', 'AE'],
    ['Côte-d’Ivoire', 'CI'],
    ['Ivory Coast', 'CI'],
    ['Corée du Sud', 'KR'],
    ['South Korea', 'KR'],
    ['États-Unis d’Amérique', 'US'],
    ['United States', 'US'],
    ['Émirats arabes unis', 'AE'],
    ['The Netherlands', 'NL'],
    ['Deutschland', 'DE'],
    ['AQ', 'AQ'],
  ])('%p → %p (ISO 3166 codes and names)', (country, code) => {
    expect(resolveCountryCode(country)).toBe(code);
  });

  it('maps every ISO 3166 alpha-3 code to its alpha-2 code, in any case, and stores it by its French name', () => {
    const codes = Object.entries(getAlpha3Codes());
    expect(codes.length).toBeGreaterThanOrEqual(249);
    for (const [alpha3, alpha2] of codes) {
      expect([alpha3, resolveCountryCode(alpha3)]).toEqual([alpha3, alpha2]);
      expect([alpha3, resolveCountryCode(alpha3.toLowerCase())]).toEqual([alpha3, alpha2]);
      expect(normalizeCountry(alpha3)).toEqual(normalizeCountry(alpha2));
      expect(normalizeCountry(alpha3)).toMatchObject({ ok: true, value: expect.stringMatching(/^\p{Lu}/u) });
    }
  });

  it('reads a national number in France when the country has no numbering plan of its own', () => {
    expect(phoneDefaultCountry({ country: 'Antarctique' })).toBe('FR');
    expect(phoneDefaultCountry({ country: 'ATA' })).toBe('FR');
  });

  it('is not fooled by names of object properties', () => {
    expect(resolveCountryCode('constructor')).toBeNull();
  });

  it('returns null for an unknown country', () => {
    expect(resolveCountryCode('Atlantide')).toBeNull();
    expect(resolveCountryCode('XX')).toBeNull();
    expect(resolveCountryCode(null)).toBeNull();
  });

  it.each([
    ['97110', 'GP'],
    ['97200', 'MQ'],
    ['97300', 'GF'],
    ['97400', 'RE'],
    ['97500', 'PM'],
    ['97600', 'YT'],
    ['97133', 'BL'],
    ['97150', 'MF'],
    ['98800', 'NC'],
    ['75008', null],
    ['971', null],
  ])('postal code %p → %p', (postalCode, territory) => {
    expect(overseasTerritoryOfPostalCode(postalCode)).toBe(territory);
  });

  it('uses the overseas postal code only for French records, and defaults to France', () => {
    expect(phoneDefaultCountry({ country: 'France', postalCode: '97110' })).toBe('GP');
    expect(phoneDefaultCountry({ postalCode: '97400' })).toBe('RE');
    expect(phoneDefaultCountry({ country: 'Belgique', postalCode: '97110' })).toBe('BE');
    expect(phoneDefaultCountry({})).toBe('FR');
    expect(phoneDefaultCountry({ country: 'Atlantide' })).toBe('FR');
  });
});

describe('normalizePhone', () => {
  it('normalises a French mobile number', () => {
    expect(normalizePhone('06 12 34 56 78')).toEqual({
      ok: true,
      value: {
        e164: '+33612345678',
        national: '06 12 34 56 78',
        international: '+33 6 12 34 56 78',
        type: 'MOBILE',
        country: 'FR',
        extension: null,
        raw: '06 12 34 56 78',
      },
    });
  });

  it('tells mobile from fixed-line numbers', () => {
    expect(phoneValue(normalizePhone('07 81 23 45 67'))?.type).toBe('MOBILE');
    expect(phoneValue(normalizePhone('01 23 45 67 89'))?.type).toBe('FIXED_LINE');
    expect(phoneValue(normalizePhone('05 59 00 00 00'))?.type).toBe('FIXED_LINE');
    expect(phoneValue(normalizePhone('0 800 12 34 56'))?.type).toBe('TOLL_FREE');
  });

  it.each(['01.23.45.67.89', '01-23-45-67-89', '+33 1 23 45 67 89', '+33 (0)1 23 45 67 89', '0033 1 23 45 67 89'])(
    'reads the usual French spellings: %p',
    (raw) => {
      expect(phoneValue(normalizePhone(raw))?.e164).toBe('+33123456789');
    },
  );

  it('reads an overseas number with the territory of the postal code', () => {
    const value = phoneValue(normalizePhone('0590 27 12 34', { country: 'France', postalCode: '97110' }));
    expect(value).toMatchObject({ e164: '+590590271234', national: '0590 27 12 34', type: 'FIXED_LINE' });
    expect(phoneValue(normalizePhone('0262 12 34 56', { postalCode: '97400' }))?.e164).toBe('+262262123456');
  });

  it('still reads an overseas number dialled from metropolitan France (shared numbering plan)', () => {
    // Without the fallback, FR would read it as +33 5 90 27 12 34, which does not exist.
    expect(phoneValue(normalizePhone('0590 27 12 34', { country: 'France', postalCode: '75008' }))?.e164).toBe(
      '+590590271234',
    );
  });

  it('still reads a metropolitan mobile for an overseas record', () => {
    expect(phoneValue(normalizePhone('06 12 34 56 78', { postalCode: '97110' }))?.e164).toBe('+33612345678');
  });

  it("reads a national number in the record's country", () => {
    const fixed = phoneValue(normalizePhone('02 511 22 33', { country: 'Belgique' }));
    expect(fixed).toMatchObject({ e164: '+3225112233', national: '02 511 22 33', type: 'FIXED_LINE', country: 'BE' });
    const mobile = phoneValue(normalizePhone('0470 12 34 56', { country: 'Belgium' }));
    expect(mobile).toMatchObject({ e164: '+32470123456', type: 'MOBILE', international: '+32 470 12 34 56' });
    expect(phoneValue(normalizePhone('022 345 67 89', { country: 'Suisse' }))?.e164).toBe('+41223456789');
    expect(phoneValue(normalizePhone('030 1234567', { country: 'Allemagne' }))?.e164).toBe('+49301234567');
  });

  it('reads international numbers whatever the record country', () => {
    const value = phoneValue(normalizePhone('+32 2 511 22 33', { country: 'France' }));
    expect(value).toMatchObject({ e164: '+3225112233', country: 'BE' });
    expect(phoneValue(normalizePhone('+44 20 7946 0958'))?.country).toBe('GB');
  });

  it('keeps extensions, including the French "poste"', () => {
    expect(phoneValue(normalizePhone('01 23 45 67 89 poste 12'))).toMatchObject({
      e164: '+33123456789',
      extension: '12',
    });
    expect(phoneValue(normalizePhone('01 23 45 67 89 ext. 12'))?.extension).toBe('12');
  });

  it('refuses numbers too short or too long', () => {
    expect(normalizePhone('06 12 34')).toEqual({ ok: false, reason: 'phone.tooShort', params: { country: 'FR' } });
    expect(normalizePhone('1')).toMatchObject({ ok: false, reason: 'phone.tooShort' });
    expect(normalizePhone('06 12 34 56 78 9')).toEqual({
      ok: false,
      reason: 'phone.tooLong',
      params: { country: 'FR' },
    });
  });

  it('refuses a number outside the allocated ranges', () => {
    // Right length, but not allocated: 0590… is Guadeloupe's range (+590 590…), not +33 5 90….
    expect(normalizePhone('02 123 45 67', { country: 'BE' })).toEqual({
      ok: false,
      reason: 'phone.invalid',
      params: { country: 'BE' },
    });
    expect(normalizePhone('+33 5 90 27 12 34')).toMatchObject({ ok: false, reason: 'phone.invalid' });
  });

  it('refuses text and unknown calling codes', () => {
    expect(normalizePhone('ask the receptionist')).toEqual({ ok: false, reason: 'phone.format' });
    expect(normalizePhone('+999 1234 5678')).toEqual({ ok: false, reason: 'phone.country' });
  });

  it('restores the leading zero a spreadsheet dropped', () => {
    expect(restoreFrenchLeadingZero('612345678')).toBe('0612345678');
    expect(restoreFrenchLeadingZero(' 123456789 ')).toBe('0123456789');
    expect(restoreFrenchLeadingZero(612345678)).toBe('0612345678');
    expect(restoreFrenchLeadingZero('0612345678')).toBe('0612345678');
    expect(restoreFrenchLeadingZero('12345678')).toBe('12345678');
    expect(restoreFrenchLeadingZero('+33612345678')).toBe('+33612345678');
    expect(restoreFrenchLeadingZero(null)).toBeNull();
    expect(phoneValue(normalizePhone(restoreFrenchLeadingZero('612345678')))?.e164).toBe('+33612345678');
  });
});

describe('formatPhoneNational', () => {
  it('formats a stored E.164 number for display', () => {
    expect(formatPhoneNational('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhoneNational('+590590271234')).toBe('0590 27 12 34');
    expect(formatPhoneNational('+3225112233')).toBe('02 511 22 33');
  });

  it('shows foreign numbers internationally when given the home country', () => {
    expect(formatPhoneNational('+3225112233', { homeCountry: 'FR' })).toBe('+32 2 511 22 33');
    expect(formatPhoneNational('+33612345678', { homeCountry: 'FR' })).toBe('06 12 34 56 78');
    expect(formatPhoneNational('+590590271234', { homeCountry: 'FR' })).toBe('0590 27 12 34');
  });

  it('returns unparseable input unchanged', () => {
    expect(formatPhoneNational('not a number')).toBe('not a number');
  });
});

describe('blank input means "no value"', () => {
  it.each([null, undefined, '', '   '])('%p → null', (raw) => {
    const blank = { ok: true, value: null };
    expect(cleanText(raw)).toEqual(blank);
    expect(normalizeEmail(raw)).toEqual(blank);
    expect(normalizeUrl(raw)).toEqual(blank);
    expect(normalizeSocialUrl(raw, 'linkedin')).toEqual(blank);
    expect(normalizePhone(raw, { country: 'France' })).toEqual(blank);
  });
});

describe('normalizeCountry', () => {
  it('stores a country by its French name, whatever the case, accents, language or ISO code', () => {
    for (const v of ['France', 'FR', 'fra', '« france »', 'FRANCE'])
      expect(normalizeCountry(v)).toEqual({ ok: true, value: 'France' });
    expect(normalizeCountry('Germany')).toEqual({ ok: true, value: 'Allemagne' });
    expect(normalizeCountry('cote d ivoire')).toEqual({ ok: true, value: 'Côte d’Ivoire' });
    expect(normalizeCountry('  ')).toEqual({ ok: true, value: null });
  });

  it('refuses a country no name or code gives', () => {
    expect(normalizeCountry('Frnace')).toEqual({ ok: false, reason: 'country.unknown' });
  });
});

describe('normalizePostalCode', () => {
  it('wants 5 digits in France and its overseas territories, restoring the zero a spreadsheet dropped', () => {
    expect(normalizePostalCode('6000', 'France')).toEqual({ ok: true, value: '06000' });
    expect(normalizePostalCode('75 008', 'FR')).toEqual({ ok: true, value: '75008' });
    expect(normalizePostalCode('97110', 'Guadeloupe')).toEqual({ ok: true, value: '97110' });
    expect(normalizePostalCode('1000', null)).toEqual({ ok: true, value: '01000' });
    for (const bad of ['ABCDE', '75', '750089', '7500A']) {
      expect(normalizePostalCode(bad, 'France')).toEqual({ ok: false, reason: 'postalCode.french' });
    }
    expect(formatValidationMessage('postalCode.french')).toMatch(/5 chiffres/);
  });

  it('only cleans the postal codes of other countries', () => {
    expect(normalizePostalCode('1000', 'Belgique')).toEqual({ ok: true, value: '1000' });
    expect(normalizePostalCode('SW1A 1AA', 'Royaume-Uni')).toEqual({ ok: true, value: 'SW1A 1AA' });
  });
});
