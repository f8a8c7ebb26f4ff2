import { MAX_WAIT_MS } from './backoff.js';
import { type Destination, OUTBOX_KEY, type StoreProblem } from './outbox-store.js';
import { type DeliveryOutcome, Outbox, sameDestination } from './outbox.js';
import { warn } from '../warn.js';

/** Shortest wait between two scheduled flushes, in ms. */
const MIN_TIMER_MS = 1000;

/** What the page's outbox needs from a widget to tell it about background outcomes. */
export interface OutboxWidget {
  /** Whether this widget submitted the lead (and may still show it as waiting). */
  ownsLead(id: string): boolean;
  /** Where this widget sends its leads. */
  readonly leadDestination: Destination;
  /** Told of a background attempt's final outcome (delivered or refused). */
  handleBackgroundOutcome(outcome: DeliveryOutcome): void;
}

let shared: Outbox | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
const widgets = new Set<OutboxWidget>();
const warned = new Set<string>();

const PROBLEM_TEXT: Record<StoreProblem | 'full', string> = {
  unavailable: 'browser storage is unavailable here; a lead not delivered at once is not kept: the visitor is asked to send again.',
  quota: 'browser storage is full; a lead not delivered at once is not kept: the visitor is asked to send again.',
  corrupt: 'the stored outbox could not be read; it was kept aside and a new one started.',
  full: 'the outbox is full (too many leads waiting); a new lead that cannot be delivered now is not kept.',
};

function warnProblem(problem: StoreProblem | 'full'): void {
  if (warned.has(problem)) return;
  warned.add(problem);
  warn(PROBLEM_TEXT[problem]);
}

/**
 * The page's one outbox, created on first use, with its automatic flushing
 * started: at once (a page of the site loaded the widget again), when the
 * browser comes back online, when the page becomes visible again, on a timer
 * that follows each lead's backoff, when another tab changes the outbox, and
 * with `keepalive` when the page is being hidden or unloaded.
 *
 * Started by the first element that connects, so a second copy of the script
 * (whose element class is never registered) starts nothing.
 */
export function pageOutbox(): Outbox {
  if (shared) return shared;
  const outbox = new Outbox({ onProblem: warnProblem });
  shared = outbox;
  const flushNow = () => void outbox.flush().finally(scheduleNext);
  function scheduleNext() {
    clearTimeout(timer);
    const due = outbox.nextDueAt();
    if (due === undefined) return;
    // Never past the longest wait (a clock set back would otherwise give a timer of weeks, which fires at once, again and again).
    timer = setTimeout(flushNow, Math.min(MAX_WAIT_MS, Math.max(MIN_TIMER_MS, due - Date.now())));
  }
  outbox.onOutcome((outcome) => {
    scheduleNext();
    if (outcome.background && outcome.result.kind !== 'retry') routeOutcome(outcome);
  });
  // Back online: whatever failed while offline is worth trying now, backoff or not.
  window.addEventListener('online', () => void outbox.flush({ force: true }).finally(scheduleNext));
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
  // Flush after the current task, so the widget that started all this has
  // connected and can be told about what arrives.
  setTimeout(flushNow, 0);
  return outbox;
}

/** Lets the outbox tell `widget` about background outcomes until {@link disconnectWidget}. */
export function connectWidget(widget: OutboxWidget): Outbox {
  widgets.add(widget);
  return pageOutbox();
}

/** Stops telling `widget` about outcomes (it left the page). */
export function disconnectWidget(widget: OutboxWidget): void {
  widgets.delete(widget);
}

/**
 * One widget hears of each background outcome, so analytics count a lead
 * once: the widget that submitted it if it is still here, else one sending to
 * the same business, else any widget on the page.
 */
function routeOutcome(outcome: DeliveryOutcome): void {
  const all = [...widgets];
  const target =
    all.find((widget) => widget.ownsLead(outcome.entry.id)) ??
    all.find((widget) => sameDestination(widget.leadDestination, outcome.entry)) ??
    all[0];
  target?.handleBackgroundOutcome(outcome);
}
