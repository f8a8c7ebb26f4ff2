/**
 * The rows of an `.xlsx` workbook as they stream. A workbook is a zip of XML
 * parts: yauzl reads the zip's directory and inflates one part at a time, and
 * saxes parses each part's XML as it comes, so a sheet of a million rows is
 * never in memory at once. What stays in memory is the workbook's table of
 * distinct texts (`xl/sharedStrings.xml`: xlsx keeps text cells there, and a
 * row refers to them by number), as in any reader of the format.
 *
 * Cells come as Excel stores them: text, and numbers as numbers; a number in
 * a date format (`xl/styles.xml`) comes as its ISO date, in the workbook's
 * date system (1900, or 1904 from a Mac), and a bare serial in the birthday
 * column is converted there (./excel-date.ts). What one file may hold is
 * bounded (columns, text per row, the table of texts), so a small hostile
 * file cannot take the machine's memory.
 * Why not exceljs: its streaming reader pulls in some 80 packages, several
 * of them deprecated, for the little of the format an import reads.
 */
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { CellValue } from './columns.js';
import { MAX_ROW_CHARS } from './csv-rows.js';
import { excelSerialToDate } from './excel-date.js';
import { type SheetItem, SheetError } from './sheet.js';

/** Options of {@link xlsxRows}. */
export interface XlsxRowsOptions {
  /** The sheet: its name (case ignored), or its position from 1 (`'2'`). Default: the first sheet. */
  sheet?: string;
  /** Told the sheet's name before its first row. */
  onSheet?: (name: string) => void;
  /** Told how much of the sheet's XML was read, and its size, in bytes. */
  onBytes?: (read: number, total: number) => void;
}

/** Bytes of one XML part read into memory at most: the workbook's list of sheets, its relations, its styles. */
const MAX_SMALL_PART = 4 * 1024 * 1024;

/** Excel's own limit of columns (`XFD`): a reference beyond it is no sheet Excel wrote. */
const MAX_COLUMNS = 16_384;

/** The table of texts, at most: far beyond a client list of Excel's 1,048,576 rows, far below what would exhaust memory. */
const MAX_SHARED_STRINGS = 4_000_000;
const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;

/** Days from 1899-12-30 (the 1900 system's day 0) to 1904-01-01 (the 1904 system's). */
const DAYS_1900_TO_1904 = 1462;

/** A tag's name without its namespace prefix (`x:row` → `row`): some writers prefix every tag. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The 0-based column of a cell reference (`C7` → 2). */
export function columnIndex(reference: string): number {
  let index = 0;
  for (const char of reference) {
    const code = char.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: true }, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

/** Every entry of the zip, by name. */
function entriesOf(zip: ZipFile): Promise<Map<string, Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Entry>();
    zip.on('entry', (entry: Entry) => {
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function readStream(zip: ZipFile, entry: Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));
}

/**
 * Parses one XML part as it inflates: `handle` is given the parser before the
 * first byte; `drain` is called after each chunk, so rows found so far can be
 * handed on before the next chunk is read.
 */
async function* parsePart<T>(zip: ZipFile, entry: Entry, handle: (parser: SaxesParser) => void, drain: () => T[], onBytes?: (read: number) => void): AsyncGenerator<T> {
  const parser = new SaxesParser();
  handle(parser);
  // A letter's bytes may be split between two chunks: decoded across them, never one by one.
  const decoder = new StringDecoder('utf8');
  let read = 0;
  for await (const chunk of await readStream(zip, entry)) {
    read += (chunk as Buffer).length;
    parser.write(decoder.write(chunk as Buffer));
    onBytes?.(read);
    yield* drain();
  }
  parser.write(decoder.end());
  parser.close();
  yield* drain();
}

/** Reads a small part whole (the list of sheets, the relations), as the elements `names` name, with their attributes. */
async function elementsOf(zip: ZipFile, entries: Map<string, Entry>, path: string, names: readonly string[]): Promise<Record<string, string>[]> {
  const entry = entries.get(path);
  if (!entry) throw new SheetError(`it is not an .xlsx workbook (no ${path})`);
  if (entry.uncompressedSize > MAX_SMALL_PART) throw new SheetError(`its ${path} is too large to be a workbook's`);
  const found: Record<string, string>[] = [];
  const parts = parsePart(zip, entry, (parser) => parser.on('opentag', (tag) => {
    if (names.includes(local(tag.name))) found.push(tag.attributes as Record<string, string>);
  }), () => []);
  for await (const _ of parts);
  return found;
}

/** The workbook's texts (`xl/sharedStrings.xml`), in order: each `<si>`'s `<t>` runs joined, phonetic guides left out. */
async function sharedStrings(zip: ZipFile, entry: Entry | undefined): Promise<string[]> {
  const strings: string[] = [];
  if (!entry) return strings;
  let current = '';
  let inText = false;
  let phonetic = 0;
  const tooLarge = () => new SheetError(`its table of texts is larger than any client list's: open it in Excel and save it as CSV`);
  const parts = parsePart(zip, entry, (parser) => {
    parser.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = phonetic === 0;
    });
    parser.on('text', (text) => {
      // One past the longest row: such a text makes its row too long, and no longer grows.
      if (inText && current.length <= MAX_ROW_CHARS) current += text.slice(0, MAX_ROW_CHARS + 1 - current.length);
    });
    parser.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si' && strings.push(current) > MAX_SHARED_STRINGS) throw tooLarge();
    });
  }, () => [], (read) => {
    if (read > MAX_SHARED_STRINGS_BYTES) throw tooLarge();
  });
  for await (const _ of parts);
  return strings;
}

/** Built-in number formats that are dates (14–22 and 45–47; 27–36 and 50–58 in East Asian versions). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format shows a date: a day or a year outside quoted text, colours and escapes (`dd/mm/yyyy`, not `0.00` nor `h:mm`). */
const isDateFormat = (code: string) => /[dy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));

/** Which cell styles (`s`, positions in `cellXfs`) show a date, from `xl/styles.xml`. */
async function dateStyles(zip: ZipFile, entry: Entry | undefined): Promise<Set<number>> {
  const dates = new Set<number>();
  if (!entry || entry.uncompressedSize > MAX_SMALL_PART) return dates;
  const customDates = new Set<number>();
  let inCellXfs = false;
  let position = 0;
  const parts = parsePart(zip, entry, (parser) => {
    parser.on('opentag', (tag) => {
      const name = local(tag.name);
      const attributes = tag.attributes as Record<string, string>;
      if (name === 'numFmt' && isDateFormat(attributes['formatCode'] ?? '')) customDates.add(Number(attributes['numFmtId']));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const format = Number(attributes['numFmtId'] ?? 0);
        if (DATE_FORMAT_IDS.has(format) || customDates.has(format)) dates.add(position);
        position += 1;
      }
    });
    parser.on('closetag', (tag) => {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    });
  }, () => []);
  for await (const _ of parts);
  return dates;
}

/** The path of a relation's target inside the zip (`worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`). */
const partPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`).replace(/\/\.\//g, '/');

/** The sheet `wanted` names (a name, case ignored, or a position from 1) among `sheets`, or `undefined`. */
function pickSheet<T extends { name: string }>(wanted: string | undefined, sheets: readonly T[]): T | undefined {
  if (wanted === undefined) return sheets[0];
  const named = sheets.find(({ name }) => name === wanted) ?? sheets.find(({ name }) => name.toLowerCase() === wanted.trim().toLowerCase());
  if (named) return named;
  return /^\d+$/.test(wanted.trim()) ? sheets[Number(wanted) - 1] : undefined;
}

/** A date cell's ISO date (`1985-03-07`), from its serial in the workbook's date system. */
const dateOf = (serial: number, date1904: boolean) => {
  const days = date1904 ? serial + DAYS_1900_TO_1904 : serial;
  // Excel shows no date before its day 1 (nor a negative one): such a cell is left as the number it is.
  return days >= 1 && days < 2_958_466 ? excelSerialToDate(days) : serial;
};

/** A cell's value from its type (`t`) and its `<v>` or inline text. */
function cellOf(type: string | undefined, value: string, strings: readonly string[]): CellValue {
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'str':
    case 'inlineStr':
      return value;
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
    case 'd':
      // An ISO date written as text (rare: Excel writes serials).
      return value.slice(0, 10);
    default: {
      if (value.trim() === '') return '';
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
  }
}

/**
 * Streams the rows of one sheet of an `.xlsx` file, header included, with
 * their row numbers; rows whose every cell is empty are left out.
 *
 * @throws SheetError when the file is not an `.xlsx` workbook or has no such sheet.
 * @example
 * for await (const item of xlsxRows('clientes.xlsx', { sheet: 'Clientes' })) console.log(item.line);
 */
export async function* xlsxRows(path: string, options: XlsxRowsOptions = {}): AsyncGenerator<SheetItem> {
  let zip: ZipFile;
  let entries: Map<string, Entry>;
  try {
    zip = await openZip(path);
    entries = await entriesOf(zip);
  } catch (error) {
    throw new SheetError(`it is not an .xlsx workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    const workbook = await elementsOf(zip, entries, 'xl/workbook.xml', ['sheet', 'workbookPr']);
    const sheets = workbook
      .filter((attributes) => attributes['name'] !== undefined)
      .map((attributes) => ({
        name: attributes['name'] ?? '',
        id: Object.entries(attributes).find(([key]) => local(key) === 'id' && key !== 'sheetId')?.[1] ?? '',
      }));
    // A workbook made on a Mac may count its dates from 1904.
    const date1904 = workbook.some((attributes) => attributes['date1904'] === '1' || attributes['date1904'] === 'true');
    const relations = await elementsOf(zip, entries, 'xl/_rels/workbook.xml.rels', ['Relationship']);
    const sheet = pickSheet(options.sheet, sheets);
    if (!sheet) {
      throw new SheetError(sheets.length === 0 ? 'the workbook has no sheets' : `the workbook has no sheet "${options.sheet}" (its sheets: ${sheets.map(({ name }) => name).join(', ')})`);
    }
    const target = relations.find((relation) => relation['Id'] === sheet.id)?.['Target'];
    const entry = target === undefined ? undefined : entries.get(partPath(target));
    if (!entry) throw new SheetError(`the workbook's sheet "${sheet.name}" is missing from the file`);
    const strings = await sharedStrings(zip, entries.get('xl/sharedStrings.xml'));
    const dates = await dateStyles(zip, entries.get('xl/styles.xml'));
    options.onSheet?.(sheet.name);

    const rows: SheetItem[] = [];
    let line = 0;
    let cells: CellValue[] = [];
    let column = 0;
    let type: string | undefined;
    let dated = false;
    let value = '';
    let inValue = false;
    /** Characters of the row so far, and why it cannot be read, if it cannot. */
    let rowChars = 0;
    let broken: 'row-too-long' | 'malformed' | undefined;
    const handle = (parser: SaxesParser) => {
      parser.on('opentag', (tag) => {
        const name = local(tag.name);
        const attributes = tag.attributes as Record<string, string>;
        if (name === 'row') {
          const number = Number(attributes['r']);
          line = Number.isInteger(number) && number > line ? number : line + 1;
          cells = [];
          column = 0;
          rowChars = 0;
          broken = undefined;
        } else if (name === 'c') {
          column = attributes['r'] ? columnIndex(attributes['r']) : column;
          type = attributes['t'];
          dated = dates.has(Number(attributes['s']));
          value = '';
        } else if (name === 'v' || name === 't') inValue = true;
      });
      parser.on('text', (text) => {
        if (inValue && value.length <= MAX_ROW_CHARS) value += text.slice(0, MAX_ROW_CHARS + 1 - value.length);
      });
      parser.on('closetag', (tag) => {
        const name = local(tag.name);
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'c') {
          if (column < 0 || column >= MAX_COLUMNS) broken = 'malformed';
          if (broken) return;
          const cell = cellOf(type, value, strings);
          rowChars += typeof cell === 'string' ? cell.length : 0;
          if (rowChars > MAX_ROW_CHARS) broken = 'row-too-long';
          else cells[column] = dated && typeof cell === 'number' ? dateOf(cell, date1904) : cell;
          column += 1;
        } else if (name === 'row') {
          if (broken) {
            rows.push({ kind: 'broken', line, code: broken, fatal: false });
            return;
          }
          const filled = Array.from(cells, (cell) => cell ?? '');
          if (filled.some((cell) => typeof cell === 'number' || cell.trim() !== '')) rows.push({ kind: 'row', line, cells: filled });
        }
      });
    };
    const total = entry.uncompressedSize;
    yield* parsePart(zip, entry, handle, () => rows.splice(0), (read) => options.onBytes?.(read, total));
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError(`it is not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    zip.close();
  }
}
