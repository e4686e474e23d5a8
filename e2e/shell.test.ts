import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeFactories, createWorkspaceWithAdmin, startTestApi } from '../server/test/harness';
import {
  assertWebClientBuilt,
  byTest,
  launchBrowser,
  login,
  logout,
  openPage,
  screenshot,
  signIn,
  submitLogin,
  waitForText,
} from './support/browser';

jest.setTimeout(60_000);

describe('web client shell', () => {
  let api: { url: string; close(): Promise<void> };
  let browser: Browser;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    assertWebClientBuilt();
    api = await startTestApi();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await closeFactories();
  });

  beforeEach(async () => {
    ({ context, page } = await openPage(browser, api.url));
  });

  afterEach(async () => {
    // One screenshot per test, taken at its end (so also when it failed).
    if (page) await screenshot(page).catch(() => undefined);
    await context?.close();
    context = undefined;
  });

  it('redirects to the login page when signed out', async () => {
    await page.goto('/companies');
    await page.waitForURL(/\/login/);
    await byTest(page, 'login-form').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/companies');
  });

  it('signs in, shows the layout with the menu and the user name, and signs out', async () => {
    const admin = await createWorkspaceWithAdmin();
    await login(page, admin.email, admin.password);

    expect((await byTest(page, 'user-name').textContent())?.trim()).not.toBe('');
    await waitForText(page, 'menu-companies', 'Liste des clients');
    await waitForText(page, 'menu-contacts', 'Liste des contacts');
    await waitForText(page, 'menu-company-new', 'Nouveau client');
    await waitForText(page, 'menu-contact-new', 'Nouveau contact');
    await waitForText(page, 'menu-settings', 'Paramètres');
    await waitForText(page, 'menu-jobs', 'Tâches de fond');
    await byTest(page, 'side-menu').getByText('Administration', { exact: true }).waitFor();
    await waitForText(page, 'logout', 'Se déconnecter');

    await byTest(page, 'menu-companies').click();
    await page.waitForURL(/\/companies$/);
    await byTest(page, 'record-grid-companies').waitFor();

    await logout(page);
    // The session is gone: the app sends us back to the login page.
    await page.goto('/');
    await page.waitForURL(/\/login/);
  });

  it('shows the server error on a wrong password', async () => {
    const admin = await createWorkspaceWithAdmin();
    await submitLogin(page, admin.email, `${admin.password}-wrong`);

    const error = byTest(page, 'error-message');
    await error.waitFor();
    expect((await error.textContent())?.trim()).not.toBe('');
    expect(page.url()).toMatch(/\/login/);
    expect(await byTest(page, 'user-name').count()).toBe(0);
  });

  it('switches the interface to English and remembers it', async () => {
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);

    await byTest(page, 'locale-en').click();
    await waitForText(page, 'menu-companies', 'Client list');
    await waitForText(page, 'menu-contacts', 'Contact list');
    await waitForText(page, 'menu-company-new', 'New client');
    await waitForText(page, 'menu-contact-new', 'New contact');
    await waitForText(page, 'logout', 'Sign out');

    await page.reload();
    await waitForText(page, 'menu-companies', 'Client list');

    // naive-ui's own words follow the switch, without its "Please Input" placeholders.
    await page.goto('/settings/email-templates');
    const name = byTest(page, 'template-name');
    await name.waitFor({ state: 'visible' });
    expect(await name.getAttribute('placeholder')).toBe('Enter a value');
    expect(await page.locator('[placeholder^="Please"]').count()).toBe(0);
    await byTest(page, 'locale-fr').click();
    await page.locator('[placeholder="Saisir"]').first().waitFor({ state: 'attached' });
    expect(await name.getAttribute('placeholder')).toBe('Saisir');
  });

  it('hides the settings from a plain user, and says why an admin page sent them home', async () => {
    const user = await createWorkspaceWithAdmin({ role: 'USER' });
    await signIn(page, user.email, user.password);

    await waitForText(page, 'menu-jobs', 'Tâches de fond');
    expect(await byTest(page, 'menu-settings').count()).toBe(0);
    // Their jobs and the outbox are not administration: the group is headed for what they see.
    const menu = byTest(page, 'side-menu');
    await menu.getByText('Suivi', { exact: true }).waitFor();
    expect(await menu.getByText('Administration', { exact: true }).count()).toBe(0);

    for (const path of [
      '/settings',
      '/settings/custom-fields',
      '/settings/pipeline',
      '/settings/page-templates',
      '/settings/lists',
      '/settings/email-templates',
    ]) {
      await page.goto(path);
      await page.waitForURL((url) => url.pathname === '/');
      await page.locator('.n-message').filter({ hasText: 'Cette page est réservée aux administrateurs.' }).waitFor();
    }
  });

  it('opens the jobs panel and the jobs page', async () => {
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);

    await byTest(page, 'jobs-toggle').click();
    await waitForText(page, 'jobs-panel', 'Aucune tâche en cours.');
    await byTest(page, 'jobs-see-all').click();
    await page.waitForURL(/\/jobs$/);
    await byTest(page, 'jobs-list').waitFor();
  });

  it('searches from the top bar', async () => {
    const admin = await createWorkspaceWithAdmin();
    await signIn(page, admin.email, admin.password);

    await byTest(page, 'global-search').fill('societe generale');
    await byTest(page, 'global-search').press('Enter');
    await page.waitForURL(/\/search\?q=societe(\+|%20)generale$/);
    await waitForText(page, 'page-title', 'societe generale');
  });
});
