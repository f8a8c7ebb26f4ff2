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
import { closeSync, createReadStream, existsSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FingerprintTable } from './fingerprint-table.js';

const MAGIC = '# zappy-lead-form import journal 1';
const FINGERPRINT = /^[A-Za-z0-9_-]{16}$/;

/** Thrown when a journal cannot be used: another destination's, or not a journal at all. */
export class JournalError extends ImportError {
  override name = 'JournalError';
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
  /** Records a delivery at once (one write), creating the file on the first. Not in read-only mode. */
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
    // A line cut short by a crash does not match: that row is sent again.
    const fingerprint = line.slice(0, line.indexOf(' ') === -1 ? line.length : line.indexOf(' '));
    if (FINGERPRINT.test(fingerprint)) known.add(fingerprint, 1);
  }
  return header;
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
      writeSync(open(), `${fingerprint} ${line} ${now().toISOString()}\n`);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
