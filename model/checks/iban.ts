/** IBAN (ISO 13616): country code, length of that country's IBAN (the IBAN registry), check digits mod 97. */
import { checkError } from './messages';
import type { CheckError } from './types';

/** Length of the IBAN of each country of the ISO 13616 IBAN registry (territories that use another country's prefix are under it). */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23,
  GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28,
  LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24,
  SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** The electronic form of an IBAN: spaces removed, upper case (the paper form groups by four). */
export function normalizeIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 MOD 97-10 of an IBAN (country and check digits moved to the end, letters as 10–35): 1 for a valid one. */
export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let r = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    r = n >= 10 ? (r * 100 + n) % 97 : (r * 10 + n) % 97;
  }
  return r;
}

/** null when `value` is a valid IBAN (spaces and lower case allowed), else why not. */
export function checkIban(value: string): CheckError | null {
  const iban = normalizeIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) return checkError('iban.format', value);
  const country = iban.slice(0, 2);
  const expected = IBAN_LENGTHS[country];
  if (expected === undefined) return checkError('iban.country', value, { country });
  if (iban.length !== expected) return checkError('iban.length', value, { country, expected: String(expected), actual: String(iban.length) });
  if (ibanMod97(iban) !== 1) return checkError('iban.checksum', value, { country });
  return null;
}

/** Whether a payment account identifier is written as an IBAN would be (two letters, two digits): then it is checked as one. */
export function looksLikeIban(value: string): boolean {
  return /^[A-Z]{2}\d{2}/.test(normalizeIban(value));
}
