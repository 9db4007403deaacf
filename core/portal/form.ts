/**
 * The manual-entry form as data: its fields are catalogue terms (`model/catalogue.ts`: form field
 * name, type), so values travel as a flat map of field name → text (`lines[2].price.netPrice`,
 * `seller.electronicAddress:scheme`), which is also what a draft stores. `formToTerms` turns it
 * into the canonical model generically, by walking the catalogue; counts of repeated rows are in
 * `count.lines`, `count.allowances`, `count.charges`, `count.attachments`. The hub's own fields are
 * `recipient` (the body chosen), `exemption.<cat>` (BT-120) and `exemptionCode.<cat>` (BT-121).
 */
import type { Lang } from '../../config/languages';
import { BinaryObject, byId, childrenOf, type InvoiceTerms, type Term } from '../../model';
import { decimalOf } from './numbers';
import { CATEGORY_RULES, defaultReasonCode, EXEMPT_CATEGORIES, isVatCategory, rateFor, standardReasonText, type VatCategory } from './vat';

export type Fields = Map<string, string>;

export const ROWS = ['lines', 'allowances', 'charges', 'attachments'] as const;
export type RowKind = (typeof ROWS)[number];

export const CREDIT_NOTE = '381';
export const INVOICE = '380';
/** Payment means that are a credit transfer to the seller's account (BR-61: they need BT-84). */
const CREDIT_TRANSFER_MEANS = new Set(['30', '58']);

export function isRowKind(v: string): v is RowKind {
  return (ROWS as readonly string[]).includes(v);
}

export function filled(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== '';
}

export function count(fields: Fields, kind: RowKind): number {
  const raw = fields.get(`count.${kind}`);
  const n = raw === undefined ? (kind === 'lines' ? 1 : 0) : Number(raw);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, kind === 'lines' ? 500 : 50) : kind === 'lines' ? 1 : 0;
}

export function isCreditNote(fields: Fields): boolean {
  return fields.get('typeCode') === CREDIT_NOTE;
}

/** A new, empty form with sensible defaults; a credit note asks for no payment (nothing is to be paid to the seller). */
export function emptyForm(today: string, kind: 'invoice' | 'credit-note' = 'invoice'): Fields {
  return new Map<string, string>([
    ['typeCode', kind === 'credit-note' ? CREDIT_NOTE : INVOICE], ['issueDate', today], ['currency', 'EUR'],
    ['count.lines', '1'], ['count.allowances', '0'], ['count.charges', '0'], ['count.attachments', '0'],
    ['seller.address.country', 'LU'], ['buyer.address.country', 'LU'], ['seller.electronicAddress:scheme', '9938'],
    ['lines[0].unit', 'C62'], ['lines[0].vat.category', 'S'], ['lines[0].vat.rate', '17'], ['lines[0].quantity', '1'],
    ['payment.meansCode', kind === 'credit-note' ? '' : '30'],
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

/** The category and rate fields of every taxed row: lines, document allowances, document charges. */
export function vatRows(fields: Fields): { category: string; rate: string }[] {
  const out: { category: string; rate: string }[] = [];
  for (let i = 0; i < count(fields, 'lines'); i++) out.push({ category: `lines[${i}].vat.category`, rate: `lines[${i}].vat.rate` });
  for (const kind of ['allowances', 'charges'] as const) {
    for (let i = 0; i < count(fields, kind); i++) out.push({ category: `${kind}[${i}].vatCategory`, rate: `${kind}[${i}].vatRate` });
  }
  return out;
}

/** VAT categories in use on the form (lines, allowances, charges). */
export function categoriesInUse(fields: Fields): Set<string> {
  const used = new Set<string>();
  for (const r of vatRows(fields)) {
    const c = fields.get(r.category);
    if (filled(c)) used.add(c.trim());
  }
  return used;
}

/** Categories in use whose breakdown needs an exemption reason, in the order of the category list. */
export function exemptInUse(fields: Fields): VatCategory[] {
  const used = categoriesInUse(fields);
  return EXEMPT_CATEGORIES.filter((c) => used.has(c));
}

/**
 * What the hub sets on every round trip, before showing or checking the form: the rate of each row
 * follows its category (0, or none for O, where the rules require it), and an exemption reason
 * with a single possible code gets that code.
 */
export function normalizeForm(fields: Fields): void {
  for (const r of vatRows(fields)) {
    const cat = fields.get(r.category)?.trim();
    if (isVatCategory(cat) && CATEGORY_RULES[cat].rate !== 'free') fields.set(r.rate, rateFor(cat, fields.get(r.rate) ?? ''));
  }
  for (const cat of exemptInUse(fields)) {
    const code = defaultReasonCode(cat);
    if (code !== null && !filled(fields.get(`exemptionCode.${cat}`))) fields.set(`exemptionCode.${cat}`, code);
  }
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
const NUMERIC = new Set(['amount', 'unit-price-amount', 'quantity', 'percentage']);

function readGroup(fields: Fields, parent: string | null, prefix: string, lang: Lang): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of childrenOf(parent)) {
    if (NOT_FROM_FORM.has(t.id)) {
      if (t.repeats) out[t.id] = [];
      continue;
    }
    const name = `${prefix}${t.key}`;
    if (t.type === 'group') {
      if (t.repeats) {
        const n = parent === null && isRowKind(t.key) ? count(fields, t.key) : maxIndex(fields, name);
        const items: Record<string, unknown>[] = [];
        for (let i = 0; i < n; i++) {
          const g = readGroup(fields, t.id, `${name}[${i}].`, lang);
          if (hasValue(g)) items.push(g);
        }
        out[t.id] = items;
      } else {
        const g = readGroup(fields, t.id, `${name}.`, lang);
        if (hasValue(g)) out[t.id] = g;
      }
      continue;
    }
    const one = (n: string): unknown => {
      const v = fields.get(n);
      if (!filled(v)) return undefined;
      const text = NUMERIC.has(t.type) ? (decimalOf(v, lang) ?? v.trim()) : v.trim();
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
  /** The body's full name in the page language. */
  name: string;
  /** `scheme:value` Peppol identifier the invoice is addressed to (BT-49). */
  endpoint: string | null;
  requiredRefs: string[];
}

/** A form line read from the catalogue, completed as the model wants it: numbered by its row (BT-126), empty lists where none were given. */
export function completeLine(l: Record<string, unknown>, i: number): void {
  l['BT-126'] = String(i + 1);
  for (const k of ['BG-27', 'BG-28']) l[k] ??= [];
  const item = (l['BG-31'] as Record<string, unknown> | undefined) ?? {};
  item['BT-158'] ??= [];
  item['BG-32'] ??= [];
  l['BG-31'] = item;
}

/** One line of the form as read by the catalogue walk (not completed). */
export function readLine(fields: Fields, i: number, lang: Lang): Record<string, unknown> {
  return readGroup(fields, 'BG-25', `lines[${i}].`, lang);
}

/** The exemption reasons of the breakdown: one entry per category in use and rate, code and text. */
function exemptionEntries(fields: Fields, t: Record<string, unknown>): Record<string, string>[] {
  const lines = (t['BG-25'] as Record<string, unknown>[] | undefined) ?? [];
  const out: Record<string, string>[] = [];
  for (const cat of EXEMPT_CATEGORIES) {
    const text = fields.get(`exemption.${cat}`)?.trim() ?? '';
    const code = fields.get(`exemptionCode.${cat}`)?.trim() ?? '';
    if (text === '' && code === '') continue;
    const rates = new Set<string>();
    for (const l of lines) {
      const vat = l['BG-30'] as Record<string, string> | undefined;
      if (vat?.['BT-151'] === cat) rates.add(vat['BT-152'] ?? '0');
    }
    for (const k of ['BG-20', 'BG-21'] as const) {
      for (const a of (t[k] as Record<string, string>[] | undefined) ?? []) {
        if (a[k === 'BG-20' ? 'BT-95' : 'BT-102'] === cat) rates.add(a[k === 'BG-20' ? 'BT-96' : 'BT-103'] ?? '0');
      }
    }
    for (const r of rates) out.push({ 'BT-118': cat, 'BT-119': r, ...(code !== '' ? { 'BT-121': code } : {}), 'BT-120': text !== '' ? text : standardReasonText(code) });
  }
  return out;
}

/**
 * Payment instructions as the form means them: an account given without a means is a credit
 * transfer; a credit note asks for no transfer to no account (nothing is paid to the seller, BR-61
 * would demand an IBAN); instructions that say nothing are left out — but a credit note's due date
 * lives in UBL's PaymentMeans, which needs a code: "instrument not defined" (1).
 */
function paymentOf(t: Record<string, unknown>): void {
  const pay = (t['BG-16'] as Record<string, unknown> | undefined) ?? {};
  const accounts = ((pay['BG-17'] as unknown[] | undefined) ?? []).length;
  const credit = t['BT-3'] === CREDIT_NOTE;
  let means = typeof pay['BT-81'] === 'string' ? pay['BT-81'] : '';
  if (accounts > 0 && means === '') means = '30';
  if (accounts === 0 && credit && CREDIT_TRANSFER_MEANS.has(means)) means = '';
  if (means === '' && credit && t['BT-9'] !== undefined) means = '1';
  if (means !== '') pay['BT-81'] = means;
  else delete pay['BT-81'];
  if (hasValue(pay)) t['BG-16'] = pay;
  else delete t['BG-16'];
}

/**
 * The canonical model of the form. The recipient's Peppol identifier becomes BT-49 (and its name
 * BT-44 when the form left it empty); lines are numbered; numbers are read as typed in `lang`;
 * rates follow the categories; exemption reasons go to the VAT breakdown of their category;
 * attachments are embedded from the blob store (`attachmentBytes`).
 */
export function formToTerms(fields: Fields, recipient: Recipient | null, attachmentBytes: ReadonlyMap<string, Buffer>, lang: Lang): InvoiceTerms {
  const form = new Map(fields);
  normalizeForm(form);
  const t = readGroup(form, null, '', lang);
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
  paymentOf(t);
  // exemption reasons: carried into the breakdown by computeTotals (same category and rate)
  t['BG-23'] = exemptionEntries(form, t);
  t['BG-24'] = attachmentsOf(form).flatMap((a) => {
    const bytes = attachmentBytes.get(a.sha256);
    if (bytes === undefined) return [];
    return [{ 'BT-122': a.reference, ...(a.description ? { 'BT-123': a.description } : {}), 'BT-125': new BinaryObject(a.mimeCode, a.reference, bytes.toString('base64')) }];
  });
  return t as unknown as InvoiceTerms; // built generically from the catalogue rows the type is derived from
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
