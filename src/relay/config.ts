import { OriginListError, parseAllowedOrigins } from './origins.js';
import { RateLimitFormatError, parseRateLimit } from './rate-limit.js';
import { RelayConfigError, type RelayOptions } from './relay.js';

/**
 * The relay's configuration as the runtime hands it over: environment
 * variables in Node, `env` in a Worker. The same names everywhere:
 *
 * | name | meaning |
 * |---|---|
 * | `ZAPPY_ACCOUNT_HASH` | required: the business's private createLead hash |
 * | `ZAPPY_ALLOWED_ORIGINS` | comma-separated origins whose pages may post; `https://*.salao.pt` for subdomains; unset: any |
 * | `ZAPPY_ENDPOINT` | upstream createLead URL; default Zappy's |
 * | `ZAPPY_RATE_LIMIT` | per client address, `10/60s` by default; `off` for none |
 * | `ZAPPY_TRUST_PROXY` | `true` (or a number of proxies): the client address comes from `X-Forwarded-For`; `cloudflare`: from `CF-Connecting-IP` |
 * | `ZAPPY_UPSTREAM_TIMEOUT_MS` | how long Zappy may take, 8000 by default |
 */
export type RelayEnv = Readonly<Record<string, unknown>>;

/** The names {@link relayOptionsFromEnv} reads. */
export const RELAY_ENV_NAMES = [
  'ZAPPY_ACCOUNT_HASH',
  'ZAPPY_ALLOWED_ORIGINS',
  'ZAPPY_ENDPOINT',
  'ZAPPY_RATE_LIMIT',
  'ZAPPY_TRUST_PROXY',
  'ZAPPY_UPSTREAM_TIMEOUT_MS',
] as const;

const text = (env: RelayEnv, name: string): string | undefined => {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

function trustProxyFrom(value: string | undefined): boolean | number | 'cloudflare' {
  if (value === undefined || /^(?:0|false|no|off)$/i.test(value)) return false;
  if (/^(?:true|yes|on)$/i.test(value)) return true;
  if (/^cloudflare$/i.test(value)) return 'cloudflare';
  if (/^[1-9]\d?$/.test(value)) return Number(value);
  throw new RelayConfigError(`ZAPPY_TRUST_PROXY="${value}" is not true, false, a number of proxies or cloudflare.`);
}

/**
 * Reads the relay's options from its environment (see {@link RelayEnv}).
 * Everything but the hash has a default; every mistake is one line naming the
 * variable to fix. The hash itself never appears in a message.
 *
 * @throws RelayConfigError
 * @example
 * createRelay(relayOptionsFromEnv(process.env));
 */
export function relayOptionsFromEnv(env: RelayEnv): RelayOptions {
  const accountHash = text(env, 'ZAPPY_ACCOUNT_HASH');
  if (!accountHash) {
    throw new RelayConfigError('ZAPPY_ACCOUNT_HASH is not set: the relay needs the account hash Zappy support activated.');
  }
  const options: RelayOptions = { accountHash, trustProxy: trustProxyFrom(text(env, 'ZAPPY_TRUST_PROXY')) };

  const origins = text(env, 'ZAPPY_ALLOWED_ORIGINS');
  if (origins) {
    try {
      parseAllowedOrigins(origins);
    } catch (error) {
      if (error instanceof OriginListError) throw new RelayConfigError(`ZAPPY_ALLOWED_ORIGINS: ${error.message}.`);
      throw error;
    }
    options.allowedOrigins = origins;
  }

  const endpoint = text(env, 'ZAPPY_ENDPOINT');
  if (endpoint) options.endpoint = endpoint;

  const rate = text(env, 'ZAPPY_RATE_LIMIT');
  if (rate && /^(?:off|false|0)$/i.test(rate)) options.rateLimit = false;
  else if (rate) {
    try {
      options.rateLimit = parseRateLimit(rate);
    } catch (error) {
      if (error instanceof RateLimitFormatError) throw new RelayConfigError(`ZAPPY_RATE_LIMIT: ${error.message}.`);
      throw error;
    }
  }

  const timeout = text(env, 'ZAPPY_UPSTREAM_TIMEOUT_MS');
  if (timeout) {
    if (!/^\d{3,6}$/.test(timeout)) {
      throw new RelayConfigError(`ZAPPY_UPSTREAM_TIMEOUT_MS="${timeout}" is not a number of milliseconds between 100 and 999999.`);
    }
    options.upstreamTimeoutMs = Number(timeout);
  }
  return options;
}
