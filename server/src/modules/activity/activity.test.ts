import {
  TestClient,
  type TestApi,
  type TestWorkspace,
  addUser,
  clientFor,
  closeFactories,
  createWorkspaceWithAdmin,
  errorCode,
  startTestApi,
} from '../../../test/harness';
import { UserRole } from '../user/user.entity';

const ACTIVITY = `id kind comment occurredAt deadline taskStatus completedAt overdue
  company { id } contact { id } category { id label } author { id } assignee { id }
  linkedActivity { id kind linkedActivity { id } } postponements { previousDeadline newDeadline }`;
const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { ${ACTIVITY} } }`;
const LINK = `mutation($activityId: ID!, $task: LinkedTaskInput!) {
  linkTaskToActivity(activityId: $activityId, task: $task) { ${ACTIVITY} } }`;
const TIMELINE = `query($companyId: ID, $contactId: ID, $filter: ActivityFilter, $first: Int, $after: String) {
  activities(companyId: $companyId, contactId: $contactId, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id kind comment contact { id } } } } }`;
const TASKS = `query($assigneeId: ID, $status: TaskStatus, $due: TaskDue) {
  tasks(assigneeId: $assigneeId, status: $status, due: $due) { totalCount edges { node { id comment overdue deadline taskStatus } } } }`;

type Fields = { path: string[]; message: string }[];
const fieldPaths = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  ((r.errors?.[0]?.extensions?.fields as Fields | undefined) ?? []).map((f) => f.path.join('.'));
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('activities and tasks', () => {
  let api: TestApi;
  let ws: TestWorkspace;
  let admin: TestClient;
  let colleague: TestWorkspace;
  let colleagueClient: TestClient;
  let category: Record<string, string>;
  let companyId: string;
  let contactId: string;
  let otherContactId: string;

  const create = async (input: Record<string, unknown>, client = admin) =>
    (await client.ok(CREATE, { input })).createActivity;
  const read = async (id: string) =>
    (await admin.ok(`query($id: ID!) { activity(id: $id) { ${ACTIVITY} } }`, { id })).activity;

  beforeAll(async () => {
    api = await startTestApi();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    colleague = await addUser(ws.workspaceId, UserRole.USER, 'Camille Collègue');
    colleagueClient = await clientFor(api, colleague);
    const opts = await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id label } }');
    category = Object.fromEntries(opts.settingOptions.map((o: { id: string; label: string }) => [o.label, o.id]));
    const company = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Acme Events',
          mainContact: { firstName: 'Claire', lastName: 'Martin', email: 'claire@acme.fr', phoneDirect: '0142685300' },
        },
      },
    );
    companyId = company.createCompany.id;
    contactId = company.createCompany.mainContact.id;
    const other = await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { companyId, firstName: 'Paul', lastName: 'Durand' },
    });
    otherContactId = other.createContact.id;
  });
  afterAll(async () => {
    await api.close();
    await closeFactories();
  });

  it('creates an info, a call and a meeting with category, comment, default date and author', async () => {
    const before = Date.now();
    const info = await create({
      kind: 'INFO',
      companyId,
      categoryId: category.Prospection,
      comment: ' Premier contact ',
    });
    expect(info).toMatchObject({
      kind: 'INFO',
      comment: 'Premier contact',
      company: { id: companyId },
      contact: null,
      category: { label: 'Prospection' },
      author: { id: ws.userId },
      taskStatus: null,
      overdue: false,
    });
    expect(new Date(info.occurredAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const call = await create({
      kind: 'CALL',
      contactId,
      categoryId: category['Fidélisation'],
      comment: 'Rappel',
      occurredAt: '2026-01-15T10:00:00.000Z',
      authorId: colleague.userId,
    });
    expect(call).toMatchObject({
      kind: 'CALL',
      occurredAt: '2026-01-15T10:00:00.000Z',
      author: { id: colleague.userId },
    });
    const meeting = await create({ kind: 'MEETING', contactId, categoryId: category.Prospection, comment: 'RDV' });
    expect(meeting.kind).toBe('MEETING');
  });

  it('refuses bad input with the field paths', async () => {
    const both = await admin.gql(CREATE, {
      input: { kind: 'INFO', companyId, contactId, categoryId: category.Prospection },
    });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(both)).toEqual(['input.companyId']);
    const r = await admin.gql(CREATE, {
      input: { kind: 'CALL', companyId, categoryId: category.Prospection, deadline: days(1), assigneeId: ws.userId },
    });
    expect(fieldPaths(r).sort()).toEqual(['input.assigneeId', 'input.deadline']);
    const noDeadline = await admin.gql(CREATE, {
      input: { kind: 'TASK', companyId, categoryId: category.Prospection },
    });
    expect(fieldPaths(noDeadline)).toEqual(['input.deadline']);
    const email = await admin.gql(CREATE, { input: { kind: 'EMAIL', companyId, categoryId: category.Prospection } });
    expect(fieldPaths(email)).toEqual(['input.kind']);
    const civility = (await admin.ok('{ settingOptions(list: CIVILITY) { id } }')).settingOptions[0].id;
    const wrongList = await admin.gql(CREATE, { input: { kind: 'INFO', companyId, categoryId: civility } });
    expect(fieldPaths(wrongList)).toEqual(['input.categoryId']);
    // A form left without a category: the field's "required" message, whether null, empty or absent.
    for (const categoryId of [null, '', undefined]) {
      const missing = await admin.gql(CREATE, { input: { kind: 'INFO', companyId, categoryId } });
      expect(errorCode(missing)).toBe('BAD_USER_INPUT');
      expect(fieldPaths(missing)).toEqual(['input.categoryId']);
      expect((missing.errors?.[0]?.extensions?.fields as Fields)[0].message).toBe('Ce champ est obligatoire.');
    }
    const stranger = await createWorkspaceWithAdmin();
    const badAssignee = await admin.gql(CREATE, {
      input: {
        kind: 'TASK',
        companyId,
        categoryId: category.Prospection,
        deadline: days(1),
        assigneeId: stranger.userId,
      },
    });
    expect(fieldPaths(badAssignee)).toEqual(['input.assigneeId']);
    const unknown = await admin.gql(CREATE, {
      input: { kind: 'INFO', companyId: '00000000-0000-4000-8000-000000000000', categoryId: category.Prospection },
    });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });

  it('refuses absurd dates (before 1900, after 2100) with a field error, on create, edit, link and postpone', async () => {
    const message = (r: Awaited<ReturnType<TestClient['gql']>>) =>
      (r.errors?.[0]?.extensions?.fields as Fields).map((f) => `${f.path.join('.')}: ${f.message}`);
    const far = await admin.gql(CREATE, {
      input: { kind: 'INFO', companyId, categoryId: category.Prospection, occurredAt: '9999-12-31T10:00:00.000Z' },
    });
    expect(errorCode(far)).toBe('BAD_USER_INPUT');
    expect(message(far)).toEqual(['input.occurredAt: Date invalide : l’année doit être entre 1900 et 2100.']);
    const old = await admin.gql(CREATE, {
      input: {
        kind: 'TASK',
        companyId,
        categoryId: category.Prospection,
        occurredAt: '0026-11-28T10:00:00.000Z',
        deadline: '2101-01-01T10:00:00.000Z',
      },
    });
    expect(fieldPaths(old).sort()).toEqual(['input.deadline', 'input.occurredAt']);
    const linked = await admin.gql(CREATE, {
      input: {
        kind: 'INFO',
        companyId,
        categoryId: category.Prospection,
        linkedTask: { deadline: '9999-01-01T00:00:00.000Z' },
      },
    });
    expect(fieldPaths(linked)).toEqual(['input.linkedTask.deadline']);

    // The bounds themselves are fine.
    const info = await create({
      kind: 'INFO',
      companyId,
      categoryId: category.Prospection,
      occurredAt: '1900-01-01T00:00:00.000Z',
    });
    const edit = await admin.gql(
      `mutation($id: ID!, $input: UpdateActivityInput!) { updateActivity(id: $id, input: $input) { id } }`,
      {
        id: info.id,
        input: { occurredAt: '2101-01-01T00:00:00.000Z' },
      },
    );
    expect(fieldPaths(edit)).toEqual(['input.occurredAt']);
    expect((await read(info.id)).occurredAt).toBe('1900-01-01T00:00:00.000Z');

    const task = await create({ kind: 'TASK', companyId, categoryId: category.Prospection, deadline: days(1) });
    const postpone = await admin.gql(
      `mutation($id: ID!, $d: DateTime!) { postponeTask(id: $id, newDeadline: $d) { id } }`,
      {
        id: task.id,
        d: '9999-12-31T23:59:00.000Z',
      },
    );
    expect(fieldPaths(postpone)).toEqual(['newDeadline']);
    expect((await read(task.id)).deadline).toBe(task.deadline);
  });

  it('an info creates a linked task in the same step, for a colleague', async () => {
    const info = await create({
      kind: 'INFO',
      contactId,
      categoryId: category.Prospection,
      comment: 'Veut un devis',
      linkedTask: { assigneeId: colleague.userId, deadline: days(3), comment: 'Envoyer le devis' },
    });
    expect(info.linkedActivity).toMatchObject({ kind: 'TASK', linkedActivity: { id: info.id } });
    const task = await read(info.linkedActivity.id);
    expect(task).toMatchObject({
      comment: 'Envoyer le devis',
      assignee: { id: colleague.userId },
      author: { id: ws.userId },
      taskStatus: 'TODO',
      contact: { id: contactId },
      category: { label: 'Prospection' },
    });
    // A bad linked task creates nothing at all.
    const countBefore = (await admin.ok(TIMELINE, { contactId })).activities.totalCount;
    const bad = await admin.gql(CREATE, {
      input: {
        kind: 'INFO',
        contactId,
        categoryId: category.Prospection,
        linkedTask: { assigneeId: '00000000-0000-4000-8000-000000000000', deadline: days(1) },
      },
    });
    expect(fieldPaths(bad)).toEqual(['input.linkedTask.assigneeId']);
    expect((await admin.ok(TIMELINE, { contactId })).activities.totalCount).toBe(countBefore);
    const notInfo = await admin.gql(CREATE, {
      input: { kind: 'CALL', contactId, categoryId: category.Prospection, linkedTask: { deadline: days(1) } },
    });
    expect(fieldPaths(notInfo)).toEqual(['input.linkedTask']);
  });

  it('"Associer une tâche": an info gets a linked task later, on its timeline and in the assignee\'s tasks', async () => {
    const info = await create({ kind: 'INFO', contactId, categoryId: category.Prospection, comment: 'Salon 2027' });
    expect(info.linkedActivity).toBeNull();
    const deadline = days(4);
    const linked = (
      await admin.ok(LINK, {
        activityId: info.id,
        task: { assigneeId: colleague.userId, deadline, comment: 'Rappeler pour le salon' },
      })
    ).linkTaskToActivity;
    expect(linked).toMatchObject({ id: info.id, kind: 'INFO', comment: 'Salon 2027' });
    expect(linked.linkedActivity).toMatchObject({ kind: 'TASK', linkedActivity: { id: info.id } });
    const taskId = linked.linkedActivity.id;
    const task = await read(taskId);
    expect(task).toMatchObject({
      comment: 'Rappeler pour le salon',
      deadline,
      assignee: { id: colleague.userId },
      author: { id: ws.userId },
      taskStatus: 'TODO',
      contact: { id: contactId },
      category: { label: 'Prospection' },
      linkedActivity: { id: info.id },
    });
    // Read again, the info shows its task as one created with it does.
    const again = await read(info.id);
    expect(again.linkedActivity).toMatchObject({ id: taskId, kind: 'TASK' });
    const timeline = (await admin.ok(TIMELINE, { contactId })).activities.edges.map(
      (e: { node: { id: string } }) => e.node.id,
    );
    expect(timeline).toEqual(expect.arrayContaining([info.id, taskId]));
    const companyTimeline = (await admin.ok(TIMELINE, { companyId })).activities.edges.map(
      (e: { node: { id: string } }) => e.node.id,
    );
    expect(companyTimeline).toContain(taskId);
    const theirs = (await colleagueClient.ok(TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(theirs).toContain(taskId);

    // Without assignee, comment or category: me, and the info's comment and category.
    const plain = await create({ kind: 'INFO', companyId, categoryId: category['Fidélisation'], comment: 'Budget' });
    const mine = (await admin.ok(LINK, { activityId: plain.id, task: { deadline: days(2) } })).linkTaskToActivity;
    expect(mine.linkedActivity.id).toBeTruthy();
    const myTask = await read(mine.linkedActivity.id);
    expect(myTask).toMatchObject({
      comment: 'Budget',
      assignee: { id: ws.userId },
      company: { id: companyId },
      category: { label: 'Fidélisation' },
    });
    expect((await admin.ok(TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(myTask.id);
  });

  it('"Associer une tâche" refuses other kinds, a second task, bad fields, deleted records, read-only keys', async () => {
    const info = await create({ kind: 'INFO', contactId, categoryId: category.Prospection, comment: 'Une seule' });
    const call = await create({ kind: 'CALL', contactId, categoryId: category.Prospection });
    const task = await create({ kind: 'TASK', contactId, categoryId: category.Prospection, deadline: days(1) });
    for (const other of [call, task]) {
      const r = await admin.gql(LINK, { activityId: other.id, task: { deadline: days(1) } });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(fieldPaths(r)).toEqual(['activityId']);
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      expect(errorCode(await admin.gql(LINK, { activityId: id, task: { deadline: days(1) } }))).toBe('NOT_FOUND');
    }

    // A bad task creates nothing and leaves the info free.
    const countBefore = (await admin.ok(TIMELINE, { contactId })).activities.totalCount;
    const stranger = await createWorkspaceWithAdmin();
    const badAssignee = await admin.gql(LINK, {
      activityId: info.id,
      task: { assigneeId: stranger.userId, deadline: days(1) },
    });
    expect(errorCode(badAssignee)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(badAssignee)).toEqual(['task.assigneeId']);
    const civility = (await admin.ok('{ settingOptions(list: CIVILITY) { id } }')).settingOptions[0].id;
    const badCategory = await admin.gql(LINK, {
      activityId: info.id,
      task: { categoryId: civility, deadline: days(1) },
    });
    expect(fieldPaths(badCategory)).toEqual(['task.categoryId']);
    const tooLong = await admin.gql(LINK, {
      activityId: info.id,
      task: { comment: 'x'.repeat(20_001), deadline: days(1) },
    });
    expect(fieldPaths(tooLong)).toEqual(['task.comment']);
    expect((await admin.ok(TIMELINE, { contactId })).activities.totalCount).toBe(countBefore);

    // One task per info: a second is refused, until the first is deleted.
    const first = (await admin.ok(LINK, { activityId: info.id, task: { deadline: days(1) } })).linkTaskToActivity;
    const second = await admin.gql(LINK, { activityId: info.id, task: { deadline: days(2) } });
    expect(errorCode(second)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(second)).toEqual(['activityId']);
    const createdWith = await create({
      kind: 'INFO',
      contactId,
      categoryId: category.Prospection,
      linkedTask: { deadline: days(1) },
    });
    expect(fieldPaths(await admin.gql(LINK, { activityId: createdWith.id, task: { deadline: days(2) } }))).toEqual([
      'activityId',
    ]);
    await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: first.linkedActivity.id });
    const relinked = (await admin.ok(LINK, { activityId: info.id, task: { deadline: days(3) } })).linkTaskToActivity;
    expect(relinked.linkedActivity.id).not.toBe(first.linkedActivity.id);

    // A deleted record's info takes no task.
    const co = await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Bientôt fermée',
        mainContact: { firstName: 'Z', lastName: 'W', email: 'z@w.fr', phoneDirect: '0142685300' },
      },
    });
    const doomed = await create({ kind: 'INFO', companyId: co.createCompany.id, categoryId: category.Prospection });
    await admin.ok(`mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }`, {
      id: co.createCompany.id,
    });
    expect(errorCode(await admin.gql(LINK, { activityId: doomed.id, task: { deadline: days(1) } }))).toBe('NOT_FOUND');

    // Same rights as adding an activity: a read-only key cannot, another workspace sees nothing.
    const fresh = await create({ kind: 'INFO', contactId, categoryId: category.Prospection });
    const { createApiKey } = await admin.ok(
      'mutation { createApiKey(input: { name: "BI", scope: READ_ONLY }) { secret } }',
    );
    const reader = new TestClient(api.url, { authorization: `Bearer ${createApiKey.secret}` });
    expect(errorCode(await reader.gql(LINK, { activityId: fresh.id, task: { deadline: days(1) } }))).toBe('FORBIDDEN');
    const other = await clientFor(api, stranger);
    expect(errorCode(await other.gql(LINK, { activityId: fresh.id, task: { deadline: days(1) } }))).toBe('NOT_FOUND');
    const untouched = await read(fresh.id);
    expect(untouched.linkedActivity).toBeNull();
  });

  it('tasks: overdue, postpone with history, complete; my tasks with overdue first', async () => {
    const ws2 = await createWorkspaceWithAdmin();
    const me = await clientFor(api, ws2);
    const cat = (await me.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    const co = await me.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Beta',
        mainContact: { firstName: 'A', lastName: 'B', email: 'a@b.fr', phoneDirect: '0142685300' },
      },
    });
    const cid = co.createCompany.id;
    const later = await create(
      { kind: 'TASK', companyId: cid, categoryId: cat, comment: 'later', deadline: days(5) },
      me,
    );
    const late = await create(
      { kind: 'TASK', companyId: cid, categoryId: cat, comment: 'late', deadline: days(-2) },
      me,
    );
    const soon = await create(
      { kind: 'TASK', companyId: cid, categoryId: cat, comment: 'soon', deadline: days(1) },
      me,
    );
    expect(late.overdue).toBe(true);
    expect(later.overdue).toBe(false);
    expect(late.assignee.id).toBe(ws2.userId);

    const mine = (await me.ok(TASKS)).tasks;
    expect(mine.edges.map((e: { node: { comment: string } }) => e.node.comment)).toEqual(['late', 'soon', 'later']);
    expect(
      (await me.ok(TASKS, { due: 'OVERDUE' })).tasks.edges.map((e: { node: { id: string } }) => e.node.id),
    ).toEqual([late.id]);
    expect((await me.ok('{ taskCounts { todo overdue dueToday } }')).taskCounts).toMatchObject({ todo: 3, overdue: 1 });

    const newDeadline = days(7);
    const postponed = (
      await me.ok(`mutation($id: ID!, $d: DateTime!) { postponeTask(id: $id, newDeadline: $d) { ${ACTIVITY} } }`, {
        id: late.id,
        d: newDeadline,
      })
    ).postponeTask;
    expect(postponed.deadline).toBe(newDeadline);
    expect(postponed.overdue).toBe(false);
    expect(postponed.postponements).toEqual([{ previousDeadline: late.deadline, newDeadline }]);
    const earlier = await me.gql(
      `mutation($id: ID!, $d: DateTime!) { postponeTask(id: $id, newDeadline: $d) { id } }`,
      {
        id: late.id,
        d: days(6),
      },
    );
    expect(errorCode(earlier)).toBe('BAD_USER_INPUT');
    expect(fieldPaths(earlier)).toEqual(['newDeadline']);

    const done = (await me.ok(`mutation($id: ID!) { completeTask(id: $id) { ${ACTIVITY} } }`, { id: soon.id }))
      .completeTask;
    expect(done.taskStatus).toBe('DONE');
    expect(done.completedAt).not.toBeNull();
    const again = await me.gql(`mutation($id: ID!, $d: DateTime!) { postponeTask(id: $id, newDeadline: $d) { id } }`, {
      id: soon.id,
      d: days(30),
    });
    expect(errorCode(again)).toBe('CONFLICT');
    // Done tasks come after the open ones.
    const all = (await me.ok(TASKS)).tasks.edges.map((e: { node: { comment: string } }) => e.node.comment);
    expect(all).toEqual(['later', 'late', 'soon']);
    expect((await me.ok(TASKS, { status: 'TODO' })).tasks.totalCount).toBe(2);
    expect((await me.ok('{ taskCounts { todo overdue } }')).taskCounts).toEqual({ todo: 2, overdue: 0 });

    const info = await create({ kind: 'INFO', companyId: cid, categoryId: cat }, me);
    const notTask = await me.gql(`mutation($id: ID!) { completeTask(id: $id) { id } }`, { id: info.id });
    expect(errorCode(notTask)).toBe('CONFLICT');
  });

  it("a colleague's task shows in their tasks, not mine", async () => {
    const task = await create({
      kind: 'TASK',
      companyId,
      categoryId: category.Prospection,
      comment: 'Pour Camille',
      deadline: days(2),
      assigneeId: colleague.userId,
    });
    const theirs = (await colleagueClient.ok(TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(theirs).toContain(task.id);
    const mine = (await admin.ok(TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(mine).not.toContain(task.id);
    const viaFilter = (await admin.ok(TASKS, { assigneeId: colleague.userId })).tasks.edges.map(
      (e: { node: { id: string } }) => e.node.id,
    );
    expect(viaFilter).toContain(task.id);
  });

  it('edits date, comment, category, author and task status; deletes', async () => {
    const task = await create({ kind: 'TASK', contactId, categoryId: category.Prospection, deadline: days(2) });
    const UPDATE = `mutation($id: ID!, $input: UpdateActivityInput!) { updateActivity(id: $id, input: $input) { ${ACTIVITY} } }`;
    const updated = (
      await admin.ok(UPDATE, {
        id: task.id,
        input: {
          occurredAt: '2026-02-01T09:00:00.000Z',
          comment: 'modifié',
          categoryId: category['Suivi client'],
          authorId: colleague.userId,
          taskStatus: 'DONE',
        },
      })
    ).updateActivity;
    expect(updated).toMatchObject({
      occurredAt: '2026-02-01T09:00:00.000Z',
      comment: 'modifié',
      category: { label: 'Suivi client' },
      author: { id: colleague.userId },
      taskStatus: 'DONE',
    });
    const reopened = (await admin.ok(UPDATE, { id: task.id, input: { taskStatus: 'TODO' } })).updateActivity;
    expect(reopened).toMatchObject({ taskStatus: 'TODO', completedAt: null });
    const call = await create({ kind: 'CALL', contactId, categoryId: category.Prospection });
    const bad = await admin.gql(UPDATE, { id: call.id, input: { taskStatus: 'DONE' } });
    expect(fieldPaths(bad)).toEqual(['input.taskStatus']);

    const audit = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Activity", entityId: $id) { edges { node { action } } } }`,
      { id: task.id },
    );
    expect(audit.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action)).toContain('update');

    expect((await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: call.id })).deleteActivity).toBe(
      true,
    );
    expect(errorCode(await admin.gql(`query($id: ID!) { activity(id: $id) { id } }`, { id: call.id }))).toBe(
      'NOT_FOUND',
    );
  });

  it("timelines: a company's includes its contacts', filters, newest first, cursor pages", async () => {
    const ws3 = await createWorkspaceWithAdmin();
    const c = await clientFor(api, ws3);
    const cats = (await c.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions;
    const co = await c.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Gamma',
          mainContact: { firstName: 'G', lastName: 'H', email: 'g@h.fr', phoneDirect: '0142685300' },
        },
      },
    );
    const cid = co.createCompany.id;
    const ctid = co.createCompany.mainContact.id;
    const at = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00.000Z`;
    const a1 = await create({ kind: 'INFO', companyId: cid, categoryId: cats[0].id, occurredAt: at(1) }, c);
    const a2 = await create({ kind: 'CALL', contactId: ctid, categoryId: cats[1].id, occurredAt: at(2) }, c);
    const a3 = await create({ kind: 'MEETING', companyId: cid, categoryId: cats[0].id, occurredAt: at(3) }, c);
    const a4 = await create({ kind: 'CALL', contactId: ctid, categoryId: cats[0].id, occurredAt: at(4) }, c);
    const ids = (r: Record<string, { edges: { node: { id: string } }[] }>) => r.activities.edges.map((e) => e.node.id);

    expect(ids(await c.ok(TIMELINE, { companyId: cid }))).toEqual([a4.id, a3.id, a2.id, a1.id]);
    expect(ids(await c.ok(TIMELINE, { contactId: ctid }))).toEqual([a4.id, a2.id]);
    expect(ids(await c.ok(TIMELINE, { companyId: cid, filter: { kinds: ['CALL'] } }))).toEqual([a4.id, a2.id]);
    expect(ids(await c.ok(TIMELINE, { companyId: cid, filter: { categoryIds: [cats[1].id] } }))).toEqual([a2.id]);
    expect(ids(await c.ok(TIMELINE, { companyId: cid, filter: { from: at(2), to: at(4) } }))).toEqual([a3.id, a2.id]);
    expect(ids(await c.ok(TIMELINE, { companyId: cid, filter: { authorIds: [ws.userId] } }))).toEqual([]);

    const p1 = await c.ok(TIMELINE, { companyId: cid, first: 3 });
    expect(ids(p1)).toEqual([a4.id, a3.id, a2.id]);
    expect(p1.activities.pageInfo.hasNextPage).toBe(true);
    expect(p1.activities.totalCount).toBe(4);
    const p2 = await c.ok(TIMELINE, { companyId: cid, first: 3, after: p1.activities.pageInfo.endCursor });
    expect(ids(p2)).toEqual([a1.id]);
    expect(p2.activities.pageInfo.hasNextPage).toBe(false);
  });

  it("a deleted record's timeline stays readable but takes no new activity", async () => {
    const co = await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Bientôt supprimée',
        mainContact: { firstName: 'X', lastName: 'Y', email: 'x@y.fr', phoneDirect: '0142685300' },
      },
    });
    const cid = co.createCompany.id;
    const info = await create({ kind: 'INFO', companyId: cid, categoryId: category.Prospection, comment: 'avant' });
    await admin.ok(`mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }`, { id: cid });
    const timeline = await admin.ok(TIMELINE, { companyId: cid });
    expect(timeline.activities.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([info.id]);
    const r = await admin.gql(CREATE, { input: { kind: 'INFO', companyId: cid, categoryId: category.Prospection } });
    expect(errorCode(r)).toBe('NOT_FOUND');
  });

  it('a deleted activity goes to the trash: off the timeline, counts and task lists, back on restore', async () => {
    const TRASH = `query($after: String) { deletedActivities(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id comment deletedAt deletedBy { id } } } } }`;
    const RESTORE = `mutation($id: ID!) { restoreActivity(id: $id) { id comment deletedAt } }`;
    const DELETE = `mutation($id: ID!) { deleteActivity(id: $id) }`;
    const ids = (r: { edges: { node: { id: string } }[] }) => r.edges.map((e) => e.node.id);
    const call = await create({ kind: 'CALL', contactId, categoryId: category.Prospection, comment: 'à garder' });
    const task = await create({ kind: 'TASK', companyId, categoryId: category.Prospection, deadline: days(-1) });
    const timeline = async () => (await admin.ok(TIMELINE, { companyId })).activities;
    const before = await timeline();
    const tasksBefore = (await admin.ok(TASKS, {})).tasks;
    const countsBefore = (await admin.ok('{ taskCounts { todo overdue } }')).taskCounts;

    await admin.ok(DELETE, { id: call.id });
    await admin.ok(DELETE, { id: task.id });
    const after = await timeline();
    expect(ids(after)).not.toContain(call.id);
    expect(ids(after)).not.toContain(task.id);
    expect(after.totalCount).toBe(before.totalCount - 2);
    expect(ids((await admin.ok(TIMELINE, { contactId })).activities)).not.toContain(call.id);
    const tasksAfter = (await admin.ok(TASKS, {})).tasks;
    expect(ids(tasksAfter)).not.toContain(task.id);
    expect(tasksAfter.totalCount).toBe(tasksBefore.totalCount - 1);
    expect((await admin.ok('{ taskCounts { todo overdue } }')).taskCounts).toEqual({
      todo: countsBefore.todo - 1,
      overdue: countsBefore.overdue - 1,
    });
    expect(errorCode(await admin.gql(`query($id: ID!) { activity(id: $id) { id } }`, { id: call.id }))).toBe(
      'NOT_FOUND',
    );
    // Deleting it again, editing it or completing it: it is not there any more.
    expect(errorCode(await admin.gql(DELETE, { id: call.id }))).toBe('NOT_FOUND');
    expect(errorCode(await admin.gql(`mutation($id: ID!) { completeTask(id: $id) { id } }`, { id: task.id }))).toBe(
      'NOT_FOUND',
    );

    // The trash: newest deletion first, who deleted it, by cursor pages.
    const trash = (await admin.ok(TRASH, {})).deletedActivities;
    expect(ids(trash).slice(0, 2)).toEqual([task.id, call.id]);
    expect(trash.edges[1].node).toMatchObject({ comment: 'à garder', deletedBy: { id: ws.userId } });
    expect(trash.edges[1].node.deletedAt).toBeTruthy();
    if (trash.pageInfo.hasNextPage) {
      const next = (await admin.ok(TRASH, { after: trash.pageInfo.endCursor })).deletedActivities;
      expect(ids(next)).not.toContain(call.id);
    }

    // Restored by a colleague (any writer, as deleting): back on the timeline and in the lists.
    const restored = (await colleagueClient.ok(RESTORE, { id: call.id })).restoreActivity;
    expect(restored).toMatchObject({ id: call.id, comment: 'à garder', deletedAt: null });
    await admin.ok(RESTORE, { id: task.id });
    expect((await timeline()).totalCount).toBe(before.totalCount);
    expect((await admin.ok(TASKS, {})).tasks.totalCount).toBe(tasksBefore.totalCount);
    expect((await admin.ok('{ taskCounts { todo overdue } }')).taskCounts).toEqual(countsBefore);
    expect(ids((await admin.ok(TRASH, {})).deletedActivities)).not.toContain(call.id);
    // A live activity is not in the trash: nothing to restore.
    expect(errorCode(await admin.gql(RESTORE, { id: call.id }))).toBe('CONFLICT');

    const trail = await admin.ok(
      `query($id: ID!) { auditTrail(entityType: "Activity", entityId: $id) { edges { node { action } } } }`,
      { id: call.id },
    );
    expect(trail.auditTrail.edges.map((e: { node: { action: string } }) => e.node.action).slice(0, 2)).toEqual([
      'restore',
      'delete',
    ]);

    // Another workspace neither sees nor restores it; a read-only key does not see the trash.
    await admin.ok(DELETE, { id: call.id });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(RESTORE, { id: call.id }))).toBe('NOT_FOUND');
    expect(ids((await other.ok(TRASH, {})).deletedActivities)).toEqual([]);
    const key = (await admin.ok('mutation { createApiKey(input: { name: "lecture", scope: READ_ONLY }) { secret } }'))
      .createApiKey.secret as string;
    for (const query of [TRASH, RESTORE]) {
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables: { id: call.id } }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    await admin.ok(RESTORE, { id: call.id });
  });

  it('an activity whose record is in the trash comes back only after the record', async () => {
    const RESTORE = `mutation($id: ID!) { restoreActivity(id: $id) { id } }`;
    const co = await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Corbeille & Fils',
        mainContact: {
          firstName: 'Rita',
          lastName: 'Corbeille',
          email: 'rita@corbeille.fr',
          phoneDirect: '0142685300',
        },
      },
    });
    const cid = co.createCompany.id;
    const info = await create({ kind: 'INFO', companyId: cid, categoryId: category.Prospection });
    await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: info.id });
    await admin.ok(`mutation($id: ID!) { deleteCompany(id: $id, contacts: DELETE) { id } }`, { id: cid });
    const refused = await admin.gql(RESTORE, { id: info.id });
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toContain('Corbeille & Fils');
    await admin.ok(`mutation($id: ID!) { restoreCompany(id: $id) { id } }`, { id: cid });
    expect((await admin.ok(RESTORE, { id: info.id })).restoreActivity.id).toBe(info.id);
  });

  it('a task in the trash frees its info for another task, and comes back unlinked if it took one', async () => {
    const info = await create({
      kind: 'INFO',
      contactId,
      categoryId: category.Prospection,
      linkedTask: { deadline: days(1) },
    });
    const oldTask = info.linkedActivity.id;
    await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: oldTask });
    expect((await read(info.id)).linkedActivity).toBeNull();
    const relinked = (await admin.ok(LINK, { activityId: info.id, task: { deadline: days(2) } })).linkTaskToActivity;
    await admin.ok(`mutation($id: ID!) { restoreActivity(id: $id) { id } }`, { id: oldTask });
    expect((await read(oldTask)).linkedActivity).toBeNull();
    expect((await read(info.id)).linkedActivity.id).toBe(relinked.linkedActivity.id);
  });

  it("a merge takes the merged contact's trashed activities along: restored, they are on the kept contact", async () => {
    const contact = async (firstName: string) =>
      (
        await admin.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
          input: { companyId, firstName, lastName: 'Doublon' },
        })
      ).createContact.id as string;
    const kept = await contact('Gardé');
    const merged = await contact('Fusionné');
    const note = await create({
      kind: 'INFO',
      contactId: merged,
      categoryId: category.Prospection,
      comment: 'en corbeille',
    });
    await admin.ok(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: note.id });
    await admin.ok(`mutation($k: ID!, $m: ID!) { mergeContacts(keepId: $k, mergeId: $m) { keptId } }`, {
      k: kept,
      m: merged,
    });
    const trash = await admin.ok('{ deletedActivities(first: 100) { edges { node { id contact { id } } } } }');
    expect(trash.deletedActivities.edges.find((e: { node: { id: string } }) => e.node.id === note.id)?.node).toEqual({
      id: note.id,
      contact: { id: kept },
    });
    await admin.ok(`mutation($id: ID!) { restoreActivity(id: $id) { id } }`, { id: note.id });
    const timeline = (await admin.ok(TIMELINE, { contactId: kept })).activities;
    expect(timeline.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(note.id);
  });

  it('activities stay in their workspace', async () => {
    const info = await create({ kind: 'INFO', companyId, categoryId: category.Prospection });
    const other = await clientFor(api, await createWorkspaceWithAdmin());
    expect(errorCode(await other.gql(`query($id: ID!) { activity(id: $id) { id } }`, { id: info.id }))).toBe(
      'NOT_FOUND',
    );
    expect(errorCode(await other.gql(TIMELINE, { companyId }))).toBe('NOT_FOUND');
    expect(errorCode(await other.gql(`mutation($id: ID!) { deleteActivity(id: $id) }`, { id: info.id }))).toBe(
      'NOT_FOUND',
    );
    const otherCat = (await other.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    const r = await admin.gql(CREATE, { input: { kind: 'INFO', companyId, categoryId: otherCat } });
    expect(fieldPaths(r)).toEqual(['input.categoryId']);
  });

  it('an activity category in use cannot be deleted', async () => {
    const cat = (
      await admin.ok(`mutation { createSettingOption(input: { list: ACTIVITY_CATEGORY, label: "Temporaire" }) { id } }`)
    ).createSettingOption.id;
    await create({ kind: 'INFO', contactId: otherContactId, categoryId: cat });
    const r = await admin.gql(`mutation($id: ID!) { deleteSettingOption(id: $id) }`, { id: cat });
    expect(errorCode(r)).toBe('CONFLICT');
    expect(r.errors?.[0]?.extensions?.usageCount).toBe(1);
  });
});
