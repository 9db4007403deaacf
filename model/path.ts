/**
 * The XPath subset the catalogue uses (see the header of `model/catalogue.ts`): compiled once per
 * path string, evaluated on the normalised tree by the readers, and used by the writer to create
 * the elements a path designates.
 */
import type { XElement } from './xml';

type Step = { kind: 'self' } | { kind: 'parent' } | { kind: 'attr'; name: string } | { kind: 'child'; name: string; preds: Expr[] };

export interface PathExpr {
  absolute: boolean;
  steps: Step[];
}

export type Expr =
  | { kind: 'or' | 'and'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'exists'; path: PathExpr }
  | { kind: 'cmp'; op: '=' | '!='; path: PathExpr; literal?: string; variable?: string };

/** A compiled catalogue path: alternatives separated by ` | `. */
export type CompiledPath = PathExpr[];

/** A node a path selects: an element, or one of its attributes. */
export interface Hit {
  el: XElement;
  attr?: string;
}

export type Vars = Record<string, string | undefined>;

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────

const TOKEN = /\s*(\.\.|\.|\/|\[|\]|\(|\)|!=|=|\||@|'[^']*'|"[^"]*"|\$[A-Za-z0-9_-]+|[A-Za-z_][\w.:-]*)/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`path: cannot read "${src}" at ${TOKEN.lastIndex}`);
    out.push(m[1]);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[], private readonly src: string) {}
  private peek(): string | undefined {
    return this.toks[this.i];
  }
  private take(expected?: string): string {
    const t = this.toks[this.i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`path: expected ${expected ?? 'more'} in "${this.src}"`);
    return t;
  }
  done(): boolean {
    return this.i >= this.toks.length;
  }
  union(): CompiledPath {
    const alts = [this.path()];
    while (this.peek() === '|') {
      this.take();
      alts.push(this.path());
    }
    return alts;
  }
  path(): PathExpr {
    let absolute = false;
    if (this.peek() === '/') {
      this.take();
      absolute = true;
    }
    const steps: Step[] = [this.step()];
    while (this.peek() === '/') {
      this.take();
      steps.push(this.step());
    }
    return { absolute, steps };
  }
  step(): Step {
    const t = this.take();
    if (t === '.') return { kind: 'self' };
    if (t === '..') return { kind: 'parent' };
    if (t === '@') return { kind: 'attr', name: this.take() };
    if (!/^[A-Za-z_]/.test(t)) throw new Error(`path: unexpected "${t}" in "${this.src}"`);
    const preds: Expr[] = [];
    while (this.peek() === '[') {
      this.take();
      preds.push(this.or());
      this.take(']');
    }
    return { kind: 'child', name: t, preds };
  }
  or(): Expr {
    let left = this.and();
    while (this.peek() === 'or') {
      this.take();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }
  and(): Expr {
    let left = this.unary();
    while (this.peek() === 'and') {
      this.take();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }
  unary(): Expr {
    if (this.peek() === 'not' && this.toks[this.i + 1] === '(') {
      this.take();
      this.take('(');
      const expr = this.or();
      this.take(')');
      return { kind: 'not', expr };
    }
    if (this.peek() === '(') {
      this.take();
      const e = this.or();
      this.take(')');
      return e;
    }
    const path = this.path();
    const op = this.peek();
    if (op === '=' || op === '!=') {
      this.take();
      const v = this.take();
      if (v.startsWith('$')) return { kind: 'cmp', op, path, variable: v.slice(1) };
      if (/^['"]/.test(v)) return { kind: 'cmp', op, path, literal: v.slice(1, -1) };
      throw new Error(`path: expected a literal or $variable in "${this.src}"`);
    }
    return { kind: 'exists', path };
  }
}

const cache = new Map<string, CompiledPath>();

export function compilePath(src: string): CompiledPath {
  let c = cache.get(src);
  if (!c) {
    const p = new Parser(tokenize(src), src);
    c = p.union();
    if (!p.done()) throw new Error(`path: trailing input in "${src}"`);
    cache.set(src, c);
  }
  return c;
}

// ── Evaluation ───────────────────────────────────────────────────────────────────────────────

function rootOf(el: XElement): XElement {
  let r = el;
  while (r.parent) r = r.parent;
  return r;
}

export function hitValue(h: Hit): string {
  return h.attr !== undefined ? (h.el.attrs.get(h.attr) ?? '') : h.el.text;
}

/**
 * Evaluates a path from a context element. `mark`: record the nodes the predicates consumed
 * (so they are not reported as unmapped).
 */
export function evaluate(path: CompiledPath, ctx: XElement, vars: Vars, mark: boolean): Hit[] {
  const out: Hit[] = [];
  for (const alt of path) out.push(...evalPath(alt, ctx, vars, mark));
  return out;
}

function evalPath(p: PathExpr, ctx: XElement, vars: Vars, mark: boolean): Hit[] {
  let cur: Hit[] = [{ el: p.absolute ? rootOf(ctx) : ctx }];
  for (const step of p.steps) {
    const next: Hit[] = [];
    for (const h of cur) {
      if (h.attr !== undefined) continue;
      switch (step.kind) {
        case 'self':
          next.push(h);
          break;
        case 'parent':
          if (h.el.parent) next.push({ el: h.el.parent });
          break;
        case 'attr':
          if (h.el.attrs.has(step.name)) next.push({ el: h.el, attr: step.name });
          break;
        case 'child':
          for (const c of h.el.children) {
            if (c.name === step.name && step.preds.every((e) => test(e, c, vars, mark))) next.push({ el: c });
          }
          break;
      }
    }
    cur = next;
  }
  return cur;
}

function test(e: Expr, el: XElement, vars: Vars, mark: boolean): boolean {
  switch (e.kind) {
    case 'or':
      return test(e.left, el, vars, mark) || test(e.right, el, vars, mark);
    case 'and':
      return test(e.left, el, vars, mark) && test(e.right, el, vars, mark);
    case 'not':
      return !test(e.expr, el, vars, false);
    case 'exists':
      return evalPath(e.path, el, vars, false).length > 0;
    case 'cmp': {
      const want = e.variable !== undefined ? vars[e.variable] : e.literal;
      if (want === undefined) return false;
      const hits = evalPath(e.path, el, vars, false).filter((h) => (sameValue(hitValue(h).trim(), want)) === (e.op === '='));
      if (mark && e.op === '=') for (const h of hits) markHit(h);
      return hits.length > 0;
    }
  }
}

/** String equality, with xsd:boolean's `1`/`0` equal to `true`/`false`. */
function sameValue(v: string, want: string): boolean {
  if (v === want) return true;
  if (want === 'true' || want === 'false') return (v === '1' ? 'true' : v === '0' ? 'false' : v) === want;
  return false;
}

export function markHit(h: Hit): void {
  if (h.attr !== undefined) h.el.markAttr(h.attr);
  else h.el.used = true;
}

// ── Creation (writer) ────────────────────────────────────────────────────────────────────────

/**
 * Finds or creates what the first alternative of a path designates, from `ctx`. Steps are found
 * (first match, predicates included) or created; `fresh` is the index of a step that is always
 * created anew (the repeating element of a repeating group or term). Equality predicates are
 * made true on what is created (`[cbc:ChargeIndicator='false']` creates that child).
 */
export function create(path: CompiledPath, ctx: XElement, vars: Vars, fresh?: number): Hit {
  const p = path[0];
  let cur: XElement = p.absolute ? rootOf(ctx) : ctx;
  for (let i = 0; i < p.steps.length; i++) {
    const step = p.steps[i];
    if (step.kind === 'self') continue;
    if (step.kind === 'parent') {
      cur = cur.parent ?? cur;
      continue;
    }
    if (step.kind === 'attr') return { el: cur, attr: step.name };
    const found = i === fresh ? undefined : cur.children.find((c) => c.name === step.name && step.preds.every((e) => test(e, c, vars, false)));
    if (found) {
      cur = found;
      continue;
    }
    const el = cur.append(step.name);
    for (const pred of step.preds) satisfy(pred, el, vars);
    cur = el;
  }
  return { el: cur };
}

function satisfy(e: Expr, el: XElement, vars: Vars): void {
  if (e.kind === 'and') {
    satisfy(e.left, el, vars);
    satisfy(e.right, el, vars);
  } else if (e.kind === 'or') {
    satisfy(e.right, el, vars);
  } else if (e.kind === 'cmp' && e.op === '=') {
    const v = e.variable !== undefined ? vars[e.variable] : e.literal;
    if (v === undefined) return;
    const h = create([e.path], el, vars);
    if (h.attr !== undefined) h.el.setAttr(h.attr, v);
    else h.el.text = v;
  }
}
