/**
 * Puts results that finish out of order (rows sent concurrently, some
 * retried) back in file order, for the report and the progress lines.
 */

/** Hands values on in sequence order, holding those that come early. */
export class InOrder<T> {
  private next = 0;
  private readonly early = new Map<number, T>();

  /** @param emit Called with each value, in sequence order. */
  constructor(private readonly emit: (value: T) => void) {}

  /** Values waiting for an earlier one: the caller stops reading rows past a bound. */
  get waiting(): number {
    return this.early.size;
  }

  /** Gives the value of sequence number `seq` (from 0, each exactly once). */
  put(seq: number, value: T): void {
    if (seq !== this.next) {
      this.early.set(seq, value);
      return;
    }
    this.emit(value);
    this.next += 1;
    for (let held = this.early.get(this.next); held !== undefined || this.early.has(this.next); held = this.early.get(this.next)) {
      this.early.delete(this.next);
      this.emit(held as T);
      this.next += 1;
    }
  }
}
