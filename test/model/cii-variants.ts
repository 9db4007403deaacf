/**
 * CII test documents derived from the official examples: a document is parsed into the model's
 * normalised tree, edited (elements removed, fragments added anywhere, texts set), its totals and VAT
 * breakdown recomputed when the edit changed amounts, and serialised back with every element in the
 * order of the official CII D16B schema (read from `../shared/xsd/cii-d16b`, as the UBL writer reads
 * the UBL schemas), so an edit only has to say what, never where in the sequence.
 *
 * The recomputation here is written in CII terms with its own arithmetic (decimal.js), independent of
 * `model/calc.ts`, so the conversion tests do not check the model against itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import Decimal from 'decimal.js';
import { compilePath, create, evaluate } from '../../model/path';
import { parseXml, serializeXml, XElement } from '../../model/xml';
import { example } from './helpers';

export const CII_NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
};

export const TX = 'rsm:SupplyChainTradeTransaction';
export const AG = `${TX}/ram:ApplicableHeaderTradeAgreement`;
export const DL = `${TX}/ram:ApplicableHeaderTradeDelivery`;
export const ST = `${TX}/ram:ApplicableHeaderTradeSettlement`;
export const LINE = `${TX}/ram:IncludedSupplyChainTradeLineItem`;
export const SUM = `${ST}/ram:SpecifiedTradeSettlementHeaderMonetarySummation`;

// ── Schema order ─────────────────────────────────────────────────────────────────────────────

interface CiiOrder {
  /** Per complex type (`ram:TradePartyType`): its children in sequence, with their types. */
  types: Map<string, { name: string; type: string }[]>;
}
let order: CiiOrder | undefined;

function loadOrder(): CiiOrder {
  const dir = path.resolve(__dirname, '../../../shared/xsd/cii-d16b/uncefact/data/standard');
  const types = new Map<string, { name: string; type: string }[]>();
  for (const [file, prefix] of [
    ['CrossIndustryInvoice_100pD16B.xsd', 'rsm'],
    ['CrossIndustryInvoice_ReusableAggregateBusinessInformationEntity_100pD16B.xsd', 'ram'],
  ] as const) {
    const schema = parseXml(fs.readFileSync(path.join(dir, file)));
    for (const ct of schema.children.filter((c) => c.name === 'xsd:complexType')) {
      const seq = ct.children.find((c) => c.name === 'xsd:sequence');
      if (!seq) continue;
      types.set(
        `${prefix}:${ct.attrs.get('name') ?? ''}`,
        seq.children.filter((e) => e.name === 'xsd:element').map((e) => ({ name: `${prefix}:${e.attrs.get('name') ?? ''}`, type: e.attrs.get('type') ?? '' })),
      );
    }
  }
  return { types };
}

function sortInto(el: XElement, type: string): void {
  order ??= loadOrder();
  const seq = order.types.get(type);
  if (!seq) return;
  const rank = new Map(seq.map((s, i) => [s.name, i]));
  for (const c of el.children) if (!rank.has(c.name)) throw new Error(`cii-variants: ${c.name} is not allowed in ${el.name} (${type})`);
  el.children = el.children
    .map((c, i) => ({ c, i, r: rank.get(c.name) as number }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
  for (const c of el.children) sortInto(c, seq[rank.get(c.name) as number].type);
}

// ── Editing ──────────────────────────────────────────────────────────────────────────────────

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;
const money = (x: Dec): string => x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

/** Parses a fragment of CII elements (prefixes rsm/ram/udt/qdt). */
export function fragment(xml: string): XElement[] {
  const decl = Object.entries(CII_NS).map(([p, uri]) => ` xmlns:${p}="${uri}"`).join('');
  return parseXml(`<fragment${decl}>${xml}</fragment>`).children;
}

export interface Exemption {
  reason?: string;
  code?: string;
}

export class CiiDoc {
  /** @param base the official example it was derived from */
  constructor(readonly root: XElement, readonly base: string) {}

  /** An official example (`en16931-cii/CII_example1.xml`). */
  static example(name: string): CiiDoc {
    return new CiiDoc(parseXml(example(name)), name);
  }

  /** Every element a path (catalogue path syntax, canonical prefixes) selects from `ctx` (default: the root). */
  all(p: string, ctx: XElement = this.root): XElement[] {
    return evaluate(compilePath(p), ctx, {}, false).filter((h) => h.attr === undefined).map((h) => h.el);
  }

  /** The first element a path selects; throws when there is none (a variant must do what it says). */
  one(p: string, ctx: XElement = this.root): XElement {
    const el = this.all(p, ctx)[0];
    if (!el) throw new Error(`cii-variants: nothing at ${p}`);
    return el;
  }

  /** The element at a path, created when missing. */
  at(p: string, ctx: XElement = this.root): XElement {
    return this.all(p, ctx)[0] ?? create(compilePath(p), ctx, {}).el;
  }

  /** Removes what a path selects; throws when it selects nothing. */
  remove(p: string, ctx: XElement = this.root): this {
    const els = this.all(p, ctx);
    if (els.length === 0) throw new Error(`cii-variants: nothing to remove at ${p}`);
    for (const el of els) if (el.parent) el.parent.children = el.parent.children.filter((c) => c !== el);
    return this;
  }

  /** Adds the fragment's elements to the element at a path (created when missing). */
  add(p: string, xml: string, ctx: XElement = this.root): this {
    const target = this.at(p, ctx);
    for (const el of fragment(xml)) {
      el.parent = target;
      target.children.push(el);
    }
    return this;
  }

  /** Sets the text of the element at a path (created when missing). */
  set(p: string, text: string, ctx: XElement = this.root): this {
    this.at(p, ctx).text = text;
    return this;
  }

  lines(): XElement[] {
    return this.all(LINE);
  }

  /** Keeps the first `n` lines. */
  keepLines(n: number): this {
    const tx = this.one(TX);
    let seen = 0;
    tx.children = tx.children.filter((c) => c.name !== 'ram:IncludedSupplyChainTradeLineItem' || ++seen <= n);
    return this;
  }

  /** Sets a line's VAT category and rate (rate omitted: none, as category O requires). */
  lineVat(line: XElement, category: string, rate?: string): this {
    const tax = this.one("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[ram:TypeCode='VAT']", line);
    tax.children = tax.children.filter((c) => c.name !== 'ram:RateApplicablePercent');
    this.set('ram:CategoryCode', category, tax);
    if (rate !== undefined) this.set('ram:RateApplicablePercent', rate, tax);
    return this;
  }

  text(p: string, ctx: XElement = this.root): string | undefined {
    return this.all(p, ctx)[0]?.text.trim();
  }

  /**
   * Recomputes line net amounts, the VAT breakdown (one block per category and rate: taxable amount
   * from lines, charges and allowances; VAT = taxable × rate ÷ 100 rounded, zero for Z/E/AE/K/G/O) and
   * the document totals. A breakdown block already there for a category and rate is kept (exemption
   * reason, tax point date); new ones get the exemption of `exemptions[category]`.
   */
  recompute(exemptions: Record<string, Exemption> = {}): this {
    const dec = (p: string, ctx: XElement, dflt?: string): Dec => {
      const t = this.text(p, ctx) ?? dflt;
      if (t === undefined) throw new Error(`cii-variants: no amount at ${p}`);
      return new D(t);
    };
    const isCharge = (ac: XElement): boolean => this.text('ram:ChargeIndicator/udt:Indicator', ac) === 'true';
    const buckets = new Map<string, { category: string; rate: string | undefined; taxable: Dec }>();
    const bucket = (category: string, rate: string | undefined): { taxable: Dec } => {
      const key = `${category}|${rate === undefined ? '-' : new D(rate).toString()}`;
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { category, rate, taxable: new D(0) }));
      return b;
    };
    let lineTotal = new D(0);
    for (const line of this.lines()) {
      const qty = dec('ram:SpecifiedLineTradeDelivery/ram:BilledQuantity', line);
      const price = dec('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount', line);
      const base = dec('ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity', line, '1');
      let net = qty.times(price.dividedBy(base.isZero() ? 1 : base));
      for (const ac of this.all('ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge', line)) {
        const amount = dec('ram:ActualAmount', ac);
        net = isCharge(ac) ? net.plus(amount) : net.minus(amount);
      }
      const rounded = new D(money(net));
      this.set('ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount', money(rounded), line);
      lineTotal = lineTotal.plus(rounded);
      const tax = this.one("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[ram:TypeCode='VAT']", line);
      const b = bucket(this.text('ram:CategoryCode', tax) as string, this.text('ram:RateApplicablePercent', tax));
      b.taxable = b.taxable.plus(rounded);
    }
    let allowances = new D(0);
    let charges = new D(0);
    const acs = this.all(`${ST}/ram:SpecifiedTradeAllowanceCharge`);
    for (const ac of acs) {
      const amount = dec('ram:ActualAmount', ac);
      const b = bucket(this.text('ram:CategoryTradeTax/ram:CategoryCode', ac) as string, this.text('ram:CategoryTradeTax/ram:RateApplicablePercent', ac));
      if (isCharge(ac)) {
        charges = charges.plus(amount);
        b.taxable = b.taxable.plus(amount);
      } else {
        allowances = allowances.plus(amount);
        b.taxable = b.taxable.minus(amount);
      }
    }
    const settlement = this.one(ST);
    const old = this.all("ram:ApplicableTradeTax[ram:TypeCode='VAT']", settlement);
    settlement.children = settlement.children.filter((c) => !old.includes(c));
    let taxTotal = new D(0);
    for (const b of buckets.values()) {
      const zero = ['Z', 'E', 'AE', 'K', 'G', 'O'].includes(b.category);
      const vat = zero || b.rate === undefined ? new D(0) : new D(money(b.taxable.times(b.rate).dividedBy(100)));
      taxTotal = taxTotal.plus(vat);
      const rateOf = (r: string | undefined): Dec => new D(r ?? '0');
      const kept = old.find((o) => this.text('ram:CategoryCode', o) === b.category && rateOf(this.text('ram:RateApplicablePercent', o)).equals(rateOf(b.rate)));
      const block = kept ?? fragment('<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode></ram:ApplicableTradeTax>')[0];
      block.parent = settlement;
      settlement.children.push(block);
      this.set('ram:CalculatedAmount', money(vat), block);
      this.set('ram:BasisAmount', money(b.taxable), block);
      this.set('ram:CategoryCode', b.category, block);
      if (b.rate !== undefined && !kept) this.set('ram:RateApplicablePercent', b.rate, block);
      const ex = kept ? undefined : exemptions[b.category];
      if (ex?.reason !== undefined) this.set('ram:ExemptionReason', ex.reason, block);
      if (ex?.code !== undefined) this.set('ram:ExemptionReasonCode', ex.code, block);
    }
    const sum = this.one(SUM);
    const setOrDrop = (name: string, v: Dec, any: boolean): void => {
      if (!any) sum.children = sum.children.filter((c) => c.name !== name);
      else this.set(name, money(v), sum);
    };
    this.set('ram:LineTotalAmount', money(lineTotal), sum);
    setOrDrop('ram:AllowanceTotalAmount', allowances, acs.some((ac) => !isCharge(ac)));
    setOrDrop('ram:ChargeTotalAmount', charges, acs.some(isCharge));
    const basis = lineTotal.minus(allowances).plus(charges);
    this.set('ram:TaxBasisTotalAmount', money(basis), sum);
    const currency = this.text(`${ST}/ram:InvoiceCurrencyCode`) as string;
    const taxAmount = this.all('ram:TaxTotalAmount', sum).find((t) => (t.attrs.get('currencyID') ?? currency) === currency) ?? this.at('ram:TaxTotalAmount', sum);
    taxAmount.setAttr('currencyID', currency);
    taxAmount.text = money(taxTotal);
    const grand = basis.plus(taxTotal);
    this.set('ram:GrandTotalAmount', money(grand), sum);
    const prepaid = new D(this.text('ram:TotalPrepaidAmount', sum) ?? '0');
    const rounding = new D(this.text('ram:RoundingAmount', sum) ?? '0');
    this.set('ram:DuePayableAmount', money(grand.minus(prepaid).plus(rounding)), sum);
    return this;
  }

  /** The document, every element in schema order. */
  xml(): string {
    sortInto(this.root, 'rsm:CrossIndustryInvoiceType');
    return serializeXml(this.root, { ...CII_NS, xsi: 'http://www.w3.org/2001/XMLSchema-instance' });
  }
}
