/**
 * The one kind of error the import throws for a problem of its input or its
 * options (an unreadable file, a `--map` that names no column, a journal of
 * another account): the command prints its message on one line and exits 2.
 * Problems of single rows are never thrown; they are outcomes (./outcome.ts).
 */

/** An import that cannot start, or cannot go on reading its file, and why, in one line. */
export class ImportError extends Error {
  override name = 'ImportError';
}
