import type { Lead } from '../lead/schema.js';

/** The storage key of the outbox: one per origin, shared by every widget and tab. */
export const OUTBOX_KEY = 'zappy-lead-form:outbox';

/** Most leads kept waiting; past it new ones are not stored (and a warning says so). */
export const OUTBOX_CAPACITY = 50;

/** Where a lead goes: together they key an entry, so two businesses never mix. */
export interface Destination {
  /** createLead's URL, as configured (absent: Zappy's). */
  endpoint?: string;
  /** The account's private hash (absent when a proxy adds it). */
  accountHash?: string;
}

/**
 * One lead waiting for delivery, format 1. It holds only what a resend needs:
 * the payload, its destination and delivery metadata.
 */
export interface OutboxEntry extends Destination {
  /** The entry format; entries of another format are kept untouched. */
  v: 1;
  /** Generated when the visitor submitted; names the lead in events. */
  id: string;
  lead: Lead;
  /** Epoch ms when the visitor submitted. */
  createdAt: number;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms before which no new attempt is made (backoff, `Retry-After`). */
  nextAttemptAt: number;
  /** Epoch ms before which even a forced flush waits: the server's `Retry-After`. */
  notBefore?: number;
  /**
   * Cross-tab claim, used only where the Web Locks API is missing: the tab
   * `leaseOwner` is sending this entry until `leaseUntil` (epoch ms).
   */
  leaseOwner?: string;
  leaseUntil?: number;
}

/** The subset of the Web Storage API the outbox uses (injectable for tests). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** What is stored under {@link OUTBOX_KEY}. */
interface StoredOutbox {
  format: 1;
  /** Entries of format 1 and, untouched, of any later format. */
  entries: unknown[];
}

const isEntry = (value: unknown): value is OutboxEntry =>
  typeof value === 'object' &&
  value !== null &&
  (value as OutboxEntry).v === 1 &&
  typeof (value as OutboxEntry).id === 'string' &&
  typeof (value as OutboxEntry).lead === 'object' &&
  (value as OutboxEntry).lead !== null;

/** Why a write could not be made durable. */
export type StoreProblem = 'unavailable' | 'quota' | 'corrupt';

/**
 * Reads and writes the outbox in `localStorage`, falling back to memory (for
 * the page's life) when storage is missing, blocked or full. Entries of an
 * unknown format (written by a later version of the widget) are carried along
 * on every write, never dropped.
 *
 * `localStorage` rather than IndexedDB: a few small JSON entries, and a
 * synchronous write completes even in a `pagehide` handler, where an
 * IndexedDB transaction may not.
 */
export class OutboxStore {
  #memory: string | null = null;
  #persistent: boolean;
  readonly #storage: StorageLike | null;
  readonly #onProblem: (problem: StoreProblem) => void;

  /**
   * @param storage `localStorage` by default; `null` keeps everything in memory.
   * @param onProblem Told once per kind of problem (the element warns in the console).
   */
  constructor(storage: StorageLike | null = defaultStorage(), onProblem: (problem: StoreProblem) => void = () => {}) {
    this.#storage = storage;
    this.#onProblem = onProblem;
    this.#persistent = storage !== null;
    if (!this.#persistent) onProblem('unavailable');
  }

  /** The entries of format 1, and the raw list (to write back unknown ones). */
  read(): { entries: OutboxEntry[]; all: unknown[] } {
    const all = this.#readAll();
    return { entries: all.filter(isEntry), all };
  }

  /**
   * Replaces the format-1 entries, keeping any others as they were.
   * @returns false when the write only reached memory.
   */
  write(entries: readonly OutboxEntry[], all: readonly unknown[] = this.#readAll()): boolean {
    const others = all.filter((entry) => !isEntry(entry));
    const value = JSON.stringify({ format: 1, entries: [...others, ...entries] } satisfies StoredOutbox);
    this.#memory = value;
    if (!this.#persistent) return false;
    try {
      this.#storage!.setItem(OUTBOX_KEY, value);
      return true;
    } catch (error) {
      // From now on memory is the truth for this page: reading storage back
      // would return the older list and lose what was just added.
      this.#persistent = false;
      const quota = error instanceof DOMException && /quota/i.test(error.name);
      this.#onProblem(quota ? 'quota' : 'unavailable');
      return false;
    }
  }

  #readAll(): unknown[] {
    let raw: string | null = this.#memory;
    if (this.#persistent) {
      try {
        // Storage is the truth while it works: when another tab (or the site)
        // removed the key, the outbox is empty; memory must not bring back
        // leads that were delivered or cleared elsewhere.
        raw = this.#storage!.getItem(OUTBOX_KEY);
      } catch {
        this.#persistent = false;
        this.#onProblem('unavailable');
      }
    }
    if (raw === null) return [];
    try {
      const parsed = JSON.parse(raw) as Partial<StoredOutbox>;
      if (Array.isArray(parsed.entries)) return parsed.entries;
      throw 0; // JSON of another layout (another version's): set aside like text that is not JSON.
    } catch {
      // Keep the unreadable text aside rather than overwrite it on the next write.
      try {
        this.#storage?.setItem(`${OUTBOX_KEY}:unreadable`, raw);
      } catch {
        // Nothing more can be done without storage.
      }
      this.#onProblem('corrupt');
      return [];
    }
  }
}

function defaultStorage(): StorageLike | null {
  try {
    // Reading the property itself throws where storage is blocked.
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
