/**
 * XPath AST → JavaScript closures. Every expression becomes a function of the dynamic context
 * returning a sequence (a JS array). Names are resolved at compile time: namespace prefixes to URIs,
 * variables to frame slots or globals, functions to built-ins or the schema's `xsl:function`s. Anything
 * outside the supported subset throws `XPathCompileError` while the pack is compiled, never later.
 *
 * Linearity: a sub-expression that depends neither on the focus nor on a local variable (an absolute
 * path such as `//cac:TaxTotal/...`, a global variable, a function of those) is evaluated once per
 * document and memoised, so a rule evaluated on each of 10,000 lines does not rescan the document.
 * Descendant steps with a name test use the per-document name index (binary search on document order).
 */
import * as tree from './tree';
import type { XDocument } from './tree';
import { builtins } from './functions';
import * as values from './values';
import type { Atomic, Item, Seq } from './values';
import { parseXPath, type Ast, type NodeTest, type SeqType } from './xpath';
import type { FunctionStep, XslFunction } from '../parse';

// Imported bindings read once, at load. Under tsx (esbuild's CommonJS output) every use of an imported
// name is a getter call on the other module's exports; in the engine's hot paths that cost is measurable
// (bench:engines).
const { childrenNamed, expandedName, internName, Kind, XNode } = tree;
type Kind = tree.Kind;
type XNode = tree.XNode;
const { arith, atomize, atomizeSeq, castAtomic, D, Dec, ebv, generalCompare, isNumeric, itemToString, toDouble, typeName, UA, valueCompare, XDate, XPathError, ATOMIC_TYPES } = values;
type Dec = values.Dec;
type UA = values.UA;
type XDate = values.XDate;
type XPathError = values.XPathError;

export class XPathCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XPathCompileError';
  }
}

/** Per-document state shared by every rule of a pack. */
export interface Runtime {
  doc: XDocument;
  globals: (Seq | undefined)[];
  memo: (Seq | undefined)[];
  /** Globals being evaluated (cycle detection). */
  evaluating: Set<number>;
  /** Per `xsl:key` (by index): key value → matching nodes in document order, built on the first `key()` call. */
  keys?: (Map<string, XNode[]> | undefined)[];
}

export interface Ctx {
  item: Item | undefined;
  pos: number;
  size: number;
  vars: (Seq | undefined)[];
  rt: Runtime;
}

export type Ev = (c: Ctx) => Seq;

export interface Compiled {
  ev: Ev;
  /** Reads the context item, position or size. */
  focus: boolean;
  /** Reads a local variable (rule let, for/some/every variable, function parameter). */
  locals: boolean;
  /** Worth memoising (contains a path step or a function call). */
  costly: boolean;
  /** Effective boolean value without building the sequence (booleans, node tests), when cheaper. */
  bool?: (c: Ctx) => boolean;
}

/** Effective boolean value of a compiled expression. */
export function truth(x: Compiled): (c: Ctx) => boolean {
  if (x.bool) return x.bool;
  const ev = x.ev;
  return (c) => ebv(ev(c));
}

/** Slot allocator of one frame (a rule, a global, or one xsl:function). */
export class Frame {
  size = 0;
  alloc(): number {
    return this.size++;
  }
}

export class Scope {
  private readonly names = new Map<string, number>();
  constructor(
    readonly frame: Frame,
    private readonly parent: Scope | null = null,
  ) {}
  bind(name: string): number {
    const slot = this.frame.alloc();
    this.names.set(name, slot);
    return slot;
  }
  lookup(name: string): number | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
  child(): Scope {
    return new Scope(this.frame, this);
  }
}

/**
 * A schema-level `xsl:key`, compiled by the pack compiler: the nodes its match pattern selects (in
 * document order) and its use expression, evaluated with each such node as context.
 */
export interface KeyDef {
  name: string;
  select: (rt: Runtime) => XNode[];
  use: Ev;
  frameSize: number;
}

/**
 * The string under which an atomic key value is indexed. XSLT 2.0 §16.3.2 compares key values with `eq`
 * (untypedAtomic as xs:string, numbers numerically, codepoint collation); values of other types are
 * outside the supported subset and fail closed.
 */
function keyString(a: Atomic): string | null {
  if (typeof a === 'string') return `s${a}`;
  if (a instanceof UA) return `s${a.s}`;
  if (typeof a === 'boolean') return `b${a}`;
  if (typeof a === 'number' || a instanceof Dec) {
    const d = toDouble(a);
    return Number.isNaN(d) ? null : `n${d === 0 ? 0 : d}`;
  }
  throw new XPathError('XPTY0004', `key(): a key value of type ${typeName(a)} is outside the supported subset (strings, numbers, booleans)`);
}

interface UserFn {
  def: XslFunction;
  compiled: ((args: Seq[], rt: Runtime) => Seq) | null;
}

const EMPTY: Seq = [];
Object.freeze(EMPTY);

function needNode(i: Item | undefined, what: string): XNode {
  if (i === undefined) throw new XPathError('XPDY0002', `${what}: the context item is absent`);
  if (!(i instanceof XNode)) throw new XPathError('XPTY0020', `${what}: the context item is not a node`);
  return i;
}

function singleAtomic(s: Seq, what: string): Atomic | undefined {
  if (s.length === 0) return undefined;
  if (s.length > 1) throw new XPathError('XPTY0004', `${what}: a sequence of ${s.length} items where at most one is allowed`);
  return atomize(s[0]);
}

/** Sorts nodes into document order and removes duplicates (in place when possible). */
export function docOrder(nodes: XNode[]): XNode[] {
  let sorted = true;
  for (let k = 1; k < nodes.length; k++) {
    if (nodes[k - 1].id >= nodes[k].id) {
      sorted = false;
      break;
    }
  }
  if (sorted) return nodes;
  nodes.sort((a, b) => a.id - b.id);
  const out: XNode[] = [];
  let last = -1;
  for (const n of nodes) {
    if (n.id !== last) out.push(n);
    last = n.id;
  }
  return out;
}

/** First index in a document-ordered list whose id is greater than `id`. */
function upperBound(list: XNode[], id: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].id <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Matcher = (n: XNode) => boolean;

const seqTypes = new Map<string, SeqType>();
function parseSeqType(as: string): SeqType {
  const hit = seqTypes.get(as);
  if (hit) return hit;
  const st = parseSeqTypeUncached(as);
  seqTypes.set(as, st);
  return st;
}
function parseSeqTypeUncached(as: string): SeqType {
  const m = /^\s*([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(\(\s*\))?\s*([?*+]?)\s*$/.exec(as);
  if (!m) throw new XPathCompileError(`sequence type "${as}" is outside the supported subset`);
  const name = m[1] === 'document-node' ? 'document' : m[1];
  return { type: name, occ: m[3] as SeqType['occ'] };
}

function instanceOfItem(i: Item, type: string): boolean {
  switch (type) {
    case 'item':
      return true;
    case 'node':
      return i instanceof XNode;
    case 'element':
      return i instanceof XNode && i.kind === Kind.Element;
    case 'attribute':
      return i instanceof XNode && i.kind === Kind.Attribute;
    case 'text':
      return i instanceof XNode && i.kind === Kind.Text;
    case 'document':
      return i instanceof XNode && i.kind === Kind.Document;
    case 'xs:anyAtomicType':
      return !(i instanceof XNode);
    case 'xs:string':
      return typeof i === 'string';
    case 'xs:boolean':
      return typeof i === 'boolean';
    case 'xs:double':
      return typeof i === 'number';
    case 'xs:decimal':
      return i instanceof Dec;
    case 'xs:integer':
      return i instanceof Dec && i.int;
    case 'xs:date':
      return i instanceof XDate;
    case 'xs:untypedAtomic':
      return i instanceof UA;
    default:
      throw new XPathError('XPST0051', `type ${type} is not supported`);
  }
}

function occOk(n: number, occ: SeqType['occ']): boolean {
  return occ === '' ? n === 1 : occ === '?' ? n <= 1 : occ === '+' ? n >= 1 : true;
}

/** Function conversion rules (XPath 2.0 §3.1.5) for parameters, results and typed variables. */
export function convertTo(s: Seq, as: string | null, what: string): Seq {
  if (as === null) return s;
  const st = parseSeqType(as);
  if (!occOk(s.length, st.occ)) throw new XPathError('XPTY0004', `${what}: ${s.length} items do not match the required type ${as}`);
  if (!ATOMIC_TYPES.has(st.type)) {
    for (const i of s) if (!instanceOfItem(i, st.type)) throw new XPathError('XPTY0004', `${what}: an item does not match the required type ${as}`);
    return s;
  }
  return s.map((i) => {
    const a = atomize(i);
    if (a instanceof UA) return st.type === 'xs:untypedAtomic' ? a : castAtomic(a, st.type);
    if (instanceOfItem(a, st.type)) return a;
    // Numeric promotion: decimal → double.
    if (st.type === 'xs:double' && a instanceof Dec) return toDouble(a);
    throw new XPathError('XPTY0004', `${what}: ${typeName(a)} does not match the required type ${as}`);
  });
}

export class XPathCompiler {
  private memoCount = 0;
  private readonly userFns = new Map<string, UserFn>();
  private readonly keyDefs = new Map<string, { index: number; def: KeyDef }>();

  constructor(
    private readonly namespaces: Record<string, string>,
    /** Global variable name → index in `Runtime.globals`. */
    private readonly globalIndex: Map<string, number>,
    functions: XslFunction[],
    /** Evaluates global variable i on the runtime (set by the pack compiler). */
    private readonly evalGlobal: (rt: Runtime, i: number) => Seq,
  ) {
    for (const f of functions) this.userFns.set(`${f.name}#${f.params.length}`, { def: f, compiled: null });
  }

  /** Declares an `xsl:key` for `key()` calls compiled after this. */
  defineKey(def: KeyDef): void {
    if (this.keyDefs.has(def.name)) throw new XPathCompileError(`xsl:key "${def.name}" is declared twice`);
    this.keyDefs.set(def.name, { index: this.keyDefs.size, def });
  }

  get keyCount(): number {
    return this.keyDefs.size;
  }

  get memoSlots(): number {
    return this.memoCount;
  }

  /** Parses and compiles one expression; errors name the expression. */
  compileExpr(src: string, scope: Scope): Compiled {
    let ast: Ast;
    try {
      ast = parseXPath(src);
    } catch (e) {
      throw new XPathCompileError((e as Error).message);
    }
    try {
      return this.compile(ast, scope);
    } catch (e) {
      if (e instanceof XPathCompileError) throw new XPathCompileError(`${e.message} — in "${src.length > 200 ? src.slice(0, 200) + '…' : src}"`);
      throw e;
    }
  }

  private resolveNs(prefix: string): string {
    const ns = this.namespaces[prefix];
    if (ns === undefined) throw new XPathCompileError(`namespace prefix "${prefix}" is not declared`);
    return internName(ns);
  }

  /** A node-test predicate for the principal node kind of the axis. */
  nodeTestMatcher(test: NodeTest, attributeAxis: boolean): Matcher {
    const principal = attributeAxis ? Kind.Attribute : Kind.Element;
    switch (test.kind) {
      case 'node':
        return () => true;
      case 'text':
        return (n) => n.kind === Kind.Text;
      case 'document':
        return (n) => n.kind === Kind.Document;
      case 'comment':
        return () => false; // comments are not kept in the tree
      case 'element':
      case 'attribute': {
        const k = test.kind === 'element' ? Kind.Element : Kind.Attribute;
        if (test.name === null) return (n) => n.kind === k;
        const c = test.name.indexOf(':');
        const ns = c < 0 ? '' : this.resolveNs(test.name.slice(0, c));
        const local = internName(c < 0 ? test.name : test.name.slice(c + 1));
        return (n) => n.kind === k && n.local === local && n.ns === ns;
      }
      case 'name': {
        if (test.local === '*' && test.prefix === '*') return (n) => n.kind === principal;
        if (test.prefix === '*') {
          const local = internName(test.local);
          return (n) => n.kind === principal && n.local === local;
        }
        const ns = test.prefix === null ? '' : this.resolveNs(test.prefix);
        if (test.local === '*') return (n) => n.kind === principal && n.ns === ns;
        const local = internName(test.local);
        return (n) => n.kind === principal && n.local === local && n.ns === ns;
      }
    }
  }

  /** Expanded name for an element name test, or null when it is not a plain name. */
  expandedNameOf(test: NodeTest): string | null {
    if (test.kind !== 'name' || test.local === '*' || test.prefix === '*') return null;
    return expandedName(test.prefix === null ? '' : this.resolveNs(test.prefix), test.local);
  }

  /** Whether a predicate may select by position (numeric value, or position()/last() at its own focus). */
  static positional(p: Ast): boolean {
    const usesPos = (a: Ast): boolean => {
      switch (a.t) {
        case 'call':
          return a.name === 'position' || a.name === 'last' || a.args.some(usesPos);
        case 'step':
        case 'filter':
          return false; // inner predicates have their own focus
        case 'path':
          return usesPos(a.a);
        default:
          return Object.values(a).some((v) => (Array.isArray(v) ? v.some((x) => typeof x === 'object' && x && 't' in x && usesPos(x as Ast)) : typeof v === 'object' && v && 't' in v && usesPos(v as Ast)));
      }
    };
    if (usesPos(p)) return true;
    switch (p.t) {
      case 'num':
      case 'arith':
      case 'var':
      case 'range':
        return true;
      case 'call':
        return ['count', 'number', 'sum', 'round', 'abs', 'floor', 'ceiling', 'xs:integer', 'xs:decimal', 'xs:double', 'string-length', 'max', 'min', 'avg'].includes(p.name) || /:/.test(p.name) && !p.name.startsWith('xs:');
      case 'if':
      case 'seq':
      case 'filter':
      case 'for':
        return true;
      default:
        return false;
    }
  }

  compilePredicates(preds: Ast[], scope: Scope): { ev: (items: Item[], c: Ctx) => Item[]; focus: boolean; locals: boolean; costly: boolean } | null {
    if (preds.length === 0) return null;
    const cs = preds.map((p) => {
      if (p.t === 'num' && p.type === 'integer') {
        const k = Number(p.v);
        return { kind: 'index' as const, k, c: null };
      }
      return { kind: 'general' as const, k: 0, c: this.compile(p, scope) };
    });
    const ev = (items0: Item[], c: Ctx): Item[] => {
      let items = items0;
      for (const p of cs) {
        if (p.kind === 'index') {
          items = p.k >= 1 && p.k <= items.length ? [items[p.k - 1]] : EMPTY;
          continue;
        }
        if (items.length === 0) return EMPTY;
        if (!p.c!.focus) {
          // The predicate does not depend on the item, its position or the size: evaluate it once.
          const v = p.c!.ev({ item: items[0], pos: 1, size: items.length, vars: c.vars, rt: c.rt });
          if (v.length === 1 && (typeof v[0] === 'number' || v[0] instanceof Dec)) {
            const k = toDouble(v[0] as Atomic);
            items = Number.isInteger(k) && k >= 1 && k <= items.length ? [items[k - 1]] : EMPTY;
          } else if (!ebv(v)) items = EMPTY;
          continue;
        }
        const out: Item[] = [];
        const size = items.length;
        const ctx: Ctx = { item: undefined, pos: 0, size, vars: c.vars, rt: c.rt };
        for (let k = 0; k < size; k++) {
          ctx.item = items[k];
          ctx.pos = k + 1;
          const v = p.c!.ev(ctx);
          if (v.length === 1 && (typeof v[0] === 'number' || v[0] instanceof Dec)) {
            if (toDouble(v[0] as Atomic) === k + 1) out.push(items[k]);
          } else if (ebv(v)) out.push(items[k]);
        }
        items = out;
      }
      return items;
    };
    return {
      ev,
      focus: false,
      locals: cs.some((p) => p.c?.locals ?? false),
      costly: true,
    };
  }

  /** Memo slot per distinct context-free expression: the same sub-expression in several rules is evaluated once per document. */
  private readonly memoIds = new Map<string, number>();

  private memoise(c: Compiled, ast: Ast): Compiled {
    if (c.focus || c.locals || !c.costly) return c;
    const key = JSON.stringify(ast);
    if (!/"t":"(root|var)"|current-date|"t":"call","name":"(?!xs:)[^"]*:/.test(key)) {
      // Depends on nothing but literals and pure built-ins (code lists such as tokenize('AD AE …')):
      // computed once per compiled pack, for every document.
      const inner = c.ev;
      let value: Seq | undefined;
      return {
        ...c,
        bool: undefined,
        ev: (ctx) => value ?? (value = inner(ctx)),
      };
    }
    let id = this.memoIds.get(key);
    if (id === undefined) {
      id = this.memoCount++;
      this.memoIds.set(key, id);
    }
    const inner = c.ev;
    return {
      ...c,
      bool: undefined,
      ev: (ctx) => {
        const m = ctx.rt.memo[id];
        if (m !== undefined) return m;
        const v = inner(ctx);
        ctx.rt.memo[id] = v;
        return v;
      },
    };
  }

  compile(ast: Ast, scope: Scope): Compiled {
    return this.memoise(this.compileRaw(ast, scope), ast);
  }

  private compileRaw(ast: Ast, scope: Scope): Compiled {
    const pure = (ev: Ev, costly = false): Compiled => ({ ev, focus: false, locals: false, costly });
    switch (ast.t) {
      case 'str': {
        const v: Seq = [ast.v];
        return pure(() => v);
      }
      case 'num': {
        const v: Seq = [ast.type === 'double' ? Number(ast.v) : new Dec(new D(ast.v), ast.type === 'integer')];
        return pure(() => v);
      }
      case 'var': {
        const slot = scope.lookup(ast.name);
        if (slot !== undefined) {
          return {
            ev: (c) => {
              const v = c.vars[slot];
              if (v === undefined) throw new XPathError('XPDY0002', `variable $${ast.name} has no value`);
              return v;
            },
            focus: false,
            locals: true,
            costly: false,
          };
        }
        const g = this.globalIndex.get(ast.name);
        if (g === undefined) throw new XPathCompileError(`variable $${ast.name} is not declared`);
        const evalGlobal = this.evalGlobal;
        return pure((c) => c.rt.globals[g] ?? evalGlobal(c.rt, g));
      }
      case 'dot':
        return {
          ev: (c) => {
            if (c.item === undefined) throw new XPathError('XPDY0002', 'the context item is absent');
            return [c.item];
          },
          focus: true,
          locals: false,
          costly: false,
        };
      case 'root':
        return pure((c) => [c.rt.doc.root]);
      case 'seq': {
        if (ast.items.length === 1) return this.compileRaw(ast.items[0], scope);
        const parts = ast.items.map((i) => this.compile(i, scope));
        return {
          ev: (c) => {
            const out: Item[] = [];
            for (const p of parts) for (const i of p.ev(c)) out.push(i);
            return out;
          },
          ...flags(parts),
        };
      }
      case 'quant': {
        // some $v in S satisfies X = $v  ≡  X = S (general comparison is existential), X not using $v.
        const b0 = ast.bindings[0];
        const t = ast.test;
        if (ast.some && ast.bindings.length === 1 && t.t === 'gcmp' && t.op === '=') {
          const isV = (x: Ast): boolean => x.t === 'var' && x.name === b0.name;
          const other = isV(t.b) ? t.a : isV(t.a) ? t.b : null;
          if (other && !mentionsVar(other, b0.name)) {
            return this.compileRaw({ t: 'gcmp', op: '=', a: other, b: b0.expr }, scope);
          }
        }
        return this.compileLoop(ast, scope);
      }
      case 'for':
        return this.compileLoop(ast, scope);
      default:
        return this.compileRest(ast, scope);
    }
  }

  private compileLoop(ast: Extract<Ast, { t: 'for' | 'quant' }>, scope: Scope): Compiled {
    switch (ast.t) {
      case 'for':
      case 'quant': {
        const inner = scope.child();
        const bs = ast.bindings.map((b) => {
          const e = this.compile(b.expr, inner);
          return { slot: inner.bind(b.name), e };
        });
        const body = this.compile(ast.t === 'for' ? ast.ret : ast.test, inner);
        const fl = flags([...bs.map((b) => b.e), body]);
        if (ast.t === 'for') {
          const out0 = (c: Ctx, k: number, out: Item[]): void => {
            if (k === bs.length) {
              for (const i of body.ev(c)) out.push(i);
              return;
            }
            const b = bs[k];
            for (const it of b.e.ev(c)) {
              c.vars[b.slot] = [it];
              out0(c, k + 1, out);
            }
          };
          return {
            ev: (c) => {
              const out: Item[] = [];
              out0(c, 0, out);
              return out;
            },
            ...fl,
            locals: fl.locals,
          };
        }
        const some = ast.some;
        const q = (c: Ctx, k: number): boolean => {
          if (k === bs.length) return ebv(body.ev(c));
          const b = bs[k];
          for (const it of b.e.ev(c)) {
            c.vars[b.slot] = [it];
            if (q(c, k + 1) === some) return some;
          }
          return !some;
        };
        return { ev: (c) => [q(c, 0)], ...fl };
      }
    }
  }

  private compileRest(ast: Ast, scope: Scope): Compiled {
    switch (ast.t) {
      case 'if': {
        const cond = this.compile(ast.cond, scope);
        const th = this.compile(ast.then, scope);
        const el = this.compile(ast.else, scope);
        return { ev: (c) => (ebv(cond.ev(c)) ? th.ev(c) : el.ev(c)), ...flags([cond, th, el]) };
      }
      case 'or':
      case 'and': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const ta = truth(a);
        const tb = truth(b);
        const bool: (c: Ctx) => boolean = ast.t === 'or' ? (c) => ta(c) || tb(c) : (c) => ta(c) && tb(c);
        return { ev: (c) => (bool(c) ? TRUE : FALSE), bool, ...flags([a, b]) };
      }
      case 'gcmp': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const op = ast.op;
        if (op === '=') {
          // Against a long list of strings (code lists held in variables), compare through a hash set.
          return {
            ev: (c) => {
              const xs = a.ev(c);
              const ys = b.ev(c);
              if (ys.length > 8) {
                const set = stringSet(ys);
                if (set) {
                  for (const x0 of xs) {
                    const x = atomize(x0);
                    if (typeof x === 'string' ? set.has(x) : x instanceof UA ? set.has(x.s) : generalCompare([x], atomizeSeq(ys), op)) return TRUE;
                  }
                  return FALSE;
                }
              }
              return generalCompare(atomizeSeq(xs), atomizeSeq(ys), op) ? TRUE : FALSE;
            },
            ...flags([a, b]),
          };
        }
        const bool = (c: Ctx): boolean => generalCompare(atomizeSeq(a.ev(c)), atomizeSeq(b.ev(c)), op);
        return { ev: (c) => (bool(c) ? TRUE : FALSE), bool, ...flags([a, b]) };
      }
      case 'vcmp': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const op = ast.op;
        return {
          ev: (c) => {
            const x = singleAtomic(a.ev(c), op);
            const y = singleAtomic(b.ev(c), op);
            return x === undefined || y === undefined ? EMPTY : [valueCompare(x, y, op)];
          },
          ...flags([a, b]),
        };
      }
      case 'ncmp': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const op = ast.op;
        return {
          ev: (c) => {
            const x = a.ev(c);
            const y = b.ev(c);
            if (x.length === 0 || y.length === 0) return EMPTY;
            if (x.length > 1 || y.length > 1 || !(x[0] instanceof XNode) || !(y[0] instanceof XNode)) throw new XPathError('XPTY0004', `operands of "${op}" must be single nodes`);
            const d = x[0].id - y[0].id;
            return [op === 'is' ? d === 0 : op === '<<' ? d < 0 : d > 0];
          },
          ...flags([a, b]),
        };
      }
      case 'range': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        return {
          ev: (c) => {
            const x = singleAtomic(a.ev(c), 'to');
            const y = singleAtomic(b.ev(c), 'to');
            if (x === undefined || y === undefined) return EMPTY;
            const lo = toDouble(castAtomic(x, 'xs:integer'));
            const hi = toDouble(castAtomic(y, 'xs:integer'));
            const out: Item[] = [];
            for (let k = lo; k <= hi; k++) out.push(new Dec(new D(k), true));
            return out;
          },
          ...flags([a, b]),
        };
      }
      case 'arith': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const op = ast.op;
        return {
          ev: (c) => {
            const x = singleAtomic(a.ev(c), op);
            if (x === undefined) return EMPTY;
            const y = singleAtomic(b.ev(c), op);
            if (y === undefined) return EMPTY;
            return [arith(op, x, y)];
          },
          ...flags([a, b]),
        };
      }
      case 'neg':
        throw new XPathCompileError('internal: unary minus is compiled as a subtraction');
      case 'concat': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        return {
          ev: (c) => {
            const x = singleAtomic(a.ev(c), '||');
            const y = singleAtomic(b.ev(c), '||');
            return [(x === undefined ? '' : itemToString(x)) + (y === undefined ? '' : itemToString(y))];
          },
          ...flags([a, b]),
        };
      }
      case 'union':
      case 'intersect':
      case 'except': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        const kind = ast.t;
        return {
          ev: (c) => {
            const x = a.ev(c);
            const y = b.ev(c);
            for (const i of x) if (!(i instanceof XNode)) throw new XPathError('XPTY0004', `operands of ${kind} must be nodes`);
            for (const i of y) if (!(i instanceof XNode)) throw new XPathError('XPTY0004', `operands of ${kind} must be nodes`);
            if (kind === 'union') return docOrder([...(x as XNode[]), ...(y as XNode[])]);
            const ys = new Set(y as XNode[]);
            return docOrder((x as XNode[]).filter((n) => ys.has(n) === (kind === 'intersect')));
          },
          ...flags([a, b]),
        };
      }
      case 'instance': {
        const a = this.compile(ast.a, scope);
        const t = ast.type;
        if (t.type !== 'empty' && t.type !== 'item' && !ATOMIC_TYPES.has(t.type) && !['node', 'element', 'attribute', 'text', 'document'].includes(t.type)) {
          throw new XPathCompileError(`instance of ${t.type} is outside the supported subset`);
        }
        return {
          ev: (c) => {
            const v = a.ev(c);
            if (t.type === 'empty') return [v.length === 0];
            return [occOk(v.length, t.occ) && v.every((i) => instanceOfItem(i, t.type))];
          },
          ...flags([a]),
        };
      }
      case 'castable':
      case 'cast': {
        if (!ATOMIC_TYPES.has(ast.type)) throw new XPathCompileError(`${ast.t} as ${ast.type} is outside the supported subset`);
        const a = this.compile(ast.a, scope);
        const type = ast.type;
        const optional = ast.optional;
        if (ast.t === 'castable') {
          return {
            ev: (c) => {
              const v = a.ev(c);
              if (v.length === 0) return [optional];
              if (v.length > 1) return [false];
              try {
                castAtomic(atomize(v[0]), type);
                return [true];
              } catch (e) {
                if (e instanceof XPathError) return [false];
                throw e;
              }
            },
            ...flags([a]),
          };
        }
        return {
          ev: (c) => {
            const v = a.ev(c);
            if (v.length === 0) {
              if (optional) return EMPTY;
              throw new XPathError('XPTY0004', `cast as ${type}: empty sequence`);
            }
            if (v.length > 1) throw new XPathError('XPTY0004', `cast as ${type}: more than one item`);
            return [castAtomic(atomize(v[0]), type)];
          },
          ...flags([a]),
        };
      }
      case 'map': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        return {
          ev: (c) => {
            const xs = a.ev(c);
            const out: Item[] = [];
            const ctx: Ctx = { item: undefined, pos: 0, size: xs.length, vars: c.vars, rt: c.rt };
            for (let k = 0; k < xs.length; k++) {
              ctx.item = xs[k];
              ctx.pos = k + 1;
              for (const i of b.ev(ctx)) out.push(i);
            }
            return out;
          },
          focus: a.focus,
          locals: a.locals || b.locals,
          costly: true,
        };
      }
      case 'filter': {
        const prim = this.compile(ast.primary, scope);
        const preds = this.compilePredicates(ast.preds, scope)!;
        return {
          ev: (c) => preds.ev(prim.ev(c), c),
          focus: prim.focus,
          locals: prim.locals || preds.locals,
          costly: true,
        };
      }
      case 'step':
        return this.compileStep(ast, scope);
      case 'path':
        return this.compilePath(ast, scope);
      case 'call':
        return this.compileCall(ast, scope);
      default:
        throw new XPathCompileError(`internal: ${ast.t} reached the wrong compiler branch`);
    }
  }

  private compileStep(ast: Extract<Ast, { t: 'step' }>, scope: Scope): Compiled {
    const axes = this.axisFn(ast.axis, ast.test);
    const preds = this.compilePredicates(ast.preds, scope);
    const reverse = ast.axis === 'ancestor' || ast.axis === 'ancestor-or-self' || ast.axis === 'preceding-sibling' || ast.axis === 'preceding';
    const what = `${ast.axis}:: step`;
    let ev: Ev;
    if (!preds && ast.axis === 'child') {
      const match = this.nodeTestMatcher(ast.test, false);
      const bool = (c: Ctx): boolean => {
        for (const ch of needNode(c.item, what).children) if (match(ch)) return true;
        return false;
      };
      return { ev: (c) => axes(needNode(c.item, what), c.rt.doc), bool, focus: true, locals: false, costly: true };
    }
    if (!preds) ev = (c) => axes(needNode(c.item, what), c.rt.doc);
    else if (!reverse) ev = (c) => preds.ev(axes(needNode(c.item, what), c.rt.doc), c);
    else ev = (c) => preds.ev(axes(needNode(c.item, what), c.rt.doc).slice().reverse(), c).slice().reverse();
    return { ev, focus: true, locals: preds?.locals ?? false, costly: true };
  }

  /** Nodes on an axis that pass the node test, in document order. */
  private axisFn(axis: string, test: NodeTest): (n: XNode, doc: XDocument) => XNode[] {
    const match = this.nodeTestMatcher(test, axis === 'attribute');
    const key = axis === 'attribute' ? null : this.expandedNameOf(test);
    switch (axis) {
      case 'child':
        if (test.kind === 'name' && key !== null) {
          const t = test;
          const ns = t.prefix === null ? '' : this.resolveNs(t.prefix);
          const local = internName(t.local);
          const ckey = expandedName(ns, local);
          return (n) => childrenNamed(n, ckey, ns, local);
        }
        return (n) => n.children.filter(match);
      case 'attribute':
        return (n) => (n.attrs.length ? n.attrs.filter(match) : (n.attrs as XNode[]));
      case 'self':
        return (n) => (match(n) ? [n] : []);
      case 'parent':
        return (n) => (n.parent && match(n.parent) ? [n.parent] : []);
      case 'ancestor':
      case 'ancestor-or-self': {
        const self = axis === 'ancestor-or-self';
        return (n) => {
          const out: XNode[] = [];
          for (let a = self ? n : n.parent; a; a = a.parent) if (match(a)) out.push(a);
          return out.reverse();
        };
      }
      case 'descendant':
      case 'descendant-or-self': {
        const self = axis === 'descendant-or-self';
        const pool = (doc: XDocument): XNode[] | null => {
          if (key !== null) return doc.byName.get(key) ?? [];
          if (test.kind === 'name' || (test.kind === 'element' && test.name === null)) return doc.elements;
          return null;
        };
        return (n, doc) => {
          const out: XNode[] = [];
          if (self && match(n)) out.push(n);
          if (n.kind === Kind.Attribute || n.kind === Kind.Text) return out;
          const list = pool(doc);
          if (list) {
            for (let k = upperBound(list, n.id); k < list.length && list[k].id <= n.end; k++) if (match(list[k])) out.push(list[k]);
            return out;
          }
          const walk = (x: XNode): void => {
            for (const ch of x.children) {
              if (match(ch)) out.push(ch);
              if (ch.kind === Kind.Element) walk(ch);
            }
          };
          walk(n);
          return out;
        };
      }
      case 'following-sibling':
      case 'preceding-sibling': {
        const following = axis === 'following-sibling';
        return (n) => {
          const p = n.parent;
          if (!p || n.kind === Kind.Attribute) return [];
          const sibs = p.children;
          const i = n.childIndex;
          const out: XNode[] = [];
          if (following) {
            for (let k = i + 1; k < sibs.length; k++) if (match(sibs[k])) out.push(sibs[k]);
          } else for (let k = 0; k < i; k++) if (match(sibs[k])) out.push(sibs[k]);
          return out;
        };
      }
      case 'following':
      case 'preceding': {
        const following = axis === 'following';
        return (n, doc) => {
          const list = key !== null ? (doc.byName.get(key) ?? []) : null;
          const out: XNode[] = [];
          const anchor = n.kind === Kind.Attribute ? n.parent! : n;
          if (list) {
            if (following) {
              for (let k = upperBound(list, anchor.end); k < list.length; k++) if (match(list[k])) out.push(list[k]);
            } else {
              const hi = upperBound(list, anchor.id - 1);
              for (let k = 0; k < hi; k++) if (list[k].end < anchor.id && match(list[k])) out.push(list[k]);
            }
            return out;
          }
          const all: XNode[] = [];
          const walk = (x: XNode): void => {
            for (const ch of x.children) {
              all.push(ch);
              if (ch.kind === Kind.Element) walk(ch);
            }
          };
          walk(doc.root);
          for (const x of all) {
            if (following ? x.id > anchor.end : x.end < anchor.id) if (match(x)) out.push(x);
          }
          return out;
        };
      }
      default:
        throw new XPathCompileError(`axis ${axis}:: is outside the supported subset`);
    }
  }

  /** `a/b/c` (child name steps, no predicates) from the context node or the root: evaluated bottom-up from the name index when that is cheaper. */
  private compileChildChain(ast: Extract<Ast, { t: 'path' }>, general: () => Compiled): Compiled | null {
    const steps: { ns: string; local: string }[] = [];
    const asStep = (a: Ast): { ns: string; local: string } | null => {
      if (a.t !== 'step' || a.axis !== 'child' || a.preds.length || a.test.kind !== 'name' || a.test.local === '*' || a.test.prefix === '*') return null;
      return { ns: a.test.prefix === null ? '' : this.resolveNs(a.test.prefix), local: internName(a.test.local) };
    };
    let cur: Ast = ast;
    while (cur.t === 'path') {
      if (cur.descendants) return null;
      const st = asStep(cur.b);
      if (!st) return null;
      steps.unshift(st);
      cur = cur.a;
    }
    let absolute = false;
    if (cur.t === 'root') absolute = true;
    else if ((cur.t === 'seq' && cur.items.length === 1 && cur.items[0].t === 'union') || cur.t === 'union') {
      // (A|B)/c/d ≡ A/c/d | B/c/d for child name steps: one chain per alternative, results merged.
      const alts: Ast[] = [];
      const collect = (u: Ast): boolean => {
        if (u.t === 'seq' && u.items.length === 1) return collect(u.items[0]);
        if (u.t === 'union') return collect(u.a) && collect(u.b);
        if (!asStep(u)) return false;
        alts.push(u);
        return true;
      };
      if (!collect(cur) || steps.length === 0) return null;
      const tail = steps.length;
      const chains = alts.map((alt) => {
        let p: Ast = alt;
        let rest: Ast = ast;
        const bs: Ast[] = [];
        for (let k = 0; k < tail; k++) {
          bs.unshift((rest as Extract<Ast, { t: 'path' }>).b);
          rest = (rest as Extract<Ast, { t: 'path' }>).a;
        }
        for (const b of bs) p = { t: 'path', a: p, b, descendants: false };
        return this.compileChildChain(p as Extract<Ast, { t: 'path' }>, general);
      });
      if (chains.some((c) => c === null)) return null;
      const cs = chains as Compiled[];
      return {
        ev: (c) => {
          const parts = cs.map((x) => x.ev(c) as XNode[]);
          const nonEmpty = parts.filter((x) => x.length > 0);
          if (nonEmpty.length <= 1) return nonEmpty[0] ?? EMPTY;
          return docOrder(nonEmpty.flat());
        },
        focus: true,
        locals: false,
        costly: true,
      };
    } else {
      const st = asStep(cur);
      if (!st) return null;
      steps.unshift(st);
    }
    if (steps.length < 2) return null;
    const gen = general();
    const lastKey = expandedName(steps[steps.length - 1].ns, steps[steps.length - 1].local);
    const firstKey = expandedName(steps[0].ns, steps[0].local);
    const k = steps.length;
    const ev: Ev = (c) => {
      const base = absolute ? c.rt.doc.root : needNode(c.item, 'path');
      if (base.kind === Kind.Attribute || base.kind === Kind.Text) return EMPTY;
      const list = c.rt.doc.byName.get(lastKey);
      if (!list) return EMPTY;
      const lo = upperBound(list, base.id);
      const hi = upperBound(list, base.end);
      if (hi === lo) return EMPTY;
      const first = c.rt.doc.byName.get(firstKey);
      if (!first) return EMPTY;
      const firstCount = upperBound(first, base.end) - upperBound(first, base.id);
      if (hi - lo > 2 * firstCount + 16) return gen.ev(c);
      const out: XNode[] = [];
      for (let i = lo; i < hi; i++) {
        const x = list[i];
        let p = x.parent;
        let ok = true;
        for (let j = k - 2; j >= 0 && p; j--) {
          const st = steps[j];
          if (p.kind !== Kind.Element || p.local !== st.local || p.ns !== st.ns) {
            ok = false;
            break;
          }
          p = p.parent;
        }
        if (ok && p === base) out.push(x);
      }
      return out;
    };
    return { ev, focus: !absolute, locals: false, costly: true };
  }

  private compilePath(ast: Extract<Ast, { t: 'path' }>, scope: Scope): Compiled {
    const chain = this.compileChildChain(ast, () => this.compilePathGeneral(ast, scope));
    if (chain) return chain;
    return this.compilePathGeneral(ast, scope);
  }

  private compilePathGeneral(ast: Extract<Ast, { t: 'path' }>, scope: Scope): Compiled {
    let right: Ast = ast.b;
    let left = this.compile(ast.a, scope);
    if (ast.descendants) {
      // a//child::t[non-positional] ≡ a/descendant::t[…]; otherwise a/descendant-or-self::node()/b.
      const desc = toDescendant(right);
      if (desc) {
        right = desc;
      } else if (right.t === 'step' && right.axis === 'attribute' && right.test.kind === 'name' && right.test.local !== '*' && right.test.prefix !== '*' && !right.preds.some((p) => XPathCompiler.positional(p))) {
        // a//@x: attributes named x of a and its descendants, from the attribute index.
        return this.compileDescendantAttributes(left, right, scope);
      } else {
        const dos: Ast = { t: 'step', axis: 'descendant-or-self', test: { kind: 'node' }, preds: [] };
        left = this.compilePath({ t: 'path', a: ast.a, b: dos, descendants: false }, scope);
      }
    }
    const r = this.compile(right, scope);
    const l = left;
    const rightIsStep = right.t === 'step' && (right.axis === 'child' || right.axis === 'attribute' || right.axis === 'self');
    const ev: Ev = (c) => {
      const xs = l.ev(c);
      if (xs.length === 0) return EMPTY;
      const ctx: Ctx = { item: undefined, pos: 0, size: xs.length, vars: c.vars, rt: c.rt };
      if (xs.length === 1) {
        if (!(xs[0] instanceof XNode)) throw new XPathError('XPTY0019', 'the left operand of "/" is not a node');
        ctx.item = xs[0];
        ctx.pos = 1;
        return r.ev(ctx);
      }
      const out: Item[] = [];
      let nodes = 0;
      for (let k = 0; k < xs.length; k++) {
        if (!(xs[k] instanceof XNode)) throw new XPathError('XPTY0019', 'the left operand of "/" is not a node');
        ctx.item = xs[k];
        ctx.pos = k + 1;
        for (const i of r.ev(ctx)) {
          if (i instanceof XNode) nodes++;
          out.push(i);
        }
      }
      if (nodes === 0) return out;
      if (nodes !== out.length) throw new XPathError('XPTY0018', 'the result of a path mixes nodes and atomic values');
      // Child/attribute/self steps from distinct nodes in document order are already in order.
      return rightIsStep ? out : docOrder(out as XNode[]);
    };
    return { ev, focus: l.focus, locals: l.locals || r.locals, costly: true };
  }

  private compileDescendantAttributes(left: Compiled, step: Extract<Ast, { t: 'step' }>, scope: Scope): Compiled {
    const t = step.test as Extract<NodeTest, { kind: 'name' }>;
    const key = expandedName(t.prefix === null ? '' : this.resolveNs(t.prefix), t.local);
    const preds = this.compilePredicates(step.preds, scope);
    const ev: Ev = (c) => {
      const xs = left.ev(c);
      const list = c.rt.doc.attrsByName.get(key);
      if (!list || xs.length === 0) return EMPTY;
      let out: XNode[] = [];
      for (const x of xs) {
        if (!(x instanceof XNode)) throw new XPathError('XPTY0019', 'the left operand of "//" is not a node');
        if (x.kind === Kind.Document) {
          out = out.concat(list);
          continue;
        }
        for (let k = upperBound(list, x.id); k < list.length && list[k].id <= x.end; k++) out.push(list[k]);
      }
      if (xs.length > 1) out = docOrder(out);
      if (!preds) return out;
      const res: XNode[] = [];
      for (const a of out) if (preds.ev([a], { item: a, pos: 1, size: 1, vars: c.vars, rt: c.rt }).length) res.push(a);
      return res;
    };
    return { ev, focus: left.focus, locals: left.locals || (preds?.locals ?? false), costly: true };
  }

  private compileCall(ast: Extract<Ast, { t: 'call' }>, scope: Scope): Compiled {
    const name = ast.name.startsWith('fn:') ? ast.name.slice(3) : ast.name;
    const args = ast.args.map((a) => this.compile(a, scope));
    const fl = flags(args);
    const b = builtins[name];
    if (b && args.length === 1 && (name === 'not' || name === 'exists' || name === 'empty' || name === 'boolean')) {
      const a = args[0].ev;
      // exists()/empty() of a node step can use its boolean form (non-empty); of anything else, its length.
      const ta = truth(args[0]);
      const nodeBool = args[0].bool !== undefined && ast.args[0].t === 'step';
      const bool: (c: Ctx) => boolean =
        name === 'not' ? (c) => !ta(c) : name === 'boolean' ? ta : name === 'exists' ? (nodeBool ? ta : (c) => a(c).length > 0) : nodeBool ? (c) => !ta(c) : (c) => a(c).length === 0;
      return { ev: (c) => (bool(c) ? TRUE : FALSE), bool, ...fl, costly: true };
    }
    if (b) {
      if (args.length < b.min || args.length > b.max) throw new XPathCompileError(`${name}() does not take ${args.length} argument(s)`);
      const fn = b.fn;
      const ev: Ev = args.length === 0 ? (c) => fn([], c) : args.length === 1 ? (c) => fn([args[0].ev(c)], c) : (c) => fn(args.map((a) => a.ev(c)), c);
      return { ev, focus: fl.focus || args.length < b.focusBelow, locals: fl.locals, costly: true };
    }
    if (name === 'key') return this.compileKeyCall(ast, args);
    const uf = this.userFns.get(`${name}#${args.length}`);
    if (!uf) throw new XPathCompileError(`function ${name}#${args.length} is outside the supported subset (not a built-in and not an embedded xsl:function)`);
    this.ensureUserFn(uf);
    return {
      ev: (c) => uf.compiled!(args.map((a) => a.ev(c)), c.rt),
      ...fl,
      costly: true,
    };
  }

  /**
   * `key(name, values)` (XSLT 2.0 §16.3.2) in the document of the context node: the union of the nodes
   * indexed under any of the values, in document order. The index of a key is built once per document,
   * on the first call. The name must be a string literal naming a declared `xsl:key`; the third argument
   * (a subtree to search) is outside the supported subset.
   */
  private compileKeyCall(ast: Extract<Ast, { t: 'call' }>, args: Compiled[]): Compiled {
    if (args.length !== 2) throw new XPathCompileError(`key() with ${args.length} argument(s) is outside the supported subset (key(name, value))`);
    const nameAst = ast.args[0];
    if (nameAst.t !== 'str') throw new XPathCompileError('key() with a computed key name is outside the supported subset (a string literal)');
    const k = this.keyDefs.get(nameAst.v);
    if (!k) throw new XPathCompileError(`key("${nameAst.v}"): no xsl:key of that name is declared`);
    if (!this.singleAtomic(ast.args[1])) {
      // XSLT 2.0 §16.3.2 gives the union of the nodes of every value, in document order; the reference engine
      // (saxon-js 2.7) concatenates the nodes value by value, duplicates included. With one value they agree.
      throw new XPathCompileError(
        'key() with a value that is not statically one atomic value (a literal, concat(), string(), normalize-space() or an xsl:function declared as one atomic type) is outside the supported subset',
      );
    }
    const { index, def } = k;
    const values = args[1].ev;
    const indexOf = (rt: Runtime): Map<string, XNode[]> => {
      rt.keys ??= [];
      let m = rt.keys[index];
      if (m) return m;
      m = new Map();
      for (const n of def.select(rt)) {
        const c: Ctx = { item: n, pos: 1, size: 1, vars: new Array(def.frameSize), rt };
        const seen = new Set<string>();
        for (const a of atomizeSeq(def.use(c))) {
          const ks = keyString(a);
          if (ks === null || seen.has(ks)) continue;
          seen.add(ks);
          const l = m.get(ks);
          if (l) l.push(n);
          else m.set(ks, [n]);
        }
      }
      rt.keys[index] = m;
      return m;
    };
    return {
      ev: (c) => {
        // XTDE1270: key() needs a node as context item (the document to search).
        if (!(c.item instanceof XNode)) throw new XPathError('XTDE1270', `key("${def.name}"): the context item is not a node`);
        const m = indexOf(c.rt);
        const out: XNode[] = [];
        for (const a of atomizeSeq(values(c))) {
          const ks = keyString(a);
          const l = ks === null ? undefined : m.get(ks);
          if (l) for (const n of l) out.push(n);
        }
        return docOrder(out);
      },
      // The result depends on the document (and the context item must be a node): never memoised across documents.
      focus: true,
      locals: args[1].locals,
      costly: true,
    };
  }

  /** Whether an expression statically yields exactly one atomic value (the few forms `key()` accepts as its value). */
  private singleAtomic(ast: Ast): boolean {
    if (ast.t === 'str' || ast.t === 'num') return true;
    if (ast.t === 'seq') return ast.items.length === 1 && this.singleAtomic(ast.items[0]);
    if (ast.t !== 'call') return false;
    const name = ast.name.startsWith('fn:') ? ast.name.slice(3) : ast.name;
    // Built-ins that always return exactly one atomic value.
    if (['concat', 'string', 'normalize-space', 'string-join', 'upper-case', 'lower-case', 'translate', 'substring', 'string-length', 'count'].includes(name)) return builtins[name] !== undefined;
    const uf = this.userFns.get(`${ast.name}#${ast.args.length}`);
    return uf !== undefined && uf.def.as !== null && /^\s*xs:[A-Za-z]+\s*$/.test(uf.def.as);
  }

  private ensureUserFn(uf: UserFn): void {
    if (uf.compiled) return;
    const def = uf.def;
    const frame = new Frame();
    const scope = new Scope(frame);
    const params = def.params.map((p) => ({ slot: scope.bind(p.name), as: p.as }));
    // Placeholder for recursion while compiling the body.
    let body: ((c: Ctx) => Seq) | null = null;
    uf.compiled = (args, rt) => {
      const vars: (Seq | undefined)[] = new Array(frame.size);
      params.forEach((p, k) => (vars[p.slot] = convertTo(args[k], p.as, `parameter $${def.params[k].name} of ${def.name}`)));
      const out = body!({ item: undefined, pos: 0, size: 0, vars, rt });
      return convertTo(out, def.as, `result of ${def.name}`);
    };
    body = this.compileSteps(def.body, scope, def.name);
  }

  private compileSteps(steps: FunctionStep[], scope0: Scope, fname: string): (c: Ctx) => Seq {
    let scope = scope0;
    const parts: ((c: Ctx, out: Item[]) => void)[] = [];
    const wrap = (e: string, what: string): Compiled => {
      try {
        return this.compileExpr(e, scope);
      } catch (err) {
        throw new XPathCompileError(`${fname}: ${what}: ${(err as Error).message}`);
      }
    };
    for (const s of steps) {
      switch (s.kind) {
        case 'variable': {
          let valueEv: (c: Ctx) => Seq;
          if (s.select !== null) valueEv = wrap(s.select, `variable $${s.name}`).ev;
          else if (s.body) valueEv = this.compileSteps(s.body, scope, fname);
          else {
            const v: Seq = [new UA(s.text ?? '')];
            valueEv = () => v;
          }
          scope = scope.child();
          const slot = scope.bind(s.name);
          const as = s.as;
          const name = s.name;
          const hasContent = s.select === null && s.body !== null && as === null;
          parts.push((c) => {
            let v = valueEv(c);
            // A variable with content and no type is a temporary tree: its value atomises to untypedAtomic.
            if (hasContent) v = [new UA(v.map(itemToString).join(''))];
            c.vars[slot] = convertTo(v, as, `variable $${name}`);
          });
          break;
        }
        case 'sequence': {
          const e = wrap(s.select, 'xsl:sequence').ev;
          parts.push((c, out) => {
            for (const i of e(c)) out.push(i);
          });
          break;
        }
        case 'text': {
          // A text node; what the compiled engine keeps of it is its string value, as of xsl:value-of.
          const t = new UA(s.text);
          parts.push((_c, out) => {
            out.push(t);
          });
          break;
        }
        case 'value-of': {
          const e = wrap(s.select, 'xsl:value-of').ev;
          parts.push((c, out) => {
            out.push(new UA(atomizeSeq(e(c)).map(itemToString).join(' ')));
          });
          break;
        }
        case 'choose': {
          const whens = s.whens.map((w) => ({ test: wrap(w.test, 'xsl:when').ev, body: this.compileSteps(w.body, scope, fname) }));
          const other = s.otherwise ? this.compileSteps(s.otherwise, scope, fname) : null;
          parts.push((c, out) => {
            for (const w of whens) {
              if (ebv(w.test(c))) {
                for (const i of w.body(c)) out.push(i);
                return;
              }
            }
            if (other) for (const i of other(c)) out.push(i);
          });
          break;
        }
      }
    }
    return (c) => {
      const out: Item[] = [];
      for (const p of parts) p(c, out);
      return out;
    };
  }
}

const TRUE: Seq = [true];
const FALSE: Seq = [false];
Object.freeze(TRUE);
Object.freeze(FALSE);

const stringSets = new WeakMap<Seq, Set<string> | null>();
/** The items of a sequence as a set when they are all xs:string values (cached per sequence object). */
function stringSet(ys: Seq): Set<string> | null {
  let s = stringSets.get(ys);
  if (s === undefined) {
    s = ys.every((y) => typeof y === 'string') ? new Set(ys as string[]) : null;
    stringSets.set(ys, s);
  }
  return s;
}

/**
 * For `a//X`: X rewritten on the descendant axis when that is equivalent — a child step without
 * positional predicates, or a union of such steps (`//(cac:InvoiceLine|cac:CreditNoteLine)`).
 */
function toDescendant(x: Ast): Ast | null {
  if (x.t === 'step') return x.axis === 'child' && !x.preds.some((p) => XPathCompiler.positional(p)) ? { ...x, axis: 'descendant' } : null;
  if (x.t === 'seq' && x.items.length === 1) return toDescendant(x.items[0]);
  if (x.t === 'union') {
    const a = toDescendant(x.a);
    const b = toDescendant(x.b);
    return a && b ? { t: 'union', a, b } : null;
  }
  return null;
}

function mentionsVar(a: Ast, name: string): boolean {
  if (a.t === 'var') return a.name === name;
  for (const v of Object.values(a)) {
    if (Array.isArray(v)) {
      for (const x of v) {
        if (x && typeof x === 'object' && 't' in x && mentionsVar(x as Ast, name)) return true;
        if (x && typeof x === 'object' && 'expr' in x && mentionsVar((x as { expr: Ast }).expr, name)) return true;
      }
    } else if (v && typeof v === 'object' && 't' in v && mentionsVar(v as Ast, name)) return true;
  }
  return false;
}

function flags(parts: Compiled[]): { focus: boolean; locals: boolean; costly: boolean } {
  let focus = false;
  let locals = false;
  let costly = false;
  for (const p of parts) {
    focus ||= p.focus;
    locals ||= p.locals;
    costly ||= p.costly;
  }
  return { focus, locals, costly };
}

export { isNumeric };
