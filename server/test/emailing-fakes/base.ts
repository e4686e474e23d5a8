import { createHash } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * In-process fakes of the emailing providers' APIs (../shared/emailing-providers.md), on port 0.
 * Each fake renders the same dataset in its provider's shapes (paths, auth, paging, errors,
 * 429) and logs every request so tests can check what the adapter asked.
 */
export interface FakeRecipient {
  email: string;
  opens?: number;
  clicks?: number;
  unsubscribed?: boolean;
  hardBounce?: boolean;
}

export interface FakeCampaign {
  id: string;
  name: string;
  sentAt: Date;
  recipients: FakeRecipient[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
}

export interface FakeState {
  campaigns: FakeCampaign[];
  /** Credentials the fake accepts (provider-specific meaning). */
  credentials: Record<string, string>;
  /** The next N requests get the provider's 429. */
  rateLimitNext: number;
  /** Requests whose path matches get a 500 (to interrupt a sync). */
  failPath: RegExp | null;
  /** Requests whose path matches get a bare 404, as a route the host does not serve (a wrong base URL). */
  missingPath: RegExp | null;
  /** Largest page the fake returns, whatever was asked (forces paging in tests). */
  pageCap: number;
  /** Every answer waits this long (a slow provider). */
  delayMs: number;
  /** Addresses the provider holds besides the campaigns' recipients (an audience never mailed). */
  contacts: string[];
  /** Addresses deleted through the API (GDPR erasure), lower case. */
  deleted: string[];
  requests: LoggedRequest[];
}

export interface FakeProvider {
  url: string;
  state: FakeState;
  /** Requests made to paths matching the pattern. */
  hits(pattern: RegExp): LoggedRequest[];
  close(): Promise<void>;
}

export type FakeHandler = (req: LoggedRequest, state: FakeState) => FakeReply;

export interface FakeOptions {
  credentials: Record<string, string>;
  /** The provider's 429 answer. */
  tooMany: () => FakeReply;
  /** The provider's 500 answer. */
  serverError: () => FakeReply;
  /** Path prefix of the API on the fake (e.g. "/v3"). */
  prefix?: string;
  /** Other API versions on the same host (Mailjet's "/v4"): their paths are logged whole. */
  otherPrefixes?: string[];
}

export async function startFake(options: FakeOptions, handler: FakeHandler): Promise<FakeProvider> {
  const state: FakeState = {
    campaigns: [],
    credentials: { ...options.credentials },
    rateLimitNext: 0,
    failPath: null,
    missingPath: null,
    pageCap: 1000,
    delayMs: 0,
    contacts: [],
    deleted: [],
    requests: [],
  };
  const prefix = options.prefix ?? '';
  const other = (pathname: string) => options.otherPrefixes?.some((p) => pathname.startsWith(`${p}/`)) ?? false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const logged: LoggedRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(other(url.pathname) ? url.pathname : url.pathname.slice(prefix.length)),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    state.requests.push(logged);
    let reply: FakeReply;
    if (!url.pathname.startsWith(prefix) && !other(url.pathname))
      reply = { status: 404, body: { error: 'no such API' } };
    else if (state.rateLimitNext > 0) {
      state.rateLimitNext--;
      reply = options.tooMany();
    } else if (state.failPath?.test(logged.path)) reply = options.serverError();
    else if (state.missingPath?.test(logged.path)) reply = { status: 404, body: { error: 'no such API' } };
    else reply = handler(logged, state);
    const raw = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    setTimeout(() => {
      res.writeHead(reply.status, {
        ...(reply.raw === undefined && reply.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(raw);
    }, state.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    state,
    hits: (pattern) => state.requests.filter((r) => pattern.test(r.path)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Limit/offset paging with the provider's maximum, capped by the fake's page size. */
export function page<T>(rows: T[], query: Record<string, string>, names: [string, string], dflt: number, max: number) {
  const limit = Number(query[names[0]] ?? dflt);
  const offset = Number(query[names[1]] ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > max || !Number.isInteger(offset) || offset < 0) return null;
  return { rows: rows.slice(offset, offset + limit), total: rows.length, limit, offset };
}

export const capped = <T>(rows: T[], state: FakeState) => rows.slice(0, state.pageCap);

export const md5 = (s: string) => createHash('md5').update(s.toLowerCase()).digest('hex');

export function basicCredentials(req: LoggedRequest): [string, string] | null {
  const h = String(req.headers.authorization ?? '');
  if (!/^basic /i.test(h)) return null;
  const decoded = Buffer.from(h.slice(6), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : [decoded.slice(0, i), decoded.slice(i + 1)];
}

/** Every (campaign, recipient) pair for one email. */
export function sendsTo(state: FakeState, email: string) {
  return state.campaigns.flatMap((c) =>
    c.recipients.filter((r) => r.email.toLowerCase() === email.toLowerCase()).map((r) => ({ campaign: c, r })),
  );
}

/** Whether the provider holds this address (a recipient of a campaign or a contact), ignoring case. */
export function holds(state: FakeState, email: string): boolean {
  const e = email.toLowerCase();
  return (
    state.contacts.some((c) => c.toLowerCase() === e) ||
    state.campaigns.some((c) => c.recipients.some((r) => r.email.toLowerCase() === e))
  );
}

/** Deletes the address everywhere (contacts, campaign recipients) and records the deletion. */
export function deleteContact(state: FakeState, email: string): void {
  const e = email.toLowerCase();
  state.contacts = state.contacts.filter((c) => c.toLowerCase() !== e);
  for (const c of state.campaigns) c.recipients = c.recipients.filter((r) => r.email.toLowerCase() !== e);
  state.deleted.push(e);
}
