/**
 * The HTTP client every adapter uses: JSON requests with the provider's auth headers, the
 * provider's error format turned into a readable reason, and rate limits handled by waiting
 * (429 with the provider's reset hint, else exponential backoff) before giving up.
 */
export type ProviderErrorKind =
  | 'auth'
  | 'not_found'
  | 'rate_limited'
  | 'bad_request'
  | 'server'
  /** Our server could not reach the provider (DNS, connection refused or reset). */
  | 'network'
  /** The provider did not answer in time. */
  | 'timeout';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    /** Shown to admins on the connection: the provider's own reason, never our URLs or secrets. */
    readonly reason: string,
    readonly status: number | null = null,
    /** The provider's name as people know it ("Brevo"). */
    readonly provider: string | null = null,
  ) {
    super(reason);
    this.name = 'ProviderError';
  }
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export interface HttpOptions {
  /** Shown in reasons ("Brevo: ..."). */
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
  retryBaseMs: number;
  maxRetries?: number;
  /** The reason the provider gives in an error response (its error format). */
  errorReason(res: ProviderResponse): string;
  /** Milliseconds the provider asks us to wait, from its rate-limit headers; null when it says nothing. */
  waitHint?(headers: Headers, status: number): number | null;
  /** JSON reader; Mailjet's needs to keep big integer ids exact. */
  parseJson?(text: string): unknown;
}

const MAX_WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ProviderHttp {
  private pauseUntil = 0;
  /** Requests made, for the job's counts. */
  requests = 0;
  rateLimited = 0;

  constructor(private readonly opts: HttpOptions) {}

  get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.send<T>('GET', path, query);
  }

  /**
   * Any method (deletions are DELETE or POST without a body); retried on 429 and 502–504 like a
   * read, which is safe for the idempotent deletions adapters make.
   */
  async send<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    const url = new URL(this.opts.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const maxRetries = this.opts.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const pause = this.pauseUntil - Date.now();
      if (pause > 0) await sleep(Math.min(pause, MAX_WAIT_MS));
      const res = await this.fetch(url, method);
      const hint = this.opts.waitHint?.(res.headers, res.status) ?? null;
      if (res.status === 429 || (res.status >= 502 && res.status <= 504)) {
        if (res.status === 429) this.rateLimited++;
        if (attempt >= maxRetries) {
          throw new ProviderError(
            res.status === 429 ? 'rate_limited' : 'server',
            `${this.opts.name}: ${res.status} ${this.reason(res)}`,
            res.status,
            this.opts.name,
          );
        }
        await sleep(Math.min(hint ?? this.opts.retryBaseMs * 2 ** attempt, MAX_WAIT_MS));
        continue;
      }
      // The provider says the quota is spent although this call passed: wait before the next one.
      if (hint !== null) this.pauseUntil = Date.now() + hint;
      if (res.status >= 200 && res.status < 300) return res.body as T;
      const kind =
        res.status === 401 || res.status === 403
          ? 'auth'
          : res.status === 404
            ? 'not_found'
            : res.status >= 500
              ? 'server'
              : 'bad_request';
      throw new ProviderError(kind, `${this.opts.name}: ${res.status} ${this.reason(res)}`, res.status, this.opts.name);
    }
  }

  private reason(res: ProviderResponse): string {
    try {
      return this.opts.errorReason(res).slice(0, 500) || 'no reason given';
    } catch {
      return 'no reason given';
    }
  }

  private async fetch(url: URL, method: string): Promise<ProviderResponse> {
    this.requests++;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...this.opts.headers },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      const timedOut = (err as Error).name === 'TimeoutError' || cause === 'UND_ERR_CONNECT_TIMEOUT';
      throw new ProviderError(
        timedOut ? 'timeout' : 'network',
        `${this.opts.name}: ${timedOut ? 'timeout' : 'unreachable'} (${cause})`,
        null,
        this.opts.name,
      );
    }
    const text = await res.text();
    let body: unknown = null;
    if (text && /json/.test(res.headers.get('content-type') ?? '')) {
      try {
        body = (this.opts.parseJson ?? JSON.parse)(text);
      } catch {
        body = null;
      }
    }
    return { status: res.status, headers: res.headers, body, text };
  }
}

/** Reads a JSON text keeping integers beyond 2^53 exact (Mailjet message ids): big ones become strings. */
export function parseJsonBigIds(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
