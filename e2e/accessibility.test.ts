import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

// The callbacks given to evaluate() run in the browser. The server's type check, which covers
// e2e/, has no DOM library: these stand for the browser's globals, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The outline drawn round the focused element's closest `container` (itself by default). */
async function focusRing(page: Page, container = '*'): Promise<string> {
  return page.evaluate((selector) => {
    const target = document.activeElement?.closest(selector);
    if (!target) return 'no focused element in a ' + selector;
    const style = getComputedStyle(target);
    return style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2
      ? 'none'
      : `${style.outlineStyle} ${style.outlineColor}`;
  }, container);
}

/** Presses Tab until the focus is inside a `container` (at most `max` presses). */
async function tabInto(page: Page, container: string, max = 15): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.closest(s), container)) return;
  }
  throw new Error(`Tab never reached a ${container}`);
}

const RING = 'solid rgb(47, 111, 179)';

describe('accessibility', () => {
  const session = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  it('keyboard focus shows a ring on selects, date pickers, buttons and menu links', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Anneau Focus',
          mainContact: { firstName: 'Léa', lastName: 'Clavier', email: 'lea@focus.test', phoneDirect: '0472000009' },
        },
      },
    );
    await page.goto(`/quotes/new?companyId=${createCompany.id}`);
    await byTest(page, 'document-new-client-switch').waitFor();

    // From the new-client switch, Tab reaches the contact select: the whole field is ringed.
    await byTest(page, 'document-new-client-switch').focus();
    await tabInto(page, '.n-base-selection');
    expect(await focusRing(page, '.n-base-selection')).toBe(RING);
    await tabInto(page, '.n-date-picker');
    expect(await focusRing(page, '.n-date-picker')).toBe(RING);

    // A button reached from the keyboard.
    await page.keyboard.press('Tab');
    await page.locator('.page-header .n-button').first().focus();
    expect(await focusRing(page, '.n-button')).toBe(RING);

    // A side menu entry: the ring goes round the entry.
    await byTest(page, 'menu-contacts').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('menu-contacts');
    expect(await focusRing(page, '.n-menu-item-content')).toBe(RING);
  });
});
