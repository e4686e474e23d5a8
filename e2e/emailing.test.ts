import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestClient, addUser, createWorkspaceWithAdmin, startTestApi, type TestApi } from '../server/test/harness';
import {
  type FakeProvider,
  startBrevoFake,
  startEmailingWorker,
  startSmartProfileFake,
} from '../server/test/emailing-fakes';
import { UserRole } from '../server/src/modules/user/user.entity';
import { byTest, launchBrowser, openPage, screenshot, signIn, waitForText, waitForValue } from './support/browser';

jest.setTimeout(120_000);

/** Connect Brevo (a fake of its API) in settings, sync now, read the campaign on the contact's Emailing tab. */
describe('emailing', () => {
  let api: TestApi;
  let fake: FakeProvider;
  let smartProfile: FakeProvider;
  let worker: { close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    fake = await startBrevoFake('xkeysib-e2e');
    smartProfile = await startSmartProfileFake();
    api = await startTestApi({
      EMAILING_BREVO_BASE_URL: fake.url,
      EMAILING_SMART_PROFILE_BASE_URL: smartProfile.url,
      QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_emailing_e2e`,
    });
    worker = await startEmailingWorker(api.deps);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await fake?.close();
    await smartProfile?.close();
  });

  afterEach(async () => {
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
  });

  it('connects a provider, syncs, and shows the campaign on the contact', async () => {
    const admin = await createWorkspaceWithAdmin();
    const client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    const { createContact } = await client.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }',
      {
        input: {
          firstName: 'Claire',
          lastName: 'Martin',
          email: 'claire.martin@example.com',
          optIn: true,
          newCompany: { name: 'Événements Lyon' },
        },
      },
    );
    fake.state.campaigns = [
      {
        id: '42',
        name: 'Salon 2026 invitation',
        sentAt: new Date(Date.now() - 3 * 86_400_000),
        recipients: [{ email: 'Claire.Martin@example.com', opens: 3, clicks: 2, unsubscribed: true }],
      },
    ];

    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, admin.email, admin.password);
    await page.goto('/settings');
    await waitForText(page, 'emailing-connections', 'Fournisseurs d’emailing');
    // At 1366 px, even with a provider of two credential fields, the form wraps: "Connecter" stays inside the card.
    await page.setViewportSize({ width: 1366, height: 768 });
    const pick = async (name: string) => {
      await byTest(page, 'emailing-provider').click();
      await page.locator('.n-base-select-option', { hasText: name }).click();
    };
    await pick('Mailjet');
    await byTest(page, 'emailing-secretKey').waitFor();
    const content = (await byTest(page, 'emailing-form').boundingBox())!; // the card's content width
    const button = (await byTest(page, 'emailing-connect').boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(content.x + content.width);
    await pick('Brevo');
    // A wrong key is refused by the provider: the message shows under the field.
    await byTest(page, 'emailing-label').fill('Brevo agence');
    await byTest(page, 'emailing-apiKey').fill('xkeysib-wrong');
    await byTest(page, 'emailing-connect').click();
    await waitForText(page, 'emailing-form', 'Brevo refuse ces identifiants');
    await byTest(page, 'emailing-apiKey').fill('xkeysib-e2e');
    await byTest(page, 'emailing-connect').click();
    const row = byTest(page, 'emailing-row').filter({ hasText: 'Brevo agence' });
    await row.waitFor();
    await waitForText(row, 'emailing-status', 'Connecté');
    await screenshot(page, 'emailing-settings');
    await byTest(row, 'emailing-sync').click();

    // The sync shows in the jobs list, then finishes.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { jobs } = await client.ok('{ jobs(filter: { kind: "emailing.sync" }) { edges { node { status } } } }');
      const statuses = jobs.edges.map((e: { node: { status: string } }) => e.node.status);
      if (statuses.length && statuses.every((s: string) => s === 'SUCCEEDED')) break;
      if (Date.now() > deadline) throw new Error(`sync not finished: ${statuses.join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await page.goto('/jobs');
    await waitForText(page, 'jobs-list', 'Synchronisation emailing');

    await page.goto(`/contacts/${createContact.id}`);
    const history = await waitForText(page, 'emailing-history-row', 'Salon 2026 invitation');
    expect(await history.innerText()).toMatch(/3\s+2\s+✕/);
    await waitForText(page, 'contact-unsubscribed-tag', 'Désinscrit des emailings');
    await waitForText(page, 'contact-page', 'Opt-in retiré');
    await waitForText(page, 'contact-page', 'désinscription Brevo');
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'emailing-contact-history');
  });
  it('edits a connection whose key changed: new name and key, the campaign history kept', async () => {
    const admin = await createWorkspaceWithAdmin();
    const client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    const { createContact } = await client.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }',
      {
        input: {
          firstName: 'Louis',
          lastName: 'Bernard',
          email: 'louis.bernard@example.com',
          newCompany: { name: 'Traiteur Bernard' },
        },
      },
    );
    fake.state.campaigns = [
      {
        id: '77',
        name: 'Vœux 2027',
        sentAt: new Date(Date.now() - 2 * 86_400_000),
        recipients: [{ email: 'louis.bernard@example.com', opens: 1, clicks: 1 }],
      },
    ];
    const { createEmailingConnection: connection } = await client.ok(
      'mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id } }',
      { input: { provider: 'BREVO', label: 'Brevo ancien', apiKey: 'xkeysib-e2e' } },
    );
    const syncAndWait = async () => {
      const { syncEmailingConnection: job } = await client.ok(
        'mutation($id: ID!) { syncEmailingConnection(id: $id) { id } }',
        { id: connection.id },
      );
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { job: j } = await client.ok('query($id: ID!) { job(id: $id) { status } }', { id: job.id });
        if (j.status === 'SUCCEEDED') return;
        if (j.status === 'FAILED' || Date.now() > deadline) throw new Error(`sync ended ${j.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await syncAndWait();
    const historyOf = async () =>
      (
        await client.ok('query($id: ID!) { contact(id: $id) { emailingHistory { campaign opens clicks } } }', {
          id: createContact.id,
        })
      ).contact.emailingHistory;
    expect(await historyOf()).toEqual([{ campaign: 'Vœux 2027', opens: 1, clicks: 1 }]);

    // The provider's key is changed there: the stored one is refused.
    fake.state.credentials.apiKey = 'xkeysib-rotated';
    try {
      ({ context, page } = await openPage(browser, api.url));
      await signIn(page, admin.email, admin.password);
      await page.goto('/settings');
      const row = byTest(page, 'emailing-row').filter({ hasText: 'Brevo ancien' });
      await byTest(row, 'emailing-test').click();
      await waitForText(row, 'emailing-status', 'En erreur');

      // « Modifier »: the name prefilled, the provider shown but fixed, the key empty with its hint.
      await byTest(row, 'emailing-edit').click();
      const dialog = byTest(page, 'emailing-edit-dialog');
      await dialog.waitFor();
      await waitForValue(page, 'emailing-edit-label', 'Brevo ancien');
      expect(await byTest(dialog, 'emailing-edit-provider').inputValue()).toBe('Brevo');
      expect(await byTest(dialog, 'emailing-edit-provider').isDisabled()).toBe(true);
      expect(await byTest(dialog, 'emailing-edit-apiKey').inputValue()).toBe('');
      await waitForText(dialog, 'hint-emailing-edit-apiKey', 'Laisser vide pour conserver la clé actuelle');

      // A wrong key: the provider's refusal under the key field, nothing saved.
      await byTest(dialog, 'emailing-edit-label').fill('Brevo agence');
      await byTest(dialog, 'emailing-edit-apiKey').fill('xkeysib-typo');
      await byTest(dialog, 'emailing-edit-save').click();
      await waitForText(dialog, 'error-emailing-edit-apiKey', 'Brevo refuse ces identifiants');
      await screenshot(page, 'emailing-connection-edit-dialog');
      await byTest(dialog, 'emailing-edit-apiKey').fill('xkeysib-rotated');
      await byTest(dialog, 'emailing-edit-save').click();
      await dialog.waitFor({ state: 'hidden' });
      const edited = byTest(page, 'emailing-row').filter({ hasText: 'Brevo agence' });
      await waitForText(edited, 'emailing-status', 'Connecté');
      expect(await byTest(page, 'emailing-row').count()).toBe(1);

      // Only the name again, the key left empty: the new key stays, and is tested after saving.
      await byTest(edited, 'emailing-edit').click();
      await waitForValue(page, 'emailing-edit-label', 'Brevo agence');
      await byTest(dialog, 'emailing-edit-label').fill('Brevo agence Lyon');
      await byTest(dialog, 'emailing-edit-save').click();
      await dialog.waitFor({ state: 'hidden' });
      const renamed = byTest(page, 'emailing-row').filter({ hasText: 'Brevo agence Lyon' });
      await waitForText(renamed, 'emailing-status', 'Connecté');
      await screenshot(page, 'emailing-connection-edited');

      // The same connection syncs with the new key; the contact's history is kept, not doubled.
      await syncAndWait();
      expect(await historyOf()).toEqual([{ campaign: 'Vœux 2027', opens: 1, clicks: 1 }]);
      await page.goto(`/contacts/${createContact.id}`);
      await waitForText(page, 'emailing-history-row', 'Vœux 2027');
      expect(await byTest(page, 'emailing-history-row').count()).toBe(1);
    } finally {
      fake.state.credentials.apiKey = 'xkeysib-e2e';
    }
  });

  it('an erasure Smart Profile cannot do: the admin reads the address on the jobs page, then marks it handled', async () => {
    const admin = await createWorkspaceWithAdmin();
    const client = new TestClient(api.url);
    await client.login(admin.email, admin.password);
    await client.ok('mutation($input: EmailingConnectionInput!) { createEmailingConnection(input: $input) { id } }', {
      input: { provider: 'SMART_PROFILE', label: 'Smart agence', apiKey: 'sp-key' },
    });
    const { createContact } = await client.ok(
      'mutation($input: CreateContactInput!) { createContact(input: $input) { id } }',
      {
        input: {
          firstName: 'Yves',
          lastName: 'Oubli',
          email: 'yves.oubli@example.com',
          newCompany: { name: 'Oubli SA' },
        },
      },
    );
    const { erasePerson } = await client.ok(
      'mutation($id: ID!, $pw: String) { erasePerson(contactId: $id, password: $pw) { providerDeletionJobs { id } } }',
      { id: createContact.id, pw: admin.password },
    );
    const jobId = erasePerson.providerDeletionJobs[0].id;
    const deadline = Date.now() + 30_000;
    while ((await client.ok('query($id: ID!) { job(id: $id) { status } }', { id: jobId })).job.status !== 'FAILED') {
      if (Date.now() > deadline) throw new Error('erasure job not failed');
      await new Promise((r) => setTimeout(r, 200));
    }

    // A user sees no address button (and the API would refuse it anyway).
    const user = await addUser(admin.workspaceId, UserRole.USER);
    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, user.email, user.password);
    await page.goto('/jobs');
    await byTest(page, 'jobs-list').waitFor();
    expect(await byTest(page, 'job-erasure-reveal').count()).toBe(0);
    await context.close();

    ({ context, page } = await openPage(browser, api.url));
    await signIn(page, admin.email, admin.password);
    await page.goto('/jobs');
    const row = page.locator(`[data-job-id="${jobId}"]`);
    await waitForText(row, 'job-error', 'supprimez la personne effacée directement chez lui');
    await byTest(row, 'job-erasure-reveal').click();
    await waitForText(row, 'job-erasure-address', 'yves.oubli@example.com');
    await screenshot(page, 'jobs-erasure-by-hand');
    await byTest(row, 'job-erasure-resolve').click();
    await page.locator('.n-popconfirm__action button').last().click();
    await waitForText(row, 'job-status', 'Terminée');
    expect(await byTest(row, 'job-erasure-address').count()).toBe(0);
    expect(await byTest(row, 'job-erasure-reveal').count()).toBe(0);
  });
});
