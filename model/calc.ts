/**
 * EN 16931 calculation rules with decimal arithmetic (decimal.js, never binary floats):
 * line net amounts, document allowances/charges, the VAT breakdown per category and rate, and the
 * document totals (BR-CO-10 … BR-CO-17; BR-S/Z/E/AE/K/G/O/L/M-08 and -09 for the breakdown).
 */
import Decimal from 'decimal.js';
import { BinaryObject, isDecimal, type DocumentAllowance, DocumentCharge, InvoiceLine, InvoiceTerms, VatBreakdown } from './canonical';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Dec = InstanceType<typeof D>;

/** Categories whose VAT amount is zero whatever the rate (BR-Z/E/AE/K/G/O-09). */
const ZERO_TAX = new Set(['Z', 'E', 'AE', 'K', 'G', 'O']);

export class CalculationError extends Error {}

function dec(v: string | undefined, what: string): Dec {
  if (v === undefined || !isDecimal(v.trim())) throw new CalculationError(`${what} is not a decimal number: "${v ?? ''}"`);
  return new D(v.trim());
}

function opt(v: string | undefined, what: string): Dec | undefined {
  return v === undefined ? undefined : dec(v, what);
}

/** Two decimals, half away from zero, as text. */
export function money(x: Dec): string {
  return x.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

function sum(xs: Dec[]): Dec {
  return xs.reduce((a, b) => a.plus(b), new D(0));
}

/** Line net amount: quantity × (net price ÷ base quantity) + charges − allowances, rounded to two decimals. */
export function lineNetAmount(line: InvoiceLine): string {
  const id = line['BT-126'] ?? '?';
  const qty = dec(line['BT-129'], `line ${id}: invoiced quantity (BT-129)`);
  const price = dec(line['BG-29']?.['BT-146'], `line ${id}: item net price (BT-146)`);
  const base = opt(line['BG-29']?.['BT-149'], `line ${id}: base quantity (BT-149)`);
  const gross = qty.times(base && !base.isZero() ? price.dividedBy(base) : price);
  const allowances = sum(line['BG-27'].map((a) => dec(a['BT-136'], `line ${id}: allowance amount (BT-136)`)));
  const charges = sum(line['BG-28'].map((c) => dec(c['BT-141'], `line ${id}: charge amount (BT-141)`)));
  return money(gross.plus(charges).minus(allowances));
}

/** An allowance/charge amount from base × percentage ÷ 100 when the amount is missing. */
function percentAmount(base: string | undefined, pct: string | undefined, what: string): string | undefined {
  if (base === undefined || pct === undefined) return undefined;
  return money(dec(base, what).times(dec(pct, what)).dividedBy(100));
}

interface Bucket {
  category: string;
  rate: string | undefined;
  taxable: Dec;
}

/** Category and rate (an absent rate counts as 0, as for category O). */
function key(category: string, rate: string | undefined): string {
  return `${category}|${rate === undefined || !isDecimal(rate.trim()) ? (rate ?? '0') : new D(rate.trim()).toString()}`;
}


/** A deep copy of a model's terms (attachments, immutable, are shared). */
export function cloneTerms<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => cloneTerms(x)) as T;
  if (v === null || typeof v !== 'object' || v instanceof BinaryObject) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = cloneTerms(x);
  return out as T;
}

export interface ComputeOptions {
  /** `compute`: recompute BG-22 (but BT-111, BT-113, BT-114) and BG-23; `keep`: only fill what is missing. */
  totals: 'compute' | 'keep';
}

/**
 * Returns a copy of the terms with the derived amounts computed: missing line net amounts and
 * allowance/charge amounts, then (per `totals`) the VAT breakdown and the document totals.
 * Throws CalculationError naming the term when an input is not a decimal.
 */
export function computeTotals(input: InvoiceTerms, opts: ComputeOptions = { totals: 'compute' }): InvoiceTerms {
  const t = cloneTerms(input);
  const lines = t['BG-25'];
  for (const line of lines) {
    for (const a of line['BG-27']) a['BT-136'] ??= percentAmount(a['BT-137'], a['BT-138'], 'line allowance (BT-137/BT-138)');
    for (const c of line['BG-28']) c['BT-141'] ??= percentAmount(c['BT-142'], c['BT-143'], 'line charge (BT-142/BT-143)');
    line['BT-131'] ??= lineNetAmount(line);
    // UBL needs the discount beside a gross price: gross − discount = net (PEPPOL-EN16931-R046).
    const price = line['BG-29'];
    if (price?.['BT-148'] !== undefined && price['BT-147'] === undefined && isDecimal(price['BT-148']) && isDecimal(price['BT-146'] ?? '')) {
      price['BT-147'] = dec(price['BT-148'], 'item gross price (BT-148)').minus(dec(price['BT-146'], 'item net price (BT-146)')).toString();
    }
  }
  for (const a of t['BG-20']) a['BT-92'] ??= percentAmount(a['BT-93'], a['BT-94'], 'document allowance (BT-93/BT-94)');
  for (const c of t['BG-21']) c['BT-99'] ??= percentAmount(c['BT-100'], c['BT-101'], 'document charge (BT-100/BT-101)');

  const recompute = opts.totals === 'compute';
  if (recompute || t['BG-23'].length === 0) t['BG-23'] = vatBreakdown(lines, t['BG-20'], t['BG-21'], t['BG-23']);

  const totals = { ...(t['BG-22'] ?? {}) };
  type Computed = 'BT-106' | 'BT-107' | 'BT-108' | 'BT-109' | 'BT-110' | 'BT-112' | 'BT-115';
  // Each total is computed only when it is to be (re)written, so `keep` never fails on figures it does not use.
  const set = (k: Computed, v: () => string | undefined): void => {
    if (recompute || totals[k] === undefined) {
      const value = v();
      if (value === undefined) delete totals[k];
      else totals[k] = value;
    }
  };
  const allowances = t['BG-20'];
  const charges = t['BG-21'];
  set('BT-106', () => money(sum(lines.map((l) => dec(l['BT-131'], `line ${l['BT-126'] ?? '?'}: net amount (BT-131)`))))); // BR-CO-10
  set('BT-107', () => (allowances.length || totals['BT-107'] !== undefined ? money(sum(allowances.map((a) => dec(a['BT-92'], 'document allowance amount (BT-92)')))) : undefined)); // BR-CO-11
  set('BT-108', () => (charges.length || totals['BT-108'] !== undefined ? money(sum(charges.map((c) => dec(c['BT-99'], 'document charge amount (BT-99)')))) : undefined)); // BR-CO-12
  set('BT-109', () => money(dec(totals['BT-106'], 'BT-106').minus(opt(totals['BT-107'], 'BT-107') ?? 0).plus(opt(totals['BT-108'], 'BT-108') ?? 0))); // BR-CO-13
  set('BT-110', () => money(sum(t['BG-23'].map((v) => dec(v['BT-117'], 'VAT category tax amount (BT-117)'))))); // BR-CO-14
  set('BT-112', () => money(dec(totals['BT-109'], 'BT-109').plus(opt(totals['BT-110'], 'BT-110') ?? 0))); // BR-CO-15
  set('BT-115', () => money(dec(totals['BT-112'], 'BT-112').minus(opt(totals['BT-113'], 'BT-113') ?? 0).plus(opt(totals['BT-114'], 'BT-114') ?? 0))); // BR-CO-16
  t['BG-22'] = totals;
  return t;
}

/** The VAT breakdown: one entry per VAT category and rate of the lines, allowances and charges (BR-CO-18). */
export function vatBreakdown(lines: InvoiceLine[], allowances: DocumentAllowance[], charges: DocumentCharge[], previous: VatBreakdown[] = []): VatBreakdown[] {
  const buckets = new Map<string, Bucket>();
  const add = (category: string | undefined, rate: string | undefined, amount: Dec): void => {
    const cat = category ?? '';
    const k = key(cat, rate);
    const b = buckets.get(k) ?? { category: cat, rate, taxable: new D(0) };
    b.taxable = b.taxable.plus(amount);
    buckets.set(k, b);
  };
  for (const l of lines) add(l['BG-30']?.['BT-151'], l['BG-30']?.['BT-152'], dec(l['BT-131'], `line ${l['BT-126'] ?? '?'}: net amount (BT-131)`));
  for (const a of allowances) add(a['BT-95'], a['BT-96'], dec(a['BT-92'], 'document allowance amount (BT-92)').negated());
  for (const c of charges) add(c['BT-102'], c['BT-103'], dec(c['BT-99'], 'document charge amount (BT-99)'));
  const out: VatBreakdown[] = [];
  for (const b of buckets.values()) {
    const rate = b.rate === undefined ? new D(0) : dec(b.rate, 'VAT rate');
    const tax = ZERO_TAX.has(b.category) ? new D(0) : b.taxable.times(rate).dividedBy(100);
    const entry: VatBreakdown = { 'BT-116': money(b.taxable), 'BT-117': money(tax), 'BT-118': b.category };
    // Exemption reasons are not computed: keep those the model had for the same category and rate (and its way of writing the rate).
    const prev = previous.find((p) => key(p['BT-118'] ?? '', p['BT-119']) === key(b.category, b.rate));
    const rateText = prev?.['BT-119'] ?? b.rate;
    if (rateText !== undefined) entry['BT-119'] = rateText;
    if (prev?.['BT-120'] !== undefined) entry['BT-120'] = prev['BT-120'];
    if (prev?.['BT-121'] !== undefined) entry['BT-121'] = prev['BT-121'];
    out.push(entry);
  }
  // In the order the model had them, new ones last.
  const rank = (v: VatBreakdown): number => {
    const i = previous.findIndex((p) => key(p['BT-118'] ?? '', p['BT-119']) === key(v['BT-118'] ?? '', v['BT-119']));
    return i < 0 ? previous.length : i;
  };
  return out.map((v, i) => ({ v, i })).sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i).map((x) => x.v);
}
