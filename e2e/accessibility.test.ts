import type { Page } from 'playwright-core';
import { assertWebClientBuilt, byTest } from './support/browser';
import { signedInAdminPerTest } from './support/signed-in';

jest.setTimeout(120_000);

// The callbacks given to evaluate() run in the browser. The server's type check, which covers
// e2e/, has no DOM library: these stand for the browser's globals, for this file only.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function getComputedStyle(el: unknown): any;
type DomElement = any;
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

/** What can take the focus: native controls (a filterable select's input too, though out of the Tab order), and the rest in the Tab order. */
const FOCUSABLE = [
  'input:not([type="hidden"])',
  'textarea',
  'select',
  'button',
  'a[href]',
  '[contenteditable="true"]',
  '[tabindex]:not([tabindex="-1"])',
].join(', ');

/**
 * The focusable controls of the page's forms that have no accessible name, as Chromium's
 * accessibility tree computes it (what a screen reader says on focus): each described by its
 * field, tag, data-test and classes. Hidden ones (out of the accessibility tree) do not count.
 */
async function unnamedControls(
  page: Page,
  scope = '.main-layout__page form',
): Promise<{ checked: number; unnamed: string[] }> {
  const described: string[] = await page.evaluate(
    ([scopeSelector, focusable]) => {
      const found = [...document.querySelectorAll(scopeSelector)].flatMap((form: DomElement) => [
        ...form.querySelectorAll(focusable),
      ]);
      return found.map((el: DomElement, i: number) => {
        el.setAttribute('data-a11y-probe', String(i));
        const field = el.closest('[data-test^="field-"]')?.getAttribute('data-test') ?? '(no field)';
        const test = el.getAttribute('data-test') ?? el.closest('[data-test]')?.getAttribute('data-test') ?? '';
        return `${field}: <${el.tagName.toLowerCase()} class="${el.className}"> in ${test}`;
      });
    },
    [scope, FOCUSABLE] as const,
  );
  const cdp = await page.context().newCDPSession(page);
  const unnamed: string[] = [];
  let checked = 0;
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-a11y-probe]' });
    for (const nodeId of nodeIds) {
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId });
      const index = Number(attributes[attributes.indexOf('data-a11y-probe') + 1]);
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
      const node = nodes[0];
      if (!node || node.ignored) continue;
      checked++;
      const name = String(node.name?.value ?? '').trim();
      if (!name) unnamed.push(`${described[index]} (role ${String(node.role?.value)})`);
    }
  } finally {
    await cdp.detach();
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-a11y-probe]')) el.removeAttribute('data-a11y-probe');
    });
  }
  return { checked, unnamed };
}

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

  it('names the inputs of the shared form fields, the quote lines and the icon-only buttons', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string; mainContact: { id: string } } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id mainContact { id } } }`,
      {
        input: {
          name: 'Noms Accessibles',
          mainContact: { firstName: 'Léa', lastName: 'Label', email: 'lea@label.test', phoneDirect: '0472000010' },
        },
      },
    );
    await client.ok(`mutation($input: EmailTemplateInput!) { createEmailTemplate(input: $input) { id } }`, {
      input: { name: 'Relance', subject: 'Relance', body: 'Bonjour' },
    });
    const labelOf = (id: string) =>
      byTest(page, id)
        .first()
        .evaluate((el) => (el as unknown as { labels: { textContent: string }[] }).labels[0]?.textContent?.trim());

    // The contact's fields (FieldItem): each input is named by its label, and a click on the label focuses it.
    await page.goto(`/contacts/${createCompany.mainContact.id}`);
    await byTest(page, 'contact-first-name').waitFor();
    expect(await labelOf('contact-first-name')).toMatch(/^Prénom/);
    expect(await labelOf('contact-last-name')).toMatch(/^Nom/);
    expect(await labelOf('contact-email')).toMatch(/^Email/);
    expect(await labelOf('contact-phone-direct')).toMatch(/^Téléphone direct/);
    await page.locator('label').filter({ hasText: 'Téléphone direct' }).first().click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-test'))).toBe('contact-phone-direct');

    // The list's row actions (✎ ✉ ⊕).
    await page.goto('/contacts');
    const row = page.locator('.n-data-table-tr').filter({ hasText: 'Léa' }).first();
    await byTest(row, 'row-edit').waitFor();
    for (const name of ['Modifier', 'Envoyer un email', 'Nouvel événement'])
      expect(await row.getByRole('link', { name, exact: true }).count()).toBe(1);

    // A quote's lines: each input says its column and line, "×" says what it removes; the notes are labelled.
    await page.goto(`/quotes/new?companyId=${createCompany.id}`);
    await byTest(page, 'line-add').click();
    await byTest(page, 'line-row').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Qté, ligne 1', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Désignation, ligne 1', exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Supprimer la ligne 1', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Notes', exact: true }).count()).toBe(1);
    // The VAT rate is a select of the French rates, named like the line's other cells.
    expect(await page.getByRole('combobox', { name: 'TVA (%), ligne 1', exact: true }).count()).toBe(1);

    // Settings: the new value's input; the templates' "✎".
    await page.goto('/settings/lists');
    await byTest(page, 'setting-new-label').waitFor();
    expect(await byTest(page, 'setting-new-label').getAttribute('aria-label')).toBe('Nouvelle valeur');
    await page.goto('/settings/email-templates');
    await byTest(page, 'email-template-row').waitFor();
    expect(await page.getByRole('button', { name: 'Modifier le modèle « Relance »', exact: true }).count()).toBe(1);
    // The template form's plain form items: named by their labels, not by the placeholder "Saisir".
    expect(await page.getByRole('textbox', { name: 'Nom', exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: "Objet de l'email", exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Saisir', exact: true }).count()).toBe(0);

    // Dialogs: their fields named by their labels, their close buttons "Fermer" (naive-ui says "close").
    const noEnglishClose = async () =>
      expect(await page.getByRole('button', { name: 'close', exact: true }).count()).toBe(0);
    await page.goto(`/companies/${createCompany.id}?tab=activity`);
    await byTest(page, 'activity-send-email').click();
    const composer = byTest(page, 'email-composer');
    await composer.waitFor({ state: 'visible' });
    for (const name of ['Langue', "Modèle d'email", 'Catégorie'])
      expect(await composer.getByRole('combobox', { name, exact: true }).count()).toBe(1);
    expect(await composer.getByRole('textbox', { name: 'Message', exact: true }).count()).toBe(1);
    // A recipient's tag: its "×" says what it removes.
    expect(await composer.getByRole('button', { name: /^Retirer « Léa Label/ }).count()).toBe(1);
    expect(await composer.locator('.n-card-header__close').getAttribute('aria-label')).toBe('Fermer');
    await noEnglishClose();
    await composer.locator('.n-card-header__close').click();
    await composer.waitFor({ state: 'detached' });

    await byTest(page, 'company-merge').click();
    const merge = byTest(page, 'merge-dialog');
    await merge.waitFor({ state: 'visible' });
    expect(await merge.locator('.n-card-header__close').getAttribute('aria-label')).toBe('Fermer');
    await noEnglishClose();
    await merge.locator('.n-card-header__close').click();
    await merge.waitFor({ state: 'detached' });

    const { createInvoice } = await client.ok<{ createInvoice: { id: string } }>(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { id } }`,
      {
        input: {
          companyId: createCompany.id,
          lines: [{ description: 'Salle', quantity: '1', unitPrice: '100', vatRate: '20' }],
        },
      },
    );
    await client.ok(`mutation($id: ID!) { issueInvoice(id: $id) { id } }`, { id: createInvoice.id });
    await page.goto(`/invoices/${createInvoice.id}`);
    await byTest(page, 'payment-record').click();
    const payment = byTest(page, 'payment-dialog');
    await payment.waitFor({ state: 'visible' });
    expect(await payment.getByRole('textbox', { name: 'Montant', exact: true }).count()).toBe(1);
    expect(await payment.getByRole('combobox', { name: 'Mode de paiement', exact: true }).count()).toBe(1);
    expect(await payment.getByRole('textbox', { name: 'Référence / note', exact: true }).count()).toBe(1);
    expect(await payment.locator('.n-card-header__close').getAttribute('aria-label')).toBe('Fermer');
    await noEnglishClose();
  });

  it('honours the system setting to reduce motion: dialogs appear without sliding or scaling', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Sans Mouvement',
          mainContact: { firstName: 'Léa', lastName: 'Calme', email: 'lea@calme.test', phoneDirect: '0472000011' },
        },
      },
    );
    await page.goto(`/companies/${createCompany.id}`);
    await byTest(page, 'company-delete').click();
    const dialog = byTest(page, 'delete-company-dialog');
    await dialog.waitFor();
    /** The longest CSS transition of the dialog, in seconds. */
    const longestTransition = () =>
      dialog.evaluate((el) =>
        Math.max(
          ...String(getComputedStyle(el).transitionDuration)
            .split(',')
            .map((d) => parseFloat(d)),
        ),
      );
    // The browser context of these tests asks for reduced motion (e2e/support/browser.ts).
    expect(await longestTransition()).toBe(0);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await longestTransition()).toBeGreaterThan(0.1);
  });

  it('names every focusable control of the company, contact, event and quote forms (selects and date pickers too)', async () => {
    const { page } = session;
    const client = await session.apiClient();
    const { createCompany } = await client.ok<{ createCompany: { id: string } }>(
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { id } }`,
      {
        input: {
          name: 'Formulaires Nommés',
          mainContact: { firstName: 'Léa', lastName: 'Lecteur', email: 'lea@lecteur.test', phoneDirect: '0472000011' },
        },
      },
    );
    const forms: [string, string][] = [
      ['/companies/new', 'company-name'],
      ['/contacts/new', 'contact-first-name'],
      [`/events/new?companyId=${createCompany.id}`, 'event-status'],
      [`/quotes/new?companyId=${createCompany.id}`, 'document-new-client-switch'],
    ];
    for (const [path, ready] of forms) {
      await page.goto(path);
      await byTest(page, ready).first().waitFor();
      // The fields that load their options or pickers after the form shows.
      await page.waitForLoadState('networkidle');
      const { checked, unnamed } = await unnamedControls(page);
      expect({ path, unnamed }).toEqual({ path, unnamed: [] });
      expect(checked).toBeGreaterThan(5);
    }

    // The names are the labels: a select is a combobox named after its field, a date picker's input too.
    await page.goto(`/events/new?companyId=${createCompany.id}`);
    await byTest(page, 'event-status').waitFor();
    const status = page.getByRole('combobox', { name: 'Statut', exact: false });
    expect(await status.count()).toBe(1);
    expect(await status.getAttribute('aria-expanded')).toBe('false');
    await status.click();
    await page.locator('.n-base-select-menu').waitFor();
    expect(await status.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('textbox', { name: /^Date de début/ }).count()).toBe(1);
  });
});
