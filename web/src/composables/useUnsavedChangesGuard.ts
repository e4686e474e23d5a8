import { onBeforeUnmount, onMounted } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave, onBeforeRouteUpdate, type RouteLocationNormalized } from 'vue-router';
import { useDialog } from 'naive-ui';

/**
 * Asks before an edit form's unsaved changes are lost: leaving the page (another menu entry,
 * back), or moving within it to another URL (another tab of the record, another record on the
 * same page), asks "Quitter sans enregistrer ?" (Quitter / Rester); a reload or closing the tab
 * gets the browser's own prompt (`beforeunload`). Nothing is asked while `dirty()` is false.
 */
// The navigations the user already agreed to lose edits for: a page holding two guarded forms
// (a record's form and its activity form) asks once per navigation, not once per form.
const confirmed = new WeakSet<RouteLocationNormalized>();

export function useUnsavedChangesGuard(dirty: () => boolean): void {
  const dialog = useDialog();
  const { t } = useI18n();
  // One dialog at a time: a second navigation while it is open is refused.
  let asking = false;

  function confirmLeave(): Promise<boolean> {
    if (asking) return Promise.resolve(false);
    asking = true;
    return new Promise<boolean>((resolve) => {
      const done = (leave: boolean) => {
        asking = false;
        resolve(leave);
      };
      dialog.warning({
        title: t('unsaved.title'),
        content: t('unsaved.content'),
        positiveText: t('unsaved.leave'),
        negativeText: t('unsaved.stay'),
        // Closing the dialog any other way keeps the user on the form.
        onPositiveClick: () => done(true),
        onNegativeClick: () => done(false),
        onClose: () => done(false),
        onMaskClick: () => done(false),
        onEsc: () => done(false),
      });
    });
  }

  const guard = async (to: RouteLocationNormalized, from: RouteLocationNormalized) => {
    if (to.fullPath === from.fullPath || !dirty() || confirmed.has(to)) return true;
    const leave = await confirmLeave();
    if (leave) confirmed.add(to);
    return leave;
  };
  onBeforeRouteLeave(guard);
  onBeforeRouteUpdate(guard);

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!dirty()) return;
    event.preventDefault();
    // Older browsers show the prompt only when returnValue is set.
    event.returnValue = '';
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload));
}
