/**
 * Names the controls of a form field after its label, for those naive-ui renders without a
 * native input to carry the label's `for` (FieldItem passes `inputId` to the ones that have
 * one): a select's focusable box, a date picker's or number input's inner input, a filterable
 * select's search input, a switch. Each gets `aria-labelledby` pointing at the label; a
 * select's box is also made a combobox (a plain div has no role a name can go on), its
 * `aria-expanded` following the menu, and a date picker's box, which takes the focus before
 * its input does, a group. Controls already named (a label, aria-label, aria-labelledby) are
 * left alone. A number input's − and + buttons get names of their own (`words`).
 */

export interface ControlWords {
  /** The name of a number input's − button ("Diminuer « Invités »"). */
  decrease: string;
  increase: string;
}

/** naive-ui's focusable box of a select: single (label) or multiple (tags), filterable or not. */
const SELECT_BOX = '.n-base-selection-label, .n-base-selection-tags';
const NATIVE = 'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]), textarea, select';
const SWITCH = '[role="switch"]';
/** A date picker's input box: focused first (naive-ui's "passive activation"), Enter focuses the input. */
const PICKER_BOX = '.n-date-picker .n-input';

function named(el: Element): boolean {
  if (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby')) return true;
  const labels = (el as HTMLInputElement).labels;
  return !!labels && labels.length > 0;
}

function set(el: Element, name: string, value: string): void {
  // Only when different: the caller's MutationObserver must not see a change of its own.
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Names the unnamed controls inside `content` (a form item) by the label `labelId`. */
export function nameControls(content: Element, labelId: string, words: ControlWords): void {
  for (const box of content.querySelectorAll(SELECT_BOX)) {
    const selection = box.closest('.n-base-selection');
    if (!selection) continue;
    if (!named(box)) set(box, 'aria-labelledby', labelId);
    set(box, 'role', 'combobox');
    set(box, 'aria-haspopup', 'listbox');
    set(box, 'aria-expanded', String(selection.classList.contains('n-base-selection--active')));
  }
  for (const box of content.querySelectorAll(PICKER_BOX)) {
    if (!named(box)) set(box, 'aria-labelledby', labelId);
    set(box, 'role', 'group');
  }
  for (const el of content.querySelectorAll(`${NATIVE}, ${SWITCH}`)) {
    if (!named(el)) set(el, 'aria-labelledby', labelId);
  }
  for (const numberInput of content.querySelectorAll('.n-input-number')) {
    const buttons = [...numberInput.querySelectorAll('button')];
    // − then +, whether − is before the input or beside +.
    if (buttons.length !== 2) continue;
    set(buttons[0]!, 'aria-label', words.decrease);
    set(buttons[1]!, 'aria-label', words.increase);
  }
}

/**
 * Keeps the controls of `content` named while it renders (a select's box changes with its
 * value, a picker appears after its data). Returns the function that stops.
 */
export function keepControlsNamed(content: Element, labelId: string, words: () => ControlWords): () => void {
  nameControls(content, labelId, words());
  const observer = new MutationObserver(() => nameControls(content, labelId, words()));
  // Our own attributes are not watched: naming never triggers itself.
  observer.observe(content, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
