/** What every check returns: a structured error (code, the offending value, parameters) with its message in FR/DE/EN. */
import type { Labels } from '../catalogue';

export type CheckCode =
  | 'iban.format'
  | 'iban.country'
  | 'iban.length'
  | 'iban.checksum'
  | 'bic.format'
  | 'bic.country'
  | 'vat.prefix'
  | 'vat.greece'
  | 'vat.format'
  | 'vat.checksum'
  | 'date.invalid'
  | 'date.order'
  | 'postcode.format'
  | 'city.code';

export interface CheckError {
  code: CheckCode;
  /** The offending value, as given. */
  value: string;
  /** What the message refers to (country, expected length, expected form, the other date…). */
  params: Record<string, string>;
  message: Labels;
}
