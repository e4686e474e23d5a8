import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, selectors, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Where every browser test leaves its screenshots (git-ignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts', 'screenshots');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The API serves the built client: fail early and clearly when it was not built. */
export function assertWebClientBuilt(): void {
  const index = path.resolve(__dirname, '..', '..', 'web', 'dist', 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`The web client is not built (${index} is missing): run \`npm run build:web\` first.`);
  }
}

/** Debian's chromium, headless; browsers are never downloaded. Elements are found by `data-test`. */
export async function launchBrowser(): Promise<Browser> {
  selectors.setTestIdAttribute('data-test');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface PageOptions {
  /** The browser's language (Accept-Language); the app itself starts in French. */
  locale?: string;
}

/** A fresh context (own cookies and localStorage) and page pointed at the app under test. */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale: options.locale ?? 'fr-FR',
    viewport: { width: 1280, height: 800 },
    // The app honours the system's "reduce motion" setting (styles/motion.css): dialogs
    // and menus appear at once, so no click lands on a control still sliding in.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return { context, page };
}

/** The element(s) carrying `data-test="<id>"`. */
export function byTest(page: Page | Locator, id: string): Locator {
  return page.getByTestId(id);
}

/** Opens a list column's ⋮ menu and picks an action (sort, filter, group…). */
export async function headerAction(page: Page, column: string, action: string): Promise<void> {
  await byTest(page, `column-header-${column}`).click();
  // The previous menu may still be fading out: the new one is the last in the page.
  await byTest(page, `column-menu-${action}`).last().click();
}

/**
 * Waits until the dialog with this data-test is open and its opening animation is over.
 * A modal scales in from the button that opened it: a click aimed while it still moves
 * can land on the control next to the target (seen in CI: the radio above the one meant).
 */
export async function waitForDialog(page: Page, id: string): Promise<Locator> {
  const dialog = byTest(page, id);
  await dialog.waitFor({ state: 'visible' });
  await dialog.evaluate((el) => {
    type Animated = { getAnimations(options: { subtree: boolean }): { finished: Promise<unknown> }[] };
    return Promise.allSettled((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished));
  });
  return dialog;
}

/**
 * Waits until the element with this data-test shows the text (substring, or a pattern).
 * On a timeout the error says what the element(s) showed instead and which error alerts
 * were on the page: a flake seen once in CI is then diagnosed from its log alone.
 */
export async function waitForText(page: Page | Locator, id: string, text: string | RegExp): Promise<Locator> {
  const locator = byTest(page, id).filter({ hasText: text }).first();
  try {
    await locator.waitFor({ state: 'visible' });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${await pageState(page, id)}`, { cause: err });
  }
  return locator;
}

/** What the elements with this data-test and the page's error alerts show, for a failure message. */
async function pageState(scope: Page | Locator, id: string): Promise<string> {
  const page = 'waitForURL' in scope ? scope : scope.page();
  const texts = async (l: Locator) => (await l.allInnerTexts().catch(() => [] as string[])).map((t) => t.trim());
  const shown = await texts(byTest(scope, id));
  const alerts = await texts(page.locator('.n-alert--error-type, [role=alert]'));
  return [
    `[data-test=${id}] showed: ${shown.length ? JSON.stringify(shown) : 'no such element'}`,
    `error alerts on the page: ${alerts.length ? JSON.stringify(alerts) : 'none'}`,
    `page: ${page.url()}`,
  ].join('\n');
}

/**
 * Waits until the input with this data-test holds the value. A record page renders its
 * inputs before every query behind them has answered, so reading the value at once can
 * see the empty field of a page still loading.
 */
export async function waitForValue(page: Page, id: string, value: string): Promise<void> {
  const input = await byTest(page, id).elementHandle();
  await page.waitForFunction(([el, v]) => (el as unknown as { value: string }).value === v, [input, value] as const);
}

/** Fills the login form and submits it; does not wait for the outcome. */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  if (!/\/login/.test(page.url())) await page.goto('/login');
  await byTest(page, 'login-email').fill(email);
  await byTest(page, 'login-password').fill(password);
  await byTest(page, 'login-submit').click();
}

/** Signs in through the login page and waits for the main layout (the user's name in the top bar). */
export async function login(page: Page, email: string, password: string): Promise<void> {
  await submitLogin(page, email, password);
  await byTest(page, 'user-name').filter({ hasText: /\S/ }).waitFor({ state: 'visible' });
}

/**
 * Signs in without the login form, for tests where signing in is not what is tested (the
 * form has its own tests in shell.test.ts): the API's login mutation, sent from the page's
 * context, leaves the session cookie in that context; then the home page opens and the main
 * layout shows, where `login` leaves the page too. Skips loading and filling the login page.
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const res = await page.context().request.post('/graphql', {
    data: {
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
      variables: { e: email, p: password },
    },
  });
  const body = (await res.json()) as { data?: { login?: { id: string } }; errors?: { message: string }[] };
  if (!body.data?.login) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(body.errors)}`);
  await page.goto('/');
  // After the page's load, the session check, the layout's and the home page's chunks: the
  // two waits login() has there (the form, then the layout), 10 s each, as one.
  await byTest(page, 'user-name').filter({ hasText: /\S/ }).waitFor({ state: 'visible', timeout: 20_000 });
}

/** Signs out with the top-bar button and waits for the login form. */
export async function logout(page: Page): Promise<void> {
  await byTest(page, 'logout').click();
  await page.waitForURL(/\/login/);
  await byTest(page, 'login-form').waitFor({ state: 'visible' });
}

function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'screenshot'
  );
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png (name defaults to the test's). */
export async function screenshot(page: Page, name?: string): Promise<string> {
  const base = name ?? expect.getState().currentTestName ?? 'screenshot';
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${slug(base)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
