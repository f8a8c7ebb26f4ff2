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
  /** `/leads`, `/health`, `/meta`, or `(other)`. */
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
  /**
   * Why the relay answered as it did: `origin_not_allowed`, `invalid`,
   * `replayed`, `joined`; for `/meta`, also `delivered`, `refused`,
   * `graph_failed`, `upstream_failed`, `signature_missing`, `signature_wrong`,
   * `verify_token_wrong`, `subscribed`, `ignored`.
   */
  code?: string;
  /** A Meta lead's id (one line per lead of a `/meta` notification). */
  leadgenId?: string;
  /** How many leads a `/meta` notification named. */
  leads?: number;
  /** What the Graph API answered when it failed: Meta's error code (`190`), or the status, `timeout`, `network`. */
  graph?: number | string;
  /**
   * Keys and reason codes (`client_mobile:not_mobile`) of a Meta lead's
   * values left out or that refused it; for an ignored notification, why
   * (`invalid_json`, `object:instagram`). Never the values.
   */
  reasons?: string[];
  /** What the operator must fix, naming the variable (`ZAPPY_ACCOUNT_HASH`, `ZAPPY_ENDPOINT`). */
  problem?: string;
}

/** A record as one line of JSON. */
export const jsonLogLine = (record: RelayLogRecord): string => JSON.stringify(record);

/**
 * A logger that writes the lines of one turn of the event loop in one call:
 * on Node, writing to a file or a pipe is synchronous, one system call per
 * write, and per-request writes cost the relay about a fifth of its CPU under
 * load. Lines still leave within the turn; `flush()` writes what is pending
 * (call it before exiting).
 */
export function batchedJsonLog(write: (text: string) => void): { log: (record: RelayLogRecord) => void; flush: () => void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    log(record) {
      pending.push(jsonLogLine(record));
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
