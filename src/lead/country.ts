/**
 * An ISO 3166-1 alpha-2 country code as written in an attribute or an option
 * (` pt `), upper-cased, or `undefined` when it is not two letters. Whether
 * the code names a country the phone rules know is the caller's question.
 *
 * @example
 * countryCode(' pt '); // 'PT'
 * countryCode('Portugal'); // undefined
 */
export function countryCode(value: string | null | undefined): string | undefined {
  const code = (value ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : undefined;
}
