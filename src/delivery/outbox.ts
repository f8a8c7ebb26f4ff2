import type { Lead } from '../lead/schema.js';
import { type SendLeadOptions, type SendResult, sendLead } from '../lead/send-lead.js';
import { MAX_WAIT_MS, retryDelay } from './backoff.js';
import { type Destination, OUTBOX_CAPACITY, type OutboxEntry, OutboxStore, type StoreProblem } from './outbox-store.js';

/** The part of the Web Locks API the outbox uses (injectable for tests). */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** What happened to one lead on one attempt. */
export interface DeliveryOutcome {
  entry: OutboxEntry;
  result: SendResult;
  /** True for a retry from the outbox, false for the first attempt right after submit. */
  background: boolean;
}

/** Options of {@link Outbox}; every one has a browser default. */
export interface OutboxOptions {
  store?: OutboxStore;
  /** Cross-tab locks: `navigator.locks` by default; `null` uses the lease fallback. */
  locks?: LockManagerLike | null;
  send?: (lead: Lead, options: SendLeadOptions) => Promise<SendResult>;
  now?: () => number;
  random?: () => number;
  capacity?: number;
  /** Told when storage misbehaves or the outbox is full (the element warns). */
  onProblem?: (problem: StoreProblem | 'full') => void;
}

/** Options of one delivery attempt. */
export interface AttemptOptions {
  /** Milliseconds before the request is given up (see `sendLead`). */
  timeoutMs?: number;
  /** Let the request outlive the page (used on `pagehide`). */
  keepalive?: boolean;
}

/** Options of {@link Outbox.flush}. */
export interface FlushOptions extends AttemptOptions {
  /**
   * Send every waiting lead now, not only those whose backoff has run out
   * (the browser came back online, or the page asked). A server's
   * `Retry-After` is still honoured.
   */
  force?: boolean;
}

/** The outcome of {@link Outbox.submit}. */
export interface SubmitOutcome {
  id: string;
  result: SendResult;
  /** False when a `retry` lead could not be kept (outbox full, storage blocked). */
  kept: boolean;
}

const STORE_LOCK = 'zappy-lead-form:outbox';
const leadLock = (id: string) => `zappy-lead-form:lead:${id}`;
// Longest a lease (lock fallback) is honoured: a request's timeout plus slack,
// so a tab that died mid-send does not block its lead for long.
const LEASE_MS = 30_000;

/**
 * A persistent queue of leads not delivered yet, shared by every widget and
 * tab of an origin. A lead is stored before its first attempt (so closing the
 * tab mid-request cannot lose it) and leaves only on a 2xx (delivered) or a
 * 4xx (refused); every other outcome schedules a retry with backoff.
 *
 * One attempt at a time per lead, across tabs: each attempt holds a Web Lock
 * named after the lead, and a tab that finds it taken skips the lead. Where
 * the Web Locks API is missing, a lease written into the entry stands in.
 */
export class Outbox {
  readonly store: OutboxStore;
  readonly #locks: LockManagerLike;
  readonly #crossTabLocks: boolean;
  readonly #send: NonNullable<OutboxOptions['send']>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #capacity: number;
  readonly #onProblem: NonNullable<OutboxOptions['onProblem']>;
  readonly #listeners = new Set<(outcome: DeliveryOutcome) => void>();
  readonly #tabId = newLeadId();
  #flushing: Promise<DeliveryOutcome[]> | undefined;

  constructor(options: OutboxOptions = {}) {
    this.#onProblem = options.onProblem ?? (() => {});
    this.store = options.store ?? new OutboxStore(undefined, this.#onProblem);
    const locks = options.locks === undefined ? browserLocks() : options.locks;
    this.#crossTabLocks = locks !== null;
    this.#locks = locks ?? new TabLocks();
    this.#send = options.send ?? sendLead;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#capacity = options.capacity ?? OUTBOX_CAPACITY;
  }

  /** Calls `listener` after every attempt of any lead; returns an unsubscribe function. */
  onOutcome(listener: (outcome: DeliveryOutcome) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Leads waiting, for one destination or all. */
  pending(destination?: Destination): OutboxEntry[] {
    const { entries } = this.store.read();
    return destination ? entries.filter((entry) => sameDestination(entry, destination)) : entries;
  }

  /** Epoch ms of the next attempt due, or `undefined` when nothing waits. */
  nextDueAt(): number | undefined {
    const times = this.pending().map((entry) => Math.max(entry.nextAttemptAt, entry.notBefore ?? 0));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /**
   * Stores a new lead and makes its first attempt at once, holding the lead's
   * lock from before it is stored, so no other tab can send it meanwhile.
   */
  async submit(
    lead: Lead,
    destination: Destination,
    { id = newLeadId(), ...options }: AttemptOptions & { id?: string } = {},
  ): Promise<SubmitOutcome> {
    return this.#locks.request(leadLock(id), {}, async () => {
      const entry: OutboxEntry = {
        v: 1,
        id,
        lead,
        ...pickDestination(destination),
        createdAt: this.#now(),
        attempts: 0,
        nextAttemptAt: this.#now(),
        // Without Web Locks, another tab tells this first attempt is under way by its lease.
        ...(this.#crossTabLocks ? {} : { leaseOwner: this.#tabId, leaseUntil: this.#now() + LEASE_MS }),
      };
      const kept = await this.#add(entry);
      // In the store, durable or not: an answer removes it (a copy left in memory would be sent again).
      const result = await this.#attempt(entry, options, { stored: true, background: false });
      // Not durable: the visitor is asked to send again, so no copy stays behind to be sent as well.
      if (!kept && result.kind === 'retry') await this.#mutate(({ entries }) => entries.filter((e) => e.id !== id));
      return { id, result, kept: kept || result.kind !== 'retry' };
    });
  }

  /**
   * Sends every lead that is due, one at a time, skipping those another tab is
   * sending. Concurrent calls share one run. With `keepalive` (the page is
   * going), every due lead at once, each request started before this returns.
   */
  flush(options: FlushOptions = {}): Promise<DeliveryOutcome[]> {
    // The page is going: every request now (see #runFlush), not after a run under way.
    if (options.keepalive) return this.#runFlush(options);
    // A forced flush must not be satisfied by a run that skipped leads in backoff.
    if (this.#flushing && options.force) return this.#flushing.then(() => this.flush(options));
    this.#flushing ??= this.#runFlush(options).finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #runFlush({ force = false, ...options }: FlushOptions): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    // No wait is ever set beyond MAX_WAIT_MS: a time further ahead was written by a clock that has since gone back.
    const passed = (time = 0) => time <= this.#now() || time > this.#now() + MAX_WAIT_MS;
    const isDue = (entry: OutboxEntry) => passed(entry.notBefore) && (force || passed(entry.nextAttemptAt));
    const due = this.pending().filter(isDue);
    for (const entry of due) {
      // Leaving the page: each request starts before this returns (a lock would be granted too late, after the page is gone).
      // Another tab may send the same lead meanwhile: a duplicate is absorbed; a lead not sent waits for the next visit.
      if (options.keepalive) {
        void this.#attempt(entry, options, { stored: true, background: true });
        continue;
      }
      const { id } = entry;
      const outcome = await this.#locks.request(leadLock(id), { ifAvailable: true }, async (lock) => {
        if (lock === null) return undefined; // Another tab is sending it right now.
        // Re-read under the lock: another tab may have delivered it meanwhile.
        const entry = this.pending().find((candidate) => candidate.id === id);
        if (!entry || !isDue(entry)) return undefined;
        if (!this.#crossTabLocks && !(await this.#claimLease(entry))) return undefined;
        const result = await this.#attempt(entry, options, { stored: true, background: true });
        return { entry, result, background: true };
      });
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  }

  async #add(entry: OutboxEntry): Promise<boolean> {
    return this.#mutate(({ entries }) => {
      if (entries.length >= this.#capacity) {
        this.#onProblem('full');
        return undefined;
      }
      return [...entries, entry];
    });
  }

  /** One request, then the entry is removed (2xx, 4xx) or rescheduled. */
  /**
   * @param how.stored Whether the entry is in the store (to remove or reschedule it there).
   * @param how.background Whether this is a retry from the outbox rather than the first attempt.
   */
  async #attempt(entry: OutboxEntry, options: AttemptOptions, { stored, background }: { stored: boolean; background: boolean }): Promise<SendResult> {
    const destination = pickDestination(entry);
    const result = await this.#send(entry.lead, { ...destination, ...options, idempotencyKey: entry.id });
    if (stored) {
      await this.#mutate(({ entries }) => {
        if (result.kind !== 'retry') return entries.filter((e) => e.id !== entry.id);
        return entries.map((e) => {
          if (e.id !== entry.id) return e;
          const attempts = e.attempts + 1;
          const delay = retryDelay(attempts, { random: this.#random, retryAfterMs: result.retryAfterMs });
          const { leaseOwner: _owner, leaseUntil: _until, notBefore: _notBefore, ...rest } = e;
          const notBefore = result.retryAfterMs === undefined ? {} : { notBefore: this.#now() + Math.min(result.retryAfterMs, MAX_WAIT_MS) };
          return { ...rest, ...notBefore, attempts, nextAttemptAt: this.#now() + delay };
        });
      });
    }
    const outcome = { entry, result, background };
    for (const listener of this.#listeners) listener(outcome);
    return result;
  }

  /** Read-modify-write of the stored list under the store lock. `undefined` = no change. */
  #mutate(change: (state: { entries: OutboxEntry[] }) => OutboxEntry[] | undefined): Promise<boolean> {
    return this.#locks.request(STORE_LOCK, {}, async () => {
      const { entries, all } = this.store.read();
      const next = change({ entries });
      if (next === undefined) return false;
      return this.store.write(next, all);
    });
  }

  /**
   * The fallback for browsers without Web Locks: write a lease, wait a moment,
   * and go ahead only if it is still ours (another tab writing at the same
   * time would have overwritten it).
   */
  async #claimLease(entry: OutboxEntry): Promise<boolean> {
    const now = this.#now();
    if (entry.leaseOwner && entry.leaseOwner !== this.#tabId && (entry.leaseUntil ?? 0) > now) return false;
    await this.#mutate(({ entries }) =>
      entries.map((e) => (e.id === entry.id ? { ...e, leaseOwner: this.#tabId, leaseUntil: now + LEASE_MS } : e)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    return this.pending().find((e) => e.id === entry.id)?.leaseOwner === this.#tabId;
  }
}

/** Only the set parts of a destination (an empty endpoint or hash is absent). */
export const pickDestination = ({ endpoint, accountHash }: Destination): Destination => ({
  ...(endpoint ? { endpoint } : {}),
  ...(accountHash ? { accountHash } : {}),
});

/** Whether an entry goes to the given endpoint and account. */
export const sameDestination = (a: Destination, b: Destination): boolean =>
  (a.endpoint || '') === (b.endpoint || '') && (a.accountHash || '') === (b.accountHash || '');

/** A random id for a lead: a UUID where the browser offers one (secure pages), else 128 random bits. */
export function newLeadId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The browser's Web Locks (denial handled by {@link withDenialFallback}), or `null` without them. */
function browserLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks as unknown as LockManagerLike | undefined;
  return locks ? withDenialFallback(locks) : null;
}

/**
 * Web Locks that may be denied: in a sandboxed frame every request rejects
 * with a SecurityError before its callback runs. This tab's own locks then
 * take over for good, rather than every submit failing (such a frame has no
 * storage to share with other tabs either).
 */
export function withDenialFallback(locks: LockManagerLike): LockManagerLike {
  let denied: TabLocks | undefined;
  return {
    async request(name, options, callback) {
      let granted = false;
      if (!denied) {
        try {
          return await locks.request(name, options, (lock) => ((granted = true), callback(lock)));
        } catch (error) {
          if (granted) throw error;
          denied = new TabLocks();
        }
      }
      return denied.request(name, options, callback);
    },
  };
}

/**
 * Locks within this tab only, with the Web Locks calling convention: the
 * fallback when `navigator.locks` is missing (cross-tab safety then comes from
 * the lease).
 */
export class TabLocks implements LockManagerLike {
  readonly #held = new Map<string, Promise<unknown>>();

  async request<T>(name: string, options: { ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T> {
    if (options.ifAvailable && this.#held.has(name)) return callback(null);
    while (this.#held.has(name)) await this.#held.get(name)!.catch(() => {});
    const run = callback({ name });
    this.#held.set(name, run);
    try {
      return await run;
    } finally {
      this.#held.delete(name);
    }
  }
}
