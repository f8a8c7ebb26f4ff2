/**
 * Text from the bytes of a CSV export, decoded as it streams, in the encoding
 * its maker used: UTF-8 (with or without a byte-order mark), UTF-16 with a
 * mark (Excel's "Unicode text"), or Windows-1252 (Excel's "CSV" in Portugal).
 * Node's own TextDecoder knows them all; no decoding library is needed.
 */
import { isUtf8 } from 'node:buffer';

/** Options of {@link decodeText}. */
export interface DecodeOptions {
  /**
   * Any label TextDecoder knows (`utf-8`, `windows-1252`, `latin1`,
   * `iso-8859-15`, `utf-16le`); detected when absent.
   */
  encoding?: string;
  /** Told the encoding once it is known (TextDecoder's name for it: `utf-8`, `windows-1252`, …). */
  onEncoding?: (encoding: string) => void;
}

/**
 * Whether `label` names an encoding TextDecoder can decode.
 *
 * @example
 * isKnownEncoding('cp1252'); // true
 * isKnownEncoding('klingon'); // false
 */
export function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const BOMS: readonly [readonly number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The encoding a byte-order mark at the start of `bytes` announces. */
function bomEncoding(bytes: Uint8Array): string | undefined {
  return BOMS.find(([mark]) => mark.every((byte, index) => bytes[index] === byte))?.[1];
}

/** Bytes at the end of `bytes` that may be the start of a UTF-8 sequence cut by the chunk's end. */
function cutSequenceLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if (byte < 0x80) return 0;
    // A lead byte: cut when the sequence it starts needs more bytes than are left.
    if (byte >= 0xc0) return (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > back ? back : 0;
  }
  return 0;
}

/**
 * Decides between UTF-8 and Windows-1252 from the first bytes that are not
 * ASCII (`from` on, to the end of their line): text that is valid UTF-8 there
 * is UTF-8, anything else is Windows-1252 (whose accented letters are never
 * valid UTF-8 in real text). One odd line further on does not turn a UTF-8
 * file into Windows-1252 (it is reported instead: see {@link decodeText}).
 * `undefined` while those bytes may still be cut by the chunk's end.
 */
function guessEncoding(bytes: Uint8Array, from: number, final: boolean): string | undefined {
  const lineEnd = bytes.indexOf(0x0a, from);
  if (lineEnd !== -1) return isUtf8(bytes.subarray(from, lineEnd)) ? 'utf-8' : 'windows-1252';
  const rest = bytes.subarray(from);
  const cut = final ? 0 : cutSequenceLength(rest);
  if (cut === rest.length) return final ? 'windows-1252' : undefined;
  return isUtf8(rest.subarray(0, rest.length - cut)) ? 'utf-8' : 'windows-1252';
}

/** What {@link decodeText} writes for bytes that are not text in the file's encoding (U+FFFD). */
export const NOT_TEXT = '\uFFFD';

const firstNonAscii = (bytes: Uint8Array): number => bytes.findIndex((byte) => byte >= 0x80);

/**
 * Decodes a stream of bytes to text chunks. Without `encoding`: a byte-order
 * mark decides; else the text is ASCII (UTF-8 and Windows-1252 alike) until
 * its first other byte, where {@link guessEncoding} decides. ASCII up to that
 * point reads the same either way, so nothing is read twice. A byte-order mark
 * is dropped. Bytes that are not text in the encoding (a line of another
 * encoding pasted into a UTF-8 file) become U+FFFD, {@link NOT_TEXT}, which
 * the reader reports row by row rather than sending mangled names or giving up
 * on the rest of the file.
 *
 * @example
 * for await (const text of decodeText(createReadStream('clientes.csv'))) parse(text);
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>, options: DecodeOptions = {}): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0;
  const choose = (encoding: string) => {
    decoder = new TextDecoder(encoding);
    options.onEncoding?.(decoder.encoding);
  };
  const decode = (bytes: Uint8Array, stream: boolean) => decoder!.decode(bytes, { stream });
  if (options.encoding) choose(options.encoding);

  for await (const chunk of chunks) {
    if (decoder) {
      const text = decode(chunk, true);
      offset += chunk.length;
      if (text) yield text;
      continue;
    }
    const bytes = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    // A byte-order mark needs its bytes together.
    if (offset === 0 && bytes.length < 3) {
      pending = bytes;
      continue;
    }
    const bom = offset === 0 ? bomEncoding(bytes) : undefined;
    const from = bom ? -1 : firstNonAscii(bytes);
    const encoding = bom ?? (from === -1 ? undefined : guessEncoding(bytes, from, false));
    if (encoding) {
      choose(encoding);
      pending = new Uint8Array(0);
      const text = decode(bytes, true);
      offset += bytes.length;
      if (text) yield text;
    } else if (from === -1) {
      // ASCII so far: the same text in either encoding.
      offset += bytes.length;
      pending = new Uint8Array(0);
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    } else {
      pending = bytes;
    }
  }
  if (!decoder) {
    const bom = bomEncoding(pending);
    const from = firstNonAscii(pending);
    choose(bom ?? (from === -1 ? 'utf-8' : guessEncoding(pending, from, true)!));
    const text = decode(pending, false);
    if (text) yield text;
    return;
  }
  const rest = decode(new Uint8Array(0), false);
  if (rest) yield rest;
}
