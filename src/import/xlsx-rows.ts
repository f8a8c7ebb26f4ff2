/**
 * The rows of an `.xlsx` workbook as they stream. A workbook is a zip of XML
 * parts: yauzl reads the zip's directory and inflates one part at a time, and
 * saxes parses each part's XML as it comes, so a sheet of a million rows is
 * never in memory at once. What stays in memory is the workbook's table of
 * distinct texts (`xl/sharedStrings.xml`: xlsx keeps text cells there, and a
 * row refers to them by number), as in any reader of the format.
 *
 * Cells come as Excel stores them: text, and numbers as numbers (a date cell
 * is its serial; the birthday column converts serials, ./excel-date.ts).
 * Why not exceljs: its streaming reader pulls in some 80 packages, several
 * of them deprecated, for the little of the format an import reads.
 */
import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { CellValue } from './columns.js';
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

/** Bytes of one XML part read into memory at most: the workbook's list of sheets and its relations. */
const MAX_SMALL_PART = 4 * 1024 * 1024;

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
  let read = 0;
  for await (const chunk of await readStream(zip, entry)) {
    read += (chunk as Buffer).length;
    parser.write((chunk as Buffer).toString('utf8'));
    onBytes?.(read);
    yield* drain();
  }
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
  const parts = parsePart(zip, entry, (parser) => {
    parser.on('opentag', (tag) => {
      const name = local(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic += 1;
      else if (name === 't') inText = phonetic === 0;
    });
    parser.on('text', (text) => {
      if (inText) current += text;
    });
    parser.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') strings.push(current);
    });
  }, () => []);
  for await (const _ of parts);
  return strings;
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
    const sheets = (await elementsOf(zip, entries, 'xl/workbook.xml', ['sheet'])).map((attributes) => ({
      name: attributes['name'] ?? '',
      id: Object.entries(attributes).find(([key]) => local(key) === 'id' && key !== 'sheetId')?.[1] ?? '',
    }));
    const relations = await elementsOf(zip, entries, 'xl/_rels/workbook.xml.rels', ['Relationship']);
    const sheet = pickSheet(options.sheet, sheets);
    if (!sheet) {
      throw new SheetError(sheets.length === 0 ? 'the workbook has no sheets' : `the workbook has no sheet "${options.sheet}" (its sheets: ${sheets.map(({ name }) => name).join(', ')})`);
    }
    const target = relations.find((relation) => relation['Id'] === sheet.id)?.['Target'];
    const entry = target === undefined ? undefined : entries.get(partPath(target));
    if (!entry) throw new SheetError(`the workbook's sheet "${sheet.name}" is missing from the file`);
    const strings = await sharedStrings(zip, entries.get('xl/sharedStrings.xml'));
    options.onSheet?.(sheet.name);

    const rows: SheetItem[] = [];
    let line = 0;
    let cells: CellValue[] = [];
    let column = 0;
    let type: string | undefined;
    let value = '';
    let inValue = false;
    const handle = (parser: SaxesParser) => {
      parser.on('opentag', (tag) => {
        const name = local(tag.name);
        const attributes = tag.attributes as Record<string, string>;
        if (name === 'row') {
          line = attributes['r'] ? Number(attributes['r']) : line + 1;
          cells = [];
          column = 0;
        } else if (name === 'c') {
          column = attributes['r'] ? columnIndex(attributes['r']) : column;
          type = attributes['t'];
          value = '';
        } else if (name === 'v' || name === 't') inValue = true;
      });
      parser.on('text', (text) => {
        if (inValue) value += text;
      });
      parser.on('closetag', (tag) => {
        const name = local(tag.name);
        if (name === 'v' || name === 't') inValue = false;
        else if (name === 'c') {
          cells[column] = cellOf(type, value, strings);
          column += 1;
        } else if (name === 'row') {
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
