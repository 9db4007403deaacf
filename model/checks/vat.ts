/**
 * VAT identifiers of the EU member states (and XI, Northern Ireland), by the forms the VIES service
 * publishes, and the Luxembourg check digits (the first six digits mod 89 are the last two). A VAT
 * identifier of another country is only checked for its ISO 3166 prefix.
 */
import { ISO_COUNTRIES } from './countries';
import { checkError } from './messages';
import type { CheckError } from './types';

/** Per prefix: the form of what follows it, and an example of the whole identifier for the message. */
export const EU_VAT_FORMS: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  AT: { pattern: /^U\d{8}$/, example: 'ATU12345678' },
  BE: { pattern: /^[01]\d{9}$/, example: 'BE0123456789' },
  BG: { pattern: /^\d{9,10}$/, example: 'BG123456789 / BG1234567890' },
  CY: { pattern: /^\d{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { pattern: /^\d{8,10}$/, example: 'CZ12345678 / CZ1234567890' },
  DE: { pattern: /^\d{9}$/, example: 'DE123456789' },
  DK: { pattern: /^\d{8}$/, example: 'DK12345678' },
  EE: { pattern: /^\d{9}$/, example: 'EE123456789' },
  EL: { pattern: /^\d{9}$/, example: 'EL123456789' },
  ES: { pattern: /^[0-9A-Z]\d{7}[0-9A-Z]$/, example: 'ESX1234567X' },
  FI: { pattern: /^\d{8}$/, example: 'FI12345678' },
  FR: { pattern: /^[0-9A-HJ-NP-Z]{2}\d{9}$/, example: 'FR12345678901 / FRXX123456789' },
  HR: { pattern: /^\d{11}$/, example: 'HR12345678901' },
  HU: { pattern: /^\d{8}$/, example: 'HU12345678' },
  IE: { pattern: /^(\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/, example: 'IE1234567X / IE1234567XX' },
  IT: { pattern: /^\d{11}$/, example: 'IT12345678901' },
  LT: { pattern: /^(\d{9}|\d{12})$/, example: 'LT123456789 / LT123456789012' },
  LU: { pattern: /^\d{8}$/, example: 'LU12345678' },
  LV: { pattern: /^\d{11}$/, example: 'LV12345678901' },
  MT: { pattern: /^\d{8}$/, example: 'MT12345678' },
  NL: { pattern: /^\d{9}B\d{2}$/, example: 'NL123456789B01' },
  PL: { pattern: /^\d{10}$/, example: 'PL1234567890' },
  PT: { pattern: /^\d{9}$/, example: 'PT123456789' },
  RO: { pattern: /^[1-9]\d{1,9}$/, example: 'RO12 … RO1234567890' },
  SE: { pattern: /^\d{10}01$/, example: 'SE123456789001' },
  SI: { pattern: /^\d{8}$/, example: 'SI12345678' },
  SK: { pattern: /^\d{10}$/, example: 'SK1234567890' },
  XI: { pattern: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, example: 'XI123456789' },
};

/** The check digits of a Luxembourg VAT number from its first six digits. */
export function luVatCheckDigits(six: string): string {
  return String(Number(six) % 89).padStart(2, '0');
}

/** The identifier without the spaces, dots and hyphens people type in it, upper case. */
export function normalizeVatId(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** null when `value` is a VAT identifier of the form of its country (EU), else why not. */
export function checkVatId(value: string): CheckError | null {
  const id = normalizeVatId(value);
  const prefix = id.slice(0, 2);
  if (prefix === 'GR') return checkError('vat.greece', value);
  const form = EU_VAT_FORMS[prefix];
  if (!form) return /^[A-Z]{2}/.test(id) && ISO_COUNTRIES.has(prefix) && id.length > 2 ? null : checkError('vat.prefix', value);
  const rest = id.slice(2);
  if (!form.pattern.test(rest)) return checkError('vat.format', value, { country: prefix, example: form.example });
  if (prefix === 'LU' && luVatCheckDigits(rest.slice(0, 6)) !== rest.slice(6)) return checkError('vat.checksum', value, { country: prefix, expected: luVatCheckDigits(rest.slice(0, 6)) });
  return null;
}
