/**
 * zappy-lead-form/import: import a client list (CSV or `.xlsx`) into Zappy
 * from a Node script, with the same checks as the widget and a journal so a
 * second run sends only what the first did not. `npx zappy-lead-form import`
 * is a thin shell over {@link importLeads}.
 *
 * @example
 * import { importLeads, exitCodeOf } from 'zappy-lead-form/import';
 * const summary = await importLeads({ file: 'clientes.csv', accountHash: process.env.ZAPPY_ACCOUNT_HASH });
 * process.exitCode = exitCodeOf(summary);
 */
export {
  importLeads,
  exitCodeOf,
  DEFAULT_CONCURRENCY,
  DEFAULT_RETRIES,
  HEADER_SEARCH_ROWS,
  type ImportLeadsOptions,
  type ImportStart,
  type ImportProgress,
  type ImportSummary,
} from './import-leads.js';
export { ImportError } from './import-error.js';
export { RowOutcome, type RowResult, type OutcomeCounts } from './outcome.js';
export { parseColumnMap, parsePresets, headerKey, COLUMN_KEYS, type ColumnKey, type ColumnReading } from './columns.js';
export { DELIMITERS, type Delimiter } from './delimiter.js';
export type { SheetFormat } from './sheet.js';
export type { LeadRecord, DateOrder } from '../lead/lead-from-record.js';
export type { RateLimit } from '../relay/rate-limit.js';
