import type { Directive } from 'vue';

/**
 * `v-keyboard-tabs` on an `<n-tabs>`: naive-ui renders its tabs as plain divs, with no role,
 * no tabindex and no keyboard handling, so a keyboard or screen-reader user could never reach
 * a record page's Activity, Documents or Finance tab. This gives them the WAI-ARIA tabs
 * pattern: role tablist / tab / tabpanel, aria-selected, aria-controls / aria-labelledby, a
 * roving tabindex (Tab reaches the selected tab, then leaves the list), Arrow keys (Up/Down
 * for a vertical list), Home and End move to a tab and select it, Enter and Space select the
 * focused one. Only the element's own tabs are handled, not those of tabs nested in a pane.
 * The attributes follow naive-ui's rendering: an observer of the tab bar re-applies them
 * whenever the selected tab or the list of tabs changes.
 */

const TAB = 'n-tabs-tab';
let sequence = 0;

interface State {
  nav: HTMLElement | null;
  observer: MutationObserver;
  onKeydown: (event: KeyboardEvent) => void;
}
const states = new WeakMap<HTMLElement, State>();

function setAttr(el: Element, name: string, value: string | null): void {
  if (value === null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
  } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

const own = <T extends Element>(root: HTMLElement, list: Iterable<T>): T[] =>
  [...list].filter((el) => el.closest('.n-tabs') === root);

const tabsOf = (root: HTMLElement) => own(root, root.querySelectorAll<HTMLElement>(`.${TAB}`));
const enabled = (tab: HTMLElement) => !tab.classList.contains(`${TAB}--disabled`);
const vertical = (root: HTMLElement) =>
  root.classList.contains('n-tabs--left') || root.classList.contains('n-tabs--right');

function sync(root: HTMLElement): void {
  const tabs = tabsOf(root);
  const first = tabs[0];
  if (!first) return;
  const list = first.closest('.n-tabs-wrapper') ?? first.parentElement;
  if (list) {
    setAttr(list, 'role', 'tablist');
    setAttr(list, 'aria-orientation', vertical(root) ? 'vertical' : 'horizontal');
  }
  // The wrappers and paddings between the list and its tabs are layout only.
  for (const el of own(root, root.querySelectorAll('.n-tabs-tab-wrapper, .n-tabs-tab-pad')))
    setAttr(el, 'role', 'presentation');
  for (const el of own(root, root.querySelectorAll('.n-tabs-bar'))) setAttr(el, 'aria-hidden', 'true');

  const selected = tabs.find((t) => t.classList.contains(`${TAB}--active`)) ?? null;
  // With no tab selected yet, the first usable one is where Tab lands.
  const focusable = selected ?? tabs.find(enabled) ?? null;
  const panes = own(root, root.querySelectorAll<HTMLElement>('.n-tab-pane'));
  const shown = panes.find((p) => p.style.display !== 'none') ?? null;
  for (const tab of tabs) {
    if (!tab.id) tab.id = `crm-tab-${++sequence}`;
    setAttr(tab, 'role', 'tab');
    setAttr(tab, 'aria-selected', String(tab === selected));
    setAttr(tab, 'tabindex', tab === focusable ? '0' : '-1');
    setAttr(tab, 'aria-disabled', enabled(tab) ? null : 'true');
    setAttr(tab, 'aria-controls', tab === selected && shown ? (shown.id ||= `crm-tabpanel-${++sequence}`) : null);
  }
  for (const pane of panes) {
    setAttr(pane, 'role', 'tabpanel');
    setAttr(pane, 'aria-labelledby', pane === shown && selected ? selected.id : null);
  }
}

function onKeydown(root: HTMLElement, event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (!target?.classList.contains(TAB) || target.closest('.n-tabs') !== root) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    if (enabled(target)) target.click();
    return;
  }
  const [previous, next] = vertical(root) ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
  const tabs = tabsOf(root).filter(enabled);
  const at = tabs.indexOf(target);
  let to: HTMLElement | undefined;
  if (event.key === next) to = tabs[(at + 1) % tabs.length];
  else if (event.key === previous) to = tabs[(at - 1 + tabs.length) % tabs.length];
  else if (event.key === 'Home') to = tabs[0];
  else if (event.key === 'End') to = tabs[tabs.length - 1];
  if (!to) return;
  event.preventDefault();
  to.focus();
  to.click();
  // naive-ui re-renders on the next tick; the observer then moves the tabindex.
}

/** Watches the tab bar (not the panes' content, which changes all the time) and the root's own children. */
function watch(root: HTMLElement, state: State): void {
  const nav = own(root, root.querySelectorAll<HTMLElement>('.n-tabs-nav'))[0] ?? null;
  if (nav && nav !== state.nav) {
    state.nav = nav;
    // Class changes (the selected tab) and tabs added or removed.
    state.observer.observe(nav, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  }
}

export const vKeyboardTabs: Directive<HTMLElement> = {
  mounted(root) {
    const state: State = {
      nav: null,
      observer: new MutationObserver(() => {
        watch(root, state);
        sync(root);
      }),
      onKeydown: (event) => onKeydown(root, event),
    };
    states.set(root, state);
    // A re-rendered tab bar, or a pane replaced (naive-ui renders the panes in the same pass
    // as the tab bar's classes, so a changed selection is seen through the bar).
    state.observer.observe(root, { childList: true });
    const panes = own(root, root.querySelectorAll('.n-tabs-pane-wrapper'))[0];
    if (panes) state.observer.observe(panes, { childList: true });
    watch(root, state);
    root.addEventListener('keydown', state.onKeydown);
    sync(root);
  },
  updated(root) {
    sync(root);
  },
  beforeUnmount(root) {
    const state = states.get(root);
    state?.observer.disconnect();
    if (state) root.removeEventListener('keydown', state.onKeydown);
    states.delete(root);
  },
};
