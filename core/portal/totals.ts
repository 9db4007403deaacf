/**
 * The totals of the manual-entry form as the hub computes them (model/calc.ts, decimal
 * arithmetic), over the lines whose quantity and price are numbers; what cannot be computed yet is
 * null. Line net amounts are the model's (`computeTotals` → `lineNetAmount`: base quantity BT-149,
 * line allowances and charges BG-27/BG-28), one line at a time so that one unfinished line does not
 * blank the others. Amounts are canonical decimal text (`1075.85`); the page formats them.
 */
import type { Lang } from '../../config/languages';
import Decimal from 'decimal.js';
import { computeTotals, type InvoiceLine, type InvoiceTerms } from '../../model';
import { completeLine, count, filled, readLine, type Fields } from './form';
import { decimalOf } from './numbers';
import { rateFor } from './vat';

export interface ComputedTotals {
  lines: (string | null)[];
  breakdown: { category: string; rate: string; taxable: string; tax: string }[];
  totals: Record<string, string>;
}

function isNumber(v: string | undefined, lang: Lang): boolean {
  return decimalOf(v, lang) !== null;
}

export function computeFormTotals(fields: Fields, lang: Lang): ComputedTotals {
  const n = count(fields, 'lines');
  const lineNets: (string | null)[] = [];
  const lines: InvoiceLine[] = [];
  for (let i = 0; i < n; i++) {
    const q = fields.get(`lines[${i}].quantity`);
    const p = fields.get(`lines[${i}].price.netPrice`);
    const cat = fields.get(`lines[${i}].vat.category`)?.trim() || 'S';
    const r = rateFor(cat, fields.get(`lines[${i}].vat.rate`) ?? '');
    if (!isNumber(q, lang) || !isNumber(p, lang) || (filled(r) && !isNumber(r, lang))) { lineNets.push(null); continue; }
    const line = readLine(fields, i, lang);
    completeLine(line, i);
    const vat = (line['BG-30'] ?? {}) as Record<string, string>;
    vat['BT-151'] = cat;
    if (filled(r)) vat['BT-152'] = decimalOf(r, lang) ?? r;
    else delete vat['BT-152'];
    line['BG-30'] = vat;
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
      const a = decimalOf(fields.get(`${kind}[${i}].amount`), lang);
      const c = fields.get(`${kind}[${i}].vatCategory`)?.trim() || 'S';
      const rawRate = rateFor(c, fields.get(`${kind}[${i}].vatRate`) ?? '');
      const r = decimalOf(rawRate, lang);
      if (a === null || (filled(rawRate) && r === null)) continue;
      const amt = new Decimal(a).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
      out.push(kind === 'allowances' ? { 'BT-92': amt, 'BT-95': c, ...(r !== null ? { 'BT-96': r } : {}) } : { 'BT-99': amt, 'BT-102': c, ...(r !== null ? { 'BT-103': r } : {}) });
    }
    return out;
  };
  // nothing to add up yet: no totals rather than zeros
  if (lines.length === 0) return { lines: lineNets, breakdown: [], totals: {} };
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
