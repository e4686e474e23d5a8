import { type FakeProvider, type FakeReply, deleteContact, holds, startFake } from './base';

/** Sarbacane v1: `accountId` + `apiKey` headers, NEED_* / API_KEY_UNAUTHORIZED errors, bare arrays, recipients by 1000. */
const error = (status: number, message: string): FakeReply => ({ status, body: { message } });

export function startSarbacaneFake(accountId = 'acc-1', apiKey = 'sb-key'): Promise<FakeProvider> {
  return startFake(
    {
      prefix: '/v1',
      credentials: { accountId, apiKey },
      tooMany: () => error(429, 'TOO_MANY_REQUESTS'),
      serverError: () => error(500, 'INTERNAL_SERVER_ERROR'),
    },
    (req, state) => {
      if (!req.headers.accountid) return error(401, 'NEED_ACCOUNT_ID');
      if (!req.headers.apikey) return error(401, 'NEED_API_KEY');
      if (req.headers.accountid !== state.credentials.accountId || req.headers.apikey !== state.credentials.apiKey)
        return error(401, 'API_KEY_UNAUTHORIZED');
      const offset = Number(req.query.offset ?? 0);
      // Two lists; every address the fake holds is in the first one only.
      if (req.path === '/lists') {
        const limit = Number(req.query.limit ?? 50);
        if (limit < 1 || limit > 1000) return error(400, 'INVALID_LIMIT');
        const lists = [
          { id: 'z2P3eXaMQUq9-kIL3wV1Cg', name: 'Contacts', kind: 'NORMAL', count: 1 },
          { id: 'eT060sIaSPee0dAYqBiL8A', name: 'Salon', kind: 'NORMAL', count: 0 },
        ];
        return { status: 200, body: lists.slice(offset, offset + limit) };
      }
      const erase = req.method === 'DELETE' && /^\/lists\/([^/]+)\/contacts$/.exec(req.path);
      if (erase) {
        const email = req.query.email ?? '';
        if (erase[1] !== 'z2P3eXaMQUq9-kIL3wV1Cg' || !holds(state, email)) return error(404, 'CONTACT_NOT_FOUND');
        deleteContact(state, email);
        return { status: 200 };
      }
      if (req.path === '/campaigns') {
        const limit = Number(req.query.limit ?? 50);
        if (limit < 1 || limit > 1000) return error(400, 'INVALID_LIMIT');
        const rows = state.campaigns
          .filter(() => !req.query.state || req.query.state === 'FINISH')
          .map((c) => ({
            id: c.id,
            name: c.name,
            kind: 'EMAIL',
            state: 'FINISH',
            recipientsCount: c.recipients.length,
          }));
        // A bare array has no total: the client pages until a short page, so the fake honours `limit`.
        return { status: 200, body: rows.slice(offset, offset + limit) };
      }
      const m = /^\/reports\/([^/]+)(\/recipients)?$/.exec(req.path);
      const c = m && state.campaigns.find((x) => x.id === m[1]);
      if (!m || !c) return error(404, 'SERVICE_REPORTS_UNREACHABLE');
      if (!m[2])
        return {
          status: 200,
          body: [
            {
              date: c.sentAt.toISOString(),
              delivered: c.recipients.filter((r) => !r.hardBounce).length,
              opens: c.recipients.reduce((n, r) => n + (r.opens ?? 0), 0),
              clicks: c.recipients.reduce((n, r) => n + (r.clicks ?? 0), 0),
              unsubscribers: c.recipients.filter((r) => r.unsubscribed).length,
            },
          ],
        };
      return {
        status: 200,
        body: c.recipients.slice(offset, offset + 1000).map((r, i) => ({
          recipient: { email: r.email, fields: { CONTACT_ID: `c-${offset + i}` } },
          opens: r.opens ?? 0,
          clicks: r.clicks ?? 0,
          unsubscribe: !!r.unsubscribed,
          bounce: !!r.hardBounce,
          success: !r.hardBounce,
        })),
      };
    },
  );
}
