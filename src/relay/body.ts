/** A request body as read by {@link readBody}: its bytes, or that it was over the limit. */
export type BodyBytes = { kind: 'bytes'; bytes: Uint8Array<ArrayBuffer> } | { kind: 'too-big' };

/** Bytes decoded as UTF-8 text, or that they were not UTF-8. */
export type BodyText = { kind: 'text'; text: string } | { kind: 'not-utf8' };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8, refusing malformed sequences rather than replacing
 * them (a lead with a replacement character in a name is a worse outcome than
 * a 400).
 */
export function decodeUtf8(bytes: Uint8Array): BodyText {
  try {
    return { kind: 'text', text: UTF8.decode(bytes) };
  } catch {
    return { kind: 'not-utf8' };
  }
}

/**
 * Reads at most `limit` bytes of a request's body, as the raw bytes (Meta's
 * signature is computed over them, not over any re-encoding); stops reading as
 * soon as there are more. An absent body is zero bytes.
 */
export async function readBody(request: Request, limit: number): Promise<BodyBytes> {
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN);
  if (declared > limit) return { kind: 'too-big' };
  // A declared length the runtime enforces: read it in one go (on Node the
  // adapter then skips building a web stream). Only a body of unknown length
  // is read piece by piece, to stop at the limit.
  if (Number.isInteger(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return bytes.byteLength > limit ? { kind: 'too-big' } : { kind: 'bytes', bytes };
  }
  if (!request.body) return { kind: 'bytes', bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { kind: 'too-big' };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: 'bytes', bytes };
}
