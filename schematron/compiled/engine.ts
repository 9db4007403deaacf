/**
 * A Schematron schema compiled to JavaScript closures, with the semantics of the reference engine
 * (`generate-xslt.ts`): each active pattern visits the document node and then every element in document
 * order; a node is handled by the first rule of the pattern whose context matches it; the rule's lets
 * are evaluated with the node as context, asserts fire when false and reports when true; the message is
 * the normalised concatenation of its text and `value-of` parts; schema and pattern lets are global
 * variables evaluated once, lazily, with the document node as context.
 *
 * Rule dispatch does not test every rule on every element: each rule context is compiled into a
 * matcher plus the set of element names it can match, and a pattern only visits the elements of those
 * names (taken from the document's name index) — unless one of its rules matches any element (`*`).
 */
import type { Check, MessagePart, SchematronSchema } from '../parse';
import { activePatterns } from '../parse';
import * as compiled from './compile';
import type { Compiled, Ctx, Runtime } from './compile';

const EMPTY_VARS: (Seq | undefined)[] = [];
import * as tree from './tree';
import type { XDocument } from './tree';
import * as values from './values';
import type { Seq } from './values';
import type { Ast } from './xpath';
import { parseXPath } from './xpath';

// Imported bindings read once, at load (why: compile.ts, above its own).
const { buildTree, expandedName, Kind, locationOf, XNode } = tree;
type Kind = tree.Kind;
type XNode = tree.XNode;
const { atomizeSeq, itemToString, XPathError } = values;
type XPathError = values.XPathError;
const { Frame, Scope, truth, XPathCompileError, XPathCompiler } = compiled;
type Frame = compiled.Frame;
type Scope = compiled.Scope;
type XPathCompileError = compiled.XPathCompileError;
type XPathCompiler = compiled.XPathCompiler;

export interface RawFinding {
  id: string;
  flag: 'fatal' | 'warning' | 'information';
  location: string;
  message: string;
  /** Index of the active pattern that produced it. */
  pattern: number;
}

type NodeMatcher = (n: XNode, rt: Runtime) => boolean;

/** Which nodes a rule context can match: the document node, elements of given expanded names, or any element of a namespace / any element at all. */
interface MatchKeys {
  doc: boolean;
  names: Set<string>;
  namespaces: Set<string>;
  any: boolean;
}

interface CMessage {
  parts: ({ text: string } | { ev: Compiled['ev'] })[];
}

interface CCheck {
  check: Check;
  test: (c: Ctx) => boolean;
  message: CMessage;
}

interface CRule {
  index: number;
  context: string;
  match: NodeMatcher;
  keys: MatchKeys;
  lets: { slot: number; ev: Compiled['ev'] }[];
  frameSize: number;
  checks: CCheck[];
}

interface CPattern {
  index: number;
  rules: CRule[];
  keys: MatchKeys;
  /** Per expanded name: the rules that may match such an element, in rule order. */
  candidates: Map<string, CRule[]>;
}

export interface CompiledSchema {
  file: string;
  patterns: CPattern[];
  globals: { name: string; ev: Compiled['ev'] }[];
  globalFrameSize: number;
  memoSlots: number;
  compileMs: number;
}

const emptyKeys = (): MatchKeys => ({ doc: false, names: new Set(), namespaces: new Set(), any: false });

function mergeKeys(a: MatchKeys, b: MatchKeys): MatchKeys {
  return {
    doc: a.doc || b.doc,
    names: new Set([...a.names, ...b.names]),
    namespaces: new Set([...a.namespaces, ...b.namespaces]),
    any: a.any || b.any,
  };
}

class PatternCompiler {
  constructor(
    private readonly xc: XPathCompiler,
    private readonly namespaces: Record<string, string>,
  ) {}

  private ns(prefix: string): string {
    const u = this.namespaces[prefix];
    if (u === undefined) throw new XPathCompileError(`namespace prefix "${prefix}" is not declared`);
    return u;
  }

  /** Compiles an XSLT match pattern. */
  compile(ast: Ast, scope: Scope): { match: NodeMatcher; keys: MatchKeys } {
    switch (ast.t) {
      case 'union': {
        const a = this.compile(ast.a, scope);
        const b = this.compile(ast.b, scope);
        return { match: (n, rt) => a.match(n, rt) || b.match(n, rt), keys: mergeKeys(a.keys, b.keys) };
      }
      case 'seq':
        if (ast.items.length === 1) return this.compile(ast.items[0], scope);
        break;
      case 'root':
        return { match: (n) => n.kind === Kind.Document, keys: { ...emptyKeys(), doc: true } };
      case 'filter': {
        const inner = this.compile(ast.primary, scope);
        const preds = ast.preds.map((p) => {
          if (XPathCompiler.positional(p)) throw new XPathCompileError('positional predicates on a parenthesised pattern are outside the supported subset');
          return truth(this.xc.compile(p, scope));
        });
        return { match: (n, rt) => inner.match(n, rt) && this.predsHold(preds, n, rt), keys: inner.keys };
      }
      case 'step':
        return this.step(ast, scope);
      case 'path': {
        if (ast.b.t !== 'step') break;
        const last = this.step(ast.b, scope);
        if (ast.a.t === 'root') {
          if (ast.descendants) return last; // //x: any such node in the document
          return { match: (n, rt) => last.match(n, rt) && n.parent !== null && n.parent.kind === Kind.Document, keys: last.keys };
        }
        const up = this.compile(ast.a, scope);
        if (ast.descendants) {
          return {
            match: (n, rt) => {
              if (!last.match(n, rt)) return false;
              for (let a = n.parent; a; a = a.parent) if (up.match(a, rt)) return true;
              return false;
            },
            keys: last.keys,
          };
        }
        return { match: (n, rt) => last.match(n, rt) && n.parent !== null && up.match(n.parent, rt), keys: last.keys };
      }
      default:
        break;
    }
    throw new XPathCompileError(`this rule context is not a pattern the engine supports (${ast.t})`);
  }

  private predsHold(preds: ((c: Ctx) => boolean)[], n: XNode, rt: Runtime): boolean {
    const c: Ctx = { item: n, pos: 1, size: 1, vars: EMPTY_VARS, rt };
    for (const p of preds) if (!p(c)) return false;
    return true;
  }

  private step(ast: Extract<Ast, { t: 'step' }>, scope: Scope): { match: NodeMatcher; keys: MatchKeys } {
    if (ast.axis !== 'child' && ast.axis !== 'attribute') throw new XPathCompileError(`axis ${ast.axis}:: in a rule context is outside the supported subset`);
    const keys = emptyKeys();
    const t = ast.test;
    if (ast.axis === 'attribute') {
      // Attributes are never visited by the traversal (elements only): such a rule can never fire.
    } else if (t.kind === 'name') {
      if (t.prefix === '*' || (t.local === '*' && t.prefix === null)) keys.any = true;
      else if (t.local === '*') keys.namespaces.add(this.ns(t.prefix!));
      else keys.names.add(expandedName(t.prefix === null ? '' : this.ns(t.prefix), t.local));
    } else if (t.kind === 'element' || t.kind === 'node') keys.any = true;
    else if (t.kind === 'document') keys.doc = true;
    const test = this.xc.nodeTestMatcher(t, ast.axis === 'attribute');
    if (ast.preds.length === 0) return { match: (n) => test(n), keys };
    const positional = ast.preds.some((p) => XPathCompiler.positional(p));
    const predsC = this.xc.compilePredicates(ast.preds, scope)!;
    if (!positional) {
      const preds = ast.preds.map((p) => truth(this.xc.compile(p, scope)));
      return { match: (n, rt) => test(n) && this.predsHold(preds, n, rt), keys };
    }
    // Positional: n matches when it is among parent/child::test[preds].
    return {
      match: (n, rt) => {
        if (!test(n) || !n.parent) return false;
        const sibs = n.parent.children.filter(test);
        return predsC.ev(sibs, { item: n, pos: 1, size: 1, vars: [], rt }).includes(n);
      },
      keys,
    };
  }
}

/** Compiles a parsed schema (all patterns, or those of `phase`). Throws `XPathCompileError` naming the rule on anything unsupported. */
export function compileSchema(schema: SchematronSchema, phase: string | null = schema.defaultPhase): CompiledSchema {
  const t0 = performance.now();
  const patterns = activePatterns(schema, phase);
  const globalLets = new Map<string, string>();
  for (const l of [...schema.lets, ...patterns.flatMap((p) => p.lets)]) {
    const prev = globalLets.get(l.name);
    if (prev !== undefined && prev.trim() !== l.value.trim()) throw new XPathCompileError(`${schema.file}: variable $${l.name} is declared twice with different values`);
    globalLets.set(l.name, l.value);
  }
  const globalIndex = new Map<string, number>();
  [...globalLets.keys()].forEach((n, i) => globalIndex.set(n, i));
  const globalFrame = new Frame();
  const globals: { name: string; ev: Compiled['ev'] }[] = [];

  const evalGlobal = (rt: Runtime, i: number): Seq => {
    if (rt.evaluating.has(i)) throw new XPathError('XTDE0640', `circular definition of global variable $${globals[i].name}`);
    rt.evaluating.add(i);
    try {
      const v = globals[i].ev({ item: rt.doc.root, pos: 1, size: 1, vars: new Array(globalFrame.size), rt });
      rt.globals[i] = v;
      return v;
    } finally {
      rt.evaluating.delete(i);
    }
  };
  const xc = new XPathCompiler(schema.namespaces, globalIndex, schema.functions, evalGlobal);
  const where = (what: string, e: unknown): never => {
    throw new XPathCompileError(`${schema.file}: ${what}: ${(e as Error).message}`);
  };
  const pc = new PatternCompiler(xc, schema.namespaces);

  // xsl:keys first, so that every key() call below finds its declaration.
  for (const k of schema.keys) {
    try {
      xc.defineKey(compileKey(k.name, k.match, k.use, xc, pc));
    } catch (e) {
      where(`xsl:key "${k.name}"`, e);
    }
  }

  for (const [name, value] of globalLets) {
    try {
      globals.push({ name, ev: xc.compileExpr(value, new Scope(globalFrame)).ev });
    } catch (e) {
      where(`let $${name}`, e);
    }
  }

  const cpatterns: CPattern[] = patterns.map((p, pi) => {
    const rules: CRule[] = p.rules.map((r, ri) => {
      const frame = new Frame();
      let scope = new Scope(frame);
      let m: { match: NodeMatcher; keys: MatchKeys };
      try {
        m = pc.compile(parseXPath(r.context), scope);
      } catch (e) {
        return where(`rule context "${r.context}"`, e);
      }
      const lets = r.lets.map((l) => {
        try {
          const ev = xc.compileExpr(l.value, scope).ev;
          scope = scope.child();
          return { slot: scope.bind(l.name), ev };
        } catch (e) {
          return where(`let $${l.name} in rule "${r.context}"`, e);
        }
      });
      const checks = r.checks.map((c) => {
        try {
          return { check: c, test: truth(xc.compileExpr(c.test, scope)), message: compileMessage(c.message, xc, scope) };
        } catch (e) {
          return where(`${c.kind} ${c.id}`, e);
        }
      });
      return { index: ri, context: r.context, match: m.match, keys: m.keys, lets, frameSize: 0, checks, frame } as CRule & { frame: Frame };
    });
    for (const r of rules as (CRule & { frame: Frame })[]) r.frameSize = r.frame.size;
    const keys = rules.reduce((k, r) => mergeKeys(k, r.keys), emptyKeys());
    return { index: pi, rules, keys, candidates: new Map() };
  });
  return {
    file: schema.file,
    patterns: cpatterns,
    globals,
    globalFrameSize: globalFrame.size,
    memoSlots: xc.memoSlots,
    compileMs: performance.now() - t0,
  };
}

/**
 * An `xsl:key`: its match pattern (as a rule context: the nodes it can match, then the matcher) and its use
 * expression. Keys over attributes or other non-element nodes are outside the supported subset: the
 * engine only indexes the document node and elements.
 */
function compileKey(name: string, match: string, use: string, xc: XPathCompiler, pc: PatternCompiler): compiled.KeyDef {
  const frame = new Frame();
  const m = pc.compile(parseXPath(match), new Scope(frame));
  if (!m.keys.doc && !m.keys.any && m.keys.names.size === 0 && m.keys.namespaces.size === 0) {
    throw new XPathCompileError(`the match pattern "${match}" selects no elements (keys over attributes or text are outside the supported subset)`);
  }
  const useFrame = new Frame();
  const useEv = xc.compileExpr(use, new Scope(useFrame)).ev;
  const keys = m.keys;
  return {
    name,
    select: (rt) => nodesFor(keys, rt.doc).filter((n) => {
      // As for rule contexts (XSLT 3.0 §5.5.4): a dynamic error while matching means no match.
      try {
        return m.match(n, rt);
      } catch (e) {
        if (e instanceof XPathError) return false;
        throw e;
      }
    }),
    use: useEv,
    frameSize: Math.max(useFrame.size, frame.size),
  };
}

function compileMessage(parts: MessagePart[], xc: XPathCompiler, scope: Scope): CMessage {
  return {
    parts: parts.map((p) => {
      if (p.kind === 'text') return { text: p.text };
      if (p.kind === 'value-of') return { ev: xc.compileExpr(p.select, scope).ev };
      return { ev: xc.compileExpr(p.path ? `name(${p.path})` : 'name(.)', scope).ev };
    }),
  };
}

function candidatesFor(p: CPattern, n: XNode): CRule[] {
  if (n.kind === Kind.Document) {
    let c = p.candidates.get('#doc');
    if (!c) p.candidates.set('#doc', (c = p.rules.filter((r) => r.keys.doc || r.keys.any)));
    return c;
  }
  const key = n.key;
  let c = p.candidates.get(key);
  if (!c) {
    c = p.rules.filter((r) => r.keys.any || r.keys.names.has(key) || r.keys.namespaces.has(n.ns));
    p.candidates.set(key, c);
  }
  return c;
}

/** The nodes a pattern (or an xsl:key) must visit, in document order. */
function nodesFor(keys: MatchKeys, doc: XDocument): XNode[] {
  if (keys.any) return keys.doc ? [doc.root, ...doc.elements] : doc.elements;
  const lists: XNode[][] = [];
  for (const k of keys.names) {
    const l = doc.byName.get(k);
    if (l) lists.push(l);
  }
  if (keys.namespaces.size) lists.push(doc.elements.filter((e) => keys.namespaces.has(e.ns)));
  let out: XNode[];
  if (lists.length === 0) out = [];
  else if (lists.length === 1) out = lists[0];
  else {
    out = lists.flat();
    out.sort((a, b) => a.id - b.id);
    out = out.filter((n, i) => i === 0 || out[i - 1] !== n);
  }
  return keys.doc ? [doc.root, ...out] : out;
}

export function newRuntime(schema: CompiledSchema, doc: XDocument): Runtime {
  return { doc, globals: new Array(schema.globals.length), memo: new Array(schema.memoSlots), evaluating: new Set(), keys: [] };
}

/** XSLT 3.0 §5.5.4: a dynamic error while matching a pattern against a node means the pattern does not match it. */
function matches(r: CRule, n: XNode, rt: Runtime): boolean {
  try {
    return r.match(n, rt);
  } catch (e) {
    if (e instanceof XPathError) return false;
    throw e;
  }
}

/** Runs the compiled schema on a document tree. Throws `XPathError` when the rules cannot be evaluated (fail closed). */
export function runSchema(schema: CompiledSchema, doc: XDocument, profile?: Map<string, number>): RawFinding[] {
  const rt = newRuntime(schema, doc);
  const findings: RawFinding[] = [];
  for (const p of schema.patterns) {
    if (p.rules.length === 0) continue;
    const tp = profile ? performance.now() : 0;
    for (const n of nodesFor(p.keys, doc)) {
      for (const r of candidatesFor(p, n)) {
        if (!matches(r, n, rt)) continue;
        const t0 = profile ? performance.now() : 0;
        const c: Ctx = { item: n, pos: 1, size: 1, vars: new Array(r.frameSize), rt };
        let at = 'let';
        try {
          for (const l of r.lets) c.vars[l.slot] = l.ev(c);
          for (const ch of r.checks) {
          at = ch.check.id;
          const tc = profile ? performance.now() : 0;
          const v = ch.test(c);
          if (profile) profile.set(`check ${ch.check.id}`, (profile.get(`check ${ch.check.id}`) ?? 0) + performance.now() - tc);
          if (v === (ch.check.kind === 'report')) {
            let msg = '';
            for (const part of ch.message.parts) msg += 'text' in part ? part.text : atomizeSeq(part.ev(c)).map(itemToString).join(' ');
            findings.push({
              id: ch.check.id,
              flag: ch.check.flag,
              location: locationOf(n),
              message: msg.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, ''),
              pattern: p.index,
            });
          }
          }
        } catch (e) {
          if (e instanceof XPathError) throw new XPathError(e.code, `${e.message.replace(/^\w+: /, '')} (evaluating ${at} on ${locationOf(n)})`);
          throw e;
        }
        if (profile) {
          const k = `${p.index}/${r.index} ${r.context}`;
          profile.set(k, (profile.get(k) ?? 0) + performance.now() - t0);
        }
        break; // first matching rule only
      }
    }
    if (profile) profile.set(`pattern ${p.index}`, (profile.get(`pattern ${p.index}`) ?? 0) + performance.now() - tp);
  }
  return findings;
}

/** Convenience: text → tree → findings. */
export function runSchemaOnText(schema: CompiledSchema, text: string): RawFinding[] {
  return runSchema(schema, buildTree(text));
}
