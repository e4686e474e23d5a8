import { onBeforeUnmount, onMounted } from 'vue';
import { useI18n } from 'vue-i18n';
import { useDialog } from 'naive-ui';
import { OPEN_MENU_SELECTOR, closeAction, escapeAction } from './draftClose';

/**
 * Keeps a dialog's typed text from being lost by a stray key or click. Give the n-modal
 * `:close-on-esc="false"`, `@esc="onEsc"` and route every other way of closing it (×, a click
 * outside through `@update:show`, "Annuler") to `requestClose`: with a draft (`dirty()`),
 * « Abandonner ce brouillon ? » is asked first; Escape pressed while a menu of the dialog is
 * open (« Champs dynamiques ▾ », a select's list) only closes that menu.
 */
export function useDraftGuard(dirty: () => boolean, close: () => void) {
  const dialog = useDialog();
  const { t } = useI18n();
  let asking = false;
  // Read in the capture phase, before the menu closes itself on the same key.
  let menuOpenAtEsc = false;
  let askingAtEsc = false;

  function ask(): void {
    asking = true;
    const done = (discard: boolean) => {
      asking = false;
      if (discard) close();
    };
    dialog.warning({
      title: t('draft.discardTitle'),
      content: t('draft.discardContent'),
      positiveText: t('draft.discard'),
      negativeText: t('draft.keep'),
      onPositiveClick: () => done(true),
      onNegativeClick: () => done(false),
      onClose: () => done(false),
      onMaskClick: () => done(false),
      onEsc: () => done(false),
    });
  }

  function run(action: 'menu' | 'ignore' | 'ask' | 'close'): void {
    if (action === 'ask') ask();
    else if (action === 'close') close();
  }

  function requestClose(): void {
    run(closeAction({ asking, dirty: dirty() }));
  }

  function onEsc(): void {
    run(escapeAction({ menuOpen: menuOpenAtEsc, asking: askingAtEsc, dirty: dirty() }));
    menuOpenAtEsc = false;
  }

  function onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // A menu closed earlier may stay in the page, hidden or fading out: only a shown one counts.
    menuOpenAtEsc = [...document.querySelectorAll(OPEN_MENU_SELECTOR)].some(
      (el) => el.getClientRects().length > 0 && !/-leave-/.test(el.className),
    );
    askingAtEsc = asking;
  }
  onMounted(() => window.addEventListener('keydown', onKeydown, true));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true));

  return { requestClose, onEsc };
}
