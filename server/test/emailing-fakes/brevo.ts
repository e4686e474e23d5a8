import { type FakeProvider, type FakeReply, capped, deleteContact, holds, page, sendsTo, startFake } from './base';

/** Brevo v3: `api-key` header, `{code, message}` errors, `x-sib-ratelimit-*` headers. */
const limitHeaders = (remaining: number) => ({
  'x-sib-ratelimit-limit': '10',
  'x-sib-ratelimit-remaining': String(remaining),
  'x-sib-ratelimit-reset': '1',
});
const err = (status: number, code: string, message: string): FakeReply => ({
  status,
  headers: limitHeaders(9),
  body: { code, message },
});
const DAY = 86_400_000;

export function startBrevoFake(apiKey = 'xkeysib-good'): Promise<FakeProvider> {
  return startFake(
    {
      prefix: '/v3',
      credentials: { apiKey },
      tooMany: () => ({
        status: 429,
        headers: limitHeaders(0),
        body: { code: 'too_many_requests', message: 'Too many requests' },
      }),
      serverError: () => err(500, 'internal_error', 'Internal error'),
    },
    (req, state) => {
      const key = req.headers['api-key'];
      if (!key) return err(401, 'unauthorized', 'authentication not found in headers');
      if (key !== state.credentials.apiKey) return err(401, 'unauthorized', 'Key not found');
      const ok = (body: unknown): FakeReply => ({ status: 200, headers: limitHeaders(9), body });
      const toCampaign = (c: (typeof state.campaigns)[number]) => ({
        id: Number(c.id),
        name: c.name,
        subject: `Subject of ${c.name}`,
        type: 'classic',
        status: 'sent',
        sentDate: c.sentAt.toISOString(),
        createdAt: new Date(c.sentAt.getTime() - DAY).toISOString(),
        modifiedAt: c.sentAt.toISOString(),
        statistics: { globalStats: { sent: c.recipients.length } },
      });
      // DELETE /contacts/{identifier} (URL-encoded e-mail): 204 without a body, 404 when unknown.
      const erase = req.method === 'DELETE' && /^\/contacts\/([^/]+)$/.exec(req.path);
      if (erase) {
        if (!holds(state, erase[1])) return err(404, 'document_not_found', 'Contact does not exist');
        deleteContact(state, erase[1]);
        return { status: 204, headers: limitHeaders(9) };
      }
      if (req.path === '/account') return ok({ email: 'owner@example.com', companyName: 'Agency' });
      if (req.path === '/emailCampaigns') {
        const { startDate, endDate } = req.query;
        if (!!startDate !== !!endDate) return err(400, 'missing_parameter', 'startDate and endDate go together');
        const p = page(
          state.campaigns
            .filter((c) => !startDate || (c.sentAt >= new Date(startDate) && c.sentAt <= new Date(endDate)))
            .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime()),
          req.query,
          ['limit', 'offset'],
          50,
          100,
        );
        if (!p) return err(400, 'out_of_range', 'limit must be between 1 and 100');
        return ok({ count: p.total, campaigns: capped(p.rows, state).map(toCampaign) });
      }
      const one = /^\/emailCampaigns\/(\d+)$/.exec(req.path);
      if (one) {
        const c = state.campaigns.find((x) => x.id === one[1]);
        return c ? ok(toCampaign(c)) : err(404, 'document_not_found', 'Campaign does not exist');
      }
      const stats = /^\/contacts\/([^/]+)\/campaignStats$/.exec(req.path);
      if (stats) {
        const email = stats[1];
        const { startDate, endDate } = req.query;
        if (!!startDate !== !!endDate) return err(400, 'invalid_parameter', 'startDate and endDate go together');
        const end = endDate ? new Date(`${endDate}T23:59:59.999Z`) : new Date();
        const start = startDate ? new Date(`${startDate}T00:00:00.000Z`) : new Date(end.getTime() - 90 * DAY);
        if (end.getTime() - start.getTime() > 91 * DAY) return err(400, 'out_of_range', 'Maximum range is 90 days');
        const all = sendsTo(state, email);
        if (!all.length) return err(404, 'document_not_found', 'Contact does not exist');
        const sends = all.filter(({ campaign }) => campaign.sentAt >= start && campaign.sentAt <= end);
        const at = (c: { sentAt: Date }, minutes: number) =>
          new Date(c.sentAt.getTime() + minutes * 60_000).toISOString();
        return ok({
          messagesSent: sends.map(({ campaign }) => ({ campaignId: Number(campaign.id), eventTime: at(campaign, 0) })),
          delivered: sends
            .filter(({ r }) => !r.hardBounce)
            .map(({ campaign }) => ({ campaignId: Number(campaign.id), eventTime: at(campaign, 1) })),
          opened: sends
            .filter(({ r }) => r.opens)
            .map(({ campaign, r }) => ({
              campaignId: Number(campaign.id),
              count: r.opens,
              eventTime: at(campaign, 60),
              ip: '203.0.113.9',
            })),
          clicked: sends
            .filter(({ r }) => r.clicks)
            .map(({ campaign, r }) => ({
              campaignId: Number(campaign.id),
              links: [
                { count: r.clicks, eventTime: at(campaign, 61), ip: '203.0.113.9', url: 'https://example.com/salon' },
              ],
            })),
          hardBounces: sends
            .filter(({ r }) => r.hardBounce)
            .map(({ campaign }) => ({ campaignId: Number(campaign.id), eventTime: at(campaign, 1) })),
          softBounces: [],
          unsubscriptions: {
            userUnsubscription: sends
              .filter(({ r }) => r.unsubscribed)
              .map(({ campaign }) => ({ campaignId: Number(campaign.id), eventTime: at(campaign, 120) })),
            adminUnsubscription: [],
          },
        });
      }
      return err(404, 'document_not_found', 'Not found');
    },
  );
}
