import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../../config/env';

/**
 * AES-256-GCM for provider credentials at rest. Stored as `v1:<base64(iv | tag | ciphertext)>`
 * so a later key rotation can tell formats apart. Outside production a fixed development key
 * is used when EMAILING_SECRET_KEY is unset (config refuses to start production without it).
 */
// Hex of "dev-emailing-key-not-for-product".
const DEV_KEY = '6465762d656d61696c696e672d6b65792d6e6f742d666f722d70726f64756374';

function key(cfg: Config): Buffer {
  return Buffer.from(cfg.EMAILING_SECRET_KEY ?? DEV_KEY, 'hex');
}

export function encryptSecret(cfg: Config, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(cfg), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function decryptSecret(cfg: Config, stored: string): string {
  if (!stored.startsWith('v1:')) throw new Error('unknown secret format');
  const raw = Buffer.from(stored.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key(cfg), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
