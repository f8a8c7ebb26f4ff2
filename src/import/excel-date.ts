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
 * A birthday cell as written text for leadFromRecord: a number (a date cell
 * without its format) or a text of five digits is an Excel serial; any other
 * text is returned as it is (`31/01/1990`, and whatever the checks refuse).
 *
 * @example
 * writtenDateOf(32874); // '1990-01-01'
 * writtenDateOf('32874'); // '1990-01-01'
 * writtenDateOf('01/01/1990'); // '01/01/1990'
 */
export function writtenDateOf(cell: string | number): string {
  if (typeof cell === 'number') return Number.isFinite(cell) && cell > 0 ? excelSerialToDate(cell) : String(cell);
  const text = cell.trim();
  return SERIAL_TEXT.test(text) ? excelSerialToDate(Number(text.replace(',', '.'))) : cell;
}
