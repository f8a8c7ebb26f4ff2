/**
 * What became of each row of an import, as data: the report, the progress
 * lines and the exit code are all made from these.
 */
import type { LeadRecord } from '../lead/lead-from-record.js';
import type { Lead } from '../lead/schema.js';

/** The outcomes of a row. */
export const RowOutcome = {
  /** createLead answered 2xx. */
  Delivered: 'delivered',
  /** createLead answered a 4xx: not resent unchanged. */
  Refused: 'refused',
  /** The row failed the checks (or the file is broken there): not sent. */
  Invalid: 'invalid',
  /** Not sent: delivered by an earlier run, or the same lead as an earlier row. */
  Skipped: 'skipped',
  /** Not delivered after every retry, or the import was stopped: the next run sends it. */
  Failed: 'failed',
  /** Dry run: the row passed the checks and would be sent. */
  Valid: 'valid',
} as const;

/** One of the {@link RowOutcome} values. */
export type RowOutcome = (typeof RowOutcome)[keyof typeof RowOutcome];

/** The outcome of one row. Only `record` and `lead` hold personal data. */
export interface RowResult {
  /** The row's line (CSV) or row number (spreadsheet). */
  line: number;
  outcome: RowOutcome;
  /** createLead's HTTP status, when it answered. */
  status?: number;
  /**
   * Why, as codes: `client_email:format`, `client_mobile:not-mobile` for an
   * invalid row, `file:quote-not-closed` where the file is broken;
   * `already-delivered` or `duplicate-of-line-4` for a skipped row; the
   * last attempt's reason (`timeout`, `network`, `server-error`,
   * `rate-limited`) or `interrupted` for a failed one; `not-journaled` for a
   * delivered row the journal could not record (a later run sends it again).
   */
  reasons: string[];
  /** Requests made for this row. */
  attempts: number;
  /** The row's values by key, before checking (not for a broken part of the file). */
  record?: LeadRecord;
  /** The lead as checked and normalised (valid rows). */
  lead?: Lead;
}

/** Counts of rows by outcome. */
export type OutcomeCounts = Record<RowOutcome, number>;

/** Counts at zero. */
export const noOutcomes = (): OutcomeCounts => ({ delivered: 0, refused: 0, invalid: 0, skipped: 0, failed: 0, valid: 0 });
