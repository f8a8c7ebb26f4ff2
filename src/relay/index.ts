/**
 * zappy-lead-form/relay: the server-side companion of the widget. A standard
 * Fetch API handler that takes the widget's leads on the business's own
 * domain and forwards them to Zappy's createLead with the account hash, which
 * then never appears in a page. Runs wherever `Request` and `Response` do:
 * Node (`zappy-lead-form/relay/node`, or `npx zappy-lead-form relay`),
 * Cloudflare Workers (`dist/zappy-lead-relay.worker.js`), Deno, Vercel, Netlify.
 */
export {
  createRelay,
  RelayConfigError,
  MAX_BODY_BYTES,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  type RelayOptions,
  type RelayHandler,
  type RelayRequestContext,
} from './relay.js';
export { relayOptionsFromEnv, metaOptionsFromEnv, RELAY_ENV_NAMES, META_ENV_NAMES, type RelayEnv } from './config.js';
export { createMetaRoute, MAX_META_BODY_BYTES, type MetaOptions } from './meta.js';
export { DEFAULT_FIELD_MAP, parseFieldMap, leadFromMeta, type FieldMap, type FieldTarget } from './meta-fields.js';
export { DEFAULT_GRAPH_URL } from './meta-graph.js';
export { answerForUpstream, type RelayAnswer } from './answers.js';
export { memoryIdempotencyStore, IDEMPOTENCY_TTL_MS, type IdempotencyStore } from './idempotency.js';
export { memoryRateLimiter, parseRateLimit, DEFAULT_RATE_LIMIT, type RateLimit, type RateLimiter, type RateVerdict } from './rate-limit.js';
export { parseAllowedOrigins, type OriginPolicy } from './origins.js';
export type { RelayLogRecord } from './log.js';
export { checkLead, type CheckLeadOptions, type CheckedLead } from '../lead/check-lead.js';
