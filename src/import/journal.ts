/**
 * The import's journal: an append-only file with one line per delivered row,
 * so that running the same import again (after a crash, a Ctrl-C, a partial
 * failure) sends only what was not delivered.
 *
 * A row is known by a fingerprint of the lead as checked and normalised (the
 * same client written `912 345 678` or `+351912345678` is the same lead): an
 * SHA-256 of a random salt kept in the journal's header and the lead, cut to
 * 96 bits. No personal data is written in clear, and fingerprints of two
 * journals cannot be compared. The header also keeps a fingerprint of the
 * destination (endpoint and account hash), so a journal of deliveries to a
 * test endpoint never hides rows from Zappy.
 *
 * Each line is written with one `write` call as soon as a row is delivered:
 * a process killed the next instant has already handed it to the operating
 * system. Looking rows up needs a table of fingerprints (./fingerprint-table.ts,
 * 12 to 24 bytes a row), never the file's contents.
 */
import { ImportError } from './import-error.js';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, createReadStream, existsSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { FingerprintTable } from './fingerprint-table.js';

const MAGIC = '# zappy-lead-form import journal 1';
/** A delivery's line: fingerprint, line number, time (as {@link Journal.record} writes it). */
const ENTRY = /^([A-Za-z0-9_-]{16}) \d+ \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Thrown when a journal cannot be used: another destination's, or not a journal at all. */
export class JournalError extends ImportError {
  override name = 'JournalError';
}

/**
 * Thrown by {@link Journal.record} when a line cannot be written (the disk is
 * full, the file too large, an I/O error): the delivery it was to record
 * happened, but a later run will not know it.
 */
export class JournalWriteError extends ImportError {
  override name = 'JournalWriteError';
  constructor(
    /** The journal's path. */
    readonly path: string,
    /** The system's error code (`ENOSPC`, `EFBIG`, `EIO`…), or `short-write` when only part of the line was written. */
    readonly code: string,
  ) {
    super(`cannot write the journal ${path} (${code})`);
  }
}

/** Where leads go: a journal is kept for one destination. */
export interface Destination {
  /** The endpoint, without its query string. */
  endpoint: string;
  /** The account hash; absent in a dry run without one (the destination is then not checked). */
  accountHash?: string;
}

/** An open journal, from {@link openJournal}. */
export interface Journal {
  /** The file. */
  readonly path: string;
  /** Rows delivered by earlier runs, as read at open. */
  readonly deliveredBefore: number;
  /** The stable fingerprint of a checked lead, as the journal records it. */
  fingerprint(canonical: string): string;
  /** Whether an earlier run delivered the lead with this fingerprint. */
  has(fingerprint: string): boolean;
  /**
   * Records a delivery at once (one write), creating the file on the first.
   * Not in read-only mode.
   *
   * @throws JournalWriteError when the line could not be written whole.
   */
  record(fingerprint: string, line: number): void;
  /** Closes the file. */
  close(): void;
}

/** Options of {@link openJournal}. */
export interface OpenJournalOptions {
  destination: Destination;
  /** Reads an existing journal without ever writing (a dry run). */
  readOnly?: boolean;
  /** Clock for the time on each line, for tests. */
  now?: () => Date;
}

// SHA-256 of the salt and the text. The salt is no secret (it is in the header), so an HMAC would
// add nothing here but a second hash per row: a million rows are hashed per run.
const digest = (salt: string, text: string) => createHash('sha256').update(salt).update(text).digest('base64url').slice(0, 16);
const destinationOf = (salt: string, { endpoint, accountHash }: Destination) => digest(salt, `${endpoint}\n${accountHash ?? ''}`);

/** The header's fields (`salt`, `destination`), from the journal's first lines. */
async function readJournal(path: string, known: FingerprintTable): Promise<{ salt?: string; destination?: string }> {
  const header: { salt?: string; destination?: string } = {};
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let first = true;
  for await (const line of lines) {
    if (first && line.trim() !== '' && !line.startsWith(MAGIC)) throw new JournalError(`${path} is not an import journal: give --journal another file`);
    if (line !== '') first = false;
    if (line.startsWith('# ')) {
      const fields = line.slice(2).split(' ');
      for (let index = 0; index + 1 < fields.length; index += 2) {
        if (fields[index] === 'salt') header.salt = fields[index + 1]!;
        if (fields[index] === 'destination') header.destination = fields[index + 1]!;
      }
      continue;
    }
    // Only a whole line counts: one cut short by a crash or a full disk does not match, and that row is sent again.
    const entry = ENTRY.exec(line);
    if (entry) known.add(entry[1]!, 1);
  }
  return header;
}

/** Throws a {@link JournalError} when `target` (the journal, or the folder it will be made in) cannot be written. */
function assertWritable(target: string, path: string): void {
  try {
    accessSync(target, constants.W_OK);
  } catch (error) {
    throw new JournalError(`cannot write the journal ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}): give --journal a file in a folder you can write to`);
  }
}

/** Whether the file's last byte is a line break (or the file is empty). */
function endsWithNewline(fd: number): boolean {
  const { size } = fstatSync(fd);
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/**
 * Opens a journal, reading the fingerprints an earlier run recorded. A new
 * journal is created on the first delivery, not before, so a run that
 * delivers nothing leaves no file behind.
 *
 * @throws JournalError for a file that is not a journal, or a journal of
 *   another destination (another endpoint or account hash).
 */
export async function openJournal(path: string, { destination, readOnly = false, now = () => new Date() }: OpenJournalOptions): Promise<Journal> {
  const known = new FingerprintTable();
  const exists = existsSync(path);
  if (exists && !statSync(path).isFile()) throw new JournalError(`${path} is not a file: give --journal a file`);
  // Found out before the first lead is sent, not after it was delivered: a delivery the journal cannot record would be sent again.
  if (!readOnly) assertWritable(exists ? path : dirname(path), path);
  const header = exists ? await readJournal(path, known) : {};
  if (exists && !header.salt) throw new JournalError(`${path} is not an import journal: give --journal another file`);
  const salt = header.salt ?? randomBytes(16).toString('base64url');
  const here = destinationOf(salt, destination);
  if (header.destination && header.destination !== here && (destination.accountHash !== undefined || !readOnly)) {
    throw new JournalError(
      `${path} records deliveries to another endpoint or account: give --journal a new file to send these rows there (or delete it to send them all again)`,
    );
  }
  let fd: number | undefined;
  const open = () => {
    if (fd !== undefined) return fd;
    fd = openSync(path, 'a+');
    if (!exists) writeSync(fd, `${MAGIC}: one line per delivered row (fingerprint, line, time). Append-only; delete it to send every row again.\n# salt ${salt} destination ${here}\n`);
    else if (!endsWithNewline(fd)) writeSync(fd, '\n');
    return fd;
  };
  return {
    path,
    deliveredBefore: known.size,
    fingerprint: (canonical) => digest(salt, canonical),
    has: (fingerprint) => known.get(fingerprint) !== undefined,
    record(fingerprint, line) {
      if (readOnly) throw new Error('journal: read-only');
      const text = Buffer.from(`${fingerprint} ${line} ${now().toISOString()}\n`);
      let written: number;
      try {
        written = writeSync(open(), text);
      } catch (error) {
        throw new JournalWriteError(path, (error as NodeJS.ErrnoException).code ?? 'unknown error');
      }
      // A full disk or a file-size limit can take part of a line without an error; the next write would then fail.
      if (written !== text.length) throw new JournalWriteError(path, 'short-write');
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
