/**
 * Which character separates the fields of a CSV export: `;` (Excel where the
 * decimal mark is a comma, as in Portugal), `,`, a tab, or `|`.
 */

/** The separators {@link detectDelimiter} chooses from, most likely first. */
export const DELIMITERS = [';', ',', '\t', '|'] as const;

/** One of {@link DELIMITERS}. */
export type Delimiter = (typeof DELIMITERS)[number];

/** How many lines of the sample {@link detectDelimiter} looks at. */
const SAMPLE_LINES = 10;

/** Per line of `sample` (at most {@link SAMPLE_LINES}), how many of each candidate stand outside quotes. */
function countPerLine(sample: string): Map<Delimiter, number>[] {
  const lines: Map<Delimiter, number>[] = [];
  let counts = new Map<Delimiter, number>();
  let quoted = false;
  let blank = true;
  for (let index = 0; index < sample.length && lines.length < SAMPLE_LINES; index++) {
    const char = sample[index]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (!blank) lines.push(counts);
      counts = new Map();
      blank = true;
      continue;
    } else if (!quoted && (DELIMITERS as readonly string[]).includes(char)) {
      counts.set(char as Delimiter, (counts.get(char as Delimiter) ?? 0) + 1);
    }
    if (char.trim() !== '') blank = false;
  }
  if (!blank && lines.length < SAMPLE_LINES) lines.push(counts);
  return lines;
}

/** How many lines from the top may be a title above the header ("Salão Ana, Lda - clientes"). */
const TITLE_LINES = 3;

/**
 * Guesses the separator from the first lines of a file: the candidate found,
 * outside quotes, as many times as on the header (the first line that has it)
 * on the most lines; then the one found more times on the header; then the
 * earlier in {@link DELIMITERS}. A comma inside an unquoted address of a `;`
 * file varies from row to row; the real separator does not. The header may sit
 * below a title line of up to {@link TITLE_LINES} (which may hold a comma of
 * its own): each of those lines is tried as the header. `,` when no candidate
 * appears (a file of one column).
 *
 * @param sample The start of the file: a few lines are enough; a line cut by
 *   the sample's end counts as a line.
 * @example
 * detectDelimiter('Nome;Morada\nAna;Rua A, 5\n'); // ';'
 * detectDelimiter('name,email\n"Silva; Ana",ana@example.pt\n'); // ','
 * detectDelimiter('Salão Ana, Lda\nNome;Email\nAna;ana@example.pt\n'); // ';'
 */
export function detectDelimiter(sample: string): Delimiter {
  const all = countPerLine(sample);
  let best: { delimiter: Delimiter; steady: number; first: number } | undefined;
  for (let start = 0; start < Math.min(TITLE_LINES, all.length); start++) {
    // A title line with no candidate at all ("Clientes 2026") separates nothing: the next line is tried.
    if (all[start]!.size === 0) continue;
    const lines = all.slice(start);
    for (const delimiter of DELIMITERS) {
      const counts = lines.map((line) => line.get(delimiter) ?? 0);
      const first = counts[0] ?? 0;
      if (first === 0) continue;
      // Lines with the header's count: a row of a real table has as many separators as its header.
      const steady = counts.filter((count) => count === first).length;
      if (!best || steady > best.steady || (steady === best.steady && first > best.first)) best = { delimiter, steady, first };
    }
  }
  return best?.delimiter ?? ',';
}
