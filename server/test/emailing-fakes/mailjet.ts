import {
  type FakeProvider,
  type FakeReply,
  basicCredentials,
  capped,
  deleteContact,
  holds,
  page,
  startFake,
} from './base';

/**
 * Mailjet v3 REST: Basic apiKey:secretKey, `{Count, Data, Total}` envelopes, `Limit` (default
 * 10, max 1000) / `Offset`, 401 with an empty text/html body, message ids beyond 2^53 (emitted
 * unquoted, as the real API does).
 */
const BIG_BASE = 19421777835146490n;
const notFound: FakeReply = { status: 404, body: { ErrorInfo: '', ErrorMessage: 'Object not found', StatusCode: 404 } };
const unix = (d: Date) => Math.floor(d.getTime() / 1000);
const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** JSON with `"__big:N"` strings turned into bare integers. */
const withBigInts = (body: unknown) => JSON.stringify(body).replace(/"__big:(\d+)"/g, '$1');

export function contactIdOf(email: string): number {
  let h = 0;
  for (const ch of email.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000;
  return 250_000_000 + h;
}

export function startMailjetFake(apiKey = 'mj-key', secretKey = 'mj-secret'): Promise<FakeProvider> {
  return startFake(
    {
      prefix: '/v3/REST',
      otherPrefixes: ['/v4'],
      credentials: { apiKey, secretKey },
      tooMany: () => ({ status: 429, body: { ErrorInfo: '', ErrorMessage: 'Too many requests', StatusCode: 429 } }),
      serverError: () => ({
        status: 500,
        body: { ErrorInfo: '', ErrorMessage: 'Internal Server Error', StatusCode: 500 },
      }),
    },
    (req, state) => {
      const creds = basicCredentials(req);
      if (!creds || creds[0] !== state.credentials.apiKey || creds[1] !== state.credentials.secretKey)
        return {
          status: 401,
          headers: { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="Provide an apiKey and secretKey"' },
          raw: '',
        };
      const list = (rows: unknown[]): FakeReply => {
        const p = page(rows, req.query, ['Limit', 'Offset'], 10, 1000);
        if (!p) return { status: 400, body: { ErrorInfo: '', ErrorMessage: 'Invalid Limit', StatusCode: 400 } };
        const data = capped(p.rows, state);
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          raw: withBigInts({ Count: data.length, Data: data, Total: p.total }),
        };
      };
      const from = req.query.FromTS ? Number(req.query.FromTS) : null;
      const to = req.query.ToTS ? Number(req.query.ToTS) : null;
      const inWindow = (d: Date) => (from === null || unix(d) >= from) && (to === null || unix(d) <= to);
      const byCampaign = (id: string) => state.campaigns.find((c) => c.id === id);
      switch (req.path) {
        case '/campaign':
          return list(
            state.campaigns
              .filter((c) => inWindow(c.sentAt))
              .map((c) => ({
                ID: Number(c.id),
                CampaignType: 2,
                CreatedAt: rfc3339(c.sentAt),
                SendStartAt: rfc3339(c.sentAt),
                SendEndAt: rfc3339(new Date(c.sentAt.getTime() + 300_000)),
                Subject: `Subject of ${c.name}`,
                NewsLetterID: Number(c.id) + 1000,
                FromEmail: 'events@example.com',
                IsDeleted: false,
                IsStarred: false,
              })),
          );
        case '/message': {
          const c = byCampaign(req.query.Campaign);
          return list(
            (c?.recipients ?? []).map((r, i) => ({
              ID: `__big:${BIG_BASE + BigInt(Number(c!.id) * 1000 + i)}`,
              CampaignID: Number(c!.id),
              ContactID: contactIdOf(r.email),
              ...(req.query.ShowContactAlt === 'true' ? { ContactAlt: r.email } : {}),
              ArrivedAt: rfc3339(c!.sentAt),
              Status: r.hardBounce
                ? 'hardbounced'
                : r.unsubscribed
                  ? 'unsub'
                  : r.clicks
                    ? 'clicked'
                    : r.opens
                      ? 'opened'
                      : 'sent',
              StatePermanent: !!r.hardBounce,
            })),
          );
        }
        case '/openinformation':
        case '/clickstatistics': {
          const c = byCampaign(req.query.CampaignID);
          // Without FromTS the logs cover the current day only: past sends show nothing.
          if (!c || from === null || !inWindow(c.sentAt)) return list([]);
          const opens = req.path === '/openinformation';
          return list(
            c.recipients.flatMap((r, i) =>
              Array.from({ length: (opens ? r.opens : r.clicks) ?? 0 }, (_, k) => ({
                ...(opens
                  ? {
                      ArrivedAt: rfc3339(c.sentAt),
                      OpenedAt: rfc3339(c.sentAt),
                      UserAgentFull: '',
                      CampaignID: Number(c.id),
                    }
                  : {
                      ClickedAt: rfc3339(c.sentAt),
                      ClickedDelay: 60 + k,
                      Url: 'https://example.com/salon',
                      ID: k + 1,
                    }),
                ContactID: contactIdOf(r.email),
                MessageID: `__big:${BIG_BASE + BigInt(Number(c.id) * 1000 + i)}`,
                UserAgentID: 1675,
              })),
            ),
          );
        }
      }
      // GET /contact/{email} → the contact's ID; DELETE /v4/contacts/{ID} is the GDPR deletion.
      const contact = req.method === 'GET' && /^\/contact\/([^/]+@[^/]+)$/.exec(req.path);
      if (contact) {
        if (!holds(state, contact[1])) return notFound;
        return list([{ ID: contactIdOf(contact[1]), Email: contact[1].toLowerCase(), IsExcludedFromCampaigns: false }]);
      }
      const v4 = req.method === 'DELETE' && /^\/v4\/contacts\/(\d+)$/.exec(req.path);
      if (v4) {
        const held = [...state.contacts, ...state.campaigns.flatMap((c) => c.recipients.map((r) => r.email))];
        const email = held.find((e) => contactIdOf(e) === Number(v4[1]));
        if (!email) return notFound;
        deleteContact(state, email);
        return { status: 200, raw: '' };
      }
      const draft = /^\/campaigndraft\/(\d+)$/.exec(req.path);
      if (draft) {
        const c = state.campaigns.find((x) => Number(x.id) + 1000 === Number(draft[1]));
        return c
          ? list([{ ID: Number(draft[1]), Title: c.name, CampaignID: Number(c.id), Subject: `Subject of ${c.name}` }])
          : notFound;
      }
      return notFound;
    },
  );
}
