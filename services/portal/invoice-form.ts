/**
 * The manual-entry form as data: its fields are catalogue terms (`model/catalogue.ts`: label in
 * FR/DE/EN, form field name, type), grouped in sections. Form values travel as a flat map of field
 * name → text (`lines[2].price.netPrice`, `seller.electronicAddress:scheme`), which is also what a
 * draft stores. `formToTerms` turns it into the canonical model generically, by walking the
 * catalogue; counts of repeated rows are in `count.lines`, `count.allowances`, `count.charges`.
 */
import Decimal from 'decimal.js';
import { BinaryObject, byId, childrenOf, computeTotals, label, type InvoiceLine, type InvoiceTerms, type Term } from '../../model';
import { pt } from '../../templates/portal/messages';
import { isNotifyAddress } from '../../workers/mls/notify';
import type { FieldError, WebLang } from '../web';

export type Fields = Map<string, string>;

/** Categories whose VAT breakdown needs an exemption reason (BR-E-10, BR-AE-10, BR-IC-10, BR-G-10, BR-O-10). */
export const EXEMPT_CATEGORIES = ['E', 'AE', 'K', 'G', 'O'] as const;
export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export const UNITS = ['C62', 'HUR', 'DAY', 'MON', 'KGM', 'LTR', 'MTR', 'KMT', 'LS'] as const;
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

export const ROWS = ['lines', 'allowances', 'charges', 'attachments'] as const;
export type RowKind = (typeof ROWS)[number];

export function count(fields: Fields, kind: RowKind): number {
  const raw = fields.get(`count.${kind}`);
  const n = raw === undefined ? (kind === 'lines' ? 1 : 0) : Number(raw);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, kind === 'lines' ? 500 : 50) : kind === 'lines' ? 1 : 0;
}

/** A new, empty form with sensible defaults. */
export function emptyForm(today: string): Fields {
  return new Map<string, string>([
    ['typeCode', '380'], ['issueDate', today], ['currency', 'EUR'], ['count.lines', '1'], ['count.allowances', '0'], ['count.charges', '0'], ['count.attachments', '0'],
    ['seller.address.country', 'LU'], ['buyer.address.country', 'LU'], ['seller.electronicAddress:scheme', '9938'],
    ['lines[0].unit', 'C62'], ['lines[0].vat.category', 'S'], ['lines[0].vat.rate', '17'], ['lines[0].quantity', '1'], ['payment.meansCode', '30'],
  ]);
}

export function addRow(fields: Fields, kind: RowKind): void {
  const n = count(fields, kind);
  fields.set(`count.${kind}`, String(n + 1));
  if (kind === 'lines') {
    fields.set(`lines[${n}].unit`, 'C62');
    fields.set(`lines[${n}].vat.category`, fields.get(`lines[${n - 1}].vat.category`) ?? 'S');
    fields.set(`lines[${n}].vat.rate`, fields.get(`lines[${n - 1}].vat.rate`) ?? '17');
    fields.set(`lines[${n}].quantity`, '1');
  }
  if (kind === 'allowances' || kind === 'charges') {
    fields.set(`${kind}[${n}].vatCategory`, 'S');
    fields.set(`${kind}[${n}].vatRate`, '17');
  }
}

/** Removes row `i` of a kind, shifting the following rows up. */
export function removeRow(fields: Fields, kind: RowKind, i: number): void {
  const n = count(fields, kind);
  if (!Number.isInteger(i) || i < 0 || i >= n) return;
  const prefix = (k: number): string => `${kind}[${k}].`;
  for (const key of [...fields.keys()]) if (key.startsWith(prefix(i))) fields.delete(key);
  for (let k = i + 1; k < n; k++) {
    for (const key of [...fields.keys()]) {
      if (!key.startsWith(prefix(k))) continue;
      fields.set(prefix(k - 1) + key.slice(prefix(k).length), fields.get(key) ?? '');
      fields.delete(key);
    }
  }
  fields.set(`count.${kind}`, String(n - 1));
}

function filled(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== '';
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Accepts `12,50` as well as `12.50` (a decimal comma is usual in LU/FR/DE); no thousands separators. */
export function normDecimal(v: string): string {
  return v.trim().replace(',', '.');
}
export function isDecimal(v: string): boolean {
  return DECIMAL.test(normDecimal(v));
}

export interface Attachment {
  reference: string;
  mimeCode: string;
  sha256: string;
  size: number;
  description?: string;
}

export function attachmentsOf(fields: Fields): Attachment[] {
  const out: Attachment[] = [];
  for (let i = 0; i < count(fields, 'attachments'); i++) {
    const sha = fields.get(`attachments[${i}].sha256`);
    const ref = fields.get(`attachments[${i}].reference`);
    const mime = fields.get(`attachments[${i}].mime`);
    if (!sha || !ref || !mime || !/^[0-9a-f]{64}$/.test(sha)) continue;
    const desc = fields.get(`attachments[${i}].description`);
    out.push({ reference: ref, mimeCode: mime, sha256: sha, size: Number(fields.get(`attachments[${i}].size`) ?? 0), ...(filled(desc) ? { description: desc.trim() } : {}) });
  }
  return out;
}

/** Fields that are not catalogue terms or are filled by the hub (never read from the form by the generic walk). */
const NOT_FROM_FORM = new Set(['BG-2', 'BG-22', 'BG-23', 'BT-131', 'BG-24', 'BT-126']);

function readGroup(fields: Fields, parent: string | null, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of childrenOf(parent)) {
    if (NOT_FROM_FORM.has(t.id)) {
      if (t.repeats) out[t.id] = [];
      continue;
    }
    const name = `${prefix}${t.key}`;
    if (t.type === 'group') {
      if (t.repeats) {
        const kind = t.key as RowKind;
        const n = parent === null && (ROWS as readonly string[]).includes(kind) ? count(fields, kind) : maxIndex(fields, name);
        const items: Record<string, unknown>[] = [];
        for (let i = 0; i < n; i++) {
          const g = readGroup(fields, t.id, `${name}[${i}].`);
          if (hasValue(g)) items.push(g);
        }
        out[t.id] = items;
      } else {
        const g = readGroup(fields, t.id, `${name}.`);
        if (hasValue(g)) out[t.id] = g;
      }
      continue;
    }
    const one = (n: string): unknown => {
      const v = fields.get(n);
      if (!filled(v)) return undefined;
      const text = ['amount', 'unit-price-amount', 'quantity', 'percentage'].includes(t.type) ? normDecimal(v) : v.trim();
      if (t.type === 'scheme-identifier') {
        const scheme = fields.get(`${n}:scheme`);
        return filled(scheme) ? { value: text, scheme: scheme.trim() } : { value: text };
      }
      return text;
    };
    if (t.repeats) {
      const vals: unknown[] = [];
      for (let i = 0; i < maxIndex(fields, name); i++) {
        const v = one(`${name}[${i}]`);
        if (v !== undefined) vals.push(v);
      }
      out[t.id] = vals;
    } else {
      const v = one(name);
      if (v !== undefined) out[t.id] = v;
    }
  }
  return out;
}

function maxIndex(fields: Fields, name: string): number {
  let n = 0;
  const re = new RegExp(`^${name.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]`);
  for (const k of fields.keys()) {
    const m = re.exec(k);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return Math.min(n, 500);
}

function hasValue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.some(hasValue);
  if (v instanceof BinaryObject) return true;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).some(hasValue);
  return true;
}

export interface Recipient {
  bodyId: string;
  name: string;
  /** `scheme:value` Peppol identifier the invoice is addressed to (BT-49). */
  endpoint: string | null;
  requiredRefs: string[];
}

/** A form line read from the catalogue, completed as the model wants it: numbered by its row (BT-126), empty lists where none were given. */
function completeLine(l: Record<string, unknown>, i: number): void {
  l['BT-126'] = String(i + 1);
  for (const k of ['BG-27', 'BG-28']) l[k] ??= [];
  const item = (l['BG-31'] as Record<string, unknown> | undefined) ?? {};
  item['BT-158'] ??= [];
  item['BG-32'] ??= [];
  l['BG-31'] = item;
}

/**
 * The canonical model of the form. The recipient's Peppol identifier becomes BT-49 (and its name
 * BT-44 when the form left it empty); lines are numbered; exemption reasons go to the VAT
 * breakdown of their category; attachments are embedded from the file store.
 */
export function formToTerms(fields: Fields, recipient: Recipient | null, attachmentBytes: (sha: string) => Buffer | null): InvoiceTerms {
  const t = readGroup(fields, null, '') as Record<string, unknown>;
  const lines = (t['BG-25'] as Record<string, unknown>[] | undefined) ?? [];
  lines.forEach((l, i) => completeLine(l, i));
  const buyer = (t['BG-7'] as Record<string, unknown> | undefined) ?? {};
  if (recipient) {
    if (recipient.endpoint) {
      const i = recipient.endpoint.indexOf(':');
      buyer['BT-49'] = { scheme: recipient.endpoint.slice(0, i), value: recipient.endpoint.slice(i + 1) };
    }
    buyer['BT-44'] ??= recipient.name;
  }
  t['BG-7'] = buyer;
  const seller = (t['BG-4'] as Record<string, unknown> | undefined) ?? {};
  seller['BT-29'] ??= [];
  t['BG-4'] = seller;
  // exemption reasons: one per category, carried into the breakdown by computeTotals (same category and rate)
  const prev: Record<string, unknown>[] = [];
  for (const cat of EXEMPT_CATEGORIES) {
    const reason = fields.get(`exemption.${cat}`);
    if (!filled(reason)) continue;
    const rates = new Set<string>();
    for (const l of lines) {
      const vat = l['BG-30'] as Record<string, string> | undefined;
      if (vat?.['BT-151'] === cat) rates.add(vat['BT-152'] ?? '0');
    }
    for (const k of ['BG-20', 'BG-21']) {
      for (const a of (t[k] as Record<string, string>[] | undefined) ?? []) {
        const c = a[k === 'BG-20' ? 'BT-95' : 'BT-102'];
        if (c === cat) rates.add(a[k === 'BG-20' ? 'BT-96' : 'BT-103'] ?? '0');
      }
    }
    for (const r of rates) prev.push({ 'BT-118': cat, 'BT-119': r, 'BT-120': reason.trim() });
  }
  t['BG-23'] = prev;
  t['BG-24'] = attachmentsOf(fields).flatMap((a) => {
    const bytes = attachmentBytes(a.sha256);
    if (bytes === null) return [];
    return [{ 'BT-122': a.reference, ...(a.description ? { 'BT-123': a.description } : {}), 'BT-125': new BinaryObject(a.mimeCode, a.reference, bytes.toString('base64')) }];
  });
  return t as unknown as InvoiceTerms; // built generically from the catalogue rows the type is derived from
}

const REQUIRED_TOP = ['number', 'issueDate', 'currency', 'seller.name', 'seller.electronicAddress', 'seller.address.country', 'buyer.address.country'];
const REQUIRED_LINE = ['item.name', 'quantity', 'price.netPrice', 'vat.category'];
const DECIMAL_FIELDS = ['quantity', 'price.netPrice', 'vat.rate'];

export function fieldLabel(name: string, lang: WebLang): string {
  const bt = btOfField(name);
  return bt ? label(bt.id, lang) : name;
}

const FIELD_TO_TERM = new Map<string, Term>();
/** The catalogue term of a form field name (`lines[3].quantity` → BT-129). */
export function btOfField(name: string): Term | undefined {
  const generic = name.replace(/:scheme$/, '').replace(/\[\d+\]/g, '[]');
  if (FIELD_TO_TERM.size === 0) {
    for (let i = 1; i <= 200; i++) for (const p of ['BT', 'BG']) { const t = byId(`${p}-${i}`); if (t) FIELD_TO_TERM.set(t.formField, t); }
  }
  return FIELD_TO_TERM.get(generic) ?? FIELD_TO_TERM.get(generic.replace(/\[\]$/, ''));
}

/**
 * Checks what the hub needs before it can write the invoice (the official rules run afterwards
 * on the XML): required fields, numbers, dates, exemption reasons, the recipient and the
 * references it requires.
 */
export function checkForm(fields: Fields, recipient: Recipient | null, lang: WebLang): FieldError[] {
  const errors: FieldError[] = [];
  const req = (name: string, text?: string): void => {
    if (!filled(fields.get(name))) errors.push({ field: name, message: pt('fieldRequired', lang, { label: text ?? fieldLabel(name, lang) }) });
  };
  if (recipient === null) errors.push({ field: 'recipientQuery', message: pt('recipientRequired', lang) });
  for (const f of REQUIRED_TOP) req(f);
  const notify = fields.get('notifyEmail');
  if (filled(notify) && !isNotifyAddress(notify)) errors.push({ field: 'notifyEmail', message: pt('notifyEmailInvalid', lang) });
  for (const d of ['issueDate', 'dueDate', 'precedingInvoices[0].issueDate']) {
    const v = fields.get(d);
    if (filled(v) && !/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) errors.push({ field: d, message: pt('notDate', lang, { label: fieldLabel(d, lang) }) });
  }
  if (recipient) {
    for (const ref of recipient.requiredRefs) {
      const name = ref === 'BT-10' ? 'buyerReference' : 'purchaseOrderReference';
      if (!filled(fields.get(name))) errors.push({ field: name, message: pt('refRequiredByBody', lang, { label: label(ref, lang) }) });
    }
  }
  if (fields.get('typeCode') === '381') req('precedingInvoices[0].reference');
  const n = count(fields, 'lines');
  if (n === 0) errors.push({ field: null, message: pt('needOneLine', lang) });
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (const f of REQUIRED_LINE) req(`lines[${i}].${f}`, `${pt('lineN', lang, { n: i + 1 })} – ${fieldLabel(`lines[${i}].${f}`, lang)}`);
    for (const f of DECIMAL_FIELDS) {
      const name = `lines[${i}].${f}`;
      const v = fields.get(name);
      if (filled(v) && !isDecimal(v)) errors.push({ field: name, message: pt('notDecimal', lang, { label: `${pt('lineN', lang, { n: i + 1 })} – ${fieldLabel(name, lang)}` }) });
    }
    const cat = fields.get(`lines[${i}].vat.category`);
    if (filled(cat)) used.add(cat);
    if (cat === 'S') req(`lines[${i}].vat.rate`, `${pt('lineN', lang, { n: i + 1 })} – ${fieldLabel(`lines[${i}].vat.rate`, lang)}`);
  }
  for (const kind of ['allowances', 'charges'] as const) {
    const [amount, cat, rate] = kind === 'allowances' ? ['amount', 'vatCategory', 'vatRate'] : ['amount', 'vatCategory', 'vatRate'];
    for (let i = 0; i < count(fields, kind); i++) {
      const a = `${kind}[${i}].${amount}`;
      req(a);
      const v = fields.get(a);
      if (filled(v) && !isDecimal(v)) errors.push({ field: a, message: pt('notDecimal', lang, { label: fieldLabel(a, lang) }) });
      const r = fields.get(`${kind}[${i}].${rate}`);
      if (filled(r) && !isDecimal(r)) errors.push({ field: `${kind}[${i}].${rate}`, message: pt('notDecimal', lang, { label: fieldLabel(`${kind}[${i}].${rate}`, lang) }) });
      const c = fields.get(`${kind}[${i}].${cat}`);
      if (filled(c)) used.add(c);
    }
  }
  for (const cat of EXEMPT_CATEGORIES) {
    if (used.has(cat) && !filled(fields.get(`exemption.${cat}`))) errors.push({ field: `exemption.${cat}`, message: pt('vatReasonRequired', lang, { cat }) });
  }
  return errors;
}

/** VAT categories in use on the form (lines, allowances, charges). */
export function categoriesInUse(fields: Fields): Set<string> {
  const used = new Set<string>();
  for (let i = 0; i < count(fields, 'lines'); i++) { const c = fields.get(`lines[${i}].vat.category`); if (filled(c)) used.add(c); }
  for (const kind of ['allowances', 'charges'] as const) for (let i = 0; i < count(fields, kind); i++) { const c = fields.get(`${kind}[${i}].vatCategory`); if (filled(c)) used.add(c); }
  return used;
}

export interface ComputedTotals {
  lines: (string | null)[];
  breakdown: { category: string; rate: string; taxable: string; tax: string }[];
  totals: Record<string, string>;
}

/** One line of the form as model terms (catalogue walk, as in `formToTerms`), numbered by its row. */
function lineTerms(fields: Fields, i: number): InvoiceLine {
  const l = readGroup(fields, 'BG-25', `lines[${i}].`);
  completeLine(l, i);
  return l as unknown as InvoiceLine; // built generically from the catalogue rows the type is derived from
}

/**
 * The totals as the hub computes them (model/calc.ts, decimal arithmetic), over the lines whose
 * quantity and price are numbers; what cannot be computed yet is null. Line net amounts are the
 * model's (`computeTotals` → `lineNetAmount`: base quantity BT-149, line allowances and charges
 * BG-27/BG-28), one line at a time so that one unfinished line does not blank the others.
 */
export function computeFormTotals(fields: Fields): ComputedTotals {
  const n = count(fields, 'lines');
  const lineNets: (string | null)[] = [];
  const lines: InvoiceLine[] = [];
  for (let i = 0; i < n; i++) {
    const q = fields.get(`lines[${i}].quantity`);
    const p = fields.get(`lines[${i}].price.netPrice`);
    const r = fields.get(`lines[${i}].vat.rate`) ?? '';
    if (!filled(q) || !filled(p) || !isDecimal(q) || !isDecimal(p) || (filled(r) && !isDecimal(r))) { lineNets.push(null); continue; }
    const line = lineTerms(fields, i);
    const vat = (line['BG-30'] ?? {}) as Record<string, string>;
    vat['BT-151'] ??= 'S';
    line['BG-30'] = vat as InvoiceLine['BG-30'];
    let computed: InvoiceLine;
    try {
      computed = computeTotals({ 'BG-1': [], 'BG-3': [], 'BG-20': [], 'BG-21': [], 'BG-23': [], 'BG-24': [], 'BG-25': [line] } as unknown as InvoiceTerms)['BG-25'][0]!; // a partial model: only what the line needs
    } catch {
      lineNets.push(null);
      continue;
    }
    lineNets.push(computed['BT-131'] ?? null);
    lines.push(computed);
  }
  const ac = (kind: 'allowances' | 'charges'): Record<string, string>[] => {
    const out: Record<string, string>[] = [];
    for (let i = 0; i < count(fields, kind); i++) {
      const a = fields.get(`${kind}[${i}].amount`);
      const r = fields.get(`${kind}[${i}].vatRate`) ?? '';
      const c = fields.get(`${kind}[${i}].vatCategory`) ?? 'S';
      if (!filled(a) || !isDecimal(a) || (filled(r) && !isDecimal(r))) continue;
      const amt = new Decimal(normDecimal(a)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      out.push(kind === 'allowances' ? { 'BT-92': amt, 'BT-95': c, ...(filled(r) ? { 'BT-96': normDecimal(r) } : {}) } : { 'BT-99': amt, 'BT-102': c, ...(filled(r) ? { 'BT-103': normDecimal(r) } : {}) });
    }
    return out;
  };
  try {
    const model = computeTotals({ 'BG-1': [], 'BG-3': [], 'BG-20': ac('allowances'), 'BG-21': ac('charges'), 'BG-23': [], 'BG-24': [], 'BG-25': lines } as unknown as InvoiceTerms); // a partial model: only what the totals need
    const totals: Record<string, string> = {};
    for (const [k, v] of Object.entries(model['BG-22'] ?? {})) if (typeof v === 'string') totals[k] = v;
    return {
      lines: lineNets,
      breakdown: model['BG-23'].map((v) => ({ category: v['BT-118'] ?? '', rate: v['BT-119'] ?? '0', taxable: v['BT-116'] ?? '0.00', tax: v['BT-117'] ?? '0.00' })),
      totals,
    };
  } catch {
    return { lines: lineNets, breakdown: [], totals: {} };
  }
}
