/** What the state of a dialog was when the user pressed Escape or asked to close it. */
export interface DraftCloseState {
  /** A menu of the dialog (a dropdown, a select's list) was open. */
  menuOpen: boolean;
  /** The "Abandonner ce brouillon ?" question is already open. */
  asking: boolean;
  /** The dialog holds text the user typed. */
  dirty: boolean;
}

/**
 * What Escape does in a dialog holding a draft: it closes an open menu and nothing else,
 * does nothing more while the question is open (that one answers Escape itself), and
 * otherwise closes the dialog, asking first when typed text would be lost.
 */
export function escapeAction(state: DraftCloseState): 'menu' | 'ignore' | 'ask' | 'close' {
  if (state.menuOpen) return 'menu';
  return closeAction(state);
}

/** What any other way of closing does (×, a click outside, "Annuler"). */
export function closeAction(state: Omit<DraftCloseState, 'menuOpen'>): 'ignore' | 'ask' | 'close' {
  if (state.asking) return 'ignore';
  return state.dirty ? 'ask' : 'close';
}

/** The menus naive-ui opens above a dialog (teleported to the body while open). */
export const OPEN_MENU_SELECTOR = '.n-dropdown-menu, .n-base-select-menu, .n-popselect-menu, .n-date-panel';
