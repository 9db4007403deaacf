/**
 * Readers: UBL Invoice, UBL CreditNote and CII (self-billing variants included) into the canonical
 * model, driven by the catalogue paths. Odd but well-formed content never throws: a value that is
 * not what its data type says is kept raw and listed in `anomalies`; a repeated single-valued term
 * keeps its first value (the others stay in `unmapped`); content no BT carries is listed in `unmapped`.
 */
import { catalogue, childrenOf, type Term } from './catalogue';
import { BinaryObject, isDecimal, type Anomaly, type CanonicalInvoice, type DocumentKind, type Identifier, type InvoiceTerms, type Syntax, type UnmappedNode } from './canonical';
import { compilePath, evaluate, hitValue, markHit, type Hit, type Vars } from './path';
import { parseXml, XElement, XmlReadError } from './xml';

export { XmlReadError } from './xml';

/** UNTDID 1001 codes of credit notes (a CII document with one of them is read as a credit note). */
export const CREDIT_NOTE_TYPE_CODES = new Set(['81', '83', '261', '262', '296', '308', '381', '396', '420', '458', '532']);

export type SourceFormat = 'ubl-invoice' | 'ubl-creditnote' | 'cii';

/**
 * The UBL `cac:OrderReference/cbc:ID` of a document with a sales order reference (BT-14) but no purchase
 * order reference (BT-13): the element is mandatory in UBL, and the UBL syntax binding (EN 16931-3-2,
 * Peppol BIS Billing 3.0) fills it with `NA`, which is read back as no BT-13.
 */
export const NO_PURCHASE_ORDER = 'NA';

/** Which syntax a root element is, or null. */
export function detectFormat(root: XElement): SourceFormat | null {
  if (root.name === 'Invoice') return 'ubl-invoice';
  if (root.name === 'CreditNote') return 'ubl-creditnote';
  if (root.name === 'rsm:CrossIndustryInvoice') return 'cii';
  return null;
}

/** The catalogue path of a term for a source format (null: the syntax does not carry it). */
export function pathFor(t: Term, format: SourceFormat): string | null {
  if (format === 'cii') return t.cii;
  if (format === 'ubl-creditnote' && t.ublCn !== undefined) return t.ublCn;
  return t.ubl;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

function realDate(y: string, m: string, d: string): boolean {
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return dt.getUTCFullYear() === Number(y) && dt.getUTCMonth() === Number(m) - 1 && dt.getUTCDate() === Number(d);
}

/** Terms whose descendants have absolute paths: such a group is read even when its own element is absent. */
const hasAbsoluteDescendant = new Map<string, boolean>();
function absoluteBelow(t: Term, format: SourceFormat): boolean {
  const key = `${format}:${t.id}`;
  let v = hasAbsoluteDescendant.get(key);
  if (v === undefined) {
    v = childrenOf(t.id).some((c) => (pathFor(c, format) ?? '').startsWith('/') || (c.type === 'group' && absoluteBelow(c, format)));
    hasAbsoluteDescendant.set(key, v);
  }
  return v;
}

class Reader {
  readonly anomalies: Anomaly[] = [];
  readonly vars: Vars = {};
  constructor(
    readonly root: XElement,
    readonly format: SourceFormat,
  ) {}

  get syntax(): Syntax {
    return this.format === 'cii' ? 'cii' : 'ubl';
  }

  flag(term: Term, el: XElement, raw: string, message: string, attr?: string): void {
    this.anomalies.push({ term: term.id, location: el.location() + (attr ? `/@${attr}` : ''), raw, message });
  }

  select(t: Term, ctx: XElement[]): Hit[] {
    const path = pathFor(t, this.format);
    if (path === null) return [];
    if (path === '' || path === '.') return ctx.map((el) => ({ el }));
    const compiled = compilePath(path);
    if (compiled.every((p) => p.absolute)) return evaluate(compiled, this.root, this.vars, true);
    const out: Hit[] = [];
    for (const el of ctx) out.push(...evaluate(compiled, el, this.vars, true));
    return out;
  }

  group(id: string | null, ctx: XElement[]): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (const t of childrenOf(id)) {
      const hits = this.select(t, ctx);
      if (t.type === 'group') {
        if (t.repeats) {
          obj[t.id] = hits.map((h) => this.group(t.id, [h.el]));
        } else if (hits.length > 0 || absoluteBelow(t, this.format)) {
          const g = this.group(t.id, hits.map((h) => h.el));
          if (Object.keys(g).some((k) => !Array.isArray(g[k]) || (g[k] as unknown[]).length > 0)) obj[t.id] = g;
        }
        continue;
      }
      const values = hits.map((h) => this.value(t, h));
      if (t.repeats) {
        obj[t.id] = values.filter((v) => v !== undefined);
        continue;
      }
      const present = values.map((v, i) => ({ v, h: hits[i] })).filter((x) => x.v !== undefined);
      if (present.length === 0) continue;
      obj[t.id] = present[0].v;
      const first = JSON.stringify(present[0].v);
      const differing = present.slice(1).filter((x) => JSON.stringify(x.v) !== first);
      for (const x of differing) {
        // Keep the first; leave the others visible as unmapped content.
        if (x.h.attr !== undefined) x.h.el.usedAttrs?.delete(x.h.attr);
        else x.h.el.used = false;
      }
      if (differing.length > 0) {
        this.flag(t, differing[0].h.el, hitValue(differing[0].h), `${t.id} (${t.name}) occurs ${present.length} times with different values where EN 16931 allows one; the first is kept`);
      }
      if (t.id === 'BT-5' || t.id === 'BT-6') this.vars[t.id] = typeof obj[t.id] === 'string' ? (obj[t.id] as string) : undefined;
    }
    return obj;
  }

  value(t: Term, h: Hit): unknown {
    markHit(h);
    let raw = hitValue(h).trim();
    const el = h.el;
    if (this.syntax === 'ubl' && (t.id === 'BT-21' || t.id === 'BT-22')) {
      // UBL carries the note subject code as a `#CODE#` prefix of the note (EN 16931-3-2).
      const m = /^#([A-Za-z0-9]{1,3})#/.exec(raw);
      if (t.id === 'BT-21') return m ? m[1] : undefined;
      raw = m ? raw.slice(m[0].length) : raw;
      return raw;
    }
    switch (t.type) {
      case 'amount':
      case 'unit-price-amount': {
        const cur = el.attrs.get('currencyID');
        if (cur !== undefined) {
          el.markAttr('currencyID');
          const expected = this.vars[t.currency ?? 'BT-5'];
          if (expected !== undefined && cur.trim() !== expected) this.flag(t, el, cur, `currency ${cur} differs from ${t.currency ?? 'BT-5'} (${expected})`, 'currencyID');
        }
        return this.decimal(t, el, raw);
      }
      case 'quantity':
      case 'percentage':
        return this.decimal(t, el, raw);
      case 'date':
        return this.date(t, el, raw);
      case 'scheme-identifier': {
        if (raw === '') return undefined;
        const id: Identifier = { value: raw };
        const schemePath = (this.syntax === 'cii' ? t.ciiScheme : undefined) ?? t.scheme ?? '@schemeID';
        const sh = evaluate(compilePath(schemePath), el, this.vars, true)[0];
        if (sh) {
          markHit(sh);
          id.scheme = hitValue(sh).trim();
        }
        if (t.id === 'BT-158' && el.attrs.has('listVersionID')) {
          el.markAttr('listVersionID');
          id.schemeVersion = (el.attrs.get('listVersionID') as string).trim();
        }
        return id;
      }
      case 'binary': {
        for (const a of ['mimeCode', 'filename']) if (el.attrs.has(a)) el.markAttr(a);
        const mime = el.attrs.get('mimeCode') ?? '';
        const filename = el.attrs.get('filename') ?? '';
        if (!mime) this.flag(t, el, '', 'attached document without mime code');
        if (!/^[A-Za-z0-9+/=\s]*$/.test(raw)) this.flag(t, el, raw.slice(0, 80), 'attached document content is not base64');
        return new BinaryObject(mime, filename, raw);
      }
      case 'code':
        if (raw === '') return undefined;
        // A CII code of another code list than the model's (BT-8) is read as the model's code.
        if (this.syntax === 'cii' && t.ciiCodes) return Object.entries(t.ciiCodes).find(([, cii]) => cii === raw)?.[0] ?? raw;
        return raw;
      default:
        // An empty text, code or identifier carries nothing: it is treated as absent.
        return raw === '' ? undefined : raw;
    }
  }

  decimal(t: Term, el: XElement, raw: string): string {
    if (!isDecimal(raw)) this.flag(t, el, raw, raw === '' ? `${t.id} (${t.name}) is empty` : `${t.id} (${t.name}) is not a decimal number`);
    return raw;
  }

  date(t: Term, el: XElement, raw: string): string {
    if (this.syntax === 'cii') {
      const format = el.attrs.get('format');
      if (format !== undefined) el.markAttr('format');
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
      if ((format === undefined || format.trim() === '102') && m && realDate(m[1], m[2], m[3])) return `${m[1]}-${m[2]}-${m[3]}`;
      this.flag(t, el, raw, `${t.id} (${t.name}) is not a date in format 102 (YYYYMMDD)${format && format !== '102' ? `: format ${format}` : ''}`);
      return raw;
    }
    const m = ISO_DATE.exec(raw);
    if (m && realDate(m[1], m[2], m[3])) return `${m[1]}-${m[2]}-${m[3]}`;
    this.flag(t, el, raw, `${t.id} (${t.name}) is not an ISO date (YYYY-MM-DD)`);
    return raw;
  }
}

/** Everything in the tree the mapping did not consume (leaf text and attributes), with its location. */
function collectUnmapped(root: XElement): UnmappedNode[] {
  const out: UnmappedNode[] = [];
  const walk = (el: XElement, loc: string): void => {
    for (const [k, v] of el.attrs) {
      if (k.startsWith('xsi:') || el.usedAttrs?.has(k)) continue;
      out.push({ location: `${loc}/@${k}`, value: v });
    }
    if (el.children.length === 0) {
      if (!el.used && el.text.trim() !== '') out.push({ location: loc, value: el.text.trim() });
      return;
    }
    const counts = new Map<string, number>();
    for (const c of el.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const c of el.children) {
      const n = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, n);
      walk(c, `${loc}/${c.name}${(counts.get(c.name) as number) > 1 ? `[${n}]` : ''}`);
    }
  };
  walk(root, `/${root.name}`);
  return out;
}

export class ModelReadError extends Error {}

/** Reads a UBL Invoice, UBL CreditNote or CII document. Throws ModelReadError when the document is none of them or is not XML. */
export function readInvoice(xml: Buffer | string): CanonicalInvoice {
  let root: XElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlReadError) throw new ModelReadError(e.message, { cause: e });
    throw e;
  }
  return readTree(root);
}

/** Reads an already parsed tree (marks the nodes it consumes). A Peppol SBDH envelope is opened: the business document inside is read. */
export function readTree(root: XElement): CanonicalInvoice {
  if (root.name === 'sh:StandardBusinessDocument') {
    const inner = root.children.find((c) => c.name !== 'sh:StandardBusinessDocumentHeader');
    if (!inner) throw new ModelReadError('the SBDH envelope holds no business document');
    inner.parent = null;
    root = inner;
  }
  const format = detectFormat(root);
  if (!format) throw new ModelReadError(`not an invoice: root element ${root.name} is neither a UBL Invoice/CreditNote nor a CII CrossIndustryInvoice`);
  const reader = new Reader(root, format);
  // BT-5/BT-6 first: amount currencies and the VAT totals' predicates refer to them.
  for (const id of ['BT-5', 'BT-6'] as const) {
    const t = catalogue.find((c) => c.id === id) as Term;
    const h = reader.select(t, [root])[0];
    if (h) reader.vars[id] = hitValue(h).trim();
  }
  const terms = reader.group(null, [root]) as InvoiceTerms; // built generically from the catalogue, whose rows the type is derived from
  if (format !== 'cii' && terms['BT-13'] === NO_PURCHASE_ORDER && terms['BT-14'] !== undefined) delete terms['BT-13'];
  const typeCode = terms['BT-3'];
  const kind: DocumentKind = format === 'ubl-creditnote' || (format === 'cii' && typeCode !== undefined && CREDIT_NOTE_TYPE_CODES.has(typeCode)) ? 'credit-note' : 'invoice';
  return { syntax: reader.syntax, kind, terms, anomalies: reader.anomalies, unmapped: collectUnmapped(root) };
}
