import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createAdminDataSource } from '../../db/data-sources';
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
  testConfig,
} from '../../../test/harness';
import { UserRole } from '../user/user.entity';

const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;
const TASKS = `query($assigneeId: ID, $allAssignees: Boolean, $status: TaskStatus) {
  tasks(assigneeId: $assigneeId, allAssignees: $allAssignees, status: $status, first: 100) {
    totalCount edges { node { id assignee { id } taskStatus } } } }`;
const COUNTS = `{ users { id openTaskCount } }`;
const DEACTIVATE = `mutation($id: ID!, $to: ID) { deactivateUser(id: $id, reassignTasksTo: $to) { id active } }`;
const REASSIGN = `mutation($from: ID!, $to: ID!) { reassignOpenTasks(fromUserId: $from, toUserId: $to) }`;

const deadline = '2031-03-14T15:30:00.000Z';

describe("reassigning a user's open tasks", () => {
  let api: TestApi;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let companyId: string;
  let categoryId: string;

  beforeAll(async () => {
    // A queue of its own: no worker runs these jobs, the test reads their rows.
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_reassign_${randomBytes(3).toString('hex')}`,
    });
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    const company = await admin.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Relais SA',
        mainContact: { firstName: 'Rémi', lastName: 'Relais', email: 'remi@relais.fr', phoneDirect: '0142685300' },
      },
    });
    companyId = company.createCompany.id;
    categoryId = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
  });
  afterAll(async () => {
    await api.close();
    await owner.destroy();
    await closeFactories();
  });

  const task = async (assigneeId: string, comment: string) =>
    (
      await admin.ok(CREATE, {
        input: { kind: 'TASK', companyId, categoryId, deadline, assigneeId, comment },
      })
    ).createActivity.id as string;
  const openCount = async (userId: string) =>
    (await admin.ok(COUNTS)).users.find((u: { id: string }) => u.id === userId).openTaskCount as number;
  /** The assignment-mail jobs naming these tasks: `tasks>assignee`, a digest's tasks sorted and comma-joined. */
  const assignmentJobs = async (taskIds: string[]): Promise<string[]> =>
    (
      await owner.query(
        `SELECT COALESCE(params->'taskIds', jsonb_build_array(params->>'taskId')) AS tasks,
                params->>'assigneeId' AS assignee FROM job
          WHERE workspace_id = $1 AND kind = 'task.assignment'
            AND (params->>'taskId' = ANY($2) OR params->'taskIds' ?| $2)`,
        [ws.workspaceId, taskIds],
      )
    ).map((r: { tasks: string[]; assignee: string }) => `${[...r.tasks].sort().join(',')}>${r.assignee}`);

  it('lists everyone’s tasks, one colleague’s or mine; refuses an assignee together with everyone', async () => {
    const other = await addUser(ws.workspaceId, UserRole.USER, 'Olga Autre');
    const mine = await task(ws.userId, 'à moi');
    const hers = await task(other.userId, 'à Olga');
    const ids = (r: { tasks: { edges: { node: { id: string } }[] } }) => r.tasks.edges.map((e) => e.node.id);
    expect(ids(await admin.ok(TASKS, {}))).toEqual([mine]);
    expect(ids(await admin.ok(TASKS, { assigneeId: other.userId }))).toEqual([hers]);
    expect(ids(await admin.ok(TASKS, { allAssignees: true }))).toEqual(expect.arrayContaining([mine, hers]));
    const both = await admin.gql(TASKS, { allAssignees: true, assigneeId: other.userId });
    expect(errorCode(both)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(both.errors)).toContain('allAssignees');
  });

  it('deactivating with reassignTasksTo moves every open task in the same step, audited, the new assignee told', async () => {
    const bob = await addUser(ws.workspaceId, UserRole.USER, 'Bob Partant');
    const alice = await addUser(ws.workspaceId, UserRole.USER, 'Alice Reprend');
    const t1 = await task(bob.userId, 'rappeler');
    const t2 = await task(bob.userId, 'devis');
    const done = await task(bob.userId, 'fini');
    await admin.ok(`mutation($id: ID!) { completeTask(id: $id) { id } }`, { id: done });
    expect(await openCount(bob.userId)).toBe(2);

    // A bad target names the field and changes nothing, not even the deactivation.
    const self = await admin.gql(DEACTIVATE, { id: bob.userId, to: bob.userId });
    expect(errorCode(self)).toBe('BAD_USER_INPUT');
    expect(self.errors?.[0].extensions?.fields).toEqual([{ path: ['reassignTasksTo'], message: expect.any(String) }]);
    const unknown = await admin.gql(DEACTIVATE, { id: bob.userId, to: 'e4b7c0de-0000-4000-8000-000000000000' });
    expect((unknown.errors?.[0].extensions?.fields as { path: string[] }[])[0].path).toEqual(['reassignTasksTo']);
    expect((await owner.query('SELECT active FROM app_user WHERE id = $1', [bob.userId]))[0].active).toBe(true);
    expect(await openCount(bob.userId)).toBe(2);

    const off = await admin.ok(DEACTIVATE, { id: bob.userId, to: alice.userId });
    expect(off.deactivateUser.active).toBe(false);
    expect(await openCount(bob.userId)).toBe(0);
    expect(await openCount(alice.userId)).toBe(2);
    const alices = await admin.ok(TASKS, { assigneeId: alice.userId });
    expect(alices.tasks.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual([t1, t2].sort());
    // The done task stays Bob's: it is history, not work to do.
    const [{ assignee_id: doneAssignee }] = await owner.query('SELECT assignee_id FROM activity WHERE id = $1', [done]);
    expect(doneAssignee).toBe(bob.userId);

    const audits = await owner.query(
      `SELECT entity_id, changes FROM audit_log WHERE entity_type = 'Activity' AND action = 'update' AND entity_id = ANY($1)`,
      [[t1, t2]],
    );
    expect(audits).toHaveLength(2);
    for (const a of audits) expect(a.changes).toEqual({ assigneeId: { from: bob.userId, to: alice.userId } });
    const [userAudit] = await owner.query(
      `SELECT changes FROM audit_log WHERE entity_type = 'User' AND action = 'deactivate' AND entity_id = $1`,
      [bob.userId],
    );
    expect(userAudit.changes.tasksReassigned).toEqual({ from: null, to: 2 });
    // One digest mail for the two, not one mail per task.
    expect(await assignmentJobs([t1, t2])).toEqual(
      expect.arrayContaining([`${[t1, t2].sort().join(',')}>${alice.userId}`]),
    );
    expect((await assignmentJobs([t1, t2])).filter((j) => j.endsWith(`>${alice.userId}`))).toHaveLength(1);
  });

  it("an admin gives a deactivated user's stranded tasks to someone later; others cannot", async () => {
    const gone = await addUser(ws.workspaceId, UserRole.USER, 'Gaston Parti');
    const heir = await addUser(ws.workspaceId, UserRole.USER, 'Hélène Héritière');
    const stranded = await task(gone.userId, 'oublié');
    await admin.ok(DEACTIVATE, { id: gone.userId });
    expect(await openCount(gone.userId)).toBe(1);

    const member = await clientFor(api, heir);
    expect(errorCode(await member.gql(REASSIGN, { from: gone.userId, to: heir.userId }))).toBe('FORBIDDEN');
    // Not to a deactivated user.
    const other = await addUser(ws.workspaceId, UserRole.USER, 'Ines Inactive');
    await admin.ok(DEACTIVATE, { id: other.userId });
    const toInactive = await admin.gql(REASSIGN, { from: gone.userId, to: other.userId });
    expect(errorCode(toInactive)).toBe('BAD_USER_INPUT');
    expect(toInactive.errors?.[0].extensions?.fields).toEqual([{ path: ['toUserId'], message: expect.any(String) }]);
    // Another workspace's user is not found here (row-level security).
    const foreign = await addUser((await createWorkspaceWithAdmin()).workspaceId, UserRole.USER);
    const fromForeign = await admin.gql(REASSIGN, { from: foreign.userId, to: heir.userId });
    expect(errorCode(fromForeign)).toBe('NOT_FOUND');

    expect((await admin.ok(REASSIGN, { from: gone.userId, to: heir.userId })).reassignOpenTasks).toBe(1);
    expect((await admin.ok(REASSIGN, { from: gone.userId, to: heir.userId })).reassignOpenTasks).toBe(0);
    const [{ assignee_id }] = await owner.query('SELECT assignee_id FROM activity WHERE id = $1', [stranded]);
    expect(assignee_id).toBe(heir.userId);
  });
});
