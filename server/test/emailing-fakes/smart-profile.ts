import { type FakeProvider, type FakeReply, startFake } from './base';

/** Smart Profile: follows the adapter's documented assumptions (no public API reference exists). */
const error = (status: number, message: string): FakeReply => ({ status, body: { error: { message } } });

export function startSmartProfileFake(apiKey = 'sp-key'): Promise<FakeProvider> {
  return startFake(
    {
      prefix: '/api',
      credentials: { apiKey },
      tooMany: () => ({ ...error(429, 'rate limit exceeded'), headers: { 'retry-after': '0' } }),
      serverError: () => error(500, 'internal error'),
    },
    (req, state) => {
      if (req.headers.authorization !== `Bearer ${state.credentials.apiKey}`) return error(401, 'invalid token');
      const pageNo = Number(req.query.page ?? 1);
      const limit = Math.min(Number(req.query.limit ?? 100), state.pageCap);
      const slice = <T>(rows: T[]) => ({
        rows: rows.slice((pageNo - 1) * limit, pageNo * limit),
        more: rows.length > pageNo * limit,
      });
      if (req.path === '/campaigns') {
        const after = req.query.sent_after ? new Date(req.query.sent_after) : null;
        const before = req.query.sent_before ? new Date(req.query.sent_before) : null;
        const { rows, more } = slice(
          state.campaigns.filter((c) => (!after || c.sentAt >= after) && (!before || c.sentAt <= before)),
        );
        return {
          status: 200,
          body: {
            campaigns: rows.map((c) => ({ id: c.id, name: c.name, sent_at: c.sentAt.toISOString() })),
            has_more: more,
          },
        };
      }
      const m = /^\/campaigns\/([^/]+)\/recipients$/.exec(req.path);
      const c = m && state.campaigns.find((x) => x.id === m[1]);
      if (!c) return error(404, 'not found');
      const { rows, more } = slice(c.recipients);
      return {
        status: 200,
        body: {
          recipients: rows.map((r) => ({
            email: r.email,
            opens: r.opens ?? 0,
            clicks: r.clicks ?? 0,
            unsubscribed: !!r.unsubscribed,
            hard_bounce: !!r.hardBounce,
          })),
          has_more: more,
        },
      };
    },
  );
}
