/**
 * What the hub checks on the manual-entry form before it writes the invoice (the official rules
 * run afterwards on the XML): required fields, numbers and dates as typed, the recipient and the
 * references it requires, exemption reasons, what a credit note needs. Each problem names its
 * field and says what is wrong as a code; the page words it in the user's language.
 */
import type { Lang } from '../../config/languages';
import { isNotifyAddress } from '../mls/notify';
import { count, exemptInUse, filled, isCreditNote, type Fields, type Recipient } from './form';
import { parseDecimal } from './numbers';
import { CATEGORY_RULES, isVatCategory } from './vat';

export type FormIssueCode =
  | 'required' | 'not-a-number' | 'ambiguous-number' | 'not-a-date' | 'recipient-required' | 'reference-required'
  | 'one-line-needed' | 'exemption-required' | 'notify-email-invalid' | 'attachment-type' | 'attachment-too-many' | 'cannot-write'
  /** A field check of the model (model/checks): its message in each language in `vars` (`fr`, `de`, `en`). */
  | 'field-check';

export interface FormIssue {
  /** Form field name, or null for the form as a whole. */
  field: string | null;
  code: FormIssueCode;
  /** Details for the wording: `ref` (BT id), `cat` (VAT category), `name` (file), `max`, `detail`. */
  vars?: Record<string, string | number>;
}

const REQUIRED_TOP = ['number', 'issueDate', 'currency', 'seller.name', 'seller.electronicAddress', 'seller.address.country', 'buyer.address.country'];
const REQUIRED_LINE = ['item.name', 'quantity', 'price.netPrice', 'vat.category'];
const DECIMAL_LINE = ['quantity', 'price.netPrice', 'vat.rate'];
const DATES = ['issueDate', 'dueDate', 'delivery.date', 'precedingInvoices[0].issueDate'];

export function checkForm(fields: Fields, recipient: Recipient | null, lang: Lang): FormIssue[] {
  const issues: FormIssue[] = [];
  const required = (name: string): void => {
    if (!filled(fields.get(name))) issues.push({ field: name, code: 'required' });
  };
  const decimal = (name: string): void => {
    const v = fields.get(name);
    if (!filled(v)) return;
    const p = parseDecimal(v, lang);
    if (!p.ok) issues.push({ field: name, code: p.reason === 'ambiguous' ? 'ambiguous-number' : 'not-a-number', vars: { value: v.trim() } });
  };
  if (recipient === null) issues.push({ field: 'recipientQuery', code: 'recipient-required' });
  for (const f of REQUIRED_TOP) required(f);
  const notify = fields.get('notifyEmail');
  if (filled(notify) && !isNotifyAddress(notify)) issues.push({ field: 'notifyEmail', code: 'notify-email-invalid' });
  for (const d of DATES) {
    const v = fields.get(d);
    if (filled(v) && !/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) issues.push({ field: d, code: 'not-a-date' });
  }
  for (const ref of recipient?.requiredRefs ?? []) {
    const name = ref === 'BT-10' ? 'buyerReference' : 'purchaseOrderReference';
    if (!filled(fields.get(name))) issues.push({ field: name, code: 'reference-required', vars: { ref } });
  }
  if (isCreditNote(fields)) required('precedingInvoices[0].reference');
  const n = count(fields, 'lines');
  if (n === 0) issues.push({ field: null, code: 'one-line-needed' });
  for (let i = 0; i < n; i++) {
    for (const f of REQUIRED_LINE) required(`lines[${i}].${f}`);
    for (const f of DECIMAL_LINE) decimal(`lines[${i}].${f}`);
    const cat = fields.get(`lines[${i}].vat.category`)?.trim();
    if (isVatCategory(cat) && CATEGORY_RULES[cat].rate === 'free') required(`lines[${i}].vat.rate`);
  }
  for (const kind of ['allowances', 'charges'] as const) {
    for (let i = 0; i < count(fields, kind); i++) {
      required(`${kind}[${i}].amount`);
      decimal(`${kind}[${i}].amount`);
      decimal(`${kind}[${i}].vatRate`);
    }
  }
  for (const cat of exemptInUse(fields)) {
    if (!filled(fields.get(`exemption.${cat}`)) && !filled(fields.get(`exemptionCode.${cat}`))) issues.push({ field: `exemption.${cat}`, code: 'exemption-required', vars: { cat } });
  }
  return issues;
}
