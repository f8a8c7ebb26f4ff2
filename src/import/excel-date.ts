/**
 * Excel's date serials: a date cell holds the days since 1899-12-30 (the day
 * before Excel's day 1, shifted by one for Lotus 1-2-3's 29 February 1900,
 * so every serial from 61 on names the right day). A birthday column of a
 * spreadsheet saved or pasted without its date format shows them bare.
 */

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * Serials read as dates in a text cell: five digits (1927-05-18 to
 * 2173-10-14), optionally with a time of day. Four digits stay text: `1985`
 * is a year, not 7 June 1905.
 */
const SERIAL_TEXT = /^\d{5}(?:[.,]\d+)?$/;

/** The same range for a number cell: a serial of five digits; any other number is left for the checks to refuse. */
const isSerial = (value: number) => Number.isFinite(value) && value >= 10_000 && value < 100_000;

/**
 * The ISO date (`1990-01-31`) of an Excel serial; the time of day is dropped.
 *
 * @example
 * excelSerialToDate(32874); // '1990-01-01'
 * excelSerialToDate(32874.75); // '1990-01-01'
 */
export function excelSerialToDate(serial: number): string {
  return new Date(EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A birthday cell as written text for leadFromRecord: a number of five
 * digits (a date cell without its format) or such a text is an Excel serial;
 * anything else is returned as text (`31/01/1990`, and whatever the checks
 * refuse: `1985`, `912345678`).
 *
 * @example
 * writtenDateOf(32874); // '1990-01-01'
 * writtenDateOf('32874'); // '1990-01-01'
 * writtenDateOf('01/01/1990'); // '01/01/1990'
 * writtenDateOf(1985); // '1985' (a year: refused by the checks as incomplete)
 */
export function writtenDateOf(cell: string | number): string {
  // A year alone (1985), a number pasted into the wrong column (912345678): not dates, and never a crash.
  if (typeof cell === 'number') return isSerial(cell) ? excelSerialToDate(cell) : String(cell);
  const text = cell.trim();
  return SERIAL_TEXT.test(text) ? excelSerialToDate(Number(text.replace(',', '.'))) : cell;
}
