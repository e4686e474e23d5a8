import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createAdminDataSource } from '../../db/data-sources';
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
  startTestApi,
  testConfig,
} from '../../../test/harness';
import { type TestSmtp, startTestSmtp } from '../../../test/smtp';
import { UserRole } from '../user/user.entity';
import { taskAssignmentMailHandler } from './task-assignment.job';
import { waitFor } from '../../../test/wait';

const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id assignee { id } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateActivityInput!) { updateActivity(id: $id, input: $input) { id } }`;
const LINK = `mutation($activityId: ID!, $task: LinkedTaskInput!) {
  linkTaskToActivity(activityId: $activityId, task: $task) { id linkedActivity { id } } }`;

const deadline = '2031-03-14T15:30:00.000Z';

describe('the assignee of a task is told by mail', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  let worker: RunningWorker;
  let owner: DataSource;
  let ws: TestWorkspace;
  let admin: TestClient;
  let camille: TestWorkspace;
  let camilleClient: TestClient;
  let bruno: TestWorkspace;
  let companyId: string;
  let contactId: string;
  let categoryId: string;

  const startMailWorker = () =>
    startWorker(api.deps, new JobRegistry([taskAssignmentMailHandler(api.deps.config)]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
  const mailsTo = (address: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(address));
  const waitMailsTo = (address: string, n: number) =>
    waitFor(
      async () => mailsTo(address),
      (list) => list.length >= n,
    );
  /** Every assignment-mail job of the workspace, finished or not: a mail never sent has no job at all. */
  const jobs = async (): Promise<{ params: { taskId: string; assigneeId: string }; status: string }[]> =>
    owner.query(
      `SELECT params, status FROM job WHERE workspace_id = $1 AND kind = 'task.assignment' ORDER BY created_at`,
      [ws.workspaceId],
    );
  const allJobsDone = () =>
    waitFor(jobs, (list) => list.every((j) => j.status === 'SUCCEEDED' || j.status === 'FAILED'));
  const createTask = async (input: Record<string, unknown>, client = admin) =>
    (await client.ok(CREATE, { input: { kind: 'TASK', deadline, categoryId, ...input } })).createActivity as {
      id: string;
      assignee: { id: string };
    };

  beforeAll(async () => {
    smtp = await startTestSmtp();
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_tasks_${randomBytes(3).toString('hex')}`,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'CRM Agence <crm@agence.test>',
      PUBLIC_URL: 'http://crm.agence.test',
      MAIL_RETRY_DELAY_MS: '50',
      MAIL_SEND_ATTEMPTS: '3',
    });
    worker = await startMailWorker();
    owner = createAdminDataSource(testConfig());
    await owner.initialize();
    ws = await createWorkspaceWithAdmin();
    admin = await clientFor(api, ws);
    camille = await addUser(ws.workspaceId, UserRole.USER, 'Camille Collègue');
    camilleClient = await clientFor(api, camille);
    bruno = await addUser(ws.workspaceId, UserRole.USER, 'Bruno Renfort');
    const company = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Société Générale des Fêtes',
          mainContact: { firstName: 'Claire', lastName: 'Martin', email: 'claire@fetes.fr', phoneDirect: '0142685300' },
        },
      },
    );
    companyId = company.createCompany.id;
    categoryId = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    contactId = company.createCompany.mainContact.id;
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await smtp.close();
    await owner.destroy();
    await closeFactories();
  });

  it('sends one mail to a colleague given a task: who, what, on which record, when, and the link', async () => {
    const task = await createTask({ companyId, assigneeId: camille.userId, comment: 'Rappeler pour le devis du gala' });
    const [mail] = await waitMailsTo(camille.email, 1);
    expect(mail.subject).toBe('Nouvelle tâche pour vous : Société Générale des Fêtes');
    expect(mail.from?.text).toContain('crm@agence.test');
    expect(mail.to && JSON.stringify(mail.to)).toContain('Camille Collègue');
    const text = mail.text ?? '';
    expect(text).toContain('Bonjour Camille Collègue');
    expect(text).toContain('Test Admin vous a attribué une tâche sur la société « Société Générale des Fêtes »');
    // Paris time (UTC+1 in March 2031).
    expect(text).toContain('Échéance : vendredi 14 mars 2031 à 16:30');
    expect(text).toContain('Rappeler pour le devis du gala');
    expect(text).toContain(`http://crm.agence.test/companies/${companyId}`);
    await allJobsDone();
    expect(mailsTo(camille.email)).toHaveLength(1);
    expect((await jobs()).filter((j) => j.params.taskId === task.id)).toHaveLength(1);
  });

  it('mails a date-only deadline (23:59 in the browser) as its day, without a clock time', async () => {
    const dora = await addUser(ws.workspaceId, UserRole.USER, 'Dora Datée');
    // "Due 20 November" picked in a UTC browser: 23:59 UTC, which is already the 21st at 00:59 in Paris.
    await createTask({ companyId, assigneeId: dora.userId, deadline: '2031-11-20T23:59:00.000Z' });
    const [mail] = await waitMailsTo(dora.email, 1);
    expect(mail.text).toMatch(/Échéance : jeudi 20 novembre 2031\s*\n/);
    expect(mail.text).not.toMatch(/Échéance :[^\n]* à /);
  });

  it('says nothing for a task one gives oneself, nor when an unrelated field changes', async () => {
    const before = (await jobs()).length;
    const mine = await createTask({ companyId, comment: 'Pour moi' });
    expect(mine.assignee.id).toBe(ws.userId);
    await createTask({ contactId, assigneeId: camille.userId, comment: 'Pour moi aussi' }, camilleClient);
    const given = await createTask({ companyId, assigneeId: camille.userId, comment: 'Première version' });
    await waitMailsTo(camille.email, 2);
    await admin.ok(UPDATE, { id: given.id, input: { comment: 'Commentaire corrigé', taskStatus: 'TODO' } });
    // Giving it again to the same person is no change either.
    await admin.ok(UPDATE, {
      id: given.id,
      input: { assigneeId: camille.userId, occurredAt: new Date().toISOString() },
    });
    await admin.ok(`mutation($id: ID!, $d: DateTime!) { postponeTask(id: $id, newDeadline: $d) { id } }`, {
      id: given.id,
      d: '2031-04-01T08:00:00.000Z',
    });
    await allJobsDone();
    // One job and one mail: the task given to Camille; none for the self-assigned ones or the edits.
    expect((await jobs()).length).toBe(before + 1);
    expect(mailsTo(camille.email)).toHaveLength(2);
    expect(mailsTo(ws.email)).toHaveLength(0);
  });

  it('sends to the new assignee on re-assignment, and for a task linked to an info', async () => {
    const task = await createTask({ contactId, assigneeId: camille.userId, comment: 'Envoyer le programme' });
    await waitMailsTo(camille.email, 3);
    // Camille hands it to Bruno: Bruno is told, Camille is not told again.
    await camilleClient.ok(UPDATE, { id: task.id, input: { assigneeId: bruno.userId } });
    const [toBruno] = await waitMailsTo(bruno.email, 1);
    expect(toBruno.subject).toBe('Nouvelle tâche pour vous : Claire Martin (Société Générale des Fêtes)');
    expect(toBruno.text).toContain('Camille Collègue vous a attribué une tâche sur le contact « Claire Martin');
    expect(toBruno.text).toContain(`http://crm.agence.test/contacts/${contactId}`);
    // Back to the one doing it: nobody is told.
    await camilleClient.ok(UPDATE, { id: task.id, input: { assigneeId: camille.userId } });

    const info = (await admin.ok(CREATE, { input: { kind: 'INFO', companyId, categoryId, comment: 'Salon en juin' } }))
      .createActivity as { id: string };
    await admin.ok(LINK, { activityId: info.id, task: { assigneeId: bruno.userId, deadline } });
    const mails = await waitMailsTo(bruno.email, 2);
    expect(mails[1].text).toContain('Salon en juin');
    await allJobsDone();
    expect(mailsTo(camille.email)).toHaveLength(3);
    expect(mailsTo(bruno.email)).toHaveLength(2);
  });

  it('mails one digest to whoever takes over many tasks at once, and the usual mail for a single one', async () => {
    const lea = await addUser(ws.workspaceId, UserRole.USER, 'Léa Partante');
    const hugo = await addUser(ws.workspaceId, UserRole.USER, 'Hugo Repreneur');
    const { settingOptions } = await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id label } }');
    const category = (settingOptions as { id: string; label: string }[]).find((o) => o.id === categoryId)!.label;
    const later = await createTask({
      companyId,
      assigneeId: lea.userId,
      comment: 'Relancer le traiteur\nIl attend notre devis.',
      deadline: '2031-03-20T10:00:00.000Z',
    });
    const sooner = await createTask({
      contactId,
      assigneeId: lea.userId,
      comment: 'Envoyer le programme',
      deadline: '2031-03-10T10:00:00.000Z',
    });
    await createTask({ companyId, assigneeId: lea.userId, deadline: '2031-11-20T23:59:00.000Z' });
    await waitMailsTo(lea.email, 3);
    await allJobsDone();
    const before = (await jobs()).length;

    await admin.ok(`mutation($id: ID!, $to: ID) { deactivateUser(id: $id, reassignTasksTo: $to) { id } }`, {
      id: lea.userId,
      to: hugo.userId,
    });
    const [digest] = await waitMailsTo(hugo.email, 1);
    await allJobsDone();
    expect(mailsTo(hugo.email)).toHaveLength(1);
    const after = await jobs();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.params).toMatchObject({ assigneeId: hugo.userId });

    expect(digest.subject).toBe('3 nouvelles tâches pour vous');
    const text = digest.text ?? '';
    expect(text).toContain('Bonjour Hugo Repreneur');
    expect(text).toContain('Test Admin vous a attribué 3 tâches');
    // Soonest deadline first, each with its title (category, first line of the comment), record, deadline, link.
    const items = text.split('• ').slice(1);
    expect(items).toHaveLength(3);
    expect(items[0]).toContain(`${category} — Envoyer le programme`);
    expect(items[0]).toContain('Sur le contact « Claire Martin (Société Générale des Fêtes) »');
    expect(items[0]).toContain('Échéance : lundi 10 mars 2031 à 11:00');
    expect(items[0]).toContain(`http://crm.agence.test/contacts/${contactId}`);
    expect(items[1]).toContain(`${category} — Relancer le traiteur\n`);
    expect(items[1]).not.toContain('Il attend notre devis');
    expect(items[1]).toContain('Sur la société « Société Générale des Fêtes »');
    expect(items[1]).toContain('Échéance : jeudi 20 mars 2031 à 11:00');
    expect(items[1]).toContain(`http://crm.agence.test/companies/${companyId}`);
    expect(items[2]).toMatch(/Échéance : jeudi 20 novembre 2031\s*\n/);
    expect(text).toContain('http://crm.agence.test/tasks');
    expect(later.id).not.toBe(sooner.id);

    // One task changing hands the same way gets the usual one-task mail.
    const max = await addUser(ws.workspaceId, UserRole.USER, 'Max Suivant');
    await admin.ok(`mutation($from: ID!, $to: ID!) { reassignOpenTasks(fromUserId: $from, toUserId: $to) }`, {
      from: hugo.userId,
      to: max.userId,
    });
    // Hugo had the three: Max gets a digest of three too; then one task back to Hugo alone.
    const [toMax] = await waitMailsTo(max.email, 1);
    expect(toMax.subject).toBe('3 nouvelles tâches pour vous');
    await admin.ok(UPDATE, { id: sooner.id, input: { taskStatus: 'DONE' } });
    await admin.ok(UPDATE, { id: later.id, input: { taskStatus: 'DONE' } });
    await admin.ok(`mutation($from: ID!, $to: ID!) { reassignOpenTasks(fromUserId: $from, toUserId: $to) }`, {
      from: max.userId,
      to: hugo.userId,
    });
    const mails = await waitMailsTo(hugo.email, 2);
    expect(mails[1].subject).toBe('Nouvelle tâche pour vous : Société Générale des Fêtes');
    expect(mails[1].text).toContain('Test Admin vous a attribué une tâche sur la société');
    await allJobsDone();
    expect(mailsTo(hugo.email)).toHaveLength(2);
    expect(mailsTo(max.email)).toHaveLength(1);
  });

  it('never mails a user deactivated before the mail went out', async () => {
    const dora = await addUser(ws.workspaceId, UserRole.USER, 'Dora Partie');
    // The worker is stopped, so the job waits while Dora is deactivated.
    await worker.close();
    await createTask({ companyId, assigneeId: dora.userId });
    await admin.ok(`mutation($id: ID!) { deactivateUser(id: $id) { id active } }`, { id: dora.userId });
    worker = await startMailWorker();
    await allJobsDone();
    const last = (await jobs()).at(-1);
    expect(last?.params.assigneeId).toBe(dora.userId);
    const [row]: { result: { skipped?: string } }[] = await owner.query(
      `SELECT result FROM job WHERE workspace_id = $1 AND kind = 'task.assignment' ORDER BY created_at DESC LIMIT 1`,
      [ws.workspaceId],
    );
    expect(row.result).toEqual({ skipped: 'assignee inactive' });
    expect(mailsTo(dora.email)).toHaveLength(0);
  });
});

describe('the assignment mail without SMTP', () => {
  let api: TestApi;
  let worker: RunningWorker;

  beforeAll(async () => {
    api = await startTestApi({
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_tasks_${randomBytes(3).toString('hex')}`,
      SMTP_URL: '',
      MAIL_FROM: 'CRM Agence <crm@agence.test>',
      PUBLIC_URL: 'http://crm.agence.test',
    });
    worker = await startWorker(api.deps, new JobRegistry([taskAssignmentMailHandler(api.deps.config)]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
    await closeFactories();
  });

  it('keeps it in the outbox, where admins see it', async () => {
    const ws = await createWorkspaceWithAdmin();
    const admin = await clientFor(api, ws);
    const camille = await addUser(ws.workspaceId, UserRole.USER, 'Camille Collègue');
    const categoryId = (await admin.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
    const { createCompany } = await admin.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Atelier Sans SMTP',
          mainContact: { firstName: 'Léo', lastName: 'Petit', email: 'leo@atelier.fr', phoneDirect: '0142685300' },
        },
      },
    );
    await admin.ok(CREATE, {
      input: { kind: 'TASK', companyId: createCompany.id, categoryId, assigneeId: camille.userId, deadline },
    });
    const job = await waitFor(
      async () =>
        (
          await admin.ok('{ jobs(first: 10) { edges { node { kind status result progressDone progressTotal } } } }')
        ).jobs.edges
          .map(
            (e: {
              node: {
                kind: string;
                status: string;
                result: Record<string, string> | null;
                progressDone: number;
                progressTotal: number | null;
              };
            }) => e.node,
          )
          .find((j: { kind: string }) => j.kind === 'task.assignment'),
      (j) => j?.status === 'SUCCEEDED',
    );
    expect(job.result).toMatchObject({ status: 'OUTBOX', reason: 'smtp-not-configured' });
    // Kept in the outbox is done: the jobs page shows 1 / 1.
    expect(job).toMatchObject({ progressDone: 1, progressTotal: 1 });
    const { outbox } = await admin.ok(
      '{ outbox { edges { node { id kind status subject bodyText to { name address } activity { id } } } } }',
    );
    expect(outbox.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({
        id: job.result.emailId,
        kind: 'SYSTEM',
        status: 'OUTBOX',
        subject: 'Nouvelle tâche pour vous : Atelier Sans SMTP',
        to: [{ name: 'Camille Collègue', address: camille.email }],
        activity: null,
        bodyText: expect.stringContaining(`http://crm.agence.test/companies/${createCompany.id}`),
      }),
    ]);
  });
});
