import {
  type FakeProvider,
  type FakeReply,
  basicCredentials,
  capped,
  deleteContact,
  md5,
  page,
  startFake,
} from './base';

/** Mailchimp Marketing 3.0: Basic anystring:key, `count`/`offset` (default 10, max 1000), problem+json errors. */
const problem = (status: number, title: string, detail: string): FakeReply => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  raw: JSON.stringify({
    type: 'https://mailchimp.com/developer/marketing/docs/errors/',
    title,
    status,
    detail,
    instance: '995c5cb0-3280-4a6e-808b-3b096d0bb219',
  }),
});
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');

export function startMailchimpFake(apiKey = 'abc123-us19'): Promise<FakeProvider> {
  return startFake(
    {
      prefix: '/3.0',
      credentials: { apiKey },
      tooMany: () => problem(429, 'Too Many Requests', 'You have exceeded the limit of 10 simultaneous connections.'),
      serverError: () => problem(500, 'Internal Server Error', 'An unexpected internal error has occurred.'),
    },
    (req, state) => {
      const creds = basicCredentials(req);
      if (!creds || creds[1] !== state.credentials.apiKey)
        return problem(
          401,
          'API Key Invalid',
          "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
        );
      const paged = (rows: unknown[], key: string, extra: Record<string, unknown> = {}): FakeReply => {
        const p = page(rows, req.query, ['count', 'offset'], 10, 1000);
        if (!p) return problem(400, 'Invalid Resource', 'count must be between 1 and 1000');
        return { status: 200, body: { [key]: capped(p.rows, state), ...extra, total_items: p.total, _links: [] } };
      };
      // Two audiences; every address the fake holds is a member of the first one only.
      if (req.path === '/lists')
        return paged(
          [
            { id: 'a1b2c3d4e5', name: 'Clients' },
            { id: '0f9e8d7c6b', name: 'Salon' },
          ],
          'lists',
        );
      const erase =
        req.method === 'POST' &&
        /^\/lists\/([^/]+)\/members\/([0-9a-f]{32})\/actions\/delete-permanent$/.exec(req.path);
      if (erase) {
        const held = [...state.contacts, ...state.campaigns.flatMap((c) => c.recipients.map((r) => r.email))];
        const email = erase[1] === 'a1b2c3d4e5' ? held.find((e) => md5(e) === erase[2]) : undefined;
        if (!email) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
        deleteContact(state, email);
        return { status: 204 };
      }
      if (req.path === '/ping') return { status: 200, body: { health_status: "Everything's Chimpy!" } };
      if (req.path === '/campaigns') {
        const since = req.query.since_send_time ? new Date(req.query.since_send_time) : null;
        const before = req.query.before_send_time ? new Date(req.query.before_send_time) : null;
        const rows = state.campaigns
          .filter((c) => (!since || c.sentAt >= since) && (!before || c.sentAt <= before))
          .sort((a, b) => (req.query.sort_dir === 'DESC' ? -1 : 1) * (a.sentAt.getTime() - b.sentAt.getTime()))
          .map((c) => ({
            id: c.id,
            web_id: 123456,
            type: 'regular',
            status: 'sent',
            create_time: iso(c.sentAt),
            send_time: iso(c.sentAt),
            emails_sent: c.recipients.length,
            settings: { title: c.name, subject_line: `Subject of ${c.name}` },
            recipients: { list_id: 'a1b2c3d4e5' },
          }));
        return paged(rows, 'campaigns');
      }
      const report = /^\/reports\/([^/]+)\/(unsubscribed|email-activity)$/.exec(req.path);
      if (report) {
        const c = state.campaigns.find((x) => x.id === report[1]);
        if (!c) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
        if (report[2] === 'unsubscribed')
          return paged(
            c.recipients
              .filter((r) => r.unsubscribed)
              .map((r) => ({
                email_address: r.email,
                email_id: md5(r.email),
                timestamp: iso(new Date(c.sentAt.getTime() + 3_600_000)),
                reason: 'N/A (Unsubscribed from campaign)',
                campaign_id: c.id,
                list_id: 'a1b2c3d4e5',
              })),
            'unsubscribes',
            { campaign_id: c.id },
          );
        return paged(
          c.recipients.map((r) => ({
            campaign_id: c.id,
            list_id: 'a1b2c3d4e5',
            list_is_active: true,
            email_id: md5(r.email),
            email_address: r.email,
            activity: [
              ...(r.hardBounce ? [{ action: 'bounce', type: 'hard', timestamp: iso(c.sentAt) }] : []),
              ...Array.from({ length: r.opens ?? 0 }, () => ({
                action: 'open',
                timestamp: iso(c.sentAt),
                ip: '203.0.113.9',
              })),
              ...Array.from({ length: r.clicks ?? 0 }, () => ({
                action: 'click',
                timestamp: iso(c.sentAt),
                url: 'https://example.com/salon',
                ip: '203.0.113.9',
              })),
            ],
          })),
          'emails',
          { campaign_id: c.id },
        );
      }
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    },
  );
}
