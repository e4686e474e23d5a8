import { type ControlWords, nameControls } from './fieldNames';

/**
 * Accessible names naive-ui leaves wrong, fixed once for the whole app (dialogs included: they
 * are teleported to the body) and kept as the page renders:
 * - its close buttons (cards, dialogs, modals, drawers, tags) carry a hard-coded English
 *   `aria-label="close"` no locale overrides: they are named in the page's language ("Fermer"),
 *   a tag's after what it removes ("Retirer « Claire Martin »");
 * - a plain `n-form-item`'s label is not tied to its control, whose only name was then the
 *   placeholder ("Saisir", "Sélectionner"): each unnamed control of a labelled form item is
 *   named after its label (fieldNames.ts, as FieldItem does for its own). Controls already
 *   named (FieldItem's, an aria-label) are left alone.
 */
export interface GlobalWords {
  close: string;
  /** A tag's "×": what it removes ("Retirer « Claire Martin »"). */
  remove: (label: string) => string;
  control: (label: string) => ControlWords;
}

const CLOSE = '.n-base-close';
const FORM_ITEM = '.n-form-item';
const LABEL = '.n-form-item-label';
let nextId = 0;

export function applyGlobalNames(root: ParentNode, words: GlobalWords): void {
  for (const el of root.querySelectorAll(CLOSE)) {
    const tag = el.classList.contains('n-tag__close') ? el.closest('.n-tag') : null;
    const text = tag?.querySelector('.n-tag__content')?.textContent?.trim();
    const name = text ? words.remove(text) : words.close;
    // Only when different: an observer must not see a change of its own.
    if (el.getAttribute('aria-label') !== name) el.setAttribute('aria-label', name);
  }
  for (const item of root.querySelectorAll(FORM_ITEM)) {
    const label = item.querySelector(LABEL);
    const text = label?.textContent?.replace(/\*\s*$/, '').trim();
    if (!label || !text) continue;
    if (!label.id) label.id = `form-item-label-${++nextId}`;
    const content = item.querySelector('.n-form-item-blank');
    if (content) nameControls(content, label.id, words.control(text));
  }
}

/** Applies the names under `root` now and after every change; returns stop and refresh (a new language). */
export function keepGlobalNames(root: HTMLElement, words: () => GlobalWords): { stop(): void; refresh(): void } {
  const apply = () => applyGlobalNames(root, words());
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      apply();
    });
  });
  // Insertions bring new close buttons and form items; aria-label is watched because a
  // re-render puts naive-ui's "close" back. Not `class`: hovers and focus rings change
  // classes all the time, and each change would rescan the whole page.
  observer.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-label'],
  });
  apply();
  return { stop: () => observer.disconnect(), refresh: apply };
}
