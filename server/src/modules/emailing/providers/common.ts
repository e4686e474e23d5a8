import type { ProviderResponse } from './http';

/** Seconds in a Retry-After header, as milliseconds (providers that send one on 429). */
export function retryAfterMs(headers: Headers): number | null {
  const v = headers.get('retry-after');
  if (!v) return null;
  const s = Number(v);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : null;
}

/** A date string or Unix seconds as a Date; null when empty or unreadable. */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const num = (v: unknown): number => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
};

export function messageField(res: ProviderResponse, ...fields: string[]): string {
  const body = res.body as Record<string, unknown> | null;
  if (body && typeof body === 'object') {
    const parts = fields.map((f) => body[f]).filter((v) => typeof v === 'string' && v);
    if (parts.length) return parts.join(' ');
  }
  return res.text.slice(0, 200).trim();
}

/** The body of a webhook as JSON; null when it is not. */
export function jsonBody(raw: string, parse: (t: string) => unknown = JSON.parse): unknown {
  try {
    return parse(raw);
  } catch {
    return null;
  }
}

export const asArray = (v: unknown): Record<string, unknown>[] =>
  (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []).filter(
    (x): x is Record<string, unknown> => !!x && typeof x === 'object',
  );
