import { OUTBOX_KEY } from './outbox-store.js';
import { type DeliveryOutcome, Outbox, type OutboxOptions } from './outbox.js';

/** Shortest wait between two scheduled flushes, in ms. */
const MIN_TIMER_MS = 1000;

let shared: Outbox | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * The page's one outbox, created on first use, with its automatic flushing
 * started: now (a page of the site loaded the widget again), when the browser
 * comes back online, when the page becomes visible again, on a timer that
 * follows each lead's backoff, when another tab changes the outbox, and with
 * `keepalive` when the page is being hidden or unloaded.
 *
 * Started by the first element that connects, so a second copy of the script
 * (whose element class is never registered) starts nothing.
 */
export function pageOutbox(options: Pick<OutboxOptions, 'onProblem'> = {}): Outbox {
  if (shared) return shared;
  const outbox = new Outbox(options);
  shared = outbox;
  const flushNow = () => void outbox.flush().finally(scheduleNext);
  function scheduleNext() {
    clearTimeout(timer);
    const due = outbox.nextDueAt();
    if (due === undefined) return;
    timer = setTimeout(flushNow, Math.max(MIN_TIMER_MS, due - Date.now()));
  }
  outbox.onOutcome(scheduleNext);
  window.addEventListener('online', flushNow);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') flushNow();
  });
  // The last chance before the page goes: requests that outlive it. A lead
  // whose answer is never seen stays stored and may be sent again on the next
  // visit; Zappy absorbs such duplicates by email or mobile.
  window.addEventListener('pagehide', () => void outbox.flush({ keepalive: true }));
  window.addEventListener('storage', (event) => {
    if (event.key === OUTBOX_KEY) scheduleNext();
  });
  flushNow();
  return outbox;
}

export type { DeliveryOutcome };
