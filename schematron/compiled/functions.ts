/**
 * The XPath 2.0 functions the official rules call, with the semantics of the reference engine.
 * Each entry: arity range, whether a missing first argument defaults to the context item, and the
 * implementation over already-evaluated argument sequences.
 */
import Decimal from 'decimal.js';
import * as tree from './tree';
import * as values from './values';
import type { Atomic, Item, Seq } from './values';

// Imported bindings read once, at load (why: compile.ts, above its own).
const { stringValue, XNode } = tree;
type Kind = tree.Kind;
type XNode = tree.XNode;
const { atomicToString, atomize, atomizeSeq, castAtomic, D, Dec, ebv, isNumeric, itemToString, sameValue, toDouble, toNumber, UA, XDate, XPathError, typeName } = values;
type Dec = values.Dec;
type UA = values.UA;
type XDate = values.XDate;
type XPathError = values.XPathError;

export interface FnCtx {
  item: Item | undefined;
  pos: number;
  size: number;
}

export interface BuiltIn {
  min: number;
  max: number;
  /** Uses the focus (context item, position or size) when called with these many arguments or fewer. */
  focusBelow: number;
  fn: (args: Seq[], c: FnCtx) => Seq;
}

function one(s: Seq, fname: string): Atomic | undefined {
  if (s.length === 0) return undefined;
  if (s.length > 1) throw new XPathError('XPTY0004', `${fname}() expects at most one item, got ${s.length}`);
  return atomize(s[0]);
}

function str(s: Seq, fname: string): string {
  const a = one(s, fname);
  return a === undefined ? '' : atomicToString(a);
}

function ctxItem(c: FnCtx, fname: string): Item {
  if (c.item === undefined) throw new XPathError('XPDY0002', `${fname}(): the context item is absent`);
  return c.item;
}

/** Code points of a string (XPath counts characters, not UTF-16 units). */
function codepoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}
function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function xpathRound(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Math.floor(x + 0.5);
}

function numericArg(s: Seq, fname: string): number | Dec | undefined {
  const a = one(s, fname);
  if (a === undefined) return undefined;
  if (a instanceof UA) return toDouble(a);
  if (!isNumeric(a)) throw new XPathError('XPTY0004', `${fname}() expects a number, got ${typeName(a)}`);
  return a;
}

const regexCache = new Map<string, RegExp>();

/** XML Schema / XPath regular expression → JavaScript RegExp. */
export function xpathRegex(pattern: string, flags: string, global = false): RegExp {
  const key = `${flags}\u0000${global}\u0000${pattern}`;
  let re = regexCache.get(key);
  if (re) return re;
  let src = pattern;
  let jsFlags = global ? 'g' : '';
  for (const f of flags) {
    if (f === 'x') src = src.replace(/\[[^\]]*\]|\s+/g, (m) => (m.startsWith('[') ? m : ''));
    else if (f === 'i' || f === 's' || f === 'm') jsFlags += f;
    else throw new XPathError('FORX0001', `invalid regular expression flag "${f}"`);
  }
  // XSD character-class subtraction and \i \c are not used by the official rules: refuse them.
  if (/\[[^\]]*-\[/.test(src) || /\\[iIcC]/.test(src)) throw new XPathError('FORX0002', `regular expression construct not supported: ${pattern}`);
  // XSD \d is Unicode Nd; \w, \s as XSD defines them are close to their Unicode-aware JS forms.
  src = src.replace(/(\\\\)|\\d/g, (m, bs: string | undefined) => (bs ? m : '\\p{Nd}'));
  try {
    re = new RegExp(src, jsFlags + 'u');
  } catch {
    try {
      re = new RegExp(src, jsFlags);
    } catch (e) {
      throw new XPathError('FORX0002', `invalid regular expression "${pattern}": ${(e as Error).message}`);
    }
  }
  regexCache.set(key, re);
  return re;
}

function tokenizeStr(input: string, pattern: string, flags: string): string[] {
  if (input === '') return [];
  const re = xpathRegex(pattern, flags, true);
  if (re.test('')) throw new XPathError('FORX0003', `tokenize(): the pattern "${pattern}" matches a zero-length string`);
  re.lastIndex = 0;
  const out: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    out.push(input.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(input.slice(last));
  return out;
}

function replaceStr(input: string, pattern: string, replacement: string, flags: string): string {
  const re = xpathRegex(pattern, flags, true);
  if (re.test('')) throw new XPathError('FORX0003', `replace(): the pattern "${pattern}" matches a zero-length string`);
  re.lastIndex = 0;
  let js = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i];
    if (ch === '\\') {
      const nx = replacement[i + 1];
      if (nx === '\\' || nx === '$') {
        js += nx === '$' ? '$$' : '\\';
        i++;
      } else throw new XPathError('FORX0004', `invalid replacement string "${replacement}"`);
    } else if (ch === '$') {
      const m = /^[0-9]+/.exec(replacement.slice(i + 1));
      if (!m) throw new XPathError('FORX0004', `invalid replacement string "${replacement}"`);
      js += '$' + m[0];
      i += m[0].length;
    } else js += ch;
  }
  return input.replace(re, js);
}

function roundTo(a: number | Dec, prec: number): number | Dec {
  if (a instanceof Dec) {
    const v = a.v.toDecimalPlaces(Math.max(prec, 0), Decimal.ROUND_HALF_CEIL);
    if (prec >= 0) return new Dec(v, a.int);
    const f = new D(10).pow(-prec);
    return new Dec(a.v.div(f).toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL).times(f), a.int);
  }
  if (prec === 0) return xpathRound(a);
  if (!Number.isFinite(a)) return a;
  const f = Math.pow(10, prec);
  return xpathRound(a * f) / f;
}

function sumOf(items: Atomic[], zero: Seq | null): Seq {
  if (items.length === 0) return zero ?? [new Dec(new D(0), true)];
  let acc: number | Dec | null = null;
  for (const it of items) {
    const v = it instanceof UA ? toDouble(it) : it;
    if (!isNumeric(v)) throw new XPathError('FORG0006', `sum() of ${typeName(v)}`);
    if (acc === null) acc = v;
    else if (typeof acc === 'number' || typeof v === 'number') acc = toDouble(acc) + toDouble(v);
    else acc = new Dec(acc.v.plus(v.v), acc.int && v.int);
  }
  return [acc!];
}

function minMax(items: Atomic[], max: boolean): Seq {
  if (items.length === 0) return [];
  let best: Atomic | null = null;
  for (const it0 of items) {
    const it = it0 instanceof UA ? toDouble(it0) : it0;
    if (typeof it === 'number' && Number.isNaN(it)) return [NaN];
    if (best === null) best = it;
    else {
      const c =
        isNumeric(best) && isNumeric(it)
          ? best instanceof Dec && it instanceof Dec
            ? best.v.cmp(it.v)
            : Math.sign(toDouble(best) - toDouble(it))
          : atomicToString(best) < atomicToString(it)
            ? -1
            : atomicToString(best) > atomicToString(it)
              ? 1
              : 0;
      if (max ? c < 0 : c > 0) best = it;
    }
  }
  return [best!];
}

const TRUE_SEQ: Seq = [true];
const FALSE_SEQ: Seq = [false];
const bool = (b: boolean): Seq => (b ? TRUE_SEQ : FALSE_SEQ);

const NEEDS_NORMALIZING = /^[ \t\n\r]|[ \t\n\r]$|[\t\n\r]| {2}/;
export function normalizeSpace(s: string): string {
  if (!NEEDS_NORMALIZING.test(s)) return s;
  return s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
}
const s1 = (s: string): Seq => [s];

export const builtins: Record<string, BuiltIn> = {
  true: { min: 0, max: 0, focusBelow: -1, fn: () => bool(true) },
  false: { min: 0, max: 0, focusBelow: -1, fn: () => bool(false) },
  not: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => bool(!ebv(a)) },
  boolean: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => bool(ebv(a)) },
  exists: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => bool(a.length > 0) },
  empty: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => bool(a.length === 0) },
  count: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => [new Dec(new D(a.length), true)] },
  position: { min: 0, max: 0, focusBelow: 1, fn: (_a, c) => [new Dec(new D(c.pos), true)] },
  last: { min: 0, max: 0, focusBelow: 1, fn: (_a, c) => [new Dec(new D(c.size), true)] },
  string: { min: 0, max: 1, focusBelow: 1, fn: (a, c) => s1(a.length ? str(a[0], 'string') : itemToString(ctxItem(c, 'string'))) },
  data: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => atomizeSeq(a) },
  number: { min: 0, max: 1, focusBelow: 1, fn: (a, c) => [toNumber(a.length ? one(a[0], 'number') : atomize(ctxItem(c, 'number')))] },
  'normalize-space': {
    min: 0,
    max: 1,
    focusBelow: 1,
    fn: (a, c) => s1(normalizeSpace(a.length ? str(a[0], 'normalize-space') : itemToString(ctxItem(c, 'normalize-space')))),
  },
  'string-length': { min: 0, max: 1, focusBelow: 1, fn: (a, c) => [new Dec(new D(cpLength(a.length ? str(a[0], 'string-length') : itemToString(ctxItem(c, 'string-length')))), true)] },
  'upper-case': { min: 1, max: 1, focusBelow: -1, fn: ([a]) => s1(str(a, 'upper-case').toUpperCase()) },
  'lower-case': { min: 1, max: 1, focusBelow: -1, fn: ([a]) => s1(str(a, 'lower-case').toLowerCase()) },
  concat: { min: 2, max: Infinity, focusBelow: -1, fn: (a) => s1(a.map((x) => str(x, 'concat')).join('')) },
  'string-join': {
    min: 1,
    max: 2,
    focusBelow: -1,
    fn: ([a, sep]) => s1(atomizeSeq(a).map(atomicToString).join(sep ? str(sep, 'string-join') : '')),
  },
  contains: { min: 2, max: 2, focusBelow: -1, fn: ([a, b]) => bool(str(a, 'contains').includes(str(b, 'contains'))) },
  'starts-with': { min: 2, max: 2, focusBelow: -1, fn: ([a, b]) => bool(str(a, 'starts-with').startsWith(str(b, 'starts-with'))) },
  'ends-with': { min: 2, max: 2, focusBelow: -1, fn: ([a, b]) => bool(str(a, 'ends-with').endsWith(str(b, 'ends-with'))) },
  'substring-before': {
    min: 2,
    max: 2,
    focusBelow: -1,
    fn: ([a, b]) => {
      const s = str(a, 'substring-before');
      const t = str(b, 'substring-before');
      const i = s.indexOf(t);
      return s1(i < 0 ? '' : s.slice(0, i));
    },
  },
  'substring-after': {
    min: 2,
    max: 2,
    focusBelow: -1,
    fn: ([a, b]) => {
      const s = str(a, 'substring-after');
      const t = str(b, 'substring-after');
      const i = s.indexOf(t);
      return s1(i < 0 ? '' : s.slice(i + t.length));
    },
  },
  substring: {
    min: 2,
    max: 3,
    focusBelow: -1,
    fn: ([a, st, len]) => {
      const s = str(a, 'substring');
      const startN = numericArg(st, 'substring');
      const start = xpathRound(startN === undefined ? NaN : toDouble(startN));
      let end = Infinity;
      if (len !== undefined) {
        const l = numericArg(len, 'substring');
        end = start + xpathRound(l === undefined ? NaN : toDouble(l));
      }
      if (Number.isNaN(start) || Number.isNaN(end)) return s1('');
      const cps = Array.from(s);
      let out = '';
      for (let p = 1; p <= cps.length; p++) if (p >= start && p < end) out += cps[p - 1];
      return s1(out);
    },
  },
  translate: {
    min: 3,
    max: 3,
    focusBelow: -1,
    fn: ([a, b, c]) => {
      const from = Array.from(str(b, 'translate'));
      const to = Array.from(str(c, 'translate'));
      let out = '';
      for (const ch of str(a, 'translate')) {
        const i = from.indexOf(ch);
        if (i < 0) out += ch;
        else if (i < to.length) out += to[i];
      }
      return s1(out);
    },
  },
  matches: {
    min: 2,
    max: 3,
    focusBelow: -1,
    fn: ([a, p, f]) => {
      const re = xpathRegex(str(p, 'matches'), f ? str(f, 'matches') : '');
      return bool(re.test(str(a, 'matches')));
    },
  },
  replace: {
    min: 3,
    max: 4,
    focusBelow: -1,
    fn: ([a, p, r, f]) => s1(replaceStr(str(a, 'replace'), str(p, 'replace'), str(r, 'replace'), f ? str(f, 'replace') : '')),
  },
  tokenize: {
    min: 1,
    max: 3,
    focusBelow: -1,
    fn: ([a, p, f]) => {
      if (p === undefined) return tokenizeStr(str(a, 'tokenize').replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, ''), '[ \\t\\n\\r]+', '');
      return tokenizeStr(str(a, 'tokenize'), str(p, 'tokenize'), f ? str(f, 'tokenize') : '');
    },
  },
  'string-to-codepoints': { min: 1, max: 1, focusBelow: -1, fn: ([a]) => codepoints(str(a, 'string-to-codepoints')).map((c) => new Dec(new D(c), true)) },
  'codepoints-to-string': {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) =>
      s1(
        atomizeSeq(a)
          .map((x) => String.fromCodePoint(toDouble(x instanceof UA ? castAtomic(x, 'xs:integer') : x)))
          .join(''),
      ),
  },
  reverse: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => a.slice().reverse() },
  'distinct-values': {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      const out: Atomic[] = [];
      for (const x0 of atomizeSeq(a)) {
        const x = x0 instanceof UA ? x0.s : x0;
        if (!out.some((y) => sameValue(x, y))) out.push(x);
      }
      return out;
    },
  },
  sum: { min: 1, max: 2, focusBelow: -1, fn: ([a, z]) => sumOf(atomizeSeq(a), z ?? null) },
  avg: {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      if (a.length === 0) return [];
      const s = sumOf(atomizeSeq(a), null)[0] as number | Dec;
      return typeof s === 'number' ? [s / a.length] : [new Dec(s.v.div(a.length).toDecimalPlaces(20, Decimal.ROUND_HALF_UP), false)];
    },
  },
  max: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => minMax(atomizeSeq(a), true) },
  min: { min: 1, max: 1, focusBelow: -1, fn: ([a]) => minMax(atomizeSeq(a), false) },
  abs: {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      const x = numericArg(a, 'abs');
      return x === undefined ? [] : [typeof x === 'number' ? Math.abs(x) : new Dec(x.v.abs(), x.int)];
    },
  },
  floor: {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      const x = numericArg(a, 'floor');
      return x === undefined ? [] : [typeof x === 'number' ? Math.floor(x) : new Dec(x.v.floor(), x.int)];
    },
  },
  ceiling: {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      const x = numericArg(a, 'ceiling');
      return x === undefined ? [] : [typeof x === 'number' ? Math.ceil(x) : new Dec(x.v.ceil(), x.int)];
    },
  },
  round: {
    min: 1,
    max: 2,
    focusBelow: -1,
    fn: ([a, p]) => {
      const x = numericArg(a, 'round');
      if (x === undefined) return [];
      const prec = p ? numericArg(p, 'round') : 0;
      return [roundTo(x, prec === undefined ? 0 : Number(toDouble(prec)))];
    },
  },
  name: {
    min: 0,
    max: 1,
    focusBelow: 1,
    fn: (a, c) => {
      const n = a.length ? a[0] : [ctxItem(c, 'name')];
      if (n.length === 0) return s1('');
      if (!(n[0] instanceof XNode)) throw new XPathError('XPTY0004', 'name() of an atomic value');
      return s1(n[0].qname);
    },
  },
  'local-name': {
    min: 0,
    max: 1,
    focusBelow: 1,
    fn: (a, c) => {
      const n = a.length ? a[0] : [ctxItem(c, 'local-name')];
      if (n.length === 0) return s1('');
      if (!(n[0] instanceof XNode)) throw new XPathError('XPTY0004', 'local-name() of an atomic value');
      return s1(n[0].local);
    },
  },
  'namespace-uri': {
    min: 0,
    max: 1,
    focusBelow: 1,
    fn: (a, c) => {
      const n = a.length ? a[0] : [ctxItem(c, 'namespace-uri')];
      if (n.length === 0) return s1('');
      if (!(n[0] instanceof XNode)) throw new XPathError('XPTY0004', 'namespace-uri() of an atomic value');
      return s1(n[0].ns);
    },
  },
  root: {
    min: 0,
    max: 1,
    focusBelow: 1,
    fn: (a, c) => {
      const n0 = a.length ? a[0][0] : ctxItem(c, 'root');
      if (n0 === undefined) return [];
      if (!(n0 instanceof XNode)) throw new XPathError('XPTY0004', 'root() of an atomic value');
      let n = n0;
      while (n.parent) n = n.parent;
      return [n];
    },
  },
  'current-date': {
    min: 0,
    max: 0,
    focusBelow: -1,
    fn: () => {
      const d = new Date();
      return [new XDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0)];
    },
  },
};

// Constructor functions xs:T($arg as xs:anyAtomicType?) as xs:T?
for (const t of ['xs:string', 'xs:decimal', 'xs:integer', 'xs:double', 'xs:boolean', 'xs:date', 'xs:untypedAtomic', 'xs:normalizedString', 'xs:token']) {
  builtins[t] = {
    min: 1,
    max: 1,
    focusBelow: -1,
    fn: ([a]) => {
      const x = one(a, t);
      return x === undefined ? [] : [castAtomic(x, t)];
    },
  };
}

/** Used by the text() / node() kind tests. */
export function isKind(n: XNode, k: Kind): boolean {
  return n.kind === k;
}

export { stringValue };
