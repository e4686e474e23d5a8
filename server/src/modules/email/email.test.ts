import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { JobRegistry } from '../../jobs/job-handler';
import { type RunningWorker, startWorker } from '../../jobs/worker';
import {
  type TestApi,
  type TestClient,
  type TestWorkspace,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { type SmtpSink, leafParts, parseMime, partContent, startSmtpSink } from '../../../test/smtp-sink';
import { emailSendHandler } from './email.job';
import { waitFor } from '../../../test/wait';

const SEND = `mutation($input: SendEmailInput!) { sendEmail(input: $input) {
  id status subject from replyTo to { contactId name address } cc bcc bodyText bodyHtml attempts failureReason
  attachments { id name } activity { id kind comment author { id } contact { id } } } }`;
const EMAIL = `query($id: ID!) { emailMessage(id: $id) { id status attempts failureReason sentAt subject } }`;
const TIMELINE = `query($contactId: ID, $companyId: ID) { activities(contactId: $contactId, companyId: $companyId) {
  totalCount edges { node { id kind comment email { id status subject from to { address } } } } } }`;

type Fields = { path: string[]; message: string }[];
const fieldErrors = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? [];

// The first bytes of a PNG: sent as a binary attachment (base64).
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(300, 7),
]);

/** An API and its own worker, on a queue of their own (other test files run workers with other handlers). */
async function startApiWithWorker(overrides: Record<string, string>) {
  const api = await startTestApi({
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_email_${randomBytes(3).toString('hex')}`,
    MAIL_FROM: 'Agence Événements <crm@agence.test>',
    MAIL_RETRY_DELAY_MS: '50',
    MAIL_SEND_ATTEMPTS: '3',
    ...overrides,
  });
  const worker = await startWorker(api.deps, new JobRegistry([emailSendHandler(api.deps.config)]), {
    concurrency: 2,
    reconcileIntervalMs: 60_000,
  });
  return { api, worker };
}

async function setupRecord(api: TestApi, ws: TestWorkspace, client: TestClient) {
  const options = await client.ok('{ allSettingOptions { id list label } }');
  const opt = (list: string, label: string) =>
    options.allSettingOptions.find((o: { list: string; label: string }) => o.list === list && o.label === label)?.id;
  const company = await client.ok(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
    {
      input: {
        name: 'Société Générale',
        mainContact: {
          civilityId: opt('CIVILITY', 'Mme'),
          firstName: 'Claire',
          lastName: 'Martin',
          email: 'claire.martin@acme.test',
          phoneDirect: '0142685300',
        },
      },
    },
  );
  const companyId = company.createCompany.id;
  const contactId = company.createCompany.mainContact.id;
  const second = await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
    input: { companyId, firstName: 'Paul', lastName: 'Durand', email: 'paul@acme.test' },
  });
  const noEmail = await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
    input: { companyId, firstName: 'Sans', lastName: 'Email' },
  });
  const form = new FormData();
  form.append('contactId', contactId);
  form.append('file', new Blob([new Uint8Array(PNG)]), 'plan de salle.png');
  const res = await fetch(`${api.url}/documents`, { method: 'POST', body: form, headers: { cookie: client.cookie! } });
  const doc = (await res.json()) as { id: string };
  return {
    companyId,
    contactId,
    secondId: second.createContact.id as string,
    noEmailId: noEmail.createContact.id as string,
    docId: doc.id,
    opt,
    ws,
  };
}

describe('sending email over SMTP', () => {
  let smtp: SmtpSink;
  let api: TestApi;
  let worker: RunningWorker;
  let ws: TestWorkspace;
  let admin: TestClient;
  let rec: Awaited<ReturnType<typeof setupRecord>>;

  const send = async (input: Record<string, unknown>) =>
    (
      await admin.ok(SEND, {
        input: { idempotencyKey: randomUUID(), contactId: rec.contactId, toContactIds: [rec.contactId], ...input },
      })
    ).sendEmail;
  const settled = (id: string) =>
    waitFor(
      () => admin.ok(EMAIL, { id }),
      (d) => d.emailMessage.status !== 'QUEUED',
    ).then((d) => d.emailMessage);

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ({ api, worker } = await startApiWithWorker({ SMTP_URL: smtp.url }));
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    rec = await setupRecord(api, ws, admin);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.close();
    await closeFactories();
  });

  it('sends a templated email with merge fields, cc, bcc and an attachment, and logs it on the timeline', async () => {
    const french = rec.opt('LANGUAGE', 'Français');
    const english = rec.opt('LANGUAGE', 'Anglais');
    const tpl = await admin.ok(
      `mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id name language { label } } }`,
      {
        input: {
          name: 'Relance',
          languageId: french,
          subject: 'Votre événement, {{contact.firstName}}',
          body: 'Bonjour {{contact.civility}} {{contact.lastName}},\n\n{{company.name}} : voici le plan.\n{{sender.name}}',
        },
      },
    );
    await admin.ok(`mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`, {
      input: {
        name: 'Relance',
        languageId: english,
        subject: 'Your event, {{contact.firstName}}',
        body: 'Hello {{contact.fullName}}',
      },
    });
    const before = smtp.messages.length;
    const email = await send({
      toContactIds: [rec.contactId],
      cc: ['Boss@Agence.test'],
      bcc: ['archive@agence.test'],
      templateId: tpl.createEmailTemplate.id,
      languageId: french,
      categoryId: rec.opt('ACTIVITY_CATEGORY', 'Prospection'),
      attachmentIds: [rec.docId],
    });
    expect(email).toMatchObject({
      status: 'QUEUED',
      subject: 'Votre événement, Claire',
      from: '"Test Admin" <crm@agence.test>',
      replyTo: `"Test Admin" <${ws.email}>`,
      to: [{ contactId: rec.contactId, name: 'Claire Martin', address: 'claire.martin@acme.test' }],
      cc: ['boss@agence.test'],
      bcc: ['archive@agence.test'],
      attachments: [{ id: rec.docId, name: 'plan de salle.png' }],
      activity: {
        kind: 'EMAIL',
        comment: 'Votre événement, Claire',
        author: { id: ws.userId },
        contact: { id: rec.contactId },
      },
    });
    expect(email.bodyText).toBe('Bonjour Mme Martin,\n\nSociété Générale : voici le plan.\nTest Admin');

    const done = await settled(email.id);
    expect(done).toMatchObject({ status: 'SENT', attempts: 1, failureReason: null });
    expect(done.sentAt).not.toBeNull();
    expect(smtp.messages.length).toBe(before + 1);
    const mail = smtp.messages.at(-1)!;
    expect(mail.from).toBe('crm@agence.test');
    expect(mail.rcpt.sort()).toEqual(['archive@agence.test', 'boss@agence.test', 'claire.martin@acme.test'].sort());
    const mime = parseMime(mail.raw);
    expect(mime.headers.from).toBe('Test Admin <crm@agence.test>');
    // Answers go to the salesperson, not to the no-reply MAIL_FROM.
    expect(mime.headers['reply-to']).toBe(`Test Admin <${ws.email}>`);
    expect(mime.headers.to).toBe('Claire Martin <claire.martin@acme.test>');
    expect(mime.headers.cc).toBe('boss@agence.test');
    expect(mime.headers.bcc).toBeUndefined();
    expect(mail.raw).not.toContain('archive@agence.test');
    expect(mime.headers.subject).toBe('Votre événement, Claire');
    expect(mime.headers['message-id']).toBe(`<${email.id}@agence.test>`);
    const leaves = leafParts(mime);
    const text = leaves.find((p) => p.headers['content-type']?.startsWith('text/plain'));
    expect(partContent(text!).toString('utf8').replace(/\r\n/g, '\n')).toBe(
      'Bonjour Mme Martin,\n\nSociété Générale : voici le plan.\nTest Admin',
    );
    const html = leaves.find((p) => p.headers['content-type']?.startsWith('text/html'));
    expect(partContent(html!).toString('utf8')).toContain('<p>Bonjour Mme Martin,</p>');
    const attachment = leaves.find((p) => p.headers['content-disposition']?.startsWith('attachment'));
    expect(attachment!.headers['content-type']).toContain('image/png');
    expect(attachment!.headers['content-disposition']).toContain('plan de salle.png');
    expect(partContent(attachment!).equals(PNG)).toBe(true);

    const timeline = await admin.ok(TIMELINE, { companyId: rec.companyId });
    const entry = timeline.activities.edges[0].node;
    expect(entry).toMatchObject({
      kind: 'EMAIL',
      email: { id: email.id, status: 'SENT', subject: 'Votre événement, Claire' },
    });
  });

  it('tells the client a mail server is configured (the composer says "queued for sending")', async () => {
    expect((await admin.ok('{ mailServerConfigured }')).mailServerConfigured).toBe(true);
  });

  it('logs an email sent from a company on each recipient contact’s timeline and their companies’, once', async () => {
    const nova = (
      await admin.ok(
        `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
        {
          input: {
            name: 'Nova Tech',
            mainContact: {
              firstName: 'Karim',
              lastName: 'Benali',
              email: 'karim@nova.test',
              phoneDirect: '0142685301',
            },
          },
        },
      )
    ).createCompany;
    const karimId = nova.mainContact.id;
    const count = async (vars: Record<string, string>) => (await admin.ok(TIMELINE, vars)).activities.totalCount;
    const before = {
      claire: await count({ contactId: rec.contactId }),
      paul: await count({ contactId: rec.secondId }),
      karim: await count({ contactId: karimId }),
      company: await count({ companyId: rec.companyId }),
      nova: await count({ companyId: nova.id }),
    };
    const email = (
      await admin.ok(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          companyId: rec.companyId,
          toContactIds: [rec.contactId, karimId],
          subject: 'Depuis la société',
          text: 'Bonjour',
        },
      })
    ).sendEmail;
    const activityId = email.activity.id;
    expect(email.activity.contact).toBeNull();
    const ids = async (vars: Record<string, string>) => {
      const r = (await admin.ok(TIMELINE, vars)).activities;
      const list = r.edges.map((e: { node: { id: string } }) => e.node.id);
      // No activity twice, and the count agrees with the rows.
      expect(new Set(list).size).toBe(list.length);
      expect(r.totalCount).toBe(list.length);
      return list;
    };
    expect(await ids({ contactId: rec.contactId })).toContain(activityId);
    expect(await ids({ contactId: karimId })).toContain(activityId);
    expect(await ids({ companyId: nova.id })).toContain(activityId);
    expect(await ids({ companyId: rec.companyId })).toContain(activityId);
    expect(await ids({ contactId: rec.secondId })).not.toContain(activityId);
    expect(await count({ contactId: rec.contactId })).toBe(before.claire + 1);
    expect(await count({ contactId: karimId })).toBe(before.karim + 1);
    expect(await count({ contactId: rec.secondId })).toBe(before.paul);
    expect(await count({ companyId: rec.companyId })).toBe(before.company + 1);
    expect(await count({ companyId: nova.id })).toBe(before.nova + 1);
    // Sent from a contact to that contact and a colleague: one entry on the company's timeline.
    const fromContact = (
      await admin.ok(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          contactId: rec.contactId,
          toContactIds: [rec.contactId, rec.secondId],
          subject: 'Depuis le contact',
          text: 'Bonjour',
        },
      })
    ).sendEmail;
    expect(await ids({ contactId: rec.secondId })).toContain(fromContact.activity.id);
    expect(await count({ companyId: rec.companyId })).toBe(before.company + 2);
    const page = (
      await admin.ok(
        `query($companyId: ID, $after: String) { activities(companyId: $companyId, first: 1, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { companyId: rec.companyId },
      )
    ).activities;
    expect(page.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([fromContact.activity.id]);
    const next = (
      await admin.ok(
        `query($companyId: ID, $after: String) { activities(companyId: $companyId, first: 1, after: $after) {
          edges { node { id } } } }`,
        { companyId: rec.companyId, after: page.pageInfo.endCursor },
      )
    ).activities;
    expect(next.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([activityId]);

    // The timelines still cost a fixed number of SQL statements, whatever their length.
    const FULL = `query($contactId: ID, $companyId: ID, $first: Int) {
      activities(contactId: $contactId, companyId: $companyId, first: $first) {
        totalCount edges { node { id kind comment author { id } contact { id } company { id }
          email { id status to { contactId } attachments { id } } } } } }`;
    const statements = async (vars: Record<string, unknown>) => {
      const original = Client.prototype.query;
      let n = 0;
      Client.prototype.query = function (this: Client, ...args: unknown[]) {
        n += 1;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof Client.prototype.query;
      try {
        const r = await admin.ok(FULL, vars);
        return { n, rows: r.activities.edges.length as number };
      } finally {
        Client.prototype.query = original;
      }
    };
    const series: string[] = [email.id, fromContact.id];
    for (let i = 0; i < 6; i++)
      series.push(
        (
          await admin.ok(SEND, {
            input: {
              idempotencyKey: randomUUID(),
              companyId: i % 2 ? rec.companyId : nova.id,
              toContactIds: [rec.contactId, karimId],
              subject: `Série ${i}`,
              text: 'Bonjour',
              attachmentIds: i % 2 ? [rec.docId] : [],
            },
          })
        ).sendEmail.id,
      );
    // The worker of this file sends them meanwhile: its statements would be counted too.
    for (const id of series) await settled(id);
    // …and then closes each job.
    await new Promise((r) => setTimeout(r, 500));
    for (const record of [{ companyId: rec.companyId }, { contactId: rec.contactId }, { companyId: nova.id }]) {
      const one = await statements({ ...record, first: 1 });
      const all = await statements({ ...record, first: 50 });
      expect(all.rows).toBeGreaterThanOrEqual(6);
      // A relation first met on a later row (a company, an attachment) costs one more batch, not one per row.
      expect(all.n).toBeLessThanOrEqual(one.n + 2);
    }
  });

  it('a contact merge takes the emails it received from elsewhere along', async () => {
    const dup = (
      await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
        input: { companyId: rec.companyId, firstName: 'Paulo', lastName: 'Durand', email: 'paulo@acme.test' },
      })
    ).createContact.id;
    const other = (
      await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
        input: {
          name: 'Expéditeur SA',
          mainContact: { firstName: 'Éva', lastName: 'Expé', email: 'eva@exp.test', phoneDirect: '0142685302' },
        },
      })
    ).createCompany.id;
    const email = (
      await admin.ok(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          companyId: other,
          toContactIds: [dup, rec.secondId],
          subject: 'Avant la fusion',
          text: 'Bonjour',
        },
      })
    ).sendEmail;
    await admin.ok('mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }', {
      k: rec.secondId,
      m: dup,
    });
    const kept = (await admin.ok(TIMELINE, { contactId: rec.secondId })).activities;
    const ids = kept.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids.filter((id: string) => id === email.activity.id)).toHaveLength(1);
    expect(kept.totalCount).toBe(ids.length);
  });

  it('picks the template version in the chosen language', async () => {
    const templates = (await admin.ok('{ emailTemplates { id name language { label } } }')).emailTemplates;
    const frenchOne = templates.find((t: { language: { label: string } }) => t.language.label === 'Français');
    const email = await send({ templateId: frenchOne.id, languageId: rec.opt('LANGUAGE', 'Anglais') });
    expect(email.subject).toBe('Your event, Claire');
    expect(email.bodyText).toBe('Hello Claire Martin');
  });

  it('refuses an unknown dynamic field, naming it, and sends nothing', async () => {
    const before = (await admin.ok(TIMELINE, { contactId: rec.contactId })).activities.totalCount;
    const r = await admin.gql(SEND, {
      input: {
        idempotencyKey: randomUUID(),
        contactId: rec.contactId,
        toContactIds: [rec.contactId],
        subject: 'Bonjour',
        text: 'Bonjour {{contact.prenom}}',
      },
    });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(r)).toEqual([
      { path: ['input', 'text'], message: 'Champ dynamique inconnu : {{contact.prenom}}.' },
    ]);
    expect((await admin.ok(TIMELINE, { contactId: rec.contactId })).activities.totalCount).toBe(before);
    const fields = (await admin.ok('{ emailMergeFields { key label } }')).emailMergeFields;
    expect(fields).toContainEqual({ key: 'contact.firstName', label: 'Prénom du contact' });
  });

  it('refuses one message to several recipients whose dynamic fields differ, and sends what reads the same', async () => {
    const before = (await admin.ok(TIMELINE, { contactId: rec.contactId })).activities.totalCount;
    const input = (text: string) => ({
      idempotencyKey: randomUUID(),
      contactId: rec.contactId,
      toContactIds: [rec.contactId, rec.secondId],
      subject: 'Invitation',
      text,
    });
    const r = await admin.gql(SEND, { input: input('Bonjour {{contact.firstName}},') });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(fieldErrors(r)).toEqual([
      { path: ['input', 'toContactIds'], message: expect.stringContaining('envoyez un email par destinataire') },
    ]);
    expect((await admin.ok(TIMELINE, { contactId: rec.contactId })).activities.totalCount).toBe(before);
    // Both work at the same company: its name reads the same for each, so one message is fine.
    const sent = (await admin.ok(SEND, { input: input('Bonjour à l’équipe de {{company.name}},') })).sendEmail;
    expect((await settled(sent.id)).status).toBe('SENT');
    const mime = parseMime(smtp.messages.at(-1)!.raw);
    expect(mime.headers.to).toBe('Claire Martin <claire.martin@acme.test>, Paul Durand <paul@acme.test>');
  });

  it('templates are managed by admins, with known dynamic fields and one name per language', async () => {
    const input = { name: 'Bienvenue', subject: 'Bienvenue {{contact.firstName}}', body: 'Bonjour' };
    const CREATE_TPL = `mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`;
    await admin.ok(CREATE_TPL, { input });
    const dup = await admin.gql(CREATE_TPL, { input: { ...input, name: ' bienvenue ' } });
    expect(fieldErrors(dup).map((f) => f.path.join('.'))).toEqual(['input.name']);
    const bad = await admin.gql(CREATE_TPL, { input: { ...input, name: 'Autre', body: '{{inconnu}}' } });
    expect(fieldErrors(bad)).toEqual([{ path: ['input', 'body'], message: 'Champ dynamique inconnu : {{inconnu}}.' }]);
    // Every invalid field at once, each with its path: no fixing one to discover the next.
    const both = await admin.gql(CREATE_TPL, {
      input: { name: 'Deux erreurs', subject: 'Hi {{contact.prenom}}', body: '{{ company.nom }} {{x}} {{x}}' },
    });
    expect(fieldErrors(both)).toEqual([
      { path: ['input', 'subject'], message: 'Champ dynamique inconnu : {{contact.prenom}}.' },
      { path: ['input', 'body'], message: 'Champs dynamiques inconnus : {{company.nom}}, {{x}}.' },
    ]);
    const emptyToo = await admin.gql(CREATE_TPL, { input: { name: 'Vide', subject: '{{nope}}', body: ' ' } });
    expect(fieldErrors(emptyToo).map((f) => f.path.join('.'))).toEqual(['input.subject', 'input.body']);
    const sent = await admin.gql(SEND, {
      input: {
        idempotencyKey: randomUUID(),
        contactId: rec.contactId,
        toContactIds: [rec.contactId],
        subject: 'Bonjour {{contact.prenom}}',
        text: '{{company.nom}}',
      },
    });
    expect(fieldErrors(sent).map((f) => f.path.join('.'))).toEqual(['input.subject', 'input.text']);
    const user = await clientFor(api, await addUser(ws.workspaceId));
    expect(errorCode(await user.gql(CREATE_TPL, { input: { ...input, name: 'Par un user' } }))).toBe('FORBIDDEN');
    expect((await user.ok('{ emailTemplates { name } }')).emailTemplates.length).toBeGreaterThan(0);
  });

  it('checks recipients, addresses and attachments', async () => {
    const other = await createWorkspaceWithAdmin();
    const otherClient = await clientFor(api, other);
    const otherRec = await setupRecord(api, other, otherClient);
    const r = await admin.gql(SEND, {
      input: {
        idempotencyKey: randomUUID(),
        contactId: rec.contactId,
        toContactIds: [rec.contactId, rec.noEmailId, otherRec.contactId],
        cc: ['ok@agence.test', 'not an address'],
        bcc: ['x@'],
        subject: 'Objet',
        text: 'Texte',
      },
    });
    expect(fieldErrors(r).map((f) => f.path.join('.'))).toEqual([
      'input.cc.1',
      'input.bcc.0',
      'input.toContactIds.1',
      'input.toContactIds.2',
    ]);
    const noBody = await admin.gql(SEND, {
      input: { idempotencyKey: randomUUID(), contactId: rec.contactId, toContactIds: [rec.contactId] },
    });
    expect(fieldErrors(noBody).map((f) => f.path.join('.'))).toEqual(['input.subject', 'input.text']);
    const foreignDoc = await admin.gql(SEND, {
      input: {
        idempotencyKey: randomUUID(),
        contactId: rec.contactId,
        toContactIds: [rec.contactId],
        subject: 'Objet',
        text: 'Texte',
        attachmentIds: [otherRec.docId],
      },
    });
    expect(fieldErrors(foreignDoc).map((f) => f.path.join('.'))).toEqual(['input.attachmentIds.0']);
  });

  it('never sends twice for one idempotency key, even when the requests race', async () => {
    const before = smtp.messages.length;
    const input = {
      idempotencyKey: randomUUID(),
      contactId: rec.contactId,
      toContactIds: [rec.contactId],
      subject: 'Une seule fois',
      text: 'Bonjour',
    };
    const [a, b] = await Promise.all([admin.ok(SEND, { input }), admin.ok(SEND, { input })]);
    const again = await admin.ok(SEND, { input });
    expect(a.sendEmail.id).toBe(b.sendEmail.id);
    expect(again.sendEmail.id).toBe(a.sendEmail.id);
    await settled(a.sendEmail.id);
    // Give a duplicate (if any) time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(before + 1);
    const timeline = await admin.ok(TIMELINE, { contactId: rec.contactId });
    const emails = timeline.activities.edges.filter(
      (e: { node: { comment: string } }) => e.node.comment === 'Une seule fois',
    );
    expect(emails).toHaveLength(1);
  });

  it('retries with backoff when the SMTP server fails, then sends once', async () => {
    const before = smtp.messages.length;
    smtp.refuseNext(2, 451);
    const email = await send({ subject: 'Après deux échecs', text: 'Bonjour' });
    const done = await settled(email.id);
    expect(done).toMatchObject({ status: 'SENT', attempts: 3, failureReason: null });
    expect(smtp.messages.length).toBe(before + 1);
  });

  it('marks the email failed with the reason when the server keeps failing or refuses', async () => {
    smtp.refuseNext(3, 451);
    const retried = await send({ subject: 'Toujours en échec', text: 'Bonjour' });
    const failed = await settled(retried.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts).toBe(3);
    expect(failed.failureReason).toContain('451');
    smtp.refuseNext(1, 550);
    const refused = await send({ subject: 'Refusé', text: 'Bonjour' });
    const final = await settled(refused.id);
    // A 5xx reply is final: no retry.
    expect(final).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(final.failureReason).toContain('550');
    const timeline = await admin.ok(TIMELINE, { contactId: rec.contactId });
    expect(timeline.activities.edges[0].node.email.status).toBe('FAILED');
  });
});

describe('sending email without SMTP: the local outbox', () => {
  let api: TestApi;
  let worker: RunningWorker;

  beforeAll(async () => {
    ({ api, worker } = await startApiWithWorker({ SMTP_URL: '' }));
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  it('keeps the message in the outbox, shown by the outbox query and on the timeline', async () => {
    const ws = await createWorkspaceWithAdmin();
    const client = await clientFor(api, ws);
    // The composer knows it before sending: its message says "local outbox", not "queued for sending".
    expect((await client.ok('{ mailServerConfigured }')).mailServerConfigured).toBe(false);
    const rec = await setupRecord(api, ws, client);
    const email = (
      await client.ok(SEND, {
        input: {
          idempotencyKey: randomUUID(),
          companyId: rec.companyId,
          toContactIds: [rec.contactId],
          subject: 'Pour {{contact.firstName}}',
          text: 'Bonjour',
          attachmentIds: [rec.docId],
        },
      })
    ).sendEmail;
    const kept = await waitFor(
      () => client.ok(EMAIL, { id: email.id }),
      (d) => d.emailMessage.status !== 'QUEUED',
    );
    expect(kept.emailMessage).toMatchObject({ status: 'OUTBOX', subject: 'Pour Claire', sentAt: null });
    const outbox = await client.ok(
      '{ outbox { totalCount edges { node { id subject to { address } attachments { name } } } } }',
    );
    expect(outbox.outbox.edges[0].node).toMatchObject({
      id: email.id,
      to: [{ address: 'claire.martin@acme.test' }],
      attachments: [{ name: 'plan de salle.png' }],
    });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect((await other.ok('{ outbox { totalCount } }')).outbox.totalCount).toBe(0);
    expect(errorCode(await other.gql(EMAIL, { id: email.id }))).toBe('NOT_FOUND');
  });
});
