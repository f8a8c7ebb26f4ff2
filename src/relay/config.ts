import { RelayConfigError } from './config-error.js';
import type { MetaOptions } from './meta.js';
import { FieldMapError, parseFieldMap } from './meta-fields.js';
import { OriginListError, parseAllowedOrigins } from './origins.js';
import { RateLimitFormatError, parseRateLimit } from './rate-limit.js';
import type { RelayOptions } from './relay.js';

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
 * | `META_APP_SECRET`, `META_VERIFY_TOKEN`, `META_PAGE_TOKEN` | all three: Meta's Lead Ads webhook at `/meta`; none: no such route |
 * | `META_GRAPH_URL` | Graph API base with its version; default `https://graph.facebook.com/v25.0` |
 * | `META_FIELD_MAP` | JSON, Meta field name or custom question id → createLead key, over Meta's standard questions |
 * | `META_DEFAULT_COUNTRY` | country of mobiles written without a code, `PT` by default |
 * | `META_FORM_ID` | `form_id` of every Meta lead; default the Meta form's id |
 * | `META_SOURCE_FACEBOOK`, `META_SOURCE_INSTAGRAM` | `client_source` by the lead's platform, as configured in Zappy |
 */
export type RelayEnv = Readonly<Record<string, unknown>>;

/** The names of the Meta route's configuration ({@link metaOptionsFromEnv}). */
export const META_ENV_NAMES = [
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'META_PAGE_TOKEN',
  'META_GRAPH_URL',
  'META_FIELD_MAP',
  'META_DEFAULT_COUNTRY',
  'META_FORM_ID',
  'META_SOURCE_FACEBOOK',
  'META_SOURCE_INSTAGRAM',
] as const;

/** The names {@link relayOptionsFromEnv} reads. */
export const RELAY_ENV_NAMES = [
  'ZAPPY_ACCOUNT_HASH',
  'ZAPPY_ALLOWED_ORIGINS',
  'ZAPPY_ENDPOINT',
  'ZAPPY_RATE_LIMIT',
  'ZAPPY_TRUST_PROXY',
  'ZAPPY_UPSTREAM_TIMEOUT_MS',
  ...META_ENV_NAMES,
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

const META_SECRETS = ['META_APP_SECRET', 'META_VERIFY_TOKEN', 'META_PAGE_TOKEN'] as const;

/**
 * The Meta route's options from the environment: `undefined` when none of its
 * three secrets is set. Some but not all of them is a mistake, refused with the
 * names of those missing (a route that silently answers 404 would lose every
 * lead until someone noticed).
 *
 * @throws RelayConfigError
 */
export function metaOptionsFromEnv(env: RelayEnv): MetaOptions | undefined {
  const [appSecret, verifyToken, pageToken] = META_SECRETS.map((name) => text(env, name));
  if (!appSecret && !verifyToken && !pageToken) return undefined;
  if (!appSecret || !verifyToken || !pageToken) {
    const missing = META_SECRETS.filter((name) => !text(env, name));
    throw new RelayConfigError(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the /meta route needs META_APP_SECRET, META_VERIFY_TOKEN and META_PAGE_TOKEN.`);
  }
  const options: MetaOptions = { appSecret, verifyToken, pageToken };
  const graphUrl = text(env, 'META_GRAPH_URL');
  if (graphUrl) options.graphUrl = graphUrl;
  const fieldMap = text(env, 'META_FIELD_MAP');
  if (fieldMap) {
    try {
      options.fieldMap = parseFieldMap(fieldMap);
    } catch (error) {
      if (error instanceof FieldMapError) throw new RelayConfigError(`META_FIELD_MAP ${error.message}.`);
      throw error;
    }
  }
  const country = text(env, 'META_DEFAULT_COUNTRY');
  if (country) options.defaultCountry = country.toUpperCase();
  const formId = text(env, 'META_FORM_ID');
  if (formId) options.formId = formId;
  const facebook = text(env, 'META_SOURCE_FACEBOOK');
  const instagram = text(env, 'META_SOURCE_INSTAGRAM');
  if (facebook || instagram) options.sources = { ...(facebook ? { facebook } : {}), ...(instagram ? { instagram } : {}) };
  return options;
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
  const meta = metaOptionsFromEnv(env);
  if (meta) options.meta = meta;
  return options;
}
