import { loadConfig } from '../../config/env';
import { decryptSecret, encryptSecret } from './secrets';

describe('emailing secrets', () => {
  const cfg = loadConfig({ EMAILING_SECRET_KEY: 'ab'.repeat(32) });

  it('round-trips through AES-256-GCM with a fresh IV each time', () => {
    const a = encryptSecret(cfg, '{"apiKey":"xkeysib-123"}');
    const b = encryptSecret(cfg, '{"apiKey":"xkeysib-123"}');
    expect(a).toMatch(/^v1:/);
    expect(a).not.toEqual(b);
    expect(a).not.toContain('xkeysib');
    expect(decryptSecret(cfg, a)).toBe('{"apiKey":"xkeysib-123"}');
  });

  it('refuses a tampered value or another key', () => {
    const stored = encryptSecret(cfg, 'secret');
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret(cfg, `v1:${raw.toString('base64')}`)).toThrow();
    const other = loadConfig({ EMAILING_SECRET_KEY: 'cd'.repeat(32) });
    expect(() => decryptSecret(other, stored)).toThrow();
  });

  it('needs a 32-byte key, and one at all in production', () => {
    expect(() => loadConfig({ EMAILING_SECRET_KEY: 'short' })).toThrow(/EMAILING_SECRET_KEY: must be 64 hexadecimal/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/EMAILING_SECRET_KEY: required in production/);
    expect(loadConfig({ NODE_ENV: 'production', EMAILING_SECRET_KEY: 'ab'.repeat(32) }).EMAILING_SECRET_KEY).toBe(
      'ab'.repeat(32),
    );
  });
});
