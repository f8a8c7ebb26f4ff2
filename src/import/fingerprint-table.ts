/**
 * A set of row fingerprints, each with a line number, in two typed arrays:
 * 12 bytes a row at most half full, where a `Map` of strings takes some 150,
 * so that an import of a million rows remembers which it has seen (for
 * duplicates, and the journal's deliveries) in tens of megabytes, not
 * hundreds. A fingerprint is the journal's 16 base64url characters (96 bits);
 * the table keeps its first 64: two different rows of a million-row import
 * share them about once in 30 million imports (the second row would then be
 * reported a duplicate, and not sent).
 */

const INITIAL_SLOTS = 1 << 12;

/** Open addressing with linear probing; the key 0:0 marks an empty slot (a real 0:0 is stored as 0:1). */
export class FingerprintTable {
  #keys = new Uint32Array(INITIAL_SLOTS * 2);
  #lines = new Uint32Array(INITIAL_SLOTS);
  #size = 0;
  /** A 64-bit key's two halves, written by {@link #split}; fields, not a returned pair, so a lookup allocates nothing but its decode. */
  #high = 0;
  #low = 0;

  /** Fingerprints stored. */
  get size(): number {
    return this.#size;
  }

  /** The line stored with `fingerprint`, or `undefined` when it was never added. */
  get(fingerprint: string): number | undefined {
    const slot = this.#find(fingerprint);
    return this.#keys[slot * 2] === 0 && this.#keys[slot * 2 + 1] === 0 ? undefined : this.#lines[slot];
  }

  /** Adds `fingerprint` with `line`; one already there keeps its first line. */
  add(fingerprint: string, line: number): void {
    const slot = this.#find(fingerprint);
    if (this.#keys[slot * 2] !== 0 || this.#keys[slot * 2 + 1] !== 0) return;
    this.#keys[slot * 2] = this.#high;
    this.#keys[slot * 2 + 1] = this.#low;
    this.#lines[slot] = line;
    this.#size += 1;
    if (this.#size * 2 > this.#lines.length) this.#grow();
  }

  #split(fingerprint: string): void {
    const bytes = Buffer.from(fingerprint, 'base64url');
    this.#high = bytes.length >= 4 ? bytes.readUInt32LE(0) : 0;
    this.#low = bytes.length >= 8 ? bytes.readUInt32LE(4) : 0;
    if (this.#high === 0 && this.#low === 0) this.#low = 1;
  }

  /** The slot holding `fingerprint`, or the empty one where it would go. */
  #find(fingerprint: string): number {
    this.#split(fingerprint);
    return this.#probe(this.#high, this.#low);
  }

  #probe(high: number, low: number): number {
    const mask = this.#lines.length - 1;
    // The key is already a hash: its low bits spread evenly.
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const slotHigh = this.#keys[slot * 2]!;
      const slotLow = this.#keys[slot * 2 + 1]!;
      if ((slotHigh === 0 && slotLow === 0) || (slotHigh === high && slotLow === low)) return slot;
    }
  }

  #grow(): void {
    const keys = this.#keys;
    const lines = this.#lines;
    this.#keys = new Uint32Array(keys.length * 2);
    this.#lines = new Uint32Array(lines.length * 2);
    for (let slot = 0; slot < lines.length; slot++) {
      const high = keys[slot * 2]!;
      const low = keys[slot * 2 + 1]!;
      if (high === 0 && low === 0) continue;
      const to = this.#probe(high, low);
      this.#keys[to * 2] = high;
      this.#keys[to * 2 + 1] = low;
      this.#lines[to] = lines[slot]!;
    }
  }
}
