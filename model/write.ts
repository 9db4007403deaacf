/**
 * The UBL writer: canonical model → Peppol BIS Billing 3.0 UBL Invoice or CreditNote (the Peppol
 * UBL binding of every BT, element order from the UBL 2.1 schemas). Totals and the VAT breakdown are
 * computed with decimal arithmetic (`model/calc.ts`) unless `totals: 'keep'` asks to carry the
 * model's own figures (conversion of a document that already has them).
 */
import { childrenOf, type Term } from './catalogue';
import { BinaryObject, type CanonicalInvoice, type Identifier, type InvoiceTerms } from './canonical';
import { computeTotals } from './calc';
import { compilePath, create, type Vars } from './path';
import { CREDIT_NOTE_TYPE_CODES, NO_PURCHASE_ORDER, pathFor, type SourceFormat } from './read';
import { sortTree } from './ubl-order';
import { serializeXml, XElement } from './xml';

export const PEPPOL_BILLING_CUSTOMIZATION = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_BILLING_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

export interface WriteOptions {
  /**
   * `compute` (default): line net amounts, allowance/charge amounts where missing, the VAT breakdown
   * and the document totals are computed from the lines; `keep`: the model's figures are written as
   * they are and only missing ones are computed.
   */
  totals?: 'compute' | 'keep';
  /** BT-24 to write when the model has none (default: Peppol BIS Billing 3.0). */
  customizationId?: string;
  /** BT-23 to write when the model has none (default: Peppol billing profile 01). */
  profileId?: string;
}

const ROOT_NS: Record<string, Record<string, string>> = {
  Invoice: { '': 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2' },
  CreditNote: { '': 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2' },
};
const COMMON_NS = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** Which UBL document a model becomes: its kind when it was read from a document, else a credit note when BT-3 is a credit note type code. */
export function ublDocumentFor(model: CanonicalInvoice | InvoiceTerms): 'Invoice' | 'CreditNote' {
  if (isCanonical(model)) return model.kind === 'credit-note' ? 'CreditNote' : 'Invoice';
  return model['BT-3'] !== undefined && CREDIT_NOTE_TYPE_CODES.has(model['BT-3']) ? 'CreditNote' : 'Invoice';
}

function isCanonical(model: CanonicalInvoice | InvoiceTerms): model is CanonicalInvoice {
  return 'terms' in model && 'kind' in model;
}

/** The step of a term's UBL path created anew for each value (see `TermDef.ublRepeatAt`). */
function freshStep(t: Term): number | undefined {
  return t.repeats ? (t.ublRepeatAt ?? 0) : t.ublRepeatAt;
}

class Writer {
  constructor(
    readonly format: SourceFormat,
    readonly vars: Vars,
  ) {}

  group(id: string | null, obj: Record<string, unknown>, ctx: XElement): void {
    for (const t of childrenOf(id)) {
      const v = obj[t.id];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      const readPath = pathFor(t, this.format);
      if (readPath === null) continue;
      const src = t.ublNew ?? readPath;
      if (t.type === 'group') {
        for (const item of Array.isArray(v) ? v : [v]) {
          const g = item as Record<string, unknown>;
          if (src === '') {
            this.group(t.id, g, ctx);
            continue;
          }
          const el = create(compilePath(src), ctx, this.vars, freshStep(t)).el;
          if (t.id === 'BG-1') {
            // EN 16931-3-2: the note subject code is written as a `#CODE#` prefix of the note.
            el.text = (g['BT-21'] !== undefined ? `#${String(g['BT-21'])}#` : '') + String(g['BT-22'] ?? '');
            continue;
          }
          this.group(t.id, g, el);
        }
        continue;
      }
      for (const value of Array.isArray(v) ? v : [v]) this.value(t, src, value, ctx);
    }
  }

  value(t: Term, src: string, value: unknown, ctx: XElement): void {
    const hit = create(compilePath(src), ctx, this.vars, freshStep(t));
    const el = hit.el;
    let text: string;
    if (value instanceof BinaryObject) {
      el.setAttr('mimeCode', value.mimeCode);
      el.setAttr('filename', value.filename);
      text = value.base64();
    } else if (typeof value === 'object' && value !== null) {
      const id = value as Identifier;
      text = id.value;
      const schemeAttr = (t.scheme ?? '@schemeID').replace(/^@/, '');
      if (id.scheme !== undefined) el.setAttr(schemeAttr, id.scheme);
      if (id.schemeVersion !== undefined) el.setAttr('listVersionID', id.schemeVersion);
    } else {
      text = String(value);
    }
    if (hit.attr !== undefined) {
      el.setAttr(hit.attr, text);
      return;
    }
    el.text = text;
    if (t.type === 'amount' || t.type === 'unit-price-amount') {
      const cur = this.vars[t.currency ?? 'BT-5'];
      if (cur !== undefined) el.setAttr('currencyID', cur);
    }
  }
}

/** Removes elements with no text, no attributes and no children (left by groups whose members were all absent). */
function prune(el: XElement): boolean {
  el.children = el.children.filter(prune);
  return el.children.length > 0 || el.text !== '' || el.attrs.size > 0;
}

/**
 * UBL carries one account per cac:PaymentMeans: a payment instruction with several credit transfer
 * accounts (BG-17) becomes one cac:PaymentMeans per account, each repeating the means code.
 */
function splitPaymentMeans(root: XElement): void {
  const out: XElement[] = [];
  for (const c of root.children) {
    const accounts = c.name === 'cac:PaymentMeans' ? c.children.filter((x) => x.name === 'cac:PayeeFinancialAccount') : [];
    if (accounts.length <= 1) {
      out.push(c);
      continue;
    }
    accounts.forEach((acc, i) => {
      const pm = new XElement('cac:PaymentMeans', root);
      for (const x of c.children) {
        if (x.name === 'cac:PayeeFinancialAccount') {
          if (x === acc) pm.children.push(x);
        } else if (i === 0) {
          x.parent = pm;
          pm.children.push(x);
        } else if (x.name === 'cbc:PaymentMeansCode') {
          // The code is mandatory in every cac:PaymentMeans; its text (@name, BT-82) may occur once only (UBL-SR-46).
          const code = new XElement(x.name, pm);
          code.text = x.text;
          pm.children.push(code);
        }
      }
      out.push(pm);
    });
  }
  root.children = out;
}

/** Writes a canonical model as a Peppol BIS Billing 3.0 UBL Invoice or CreditNote. */
export function writeUbl(model: CanonicalInvoice | InvoiceTerms, opts: WriteOptions = {}): string {
  const input: InvoiceTerms = isCanonical(model) ? model.terms : model;
  const terms = computeTotals(input, { totals: opts.totals ?? 'compute' });
  const process = { ...(terms['BG-2'] ?? {}) };
  process['BT-24'] ??= opts.customizationId ?? PEPPOL_BILLING_CUSTOMIZATION;
  // Peppol requires a business process (BT-23); EN 16931 alone does not.
  if (process['BT-24'].includes('peppol')) process['BT-23'] ??= opts.profileId ?? PEPPOL_BILLING_PROFILE;
  else if (opts.profileId !== undefined) process['BT-23'] ??= opts.profileId;
  terms['BG-2'] = process;

  const rootName = ublDocumentFor(isCanonical(model) ? model : terms);
  const root = new XElement(rootName, null);
  const vars: Vars = { 'BT-5': terms['BT-5'], 'BT-6': terms['BT-6'] };
  new Writer(rootName === 'CreditNote' ? 'ubl-creditnote' : 'ubl-invoice', vars).group(null, terms as Record<string, unknown>, root); // generic walk over the catalogue rows the type is derived from

  // What the UBL schema requires that no BT carries.
  for (const pm of root.children.filter((c) => c.name === 'cac:PaymentMeans')) {
    const card = pm.child('cac:CardAccount');
    if (card && !card.child('cbc:NetworkID')) card.append('cbc:NetworkID').text = 'NA';
  }
  const order = root.child('cac:OrderReference');
  if (order && !order.child('cbc:ID') && order.child('cbc:SalesOrderID')) order.append('cbc:ID').text = NO_PURCHASE_ORDER;
  prune(root);
  splitPaymentMeans(root);
  sortTree(root);
  return serializeXml(root, { ...ROOT_NS[rootName], ...COMMON_NS });
}
