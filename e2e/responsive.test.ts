import type { Locator, Page } from 'playwright-core';
import { byTest, screenshot } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

// The callbacks given to evaluate() run in the browser. The server's type check, which covers
// e2e/, has no DOM library: these stand for the browser's globals, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(el: unknown): any;
declare function requestAnimationFrame(callback: () => void): number;
type HTMLElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** A client with a main contact, made through the API. */
async function createCompany(
  session: ReturnType<typeof signedInAdminPerTest>,
): Promise<{ companyId: string; contactId: string }> {
  const client = await session.apiClient();
  const { createCompany } = await client.ok<{ createCompany: { id: string; mainContact: { id: string } } }>(
    `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
    {
      input: {
        name: 'Nova Tech Solutions Événementiel',
        postalCode: '06000',
        city: 'Nice',
        mainContact: { firstName: 'Claire', lastName: 'Martin', email: 'claire@nova.test', phoneDirect: '0493000001' },
      },
    },
  );
  return { companyId: createCompany.id, contactId: createCompany.mainContact.id };
}

/** The tabs of the tab bars with this data-test, and the labels of those cut by the bar's edge. */
async function tabsCutOff(page: Page, testId: string): Promise<{ tabs: number; cut: string[] }> {
  return page.evaluate((id) => {
    const tabs = [...document.querySelectorAll(`[data-test="${id}"] > .n-tabs-nav .n-tabs-tab`)] as HTMLElement[];
    const cut = tabs.filter((tab) => {
      const nav = tab.closest('.n-tabs-nav-scroll-wrapper')!.getBoundingClientRect();
      const box = tab.getBoundingClientRect();
      return box.left < nav.left - 0.5 || box.right > nav.right + 0.5 || tab.scrollWidth > tab.clientWidth;
    });
    return { tabs: tabs.length, cut: cut.map((tab) => tab.textContent ?? '') };
  }, testId);
}

/** Whether the element lies horizontally inside the window (not cut by its right edge). */
async function insideViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return !!box && box.x >= 0 && box.x + box.width <= width + 0.5;
}

/** Nothing on the page is wider than its container: no part of the page is cut off on the right. */
async function pageFits(page: Page): Promise<{ page: [number, number]; document: [number, number] }> {
  return page.evaluate(() => {
    const content = document.querySelector('.main-layout__page') as HTMLElement;
    return {
      page: [content.scrollWidth, content.clientWidth],
      document: [document.documentElement.scrollWidth, window.innerWidth],
    };
  });
}

/**
 * Waits until the tab shows as the active one: naive-ui's sliding bar has reached it (phones),
 * or, where the tabs wrap, the tab draws its own underline.
 */
async function underlined(page: Page, testId: string): Promise<void> {
  await page.waitForFunction((id) => {
    const tab = document.querySelector(`[data-test="${id}"]`);
    if (!tab?.classList.contains('n-tabs-tab--active')) return false;
    const bar = tab.closest('.n-tabs-wrapper')?.querySelector('.n-tabs-bar');
    if (!bar || getComputedStyle(bar).display === 'none') return getComputedStyle(tab).boxShadow.includes('inset');
    const [t, b] = [tab.getBoundingClientRect(), bar.getBoundingClientRect()];
    return Math.abs(t.left - b.left) < 1 && Math.abs(t.width - b.width) < 1;
  }, testId);
}

function expectFits(fit: { page: [number, number]; document: [number, number] }): void {
  expect(fit.page[0]).toBeLessThanOrEqual(fit.page[1]);
  expect(fit.document[0]).toBeLessThanOrEqual(fit.document[1]);
}

describe('layout on a phone and on a desktop', () => {
  const session = signedInAdminPerTest();
  let page: Page;
  beforeEach(() => {
    page = session.page;
  });

  it('on a phone, the menu is a drawer, lists scroll sideways and every tab is reachable', async () => {
    const { companyId } = await createCompany(session);
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await byTest(page, 'user-name').waitFor();

    // The side menu is hidden; the top-bar button opens it as a drawer, picking a page closes it.
    expect(await byTest(page, 'side-menu').isVisible()).toBe(false);
    await byTest(page, 'menu-toggle').click();
    await byTest(page, 'side-menu').waitFor({ state: 'visible' });
    await byTest(page, 'logout').waitFor({ state: 'visible' });
    // The drawer has slid in (its animation over) before the picture.
    await page.waitForFunction(() => document.querySelector('.n-drawer')?.getBoundingClientRect().left === 0);
    await screenshot(page, 'responsive-phone-menu');
    await byTest(page, 'menu-companies').click();
    await page.waitForURL(/\/companies$/);
    await byTest(page, 'side-menu').waitFor({ state: 'hidden' });

    // The list: search and actions on screen, the table scrolling inside its card.
    await byTest(page, 'list-row').first().waitFor();
    for (const id of ['global-search', 'list-new-company', 'list-trash', 'page-next']) {
      const control = byTest(page, id);
      expect(await control.isVisible()).toBe(true);
      expect(await insideViewport(page, control)).toBe(true);
    }
    const table = await byTest(page, 'list-table').evaluate((el) => {
      const body = el.querySelector('.n-data-table-base-table-body .n-scrollbar-container') as HTMLElement;
      return { scrollWidth: body.scrollWidth, clientWidth: body.clientWidth };
    });
    expect(table.scrollWidth).toBeGreaterThan(table.clientWidth);
    expectFits(await pageFits(page));
    await screenshot(page, 'responsive-phone-companies');

    // The company page: the header's buttons and the tabs stay on screen; the last tab opens.
    await page.goto(`/companies/${companyId}`);
    await byTest(page, 'company-tabs').waitFor();
    expect(await insideViewport(page, byTest(page, 'company-delete'))).toBe(true);
    expectFits(await pageFits(page));
    await byTest(page, 'tab-custom').scrollIntoViewIfNeeded();
    expect(await insideViewport(page, byTest(page, 'tab-custom'))).toBe(true);
    await byTest(page, 'tab-custom').click();
    await page.waitForURL(/tab=custom/);
    await underlined(page, 'tab-custom');
    await screenshot(page, 'responsive-phone-company');

    // The new client form: one column, nothing cut.
    await page.goto('/companies/new');
    await byTest(page, 'company-name').waitFor();
    expectFits(await pageFits(page));
    expect(await insideViewport(page, byTest(page, 'company-name'))).toBe(true);
    // The page scrolls under the fixed top bar: the form is taller than the screen.
    const scrolled = await page.evaluate(() => {
      const scroller = document.querySelector('.main-layout__page') as HTMLElement;
      scroller.scrollTop = scroller.scrollHeight;
      return { top: scroller.scrollTop, tall: scroller.scrollHeight > scroller.clientHeight };
    });
    expect(scrolled.tall).toBe(true);
    expect(scrolled.top).toBeGreaterThan(0);
    expect(await byTest(page, 'user-name').isVisible()).toBe(true);
    await screenshot(page, 'responsive-phone-new-company');

    // Settings' value lists: the tabs on the left become rows above the list, all on screen.
    await page.goto('/settings/lists');
    await byTest(page, 'setting-lists-tabs').waitFor();
    const listTabs = page.locator('[data-test="setting-lists-tabs"] .n-tabs-tab');
    expect(await listTabs.count()).toBeGreaterThan(5);
    for (const tab of await listTabs.all()) expect(await insideViewport(page, tab)).toBe(true);
    expect(await insideViewport(page, page.getByRole('button', { name: 'Ajouter' }))).toBe(true);
    // Each value's actions wrap under a long label rather than running past the right edge.
    const settingRows = byTest(page, 'setting-row');
    await settingRows.first().waitFor();
    for (const button of await byTest(page, 'setting-delete').all())
      if (await button.isVisible()) expect(await insideViewport(page, button)).toBe(true);
    expectFits(await pageFits(page));

    // My tasks: the "show done" checkbox goes under the filter instead of being squeezed.
    await page.goto('/tasks');
    await byTest(page, 'tasks-show-done').waitFor();
    expect(await insideViewport(page, byTest(page, 'tasks-show-done'))).toBe(true);
    expectFits(await pageFits(page));
  });

  it('on a tablet, the menu is a drawer and the top bar keeps the name and the account buttons', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto('/companies');
    await byTest(page, 'list-row').or(byTest(page, 'list-table')).first().waitFor();
    expect(await byTest(page, 'side-menu').isVisible()).toBe(false);
    expect(await byTest(page, 'menu-toggle').isVisible()).toBe(true);
    const name = byTest(page, 'user-name');
    expect(await name.evaluate((el) => el.clientWidth > 0 && el.scrollWidth <= el.clientWidth)).toBe(true);
    for (const id of ['global-search', 'logout', 'locale-en', 'list-new-company']) {
      expect(await insideViewport(page, byTest(page, id))).toBe(true);
    }
    expectFits(await pageFits(page));
    await screenshot(page, 'responsive-tablet-companies');
  });

  it('on a desktop, the side menu shows and every company tab is visible whole', async () => {
    const { companyId, contactId } = await createCompany(session);
    await page.setViewportSize(DESKTOP);
    await page.goto(`/companies/${companyId}`);
    await byTest(page, 'company-tabs').waitFor();

    expect(await byTest(page, 'side-menu').isVisible()).toBe(true);
    expect(await byTest(page, 'menu-toggle').count()).toBe(0);
    expect(await byTest(page, 'logout').isVisible()).toBe(true);

    // Every tab label lies whole inside the tab bar, none cut by its edge; the same on a contact.
    expect(await tabsCutOff(page, 'company-tabs')).toEqual({ tabs: 10, cut: [] });
    await byTest(page, 'tab-custom').click();
    await page.waitForURL(/tab=custom/);
    await underlined(page, 'tab-custom');
    await screenshot(page, 'responsive-desktop-company');

    await page.goto(`/contacts/${contactId}`);
    await byTest(page, 'contact-tabs').first().waitFor();
    const contactTabs = await tabsCutOff(page, 'contact-tabs');
    expect(contactTabs.tabs).toBeGreaterThan(2);
    expect(contactTabs.cut).toEqual([]);
  });

  it('on a desktop, list headers show their whole title and keep their menu button', async () => {
    await createCompany(session);
    await page.setViewportSize(DESKTOP);
    await page.goto('/companies');
    await byTest(page, 'list-row').first().waitFor();

    const headers = await page.evaluate(() =>
      [...document.querySelectorAll('[data-test^="column-header-"]')].map((button) => {
        const th = button.closest('th')!.getBoundingClientRect();
        const clip = button.closest('.n-ellipsis') as HTMLElement | null;
        const caret = button.querySelector('.column-header__caret')!.getBoundingClientRect();
        return {
          title: button.textContent?.replace(/\s+/g, ' ').trim(),
          // The title is not cut by an ellipsis, and the ⋮ button lies inside the column.
          whole: !clip || clip.scrollWidth <= clip.clientWidth,
          caretInside: caret.right <= th.right + 0.5 && caret.width > 0,
        };
      }),
    );
    expect(headers.length).toBeGreaterThan(4);
    expect(headers.filter((h) => !h.whole || !h.caretInside)).toEqual([]);
    expect(headers.map((h) => h.title)).toContain('Nombre de contacts⋮');
    await screenshot(page, 'responsive-desktop-companies');
  });

  it('links in tables and page headers take the theme colour, underlined on hover only', async () => {
    const { companyId } = await createCompany(session);
    const linkStyle = (link: Locator) =>
      link.evaluate((el) => ({ color: getComputedStyle(el).color, line: getComputedStyle(el).textDecorationLine }));
    const underlinedOnHover = async (link: Locator) => {
      await link.hover();
      await link.evaluate(
        (el) =>
          new Promise<void>((resolve) => {
            const check = () =>
              getComputedStyle(el).textDecorationLine === 'underline' ? resolve() : requestAnimationFrame(check);
            check();
          }),
      );
    };

    await page.goto('/companies');
    const name = byTest(page, 'cell-link-name').first();
    await name.waitFor();
    expect(await linkStyle(name)).toEqual({ color: 'rgb(47, 111, 179)', line: 'none' });
    await underlinedOnHover(name);

    // A plain table too: the contacts of the company.
    await page.goto(`/companies/${companyId}?tab=contacts`);
    const contact = byTest(page, 'contact-row-name').first();
    await contact.waitFor();
    expect(await linkStyle(contact)).toEqual({ color: 'rgb(47, 111, 179)', line: 'none' });
    await underlinedOnHover(contact);
    await screenshot(page, 'responsive-desktop-company-contacts');

    // The links in a page's header too (Paramètres' links to its other pages).
    await page.goto('/settings');
    const settingsLink = byTest(page, 'settings-lists-link');
    await settingsLink.waitFor();
    expect(await linkStyle(settingsLink)).toEqual({ color: 'rgb(47, 111, 179)', line: 'none' });
    await underlinedOnHover(settingsLink);
  });

  it('lists the email templates with their names whole, on a desktop and on a phone', async () => {
    const client = await session.apiClient();
    const create = `mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`;
    await client.ok(create, {
      input: { name: 'Relance devis', subject: 'Votre devis, {{contact.firstName}}', body: 'Bonjour' },
    });
    await client.ok(create, {
      input: { name: 'Remerciements', subject: 'Merci', body: 'Merci pour votre confiance.' },
    });

    /** The lines each template name takes (1 when no word is broken) and the page's overflow. */
    const layout = () =>
      page.evaluate(() => {
        const names = [...document.querySelectorAll('[data-test="email-template-name"]')].map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return `${cell.textContent?.trim()}: ${tops.size}`;
        });
        const content = document.querySelector('.main-layout__page') as HTMLElement;
        return { names, fits: content.scrollWidth <= content.clientWidth };
      });

    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.goto('/settings/email-templates');
      await byTest(page, 'email-template-row').nth(1).waitFor();
      expect(await layout()).toEqual({ names: ['Relance devis: 1', 'Remerciements: 1'], fits: true });
      await screenshot(page, `responsive-${size.width}-email-templates`);
    }
  });

  it('edits invoice lines on a phone (the table scrolls sideways) and shows their values whole on a tablet', async () => {
    const { companyId } = await createCompany(session);
    const client = await session.apiClient();
    const { createInvoice } = await client.ok<{ createInvoice: { id: string } }>(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          companyId,
          lines: [
            {
              description: 'Location de salle',
              quantity: '12.5',
              unitPrice: '1500',
              vatRate: '5.5',
              discountPercent: '12.5',
            },
            { description: 'Traiteur', quantity: '1', unitPrice: '123456.78', vatRate: '20' },
          ],
        },
      },
    );

    /** Each line input: its value's width against its box, and its box's width. */
    const cells = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-test="line-row"] input')].map((input: HTMLElement) => ({
          cell: input.getAttribute('data-test'),
          cut: input.scrollWidth > input.clientWidth,
          width: Math.round(input.getBoundingClientRect().width),
        })),
      );

    for (const size of [{ width: 820, height: 1180 }, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(`/invoices/${createInvoice.id}`);
      await byTest(page, 'line-row').nth(1).waitFor();
      const inputs = await cells();
      // Quantity, unit price and discount (the VAT rate is a select, its value shown whole below).
      expect(inputs).toHaveLength(6);
      expect(inputs.filter((c) => c.cut)).toEqual([]);
      const vat = byTest(page, 'line-vatRate').first();
      expect((await vat.innerText()).trim()).toBe('5,5 %');
      expect(
        await vat.evaluate((el: HTMLElement) => {
          const label = el.querySelector('.n-base-selection-input__content') as HTMLElement | null;
          return !label || label.scrollWidth <= label.clientWidth;
        }),
      ).toBe(true);
      expect(inputs.filter((c) => c.width < 50)).toEqual([]);
      // The page itself does not overflow: only the lines table scrolls, inside its card.
      expectFits(await pageFits(page));
      await screenshot(page, `responsive-${size.width}-invoice-lines`);
    }

    // On the phone, every cell is reached and edited, and a line is removed.
    const scroll = byTest(page, 'lines-scroll');
    expect(await scroll.evaluate((el: HTMLElement) => el.scrollWidth > el.clientWidth)).toBe(true);
    const last = byTest(page, 'line-row').nth(1);
    await byTest(last, 'line-discountPercent').fill('10');
    await byTest(last, 'line-quantity').fill('2');
    expect(await insideViewport(page, byTest(last, 'line-quantity'))).toBe(true);
    await byTest(last, 'line-remove').click();
    expect(await byTest(page, 'line-row').count()).toBe(1);
  });

  it("on a phone, the contact page's header and its events tab fit the screen", async () => {
    const { contactId } = await createCompany(session);
    await page.setViewportSize(PHONE);
    await page.goto(`/contacts/${contactId}`);
    await byTest(page, 'contact-tabs').first().waitFor();

    // The company's name next to the status tags stays whole, on one line, on screen.
    const company = page.locator('.contact-meta a').first();
    expect(await company.textContent()).toBe('Nova Tech Solutions Événementiel');
    expect(await insideViewport(page, company)).toBe(true);
    expect(await company.evaluate((el) => el.getClientRects().length)).toBe(1);

    // The events tab: "+ Nouvel événement avec ce contact" goes under the count, on screen.
    await byTest(page, 'tab-events').click();
    await byTest(page, 'event-new').waitFor({ state: 'visible' });
    expect(await insideViewport(page, byTest(page, 'event-new'))).toBe(true);
    expectFits(await pageFits(page));
    await screenshot(page, 'responsive-phone-contact-events');
  });

  it('on a phone, the e-mail composer puts its labels above full-width fields', async () => {
    const { contactId } = await createCompany(session);
    await page.setViewportSize(PHONE);
    // Labels above their fields, the selects as wide as the dialog, the links on screen.
    await page.goto(`/contacts/${contactId}?compose=email`);
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    expect(await insideViewport(page, composer)).toBe(true);
    const body = (await page.locator('.n-modal .n-form').boundingBox())!;
    for (const id of ['email-language', 'email-template', 'email-to', 'email-subject', 'email-text']) {
      const field = byTest(page, id).first();
      const box = (await field.boundingBox())!;
      expect(await insideViewport(page, field)).toBe(true);
      // Nearly the dialog's whole width (its padding aside), not a box squeezed beside a label.
      expect(box.width).toBeGreaterThan(body.width - 60);
      const item = field.locator(
        'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " n-form-item ")][1]',
      );
      const label = (await item.locator('.n-form-item-label').boundingBox())!;
      expect(label.y + label.height).toBeLessThanOrEqual(box.y + 1);
    }
    for (const id of ['email-add-cc', 'email-add-bcc', 'email-send'])
      expect(await insideViewport(page, byTest(composer, id).or(byTest(page, id)).first())).toBe(true);
    await screenshot(page, 'responsive-phone-email-composer');
  });

  it('on a desktop, the users table keeps its words whole beside the invitation hint', async () => {
    const client = await session.apiClient();
    await client.ok(`mutation($input: InviteUserInput!) { inviteUser(input: $input) { invitationLink } }`, {
      input: { email: 'julie.martin@agence.example', name: 'Julie Martin', role: 'USER' },
    });
    await page.setViewportSize(DESKTOP);
    await page.goto('/settings');
    await byTest(page, 'user-invitation').waitFor();

    // Every word of every header and cell lies on one line (a word cut in two has two boxes).
    const broken = await page.evaluate(() => {
      const table = document.querySelector('[data-test="users-section"] .n-data-table-table');
      const walker = document.createTreeWalker(table, 4 /* NodeFilter.SHOW_TEXT */);
      const cut: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text: string = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].map((r: { top: number }) => Math.round(r.top)));
          if (tops.size > 1) cut.push(match[0]);
        }
      }
      return cut;
    });
    expect(broken).toEqual([]);
    expectFits(await pageFits(page));
    await screenshot(page, 'responsive-desktop-users');
  });
});
