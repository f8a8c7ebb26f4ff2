import { type Check, fail, pass } from './check.js';
import { MAX_LENGTH } from './limits.js';

/**
 * Why {@link checkEmail} refused a value (codes, not UI text).
 *
 * - `empty`: blank after trimming (the caller decides whether that is an error).
 * - `too-long`: more than 254 UTF-16 code units in all (RFC 5321 path limit), or
 *   more than 64 before the `@` (RFC 5321 local-part limit).
 * - `format`: not shaped like `name@domain.tld`.
 */
export type EmailReason = 'empty' | 'too-long' | 'format';

/** RFC 5321 limit on the part before the `@`. */
const MAX_LOCAL_LENGTH = 64;
/** RFC 1035 limit on one label of a domain name. */
const MAX_LABEL_LENGTH = 63;

// One dot-separated piece of the local part: RFC 5322 `atext`, plus Unicode
// letters, marks and digits, which RFC 6531 (internationalised email) allows
// and some providers hand out. Quoted local parts ("a b"@x.pt) are legal but
// nobody types them into a lead form; refusing them keeps the rule readable.
const LOCAL_ATOM = /^[\p{L}\p{M}\p{N}!#$%&'*+\/=?^_`{|}~-]+$/u;
// One label of the domain, in either IDN form: Unicode (`café.pt`) or ASCII
// (`xn--caf-dma.pt`). Hyphens only inside, never at either end (RFC 5891 §4.2.3.1).
const DOMAIN_LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]*[\p{L}\p{M}\p{N}])?$/u;
const ALL_DIGITS = /^\p{N}+$/u;

/**
 * Normalises and checks an email address (`client_email`).
 *
 * Trims, and lower-cases the domain only: domains are case-insensitive, but the
 * local part belongs to the mail server, which may (rarely) tell `Ana` from
 * `ana`. Accepts what real providers hand out: dots, `+` tags, hyphens, digits,
 * subdomains, Unicode or punycode domains and long TLDs (`.photography`).
 * Refuses: no `@` or more than one, an empty side, whitespace anywhere, empty
 * dot-separated pieces (`..`, leading or trailing dot), a domain without a dot,
 * labels that start or end with `-`, and a TLD that is one character or all
 * digits. Deliverability is not checked. Never throws.
 *
 * @example
 * checkEmail(' Ana.Rita+leads@Exemplo.PT '); // { ok: true, value: 'Ana.Rita+leads@exemplo.pt' }
 * checkEmail('ana@exemplo');                  // { ok: false, reason: 'format' }
 * checkEmail('');                             // { ok: false, reason: 'empty' }
 */
export function checkEmail(raw: string): Check<string, EmailReason> {
  const trimmed = raw.trim();
  if (trimmed === '') return fail('empty');
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, Math.max(at, 0));
  // Lower-case before measuring: a few characters grow (`İ` becomes two code
  // units), and measuring the value we return keeps checking it a second time
  // giving the same answer.
  const domain = trimmed.slice(at + 1).toLowerCase();
  const value = at === -1 ? trimmed : `${local}@${domain}`;
  if (value.length > MAX_LENGTH.client_email) return fail('too-long');
  if (at === -1 || !isLocalPart(local) || !isDomain(domain)) return fail('format');
  if (local.length > MAX_LOCAL_LENGTH) return fail('too-long');
  return pass(value);
}

/** Dot-separated atoms, none empty. An `@` left in `local` fails `LOCAL_ATOM`. */
function isLocalPart(local: string): boolean {
  return local.split('.').every((atom) => LOCAL_ATOM.test(atom));
}

/** At least two labels, each valid; the last (TLD) two characters or more and not all digits. */
function isDomain(domain: string): boolean {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  return (
    labels.length >= 2 &&
    labels.every((label) => label.length <= MAX_LABEL_LENGTH && DOMAIN_LABEL.test(label)) &&
    [...tld].length >= 2 &&
    !ALL_DIGITS.test(tld)
  );
}
