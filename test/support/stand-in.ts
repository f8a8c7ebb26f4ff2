/**
 * Scripting the createLead stand-in from the browser tests (see
 * demo/stand-in/stand-in.ts): faults, and what it received. Every test uses an
 * account of its own, so the three engines never see each other's requests.
 */
import type { LeadRecord, RequestLogEntry } from '../../demo/stand-in/stand-in.js';

/** The stand-in's createLead path, as the widget's `endpoint`. */
export const STAND_IN_ENDPOINT = '/4/clientes/createLead';

/** A fresh account hash for one test. */
export const newAccount = (label: string) => `${label}-${crypto.randomUUID()}`;

type FaultMode = '500' | '503' | '429' | '400' | 'hang' | 'reset' | 'slow';

async function setFault(body: { accountHash: string; mode: FaultMode | 'none'; count?: number }) {
  const res = await fetch('/__zappy/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fault toggle refused: ${res.status}`);
}

/** Makes the next `count` createLead requests of `accountHash` fail with `mode`. */
export const failNext = (accountHash: string, mode: FaultMode, count = 1) => setFault({ accountHash, mode, count });

/** Makes every createLead request of `accountHash` fail with `mode` until {@link clearFault}. */
export const failUntilCleared = (accountHash: string, mode: FaultMode) => setFault({ accountHash, mode });

/** Lets the requests of `accountHash` through again. */
export const clearFault = (accountHash: string) => setFault({ accountHash, mode: 'none' });

/** The client records the stand-in created for `accountHash`. */
export async function recordsOf(accountHash: string): Promise<LeadRecord[]> {
  const res = await fetch(`/__zappy/leads?accountHash=${encodeURIComponent(accountHash)}`);
  return ((await res.json()) as { leads: LeadRecord[] }).leads;
}

/** Every createLead request the stand-in received for `accountHash`, faulted ones included. */
export async function requestsOf(accountHash: string): Promise<RequestLogEntry[]> {
  const res = await fetch(`/__zappy/requests?accountHash=${encodeURIComponent(accountHash)}`);
  return ((await res.json()) as { requests: RequestLogEntry[] }).requests;
}
