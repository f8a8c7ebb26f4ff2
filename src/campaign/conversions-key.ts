/**
 * Where conversions wait for their lead to be delivered (`localStorage`), so
 * a lead the outbox delivers on a later visit still counts, once. Its own
 * module: the element reads it too (to claim those leads), without the
 * campaign part that writes it.
 */
export const CONVERSIONS_KEY = 'zappy-lead-conversions';
