import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

// The callbacks given to evaluate() run in the browser; the server's type check has no DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** What has the keyboard focus: its role, accessible-ish name, and the tab attributes. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return {
      id: el?.id ?? '',
      role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim(),
      selected: el?.getAttribute('aria-selected') ?? null,
      tabindex: el?.getAttribute('tabindex') ?? null,
      test: el?.getAttribute('data-test') ?? null,
    };
  });
}

/** Presses Tab until the focused element is a tab (at most `max` presses); returns how many it took. */
async function tabToTablist(page: Page, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)).role === 'tab') return i;
  }
  throw new Error('Tab never reached a tab of the page');
}

describe('keyboard access to the record pages', () => {
  const session = signedInAdminPerTest();

  beforeAll(() => assertWebClientBuilt());

  it('skips to the content, reaches the company tabs and moves between them with the arrow keys', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Clavier Événements',
          mainContact: { firstName: 'Léa', lastName: 'Touche', email: 'lea@clavier.test', phoneDirect: '0472000009' },
        },
      },
    );
    await page.goto(`/companies/${createCompany.id}`);
    await byTest(page, 'company-tabs').waitFor();
    // One main landmark holds the page.
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('main').getByTestId('company-tabs').count()).toBe(1);

    // The first Tab stop is the skip link; following it puts the focus on the page content.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Aller au contenu', test: 'skip-link' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main-content');

    // The tab list is reachable: the selected tab is the one Tab stop of the list.
    await tabToTablist(page);
    const tabs = page.getByTestId('company-tabs').getByRole('tab');
    expect(await page.getByTestId('company-tabs').getByRole('tablist').count()).toBe(1);
    expect(await tabs.count()).toBe(10);
    expect(await focused(page)).toMatchObject({ role: 'tab', text: 'Général', selected: 'true', tabindex: '0' });
    expect(
      await tabs.evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
        els.map((t) => t.getAttribute('tabindex')),
      ),
    ).toEqual(['0', ...Array(9).fill('-1')]);
    expect(await page.getByRole('tabpanel').first().getAttribute('aria-labelledby')).toBe(
      await tabs.first().getAttribute('id'),
    );

    // Arrows move and select; End and Home go to the ends, wrapping round at the edges.
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ text: 'Adresses de facturation (0)', selected: 'true' });
    await page.waitForFunction(
      (el: { getAttribute(n: string): string | null } | null) => el?.getAttribute('tabindex') === '0',
      await page.getByTestId('tab-billing').elementHandle(),
    );
    expect(await page.getByTestId('tab-general').getAttribute('aria-selected')).toBe('false');
    expect(await page.getByTestId('tab-general').getAttribute('tabindex')).toBe('-1');
    await page.keyboard.press('End');
    expect(await focused(page)).toMatchObject({ text: 'Personnalisé', selected: 'true' });
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatchObject({ text: 'Général', selected: 'true' });
    await page.keyboard.press('ArrowLeft');
    expect((await focused(page)).test).toBe('tab-custom');
    await page.keyboard.press('Home');
    expect((await focused(page)).test).toBe('tab-general');

    // Enter (and Space) select the focused tab, e.g. one a screen reader's cursor moved to.
    await page.getByTestId('tab-documents').focus();
    await page.keyboard.press('Enter');
    await byTest(page, 'documents-panel').waitFor({ state: 'visible' });
    expect(await page.getByTestId('tab-documents').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('tab-activity').focus();
    await page.keyboard.press(' ');
    await byTest(page, 'activity-panel').waitFor({ state: 'visible' });
    await page.keyboard.press('ArrowRight');
    await byTest(page, 'documents-panel').waitFor({ state: 'visible' });

    // From the selected tab, Tab leaves the list for the panel: the upload zone is next.
    await page.keyboard.press('Tab');
    expect((await focused(page)).test).toBe('documents-drop');
  });

  it("reaches the contact page's Events and Finance tabs", async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { mainContact: { id: string } } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { mainContact { id } } }`,
      {
        input: {
          name: 'Clavier Contacts',
          mainContact: { firstName: 'Noé', lastName: 'Flèche', email: 'noe@clavier.test', phoneDirect: '0472000010' },
        },
      },
    );
    await page.goto(`/contacts/${createCompany.mainContact.id}`);
    const records = page.getByRole('tablist').filter({ has: page.getByRole('tab', { name: 'Événements' }) });
    await records.waitFor();
    const events = records.getByRole('tab', { name: 'Événements' });
    await events.focus();
    expect(await events.getAttribute('tabindex')).toBe('0');
    await page.keyboard.press('ArrowRight');
    const finance = records.getByRole('tab', { name: 'Finance' });
    expect(await finance.getAttribute('aria-selected')).toBe('true');
    expect((await focused(page)).text).toBe('Finance');
    expect(await events.getAttribute('aria-selected')).toBe('false');
  });
});
