import { expect } from '@open-wc/testing';

/**
 * One case of a table: the checker's arguments, then what it must answer (the
 * normalised value of an accepted input, or the reason code of a refused one).
 * A checker's optional argument is a column too, `undefined` for its default.
 *
 * @example
 * const accepted: [raw: string, value: string][] = [['  Ana  ', 'Ana']];
 * const refused: [raw: string, country: string | undefined, reason: PostalCodeReason][] = [['', undefined, 'empty']];
 */
export type Row<Args extends unknown[], Expected> = readonly [...args: Args, expected: Expected];

/**
 * How a case shows in a test title: its JSON, a string cut to its first
 * `width` UTF-16 code units first, so that a million-character case still gets
 * a short title that tells it apart.
 *
 * @example
 * quoted('a'.repeat(1_000_000), 3) // '"aaa"'
 * quoted(['7', '3', '1985']) // '["7","3","1985"]'
 */
export function quoted(input: unknown, width = 30): string {
  return String(JSON.stringify(typeof input === 'string' ? input.slice(0, width) : input));
}

/**
 * Registers one `it` per row, asserting that `check(...args)` deep-equals
 * `{ ok: true, value }`. Call it inside the `describe` that names the table.
 * The rows are type-checked against the checker: its arguments, its value type.
 *
 * @param title A row's test title. By default the {@link quoted} arguments,
 *   then `as` and the value (a string as it is, anything else as JSON), e.g.
 *   `"PT 501 964 843" as 501964843`.
 *
 * @example
 * describe('accepts and tidies', () => {
 *   itAccepts(checkName, accepted, (raw, value) => `${quoted(raw, 40)} gives ${quoted(value, 40)}`);
 * });
 */
export function itAccepts<Args extends unknown[], Value>(
  check: (...args: Args) => { readonly ok: true; readonly value: Value } | { readonly ok: false },
  rows: readonly NoInfer<Row<Args, Value>>[],
  title: (...row: [...Args, Value]) => string = (...row) => defaultTitle(row),
): void {
  itAnswers(check, rows, title, (value) => ({ ok: true, value }));
}

/**
 * Registers one `it` per row, asserting that `check(...args)` deep-equals
 * `{ ok: false, reason }`. Call it inside the `describe` that names the table.
 * The rows are type-checked against the checker: its arguments, its reasons.
 *
 * @param title A row's test title. By default the {@link quoted} arguments,
 *   then `as` and the reason, e.g. `"PT" as format`.
 *
 * @example
 * describe('refuses', () => {
 *   itRefuses(checkNif, [['', 'empty'], ['9'.repeat(1_000_000), 'format']]);
 * });
 */
export function itRefuses<Args extends unknown[], Reason extends string>(
  check: (...args: Args) => { readonly ok: true } | { readonly ok: false; readonly reason: Reason },
  rows: readonly NoInfer<Row<Args, Reason>>[],
  title: (...row: [...Args, Reason]) => string = (...row) => defaultTitle(row),
): void {
  itAnswers(check, rows, title, (reason) => ({ ok: false, reason }));
}

/** One `it` per row: `check(...args)` deep-equals `answer(expected)`. */
function itAnswers<Args extends unknown[], Expected>(
  check: (...args: Args) => unknown,
  rows: readonly Row<Args, Expected>[],
  title: (...row: [...Args, Expected]) => string,
  answer: (expected: Expected) => object,
): void {
  for (const row of rows) {
    const args = row.slice(0, -1) as unknown[] as Args;
    const expected = row[row.length - 1] as Expected;
    it(title(...args, expected), () => {
      expect(check(...args)).to.deep.equal(answer(expected));
    });
  }
}

/** `<quoted arguments, comma-separated> as <expected>`. */
function defaultTitle(row: readonly unknown[]): string {
  const expected = row[row.length - 1];
  const shown = typeof expected === 'string' ? expected : JSON.stringify(expected);
  return `${row.slice(0, -1).map((arg) => quoted(arg)).join(', ')} as ${shown}`;
}
