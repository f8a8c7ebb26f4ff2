import { clip } from '../lead/text.js';

/** What the business must be able to show of a visitor's consent (GDPR, art. 7(1)). */
export interface ConsentProof {
  /** The consent text exactly as the visitor saw it next to the box. */
  text: string;
  /** The privacy policy linked from it, if any. */
  privacyUrl: string | undefined;
  /** When the visitor submitted with the box ticked. */
  at: Date;
  /** The page the form was on (origin and path). */
  page: string;
}

/**
 * The consent record written into a hidden custom field
 * (`consent-record="custom_2"`): text, policy, time (ISO 8601, UTC) and page,
 * separated by ` | `. When it would not fit in `max`, the text is shortened
 * (and left out when there is no room at all), never the time or the addresses.
 *
 * @example
 * consentRecord({ text: 'Aceito…', privacyUrl: 'https://salao.pt/privacidade', at, page: 'https://salao.pt/promo' }, 500);
 * // 'Aceito… | https://salao.pt/privacidade | 2026-12-03T09:30:00.000Z | https://salao.pt/promo'
 */
export function consentRecord(proof: ConsentProof, max: number): string {
  const tail = [proof.privacyUrl, proof.at.toISOString(), proof.page].filter(Boolean).join(' | ');
  const room = max - tail.length - ' | '.length;
  const text = clip(proof.text, Math.max(0, room)).trim();
  return text ? `${text} | ${tail}` : clip(tail, max);
}
