import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../../../test/harness';
import {
  type FakeProvider,
  startBrevoFake,
  startMailchimpFake,
  startMailjetFake,
  startSarbacaneFake,
} from '../../../test/emailing-fakes';

/** Webhook deliveries in each provider's documented shape: applied once, checked, scoped. */
const CONTACT = `query($id: ID!) { contact(id: $id) {
  optIn emailBouncing consentHistory { optIn source }
  emailingHistory { sentAt campaign provider opens clicks unsubscribed npai } } }`;
const CREATE =
  'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id webhookPath } }';
const uniq = () => Math.random().toString(36).slice(2, 8);

describe('emailing webhooks', () => {
  let api: TestApi;
  const fakes: FakeProvider[] = [];
  let ws: TestWorkspace;
  let admin: TestClient;
  const tag = uniq();
  const jane = `jane.${tag}@example.com`;
  const old = `old.${tag}@example.com`;
  let ids: Record<string, string>;

  beforeAll(async () => {
    const [brevo, mailjet, mailchimp, sarbacane] = await Promise.all([
      startBrevoFake(),
      startMailjetFake(),
      startMailchimpFake(),
      startSarbacaneFake(),
    ]);
    fakes.push(brevo, mailjet, mailchimp, sarbacane);
    api = await startTestApi({
      EMAILING_BREVO_BASE_URL: brevo.url,
      EMAILING_MAILJET_BASE_URL: mailjet.url,
      EMAILING_MAILCHIMP_BASE_URL: mailchimp.url,
      EMAILING_SARBACANE_BASE_URL: sarbacane.url,
      // Connections schedule syncs: keep them off the queue other test files' workers read.
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_emailing_hooks`,
    });
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const contact = async (email: string) =>
      (
        await admin.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
          input: { firstName: 'Jane', lastName: 'Doe', email, optIn: true, newCompany: { name: `Co ${uniq()}` } },
        })
      ).createContact.id as string;
    ids = { jane: await contact(jane), old: await contact(old) };
  });
  afterAll(async () => {
    await api?.close();
    for (const f of fakes) await f.close();
    await closeFactories();
  });

  const connect = async (client: TestClient, input: Record<string, string>) =>
    (await client.ok(CREATE, { input: { label: 'Hooks', ...input } })).createEmailingConnection as {
      id: string;
      webhookPath: string;
    };

  const post = (path: string, body: string, contentType = 'application/json', headers: Record<string, string> = {}) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

  it('Brevo: applies opens and clicks once, ignores replays, and checks the token', async () => {
    const conn = await connect(admin, { provider: 'BREVO', apiKey: 'xkeysib-good' });
    const event = (kind: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id: 123,
        camp_id: 42,
        email: jane.toUpperCase(),
        'campaign name': 'Salon 2026 invitation',
        date_sent: '2026-03-02 11:00:00',
        date_event: '2026-03-02 12:13:00',
        event: kind,
        tag: '',
        ts_sent: 1772445600,
        ts_event: 1772449980,
        ts: 1772449980,
        ...extra,
      });
    const first = await post(conn.webhookPath, event('opened'));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, applied: 1, duplicates: 0 });
    const replay = await post(conn.webhookPath, event('opened'));
    expect(await replay.json()).toEqual({ received: 1, applied: 0, duplicates: 1 });
    await post(conn.webhookPath, event('click', { URL: 'https://example.com/salon' }));
    // A second open, later: a new event.
    await post(conn.webhookPath, event('opened', { ts_event: 1772450000 }));

    const history = (await admin.ok(CONTACT, { id: ids.jane })).contact.emailingHistory;
    expect(history).toEqual([
      {
        sentAt: new Date(1772445600 * 1000).toISOString(),
        campaign: 'Salon 2026 invitation',
        provider: 'BREVO',
        opens: 2,
        clicks: 1,
        unsubscribed: false,
        npai: false,
      },
    ]);

    // The token can also come as Brevo's `auth` bearer token.
    const [path, token] = conn.webhookPath.split('?token=');
    const bearer = await post(path, event('unsubscribed', { ts_event: 1772460000 }), 'application/json', {
      authorization: `Bearer ${token}`,
    });
    expect(bearer.status).toBe(200);
    const after = (await admin.ok(CONTACT, { id: ids.jane })).contact;
    expect(after.optIn).toBe(false);
    expect(after.consentHistory[0]).toEqual({ optIn: false, source: 'brevo' });

    // Bad or missing token: refused, nothing applied.
    // A token differing in its last character (a random token may itself end in whatever is appended).
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const bad = await post(`${path}?token=${wrong}`, event('opened', { ts_event: 1772470000 }));
    expect(bad.status).toBe(401);
    expect((await post(path, event('opened', { ts_event: 1772470000 }))).status).toBe(401);
    expect((await admin.ok(CONTACT, { id: ids.jane })).contact.emailingHistory[0].opens).toBe(2);
  });

  it('unknown connections, wrong providers and other workspaces get nothing', async () => {
    const conn = await connect(admin, { provider: 'BREVO', apiKey: 'xkeysib-good' });
    const [path, token] = conn.webhookPath.split('?token=');
    const body = JSON.stringify({ event: 'opened', email: jane, camp_id: 1, ts_event: 1 });
    const unknown = await post(`/webhooks/emailing/brevo/00000000-0000-4000-8000-000000000000?token=${token}`, body);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'Not found' });
    expect((await post(`/webhooks/emailing/brevo/not-a-uuid?token=${token}`, body)).status).toBe(404);
    expect((await post(`${path.replace('/brevo/', '/mailjet/')}?token=${token}`, body)).status).toBe(404);
    expect((await post(`${path.replace('/brevo/', '/nope/')}?token=${token}`, body)).status).toBe(404);

    // Another workspace's connection with this workspace's token: refused.
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    const theirs = await connect(other, { provider: 'BREVO', apiKey: 'xkeysib-good' });
    expect((await post(`${theirs.webhookPath.split('?')[0]}?token=${token}`, body)).status).toBe(401);
  });

  it('Mailjet: a grouped delivery with a hard bounce marks the address bouncing (NPAI)', async () => {
    const conn = await connect(admin, { provider: 'MAILJET', apiKey: 'mj-key', secretKey: 'mj-secret' });
    const [path, token] = conn.webhookPath.split('?token=');
    // Message ids exceed 2^53: written as bare numbers like the real payloads.
    const body = `[{"event":"bounce","time":1772442100,"MessageID":19421777835146490,"Message_GUID":"1ab23cd4-0000-0000-0000-000000000001",
      "email":"${old}","mj_campaign_id":7390730,"mj_contact_id":254509966,"customcampaign":"","CustomID":"","Payload":"",
      "blocked":false,"hard_bounce":true,"error_related_to":"recipient","error":"user unknown","comment":"550 5.1.1 user unknown"},
      {"event":"open","time":1772442200,"MessageID":19421777835146491,"email":"${jane}","mj_campaign_id":7390730,
      "mj_contact_id":254509967,"customcampaign":"","CustomID":"","Payload":"","ip":"203.0.113.9","geo":"FR","agent":"x"}]`;
    // Basic auth in the URL, as Mailjet recommends: the password is the token.
    const res = await post(path, body, 'application/json', {
      authorization: `Basic ${Buffer.from(`crm:${token}`).toString('base64')}`,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 2, applied: 2, duplicates: 0 });
    const o = (await admin.ok(CONTACT, { id: ids.old })).contact;
    expect(o.emailBouncing).toBe(true);
    expect(o.emailingHistory).toEqual([expect.objectContaining({ provider: 'MAILJET', npai: true })]);
    expect((await post(conn.webhookPath, body)).status).toBe(200);
    expect((await admin.ok(CONTACT, { id: ids.jane })).contact.emailingHistory).toContainEqual(
      expect.objectContaining({ provider: 'MAILJET', opens: 1 }),
    );
  });

  it('Mailchimp: answers the validation GET and applies a form-encoded unsubscribe', async () => {
    const third = (
      await admin.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
        input: {
          firstName: 'Mc',
          lastName: 'Chimp',
          email: `mc.${tag}@example.com`,
          optIn: true,
          newCompany: { name: `Co ${uniq()}` },
        },
      })
    ).createContact.id;
    const conn = await connect(admin, { provider: 'MAILCHIMP', apiKey: 'abc123-us19' });
    expect((await fetch(`${api.url}${conn.webhookPath}`)).status).toBe(200);
    expect((await fetch(`${api.url}${conn.webhookPath.split('?')[0]}`)).status).toBe(401);
    const form = new URLSearchParams({
      type: 'unsubscribe',
      fired_at: '2026-03-03 08:00:00',
      'data[action]': 'unsub',
      'data[reason]': 'manual',
      'data[id]': '8a25ff1d98',
      'data[list_id]': 'a1b2c3d4e5',
      'data[email]': `mc.${tag}@example.com`,
      'data[email_type]': 'html',
      'data[merges][EMAIL]': `mc.${tag}@example.com`,
      'data[campaign_id]': '42b7c1d9e0',
    }).toString();
    const res = await post(conn.webhookPath, form, 'application/x-www-form-urlencoded');
    expect(await res.json()).toEqual({ received: 1, applied: 1, duplicates: 0 });
    const c = (await admin.ok(CONTACT, { id: third })).contact;
    expect(c.optIn).toBe(false);
    expect(c.consentHistory[0]).toEqual({ optIn: false, source: 'mailchimp' });
    expect(c.emailingHistory).toEqual([expect.objectContaining({ provider: 'MAILCHIMP', unsubscribed: true })]);
    // Replayed by Mailchimp's retries: no second consent entry.
    await post(conn.webhookPath, form, 'application/x-www-form-urlencoded');
    expect((await admin.ok(CONTACT, { id: third })).contact.consentHistory).toHaveLength(c.consentHistory.length);
  });

  it('Sarbacane: a HARD_BOUNCE event marks NPAI; other kinds of bounce do not', async () => {
    const conn = await connect(admin, { provider: 'SARBACANE', accountId: 'acc-1', apiKey: 'sb-key' });
    const email = `sb.${tag}@example.com`;
    const id = (
      await admin.ok('mutation($input: CreateContactInput!) { createContact(input: $input) { id } }', {
        input: { firstName: 'Sb', lastName: 'X', email, newCompany: { name: `Co ${uniq()}` } },
      })
    ).createContact.id;
    await post(
      conn.webhookPath,
      JSON.stringify({ kind: 'SOFT_BOUNCE', email, campaignId: 'c9', date: '2026-03-02T10:00:00Z' }),
    );
    expect((await admin.ok(CONTACT, { id })).contact.emailBouncing).toBe(false);
    await post(
      conn.webhookPath,
      JSON.stringify([{ kind: 'HARD_BOUNCE', email, campaignId: 'c9', date: '2026-03-02T10:00:00Z' }]),
    );
    expect((await admin.ok(CONTACT, { id })).contact.emailBouncing).toBe(true);
  });
});
