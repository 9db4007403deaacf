/**
 * Identifier and form-data checks that the Schematron rules do not make (pure functions): IBAN
 * (ISO 13616), BIC (ISO 9362), VAT identifiers of the EU member states with the Luxembourg check digits,
 * dates (real, and in order), post codes and cities. Each returns null or a structured error (code, the
 * offending value, parameters, message in FR/DE/EN). `checkInvoiceFields` runs them over a canonical
 * invoice and returns the findings keyed by BT id, each with its place in the model and its form field.
 */
import { childrenOf, type TermId } from '../catalogue';
import type { CanonicalInvoice, InvoiceTerms } from '../canonical';
import { checkBic } from './bic';
import { checkDate, checkDateOrder } from './dates';
import { checkIban, looksLikeIban } from './iban';
import { checkCity, checkPostcode } from './postal';
import type { CheckError } from './types';
import { checkVatId } from './vat';

export type { CheckCode, CheckError } from './types';
export { checkIban, IBAN_LENGTHS, ibanMod97, looksLikeIban, normalizeIban } from './iban';
export { checkBic } from './bic';
export { checkVatId, EU_VAT_FORMS, luVatCheckDigits, normalizeVatId } from './vat';
export { checkDate, checkDateOrder } from './dates';
export { checkCity, checkPostcode, POSTCODE_FORMS } from './postal';
export { ISO_COUNTRIES } from './countries';

export interface FieldFinding extends CheckError {
  /** The BT checked. */
  term: TermId;
  /** Its place in the model, as in `diffTerms`: `BG-16/BG-17[2]/BT-84`. */
  location: string;
  /** The manual-entry form field (`payment.creditTransfers[1].account`, `lines[0].period.end`). */
  field: string;
}

/** Findings by BT id (only BTs with findings are present). */
export type FieldFindings = Partial<Record<TermId, FieldFinding[]>>;

/** Post code → country, city of each address group. */
const ADDRESSES: Record<string, { country: string; city: string }> = {
  'BT-38': { country: 'BT-40', city: 'BT-37' },
  'BT-53': { country: 'BT-55', city: 'BT-52' },
  'BT-67': { country: 'BT-69', city: 'BT-66' },
  'BT-78': { country: 'BT-80', city: 'BT-77' },
};
const CITIES = new Set(Object.values(ADDRESSES).map((a) => a.city));
/** Later date → earlier date of the same group that it may not precede. */
const ORDER: Record<string, string> = { 'BT-9': 'BT-2', 'BT-74': 'BT-73', 'BT-135': 'BT-134' };
const VAT_IDS = new Set(['BT-31', 'BT-48', 'BT-63']);

type Obj = Record<string, unknown>;

/** Runs every check over a canonical invoice (or its terms, as the form builds them). */
export function checkInvoiceFields(model: CanonicalInvoice | InvoiceTerms): FieldFindings {
  const terms = ('terms' in model && 'kind' in model ? model.terms : model) as Obj;
  const out: FieldFindings = {};
  const meansCode = (terms['BG-16'] as Obj | undefined)?.['BT-81'];
  const add = (term: TermId, location: string, field: string, e: CheckError | null): void => {
    if (e) (out[term] ??= []).push({ ...e, term, location, field });
  };

  const walk = (groupId: string | null, obj: Obj, path: string, field: string): void => {
    for (const t of childrenOf(groupId)) {
      const v = obj[t.id];
      if (v === undefined) continue;
      const items = Array.isArray(v) ? v : [v];
      items.forEach((item, i) => {
        const p = `${path}${t.id}${Array.isArray(v) ? `[${i + 1}]` : ''}`;
        const f = `${field}${t.key}${Array.isArray(v) ? `[${i}]` : ''}`;
        if (t.type === 'group') {
          walk(t.id, item as Obj, `${p}/`, `${f}.`);
          return;
        }
        const text = typeof item === 'string' ? item : typeof item === 'object' && item !== null && 'value' in item ? String((item as { value: unknown }).value) : undefined;
        if (text === undefined || text.trim() === '') return;
        const id = t.id;
        if (t.type === 'date') {
          add(id, p, f, checkDate(text));
          const earlierId = ORDER[id];
          const earlier = earlierId === undefined ? undefined : obj[earlierId];
          if (typeof earlier === 'string') add(id, p, f, checkDateOrder(earlier, text, earlierId, id));
        }
        if (id === 'BT-84' && (meansCode === '58' || looksLikeIban(text))) add(id, p, f, checkIban(text));
        if (id === 'BT-91' && (meansCode === '59' || looksLikeIban(text))) add(id, p, f, checkIban(text));
        if (id === 'BT-86') add(id, p, f, checkBic(text));
        if (VAT_IDS.has(id)) add(id, p, f, checkVatId(text));
        const address = ADDRESSES[id];
        if (address) add(id, p, f, checkPostcode(text, typeof obj[address.country] === 'string' ? (obj[address.country] as string) : undefined));
        if (CITIES.has(id)) add(id, p, f, checkCity(text));
      });
    }
  };
  walk(null, terms, '', '');
  return out;
}
