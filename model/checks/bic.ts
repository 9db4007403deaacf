/** BIC (ISO 9362): 4 characters party prefix, 2 letters ISO 3166 country, 2 characters location, optional 3 characters branch. */
import { ISO_COUNTRIES } from './countries';
import { checkError } from './messages';
import type { CheckError } from './types';

/** null when `value` is a valid BIC (8 or 11 characters, upper case; surrounding spaces ignored), else why not. */
export function checkBic(value: string): CheckError | null {
  const bic = value.trim();
  // ISO 9362:2014 allows digits in the party prefix; the country is two letters.
  if (!/^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return checkError('bic.format', value);
  const country = bic.slice(4, 6);
  // XK (Kosovo) is used by SWIFT although ISO 3166 has not assigned it.
  if (!ISO_COUNTRIES.has(country) && country !== 'XK') return checkError('bic.country', value, { country });
  return null;
}
