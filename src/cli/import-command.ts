import { ColumnMapError, parseColumnMap, parsePresets } from '../import/columns.js';
import { DELIMITERS, type Delimiter } from '../import/delimiter.js';
import { ImportError } from '../import/import-error.js';
import { type ImportLeadsOptions, type ImportProgress, type ImportSummary, exitCodeOf, importLeads } from '../import/import-leads.js';
import type { OutcomeCounts, RowResult } from '../import/outcome.js';
import { RateLimitFormatError, parseRateLimit } from '../relay/rate-limit.js';
import { ExitCode, fail } from './exit.js';

/** Flags of `zappy-lead-form import`, as cac hands them over (numbers may come as numbers). */
export interface ImportCommandOptions {
  map?: string | string[];
  set?: string | string[];
  country?: string;
  dateOrder?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string | number;
  concurrency?: string | number;
  rate?: string;
  retries?: string | number;
  timeout?: string | number;
  /** A path; `false` from `--no-journal`; empty when neither was given. */
  journal?: string | boolean;
  report?: string;
  endpoint?: string;
  dryRun?: boolean;
  verbose?: boolean;
}

/** Problem rows printed one per line before the rest is left to `--report`. */
const MAX_PRINTED_ROWS = 50;

/** Ignored columns named in the header line, before "and N more". */
const MAX_IGNORED_SHOWN = 20;

/** How often the plain progress line is printed when stderr is not a terminal. */
const PLAIN_PROGRESS_MS = 10_000;

/** How often the progress bar is redrawn on a terminal. */
const BAR_MS = 100;

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]).map(String);

const number = (value: string | number | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(ExitCode.Usage, `--${flag} "${value}" is not a whole number.`);
  return parsed;
};

const DELIMITER_NAMES: Record<string, Delimiter> = { ';': ';', ',': ',', '|': '|', tab: '\t', '\\t': '\t', '\t': '\t' };

/** The import's options from the flags and the environment; a usage error exits 2. */
export function importOptionsOf(file: string, flags: ImportCommandOptions, env: NodeJS.ProcessEnv): ImportLeadsOptions {
  const options: ImportLeadsOptions = { file };
  try {
    const map = parseColumnMap(list(flags.map));
    if (map.size > 0) options.map = map;
    const set = parsePresets(list(flags.set));
    if (Object.keys(set).length > 0) options.set = set;
    if (flags.rate !== undefined) options.rate = parseRateLimit(String(flags.rate));
  } catch (error) {
    if (error instanceof ColumnMapError || error instanceof RateLimitFormatError) fail(ExitCode.Usage, `${error instanceof RateLimitFormatError ? '--rate ' : ''}${error.message}.`);
    throw error;
  }
  if (flags.country !== undefined) {
    if (!/^[a-z]{2}$/i.test(String(flags.country))) fail(ExitCode.Usage, `--country "${flags.country}" is not a two-letter country code (as PT, ES, BR).`);
    options.country = String(flags.country).toUpperCase();
  }
  if (flags.dateOrder !== undefined) {
    if (flags.dateOrder !== 'dmy' && flags.dateOrder !== 'mdy') fail(ExitCode.Usage, `--date-order "${flags.dateOrder}" is not dmy or mdy.`);
    options.dateOrder = flags.dateOrder;
  }
  if (flags.delimiter !== undefined) {
    const delimiter = DELIMITER_NAMES[String(flags.delimiter).toLowerCase()];
    if (!delimiter) fail(ExitCode.Usage, `--delimiter "${flags.delimiter}" is not one of ${DELIMITERS.map((d) => (d === '\t' ? 'tab' : d)).join(' ')}.`);
    options.delimiter = delimiter;
  }
  if (flags.encoding !== undefined) options.encoding = String(flags.encoding);
  if (flags.sheet !== undefined) options.sheet = String(flags.sheet);
  const concurrency = number(flags.concurrency, 'concurrency');
  if (concurrency !== undefined) options.concurrency = concurrency;
  const retries = number(flags.retries, 'retries');
  if (retries !== undefined) options.retries = retries;
  const timeout = number(flags.timeout, 'timeout');
  if (timeout !== undefined) options.timeoutMs = timeout;
  if (flags.journal === false) options.journal = false;
  else if (typeof flags.journal === 'string' && flags.journal !== '') options.journal = flags.journal;
  if (flags.report !== undefined) options.report = String(flags.report);
  const endpoint = flags.endpoint ?? env['ZAPPY_ENDPOINT'];
  if (endpoint) options.endpoint = String(endpoint);
  const hash = env['ZAPPY_ACCOUNT_HASH']?.trim();
  if (hash) options.accountHash = hash;
  if (flags.dryRun) options.dryRun = true;
  return options;
}

const thousands = (value: number) => value.toLocaleString('en-US');

/** The closing line's counts, only those that are not zero (`120 delivered, 2 invalid`). */
export function countsText(counts: OutcomeCounts): string {
  const parts = (Object.entries(counts) as [keyof OutcomeCounts, number][]).filter(([, count]) => count > 0).map(([outcome, count]) => `${thousands(count)} ${outcome}`);
  return parts.length > 0 ? parts.join(', ') : 'no rows';
}

/** A problem row's line: its number, outcome, status and reasons; its values only with `--verbose`. */
export function rowText(row: RowResult, verbose: boolean): string {
  const status = row.status === undefined ? '' : ` ${row.status}`;
  const reasons = row.reasons.length > 0 ? ` ${row.reasons.join(' ')}` : '';
  const values = verbose && row.record ? ` ${JSON.stringify(row.record)}` : '';
  return `line ${row.line}: ${row.outcome}${status}${reasons}${values}`;
}

/** A progress bar of `width` cells for a fraction (0 to 1). */
const bar = (fraction: number, width = 24) => {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
};

/**
 * `zappy-lead-form import FILE`: {@link importLeads} with the flags and the
 * environment, problem rows and a closing summary on stderr (line numbers and
 * reason codes; values only with `--verbose`; never the hash), a progress bar
 * on a terminal or a plain line every 10 s elsewhere. SIGINT or SIGTERM stop
 * the reading; requests under way finish and are journaled; a second signal
 * exits at once. Exits 0, 1 or 2 (README, "Importing clients").
 */
export async function importCommand(file: string | undefined, flags: ImportCommandOptions, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!file) fail(ExitCode.Usage, 'import needs a file: zappy-lead-form import clientes.csv');
  const options = importOptionsOf(file, flags, env);
  const verbose = Boolean(flags.verbose);
  const tty = Boolean(process.stderr.isTTY) && env['CI'] === undefined;
  const write = (text: string) => process.stderr.write(text);
  let barShown = false;
  const clearBar = () => {
    if (barShown) write('\r\x1b[2K');
    barShown = false;
  };
  const say = (line: string) => {
    clearBar();
    write(`zappy-lead-form import: ${line}\n`);
  };

  const stopper = new AbortController();
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    say(`${signal}: reading stopped; finishing the requests under way (again to quit at once)`);
    stopper.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let printed = 0;
  let lastDraw = 0;
  let lastPlain = Date.now();
  const progress = (state: ImportProgress) => {
    const now = Date.now();
    if (now - (tty ? lastDraw : lastPlain) < (tty ? BAR_MS : PLAIN_PROGRESS_MS)) return;
    const done = thousands(Object.values(state.counts).reduce((sum, count) => sum + count, 0));
    if (tty) {
      lastDraw = now;
      const fraction = state.totalBytes > 0 ? state.bytesRead / state.totalBytes : 1;
      write(`\r\x1b[2K${bar(fraction)} ${Math.floor(fraction * 100)}% ${done} rows (${countsText(state.counts)})`);
      barShown = true;
    } else {
      lastPlain = now;
      say(`${done} rows so far (${countsText(state.counts)})`);
    }
  };

  let summary: ImportSummary;
  try {
    summary = await importLeads({
      ...options,
      signal: stopper.signal,
      onStart: ({ headerLine, columns, journal }) => {
        const used = columns.filter((column) => column.key).map((column) => `${column.header} → ${column.key}`);
        const ignored = columns.filter((column) => !column.key).map((column) => column.header);
        // A sheet of thousands of columns makes one line, not a screenful.
        const shown = ignored.length > MAX_IGNORED_SHOWN ? [...ignored.slice(0, MAX_IGNORED_SHOWN), `and ${thousands(ignored.length - MAX_IGNORED_SHOWN)} more`] : ignored;
        say(`header on line ${headerLine}: ${used.join(', ')}${ignored.length > 0 ? `; ignored: ${shown.join(', ')}` : ''}`);
        if (journal && journal.deliveredBefore > 0) say(`journal ${journal.path}: ${thousands(journal.deliveredBefore)} rows delivered by earlier runs are skipped`);
        if (options.dryRun) say('dry run: rows are checked, nothing is sent');
      },
      onRow: (row, state) => {
        const problem = row.outcome === 'invalid' || row.outcome === 'refused' || row.outcome === 'failed';
        if (problem && printed < MAX_PRINTED_ROWS) say(rowText(row, verbose));
        else if (verbose && !problem) say(rowText(row, verbose));
        if (problem && ++printed === MAX_PRINTED_ROWS) say(`more rows with problems are not printed${options.report ? `: see ${options.report}` : ': use --report FILE'}`);
        progress(state);
      },
    });
  } catch (error) {
    clearBar();
    if (error instanceof ImportError) fail(ExitCode.Usage, `${error.message}.`);
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  clearBar();
  const format = summary.format ? (summary.format.kind === 'csv' ? ` (CSV, ${summary.format.encoding}, "${summary.format.delimiter === '\t' ? 'tab' : summary.format.delimiter}")` : ` (sheet "${summary.format.sheet}")`) : '';
  const notes = [
    summary.unreadableFrom === undefined ? '' : `the file could not be read past line ${summary.unreadableFrom}`,
    summary.stopped ? 'stopped before the end: run the same command again to send the rest' : '',
    summary.counts.failed > 0 && !summary.stopped ? 'rows not delivered are sent by the next run of the same command' : '',
    options.report && !summary.reportFailure ? `report: ${options.report}` : '',
  ].filter(Boolean);
  say(`${file}${format}: ${countsText(summary.counts)}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  const { journalFailure, reportFailure } = summary;
  if (journalFailure) {
    fail(
      ExitCode.Usage,
      `cannot write the journal ${journalFailure.path} (${journalFailure.code}) after line ${journalFailure.line} was delivered: stopped; free space (or give --journal another file) and run the same command again (rows marked not-journaled in the report are sent again).`,
    );
  }
  if (reportFailure) {
    fail(
      ExitCode.Usage,
      `cannot write the report ${reportFailure.path} (${reportFailure.code}): the rows were sent${summary.journal ? ' and journaled' : ''} all the same; free space (or give --report another file)${summary.journal ? ' and run the same command again for a report (delivered rows show as skipped)' : ''}.`,
    );
  }
  process.exitCode = exitCodeOf(summary) === 0 ? ExitCode.Ok : ExitCode.Failure;
}
