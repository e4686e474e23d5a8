import { onScopeDispose, ref, type Ref } from 'vue';

/**
 * Widths where the app shell changes (px). Below `menu` the side menu is a drawer opened from
 * the top bar (a tablet gives its width to the page); below `phone` the top bar also puts the
 * search on its own row and the account buttons in the drawer. layout.css uses the same values
 * in its media queries.
 */
export const BREAKPOINTS = { phone: 768, menu: 1100 } as const;

function mediaQuery(maxWidth: number): Ref<boolean> {
  const query = window.matchMedia(`(max-width: ${maxWidth - 0.02}px)`);
  const matches = ref(query.matches);
  const onChange = (event: MediaQueryListEvent) => (matches.value = event.matches);
  query.addEventListener('change', onChange);
  onScopeDispose(() => query.removeEventListener('change', onChange));
  return matches;
}

/** Whether the window is narrower than each breakpoint, kept up to date as it is resized. */
export function useViewport(): { isPhone: Ref<boolean>; menuAsDrawer: Ref<boolean> } {
  return { isPhone: mediaQuery(BREAKPOINTS.phone), menuAsDrawer: mediaQuery(BREAKPOINTS.menu) };
}
