import {
  frenchVatFromSiren,
  frenchVatKey,
  isLuhnValid,
  normalizeApe,
  normalizeSiren,
  normalizeSiret,
  normalizeVat,
} from './french-ids';
import { formatValidationMessage, validationMessages } from './messages';

describe('normalizeSiren', () => {
  it.each([
    ['732829320', '732829320'],
    ['732 829 320', '732829320'],
    ['732.829.320', '732829320'],
    ['732-829-320', '732829320'],
    ['\u00a0552\u202f100\u202f554 ', '552100554'], // non-breaking and narrow no-break spaces
    [443061841, '443061841'], // a spreadsheet cell holding a number
    ['356000000', '356000000'], // La Poste
  ])('accepts %p as %p', (raw, value) => {
    expect(normalizeSiren(raw)).toEqual({ ok: true, value });
  });

  it('refuses a wrong check digit', () => {
    expect(normalizeSiren('732829321')).toEqual({ ok: false, reason: 'siren.checksum' });
  });

  it.each(['73282932', '7328293200', '73282932A', '73282932000074'])('refuses %p: not 9 digits', (raw) => {
    expect(normalizeSiren(raw)).toEqual({ ok: false, reason: 'siren.format' });
  });
});

describe('normalizeSiret', () => {
  it('accepts a valid SIRET and strips separators', () => {
    expect(normalizeSiret('73282932000074')).toEqual({ ok: true, value: '73282932000074' });
    expect(normalizeSiret('732 829 320 00074')).toEqual({ ok: true, value: '73282932000074' });
    expect(normalizeSiret('732.829.320-00074')).toEqual({ ok: true, value: '73282932000074' });
  });

  it('computes Luhn from the right over the 14 digits', () => {
    expect(isLuhnValid('73282932000074')).toBe(true);
    expect(isLuhnValid('73282932000079')).toBe(false);
    expect(normalizeSiret('73282932000079')).toEqual({ ok: false, reason: 'siret.checksum' });
  });

  it('refuses a SIRET whose first 9 digits are not a valid SIREN even when the 14 digits pass Luhn', () => {
    expect(isLuhnValid('73282932100072')).toBe(true);
    expect(normalizeSiret('73282932100072')).toEqual({
      ok: false,
      reason: 'siret.sirenChecksum',
      params: { siren: '732829321' },
    });
  });

  it.each(['7328293200007', '732829320000741', '7328293200007A', '732829320'])('refuses %p: not 14 digits', (raw) => {
    expect(normalizeSiret(raw)).toEqual({ ok: false, reason: 'siret.format' });
  });

  describe('La Poste (SIREN 356 000 000): digit sum multiple of 5', () => {
    it('accepts 35600000000001 (sum 15) although it fails Luhn', () => {
      expect(isLuhnValid('35600000000001')).toBe(false);
      expect(normalizeSiret('35600000000001')).toEqual({ ok: true, value: '35600000000001' });
      expect(normalizeSiret('356 000 000 49837')).toEqual({ ok: true, value: '35600000049837' });
    });

    it('accepts the head office 35600000000048, which satisfies Luhn', () => {
      expect(normalizeSiret('35600000000048')).toEqual({ ok: true, value: '35600000000048' });
    });

    it.each(['35600000000002', '35600000012345'])('refuses %p (sum not a multiple of 5, no Luhn)', (raw) => {
      expect(normalizeSiret(raw)).toEqual({ ok: false, reason: 'siret.checksum' });
    });

    it('does not extend the exception to other companies', () => {
      // Digit sum 35, a multiple of 5, but not La Poste and not Luhn-valid.
      expect(normalizeSiret('73282932000075')).toEqual({ ok: false, reason: 'siret.checksum' });
    });
  });
});

describe('normalizeVat', () => {
  describe('France', () => {
    it('computes the key from the SIREN', () => {
      expect(frenchVatKey('732829320')).toBe('44');
      expect(frenchVatFromSiren('732829320')).toBe('FR44732829320');
      expect(frenchVatKey('443061841')).toBe('64');
      // Keys below 10 are zero-padded: (12 + 3 × (552100653 mod 97)) mod 97 = 5.
      expect(frenchVatKey('552100653')).toBe('05');
      expect(normalizeVat('FR05552100653')).toEqual({ ok: true, value: 'FR05552100653' });
      expect(normalizeVat('FR5552100653')).toMatchObject({ ok: false, reason: 'vat.countryFormat' });
    });

    it.each([
      ['FR44732829320', 'FR44732829320'],
      ['fr 44 732 829 320', 'FR44732829320'],
      ['FR-44.732.829.320', 'FR44732829320'],
      ['FR64443061841', 'FR64443061841'],
    ])('accepts %p as %p', (raw, value) => {
      expect(normalizeVat(raw)).toEqual({ ok: true, value });
    });

    it('refuses a wrong numeric key and names the right one', () => {
      const result = normalizeVat('FR45732829320');
      expect(result).toEqual({
        ok: false,
        reason: 'vat.key',
        params: { key: '44', expected: 'FR44732829320' },
      });
      if (result.ok) throw new Error('unreachable');
      expect(formatValidationMessage(result.reason, result.params)).toBe(
        'Clé de TVA incorrecte : pour ce SIREN la clé est 44 (FR44732829320).',
      );
      expect(formatValidationMessage(result.reason, result.params, 'en')).toBe(
        'Wrong VAT key: for this SIREN the key is 44 (FR44732829320).',
      );
    });

    it('accepts the newer alphanumeric keys by format', () => {
      expect(normalizeVat('FR K7 732 829 320')).toEqual({ ok: true, value: 'FRK7732829320' });
      expect(normalizeVat('FR4A732829320')).toEqual({ ok: true, value: 'FR4A732829320' });
    });

    it('refuses the letters I and O in a key (not in the key alphabet)', () => {
      expect(normalizeVat('FRIO732829320')).toMatchObject({ ok: false, reason: 'vat.countryFormat' });
    });

    it('refuses an embedded SIREN that fails Luhn', () => {
      expect(normalizeVat('FR44732829321')).toEqual({ ok: false, reason: 'vat.siren', params: { siren: '732829321' } });
      expect(normalizeVat('FRK7732829321')).toMatchObject({ ok: false, reason: 'vat.siren' });
    });

    it.each(['FR4473282932', 'FR447328293200', 'FR44 732 829 32A'])('refuses the malformed %p', (raw) => {
      expect(normalizeVat(raw)).toEqual({
        ok: false,
        reason: 'vat.countryFormat',
        params: { country: 'FR', example: 'FR44732829320' },
      });
    });

    it("checks the VAT number against the record's SIREN or SIRET", () => {
      expect(normalizeVat('FR44732829320', { siren: '732829320' })).toEqual({ ok: true, value: 'FR44732829320' });
      expect(normalizeVat('FR44732829320', { siren: '732 829 320 00074' })).toEqual({
        ok: true,
        value: 'FR44732829320',
      });
      expect(normalizeVat('FR44732829320', { siren: '443061841' })).toEqual({
        ok: false,
        reason: 'vat.sirenMismatch',
        params: { vatSiren: '732829320', siren: '443061841' },
      });
      expect(normalizeVat('FRK7732829320', { siren: '44306184100015' })).toMatchObject({
        ok: false,
        reason: 'vat.sirenMismatch',
      });
    });

    it("ignores a missing or malformed record SIREN (the record's own validation reports it)", () => {
      expect(normalizeVat('FR44732829320', { siren: null })).toEqual({ ok: true, value: 'FR44732829320' });
      expect(normalizeVat('FR44732829320', { siren: '1234' })).toEqual({ ok: true, value: 'FR44732829320' });
    });
  });

  describe('other countries, by format', () => {
    it.each([
      ['ATU12345678', 'ATU12345678'],
      ['BE 0123.456.789', 'BE0123456789'],
      ['BE1234567890', 'BE1234567890'],
      ['BG123456789', 'BG123456789'],
      ['BG1234567890', 'BG1234567890'],
      ['CY12345678L', 'CY12345678L'],
      ['CZ12345678', 'CZ12345678'],
      ['CZ1234567890', 'CZ1234567890'],
      ['DE 123 456 789', 'DE123456789'],
      ['DK12345678', 'DK12345678'],
      ['EE123456789', 'EE123456789'],
      ['EL123456789', 'EL123456789'],
      ['ESA1234567B', 'ESA1234567B'],
      ['ES12345678Z', 'ES12345678Z'],
      ['FI12345678', 'FI12345678'],
      ['HR12345678901', 'HR12345678901'],
      ['HU12345678', 'HU12345678'],
      ['IE1234567WA', 'IE1234567WA'],
      ['IE1234567T', 'IE1234567T'],
      ['IE8Z49289F', 'IE8Z49289F'],
      ['IT12345678901', 'IT12345678901'],
      ['LT123456789', 'LT123456789'],
      ['LT123456789012', 'LT123456789012'],
      ['LU12345678', 'LU12345678'],
      ['LV12345678901', 'LV12345678901'],
      ['MT12345678', 'MT12345678'],
      ['nl123456789b01', 'NL123456789B01'],
      ['PL1234567890', 'PL1234567890'],
      ['PT123456789', 'PT123456789'],
      ['RO12', 'RO12'],
      ['RO1234567890', 'RO1234567890'],
      ['SE123456789001', 'SE123456789001'],
      ['SI12345678', 'SI12345678'],
      ['SK1234567890', 'SK1234567890'],
      ['XI123456789', 'XI123456789'],
      ['XI123456789012', 'XI123456789012'],
      ['XIGD123', 'XIGD123'],
      ['XIHA123', 'XIHA123'],
      ['GB 123 4567 89', 'GB123456789'],
      ['GB123456789012', 'GB123456789012'],
      ['CHE-123.456.789', 'CHE123456789'],
      ['CHE-123.456.789 MWST', 'CHE123456789MWST'],
      ['CHE-123.456.789 TVA', 'CHE123456789TVA'],
      ['CHE123456789IVA', 'CHE123456789IVA'],
    ])('accepts %p as %p', (raw, value) => {
      expect(normalizeVat(raw)).toEqual({ ok: true, value });
    });

    it('rewrites the ISO code GR to EL, the prefix Greece uses for VAT', () => {
      expect(normalizeVat('GR123456789')).toEqual({ ok: true, value: 'EL123456789' });
    });

    it.each([
      ['AT12345678', 'AT', 'ATU12345678'],
      ['BE2123456789', 'BE', 'BE0123456789'],
      ['DE12345678', 'DE', 'DE123456789'],
      ['NL123456789A01', 'NL', 'NL123456789B01'],
      ['IT1234567890', 'IT', 'IT12345678901'],
      ['SE1234567890', 'SE', 'SE123456789001'],
      ['CHE12345678', 'CHE', 'CHE123456789MWST'],
      ['CHE123456789VAT', 'CHE', 'CHE123456789MWST'],
    ])('refuses the malformed %p with an example', (raw, country, example) => {
      expect(normalizeVat(raw)).toEqual({ ok: false, reason: 'vat.countryFormat', params: { country, example } });
    });

    it('refuses an unknown country prefix', () => {
      expect(normalizeVat('US123456789')).toEqual({ ok: false, reason: 'vat.country', params: { country: 'US' } });
      expect(normalizeVat('ZZ123')).toEqual({ ok: false, reason: 'vat.country', params: { country: 'ZZ' } });
    });

    it('refuses a number without a country prefix', () => {
      expect(normalizeVat('44732829320')).toEqual({ ok: false, reason: 'vat.format' });
    });
  });
});

describe('normalizeApe', () => {
  it.each(['62.01Z', '6201Z', '6201 z', '62.01z', ' 62 01 Z '])('stores %p as 62.01Z', (raw) => {
    expect(normalizeApe(raw)).toEqual({ ok: true, value: '62.01Z' });
  });

  it('accepts any code of the right shape (no frozen NAF list)', () => {
    expect(normalizeApe('9999Y')).toEqual({ ok: true, value: '99.99Y' });
  });

  it.each(['6201', '620Z', '62011Z', 'Z6201', '62.01ZZ', '62,01Z'])('refuses %p', (raw) => {
    expect(normalizeApe(raw)).toEqual({ ok: false, reason: 'ape.format' });
  });
});

describe('blank input means "no value"', () => {
  it.each([null, undefined, '', '   ', '\t\n'])('%p → null', (raw) => {
    expect(normalizeSiren(raw)).toEqual({ ok: true, value: null });
    expect(normalizeSiret(raw)).toEqual({ ok: true, value: null });
    expect(normalizeVat(raw)).toEqual({ ok: true, value: null });
    expect(normalizeApe(raw)).toEqual({ ok: true, value: null });
  });
});

describe('messages', () => {
  it('has a French and an English text for every reason', () => {
    for (const [reason, texts] of Object.entries(validationMessages)) {
      expect({ reason, fr: texts.fr.length > 0, en: texts.en.length > 0 }).toEqual({ reason, fr: true, en: true });
    }
  });

  it('leaves unknown placeholders visible', () => {
    expect(formatValidationMessage('siret.sirenChecksum')).toContain('{siren}');
  });
});
