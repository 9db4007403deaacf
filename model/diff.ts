/**
 * A BT-level comparison of two canonical models (used by the round-trip checks and `convert`).
 */
import Decimal from 'decimal.js';
import { byId } from './catalogue';
import { BinaryObject, isDecimal, type InvoiceTerms } from './canonical';

const NUMERIC = new Set(['amount', 'unit-price-amount', 'quantity', 'percentage']);

/** Numeric terms compare by value (`700` = `700.00`), others by text. */
function equal(id: string, a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const t = byId(id);
  if (t && NUMERIC.has(t.type) && isDecimal(a) && isDecimal(b)) return new Decimal(a).equals(new Decimal(b));
  return false;
}

export interface TermDifference {
  /** Where: `BG-25[3]/BG-31/BT-153`. */
  path: string;
  left: string | undefined;
  right: string | undefined;
}

function show(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (v instanceof BinaryObject) return `${v.mimeCode} ${v.filename} ${v.size} bytes sha:${v.base64().length}:${v.base64().slice(0, 16)}…${v.base64().slice(-16)}`;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function walk(a: unknown, b: unknown, path: string, out: TermDifference[], skip: (path: string) => boolean): void {
  if (Array.isArray(a) || Array.isArray(b)) {
    const xa = (Array.isArray(a) ? a : []) as unknown[];
    const xb = (Array.isArray(b) ? b : []) as unknown[];
    for (let i = 0; i < Math.max(xa.length, xb.length); i++) walk(xa[i], xb[i], `${path}[${i + 1}]`, out, skip);
    return;
  }
  const isGroup = (v: unknown): boolean => typeof v === 'object' && v !== null && !(v instanceof BinaryObject) && !('value' in v);
  if (isGroup(a) || isGroup(b)) {
    const oa = (isGroup(a) ? a : {}) as Record<string, unknown>;
    const ob = (isGroup(b) ? b : {}) as Record<string, unknown>;
    for (const k of new Set([...Object.keys(oa), ...Object.keys(ob)])) {
      const p = path ? `${path}/${k}` : k;
      if (!skip(p)) walk(oa[k], ob[k], p, out, skip);
    }
    return;
  }
  const sa = show(a);
  const sb = show(b);
  const id = /(B[TG]-\d+)(\[\d+\])?$/.exec(path)?.[1] ?? '';
  if (!equal(id, sa, sb)) out.push({ path, left: sa, right: sb });
}

/**
 * Every BT whose value differs between two models (an absent group and an empty one are equal;
 * amounts, quantities and rates compare by value).
 * `skip(path)` leaves a BT/BG out (path like `BG-2/BT-24`, `BG-25[1]/BT-131`).
 */
export function diffTerms(a: InvoiceTerms, b: InvoiceTerms, skip: (path: string) => boolean = () => false): TermDifference[] {
  const out: TermDifference[] = [];
  walk(a, b, '', out, skip);
  return out;
}

/** One line per difference, for test failures and the CLI. */
export function formatDifferences(diffs: TermDifference[]): string {
  return diffs.map((d) => `${d.path}: ${d.left ?? '(absent)'} ≠ ${d.right ?? '(absent)'}`).join('\n');
}
