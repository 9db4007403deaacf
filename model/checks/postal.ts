/** Postal fields: a post code of the form of its country (LU, FR, DE, BE, NL and neighbours), a city that is a name, not a code. */
import { checkError } from './messages';
import type { CheckError } from './types';

/** Post code forms by country, with an example for the message. */
export const POSTCODE_FORMS: Readonly<Record<string, { pattern: RegExp; example: string }>> = {
  LU: { pattern: /^(L-?)?\d{4}$/i, example: 'L-1234 / 1234' },
  FR: { pattern: /^\d{5}$/, example: '75001' },
  DE: { pattern: /^\d{5}$/, example: '10115' },
  BE: { pattern: /^[1-9]\d{3}$/, example: '1000' },
  NL: { pattern: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/i, example: '1234 AB' },
  AT: { pattern: /^[1-9]\d{3}$/, example: '1010' },
  CH: { pattern: /^[1-9]\d{3}$/, example: '3003' },
  IT: { pattern: /^\d{5}$/, example: '00184' },
  ES: { pattern: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, example: '28001' },
  PT: { pattern: /^\d{4}-\d{3}$/, example: '1000-001' },
  DK: { pattern: /^\d{4}$/, example: '1050' },
  PL: { pattern: /^\d{2}-\d{3}$/, example: '00-001' },
};

/** null when the post code fits its country's form (or the country has none here), else why not. */
export function checkPostcode(value: string, country: string | undefined): CheckError | null {
  const form = country === undefined ? undefined : POSTCODE_FORMS[country.trim().toUpperCase()];
  if (!form || form.pattern.test(value.trim())) return null;
  return checkError('postcode.format', value, { country: (country as string).trim().toUpperCase(), example: form.example });
}

/** null when the city is a name: it has letters and is not a code such as `1234`, `L-1499` or `D 10115`. */
export function checkCity(value: string): CheckError | null {
  const v = value.trim();
  const letters = v.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0 || /^\p{L}{1,2}[\s-]?\d[\d\s-]*$/u.test(v) || (letters < 2 && /\d/.test(v))) return checkError('city.code', value);
  return null;
}
