/**
 * Small pure helpers for what the form shows: example numbers and safe links.
 */

// A national-format mobile example per common country, in the way people
// there write it; elsewhere an international example tells visitors to add
// their country code.
const MOBILE_EXAMPLES: Record<string, string> = {
  PT: '912 345 678',
  ES: '612 345 678',
  FR: '06 12 34 56 78',
  GB: '07400 123456',
  BR: '(11) 91234-5678',
  US: '(201) 555-0123',
  DE: '01512 3456789',
  IT: '312 345 6789',
};

/**
 * An example mobile number for hints and error messages.
 *
 * @example
 * exampleMobile('PT'); // '912 345 678'
 * exampleMobile('JP'); // '+351 912 345 678'
 */
export function exampleMobile(country: string): string {
  return MOBILE_EXAMPLES[country.toUpperCase()] ?? '+351 912 345 678';
}

/**
 * The absolute form of an http(s) URL (relative ones resolved against the
 * page), or `undefined`. Links and redirects take only this, so an attribute
 * like `javascript:...` can never run script.
 *
 * @example
 * safeLinkUrl('/privacidade');        // 'https://site.pt/privacidade'
 * safeLinkUrl('javascript:alert(1)'); // undefined
 */
export function safeLinkUrl(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, globalThis.location?.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
