import { getCurrentScope, onScopeDispose, readonly, ref, toValue, watch, type MaybeRefOrGetter } from 'vue';

export interface PollingOptions {
  /** Poll only while this is true (e.g. while a panel is open). Defaults to always. */
  enabled?: MaybeRefOrGetter<boolean>;
  /** Also skip ticks while the browser tab is hidden. Defaults to true. */
  pauseWhenHidden?: boolean;
}

/**
 * Calls `fn` now and then every `ms` milliseconds after the previous call settled (never two
 * at once), until the calling component unmounts (or its effect scope is disposed).
 * Errors thrown by `fn` do not stop the polling: `fn` is expected to record them itself.
 */
export function usePolling(fn: () => unknown, ms: number, options: PollingOptions = {}) {
  const pauseWhenHidden = options.pauseWhenHidden ?? true;
  const active = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let rerun = false;
  let disposed = false;

  const enabled = () => !disposed && (options.enabled === undefined || toValue(options.enabled));
  const visible = () => !pauseWhenHidden || typeof document === 'undefined' || !document.hidden;

  function clear() {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule() {
    clear();
    if (active.value && enabled() && visible()) timer = setTimeout(() => void tick(), ms);
  }

  async function tick(): Promise<void> {
    clear();
    if (!enabled()) return;
    if (inFlight) {
      // Asked again while a call runs (e.g. after a mutation): run once more right after it.
      rerun = true;
      return inFlight;
    }
    inFlight = (async () => {
      do {
        rerun = false;
        try {
          await fn();
        } catch {
          // Reported by fn; keep polling.
        }
      } while (rerun && enabled());
    })().finally(() => {
      inFlight = undefined;
      schedule();
    });
    return inFlight;
  }

  function start() {
    active.value = true;
    void tick();
  }

  function stop() {
    active.value = false;
    clear();
  }

  function onVisibility() {
    if (!active.value) return;
    if (document.hidden) clear();
    else void tick();
  }

  if (pauseWhenHidden && typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility);

  if (options.enabled !== undefined) {
    watch(
      () => toValue(options.enabled),
      (on) => (on ? start() : stop()),
      { immediate: true },
    );
  } else {
    start();
  }

  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true;
      stop();
      if (pauseWhenHidden && typeof document !== 'undefined') {
        document.removeEventListener('visibilitychange', onVisibility);
      }
    });
  }

  return {
    /** Whether polling is on (it may still skip ticks while the tab is hidden). */
    active: readonly(active),
    /** Runs `fn` right away (e.g. after a mutation) and restarts the interval. */
    refresh: tick,
    start,
    stop,
  };
}
