/**
 * The manual-entry form's field definitions as the page shows them: the labels of its fields (from
 * the BT catalogue, with the line / allowance / charge number, and a credit note's own words), the
 * code lists offered in its selects, and the wording of the problems the hub finds in a form.
 */
import { catalogue, label as btLabel, type Term } from '../../model';
import type { FieldError, Lang } from '../../web';
import { pt } from './messages';

/** Units of measure offered (UN/ECE Rec. 20). */
export const UNITS = ['C62', 'HUR', 'DAY', 'MON', 'KGM', 'LTR', 'MTR', 'KMT', 'LS'] as const;
/** Payment means offered (UNTDID 4461). */
export const MEANS = ['30', '58', '49', '48', '10'] as const;
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;
/** Electronic address schemes offered for BT-34 (EAS codes). */
export const EAS_OFFERED = [
  { code: '9938', label: 'LU – TVA / MwSt / VAT' },
  { code: '0240', label: 'LU – RCS / LBR' },
  { code: '9925', label: 'BE – VAT' },
  { code: '0208', label: 'BE – KBO/BCE' },
  { code: '0009', label: 'FR – SIRET' },
  { code: '9957', label: 'FR – TVA' },
  { code: '9930', label: 'DE – USt-IdNr.' },
  { code: '0204', label: 'DE – Leitweg-ID' },
  { code: '0088', label: 'GLN' },
  { code: '0060', label: 'DUNS' },
  { code: 'EM', label: 'E-mail' },
] as const;

let byField: Map<string, Term> | null = null;

/** The catalogue term of a form field name (`lines[3].quantity` → BT-129). */
export function termOfField(name: string): Term | undefined {
  byField ??= new Map(catalogue.map((t) => [t.formField, t]));
  const generic = name.replace(/:scheme$/, '').replace(/\[\d+\]/g, '[]');
  return byField.get(generic) ?? byField.get(generic.replace(/\[\]$/, ''));
}

/** The label of a form field as its error names it (`Ligne 2 – Quantité facturée`). */
export function fieldLabel(name: string, lang: Lang, creditNote = false): string {
  if (creditNote && name === 'number') return pt('creditNoteNumber', lang);
  if (creditNote && name === 'issueDate') return pt('creditNoteDate', lang);
  const ex = /^exemption(Code)?\.(\w+)$/.exec(name);
  if (ex) return ex[1] ? pt('exemptionCodeFor', lang, { cat: ex[2] ?? '' }) : pt('vatReasonFor', lang, { cat: ex[2] ?? '' });
  if (name === 'delivery.address.country') return pt('deliverToCountry', lang);
  const t = termOfField(name);
  const own = t ? btLabel(t.id, lang) : name;
  const row = /^(lines|allowances|charges)\[(\d+)\]\./.exec(name);
  if (!row) return own;
  const n = Number(row[2]) + 1;
  const head = row[1] === 'lines' ? pt('lineN', lang, { n }) : row[1] === 'allowances' ? pt('allowanceN', lang, { n }) : pt('chargeN', lang, { n });
  return `${head} – ${own}`;
}

/** A problem the hub found in the form, as the core names it. */
export interface FormIssueInput {
  field: string | null;
  code: string;
  vars?: Record<string, string | number>;
}

/** The words of a problem in the page language. */
export function issueText(i: FormIssueInput, lang: Lang, creditNote = false): string {
  const v = i.vars ?? {};
  const label = i.field === null ? '' : fieldLabel(i.field, lang, creditNote);
  switch (i.code) {
    case 'required': return pt('fieldRequired', lang, { label });
    case 'not-a-number': return pt('notDecimal', lang, { label });
    case 'ambiguous-number': return pt('ambiguousNumber', lang, { label, value: String(v.value ?? '') });
    case 'not-a-date': return pt('notDate', lang, { label });
    case 'recipient-required': return pt('recipientRequired', lang);
    case 'reference-required': return pt('refRequiredByBody', lang, { label: `${btLabel(String(v.ref ?? ''), lang)} (${String(v.ref ?? '')})` });
    case 'one-line-needed': return pt('needOneLine', lang);
    case 'exemption-required': return pt('vatReasonRequired', lang, { cat: String(v.cat ?? '') });
    case 'notify-email-invalid': return pt('notifyEmailInvalid', lang);
    case 'attachment-type': return pt('attachmentBadType', lang, { name: String(v.name ?? '') });
    case 'attachment-too-many': return pt('attachmentTooMany', lang, { count: v.max ?? 0 });
    case 'cannot-write': return pt('cannotWrite', lang, { detail: String(v.detail ?? '') });
    // a field check of the model: its own message in each language
    default: return String(v[lang] ?? v.en ?? i.code);
  }
}

export function issueErrors(issues: readonly FormIssueInput[], lang: Lang, creditNote = false): FieldError[] {
  return issues.map((i) => ({ field: i.field, message: issueText(i, lang, creditNote) }));
}
