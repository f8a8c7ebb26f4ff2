/**
 * The cryptography of Meta's webhooks, on Web Crypto only (`crypto.subtle`),
 * so it runs unchanged on Node 20 and in workerd: the `X-Hub-Signature-256`
 * check, the `appsecret_proof` that goes with Graph API calls, and a
 * comparison of the verify token that takes the same time wherever it differs.
 */

const encoder = new TextEncoder();

/** An HMAC-SHA256 key from the app secret; import it once and reuse it. */
export function appSecretKey(appSecret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(appSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** What {@link checkSignature} found. */
export type SignatureCheck = 'valid' | 'missing' | 'wrong';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The 32 bytes of a `sha256=<64 hex digits>` header, or `undefined` for any other shape. */
function signatureBytes(header: string): Uint8Array<ArrayBuffer> | undefined {
  const hex = SIGNATURE.exec(header.trim())?.[1];
  if (!hex) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Checks Meta's `X-Hub-Signature-256` header (`sha256=` and the hex
 * HMAC-SHA256 of the body keyed with the app secret) against the raw bytes
 * received. The bytes, not a parsed and re-serialised body: Meta escapes
 * characters (`\u00e9`, `\/`) that `JSON.stringify` would not, so re-encoding
 * changes the bytes and the HMAC. `crypto.subtle.verify` compares in constant
 * time, so the answer's timing tells a forger nothing.
 *
 * @returns `missing` without a header, `wrong` for a header of another shape or another HMAC.
 * @example
 * await checkSignature(await appSecretKey(secret), bytes, request.headers.get('X-Hub-Signature-256')); // 'valid'
 */
export async function checkSignature(key: CryptoKey, body: Uint8Array<ArrayBuffer>, header: string | null): Promise<SignatureCheck> {
  if (header === null || header.trim() === '') return 'missing';
  const signature = signatureBytes(header);
  if (!signature) return 'wrong';
  return (await crypto.subtle.verify('HMAC', key, signature, body)) ? 'valid' : 'wrong';
}

/**
 * The lowercase hex HMAC-SHA256 of `text`: for a Graph API call, the
 * `appsecret_proof` of the access token (Meta's "Require App Secret" setting
 * refuses calls without it; with it a leaked token is useless without the secret).
 */
export async function hmacHex(key: CryptoKey, text: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether two strings are equal, in a time that depends on their lengths only,
 * not on where they first differ (the verify token is a shared secret).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) difference |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return difference === 0;
}
