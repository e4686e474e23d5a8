import type { Page } from 'playwright-core';
import { seedCompany } from '../server/src/modules/record-list/list-fixtures';
import { assertWebClientBuilt, byTest, headerAction, screenshot, waitForText } from './support/browser';
import { signedInAdminPerFile } from './support/signed-in';

jest.setTimeout(120_000);

/** The names in the company column of the shown rows, in order. */
async function shownNames(page: Page): Promise<string[]> {
  return page.locator('[data-test="list-row"] [data-test="cell-link-name"]').allInnerTexts();
}

/**
 * The rows once `ready` accepts them (at most 15 s, then whatever shows). The pager and the URL
 * change as soon as a page is asked for, its rows when it arrives: under load, reading the rows
 * at once sees the page before.
 */
async function rowsWhen(page: Page, ready: (names: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let shown = await shownNames(page);
  while (!ready(shown) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    shown = await shownNames(page);
  }
  return shown;
}

const rowsBecome = (page: Page, names: string[]) =>
  rowsWhen(page, (shown) => JSON.stringify(shown) === JSON.stringify(names));
const rowsOtherThan = (page: Page, names: string[]) =>
  rowsWhen(page, (shown) => shown.length > 0 && JSON.stringify(shown) !== JSON.stringify(names));

describe('list state in the URL', () => {
  beforeAll(() => assertWebClientBuilt());
  // One workspace for the file: the tests only read its clients (the last adds a field).
  const session = signedInAdminPerFile(async ({ admin, dataSource }) => {
    const cities = ['Annecy', 'Lyon', 'Nantes', 'Paris', 'Rennes'];
    // 25 clients the filter keeps (3 pages of 10) and 5 it leaves out.
    for (let i = 0; i < 30; i++)
      await seedCompany(dataSource, admin.workspaceId, {
        name: `${i < 25 ? 'Agence' : 'Traiteur'} ${String(i).padStart(2, '0')}`,
        city: cities[i % cities.length],
      });
  });

  it('comes back to the same page, sort, filter and scroll after Back from a record and after a reload', async () => {
    const { page } = session;
    // Low enough for the page of 10 rows to scroll.
    await page.setViewportSize({ width: 1280, height: 500 });
    await page.goto('/companies');
    await waitForText(page, 'list-total', '30 résultats');

    await byTest(page, 'page-size').click();
    await page.locator('.n-base-select-option').filter({ hasText: /^10$/ }).click();
    await headerAction(page, 'city', 'desc');
    await headerAction(page, 'name', 'filter');
    await byTest(page, 'filter-value').locator('input').fill('agence');
    await byTest(page, 'filter-apply').click();
    await waitForText(page, 'list-total', '25 résultats');
    await waitForText(page, 'page-number', '1 / 3');
    const first = await rowsWhen(page, (shown) => shown.length === 10);
    await byTest(page, 'page-next').click();
    await waitForText(page, 'page-number', '2 / 3');
    // Every row of page 2 is in Nantes or Lyon (5 per city, cities descending).
    await page.waitForURL(/page=2/);
    const names = await rowsOtherThan(page, first);
    expect(names).toHaveLength(10);
    const url = new URL(page.url());
    expect(url.searchParams.get('sort')).toBe('city:desc');
    expect(url.searchParams.get('size')).toBe('10');
    expect(url.searchParams.get('filter')).toMatch(/^[\w-]+$/);
    // Suivant pushed a history entry (the page size replaced its own): Back returns to page 1
    // of the same list, Forward to page 2.
    await page.goBack();
    await waitForText(page, 'page-number', '1 / 3');
    expect(await rowsBecome(page, first)).toEqual(first);
    expect(new URL(page.url()).searchParams.get('size')).toBe('10');
    await page.goForward();
    await waitForText(page, 'page-number', '2 / 3');
    expect(await rowsBecome(page, names)).toEqual(names);

    // Scrolled down to the last row, open it, then Back: the same rows, page, sort, filter and scroll.
    // (Strings for the page's scripts: this file's tsconfig has no DOM types.)
    const scrollTop = '+document.querySelector(".main-layout__page").scrollTop';
    await page.evaluate('document.querySelector(".main-layout__page").scrollTop = 1e6');
    const top = Number(await page.evaluate(scrollTop));
    expect(top).toBeGreaterThan(100);
    await byTest(page, 'cell-link-name').last().click();
    await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
    await page.goBack();
    await waitForText(page, 'page-number', '2 / 3');
    await waitForText(page, 'list-total', '25 résultats');
    await waitForText(page, 'filter-chip', 'agence');
    expect(await rowsBecome(page, names)).toEqual(names);
    expect(await byTest(page, 'column-header-city').innerText()).toContain('▼');
    await page.waitForFunction(([el, t]) => (el as unknown as { scrollTop: number }).scrollTop === t, [
      await page.locator('.main-layout__page').elementHandle(),
      top,
    ] as const);

    // A reload too.
    await page.reload();
    await waitForText(page, 'page-number', '2 / 3');
    await waitForText(page, 'filter-chip', 'agence');
    expect(await rowsBecome(page, names)).toEqual(names);
    expect(page.url()).toBe(url.toString());
    // The scroll too: it is kept in the history entry, which a reload keeps.
    await page.waitForFunction(([el, t]) => (el as unknown as { scrollTop: number }).scrollTop === t, [
      await page.locator('.main-layout__page').elementHandle(),
      top,
    ] as const);

    // From page 3, a record and Back: the previous pages' cursors are kept in the history entry.
    await byTest(page, 'page-next').click();
    await waitForText(page, 'page-number', '3 / 3');
    await page.waitForURL(/page=3/);
    const third = await rowsOtherThan(page, names);
    const thirdUrl = page.url();
    await byTest(page, 'cell-link-name').first().click();
    await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
    await page.goBack();
    await waitForText(page, 'page-number', '3 / 3');
    expect(await rowsBecome(page, third)).toEqual(third);
    await byTest(page, 'page-previous').click();
    await waitForText(page, 'page-number', '2 / 3');
    await page.waitForURL(/page=2/);
    expect(await rowsBecome(page, names)).toEqual(names);

    // A link opened anew knows its own page's cursor only: Previous reads page 2 backwards,
    // and learns its cursor (the same link as page 2's above), then page 1.
    await page.goto(thirdUrl);
    await waitForText(page, 'page-number', '3 / 3');
    expect(await rowsBecome(page, third)).toEqual(third);
    await byTest(page, 'page-previous').click();
    await waitForText(page, 'page-number', '2 / 3');
    expect(await rowsBecome(page, names)).toEqual(names);
    await page.waitForURL(url.toString());
    await byTest(page, 'page-previous').click();
    await waitForText(page, 'page-number', '1 / 3');
    expect(await rowsBecome(page, first)).toEqual(first);
    await page.waitForURL((u) => !u.searchParams.has('page'));
    // Forwards again from there: the cursors learnt lead to the same pages.
    await byTest(page, 'page-next').click();
    await waitForText(page, 'page-number', '2 / 3');
    expect(await rowsBecome(page, names)).toEqual(names);
    await screenshot(page, 'company list - state restored from the URL');
  });

  it('ignores a broken or stale link: defaults, never an error', async () => {
    const { page } = session;
    await page.goto('/companies?sort=gone:up&filter=%%%25&size=7&page=3&after=bogus&view=nope&group=name');
    await waitForText(page, 'list-total', '30 résultats');
    await waitForText(page, 'page-number', '1 / 1');
    expect(await byTest(page, 'error-message').count()).toBe(0);
    // Said, though: the list shows every result where the link meant a filtered few.
    await waitForText(
      page,
      'link-ignored',
      'Le filtre du lien n’a pas pu être appliqué : la liste montre tous les résultats.',
    );
    // A valid link says nothing; a bad sort alone is said as a part of the link.
    await page.goto('/companies?sort=name:desc');
    await waitForText(page, 'list-total', '30 résultats');
    expect(await byTest(page, 'link-ignored').count()).toBe(0);
    await page.goto('/companies?sort=gone:up');
    await waitForText(page, 'link-ignored', 'Une partie du lien');
    // A well-formed cursor of another sort is refused by the API: the first page shows instead.
    await page.goto('/companies?sort=name:desc&page=2&after=eyJ4IjoxfQ');
    await waitForText(page, 'list-total', '30 résultats');
    await waitForText(page, 'page-number', '1 / 1');
    expect((await rowsWhen(page, (shown) => shown[0] === 'Traiteur 29'))[0]).toBe('Traiteur 29');
    expect(await byTest(page, 'error-message').count()).toBe(0);
    await page.waitForURL((u) => u.search === '?sort=name%3Adesc' || u.search === '?sort=name:desc');
  });
  it('says which filter the API refuses when a chip is removed or AND/OR switched, and keeps the list as it was', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCustomField } = await client.ok(
      'mutation($input: CreateCustomFieldInput!) { createCustomField(input: $input) { id } }',
      { input: { recordKind: 'COMPANY', key: 'code', labelFr: 'Code interne', type: 'TEXT' } },
    );
    const filter = Buffer.from(
      JSON.stringify(['a', ['name', 'CONTAINS', 'agence'], ['custom.code', 'EMPTY']]),
    ).toString('base64url');
    await page.goto(`/companies?size=10&filter=${filter}`);
    await waitForText(page, 'list-total', '25 résultats');
    await waitForText(page, 'filter-chip', 'Code interne est vide');
    const shown = await rowsWhen(page, (names) => names.length === 10);
    const url = page.url();

    // Meanwhile an admin deletes the field: the filter left by removing the other chip (its
    // condition alone) is refused.
    await client.ok('mutation($id: ID!) { deleteCustomField(id: $id, clearValues: true) }', {
      id: createCustomField.id,
    });
    await byTest(page, 'filter-chip').filter({ hasText: 'agence' }).locator('.n-tag__close').click();
    const refused = await waitForText(page, 'filter-refused', 'la liste garde le filtre précédent');
    expect(await byTest(refused, 'filter-refused-line').allInnerTexts()).toEqual([
      "« Code interne est vide » : La colonne custom.code n'existe plus : le champ personnalisé a été supprimé.",
    ]);
    // Not the general banner; the chips, rows, total and link of the filter still applied.
    await screenshot(page, 'company list - refused filter change');
    expect(await byTest(page, 'error-message').count()).toBe(0);
    expect(await byTest(page, 'filter-chip').allInnerTexts()).toEqual([
      expect.stringContaining('agence'),
      expect.stringContaining('Code interne est vide'),
    ]);
    await waitForText(page, 'list-total', '25 résultats');
    expect(await shownNames(page)).toEqual(shown);
    expect(page.url()).toBe(url);

    // AND to OR: refused the same way, on the same condition (the second one).
    await byTest(page, 'filter-combinator').getByText('OU').click();
    await waitForText(page, 'filter-refused-line', '« Code interne est vide »');
    expect(await byTest(page, 'filter-combinator').locator('.n-radio-button--checked').innerText()).toBe('ET');
    expect(await byTest(page, 'filter-chip').count()).toBe(2);
    expect(page.url()).toBe(url);

    // Removing the refused condition's own chip is accepted: the banner goes.
    await byTest(page, 'filter-chip').filter({ hasText: 'Code interne' }).locator('.n-tag__close').click();
    // The chip goes once the list has answered: waited for, not counted at once (the banner can
    // leave a render before the chips do; CI saw 2 chips once).
    await byTest(page, 'filter-chip').filter({ hasText: 'Code interne' }).waitFor({ state: 'detached' });
    await waitForText(page, 'list-total', '25 résultats');
    await byTest(page, 'filter-refused').waitFor({ state: 'detached' });
    expect(await byTest(page, 'filter-chip').count()).toBe(1);
  });

  it('says when the saved view a link names no longer exists, and shows the default view', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createListView } = await client.ok(
      'mutation($input: ListViewInput!) { createListView(list: COMPANIES, input: $input) { id } }',
      {
        input: {
          name: 'Les agences',
          columns: ['name', 'city'],
          filter: { column: 'name', op: 'CONTAINS', value: 'agence' },
          shared: true,
        },
      },
    );
    const link = `/companies?view=${createListView.id}`;
    await page.goto(link);
    await waitForText(page, 'list-total', '25 résultats');
    expect(await byTest(page, 'link-view-missing').count()).toBe(0);

    // Deleted since: the link falls back to the default view, and says so.
    await client.ok('mutation($id: ID!) { deleteListView(id: $id) }', { id: createListView.id });
    await page.goto(link);
    await waitForText(page, 'list-total', '30 résultats');
    await waitForText(
      page,
      'link-view-missing',
      'La vue enregistrée de ce lien n’existe plus (supprimée, ou plus partagée avec vous) : la liste part de la vue par défaut.',
    );
    await screenshot(page, 'company list - link to a deleted view');
    expect(await byTest(page, 'error-message').count()).toBe(0);
    expect(await byTest(page, 'link-ignored').count()).toBe(0);
    // The address now says what shows: no view.
    await page.waitForURL((u) => !u.searchParams.has('view'));
    await byTest(page, 'link-view-missing').locator('.n-alert__close').click();
    await byTest(page, 'link-view-missing').waitFor({ state: 'detached' });
  });
});
