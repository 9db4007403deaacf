/**
 * The standardised PDF as a pdfmake document definition: every essential business term of the
 * canonical invoice (model/canonical.ts), labelled from the BT catalogue (model/catalogue.ts) in
 * French, German or English, with an option to show the BT/BG code beside each label.
 *
 * The model is read through a few defensive accessors (`str`, `grp`, `list`…): whatever the reader
 * kept (an empty amount, a malformed date, a 30 000-character note, an unknown code) is shown as
 * received, and a missing group is simply not shown — the document definition never throws.
 */
import type { Column, Content, ContentTable, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { byId, label as catalogueLabel } from '../model/catalogue';
import type { CanonicalInvoice } from '../model/canonical';
import { codeWithName, DOCUMENT_KINDS, GENERIC_KIND, PAYMENT_MEANS, VAT_CATEGORIES, VAT_POINT_CODES } from './codes';
import { cleanText, formatAmount, formatBytes, formatDate, formatPercent, formatQuantity, formatTimestamp, mask, type Lang } from './format';
import { t } from './i18n';

/** What the PDF says about the validation (structurally a subset of validation/types.ts `ValidationReport`). */
export interface RenderValidation {
  valid: boolean;
  scenario?: string | null;
  packs: readonly { id: string; version: string; hash?: string }[];
  findings: readonly { ruleId: string; flag: 'fatal' | 'warning' | 'information'; message: string; location?: string }[];
}

export interface RenderOptions {
  /** Language of the labels and of the formatting (default `fr`). */
  lang?: Lang;
  /** Show the BT/BG code beside each label. */
  btCodes?: boolean;
  /** The hub's document id (footer). */
  documentId?: string;
  /** Reception timestamp, ISO 8601 (footer: the legal proof of receipt). Also the PDF's creation date. */
  receivedAt?: string;
  /** The validation report stored by the pipeline (footer and final section); absent: "not performed". */
  validation?: RenderValidation | null;
  /** Invoice lines laid out (default 10,000); beyond, one notice row says how many lines are only in the XML. */
  maxLines?: number;
}

export const DEFAULT_MAX_LINES = 10_000;

type Bag = Record<string, unknown>;
interface Ident {
  value: string;
  scheme?: string;
  schemeVersion?: string;
}

// ── Defensive accessors over the canonical model ─────────────────────────────────────────────

function isBag(v: unknown): v is Bag {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(b: Bag | undefined, id: string): string | undefined {
  const v = b?.[id];
  if (typeof v === 'string') return v;
  if (isBag(v) && typeof v.value === 'string') return v.value;
  return undefined;
}
function ident(b: Bag | undefined, id: string): Ident | undefined {
  return toIdent(b?.[id]);
}
/** An identifier from whatever the model holds: a string, or `{ value, scheme?, schemeVersion? }` with string members. */
function toIdent(v: unknown): Ident | undefined {
  if (typeof v === 'string') return { value: v };
  if (!isBag(v) || typeof v.value !== 'string') return undefined;
  return { value: v.value, scheme: typeof v.scheme === 'string' ? v.scheme : undefined, schemeVersion: typeof v.schemeVersion === 'string' ? v.schemeVersion : undefined };
}

function idents(b: Bag | undefined, id: string): Ident[] {
  const v = b?.[id];
  if (!Array.isArray(v)) {
    const one = ident(b, id);
    return one ? [one] : [];
  }
  return v.map(toIdent).filter((x): x is Ident => x !== undefined);
}
function grp(b: Bag | undefined, id: string): Bag | undefined {
  const v = b?.[id];
  return isBag(v) ? v : undefined;
}
function list(b: Bag | undefined, id: string): Bag[] {
  const v = b?.[id];
  return Array.isArray(v) ? v.filter(isBag) : [];
}

// ── Styles ───────────────────────────────────────────────────────────────────────────────────

/** 26+ characters without a break opportunity (URNs, URLs, base64…): laid out with `break-all`. */
const LONG_RUN = /[^\s-]{26,}/;

const GREY = '#555555';
const LIGHT = '#eef1f5';
const RULE = '#b8c2cc';
const ACCENT = '#1f3a5f';

const STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 16, bold: true, color: ACCENT },
  h2: { fontSize: 10, bold: true, color: ACCENT, margin: [0, 10, 0, 3] },
  label: { fontSize: 7.5, color: GREY },
  code: { fontSize: 6, color: '#8a6d00' },
  small: { fontSize: 7 },
  th: { fontSize: 7.5, bold: true, color: ACCENT, fillColor: LIGHT },
  footer: { fontSize: 6.5, color: GREY },
};

/** Lines only between rows, thin. */
const LIGHT_LAYOUT = {
  hLineWidth: (i: number) => (i === 0 ? 0 : 0.4),
  vLineWidth: () => 0,
  hLineColor: () => RULE,
  paddingLeft: () => 3,
  paddingRight: () => 3,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};
const KV_LAYOUT = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 4,
  paddingTop: () => 0.8,
  paddingBottom: () => 0.8,
};
const BOX_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => RULE,
  vLineColor: () => RULE,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

/** At most `max` characters, with an ellipsis when cut. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// ── The builder ──────────────────────────────────────────────────────────────────────────────

class Builder {
  readonly lang: Lang;
  readonly btCodes: boolean;
  readonly root: Bag;
  readonly currency: string;

  constructor(readonly model: CanonicalInvoice, readonly opts: RenderOptions) {
    this.lang = opts.lang ?? 'fr';
    this.btCodes = opts.btCodes === true;
    this.root = (isBag(model.terms) ? model.terms : {}) as Bag;
    this.currency = str(this.root, 'BT-5') ?? '';
  }

  // ── labels and values ──

  /** The catalogue label of a term, with its code when asked. */
  label(id: string, style = 'label'): ContentText {
    const text = catalogueLabel(id, this.lang);
    // pdfmake does not pass a style down to nested inline arrays: each piece carries its own.
    return this.btCodes ? { text: [{ text, style }, { text: ` ${id}`, style: 'code' }] } : { text, style };
  }

  /** Small code marker placed after an unlabelled value (address lines, item name…). */
  tag(id: string): ContentText[] {
    return this.btCodes ? [{ text: ` ${id}`, style: 'code' }] : [];
  }

  /** A value as a text node; a value with a very long unbreakable run may break anywhere (never overflows the page). */
  v(text: string, extra: Omit<ContentText, 'text'> = {}): ContentText {
    return LONG_RUN.test(text) ? { text, wordBreak: 'break-all', ...extra } : { text, ...extra };
  }

  /** A value formatted according to its catalogue data type. */
  fmt(id: string, raw: string): string {
    const type = byId(id)?.type;
    const text = cleanText(raw);
    switch (type) {
      case 'date':
        return formatDate(text, this.lang);
      case 'amount':
      case 'unit-price-amount':
        return formatAmount(text, this.lang);
      case 'quantity':
        return formatQuantity(text, this.lang);
      case 'percentage':
        return formatPercent(text, this.lang);
      default:
        return text;
    }
  }

  identText(v: Ident): string {
    const value = cleanText(v.value);
    if (v.scheme === undefined || v.scheme === '') return value;
    const version = v.schemeVersion ? ` ${cleanText(v.schemeVersion)}` : '';
    return `${value} [${cleanText(v.scheme)}${version}]`;
  }

  money(id: string, raw: string, currency = this.currency): string {
    if (raw.trim() === '') return '—'; // an empty amount (listed with the anomalies): no lone currency code
    const f = this.fmt(id, raw);
    return currency ? `${f}\u00a0${cleanText(currency)}` : f;
  }

  /** Key/value rows of the present terms of a group (scalar terms only), in the given order. */
  rows(b: Bag | undefined, ids: readonly string[]): TableCell[][] {
    const out: TableCell[][] = [];
    for (const id of ids) {
      const type = byId(id)?.type;
      if (type === 'scheme-identifier') {
        const vs = idents(b, id);
        if (vs.length > 0) out.push([this.label(id), this.v(vs.map((v) => this.identText(v)).join('\n'))]);
        continue;
      }
      const v = str(b, id);
      if (v === undefined) continue;
      out.push([this.label(id), this.v(this.valueText(id, v))]);
    }
    return out;
  }

  valueText(id: string, v: string): string {
    switch (id) {
      case 'BT-87':
      case 'BT-91':
        return mask(v);
      case 'BT-81':
        return codeWithName(PAYMENT_MEANS, cleanText(v), this.lang);
      case 'BT-8':
        return codeWithName(VAT_POINT_CODES, cleanText(v), this.lang);
      case 'BT-3':
        return codeWithName(DOCUMENT_KINDS, cleanText(v), this.lang);
      case 'BT-95':
      case 'BT-102':
      case 'BT-118':
      case 'BT-151':
        return codeWithName(VAT_CATEGORIES, cleanText(v), this.lang);
      default:
        return this.fmt(id, v);
    }
  }

  kvTable(rows: TableCell[][], labelWidth: number | '*' | 'auto' = 'auto'): ContentTable {
    return { table: { widths: [labelWidth, '*'], body: rows.length > 0 ? rows : [[{ text: '' }, { text: '' }]] }, layout: KV_LAYOUT, fontSize: 8.5 };
  }

  h2(id: string): Content {
    const l = catalogueLabel(id, this.lang);
    return { text: this.btCodes ? [{ text: l, style: 'h2' }, { text: ` ${id}`, style: 'code' }] : l, style: 'h2' };
  }

  address(b: Bag | undefined, groupId: string): TableCell[][] {
    const a = grp(b, groupId);
    if (!a) return [];
    // The address terms of this group (BT-35…40, BT-50…55…) by their catalogue key.
    const byKey = new Map((byId(groupId)?.children ?? []).map((c) => [byId(c)?.key, c]));
    const [l1, l2, l3, city, pc, sub, country] = ['line1', 'line2', 'line3', 'city', 'postCode', 'countrySubdivision', 'country'].map((k) => byKey.get(k) ?? '');
    const lines: ContentText[] = [];
    const add = (parts: [string | undefined, string][]): void => {
      const present = parts.filter((p): p is [string, string] => p[0] !== undefined && p[0] !== '');
      if (present.length === 0) return;
      if (lines.length > 0) lines.push({ text: '\n' });
      present.forEach(([v, id], i) => {
        lines.push({ text: (i > 0 ? ' ' : '') + cleanText(v) });
        lines.push(...this.tag(id));
      });
    };
    add([[str(a, l1), l1]]);
    add([[str(a, l2), l2]]);
    add([[str(a, l3), l3]]);
    add([[str(a, pc), pc], [str(a, city), city]]);
    add([[str(a, sub), sub]]);
    add([[str(a, country), country]]);
    if (lines.length === 0) return [];
    return [[this.label(groupId), { text: lines }]];
  }

  // ── sections ──

  titleBlock(): Content {
    const r = this.root;
    const code = str(r, 'BT-3');
    const kindName = code !== undefined && DOCUMENT_KINDS[code.trim()] ? DOCUMENT_KINDS[code.trim()][this.lang] : GENERIC_KIND[this.model.kind === 'credit-note' ? 'credit-note' : 'invoice'][this.lang];
    const number = str(r, 'BT-1');
    const left: Content = {
      stack: [
        { text: kindName, style: 'title' },
        { text: [number !== undefined ? cleanText(number) : '—', ...this.tag('BT-1')], fontSize: 12, bold: true, margin: [0, 2, 0, 0] },
        { text: t('generatedBy', this.lang), style: 'label', margin: [0, 4, 0, 0] },
      ],
    };
    const header = this.rows(r, ['BT-1', 'BT-3', 'BT-2', 'BT-9', 'BT-7', 'BT-8', 'BT-5', 'BT-6']);
    const process = this.rows(grp(r, 'BG-2'), ['BT-24', 'BT-23']);
    return {
      columns: [
        { width: '*', ...left },
        { width: 270, ...this.kvTable([...header, ...process], 92) },
      ],
      columnGap: 12,
    };
  }

  party(groupId: string, ids: readonly string[], addressId: string, contactId?: string, extra: TableCell[][] = []): Content | null {
    const g = grp(this.root, groupId);
    if (!g) return null;
    const [nameId, ...rest] = ids;
    const name = str(g, nameId);
    const rows: TableCell[][] = [];
    rows.push(...this.rows(g, rest));
    rows.push(...this.address(g, addressId));
    if (contactId) {
      const c = grp(g, contactId);
      rows.push(...this.rows(c, byId(contactId)?.children ?? []));
    }
    rows.push(...extra);
    const stack: Content[] = [
      { text: [catalogueLabel(groupId, this.lang), ...this.tag(groupId)], style: 'h2', margin: [0, 0, 0, 2] },
      { text: [name !== undefined ? cleanText(name) : '—', ...this.tag(nameId)], bold: true, fontSize: 9.5, margin: [0, 0, 0, 2] },
    ];
    if (rows.length > 0) stack.push(this.kvTable(rows, 96));
    return { table: { widths: ['*'], body: [[{ stack }]], dontBreakRows: true }, layout: BOX_LAYOUT };
  }

  parties(): Content[] {
    const seller = this.party('BG-4', ['BT-27', 'BT-28', 'BT-29', 'BT-30', 'BT-31', 'BT-32', 'BT-33', 'BT-34'], 'BG-5', 'BG-6');
    const buyer = this.party('BG-7', ['BT-44', 'BT-45', 'BT-46', 'BT-47', 'BT-48', 'BT-49'], 'BG-8', 'BG-9');
    const payee = this.party('BG-10', ['BT-59', 'BT-60', 'BT-61'], '');
    const rep = this.party('BG-11', ['BT-62', 'BT-63'], 'BG-12');
    const out: Content[] = [];
    const pair = (a: Content | null, b: Content | null): void => {
      if (!a && !b) return;
      out.push({ columns: [{ width: '*', stack: a ? [a] : [] }, { width: '*', stack: b ? [b] : [] }], columnGap: 10, margin: [0, 8, 0, 0] });
    };
    pair(seller, buyer);
    pair(payee, rep);
    const delivery = this.delivery();
    if (delivery) out.push(delivery);
    return out;
  }

  delivery(): Content | null {
    const d = grp(this.root, 'BG-13');
    if (!d) return null;
    const rows = this.rows(d, ['BT-70', 'BT-71', 'BT-72']);
    rows.push(...this.address(d, 'BG-15'));
    const period = grp(d, 'BG-14');
    const periodRows = this.rows(period, ['BT-73', 'BT-74']);
    const cols: Column[] = [];
    if (rows.length > 0) cols.push({ width: '*', stack: [this.h2('BG-13'), this.kvTable(rows, 96)] });
    if (periodRows.length > 0) cols.push({ width: '*', stack: [this.h2('BG-14'), this.kvTable(periodRows, 96)] });
    if (cols.length === 0) return null;
    if (cols.length === 1) cols.push({ width: '*', text: '' });
    return { columns: cols, columnGap: 10 };
  }

  references(): Content[] {
    const r = this.root;
    const rows = this.rows(r, ['BT-10', 'BT-13', 'BT-14', 'BT-12', 'BT-11', 'BT-15', 'BT-16', 'BT-17', 'BT-18', 'BT-19']);
    for (const p of list(r, 'BG-3')) {
      const ref = str(p, 'BT-25');
      const date = str(p, 'BT-26');
      const text: ContentText[] = [this.v(ref !== undefined ? cleanText(ref) : '—'), ...this.tag('BT-25')];
      if (date !== undefined) text.push(...this.labelColon('BT-26', ' — '), { text: this.fmt('BT-26', date) });
      rows.push([this.label('BG-3'), { text }]);
    }
    if (rows.length === 0) return [];
    const half = Math.ceil(rows.length / 2);
    return [
      { text: t('references', this.lang), style: 'h2' },
      { columns: [{ width: '*', ...this.kvTable(rows.slice(0, half), 120) }, { width: '*', ...this.kvTable(rows.slice(half), 120) }], columnGap: 10 },
    ];
  }

  notes(): Content[] {
    const notes = list(this.root, 'BG-1');
    if (notes.length === 0) return [];
    const out: Content[] = [this.h2('BG-1')];
    for (const n of notes) {
      const code = str(n, 'BT-21');
      const text = str(n, 'BT-22') ?? '';
      out.push({
        text: [...(code !== undefined ? [{ text: `[${cleanText(code)}] `, bold: true }, ...this.tag('BT-21')] : []), this.v(cleanText(text)), ...this.tag('BT-22')],
        fontSize: 8.5,
        margin: [0, 0, 0, 2],
      });
    }
    return out;
  }

  /** `<sep>Label: ` as few inline pieces as possible (each piece costs layout time on long invoices). */
  labelColon(id: string, sep = '\n'): ContentText[] {
    const l = catalogueLabel(id, this.lang);
    return this.btCodes ? [{ text: sep + l, style: 'label' }, { text: ` ${id}`, style: 'code' }, { text: ': ', style: 'label' }] : [{ text: `${sep}${l}: `, style: 'label' }];
  }

  /** One `Label: value` piece inside a line item cell. */
  inline(id: string, value: string, sep = '\n'): ContentText[] {
    return [...this.labelColon(id, sep), this.v(value, { fontSize: 7.5 })];
  }

  allowanceCharge(b: Bag, kind: 'allowance' | 'charge', ids: { amount: string; base: string; pct: string; reason: string; code: string; cat?: string; rate?: string }): ContentText[] {
    const amount = str(b, ids.amount);
    const parts: ContentText[] = this.labelColon(kind === 'allowance' ? (ids.cat ? 'BG-20' : 'BG-27') : ids.cat ? 'BG-21' : 'BG-28', '');
    parts.push({ text: (kind === 'allowance' ? '− ' : '+ ') + (amount !== undefined ? this.fmt(ids.amount, amount) : '—') });
    const details: ContentText[] = [];
    const add = (id: string | undefined): void => {
      if (!id) return;
      const v = str(b, id);
      if (v === undefined) return;
      details.push(...this.labelColon(id, details.length > 0 ? '; ' : ' ('), { text: this.valueText(id, v) });
    };
    add(ids.reason);
    add(ids.code);
    add(ids.pct);
    add(ids.base);
    if (details.length > 0) details.push({ text: ')' });
    return [...parts, ...details];
  }

  lineRow(line: Bag): TableCell[] {
    const item = grp(line, 'BG-31');
    const price = grp(line, 'BG-29');
    const vat = grp(line, 'BG-30');
    const name = str(item, 'BT-153');
    const itemText: ContentText[] = [this.v(name !== undefined ? cleanText(name) : '—', { bold: true }), ...this.tag('BT-153')];
    const desc = str(item, 'BT-154');
    if (desc !== undefined) itemText.push({ text: '\n' }, this.v(cleanText(desc)), ...this.tag('BT-154'));
    // Secondary facts run on as few lines as possible (a 1,000-line invoice stays readable):
    // identifiers on one line, attributes on one, references and period on one, prices on one.
    const run = (entries: [string, string][]): void => {
      entries.forEach(([id, value], i) => itemText.push(...this.inline(id, value, i === 0 ? '\n' : ' · ')));
    };
    const ids: [string, string][] = [];
    for (const id of ['BT-155', 'BT-156', 'BT-157', 'BT-158', 'BT-159']) {
      const vs = byId(id)?.type === 'scheme-identifier' ? idents(item, id).map((v) => this.identText(v)) : [str(item, id)].filter((v): v is string => v !== undefined).map((v) => cleanText(v));
      for (const v of vs) ids.push([id, v]);
    }
    run(ids);
    list(item, 'BG-32').forEach((a, i) => {
      const n = str(a, 'BT-160');
      const v = str(a, 'BT-161');
      itemText.push({ text: (i === 0 ? '\n' : ' · ') + (n !== undefined ? cleanText(n) : '—'), style: 'label' }, ...this.tag('BT-160'), { text: ': ', style: 'label' }, this.v(v !== undefined ? cleanText(v) : '', { fontSize: 7.5 }), ...this.tag('BT-161'));
    });
    const refs: [string, string][] = [];
    const note = str(line, 'BT-127');
    if (note !== undefined) refs.push(['BT-127', cleanText(note)]);
    const obj = ident(line, 'BT-128');
    if (obj) refs.push(['BT-128', this.identText(obj)]);
    const olr = str(line, 'BT-132');
    if (olr !== undefined) refs.push(['BT-132', cleanText(olr)]);
    const acc = str(line, 'BT-133');
    if (acc !== undefined) refs.push(['BT-133', cleanText(acc)]);
    run(refs);
    const period = grp(line, 'BG-26');
    if (period) {
      const s = str(period, 'BT-134');
      const e = str(period, 'BT-135');
      if (s !== undefined || e !== undefined) {
        itemText.push(...this.labelColon('BG-26', refs.length > 0 ? ' · ' : '\n'), { text: s !== undefined ? this.fmt('BT-134', s) : '…' }, ...this.tag('BT-134'), { text: ' – ' }, { text: e !== undefined ? this.fmt('BT-135', e) : '…' }, ...this.tag('BT-135'));
      }
    }
    // Gross price and price discount (BG-29) beside the item: the price column keeps the net price.
    run((['BT-148', 'BT-147'] as const).map((pid) => [pid, str(price, pid)] as const).filter((x): x is readonly [typeof x[0], string] => x[1] !== undefined).map(([pid, v]) => [pid, this.fmt(pid, v)]));
    for (const a of list(line, 'BG-27')) itemText.push({ text: '\n' }, ...this.allowanceCharge(a, 'allowance', { amount: 'BT-136', base: 'BT-137', pct: 'BT-138', reason: 'BT-139', code: 'BT-140' }));
    for (const c of list(line, 'BG-28')) itemText.push({ text: '\n' }, ...this.allowanceCharge(c, 'charge', { amount: 'BT-141', base: 'BT-142', pct: 'BT-143', reason: 'BT-144', code: 'BT-145' }));

    const id = str(line, 'BT-126');
    const qty = str(line, 'BT-129');
    const unit = str(line, 'BT-130');
    const qtyText: ContentText[] = [{ text: qty !== undefined ? this.fmt('BT-129', qty) : '—' }, ...(unit !== undefined ? [{ text: `\n${cleanText(unit)}`, style: 'label' }, ...this.tag('BT-130')] : [])];

    const net = str(price, 'BT-146');
    const priceText: ContentText[] = [{ text: net !== undefined ? this.fmt('BT-146', net) : '—' }];
    const bq = str(price, 'BT-149');
    const bqu = str(price, 'BT-150');
    if (bq !== undefined || bqu !== undefined) priceText.push({ text: '\n' }, { text: '/ ', style: 'label' }, { text: bq !== undefined ? this.fmt('BT-149', bq) : '' }, ...this.tag('BT-149'), { text: bqu !== undefined ? ` ${cleanText(bqu)}` : '', style: 'label' }, ...this.tag('BT-150'));

    const cat = str(vat, 'BT-151');
    const rate = str(vat, 'BT-152');
    const vatText: ContentText[] = [{ text: cat !== undefined ? cleanText(cat) : '—' }, ...this.tag('BT-151')];
    if (rate !== undefined) vatText.push({ text: '\n' + this.fmt('BT-152', rate) }, ...this.tag('BT-152'));

    const amount = str(line, 'BT-131');
    return [
      { text: [{ text: id !== undefined ? cleanText(id) : '—' }] },
      { text: itemText },
      { text: qtyText, alignment: 'right' },
      { text: priceText, alignment: 'right' },
      { text: vatText, alignment: 'center' },
      { text: amount !== undefined ? this.fmt('BT-131', amount) : '—', alignment: 'right' },
    ];
  }

  /** true when a line carries so much text that it might not fit on one page. */
  hugeLines(lines: Bag[]): boolean {
    return lines.slice(0, Math.max(1, this.opts.maxLines ?? DEFAULT_MAX_LINES)).some((l) => JSON.stringify(l).length > 3000);
  }

  lines(): Content[] {
    const lines = list(this.root, 'BG-25');
    const head = (id: string, alignment: 'left' | 'right' | 'center' = 'left'): TableCell => ({ ...this.label(id, 'th'), style: 'th', alignment });
    // The section title is the first header row: repeated on every page with the column headers.
    const title: TableCell = {
      text: [{ text: catalogueLabel('BG-25', this.lang), style: 'h2' }, ...this.tag('BG-25'), { text: ` (${lines.length} — ${t('currency', this.lang)} ${cleanText(this.currency)})`, style: 'label' }],
      colSpan: 6,
      border: [false, false, false, false],
      margin: [-3, 8, 0, 1],
    };
    const body: TableCell[][] = [[title, {}, {}, {}, {}, {}], [head('BT-126'), head('BG-31'), head('BT-129', 'right'), head('BT-146', 'right'), head('BG-30', 'center'), head('BT-131', 'right')]];
    const max = Math.max(1, this.opts.maxLines ?? DEFAULT_MAX_LINES);
    for (const l of lines.slice(0, max)) body.push(this.lineRow(l));
    if (lines.length > max) {
      const notice = t('linesOmitted', this.lang).replace('{from}', formatQuantity(String(max + 1), this.lang)).replace('{to}', formatQuantity(String(lines.length), this.lang));
      body.push([{ text: notice, colSpan: 6, bold: true, margin: [0, 4, 0, 4] }, {}, {}, {}, {}, {}]);
    }
    return [
      // Rows stay whole on a page, unless some line is so long that it could not fit on one; the
      // headers never stay alone at the bottom of a page.
      { table: { headerRows: 2, keepWithHeaderRows: 1, dontBreakRows: !this.hugeLines(lines), widths: [28, '*', 48, 58, 42, 60], body }, layout: LIGHT_LAYOUT, fontSize: 8 },
    ];
  }

  documentAllowancesCharges(): Content[] {
    const allowances = list(this.root, 'BG-20');
    const charges = list(this.root, 'BG-21');
    if (allowances.length === 0 && charges.length === 0) return [];
    const out: Content[] = [];
    const table = (groupId: string, items: Bag[], ids: string[]): void => {
      if (items.length === 0) return;
      const [amount, base, pct, cat, rate, reason, code] = ids;
      const body: TableCell[][] = [[reason, code, pct, base, cat, amount].map((id, i) => ({ ...this.label(id, 'th'), style: 'th', alignment: i === 3 || i === 5 ? 'right' : 'left' }))];
      for (const it of items) {
        const val = (id: string): string => {
          const v = str(it, id);
          return v !== undefined ? this.valueText(id, v) : '';
        };
        const r = str(it, rate);
        body.push([{ text: val(reason) }, { text: val(code) }, { text: val(pct) }, { text: val(base), alignment: 'right' }, { text: val(cat) + (r !== undefined ? `\n${this.fmt(rate, r)}` : '') }, { text: val(amount), alignment: 'right' }]);
      }
      out.push({ stack: [this.h2(groupId), { table: { headerRows: 1, dontBreakRows: true, widths: ['*', 50, 50, 62, 90, 62], body }, layout: LIGHT_LAYOUT, fontSize: 8 }], unbreakable: items.length <= 25 });
    };
    table('BG-20', allowances, ['BT-92', 'BT-93', 'BT-94', 'BT-95', 'BT-96', 'BT-97', 'BT-98']);
    table('BG-21', charges, ['BT-99', 'BT-100', 'BT-101', 'BT-102', 'BT-103', 'BT-104', 'BT-105']);
    return out;
  }

  vatBreakdown(): Content {
    const items = list(this.root, 'BG-23');
    const ids = ['BT-118', 'BT-119', 'BT-116', 'BT-117', 'BT-120', 'BT-121'];
    const body: TableCell[][] = [ids.map((id, i) => ({ ...this.label(id, 'th'), style: 'th', alignment: i === 2 || i === 3 ? 'right' : 'left' }))];
    for (const it of items) {
      body.push(ids.map((id, i) => {
        const v = str(it, id);
        return { text: v !== undefined ? this.valueText(id, v) : '', alignment: i === 2 || i === 3 ? 'right' : 'left' } as TableCell;
      }));
    }
    return { stack: [this.h2('BG-23'), { table: { headerRows: 1, dontBreakRows: true, widths: [80, 40, 62, 62, '*', 64], body }, layout: LIGHT_LAYOUT, fontSize: 8 }], unbreakable: items.length <= 25 };
  }

  totals(): Content {
    const tot = grp(this.root, 'BG-22');
    const vatCur = str(this.root, 'BT-6') ?? '';
    const rows: TableCell[][] = [];
    for (const id of ['BT-106', 'BT-107', 'BT-108', 'BT-109', 'BT-110', 'BT-111', 'BT-112', 'BT-113', 'BT-114', 'BT-115']) {
      const v = str(tot, id);
      if (v === undefined) continue;
      const strong = id === 'BT-115' || id === 'BT-112';
      rows.push([{ ...this.label(id), ...(strong ? { bold: true, fontSize: 8.5, color: '#000000' } : {}) }, { text: this.money(id, v, id === 'BT-111' ? vatCur : this.currency), alignment: 'right', bold: strong }]);
    }
    return {
      columns: [
        { width: '*', text: '' },
        { width: 260, stack: [this.h2('BG-22'), { table: { widths: ['*', 'auto'], body: rows.length > 0 ? rows : [[{ text: '—' }, { text: '' }]] }, layout: LIGHT_LAYOUT, fontSize: 9 }] },
      ],
      unbreakable: true,
    } as Content;
  }

  payment(): Content[] {
    const p = grp(this.root, 'BG-16');
    const terms = str(this.root, 'BT-20');
    if (!p && terms === undefined) return [];
    const rows: TableCell[][] = [];
    rows.push(...this.rows(p, ['BT-81', 'BT-82', 'BT-83']));
    for (const ct of list(p, 'BG-17')) {
      const acc = this.rows(ct, ['BT-84', 'BT-85', 'BT-86']);
      if (acc.length > 0) rows.push([this.label('BG-17'), this.kvTable(acc)]);
    }
    const card = grp(p, 'BG-18');
    if (card) {
      const r = this.rows(card, ['BT-87', 'BT-88']);
      if (r.length > 0) rows.push([this.label('BG-18'), this.kvTable(r)]);
    }
    const dd = grp(p, 'BG-19');
    if (dd) {
      const r = this.rows(dd, ['BT-89', 'BT-90', 'BT-91']);
      if (r.length > 0) rows.push([this.label('BG-19'), this.kvTable(r)]);
    }
    if (terms !== undefined) rows.push([this.label('BT-20'), { text: cleanText(terms) }]);
    if (rows.length === 0) return [];
    return [{ stack: [this.h2('BG-16'), this.kvTable(rows, 120)], unbreakable: rows.length <= 25 }];
  }

  attachments(): Content[] {
    const docs = list(this.root, 'BG-24');
    if (docs.length === 0) return [];
    const ids = ['BT-122', 'BT-123', 'BT-124', 'BT-125'];
    const body: TableCell[][] = [ids.map((id) => ({ ...this.label(id, 'th'), style: 'th' }))];
    for (const d of docs) {
      const bin = d['BT-125'];
      let binText = '';
      if (isBag(bin)) {
        const b = bin as { filename?: unknown; mimeCode?: unknown; size?: unknown };
        const parts = [typeof b.filename === 'string' && b.filename !== '' ? cleanText(b.filename) : null, typeof b.mimeCode === 'string' && b.mimeCode !== '' ? cleanText(b.mimeCode) : null, typeof b.size === 'number' ? formatBytes(b.size, this.lang) : null].filter((x): x is string => x !== null);
        binText = `${parts.join(' · ')}\n(${t('embedded', this.lang)})`;
      }
      body.push([this.v(cleanText(str(d, 'BT-122') ?? '')), this.v(cleanText(str(d, 'BT-123') ?? '')), this.v(cleanText(str(d, 'BT-124') ?? '')), this.v(binText)]);
    }
    return [{ stack: [this.h2('BG-24'), { table: { headerRows: 1, dontBreakRows: true, widths: [90, '*', 130, 130], body }, layout: LIGHT_LAYOUT, fontSize: 8 }], unbreakable: docs.length <= 15 }];
  }

  validationSection(): Content[] {
    const v = this.opts.validation;
    const head: Content[] = [{ text: t('validation', this.lang), style: 'h2', margin: [0, 14, 0, 3] }];
    head.push({ text: `${t('validation', this.lang)}: ${this.outcome()}`, fontSize: 8.5, bold: true });
    const out: Content[] = [{ stack: head, unbreakable: true }];
    if (v) {
      if (v.scenario) head.push({ text: `${t('scenario', this.lang)}: ${cleanText(v.scenario)}`, fontSize: 8 });
      if (v.packs.length > 0) {
        head.push({ text: t('rulePacks', this.lang), style: 'label', margin: [0, 3, 0, 1] });
        head.push({ table: { widths: ['auto', 'auto', '*'], body: v.packs.slice(0, 50).map((p) => [this.v(cleanText(p.id, 200)), this.v(cleanText(p.version, 100)), this.v(cleanText(p.hash ?? '', 200), { style: 'label' })]) }, layout: LIGHT_LAYOUT, fontSize: 7.5 });
      }
      const findings = v.findings.filter((f) => f.flag !== 'information').slice(0, 500);
      out.push({ text: t('findings', this.lang), style: 'label', margin: [0, 4, 0, 1] });
      if (findings.length === 0) out.push({ text: t('noWarnings', this.lang), fontSize: 8 });
      else {
        out.push({
          table: {
            headerRows: 0,
            widths: [48, 100, '*'],
            body: findings.map((f) => [{ text: f.flag === 'fatal' ? t('fatalFlag', this.lang) : t('warning', this.lang), bold: f.flag === 'fatal' }, { text: cleanText(f.ruleId) }, { text: [{ text: cleanText(f.message) }, ...(f.location ? [{ text: `\n${cleanText(f.location, 400)}`, style: 'label' }] : [])] }]),
          },
          layout: LIGHT_LAYOUT,
          fontSize: 7.5,
        });
      }
    }
    if (this.model.anomalies.length > 0) {
      out.push({ text: t('anomalies', this.lang), style: 'label', margin: [0, 4, 0, 1] });
      out.push({
        table: { widths: [110, '*'], body: this.model.anomalies.slice(0, 500).map((a) => [this.label(a.term, 'small'), { text: [cleanText(a.message, 500), { text: `\n${cleanText(a.location, 400)}`, style: 'label' }] }]) },
        layout: LIGHT_LAYOUT,
        fontSize: 7.5,
      });
    }
    return out;
  }

  outcome(): string {
    const v = this.opts.validation;
    if (!v) return t('notValidated', this.lang);
    const warnings = v.findings.filter((f) => f.flag === 'warning').length;
    const fatal = v.findings.filter((f) => f.flag === 'fatal').length;
    const parts = [v.valid ? t('valid', this.lang) : t('invalid', this.lang)];
    if (fatal > 0) parts.push(`${fatal} ${t('fatal', this.lang)}`);
    parts.push(`${warnings} ${warnings === 1 ? t('warning', this.lang) : t('warnings', this.lang)}`);
    return parts.join(', ');
  }

  footer(page: number, pages: number): Content {
    const v = this.opts.validation;
    // pdfmake drops a footer taller than the bottom margin: every part is bounded (full texts are in the last section).
    const id = this.opts.documentId ? shorten(cleanText(this.opts.documentId), 80) : '—';
    const received = this.opts.receivedAt ? `${t('received', this.lang)} ${formatTimestamp(this.opts.receivedAt, this.lang)}` : t('notReceived', this.lang);
    const packs = v && v.packs.length > 0 ? shorten(v.packs.map((p) => `${cleanText(p.id)} ${cleanText(p.version)}`).join(', '), 160) : '—';
    return {
      margin: [36, 8, 36, 0],
      table: {
        widths: ['*', 'auto'],
        body: [
          [
            { text: `${t('document', this.lang)} ${id} · ${received}`, style: 'footer' },
            { text: `${t('page', this.lang)} ${page} / ${pages}`, style: 'footer', alignment: 'right', bold: true },
          ],
          [{ text: `${t('rules', this.lang)}: ${packs} · ${t('validation', this.lang)}: ${this.outcome()}`, style: 'footer', colSpan: 2 }, {}],
        ],
      },
      layout: { hLineWidth: (i: number) => (i === 0 ? 0.5 : 0), vLineWidth: () => 0, hLineColor: () => RULE, paddingLeft: () => 0, paddingRight: () => 0, paddingTop: () => 1, paddingBottom: () => 0 },
    };
  }

  header(page: number): Content {
    if (page === 1) return { text: '' };
    const number = str(this.root, 'BT-1') ?? '';
    const seller = str(grp(this.root, 'BG-4'), 'BT-27') ?? '';
    // one line at most: a header taller than the top margin would be dropped
    return { text: shorten(`${cleanText(number)} — ${cleanText(seller)}`, 150), style: 'footer', margin: [36, 16, 36, 0] };
  }

  build(): TDocumentDefinitions {
    const title = `${str(this.root, 'BT-1') ?? ''}`;
    const created = this.opts.receivedAt && !Number.isNaN(Date.parse(this.opts.receivedAt)) ? new Date(Date.parse(this.opts.receivedAt)) : new Date(0);
    return {
      pageSize: 'A4',
      pageMargins: [36, 40, 36, 54],
      language: this.lang,
      info: {
        title: cleanText(title, 200),
        author: 'e-Invoicing Hub',
        subject: this.opts.documentId ? cleanText(this.opts.documentId, 200) : 'standardised invoice view',
        creator: 'e-Invoicing Hub',
        producer: 'e-Invoicing Hub (pdfmake)',
        creationDate: created,
        modDate: created,
      },
      defaultStyle: { font: 'Roboto', fontSize: 8.5, lineHeight: 1.1 },
      styles: STYLES,
      header: (page: number) => this.header(page),
      footer: (page: number, pages: number) => this.footer(page, pages),
      content: [
        this.titleBlock(),
        ...this.parties(),
        ...this.references(),
        ...this.notes(),
        ...this.lines(),
        ...this.documentAllowancesCharges(),
        this.vatBreakdown(),
        this.totals(),
        ...this.payment(),
        ...this.attachments(),
        ...this.validationSection(),
      ],
    };
  }
}

/** The pdfmake document definition of an invoice (pure: same model and options, same definition). */
export function buildDocument(model: CanonicalInvoice, opts: RenderOptions = {}): TDocumentDefinitions {
  return new Builder(model, opts).build();
}
