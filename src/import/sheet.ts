/**
 * What the readers of a client list (./csv-rows.ts, ./xlsx-rows.ts) hand the
 * import: rows of cells with their line numbers, as they stream, and the
 * places where the file itself is broken.
 */
import { ImportError } from './import-error.js';
import type { CellValue } from './columns.js';

/** Why part of a file could not be read as rows. */
export type BrokenCode =
  /** A quote opened and never closed: the rest of the file would be one field. */
  | 'quote-not-closed'
  /** A row longer than any lead (64 KB). */
  | 'row-too-long'
  /** Bytes that are not text in the file's encoding. */
  | 'encoding'
  /** Any other CSV error (the parser's code is in the message). */
  | 'malformed';

/** One item of a sheet, in file order. */
export type SheetItem =
  | {
      readonly kind: 'row';
      /** The line (CSV) or row (spreadsheet) number, from 1; a CSV row with line breaks in a field: its first line. */
      readonly line: number;
      readonly cells: readonly CellValue[];
    }
  | {
      readonly kind: 'broken';
      readonly line: number;
      readonly code: BrokenCode;
      /** True when nothing after this point can be read: the import stops reading there. */
      readonly fatal: boolean;
    };

/** How a sheet was read, told by a reader once it knows. */
export type SheetFormat =
  | { kind: 'csv'; encoding: string; delimiter: string }
  | { kind: 'xlsx'; sheet: string };

/** Thrown by a reader for a file it cannot read at all (not a spreadsheet, no such sheet). */
export class SheetError extends ImportError {
  override name = 'SheetError';
}
