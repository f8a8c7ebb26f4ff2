/**
 * The outcome of a normaliser-validator: the normalised value, or a reason code.
 *
 * Reason codes are data, not UI text (like zod's issue codes): the element maps
 * them to messages in the visitor's language. Every checker returns `empty` for
 * blank input so the caller decides whether the field is required.
 */
export type Check<Value, Reason extends string> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly reason: Reason };

/** Builds a successful {@link Check}. */
export const pass = <Value>(value: Value) => ({ ok: true, value }) as const;

/** Builds a failed {@link Check}. */
export const fail = <Reason extends string>(reason: Reason) => ({ ok: false, reason }) as const;
