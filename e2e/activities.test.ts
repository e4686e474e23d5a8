import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { JobRegistry } from '../server/src/jobs/job-handler';
import { type RunningWorker, startWorker } from '../server/src/jobs/worker';
import { emailSendHandler } from '../server/src/modules/email/email.job';
import {
  TestClient,
  type TestApi,
  type TestWorkspace,
  addUser,
  createWorkspaceWithAdmin,
  startTestApi,
} from '../server/test/harness';
import { type SmtpSink, leafParts, parseMime, partContent, startSmtpSink } from '../server/test/smtp-sink';
import {
  assertWebClientBuilt,
  byTest,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitForText,
} from './support/browser';

jest.setTimeout(120_000);

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

/** Picks an option of a naive-ui select (the one with this data-test). */
async function choose(page: Page, testId: string, label: string): Promise<void> {
  await byTest(page, testId).first().click();
  await page.locator('.n-base-select-option').filter({ hasText: label }).first().click();
}

/** Types a date into a naive-ui date picker (dd/MM/yyyy: the app is in French) and confirms it. */
async function pickDate(page: Page, testId: string, date: string): Promise<void> {
  const input = byTest(page, testId).locator('input').first();
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  // Leaves the field so the picker panel closes (Escape would also close a surrounding dialog).
  await input.press('Tab');
}

/** Opens the "…" menu of a timeline entry (or of the first one showing this text) and picks an action. */
async function entryAction(page: Page, entryOrText: string | Locator, action: string): Promise<void> {
  const entry =
    typeof entryOrText === 'string'
      ? byTest(page, 'activity-entry').filter({ hasText: entryOrText }).first()
      : entryOrText;
  await byTest(entry, 'activity-menu').click();
  await page.locator('.n-dropdown-option').filter({ hasText: action }).first().click();
}

describe('activity follow-up pages', () => {
  let smtp: SmtpSink;
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;
  let admin: TestWorkspace;
  let client: TestClient;
  let contactId: string;
  let companyId: string;
  let colleague: TestWorkspace;

  beforeAll(async () => {
    assertWebClientBuilt();
    smtp = await startSmtpSink();
    api = await startTestApi({
      SMTP_URL: smtp.url,
      // A queue of its own: other test files run workers with other handlers.
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_e2e_${randomBytes(3).toString('hex')}`,
      MAIL_FROM: 'Agence <crm@agence.test>',
      MAIL_RETRY_DELAY_MS: '100',
    });
    worker = await startWorker(api.deps, new JobRegistry([emailSendHandler(api.deps.config)]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await smtp?.close();
  });

  beforeEach(async () => {
    admin = await createWorkspaceWithAdmin();
    colleague = await addUser(admin.workspaceId, undefined, 'Camille Collègue');
    client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
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
    contactId = created.createCompany.mainContact.id;
    companyId = created.createCompany.id;
    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, admin.email, admin.password);
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  it('adds a task for a colleague, postpones it, completes it', async () => {
    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'activity-panel', 'Activité avec le client');
    await byTest(page, 'activity-tab-TASK').click();
    await choose(page, 'activity-category', 'Prospection');
    await byTest(page, 'activity-comment').fill('Envoyer le devis');
    await choose(page, 'activity-assignee', 'Camille Collègue');
    await pickDate(page, 'activity-deadline', '15/01/2030');
    await byTest(page, 'activity-add').click();

    const entry = await waitForText(page, 'activity-entry', 'Envoyer le devis');
    expect(await entry.getAttribute('data-kind')).toBe('TASK');
    expect(await byTest(entry, 'activity-icon').textContent()).toBe('☑');
    await waitForText(entry, 'activity-task-status', 'À faire');
    const deadlineBefore = await byTest(entry, 'activity-deadline-text').textContent();

    await entryAction(page, 'Envoyer le devis', 'Reporter');
    await byTest(page, 'postpone-dialog').waitFor({ state: 'visible' });
    await pickDate(page, 'postpone-deadline', '20/02/2030');
    await byTest(page, 'postpone-save').click();
    await byTest(page, 'postpone-dialog').waitFor({ state: 'detached' });
    await waitForText(entry, 'activity-deadline-text', /2030/);
    expect(await byTest(entry, 'activity-deadline-text').textContent()).not.toBe(deadlineBefore);

    await entryAction(page, 'Envoyer le devis', 'Voir');
    await waitForText(page, 'activity-postponement', /Reportée du .* au /);
    await page.keyboard.press('Escape');
    await byTest(page, 'activity-dialog').waitFor({ state: 'detached' });

    await entryAction(page, 'Envoyer le devis', 'Terminer');
    await waitForText(entry, 'activity-task-status', 'Terminée');

    // The colleague has it in their tasks, done, with its history.
    const theirs = new TestClient(api.url);
    await theirs.login(colleague.email, colleague.password);
    const tasks = await theirs.ok(
      '{ tasks { edges { node { comment taskStatus deadline postponements { newDeadline } assignee { id } } } } }',
    );
    expect(tasks.tasks.edges).toHaveLength(1);
    expect(tasks.tasks.edges[0].node).toMatchObject({
      comment: 'Envoyer le devis',
      taskStatus: 'DONE',
      assignee: { id: colleague.userId },
    });
    expect(tasks.tasks.edges[0].node.postponements).toHaveLength(1);

    // And on their "Mes tâches" page, listed with its client.
    const other = await openPage(browser, api.url);
    await signIn(other.page, colleague.email, colleague.password);
    await byTest(other.page, 'menu-tasks').click();
    await byTest(other.page, 'tasks-show-done').click();
    await waitForText(other.page, 'tasks-list', 'Envoyer le devis');
    await waitForText(other.page, 'task-record', 'Claire Martin');
    await other.context.close();
  });

  it('the category is required: marked, and a missing one is said under the field', async () => {
    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'activity-panel', 'Activité avec le client');
    const field = byTest(page, 'field-activity-category');
    await field.locator('.n-form-item-label__asterisk').waitFor({ state: 'visible' });
    await byTest(page, 'activity-comment').fill('Sans catégorie');
    await byTest(page, 'activity-add').click();
    await field.getByText('Ce champ est obligatoire.').waitFor({ state: 'visible' });
    expect(await page.getByText('Valeur inconnue pour cette liste.').count()).toBe(0);
    expect(await byTest(page, 'activity-entry').filter({ hasText: 'Sans catégorie' }).count()).toBe(0);

    // Category picked, but a linked task without its deadline: only the deadline is said
    // missing; the category's message was about the previous try.
    await choose(page, 'activity-category', 'Prospection');
    await byTest(page, 'activity-with-task').click();
    // The linked task's deadline is marked required before any try, like the category.
    await byTest(page, 'field-activity-deadline').locator('.n-form-item-label__asterisk').waitFor({ state: 'visible' });
    await byTest(page, 'activity-add').click();
    await byTest(page, 'field-activity-deadline').getByText('Ce champ est obligatoire.').waitFor({ state: 'visible' });
    await field.getByText('Ce champ est obligatoire.').waitFor({ state: 'hidden' });

    await byTest(page, 'activity-with-task').click();
    // A date typed with a wrong year is refused, said under the date.
    await pickDate(page, 'activity-date', '31/12/9999 10:00:00');
    await byTest(page, 'activity-add').click();
    await waitForText(page, 'field-activity-date', 'l’année doit être entre 1900 et 2100');
    await pickDate(page, 'activity-date', '28/11/2026 10:00:00');
    await byTest(page, 'activity-add').click();
    await waitForText(page, 'activity-entry', 'Sans catégorie');
    // Dates on timelines have four-digit years.
    expect(await byTest(page, 'activity-entry').first().textContent()).toContain(String(new Date().getFullYear()));
  });

  it('the edit dialog closes after a successful save and stays open on an error', async () => {
    const options = await client.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id label } }');
    const prospection = options.settingOptions.find((o: { label: string }) => o.label === 'Prospection').id;
    await client.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: { kind: 'INFO', contactId, categoryId: prospection, comment: 'Premier appel' },
    });
    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'activity-entry', 'Premier appel');
    await entryAction(page, 'Premier appel', 'Modifier');
    const dialog = byTest(page, 'activity-dialog');
    await dialog.waitFor({ state: 'visible' });
    await dialog
      .locator('.n-form-item-label')
      .filter({ hasText: /^Auteur$/ })
      .waitFor({ state: 'visible' });
    expect(await dialog.getByText('Éditeur').count()).toBe(0);

    // Too long a comment: refused, the dialog stays open with the message.
    await byTest(dialog, 'activity-edit-comment').fill('x'.repeat(20_001));
    await byTest(dialog, 'activity-dialog-save').click();
    await byTest(dialog, 'error-activity-edit-comment').waitFor({ state: 'visible' });
    expect(await dialog.isVisible()).toBe(true);

    await byTest(dialog, 'activity-edit-comment').fill('Premier appel, rappeler lundi');
    await byTest(dialog, 'activity-dialog-save').click();
    await page.getByText('Activité modifiée.').waitFor({ state: 'visible' });
    await dialog.waitFor({ state: 'detached' });
    await waitForText(page, 'activity-entry', 'Premier appel, rappeler lundi');

    // The timeline filters by category, author and period too (last day included).
    const loyalty = options.settingOptions.find((o: { label: string }) => o.label === 'Fidélisation').id;
    await client.ok(`mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`, {
      input: {
        kind: 'INFO',
        contactId,
        categoryId: loyalty,
        authorId: colleague.userId,
        comment: 'Relance fidélité',
        occurredAt: new Date(2025, 2, 10, 15, 0).toISOString(),
      },
    });
    await page.reload();
    const entries = byTest(page, 'activity-entry');
    const onlyLoyalty = async () => {
      await entries.filter({ hasText: 'Premier appel' }).waitFor({ state: 'detached' });
      expect(await entries.allInnerTexts()).toEqual([expect.stringContaining('Relance fidélité')]);
    };
    await waitForText(page, 'activity-entry', 'Relance fidélité');
    await choose(page, 'activity-category-filter', 'Fidélisation');
    await page.keyboard.press('Escape');
    await onlyLoyalty();
    await byTest(page, 'activity-clear-filters').click();
    await waitForText(page, 'activity-entry', 'Premier appel');
    await choose(page, 'activity-author-filter', 'Camille Collègue');
    await page.keyboard.press('Escape');
    await onlyLoyalty();
    await byTest(page, 'activity-clear-filters').click();
    await waitForText(page, 'activity-entry', 'Premier appel');
    await pickDate(page, 'activity-from-filter', '01/03/2025');
    await pickDate(page, 'activity-to-filter', '10/03/2025');
    await onlyLoyalty();
    await pickDate(page, 'activity-from-filter', '11/03/2025');
    await waitForText(page, 'activity-empty', 'Aucune activité ne correspond à ces filtres.');
  });

  it('an activity whose date is moved back takes its place below the newer ones at once', async () => {
    const options = await client.ok('{ settingOptions(list: ACTIVITY_CATEGORY) { id label } }');
    const categoryId = options.settingOptions[0].id;
    const create = `mutation($input: CreateActivityInput!) { createActivity(input: $input) { id } }`;
    await client.ok(create, {
      input: { kind: 'INFO', contactId, categoryId, comment: 'Note ancienne', occurredAt: '2025-03-10T09:00:00Z' },
    });
    await client.ok(create, {
      input: { kind: 'INFO', contactId, categoryId, comment: 'Note récente', occurredAt: '2026-06-01T09:00:00Z' },
    });
    await page.goto(`/contacts/${contactId}`);
    const entries = byTest(page, 'activity-entry');
    await waitForText(page, 'activity-entry', 'Note ancienne');
    expect(await entries.first().textContent()).toContain('Note récente');

    await entryAction(page, 'Note récente', 'Modifier');
    const dialog = byTest(page, 'activity-dialog');
    await dialog.waitFor({ state: 'visible' });
    await pickDate(page, 'activity-edit-date', '01/01/2024 10:00:00');
    await byTest(dialog, 'activity-dialog-save').click();
    await page.getByText('Activité modifiée.').waitFor({ state: 'visible' });
    await dialog.waitFor({ state: 'detached' });
    // Moved below the older note, without a reload.
    await entries.nth(1).filter({ hasText: 'Note récente' }).waitFor();
    expect(await entries.count()).toBe(2);
    expect(await entries.first().textContent()).toContain('Note ancienne');
  });

  it('"Associer une tâche" gives an info its task, on the timeline and in the colleague\'s tasks', async () => {
    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'activity-panel', 'Activité avec le client');
    await choose(page, 'activity-category', 'Prospection');
    await byTest(page, 'activity-comment').fill('Intéressée par le salon de printemps');
    await byTest(page, 'activity-add').click();
    const info = byTest(page, 'activity-entry')
      .and(page.locator('[data-kind="INFO"]'))
      .filter({ hasText: 'Intéressée par le salon' })
      .first();
    await info.waitFor({ state: 'visible' });

    await entryAction(page, info, 'Associer une tâche');
    const dialog = byTest(page, 'link-task-dialog');
    await dialog.waitFor({ state: 'visible' });
    // The comment starts as the info's; the deadline is required, as in the add form.
    expect(await byTest(dialog, 'link-task-comment').inputValue()).toBe('Intéressée par le salon de printemps');
    await byTest(dialog, 'link-task-save').click();
    await dialog.getByText('Ce champ est obligatoire.').waitFor({ state: 'visible' });
    await choose(page, 'link-task-assignee', 'Camille Collègue');
    await pickDate(page, 'link-task-deadline', '15/01/2030');
    await byTest(dialog, 'link-task-comment').fill('Envoyer la brochure du salon');
    await byTest(dialog, 'link-task-save').click();
    await dialog.waitFor({ state: 'detached' });

    // The task is on the timeline, linked to the info, and the info shows its task.
    const task = await waitForText(page, 'activity-entry', 'Envoyer la brochure du salon');
    expect(await task.getAttribute('data-kind')).toBe('TASK');
    await waitForText(task, 'activity-task-status', 'À faire');
    await waitForText(task, 'activity-linked', 'Liée à : Info');
    expect(await byTest(task, 'activity-linked').getAttribute('data-linked-id')).toBe(
      await info.getAttribute('data-id'),
    );
    const infoLink = await waitForText(info, 'activity-linked', 'Liée à : Tâche');
    expect(await infoLink.textContent()).toMatch(/Camille Collègue.*2030/);
    expect(await infoLink.getAttribute('data-linked-id')).toBe(await task.getAttribute('data-id'));
    // One task per info: the action is gone from its menu and from its popup.
    await byTest(info, 'activity-menu').click();
    await page.locator('.n-dropdown-option').filter({ hasText: 'Voir' }).first().waitFor({ state: 'visible' });
    expect(await page.locator('.n-dropdown-option').filter({ hasText: 'Associer une tâche' }).count()).toBe(0);
    await page.locator('.n-dropdown-option').filter({ hasText: 'Voir' }).first().click();
    await waitForText(page, 'activity-dialog-linked', 'Camille Collègue');
    expect(await byTest(page, 'activity-dialog-link').count()).toBe(0);
    await page.keyboard.press('Escape');
    await byTest(page, 'activity-dialog').waitFor({ state: 'detached' });

    // An info's popup offers the action too.
    await choose(page, 'activity-category', 'Prospection');
    await byTest(page, 'activity-comment').fill('Budget à confirmer');
    await byTest(page, 'activity-add').click();
    await entryAction(page, 'Budget à confirmer', 'Voir');
    await byTest(page, 'activity-dialog-link').click();
    await byTest(page, 'activity-dialog').waitFor({ state: 'detached' });
    await pickDate(page, 'link-task-deadline', '20/01/2030');
    await byTest(page, 'link-task-save').click();
    await byTest(page, 'link-task-dialog').waitFor({ state: 'detached' });
    const second = byTest(page, 'activity-entry').and(page.locator('[data-kind="TASK"]')).filter({
      hasText: 'Budget à confirmer',
    });
    await waitForText(second, 'activity-linked', 'Liée à : Info');

    // The colleague finds the first one in "Mes tâches".
    const other = await openPage(browser, api.url);
    await signIn(other.page, colleague.email, colleague.password);
    await byTest(other.page, 'menu-tasks').click();
    await waitForText(other.page, 'tasks-list', 'Envoyer la brochure du salon');
    await waitForText(other.page, 'activity-linked', 'Liée à : Info');
    await other.context.close();
  });

  it('sends an email with a template and an attachment and shows it in the timeline', async () => {
    await client.ok(`mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`, {
      input: {
        name: 'Proposition',
        subject: 'Votre événement, {{contact.firstName}}',
        body: 'Bonjour {{contact.firstName}},\nVoici notre proposition.\n{{sender.name}}',
      },
    });
    const form = new FormData();
    form.append('contactId', contactId);
    form.append('file', new Blob([new Uint8Array(PDF)]), 'proposition.pdf');
    const up = await fetch(`${api.url}/documents`, { method: 'POST', body: form, headers: { cookie: client.cookie! } });
    expect(up.status).toBe(201);

    await page.goto(`/contacts/${contactId}`);
    await waitForText(page, 'documents-list', 'proposition.pdf');
    // The envelope of the document opens the composer with the document attached.
    await byTest(page, 'document-email').first().click();
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    await waitForText(composer, 'email-attachments', 'proposition.pdf');
    await waitForText(composer, 'email-to', 'Claire Martin');
    await choose(page, 'email-template', 'Proposition');
    expect(await byTest(page, 'email-subject').inputValue()).toBe('Votre événement, {{contact.firstName}}');
    await byTest(page, 'email-add-cc').click();
    const ccInput = byTest(page, 'email-cc');
    // The "+" that adds an address has a name (it is an icon-only button otherwise).
    expect(await byTest(ccInput, 'email-cc-add').getAttribute('aria-label')).toBe('Ajouter une adresse en Cc');
    for (const address of ['chef@agence.test', 'pas-une-adresse']) {
      await byTest(ccInput, 'email-cc-add').click();
      await ccInput.locator('input').fill(address);
      await ccInput.locator('input').press('Enter');
    }
    await byTest(page, 'email-add-bcc').click();
    const bccInput = byTest(page, 'email-bcc');
    await byTest(bccInput, 'email-bcc-add').click();
    await bccInput.locator('input').fill('direction@agence.test');
    await bccInput.locator('input').press('Enter');
    // A refused Cc is named among the others.
    await byTest(page, 'email-send').click();
    await composer.getByText('« pas-une-adresse » : Adresse email invalide.').waitFor();
    await ccInput.locator('.n-tag').filter({ hasText: 'pas-une-adresse' }).locator('.n-tag__close').click();
    await byTest(page, 'email-send').click();
    await composer.waitFor({ state: 'detached' });
    // With an SMTP server the mail is on its way.
    await page.locator('.n-message').filter({ hasText: 'Email envoyé à la file d’envoi.' }).waitFor();

    // The mail arrives at the SMTP server, merged, with the attachment.
    const deadline = Date.now() + 20_000;
    while (!smtp.messages.some((m) => m.rcpt.includes('claire@lumiere.test')) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const mail = smtp.messages.find((m) => m.rcpt.includes('claire@lumiere.test'));
    expect(mail).toBeDefined();
    expect(mail!.rcpt).toContain('chef@agence.test');
    const mime = parseMime(mail!.raw);
    expect(mime.headers.subject).toBe('Votre événement, Claire');
    const attachment = leafParts(mime).find((p) => p.headers['content-disposition']?.startsWith('attachment'));
    expect(partContent(attachment!).equals(PDF)).toBe(true);

    // The timeline shows it with the mail icon, its subject and, once sent, its status: without
    // a reload, the entry follows the mail out of the queue.
    const entry = await waitForText(page, 'activity-entry', 'Votre événement, Claire');
    expect(await entry.getAttribute('data-kind')).toBe('EMAIL');
    expect(await byTest(entry, 'activity-icon').textContent()).toBe('✉');
    await waitForText(entry, 'activity-email-status', 'Envoyé');
    expect(await entry.textContent()).toContain('proposition.pdf');

    // "Voir" shows what was written, and the Bcc; the subject is not repeated as a comment.
    await entryAction(page, entry, 'Voir');
    const dialog = byTest(page, 'activity-dialog');
    await dialog.waitFor({ state: 'visible' });
    await waitForText(dialog, 'activity-dialog-body', 'Voici notre proposition.');
    expect(await byTest(dialog, 'activity-dialog-body').textContent()).toContain('Bonjour Claire,');
    await waitForText(dialog, 'activity-dialog-bcc', 'direction@agence.test');
    expect(await byTest(dialog, 'activity-dialog-comment').count()).toBe(0);
  });

  it('refuses a document over the size limit before sending it, in French, with the limit in MB', async () => {
    await page.goto(`/contacts/${contactId}`);
    // The panel knows the limit once its list has loaded.
    await page.locator('[data-test="documents-drop"][data-max-bytes="10485760"]').waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/documents') posts.push(r.url());
    });
    await byTest(page, 'documents-input').setInputFiles({
      name: 'vidéo.mp4',
      mimeType: 'video/mp4',
      buffer: Buffer.alloc(11 * 1024 * 1024, 1),
    });
    await page
      .locator('.n-message')
      .filter({ hasText: '« vidéo.mp4 » dépasse la taille maximale d’un document (10 Mo) : il n’a pas été envoyé.' })
      .waitFor();
    expect(posts).toEqual([]);
    const { documents } = await client.ok('query($id: ID) { documents(contactId: $id) { totalCount } }', {
      id: contactId,
    });
    expect(documents.totalCount).toBe(0);
  });

  it("opens the record's email composer from the envelope of a list row", async () => {
    await page.goto('/contacts');
    const contactRow = page.locator('.n-data-table-tr').filter({ hasText: 'Claire' }).first();
    await byTest(contactRow, 'row-email').click();
    await page.waitForURL(new RegExp(`/contacts/${contactId}\\?compose=email$`));
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    await waitForText(composer, 'email-to', 'Claire Martin');
    // With a draft, Escape in the « Champs dynamiques » menu closes only the menu…
    await byTest(page, 'email-text').fill('Bonjour Claire,');
    await byTest(composer, 'email-fields').click();
    const menu = page.locator('.n-dropdown-menu');
    await menu.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    expect(await composer.isVisible()).toBe(true);
    // …and closing the dialog asks before the draft is lost.
    const discard = page.locator('.n-dialog').filter({ hasText: 'Abandonner ce brouillon ?' });
    await page.keyboard.press('Escape');
    await discard.getByRole('button', { name: 'Continuer la saisie' }).click();
    await discard.waitFor({ state: 'detached' });
    expect(await byTest(page, 'email-text').inputValue()).toBe('Bonjour Claire,');
    await byTest(composer, 'email-cancel').click();
    // Closing it drops the query, so a reload does not open it again.
    await discard.getByRole('button', { name: 'Abandonner' }).click();
    await composer.waitFor({ state: 'detached' });
    await page.waitForURL(new RegExp(`/contacts/${contactId}$`));

    await page.goto('/companies');
    const companyRow = page.locator('.n-data-table-tr').filter({ hasText: 'Événements Lumière' }).first();
    await byTest(companyRow, 'row-email').click();
    await page.waitForURL(/\/companies\/[0-9a-f-]+\?tab=activity&compose=email$/);
    await byTest(page, 'email-composer').waitFor({ state: 'visible' });
    // From a company, "À" starts with its main contact.
    await waitForText(byTest(page, 'email-composer'), 'email-to', 'Claire Martin');
  });

  it("addresses a company's email to its main contact, finds any contact by name, and writes from the contacts tab", async () => {
    // A contact of another company, and a second contact of this one.
    await client.ok(`mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`, {
      input: {
        name: 'Traiteur Soleil',
        mainContact: {
          firstName: 'Bastien',
          lastName: 'Rocher',
          email: 'bastien@soleil.test',
          phoneDirect: '0491000001',
        },
      },
    });
    const hugo = await client.ok(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, {
      input: { companyId, firstName: 'Hugo', lastName: 'Petit', email: 'hugo@lumiere.test', phoneDirect: '0472000002' },
    });

    // From the company, "À" starts with its main contact.
    await page.goto(`/companies/${companyId}?tab=activity`);
    await byTest(page, 'activity-send-email').click();
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    await waitForText(composer, 'email-to', 'Claire Martin');
    // Typing part of a name finds a contact of another company (name, company and e-mail shown).
    await byTest(composer, 'email-to').click();
    await page.keyboard.type('Roch');
    const option = page.locator('.n-base-select-option').filter({ hasText: 'Bastien Rocher' });
    await option.waitFor();
    expect(await option.textContent()).toContain('Traiteur Soleil');
    expect(await option.textContent()).toContain('bastien@soleil.test');
    await option.click();
    await waitForText(composer, 'email-to', 'Bastien Rocher');
    expect(await byTest(composer, 'email-to').textContent()).toContain('Claire Martin');
    await byTest(page, 'email-subject').fill('Salon 2027');
    await byTest(page, 'email-text').fill('Bonjour à tous les deux.');
    await byTest(page, 'email-send').click();
    await composer.waitFor({ state: 'detached' });

    const deadline = Date.now() + 20_000;
    const sent = () => smtp.messages.find((m) => m.rcpt.includes('bastien@soleil.test'));
    while (!sent() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(sent()?.rcpt).toEqual(expect.arrayContaining(['claire@lumiere.test', 'bastien@soleil.test']));
    // Logged on the company's timeline with both recipients.
    await page.reload();
    const entry = await waitForText(page, 'activity-entry', 'Salon 2027');
    expect(await entry.getAttribute('data-kind')).toBe('EMAIL');
    expect(await entry.textContent()).toContain('Claire Martin');
    expect(await entry.textContent()).toContain('Bastien Rocher');

    // The envelope of a contact on the Contacts tab opens the composer addressed to that contact.
    await byTest(page, 'tab-contacts').click();
    const row = byTest(page, 'contact-row').filter({ hasText: 'Hugo Petit' });
    expect(await row.locator('a[href^="mailto:"]').count()).toBe(0);
    await byTest(row, 'contact-email').click();
    await page.waitForURL(
      new RegExp(`/companies/${companyId}\\?tab=activity&compose=email&to=${hugo.createContact.id}$`),
    );
    const again = byTest(page, 'email-composer');
    await again.waitFor({ state: 'visible' });
    await waitForText(again, 'email-to', 'Hugo Petit');
    expect(await byTest(again, 'email-to').textContent()).not.toContain('Claire Martin');
  });
});

describe('an email from a record without an SMTP server', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    assertWebClientBuilt();
    api = await startTestApi({
      SMTP_URL: '',
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_e2e_outbox_${randomBytes(3).toString('hex')}`,
    });
    worker = await startWorker(api.deps, new JobRegistry([emailSendHandler(api.deps.config)]), {
      concurrency: 1,
      reconcileIntervalMs: 60_000,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  it('says it goes to the local outbox, follows it there, names its job, and the outbox reads well in English', async () => {
    const admin = await createWorkspaceWithAdmin();
    const client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    const created = await client.ok(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Lumière Sans Serveur',
          mainContact: { firstName: 'Inès', lastName: 'Moreau', email: 'ines@lumiere.test', phoneDirect: '0472000009' },
        },
      },
    );
    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, admin.email, admin.password);

    await page.goto(`/contacts/${created.createCompany.mainContact.id}`);
    await byTest(page, 'activity-send-email').click();
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    await waitForText(composer, 'email-to', 'Inès Moreau');
    await byTest(page, 'email-subject').fill('Devis 2027');
    await byTest(page, 'email-text').fill('Le devis est en ligne : https://agence.test/devis/42.');
    await choose(page, 'email-category', 'Prospection');
    await byTest(page, 'email-send').click();
    await composer.waitFor({ state: 'detached' });
    // The truth: no SMTP server, so the mail is kept locally, not "queued for sending".
    await page
      .locator('.n-message')
      .filter({ hasText: "E-mail placé dans la boîte d'envoi locale (aucun serveur SMTP configuré)." })
      .waitFor();
    const entry = await waitForText(page, 'activity-entry', 'Devis 2027');
    await waitForText(entry, 'activity-email-status', "Boîte d'envoi locale");

    // Its job is named, without a "0 traité(s)" that would read as nothing done.
    await page.goto('/jobs');
    const job = page.locator('[data-test="job-row"][data-status="SUCCEEDED"]').first();
    await waitForText(job, 'job-kind', "Envoi d'e-mail");
    expect(await byTest(job, 'job-progress-text').count()).toBe(0);

    // The lists' Active · Inactive · All toggle follows a switch to English.
    await page.goto('/companies');
    await waitForText(page, 'list-activity', 'Tous');
    await byTest(page, 'locale-en').click();
    await waitForText(page, 'list-activity', 'All');
    expect(await byTest(page, 'list-activity').textContent()).not.toMatch(/Actifs|Inactifs|Tous/);

    // The outbox in English: "From:" without the French space, and the body's address is a link.
    await page.goto('/outbox');
    const mail = byTest(page, 'outbox-mail').filter({ hasText: 'Devis 2027' });
    await mail.waitFor();
    expect(await byTest(mail, 'outbox-from').textContent()).toMatch(/^From: /);
    expect(await byTest(mail, 'outbox-to').textContent()).toMatch(/^\s*To: /);
    expect(await byTest(mail, 'outbox-link').getAttribute('href')).toBe('https://agence.test/devis/42');

    // The top bar's search box has one clear button: Chromium's own one of type="search" is hidden.
    await byTest(page, 'global-search').fill('devis');
    // (Chromium's computed style does not reach that pseudo-element: the page's rule for it is checked.)
    const nativeClearHidden = await byTest(page, 'global-search').evaluate((el) => {
      const input = el as unknown as {
        matches(selector: string): boolean;
        ownerDocument: {
          styleSheets: Iterable<{ cssRules: Iterable<{ selectorText?: string; style?: { display: string } }> }>;
        };
      };
      const pseudo = '::-webkit-search-cancel-button';
      for (const sheet of Array.from(input.ownerDocument.styleSheets))
        for (const rule of Array.from(sheet.cssRules))
          if (rule.selectorText?.endsWith(pseudo) && rule.style?.display === 'none')
            if (input.matches(rule.selectorText.slice(0, -pseudo.length))) return 'none';
      return 'shown';
    });
    expect(nativeClearHidden).toBe('none');
  });
});
