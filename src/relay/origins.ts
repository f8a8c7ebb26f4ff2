/**
 * Which web pages may post leads through the relay: the origins of
 * `ZAPPY_ALLOWED_ORIGINS`, each exact (`https://www.salao.pt`) or a subdomain
 * pattern (`https://*.salao.pt`, any depth of subdomain, not the bare domain),
 * or `*` for every origin.
 */
export interface OriginPolicy {
  /** Whether a page of `origin` (the request's `Origin` header) may post. */
  allows(origin: string): boolean;
  /** Whether every origin is allowed (no list was configured, or `*`). */
  readonly open: boolean;
}

/** Thrown by {@link parseAllowedOrigins} for an entry that is not an origin. */
export class OriginListError extends Error {}

interface Pattern {
  protocol: string;
  port: string;
  /** The exact host, or for `*.` patterns the suffix after the `*` (`.salao.pt`). */
  host: string;
  wildcard: boolean;
}

const WILDCARD = /^([a-z][a-z0-9+.-]*:\/\/)\*\./i;

function parsePattern(entry: string): Pattern {
  const wildcard = WILDCARD.test(entry);
  // A placeholder label lets URL parse (and normalise) the rest of a pattern.
  const text = wildcard ? entry.replace(WILDCARD, '$1wildcard.') : entry;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OriginListError(`"${entry}" is not an origin (write it as https://www.example.pt)`);
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!/^https?:$/.test(url.protocol) || !bare) {
    throw new OriginListError(`"${entry}" is not an origin: give the scheme and host only, as https://www.example.pt`);
  }
  const host = wildcard ? url.hostname.slice('wildcard'.length) : url.hostname;
  // `https://*.*.salao.pt` or `https://*salao.pt` would match nothing: a `*` only as the whole first label.
  if (host.includes('*')) throw new OriginListError(`"${entry}" has a * other than as the first label: write subdomains as https://*.example.pt`);
  return { protocol: url.protocol, port: url.port, host, wildcard };
}

function parseOrigin(origin: string): URL | undefined {
  try {
    return new URL(origin);
  } catch {
    return undefined;
  }
}

/**
 * Reads a list of allowed origins (comma- or whitespace-separated). An empty
 * list, or `*`, allows every origin.
 *
 * @throws OriginListError for an entry that is not an origin or a `https://*.domain` pattern.
 * @example
 * parseAllowedOrigins('https://www.salao.pt, https://*.salao.pt').allows('https://loja.salao.pt'); // true
 */
export function parseAllowedOrigins(list: string | readonly string[] | undefined): OriginPolicy {
  const entries = (typeof list === 'string' ? list.split(/[\s,]+/) : [...(list ?? [])])
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries.includes('*')) return { open: true, allows: () => true };
  const patterns = entries.map(parsePattern);
  return {
    open: false,
    allows(origin) {
      const url = parseOrigin(origin);
      if (!url) return false;
      return patterns.some(
        (pattern) =>
          pattern.protocol === url.protocol &&
          pattern.port === url.port &&
          (pattern.wildcard ? url.hostname.endsWith(pattern.host) : url.hostname === pattern.host),
      );
    },
  };
}
