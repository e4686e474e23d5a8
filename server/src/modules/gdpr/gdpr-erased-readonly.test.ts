import type { DataSource } from 'typeorm';
import {
  type GqlResult,
  type TestApi,
  type TestClient,
  type TestWorkspace,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { createAdminDataSource } from '../../db/data-sources';

const ADD_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateContactInput!) { updateContact(id: $id, input: $input) { id } }`;
const ACTIVITY = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;
const ERASE = `mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { contactId } }`;

/** "Cette personne a été effacée (RGPD) le 28 novembre 2026 : …" whatever the day. */
const ERASED = /^Cette personne a été effacée \(RGPD\) le \d{1,2} \S+ \d{4} : sa fiche ne peut plus être modifiée\.$/;

/** The refusal of a single write: CONFLICT with the erasure message. */
function expectErasedRefusal(r: GqlResult<unknown>): void {
  expect(r.errors).toHaveLength(1);
  const [error] = r.errors ?? [];
  expect(error.extensions?.code).toBe('CONFLICT');
  expect(error.message).toMatch(ERASED);
}

/** A field error (a selection, a form's list of people) whose message is the erasure one. */
function expectErasedField(r: GqlResult<unknown>, path: (string | number)[]): void {
  expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const fields = r.errors?.[0]?.extensions?.fields as { path: string[]; message: string }[];
  expect(fields).toEqual([{ path: path.map(String), message: expect.stringMatching(ERASED) }]);
}

/**
 * An erased person's record is read-only through every path that writes to a contact or
 * attaches something to it; deleting it stays allowed, restoring it does not.
 */
describe('GDPR: an erased contact is read-only', () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let companyId: string;
  let otherCompanyId: string;
  let erasedId: string;
  let liveId: string;
  let taskId: string;
  let infoId: string;
  let eventId: string;
  let quoteId: string;
  let categoryId: string;

  /** The erased record and what hangs on it, as stored: nothing may change after the erasure. */
  async function stored() {
    const [contact] = await owner.query(
      `SELECT to_jsonb(c) - 'updated_at' - 'search_doc' AS c FROM contact c WHERE id = $1`,
      [erasedId],
    );
    const counts = await owner.query(
      `SELECT (SELECT count(*)::int FROM activity WHERE contact_id = $1) AS activities,
              (SELECT count(*)::int FROM document WHERE contact_id = $1) AS documents,
              (SELECT count(*)::int FROM email_message m JOIN activity a ON a.id = m.activity_id
                WHERE a.contact_id = $1) AS emails,
              (SELECT count(*)::int FROM custom_page WHERE contact_id = $1) AS pages,
              (SELECT count(*)::int FROM consent_event WHERE subject_id = $1) AS consents,
              (SELECT count(*)::int FROM event_contact WHERE contact_id = $1) AS events,
              (SELECT string_agg(coalesce(comment, '∅'), '|' ORDER BY id) FROM activity WHERE contact_id = $1) AS comments,
              (SELECT string_agg(deadline::text, '|' ORDER BY id) FROM activity WHERE contact_id = $1) AS deadlines`,
      [erasedId],
    );
    return { contact: contact.c, ...counts[0] };
  }

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'crm'}-gdpr-readonly` });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const created = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Société Lecture Seule',
          mainContact: {
            firstName: 'Erwan',
            lastName: 'Effacé',
            email: 'erwan@efface.example',
            phoneDirect: '01 45 00 00 09',
          },
        },
      },
    );
    companyId = created.createCompany.id;
    erasedId = created.createCompany.mainContact.id;
    liveId = (await admin.ok(ADD_CONTACT, { input: { companyId, firstName: 'Lina', lastName: 'Vivante' } }))
      .createContact.id;
    otherCompanyId = (
      await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
        input: {
          name: 'Autre Société',
          mainContact: {
            firstName: 'Olivier',
            lastName: 'Autre',
            email: 'o@autre.example',
            phoneDirect: '01 45 00 00 08',
          },
        },
      })
    ).createCompany.id;
    categoryId = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    taskId = (
      await admin.ok(ACTIVITY, {
        input: {
          kind: 'TASK',
          categoryId,
          contactId: erasedId,
          comment: 'Rappeler Erwan',
          deadline: '2027-01-15T09:00:00.000Z',
        },
      })
    ).createActivity.id;
    infoId = (await admin.ok(ACTIVITY, { input: { kind: 'INFO', categoryId, contactId: erasedId, comment: 'Note' } }))
      .createActivity.id;
    eventId = (
      await admin.ok(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
        input: { companyId, name: 'Gala', startDate: '2027-03-01', contactIds: [erasedId] },
      })
    ).createEvent.id;
    quoteId = (
      await admin.ok(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
        input: { companyId, contactId: erasedId, issueDate: '2027-01-04', lines: [] },
      })
    ).createQuote.id;
    await admin.ok(ERASE, { id: erasedId, pw: ws.password });
  });

  afterAll(async () => {
    await owner.destroy();
    await api.close();
    await closeFactories();
  });

  it('refuses every write to the record itself, its company, consent, pipeline and restoration', async () => {
    const before = await stored();
    expectErasedRefusal(await admin.gql(UPDATE, { id: erasedId, input: { firstName: 'Erwan' } }));
    expectErasedRefusal(await admin.gql(UPDATE, { id: erasedId, input: { companyId: otherCompanyId } }));
    expectErasedRefusal(
      await admin.gql(UPDATE, { id: erasedId, input: { optIn: true, optInMethod: 'IN_PERSON', optInNote: 'Salon' } }),
    );
    expectErasedRefusal(
      await admin.gql(`mutation($id: ID!) { setContactActive(id: $id, active: true) { id } }`, { id: erasedId }),
    );
    const { pipelineColumns } = await admin.ok('{ pipelineColumns { id } }');
    expectErasedRefusal(
      await admin.gql(`mutation($c: ID!, $k: ID!) { moveContactInPipeline(contactId: $c, columnId: $k) { id } }`, {
        c: erasedId,
        k: pipelineColumns[0].id,
      }),
    );
    // Starring it: an inactive contact is never the main contact (the erased person is inactive).
    const star = await admin.gql(`mutation($c: ID!, $k: ID!) { setMainContact(companyId: $c, contactId: $k) { id } }`, {
      c: companyId,
      k: erasedId,
    });
    expect(star.errors?.[0]?.extensions?.fields).toEqual([
      { path: ['contactId'], message: 'Ce contact est inactif : réactivez-le avant d’en faire le contact principal.' },
    ]);
    expect(await stored()).toEqual(before);
  });

  it('refuses activities, comments, documents, emails and the custom page on it', async () => {
    const before = await stored();
    expectErasedRefusal(
      await admin.gql(ACTIVITY, {
        input: { kind: 'CALL', categoryId, contactId: erasedId, comment: 'Erwan a appelé' },
      }),
    );
    expectErasedRefusal(
      await admin.gql(
        `mutation($id: ID!) { updateActivity(id: $id, input: { comment: "Erwan, 06 12 34 56 78" }) { id } }`,
        {
          id: taskId,
        },
      ),
    );
    expectErasedRefusal(
      await admin.gql(`mutation($id: ID!) { postponeTask(id: $id, newDeadline: "2027-02-01T09:00:00.000Z") { id } }`, {
        id: taskId,
      }),
    );
    expectErasedRefusal(
      await admin.gql(
        `mutation($id: ID!) { linkTaskToActivity(activityId: $id, task: { deadline: "2027-02-01T09:00:00.000Z" }) { id } }`,
        { id: infoId },
      ),
    );
    expectErasedRefusal(
      await admin.gql(`mutation($input: SendEmailInput!) { sendEmail(input: $input) { id } }`, {
        input: {
          contactId: erasedId,
          toContactIds: [liveId],
          cc: ['lina@vivante.example'],
          subject: 'Bonjour',
          html: '<p>Bonjour</p>',
          idempotencyKey: 'erased-readonly-1',
        },
      }),
    );
    expectErasedRefusal(
      await admin.gql(
        `mutation($id: ID!, $blocks: [PageBlockInput!]!) {
          saveCustomPage(recordKind: CONTACT, recordId: $id, blocks: $blocks) { recordId } }`,
        { id: erasedId, blocks: [{ kind: 'TEXT', text: 'Erwan aime le jazz', x: 0, y: 0, w: 4, h: 2 }] },
      ),
    );
    const form = new FormData();
    form.append('contactId', erasedId);
    form.append('file', new Blob([new TextEncoder().encode('Erwan, CV')], { type: 'text/plain' }), 'cv.txt');
    const upload = await fetch(`${api.url}/documents`, {
      method: 'POST',
      body: form,
      headers: { cookie: admin.cookie as string },
    });
    expect(upload.status).toBe(409);
    expect(((await upload.json()) as { message: string }).message).toMatch(ERASED);
    expect(await stored()).toEqual(before);

    // Closing what is left open stays possible: the task is completed (no text is written).
    await admin.ok(`mutation($id: ID!) { completeTask(id: $id) { id } }`, { id: taskId });
  });

  it('reports an erased contact of a bulk edit as a problem of its own record, and writes nothing', async () => {
    const before = await stored();
    // Lina is already active (nothing to change); the erased contact would be reactivated.
    expectErasedField(
      await admin.gql(`mutation($ids: [ID!]!) { bulkUpdateContacts(ids: $ids, input: { active: true }) { count } }`, {
        ids: [liveId, erasedId],
      }),
      ['ids', 1],
    );
    // The same through a filter (the company's inactive contacts): the problem is under the record's id.
    const { settingOptions } = await admin.ok('{ settingOptions(list: POTENTIAL) { id } }');
    const matching = await admin.gql(
      `mutation($f: ListFilter!, $p: ID!) { bulkUpdateContacts(matching: { filter: $f }, input: { potentialId: $p }) { count } }`,
      {
        f: {
          and: [
            { column: 'company', op: 'IN', values: [companyId] },
            { column: 'active', op: 'IS_FALSE' },
          ],
        },
        p: settingOptions[0].id,
      },
    );
    expectErasedField(matching, ['matching', erasedId]);
    expect(await stored()).toEqual(before);
  });

  it('refuses merges either way, new event guests and quote contacts, but keeps the links already made', async () => {
    const before = await stored();
    const merge = `mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }`;
    expectErasedRefusal(await admin.gql(merge, { k: erasedId, m: liveId }));
    expectErasedRefusal(await admin.gql(merge, { k: liveId, m: erasedId }));
    expectErasedField(
      await admin.gql(`mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
        input: { companyId, name: 'Séminaire', startDate: '2027-04-01', contactIds: [liveId, erasedId] },
      }),
      ['input', 'contactIds', 1],
    );
    // The event that already had them keeps them while its other fields change.
    await admin.ok(`mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }`, {
      id: eventId,
      input: { name: 'Gala 2027', contactIds: [erasedId, liveId] },
    });
    // A quote newly naming them is refused; the one that already did keeps them while edited.
    expectErasedField(
      await admin.gql(`mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id } }`, {
        input: { companyId, contactId: erasedId, issueDate: '2027-02-01', lines: [] },
      }),
      ['input', 'contactId'],
    );
    const { updateQuote } = await admin.ok(
      `mutation($id: ID!, $input: QuoteFieldsInput!) { updateQuote(id: $id, input: $input) { notes contact { id } } }`,
      { id: quoteId, input: { contactId: erasedId, notes: 'Salle confirmée' } },
    );
    expect(updateQuote).toEqual({ notes: 'Salle confirmée', contact: { id: erasedId } });
    expect(await stored()).toEqual(before);
  });

  it('lets the erased contact be deleted, never restored', async () => {
    await admin.ok(`mutation($id: ID!) { deleteContact(id: $id) { id } }`, { id: erasedId });
    expectErasedRefusal(await admin.gql(`mutation($id: ID!) { restoreContact(id: $id) { id } }`, { id: erasedId }));
    const [row] = await owner.query(`SELECT deleted_at FROM contact WHERE id = $1`, [erasedId]);
    expect(row.deleted_at).not.toBeNull();
  });
});
