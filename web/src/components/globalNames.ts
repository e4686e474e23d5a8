import { type ControlWords, nameControls } from './fieldNames';

/**
 * Accessible names naive-ui leaves wrong, fixed once for the whole app (dialogs included: they
 * are teleported to the body) and kept as the page renders:
 * - its close buttons (cards, dialogs, modals, tags, drawers) carry a hard-coded English
 *   `aria-label="close"` no locale overrides: they are named in the page's language ("Fermer");
 * - a plain `n-form-item`'s label is not tied to its control, whose only name was then the
 *   placeholder ("Saisir", "Sélectionner"): each unnamed control of a labelled form item is
 *   named after its label (fieldNames.ts, as FieldItem does for its own). Controls already
 *   named (FieldItem's, an aria-label) are left alone.
 */
export interface GlobalWords {
  close: string;
  control: (label: string) => ControlWords;
}

const CLOSE = '.n-base-close';
const FORM_ITEM = '.n-form-item';
const LABEL = '.n-form-item-label';
let nextId = 0;

export function applyGlobalNames(root: ParentNode, words: GlobalWords): void {
  for (const el of root.querySelectorAll(CLOSE))
    // Only when different: an observer must not see a change of its own.
    if (el.getAttribute('aria-label') !== words.close) el.setAttribute('aria-label', words.close);
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
  observer.observe(root, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-label', 'class'],
  });
  apply();
  return { stop: () => observer.disconnect(), refresh: apply };
}
