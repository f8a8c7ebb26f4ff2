import { warn } from '../warn.js';

/**
 * Longest anything waits for a part loaded on demand before going on without
 * it, counted from when the part was first asked for: a submit (the phone
 * rules, the field checkers) or a form's first render (its language's texts).
 * Each part is one small file, so this is reached only when something is
 * wrong, and every part has an answer for it.
 */
export const PART_WAIT_MS = 4000;

/** A part of the widget loaded on demand, once per page. */
export interface LazyPart<T> {
  /** The part, once in hand. */
  readonly value: T | undefined;
  /** True once the part is out of reach for this page: it could not be loaded, or was given up. */
  readonly failed: boolean;
  /** Starts loading (once); resolves with the part, or `undefined` when it cannot be loaded. Never rejects. */
  load(): Promise<T | undefined>;
  /**
   * Starts loading and waits until {@link PART_WAIT_MS} after it started;
   * resolves with the part, or `undefined` when it did not come in time or
   * cannot come. With `giveUp`, a part that did not come in time is given up
   * for this page (`failed`, with the warning) even if it arrives later: for
   * what must not change once shown (the texts).
   */
  within(giveUp?: boolean): Promise<T | undefined>;
}

/**
 * One part loaded on demand: `load` runs the first time it is asked for;
 * when it fails, or is given up, `warning` goes to the console once, with the
 * error (which names the file). The caller's fallback takes over: Portuguese
 * texts, foreign numbers on trust, fields checked only for being filled in.
 *
 * @example
 * const phoneRules = lazyPart(chunks.phoneMetadata, 'no phone rules for other countries');
 * const metadata = await phoneRules.within(); // undefined after 4 s without them
 */
export function lazyPart<T>(load: () => Promise<T>, warning: string): LazyPart<T> {
  let loading: Promise<T | undefined> | undefined;
  let startedAt = 0;
  const fail = (reason: unknown) => {
    if (!part.failed) warn(warning, reason);
    part.failed = true;
  };
  // A plain object whose fields change in place: callers read them, never write.
  const part: { -readonly [K in keyof LazyPart<T>]: LazyPart<T>[K] } = {
    value: undefined,
    failed: false,
    load: () =>
      (loading ??= ((startedAt = Date.now()),
      load().then(
        (value) => (part.failed ? undefined : (part.value = value)),
        (error: unknown) => void fail(error),
      ))),
    async within(giveUp) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const loaded = part.load();
      try {
        return await Promise.race([
          loaded,
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => {
              if (giveUp) fail('it took too long');
              resolve(undefined);
            }, startedAt + PART_WAIT_MS - Date.now());
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return part;
}
