/**
 * The rows of a CSV export as they stream: bytes decoded (./decode.ts), the
 * separator detected (./delimiter.ts), fields parsed by csv-parse (quoted
 * fields with line breaks, stray quotes inside a field accepted as text), and
 * each row's first line number kept for the report.
 */
import { pipeline } from 'node:stream/promises';
import { type CsvError, type InfoRecord, parse } from 'csv-parse';
import { NOT_TEXT, decodeText } from './decode.js';
import { type Delimiter, detectDelimiter } from './delimiter.js';
import type { BrokenCode, SheetItem } from './sheet.js';

/** Options of {@link csvRows}. */
export interface CsvRowsOptions {
  /** A TextDecoder label; detected when absent (./decode.ts). */
  encoding?: string;
  /** The separator; detected from the first lines when absent. */
  delimiter?: Delimiter;
  /** Told the encoding once the decoder knows it. */
  onEncoding?: (encoding: string) => void;
  /** Told the separator before the first row. */
  onDelimiter?: (delimiter: Delimiter) => void;
}

/** Longest row, in characters: a lead is a few hundred; past this, a quote was surely left open. */
export const MAX_ROW_CHARS = 65_536;

/** How much of the file is decoded before the separator is chosen: ten lines, or this many characters. */
const SAMPLE_CHARS = 65_536;

/** Line breaks in a record's fields: as csv-parse counts them (every CR and every LF) and as they are. */
function breaksIn(record: readonly string[]): { counted: number; real: number } {
  let counted = 0;
  let real = 0;
  for (const field of record) {
    if (!field.includes('\n') && !field.includes('\r')) continue;
    const lf = field.split('\n').length - 1;
    const cr = field.split('\r').length - 1;
    const crlf = field.split('\r\n').length - 1;
    counted += lf + cr;
    real += lf + cr - crlf;
  }
  return { counted, real };
}

/**
 * What a csv-parse error means for the import, and whether reading can go on.
 * `startLine` is the line where the failing row began.
 */
function brokenOf(error: CsvError, startLine: number): { code: BrokenCode; fatal: boolean } {
  // An open quote swallows what follows: csv-parse stops with one of these two.
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return { code: 'quote-not-closed', fatal: true };
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    // csv-parse's `quoting` is false by then; but a row without an open quote cannot run over several lines.
    const lines = Number((error as { lines?: number }).lines ?? startLine);
    return { code: lines > startLine ? 'quote-not-closed' : 'row-too-long', fatal: true };
  }
  return { code: 'malformed', fatal: false };
}

/**
 * Streams the rows of a CSV file, header included, with their line numbers.
 * Empty lines, and rows whose every field is empty (`;;;` as Excel pads
 * them), are skipped. A broken row is a `broken` item; after a fatal one
 * (a quote never closed) nothing more is read. Memory stays flat: one chunk
 * of the file and one row at a time.
 *
 * @example
 * for await (const item of csvRows(createReadStream('clientes.csv'))) console.log(item.line);
 */
export async function* csvRows(bytes: AsyncIterable<Uint8Array>, options: CsvRowsOptions = {}): AsyncGenerator<SheetItem> {
  const texts = decodeText(bytes, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.onEncoding ? { onEncoding: options.onEncoding } : {}) });
  const iterator = texts[Symbol.asyncIterator]();
  /** The real line where the last row ended, and csv-parse's count of empty lines then. */
  let lastEnd = 0;
  let lastEmpty = 0;
  /** How many lines csv-parse counted twice so far (each CRLF inside quotes: it counts CR and LF). */
  let overcount = 0;

  try {
    let sample = '';
    let ended = false;
    while (sample.length < SAMPLE_CHARS && sample.split('\n').length <= 10) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      sample += next.value;
    }
    const delimiter = options.delimiter ?? detectDelimiter(sample);
    options.onDelimiter?.(delimiter);

    const parser = parse({
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_ROW_CHARS,
      info: true,
      // Pushed in line with the records, so a broken row keeps its place.
      on_skip: (error) => {
        if (error) parser.push({ error });
        return undefined;
      },
    });
    const feeding = pipeline(async function* () {
      if (sample) yield sample;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    }, parser);
    feeding.catch(() => {});
    try {
      for await (const item of parser as AsyncIterable<{ record: string[]; info: InfoRecord } | { error: CsvError }>) {
        if ('error' in item) {
          const emptyLines = (item.error as { empty_lines?: number }).empty_lines ?? lastEmpty;
          const startLine = lastEnd + 1 + emptyLines - lastEmpty;
          const { code, fatal } = brokenOf(item.error, startLine + overcount);
          const line = fatal ? startLine : Number((item.error as { lines?: number }).lines ?? lastEnd + 1) - overcount;
          yield { kind: 'broken', line, code, fatal };
          if (fatal) return;
          lastEnd = line;
          continue;
        }
        const { record, info } = item;
        const breaks = breaksIn(record);
        overcount += breaks.counted - breaks.real;
        const end = info.lines - overcount;
        lastEnd = end;
        lastEmpty = info.empty_lines;
        if (record.every((field) => field.trim() === '')) continue;
        // Bytes of another encoding: this row alone is reported; the rest of the file is read.
        if (record.some((field) => field.includes(NOT_TEXT))) yield { kind: 'broken', line: end - breaks.real, code: 'encoding', fatal: false };
        else yield { kind: 'row', line: end - breaks.real, cells: record };
      }
      await feeding;
    } finally {
      parser.destroy();
    }
  } finally {
    await iterator.return?.(undefined);
  }
}
