import { byTest, waitForText } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';
import { addUser } from '../server/test/harness';

jest.setTimeout(120_000);

const CREATE_TASK = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;
const DAY = 86_400_000;

/** Today at 23:59 in this process's time zone, which the browser shares: "due today" whatever the hour. */
function endOfToday(): string {
  const d = new Date();
  d.setHours(23, 59, 0, 0);
  return d.toISOString();
}

describe('the home page', () => {
  const ctx = signedInAdminPerTest();

  async function setUp() {
    const client = await ctx.apiClient();
    const { settingOptions } = await client.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id } }');
    const categoryId = settingOptions[0].id;
    const created = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Événements Lumière',
          mainContact: {
            firstName: 'Claire',
            lastName: 'Martin',
            email: 'claire@lumiere.test',
            phoneDirect: '0472000001',
          },
        },
      },
    );
    const companyId: string = created.createCompany.id;
    const contactId: string = created.createCompany.mainContact.id;
    const task = async (input: Record<string, unknown>) =>
      (await client.ok(CREATE_TASK, { input: { kind: 'TASK', categoryId, ...input } })).createActivity.id as string;
    return { client, companyId, contactId, task };
  }

  it("lists the user's open tasks, overdue first, and completes one from the card", async () => {
    const { page } = ctx;
    const { task, companyId, contactId } = await setUp();
    // Created in the reverse order of the card's, so the order is the card's doing.
    const later = await task({
      companyId,
      deadline: new Date(Date.now() + 5 * DAY).toISOString(),
      comment: 'Préparer le salon',
    });
    const today = await task({ contactId, deadline: endOfToday(), comment: 'Appeler Claire pour le traiteur' });
    const overdue = await task({
      companyId,
      deadline: new Date(Date.now() - 3 * DAY - 3_600_000).toISOString(),
      comment: 'Relancer le devis du gala de printemps',
    });
    // Someone else's task is not on this user's card.
    const other = await addUser(ctx.admin.workspaceId, undefined, 'Camille Collègue');
    await task({ companyId, assigneeId: other.userId, deadline: endOfToday(), comment: 'La tâche de Camille' });

    await page.goto('/');
    const card = byTest(page, 'home-tasks');
    await waitForText(card, 'home-task', 'Relancer le devis');
    const items = byTest(card, 'home-task');
    expect(await items.count()).toBe(3);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([
      overdue,
      today,
      expect.any(String),
    ]);
    expect(await card.textContent()).not.toContain('La tâche de Camille');

    // The overdue one is highlighted, says how late it is, and links to its record.
    const late = card.locator(`[data-test="home-task"][data-id="${overdue}"]`);
    expect(await late.getAttribute('data-overdue')).toBe('true');
    expect(await byTest(card, 'home-tasks-overdue').textContent()).toContain('En retard');
    await waitForText(late, 'home-task-late', 'en retard de 3 jours');
    expect(await byTest(late, 'home-task-record').textContent()).toContain('Événements Lumière');
    expect(await byTest(late, 'home-task-record').getAttribute('href')).toBe(`/companies/${companyId}`);
    // Today's is on the contact, in the "Aujourd'hui" group, not late.
    const due = card.locator(`[data-test="home-task"][data-id="${today}"]`);
    expect(await due.getAttribute('data-overdue')).toBe('false');
    expect(await byTest(card, 'home-tasks-today').textContent()).toContain('Appeler Claire pour le traiteur');
    expect(await byTest(due, 'home-task-record').textContent()).toContain('Claire Martin');
    expect(await byTest(due, 'home-task-late').count()).toBe(0);
    await waitForText(card, 'home-tasks-next', 'Préparer le salon');
    // Deadlines read as on the Tasks page (« 3 déc. 2026, 14:05 »), not as « 03/12/2026 14:05 ».
    const laterDeadline = (
      await byTest(card.locator(`[data-test="home-task"][data-id="${later}"]`), 'home-task-deadline').innerText()
    ).trim();
    expect(laterDeadline).toMatch(/^\d{1,2} \S+ \d{4}(, \d{2}:\d{2})?$/);
    await waitForText(card, 'home-tasks-all', 'Toutes mes tâches (3)');
    await waitForText(page, 'menu-tasks', 'Mes tâches (3)');

    await byTest(late, 'home-task-complete').click();
    await late.waitFor({ state: 'detached' });
    await waitForText(card, 'home-tasks-all', 'Toutes mes tâches (2)');
    await waitForText(page, 'menu-tasks', 'Mes tâches (2)');
    expect(await byTest(card, 'home-task').count()).toBe(2);
    expect(await byTest(card, 'home-tasks-overdue').count()).toBe(0);

    // "Reporter" moves today's task to a later day, out of the "Aujourd'hui" group.
    await byTest(due, 'home-task-postpone').click();
    await byTest(page, 'postpone-dialog').waitFor({ state: 'visible' });
    await byTest(page, 'postpone-save').click();
    await byTest(page, 'postpone-dialog').waitFor({ state: 'detached' });
    await byTest(card, 'home-tasks-today').waitFor({ state: 'detached' });
    await waitForText(card, 'home-tasks-next', 'Appeler Claire pour le traiteur');

    await byTest(card, 'home-tasks-all').click();
    await byTest(page, 'tasks-page').waitFor({ state: 'visible' });
    const entry = page.locator(`[data-test="activity-entry"][data-id="${later}"]`);
    await waitForText(entry, 'activity-deadline-text', laterDeadline);
  });

  it('says so when there is nothing to do', async () => {
    const { page } = ctx;
    await page.goto('/');
    await waitForText(page, 'home-tasks-empty', 'Aucune tâche à faire');
    await waitForText(page, 'home-tasks-all', 'Toutes mes tâches (0)');
  });

  it('shows no task count until the tasks are read', async () => {
    const { page } = ctx;
    const { task, companyId } = await setUp();
    await task({ companyId, comment: 'Rappeler le traiteur', deadline: endOfToday() });
    // The card's read of the tasks is held back: its link says no count meanwhile.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if (/query Tasks\b/.test(route.request().postData() ?? '')) await held;
      await route.continue();
    });
    await page.goto('/');
    await waitForText(page, 'home-tasks-all', 'Toutes mes tâches');
    expect((await byTest(page, 'home-tasks-all').textContent())?.trim()).toBe('Toutes mes tâches');
    release();
    await waitForText(page, 'home-tasks-all', 'Toutes mes tâches (1)');
  });
});
