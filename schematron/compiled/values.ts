/**
 * XDM values for the compiled engine: the atomic types the official rules use and their XPath 2.0
 * semantics — atomisation, casting, effective boolean value, general and value comparisons, arithmetic.
 *
 * Representation: `string` = xs:string, `boolean` = xs:boolean, `number` = xs:double (a JS number is
 * exactly an IEEE double, which is what xs:double is), `Dec` = xs:decimal / xs:integer (exact, decimal.js,
 * never a float), `UA` = xs:untypedAtomic (what a node of an untyped document atomises to), `XDate` =
 * xs:date. Decimal division follows the reference engine (saxon-js: 20 decimal places, half-up).
 */
import Decimal from 'decimal.js';
import * as tree from './tree';

// Imported bindings read once, at load (why: compile.ts, above its own).
const { Kind, stringValue, XNode } = tree;
type Kind = tree.Kind;
type XNode = tree.XNode;

/** Exact decimals: precision far above any amount, truncation only where we round explicitly. */
export const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_DOWN, toExpNeg: -9e15, toExpPos: 9e15, modulo: Decimal.ROUND_DOWN });
export type Dn = InstanceType<typeof D>;
/** For quotients of ordinary size: 60 significant digits are more than the 20 decimal places kept. */
const D60 = D.clone({ precision: 60 });

/** x ÷ y rounded half-up to 20 decimal places, as saxon-js (big.js, DP 20, RM 1) computes it. */
function divide20(x: Dn, y: Dn): Dn {
  // Integer digits of the quotient ≤ x.e - y.e + 1; keep ≥ 22 digits after the point before rounding.
  const q = x.e - y.e + 1 < 36 ? new D60(x).div(y) : x.div(y);
  return new D(q).toDecimalPlaces(20, Decimal.ROUND_HALF_UP);
}

export class Dec {
  constructor(
    readonly v: Dn,
    /** true for xs:integer. */
    readonly int: boolean,
  ) {}
}
export class UA {
  constructor(readonly s: string) {}
}
export class XDate {
  constructor(
    readonly y: number,
    readonly m: number,
    readonly d: number,
    /** Timezone offset in minutes, or null when absent. */
    readonly tz: number | null,
  ) {}
  /** Starting instant in ms (implicit timezone UTC). */
  instant(): number {
    return Date.UTC(this.y, this.m - 1, this.d) - (this.tz ?? 0) * 60000;
  }
}

export type Atomic = string | boolean | number | Dec | UA | XDate;
export type Item = XNode | Atomic;
export type Seq = Item[];

/** A dynamic error (the reference engine stops the transformation: the pack fails closed). */
export class XPathError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'XPathError';
  }
}

export const isNode = (i: Item): i is XNode => i instanceof XNode;
export const isNumeric = (a: Atomic): a is number | Dec => typeof a === 'number' || a instanceof Dec;

export function atomize(i: Item): Atomic {
  if (i instanceof XNode) return (i.atom as UA | undefined) ?? (i.atom = new UA(stringValue(i))) as UA;
  return i;
}

export function atomizeSeq(s: Seq): Atomic[] {
  const out: Atomic[] = new Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = atomize(s[k]);
  return out;
}

export function typeName(a: Atomic): string {
  if (typeof a === 'string') return 'xs:string';
  if (typeof a === 'boolean') return 'xs:boolean';
  if (typeof a === 'number') return 'xs:double';
  if (a instanceof Dec) return a.int ? 'xs:integer' : 'xs:decimal';
  if (a instanceof UA) return 'xs:untypedAtomic';
  return 'xs:date';
}

// ---------- string conversion ----------

export function doubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const ax = Math.abs(x);
  if (ax >= 1e-6 && ax < 1e6) {
    const s = String(x);
    if (!s.includes('e')) return s;
    return new D(s).toFixed();
  }
  const e = x.toExponential(); // shortest round-trip digits
  const [mant, exp] = e.split('e');
  return `${mant.includes('.') ? mant : mant + '.0'}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

export function decToString(v: Dn): string {
  if (v.isZero()) return '0';
  return v.toFixed();
}

const pad = (n: number, w: number): string => String(Math.abs(n)).padStart(w, '0');

export function atomicToString(a: Atomic): string {
  if (typeof a === 'string') return a;
  if (a instanceof UA) return a.s;
  if (typeof a === 'boolean') return a ? 'true' : 'false';
  if (typeof a === 'number') return doubleToString(a);
  if (a instanceof Dec) return decToString(a.v);
  const tz = a.tz === null ? '' : a.tz === 0 ? 'Z' : `${a.tz < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(a.tz) / 60), 2)}:${pad(Math.abs(a.tz) % 60, 2)}`;
  return `${a.y < 0 ? '-' : ''}${pad(a.y, 4)}-${pad(a.m, 2)}-${pad(a.d, 2)}${tz}`;
}

export function itemToString(i: Item): string {
  return i instanceof XNode ? stringValue(i) : atomicToString(i);
}

// ---------- casting ----------

const WS = /^[ \t\n\r]+|[ \t\n\r]+$/g;
const DEC_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const INT_RE = /^[+-]?[0-9]+$/;
const DBL_RE = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const DATE_RE = /^(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;

function castError(a: Atomic, type: string): never {
  const s = atomicToString(a);
  throw new XPathError('FORG0001', `cannot cast ${typeName(a)} "${s.length > 40 ? s.slice(0, 40) + '…' : s}" to ${type}`);
}

export function toDecimalValue(a: Atomic, type: 'xs:decimal' | 'xs:integer'): Dec {
  const int = type === 'xs:integer';
  if (a instanceof Dec) return a.int === int ? a : new Dec(int ? a.v.trunc() : a.v, int);
  if (typeof a === 'number') {
    if (!Number.isFinite(a)) castError(a, type);
    const v = new D(String(a));
    return new Dec(int ? v.trunc() : v, int);
  }
  if (typeof a === 'boolean') return new Dec(new D(a ? 1 : 0), int);
  if (typeof a === 'string' || a instanceof UA) {
    const s = (typeof a === 'string' ? a : a.s).replace(WS, '');
    if (!(int ? INT_RE : DEC_RE).test(s)) castError(a, type);
    return new Dec(new D(s), int);
  }
  return castError(a, type);
}

export function toDouble(a: Atomic): number {
  if (typeof a === 'number') return a;
  if (a instanceof Dec) return Number(a.v.toString());
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (typeof a === 'string' || a instanceof UA) {
    const s = (typeof a === 'string' ? a : a.s).replace(WS, '');
    if (DBL_RE.test(s)) return Number(s);
    if (s === 'INF' || s === '+INF') return Infinity;
    if (s === '-INF') return -Infinity;
    if (s === 'NaN') return NaN;
    return castError(a, 'xs:double');
  }
  return castError(a, 'xs:double');
}

/** fn:number semantics: NaN instead of an error. */
export function toNumber(a: Atomic | undefined): number {
  if (a === undefined) return NaN;
  if (a instanceof XDate) return NaN;
  try {
    return toDouble(a);
  } catch {
    return NaN;
  }
}

export function toBooleanCast(a: Atomic): boolean {
  if (typeof a === 'boolean') return a;
  if (typeof a === 'number') return !(a === 0 || Number.isNaN(a));
  if (a instanceof Dec) return !a.v.isZero();
  if (typeof a === 'string' || a instanceof UA) {
    const s = (typeof a === 'string' ? a : a.s).replace(WS, '');
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return castError(a, 'xs:boolean');
}

function daysIn(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

export function toDate(a: Atomic): XDate {
  if (a instanceof XDate) return a;
  if (typeof a === 'string' || a instanceof UA) {
    const s = (typeof a === 'string' ? a : a.s).replace(WS, '');
    const m = DATE_RE.exec(s);
    if (m) {
      const y = Number(m[1]);
      const mo = Number(m[2]);
      const d = Number(m[3]);
      let tz: number | null = null;
      if (m[4]) tz = m[4] === 'Z' ? 0 : (m[4][0] === '-' ? -1 : 1) * (Number(m[4].slice(1, 3)) * 60 + Number(m[4].slice(4, 6)));
      if (y !== 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo) && (tz === null || Math.abs(tz) <= 14 * 60)) return new XDate(y, mo, d, tz);
    }
  }
  return castError(a, 'xs:date');
}

/** Canonical names of the atomic types the compiler accepts in casts and sequence types. */
export const ATOMIC_TYPES = new Set([
  'xs:string',
  'xs:decimal',
  'xs:integer',
  'xs:double',
  'xs:boolean',
  'xs:date',
  'xs:untypedAtomic',
  'xs:anyAtomicType',
  'xs:normalizedString',
  'xs:token',
]);

export function castAtomic(a: Atomic, type: string): Atomic {
  switch (type) {
    case 'xs:string':
      return atomicToString(a);
    case 'xs:normalizedString':
      return atomicToString(a).replace(/[\t\n\r]/g, ' ');
    case 'xs:token':
      return atomicToString(a).replace(/[\t\n\r ]+/g, ' ').trim();
    case 'xs:untypedAtomic':
      return new UA(atomicToString(a));
    case 'xs:decimal':
    case 'xs:integer':
      return toDecimalValue(a, type);
    case 'xs:double':
      return toDouble(a);
    case 'xs:boolean':
      return toBooleanCast(a);
    case 'xs:date':
      return toDate(a);
    default:
      throw new XPathError('XPST0051', `type ${type} is not supported`);
  }
}

// ---------- effective boolean value ----------

export function ebv(s: Seq): boolean {
  if (s.length === 0) return false;
  const f = s[0];
  if (f === true && s.length === 1) return true;
  if (f === false && s.length === 1) return false;
  if (f instanceof XNode) return true;
  if (s.length > 1) throw new XPathError('FORG0006', 'effective boolean value of a sequence of several atomic values');
  if (typeof f === 'boolean') return f;
  if (typeof f === 'string') return f.length > 0;
  if (f instanceof UA) return f.s.length > 0;
  if (typeof f === 'number') return !(f === 0 || Number.isNaN(f));
  if (f instanceof Dec) return !f.v.isZero();
  throw new XPathError('FORG0006', `effective boolean value of ${typeName(f)}`);
}

// ---------- comparisons ----------

/** -1/0/1, or NaN when unordered (NaN operand). Throws XPTY0004 on incomparable types. */
function compareTyped(a: Atomic, b: Atomic, op: string): number {
  if (isNumeric(a) && isNumeric(b)) {
    if (a instanceof Dec && b instanceof Dec) return a.v.cmp(b.v);
    const x = toDouble(a);
    const y = toDouble(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if ((typeof a === 'string' || a instanceof UA) && (typeof b === 'string' || b instanceof UA)) {
    const x = typeof a === 'string' ? a : a.s;
    const y = typeof b === 'string' ? b : b.s;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof XDate && b instanceof XDate) {
    const x = a.instant();
    const y = b.instant();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new XPathError('XPTY0004', `cannot compare ${typeName(a)} with ${typeName(b)} using ${op}`);
}

function opHolds(op: string, c: number): boolean {
  if (Number.isNaN(c)) return op === '!=' || op === 'ne';
  switch (op) {
    case '=':
    case 'eq':
      return c === 0;
    case '!=':
    case 'ne':
      return c !== 0;
    case '<':
    case 'lt':
      return c < 0;
    case '<=':
    case 'le':
      return c <= 0;
    case '>':
    case 'gt':
      return c > 0;
    default:
      return c >= 0;
  }
}

/** One pair of a general comparison (untypedAtomic converted per XPath 2.0 §3.5.2). */
export function generalPair(a: Atomic, b: Atomic, op: string): boolean {
  if (a instanceof UA) {
    if (b instanceof UA || typeof b === 'string') return opHolds(op, compareTyped(a, b, op));
    if (isNumeric(b)) return opHolds(op, compareTyped(toDouble(a), b, op));
    a = castAtomic(a, typeName(b));
  } else if (b instanceof UA) {
    if (typeof a === 'string') return opHolds(op, compareTyped(a, b, op));
    if (isNumeric(a)) return opHolds(op, compareTyped(a, toDouble(b), op));
    b = castAtomic(b, typeName(a));
  }
  return opHolds(op, compareTyped(a, b, op));
}

export function generalCompare(xs: Atomic[], ys: Atomic[], op: string): boolean {
  for (const x of xs) for (const y of ys) if (generalPair(x, y, op)) return true;
  return false;
}

export function valueCompare(a: Atomic, b: Atomic, op: string): boolean {
  const x = a instanceof UA ? a.s : a;
  const y = b instanceof UA ? b.s : b;
  return opHolds(op, compareTyped(x, y, op));
}

/** Equality used by distinct-values (no error on incomparable types: they are distinct). */
export function sameValue(a: Atomic, b: Atomic): boolean {
  const x = a instanceof UA ? a.s : a;
  const y = b instanceof UA ? b.s : b;
  try {
    const c = compareTyped(x, y, 'eq');
    if (Number.isNaN(c)) return typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y);
    return c === 0;
  } catch {
    return false;
  }
}

// ---------- arithmetic ----------


export function arith(op: '+' | '-' | '*' | 'div' | 'idiv' | 'mod', a0: Atomic, b0: Atomic): Atomic {
  const a = a0 instanceof UA ? toDouble(a0) : a0;
  const b = b0 instanceof UA ? toDouble(b0) : b0;
  if (!isNumeric(a) || !isNumeric(b)) {
    throw new XPathError('XPTY0004', `arithmetic ${op} on ${typeName(a)} and ${typeName(b)} is not supported`);
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toDouble(a);
    const y = toDouble(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case 'div':
        return x / y;
      case 'mod':
        return x % y;
      case 'idiv': {
        if (y === 0) throw new XPathError('FOAR0001', 'integer division by zero');
        if (Number.isNaN(x) || Number.isNaN(y) || !Number.isFinite(x)) throw new XPathError('FOAR0002', 'idiv of NaN or infinity');
        return new Dec(new D(Math.trunc(x / y)), true);
      }
    }
  }
  const x = (a as Dec).v;
  const y = (b as Dec).v;
  const int = (a as Dec).int && (b as Dec).int;
  switch (op) {
    case '+':
      return new Dec(x.plus(y), int);
    case '-':
      return new Dec(x.minus(y), int);
    case '*':
      return new Dec(x.times(y), int);
    case 'div':
      if (y.isZero()) throw new XPathError('FOAR0001', 'decimal division by zero');
      return new Dec(divide20(x, y), false);
    case 'idiv':
      if (y.isZero()) throw new XPathError('FOAR0001', 'integer division by zero');
      return new Dec(x.div(y).trunc(), true);
    case 'mod':
      if (y.isZero()) throw new XPathError('FOAR0001', 'modulo by zero');
      return new Dec(x.mod(y), int);
  }
}

export function negate(a0: Atomic): Atomic {
  const a = a0 instanceof UA ? toDouble(a0) : a0;
  if (typeof a === 'number') return -a;
  if (a instanceof Dec) return new Dec(a.v.neg(), a.int);
  throw new XPathError('XPTY0004', `cannot negate ${typeName(a)}`);
}

export function isTextOrElement(n: XNode): boolean {
  return n.kind === Kind.Element || n.kind === Kind.Text;
}
