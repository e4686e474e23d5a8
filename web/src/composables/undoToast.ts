import { h } from 'vue';
import { NButton, type MessageApi } from 'naive-ui';

/** How long the toast of a deletion offers its undo. */
export const UNDO_TOAST_MS = 8000;

/**
 * The success toast of a deletion that went to the trash, with « Annuler » beside the text: a
 * click closes the toast and runs `undo` (the restore), so a wrong click costs nothing. The
 * item stays in the trash (and can be restored from there) once the toast is gone.
 */
export function undoToast(message: MessageApi, text: string, undoLabel: string, undo: () => Promise<void>): void {
  const toast = message.success(
    () =>
      h('span', { class: 'undo-toast', 'data-test': 'undo-toast' }, [
        h('span', text),
        h(
          NButton,
          {
            text: true,
            type: 'primary',
            style: { marginLeft: '12px' },
            'data-test': 'undo-toast-undo',
            onClick: () => {
              toast.destroy();
              void undo();
            },
          },
          { default: () => undoLabel },
        ),
      ]),
    { duration: UNDO_TOAST_MS, closable: true },
  );
}
