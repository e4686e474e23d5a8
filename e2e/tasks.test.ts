import type { Page } from 'playwright-core';
import { type TestClient, addUser } from '../server/test/harness';
import { UserRole } from '../server/src/modules/user/user.entity';
import { assertWebClientBuilt, byTest, waitForDialog, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

const session = signedInAdminPerTest();
const CREATE = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;
const ASSIGNEE = `query($id: ID!) { activity(id: $id) { assignee { id } } }`;

/** Picks an option of a naive-ui select (the one with this data-test, inside `scope`). */
async function choose(page: Page, scope: Page | ReturnType<Page['locator']>, testId: string, label: string) {
  await byTest(scope, testId).first().click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

/** A company with a task for `assigneeId`; returns the task's id. */
async function taskFor(client: TestClient, assigneeId: string, comment: string, companyId?: string) {
  const company =
    companyId ??
    (
      await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
        input: {
          name: `Relais ${comment}`,
          mainContact: { firstName: 'Rémi', lastName: 'Relais', email: 'remi@relais.fr', phoneDirect: '0142685300' },
        },
      })
    ).createCompany.id;
  const categoryId = (await client.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }')).settingOptions[0].id;
  const { createActivity } = await client.ok(CREATE, {
    input: { kind: 'TASK', companyId: company, categoryId, assigneeId, comment, deadline: '2031-03-14T15:30:00.000Z' },
  });
  return { taskId: createActivity.id as string, companyId: company as string };
}

describe('tasks change hands in the browser', () => {
  beforeAll(() => assertWebClientBuilt());

  it('the edit dialog gives a task to a colleague; the Tasks page finds it under their name and under everyone', async () => {
    const { page, admin } = session;
    const client = await session.apiClient();
    const camille = await addUser(admin.workspaceId, UserRole.USER, 'Camille Collègue');
    const { taskId } = await taskFor(client, admin.userId, 'Envoyer le devis du salon');

    await page.goto('/tasks');
    await waitForText(page, 'page-title', 'Mes tâches');
    const entry = await waitForText(page, 'activity-entry', 'Envoyer le devis du salon');
    await byTest(entry, 'activity-menu').click();
    await page.locator('.n-dropdown-option').filter({ hasText: 'Modifier' }).first().click();
    const dialog = await waitForDialog(page, 'activity-dialog');
    await choose(page, dialog, 'activity-edit-assignee', 'Camille Collègue');
    await byTest(dialog, 'activity-dialog-save').click();
    await page.getByText('Activité modifiée.').waitFor({ state: 'visible' });
    await dialog.waitFor({ state: 'detached' });

    expect((await client.ok(ASSIGNEE, { id: taskId })).activity.assignee.id).toBe(camille.userId);
    // No longer mine…
    await byTest(page, 'activity-entry')
      .filter({ hasText: 'Envoyer le devis du salon' })
      .waitFor({ state: 'detached' });
    // …but found under Camille's name, and under everyone, with who has it; the title says whose
    // tasks these are (and my own counts are not shown as hers).
    await choose(page, page, 'tasks-assignee', 'Camille Collègue');
    await page.waitForURL((url) => url.searchParams.get('assignee') === camille.userId);
    await waitForText(page, 'page-title', 'Tâches de Camille Collègue');
    const hers = await waitForText(page, 'activity-entry', 'Envoyer le devis du salon');
    expect(await hers.textContent()).toContain('Camille Collègue');
    expect(await byTest(page, 'tasks-counts').count()).toBe(0);
    await choose(page, page, 'tasks-assignee', 'Tous les responsables');
    await waitForText(page, 'page-title', 'Toutes les tâches');
    await waitForText(page, 'activity-entry', 'Envoyer le devis du salon');
    // A reload of a colleague's address names them too.
    await page.goto(`/tasks?assignee=${camille.userId}`);
    await waitForText(page, 'page-title', 'Tâches de Camille Collègue');
  });

  it('deactivating a user with open tasks warns with the count and gives them to someone in one step', async () => {
    const { page, admin } = session;
    const client = await session.apiClient();
    const bob = await addUser(admin.workspaceId, UserRole.USER, 'Bob Partant');
    const alice = await addUser(admin.workspaceId, UserRole.USER, 'Alice Reprend');
    const first = await taskFor(client, bob.userId, 'Rappeler le traiteur');
    const second = await taskFor(client, bob.userId, 'Réserver la salle', first.companyId);

    await page.goto('/settings');
    const row = page.locator(`[data-test="user-row"][title="${bob.email}"]`);
    await byTest(row, 'user-deactivate').click();
    const dialog = await waitForDialog(page, 'user-reassign-dialog');
    await waitForText(dialog, 'user-reassign-warning', 'Bob Partant a 2 tâches à faire');
    await choose(page, dialog, 'user-reassign-to', 'Alice Reprend');
    await byTest(dialog, 'user-reassign-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForText(row, 'user-status', 'Désactivé');

    for (const { taskId } of [first, second])
      expect((await client.ok(ASSIGNEE, { id: taskId })).activity.assignee.id).toBe(alice.userId);
    const { users } = await client.ok('{ users { id active openTaskCount } }');
    expect(users.find((u: { id: string }) => u.id === bob.userId)).toMatchObject({ active: false, openTaskCount: 0 });
  });
});
