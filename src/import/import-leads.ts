/**
 * `importLeads`: a client list (CSV or `.xlsx`) read as it streams, each row
 * checked by the lead core exactly as the widget checks a visitor
 * (leadFromRecord), the valid ones sent to createLead with bounded
 * concurrency and the widget's retry policy, each delivery journaled so a
 * second run sends only the rest. `npx zappy-lead-form import` is a thin
 * shell over it (src/cli/import-command.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { BackoffOptions } from '../delivery/backoff.js';
import { type DateOrder, type LeadRecord, leadFromRecord } from '../lead/lead-from-record.js';
import { isPhoneCountry } from '../lead/phone.js';
import type { Lead } from '../lead/schema.js';
import { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS } from '../lead/send-lead.js';
import type { RateLimit } from '../relay/rate-limit.js';
import { type ColumnKey, type ColumnPlan, type ColumnReading, hasNameColumn, planColumns, recordFromRow } from './columns.js';
import { csvRows } from './csv-rows.js';
import { isKnownEncoding } from './decode.js';
import type { Delimiter } from './delimiter.js';
import { deliver } from './deliver.js';
import { FingerprintTable } from './fingerprint-table.js';
import { ImportError } from './import-error.js';
import { InOrder } from './in-order.js';
import { type Journal, JournalWriteError, openJournal } from './journal.js';
import { type OutcomeCounts, type RowResult, RowOutcome, noOutcomes } from './outcome.js';
import { type Sleep, createPace } from './pace.js';
import { type ReportWriter, ReportWriteError, createReportWriter } from './report.js';
import type { SheetFormat, SheetItem } from './sheet.js';
import { xlsxRows } from './xlsx-rows.js';

/** Requests under way at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 4;

/** Retries of one row after its first attempt when `retries` is not given. */
export const DEFAULT_RETRIES = 5;

/** How many rows from the top may stand above the header row (a title, a blank export date). */
export const HEADER_SEARCH_ROWS = 10;

/** Finished rows held back for an earlier one still being sent, before reading pauses. */
const MAX_HELD_ROWS = 1_000;

/** Options of {@link importLeads}. */
export interface ImportLeadsOptions {
  /** The client list: a `.csv` (or `.txt`, `.tsv`) or `.xlsx` file. */
  file: string;
  /** How to read it; by default `.xlsx` files as workbooks and anything else as CSV. */
  format?: 'csv' | 'xlsx';
  /** CSV only: a TextDecoder label (`windows-1252`, `utf-8`, `latin1`). Detected when absent. */
  encoding?: string;
  /** CSV only: the separator. Detected from the first lines when absent. */
  delimiter?: Delimiter;
  /** `.xlsx` only: the sheet, by name or position from 1. Default: the first. */
  sheet?: string;
  /** Columns for keys, overriding the recognised headers: `{ client_name: 'Nome do cliente' }`. */
  map?: ReadonlyMap<ColumnKey, string> | Readonly<Partial<Record<ColumnKey, string>>>;
  /** Values for every row, where the row has none: `{ form_id: 'import-2026' }`. */
  set?: LeadRecord;
  /** Country of mobile numbers without a country code, and of postal codes. Default `'PT'`. */
  country?: string;
  /** Order of written dates whose year comes last. Default `'dmy'`. */
  dateOrder?: DateOrder;
  /** "Now", for the birthday's "not in the future" rule. */
  today?: Date;
  /** The account hash; required unless `dryRun`. Never printed, never written to the journal in clear. */
  accountHash?: string;
  /** createLead's URL (your relay, a stand-in). Default Zappy's. */
  endpoint?: string;
  /** Requests under way at once. Default {@link DEFAULT_CONCURRENCY}. */
  concurrency?: number;
  /** At most this many requests per window, evenly spaced (`{ limit: 5, windowMs: 1000 }`). */
  rate?: RateLimit;
  /** Retries of a row after a network error, timeout, 429 or 5xx. Default {@link DEFAULT_RETRIES}. */
  retries?: number;
  /** Milliseconds one request may take. Default 10 s. */
  timeoutMs?: number;
  /** The retry delays (the widget's: 2 s doubling, up to 5 minutes, with jitter). */
  backoff?: Omit<BackoffOptions, 'retryAfterMs'>;
  /** The journal file; `false` for none. Default: beside the file, `<file>.journal`. */
  journal?: string | false;
  /** Checks and reports every row, sends nothing, writes no journal. */
  dryRun?: boolean;
  /** Writes a CSV report of every row's outcome here (./report.ts). */
  report?: string;
  /** Stops reading rows; requests under way finish and are journaled. */
  signal?: AbortSignal;
  /** Told how the file is read, once the header row is found. */
  onStart?: (start: ImportStart) => void;
  /** Told each row's outcome, in file order. The row's `record` and `lead` hold personal data. */
  onRow?: (row: RowResult, progress: ImportProgress) => void;
  /** The `fetch` to send with. */
  fetch?: typeof fetch;
  /** Timer, for tests. */
  sleep?: Sleep;
}

/** How the file is being read: told once, before the first row. */
export interface ImportStart {
  format: SheetFormat;
  /** The header row's line. */
  headerLine: number;
  /** Every header and the key it feeds (or why not). */
  columns: readonly ColumnReading[];
  /** The journal in use, and how many rows earlier runs delivered. */
  journal?: { path: string; deliveredBefore: number };
}

/** Where an import is: rows finished so far, and how much of the file was read. */
export interface ImportProgress {
  counts: OutcomeCounts;
  /** Bytes read so far of the part of the file that holds the rows (a CSV file; an .xlsx sheet's XML), and its size. */
  bytesRead: number;
  totalBytes: number;
}

/** What {@link importLeads} did. */
export interface ImportSummary {
  /** Rows by outcome. */
  counts: OutcomeCounts;
  /** How the file was read (absent when it had no rows at all). */
  format?: SheetFormat;
  columns: readonly ColumnReading[];
  /** The journal written or read, if any. */
  journal?: string;
  /** True when `signal` (or a journal that cannot be written) stopped the import before the end of the file. */
  stopped: boolean;
  /** The line where the file could no longer be read (a quote never closed), if it happened. */
  unreadableFrom?: number;
  /**
   * Set when the journal could not be written (a full disk): the import
   * stopped reading there, and rows delivered from then on carry the reason
   * `not-journaled` (a later run sends them again).
   */
  journalFailure?: { path: string; code: string; line: number };
  /** Set when the report could not be written (a full disk): the import went on without it. */
  reportFailure?: { path: string; code: string };
}

/**
 * What the command exits with for a summary: 0 when every valid row was
 * delivered (or skipped as delivered before) and no row was invalid; 1
 * otherwise (rows invalid, refused, not delivered, or the import stopped);
 * 2 when the journal or the report could not be written, which needs
 * fixing before the next run.
 */
export function exitCodeOf(summary: ImportSummary): 0 | 1 | 2 {
  if (summary.journalFailure || summary.reportFailure) return 2;
  const { invalid, refused, failed } = summary.counts;
  return invalid + refused + failed === 0 && !summary.stopped && summary.unreadableFrom === undefined ? 0 : 1;
}

/** Bytes read of the part of the file that holds the rows, and its size, updated as rows stream. */
interface Reading {
  bytesRead: number;
  totalBytes: number;
}

/** Counts the bytes that pass. */
async function* counted(chunks: AsyncIterable<Buffer>, reading: Reading): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    reading.bytesRead += chunk.length;
    yield chunk;
  }
}

/** The sheet's rows; `reading` follows how much of it was read, `onFormat` is told how it is read. */
function openSheet(options: ImportLeadsOptions, reading: Reading, onFormat: (format: SheetFormat) => void): AsyncIterable<SheetItem> {
  const format = options.format ?? (extname(options.file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
  if (format === 'xlsx') {
    return xlsxRows(options.file, {
      ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
      onSheet: (sheet) => onFormat({ kind: 'xlsx', sheet }),
      onBytes: (read, total) => Object.assign(reading, { bytesRead: read, totalBytes: total }),
    });
  }
  // Known once the first bytes that are not ASCII (or the end of the file) decide it.
  const csv = { kind: 'csv' as const, encoding: options.encoding ?? 'us-ascii', delimiter: options.delimiter ?? ',' };
  reading.totalBytes = statSync(options.file).size;
  return csvRows(counted(createReadStream(options.file), reading), {
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    onEncoding: (known) => (csv.encoding = known),
    onDelimiter: (delimiter) => {
      csv.delimiter = delimiter;
      onFormat(csv);
    },
  });
}

/** Checks the options that need no file: the hash, numbers, the encoding's name. */
function checkOptions(options: ImportLeadsOptions): void {
  if (!options.dryRun && !options.accountHash) throw new ImportError('no account hash: set ZAPPY_ACCOUNT_HASH (or use --dry-run)');
  if (options.encoding !== undefined && !isKnownEncoding(options.encoding)) {
    throw new ImportError(`--encoding "${options.encoding}" is not an encoding (as windows-1252, utf-8, latin1)`);
  }
  for (const [name, value, least] of [['concurrency', options.concurrency, 1], ['retries', options.retries, 0]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < least)) throw new ImportError(`--${name} must be a whole number from ${least}`);
  }
  if (options.country !== undefined && !isPhoneCountry(options.country)) {
    throw new ImportError(`--country "${options.country}" is not a country code the phone rules know (as PT, ES, BR)`);
  }
  // The report and the journal are written while the file is read: never over it, nor over each other.
  const file = resolve(options.file);
  const journal = options.journal === false ? undefined : resolve(options.journal ?? `${options.file}.journal`);
  const report = options.report === undefined ? undefined : resolve(options.report);
  if (report === file || journal === file) throw new ImportError(`--${report === file ? 'report' : 'journal'} ${options.file} is the file being imported: give it another name`);
  if (report !== undefined && report === journal) throw new ImportError(`--report ${options.report} is also the journal: give it another name`);
  try {
    new URL(options.endpoint ?? DEFAULT_ENDPOINT);
  } catch {
    throw new ImportError(`--endpoint "${options.endpoint}" is not a URL`);
  }
  try {
    if (!statSync(options.file).isFile()) throw new ImportError(`${options.file} is not a file`);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`cannot read ${options.file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

const mapOf = (map: ImportLeadsOptions['map']): ReadonlyMap<ColumnKey, string> =>
  map instanceof Map ? map : new Map(Object.entries(map ?? {}) as [ColumnKey, string][]);

/**
 * Imports a client list into Zappy: reads it as it streams, finds the header
 * row (within the first {@link HEADER_SEARCH_ROWS} rows), checks each row with
 * leadFromRecord, and sends the valid ones (none in a dry run). A row is known
 * by a fingerprint of its checked lead: rows the journal says were delivered
 * are skipped, and so is a row that repeats an earlier one of the same file.
 * Resolves when every row read has an outcome; rejects only with an
 * {@link ImportError}, before any row is sent (no hash, unreadable file, no
 * header row, a `map` naming no column, another destination's journal, a
 * journal that cannot be created, a file broken before its header). A journal or report that fails later is
 * told in the summary ({@link ImportSummary.journalFailure}).
 *
 * @example
 * const summary = await importLeads({ file: 'clientes.csv', accountHash: process.env.ZAPPY_ACCOUNT_HASH, set: { form_id: 'import-2026' } });
 * console.log(summary.counts); // { delivered: 120, invalid: 2, ... }
 */
export async function importLeads(options: ImportLeadsOptions): Promise<ImportSummary> {
  checkOptions(options);
  const endpoint = options.endpoint ?? DEFAULT_ENDPOINT;
  const map = mapOf(options.map);
  const presets = options.set ?? {};
  const checkOptionsOfLead = {
    defaultCountry: options.country ?? 'PT',
    dateOrder: options.dateOrder ?? 'dmy',
    ...(options.today ? { today: options.today } : {}),
  };
  const { signal } = options;
  const counts = noOutcomes();
  const summary: ImportSummary = { counts, columns: [], stopped: false };

  const journalPath = options.journal === false ? undefined : (options.journal ?? `${options.file}.journal`);
  const destination = { endpoint: endpoint.split('?')[0]!, ...(options.accountHash ? { accountHash: options.accountHash } : {}) };
  const journal: Journal | undefined = journalPath ? await openJournal(journalPath, { destination, readOnly: Boolean(options.dryRun) }) : undefined;
  if (journal) summary.journal = journal.path;
  const reading: Reading = { bytesRead: 0, totalBytes: 0 };
  const items = openSheet(options, reading, (format) => (summary.format = format));
  const fingerprintOf = journal ? journal.fingerprint : (canonical: string) => createHash('sha256').update(canonical).digest('base64url').slice(0, 16);

  let report: ReportWriter | undefined;
  /** Adds to or closes the report; one that cannot be written is given up (the deliveries and the journal matter more). */
  const toReport = (write: (writer: ReportWriter) => void) => {
    if (!report) return;
    try {
      write(report);
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      summary.reportFailure = { path: options.report!, code: error.code };
      const broken = report;
      report = undefined;
      try {
        broken.close();
      } catch {
        // Already reported: the report's first failure is the one that says what to fix.
      }
    }
  };
  const order = new InOrder<RowResult>((row) => {
    counts[row.outcome] += 1;
    toReport((writer) => writer.add(row));
    options.onRow?.(row, { counts, ...reading });
  });
  let seq = 0;
  const finish = (row: RowResult) => order.put(seq++, row);

  const pace = createPace(options.rate ? { rate: options.rate } : {});
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const inFlight = new Set<Promise<void>>();
  /** Fingerprints of this run's rows, and the first line of each: a repeated row is not sent twice. */
  const firstLineOf = new FingerprintTable();

  /** Journals a delivery; false when the journal cannot be written (then or before), which stops the reading. */
  const recordDelivery = (open: Journal, fingerprint: string, line: number): boolean => {
    if (summary.journalFailure) return false;
    try {
      open.record(fingerprint, line);
      return true;
    } catch (error) {
      if (!(error instanceof JournalWriteError)) throw error;
      summary.journalFailure = { path: error.path, code: error.code, line };
      return false;
    }
  };

  let plan: ColumnPlan | undefined;
  let rowsSeen = 0;
  try {
    for await (const item of items) {
      if (signal?.aborted || summary.journalFailure) {
        summary.stopped = true;
        break;
      }
      if (item.kind === 'broken') {
        // Before the header, the file is unreadable from there on: nothing to report rows against.
        if (item.fatal && !plan) throw new ImportError(`the file cannot be read from line ${item.line} on (file:${item.code}), before any header row`);
        finish({ line: item.line, outcome: RowOutcome.Invalid, reasons: [`file:${item.code}`], attempts: 0 });
        if (item.fatal) summary.unreadableFrom = item.line;
        continue;
      }
      if (!plan) {
        rowsSeen += 1;
        plan = planColumns(item.cells, map);
        if (plan) {
          if (!hasNameColumn(plan) && presets.client_name === undefined) {
            throw new ImportError(`no column for the client's name in the header row (line ${item.line}): name one with --map client_name=<header>`);
          }
          summary.columns = plan.columns;
          // Opened only now: the report of a file that cannot be read is not left half-written.
          if (options.report) report = openReport(options.report);
          options.onStart?.({
            // Both readers tell how they read before their first row.
            format: summary.format!,
            headerLine: item.line,
            columns: plan.columns,
            ...(journal ? { journal: { path: journal.path, deliveredBefore: journal.deliveredBefore } } : {}),
          });
        } else if (rowsSeen >= HEADER_SEARCH_ROWS) {
          throw noHeader(summary.format);
        }
        continue;
      }

      const record = recordFromRow(item.cells, plan, presets);
      const checked = leadFromRecord(record, checkOptionsOfLead);
      const { line } = item;
      if (!checked.ok) {
        finish(rowResult(line, record, RowOutcome.Invalid, checked.issues.map(({ key, code }) => `${key}:${code}`)));
        continue;
      }
      const lead = checked.lead;
      const fingerprint = fingerprintOf(JSON.stringify(lead));
      const earlier = firstLineOf.get(fingerprint);
      if (journal?.has(fingerprint)) {
        finish(rowResult(line, record, RowOutcome.Skipped, ['already-delivered'], lead));
        continue;
      }
      if (earlier !== undefined) {
        finish(rowResult(line, record, RowOutcome.Skipped, [`duplicate-of-line-${earlier}`], lead));
        continue;
      }
      firstLineOf.add(fingerprint, line);
      if (options.dryRun) {
        finish(rowResult(line, record, RowOutcome.Valid, [], lead));
        continue;
      }

      // Bounded: at most `concurrency` requests, and reading pauses while rows wait for a slow one.
      while (inFlight.size >= concurrency || (order.waiting >= MAX_HELD_ROWS && inFlight.size > 0)) await Promise.race(inFlight);
      if (summary.journalFailure) {
        // Not sent: a delivery the journal cannot record would be sent again by the next run.
        finish(rowResult(line, record, RowOutcome.Failed, ['interrupted'], lead));
        summary.stopped = true;
        break;
      }
      const mySeq = seq++;
      const sending = deliver(lead, {
        idempotencyKey: fingerprint,
        retries: options.retries ?? DEFAULT_RETRIES,
        pace,
        endpoint,
        accountHash: options.accountHash!,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(options.backoff ? { backoff: options.backoff } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(signal ? { signal } : {}),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      }).then((delivery) => {
        const reasons: string[] = delivery.kind === 'failed' ? [delivery.reason] : [];
        if (delivery.kind === 'delivered' && journal && !recordDelivery(journal, fingerprint, line)) reasons.push('not-journaled');
        const row = rowResult(line, record, delivery.kind, reasons, lead, delivery.attempts);
        if (delivery.status !== undefined) row.status = delivery.status;
        order.put(mySeq, row);
      });
      inFlight.add(sending);
      void sending.finally(() => inFlight.delete(sending));
    }
    if (!plan && rowsSeen > 0 && !summary.stopped) throw noHeader(summary.format);
  } finally {
    // Requests under way finish (and are journaled) whatever stopped the reading.
    await Promise.all(inFlight);
    toReport((writer) => writer.close());
    journal?.close();
  }
  return summary;
}

/** One row's outcome, built in one shape: spreads per row stood out in the bench's profile. */
function rowResult(line: number, record: LeadRecord, outcome: RowResult['outcome'], reasons: string[], lead?: Lead, attempts = 0): RowResult {
  const row: RowResult = { line, outcome, reasons, attempts, record };
  if (lead) row.lead = lead;
  return row;
}

const noHeader = (format: SheetFormat | undefined) => {
  const separator = format?.kind === 'csv' ? `; the columns were split at "${format.delimiter === '\t' ? 'tab' : format.delimiter}": if that is wrong, give --delimiter` : '';
  return new ImportError(`no header row in the first ${HEADER_SEARCH_ROWS} rows: name the columns (Nome, Email, Telemóvel…) or use --map${separator}`);
};

/** Creates the report file, or says in one line why it cannot. */
function openReport(path: string): ReportWriter {
  try {
    return createReportWriter(path);
  } catch (error) {
    throw new ImportError(`cannot write the report ${path} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}
