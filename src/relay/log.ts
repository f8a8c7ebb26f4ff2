/**
 * One line of the relay's log: one per request, with ids, statuses and times
 * only. Never the account hash, never a lead's fields, never the client's
 * address (personal data in the EU).
 */
export interface RelayLogRecord {
  /** When the request arrived, ISO 8601. */
  time: string;
  /** `error` when the operator must fix something (see `problem`). */
  level: 'info' | 'error';
  method: string;
  /** `/leads`, `/health`, or `(other)`. */
  route: string;
  /** The status answered. */
  status: number;
  /** Milliseconds spent answering. */
  ms: number;
  /** The widget's lead id (its `Idempotency-Key`), when it sent one. */
  leadId?: string;
  /** What Zappy answered when the lead was forwarded: its status, or `timeout`, `network`. */
  upstream?: number | string;
  /** The page's origin, for `/leads`. */
  origin?: string;
  /** Why the relay answered as it did without forwarding: `origin_not_allowed`, `invalid`, `replayed`, `joined`. */
  code?: string;
  /** What the operator must fix, naming the variable (`ZAPPY_ACCOUNT_HASH`, `ZAPPY_ENDPOINT`). */
  problem?: string;
}

/** A record as one line of JSON. */
export const jsonLogLine = (record: RelayLogRecord): string => JSON.stringify(record);
