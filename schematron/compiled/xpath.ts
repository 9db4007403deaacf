/**
 * XPath 2.0 parser (plus the few XPath 3.0 operators the official files may use: `!`, `||`) producing a
 * plain AST. The grammar is the full XPath 2.0 precedence ladder; what the compiler does not support is
 * refused there, at compile time, with the expression quoted.
 */

export class XPathSyntaxError extends Error {
  constructor(expr: string, pos: number, msg: string) {
    super(`XPath syntax error at ${pos} in "${expr.length > 200 ? expr.slice(0, 200) + '…' : expr}": ${msg}`);
    this.name = 'XPathSyntaxError';
  }
}

export type Axis =
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'self'
  | 'parent'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'attribute'
  | 'following-sibling'
  | 'preceding-sibling'
  | 'following'
  | 'preceding';

/** Node test: a name test (prefix/local may be `*`) or a kind test. */
export type NodeTest =
  | { kind: 'name'; prefix: string | null; local: string }
  | { kind: 'node' }
  | { kind: 'text' }
  | { kind: 'element'; name: string | null }
  | { kind: 'attribute'; name: string | null }
  | { kind: 'document' }
  | { kind: 'comment' };

export interface SeqType {
  /** Lexical atomic type name (e.g. `xs:decimal`), or `item`, `node`, `element`, `empty`. */
  type: string;
  occ: '' | '?' | '*' | '+';
}

export type Ast =
  | { t: 'str'; v: string }
  | { t: 'num'; v: string; type: 'integer' | 'decimal' | 'double' }
  | { t: 'var'; name: string }
  | { t: 'dot' }
  | { t: 'seq'; items: Ast[] }
  | { t: 'for'; bindings: { name: string; expr: Ast }[]; ret: Ast }
  | { t: 'quant'; some: boolean; bindings: { name: string; expr: Ast }[]; test: Ast }
  | { t: 'if'; cond: Ast; then: Ast; else: Ast }
  | { t: 'or' | 'and'; a: Ast; b: Ast }
  | { t: 'gcmp' | 'vcmp' | 'ncmp'; op: string; a: Ast; b: Ast }
  | { t: 'range'; a: Ast; b: Ast }
  | { t: 'arith'; op: '+' | '-' | '*' | 'div' | 'idiv' | 'mod'; a: Ast; b: Ast }
  | { t: 'neg'; a: Ast }
  | { t: 'union' | 'intersect' | 'except'; a: Ast; b: Ast }
  | { t: 'instance'; a: Ast; type: SeqType }
  | { t: 'castable' | 'cast'; a: Ast; type: string; optional: boolean }
  | { t: 'concat'; a: Ast; b: Ast }
  | { t: 'map'; a: Ast; b: Ast }
  | { t: 'root' }
  | { t: 'path'; a: Ast; b: Ast; descendants: boolean }
  | { t: 'step'; axis: Axis; test: NodeTest; preds: Ast[] }
  | { t: 'filter'; primary: Ast; preds: Ast[] }
  | { t: 'call'; name: string; args: Ast[] };

type Tok = { k: 'name' | 'str' | 'num' | 'var' | 'op' | 'eof'; v: string; pos: number };

const NAME_START = /[A-Za-z_\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_.\-\u00B7\u00C0-\uFFFF]/;

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  const err = (msg: string): never => {
    throw new XPathSyntaxError(src, i, msg);
  };
  const ncname = (): string => {
    const s = i;
    while (i < n && NAME_CHAR.test(src[i])) i++;
    return src.slice(s, i);
  };
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '(' && src[i + 1] === ':') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (src.startsWith('(:', i)) {
          depth++;
          i += 2;
        } else if (src.startsWith(':)', i)) {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    const pos = i;
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) err('unterminated string literal');
        if (src[i] === c) {
          if (src[i + 1] === c) {
            s += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      toks.push({ k: 'str', v: s, pos });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      i += m[0].length;
      toks.push({ k: 'num', v: m[0], pos });
      continue;
    }
    if (c === '$') {
      i++;
      while (i < n && /\s/.test(src[i])) i++;
      let name = ncname();
      if (src[i] === ':' && NAME_START.test(src[i + 1] ?? '')) {
        i++;
        name += ':' + ncname();
      }
      if (!name) err('variable name expected after $');
      toks.push({ k: 'var', v: name, pos });
      continue;
    }
    if (NAME_START.test(c)) {
      let name = ncname();
      if (src[i] === ':' && src[i + 1] !== ':') {
        if (src[i + 1] === '*') {
          name += ':*';
          i += 2;
        } else if (NAME_START.test(src[i + 1] ?? '')) {
          i++;
          name += ':' + ncname();
        }
      }
      toks.push({ k: 'name', v: name, pos });
      continue;
    }
    if (c === '*' && src[i + 1] === ':' && NAME_START.test(src[i + 2] ?? '')) {
      i += 2;
      toks.push({ k: 'name', v: '*:' + ncname(), pos });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['//', '::', '..', '!=', '<=', '>=', '<<', '>>', '||'].includes(two)) {
      toks.push({ k: 'op', v: two, pos });
      i += 2;
      continue;
    }
    if ('/.=<>()[],|+-*@?!'.includes(c)) {
      toks.push({ k: 'op', v: c, pos });
      i++;
      continue;
    }
    err(`unexpected character "${c}"`);
  }
  toks.push({ k: 'eof', v: '', pos: n });
  return toks;
}

const AXES = new Set<string>([
  'child',
  'descendant',
  'descendant-or-self',
  'self',
  'parent',
  'ancestor',
  'ancestor-or-self',
  'attribute',
  'following-sibling',
  'preceding-sibling',
  'following',
  'preceding',
]);
const KIND_TESTS = new Set(['node', 'text', 'element', 'attribute', 'document-node', 'comment', 'processing-instruction', 'schema-element', 'schema-attribute', 'item', 'empty-sequence']);

export function parseXPath(src: string): Ast {
  const toks = tokenize(src);
  let p = 0;
  const peek = (o = 0): Tok => toks[Math.min(p + o, toks.length - 1)];
  const err = (msg: string): never => {
    throw new XPathSyntaxError(src, peek().pos, msg);
  };
  const isOp = (v: string, o = 0): boolean => peek(o).k === 'op' && peek(o).v === v;
  const isName = (v: string, o = 0): boolean => peek(o).k === 'name' && peek(o).v === v;
  const expectOp = (v: string): void => {
    if (!isOp(v)) err(`"${v}" expected, found "${peek().v || 'end of expression'}"`);
    p++;
  };

  const expr = (): Ast => {
    const items = [exprSingle()];
    while (isOp(',')) {
      p++;
      items.push(exprSingle());
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  };

  const bindings = (): { name: string; expr: Ast }[] => {
    const out: { name: string; expr: Ast }[] = [];
    do {
      if (out.length) p++; // ','
      if (peek().k !== 'var') err('$variable expected');
      const name = peek().v;
      p++;
      if (!isName('in')) err('"in" expected');
      p++;
      out.push({ name, expr: exprSingle() });
    } while (isOp(','));
    return out;
  };

  const exprSingle = (): Ast => {
    const t = peek();
    if (t.k === 'name' && (t.v === 'for' || t.v === 'some' || t.v === 'every') && peek(1).k === 'var') {
      p++;
      const b = bindings();
      if (t.v === 'for') {
        if (!isName('return')) err('"return" expected');
        p++;
        return { t: 'for', bindings: b, ret: exprSingle() };
      }
      if (!isName('satisfies')) err('"satisfies" expected');
      p++;
      return { t: 'quant', some: t.v === 'some', bindings: b, test: exprSingle() };
    }
    if (t.k === 'name' && t.v === 'let' && peek(1).k === 'var') err('"let" expressions (XPath 3.0) are outside the supported subset');
    if (t.k === 'name' && t.v === 'if' && isOp('(', 1)) {
      p += 2;
      const cond = expr();
      expectOp(')');
      if (!isName('then')) err('"then" expected');
      p++;
      const th = exprSingle();
      if (!isName('else')) err('"else" expected');
      p++;
      return { t: 'if', cond, then: th, else: exprSingle() };
    }
    return orExpr();
  };

  const orExpr = (): Ast => {
    let a = andExpr();
    while (isName('or')) {
      p++;
      a = { t: 'or', a, b: andExpr() };
    }
    return a;
  };
  const andExpr = (): Ast => {
    let a = cmpExpr();
    while (isName('and')) {
      p++;
      a = { t: 'and', a, b: cmpExpr() };
    }
    return a;
  };
  const GCMP = new Set(['=', '!=', '<', '<=', '>', '>=']);
  const VCMP = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
  const cmpExpr = (): Ast => {
    const a = concatExpr();
    const t = peek();
    if (t.k === 'op' && GCMP.has(t.v)) {
      p++;
      return { t: 'gcmp', op: t.v, a, b: concatExpr() };
    }
    if (t.k === 'name' && VCMP.has(t.v)) {
      p++;
      return { t: 'vcmp', op: t.v, a, b: concatExpr() };
    }
    if ((t.k === 'name' && t.v === 'is') || (t.k === 'op' && (t.v === '<<' || t.v === '>>'))) {
      p++;
      return { t: 'ncmp', op: t.v, a, b: concatExpr() };
    }
    return a;
  };
  const concatExpr = (): Ast => {
    let a = rangeExpr();
    while (isOp('||')) {
      p++;
      a = { t: 'concat', a, b: rangeExpr() };
    }
    return a;
  };
  const rangeExpr = (): Ast => {
    const a = additive();
    if (isName('to')) {
      p++;
      return { t: 'range', a, b: additive() };
    }
    return a;
  };
  const additive = (): Ast => {
    let a = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = peek().v as '+' | '-';
      p++;
      a = { t: 'arith', op, a, b: multiplicative() };
    }
    return a;
  };
  const multiplicative = (): Ast => {
    let a = unionExpr();
    for (;;) {
      if (isOp('*')) {
        p++;
        a = { t: 'arith', op: '*', a, b: unionExpr() };
      } else if (isName('div') || isName('idiv') || isName('mod')) {
        const op = peek().v as 'div' | 'idiv' | 'mod';
        p++;
        a = { t: 'arith', op, a, b: unionExpr() };
      } else return a;
    }
  };
  const unionExpr = (): Ast => {
    let a = intersectExpr();
    while (isOp('|') || isName('union')) {
      p++;
      a = { t: 'union', a, b: intersectExpr() };
    }
    return a;
  };
  const intersectExpr = (): Ast => {
    let a = instanceExpr();
    while (isName('intersect') || isName('except')) {
      const op = peek().v as 'intersect' | 'except';
      p++;
      a = { t: op, a, b: instanceExpr() };
    }
    return a;
  };
  const seqType = (): SeqType => {
    const t = peek();
    if (t.k !== 'name') err('sequence type expected');
    p++;
    let type = t.v;
    if (isOp('(')) {
      p++;
      if (!isOp(')')) err(`${type}(…) with arguments is outside the supported subset`);
      p++;
      if (type === 'empty-sequence') return { type: 'empty', occ: '' };
    }
    if (type === 'document-node') type = 'document';
    let occ: SeqType['occ'] = '';
    if (isOp('?') || isOp('*') || isOp('+')) {
      occ = peek().v as SeqType['occ'];
      p++;
    }
    return { type, occ };
  };
  const instanceExpr = (): Ast => {
    const a = treatExpr();
    if (isName('instance') && isName('of', 1)) {
      p += 2;
      return { t: 'instance', a, type: seqType() };
    }
    return a;
  };
  const treatExpr = (): Ast => {
    const a = castableExpr();
    if (isName('treat') && isName('as', 1)) err('"treat as" is outside the supported subset');
    return a;
  };
  const singleType = (): { type: string; optional: boolean } => {
    const t = peek();
    if (t.k !== 'name') err('atomic type expected');
    p++;
    let optional = false;
    if (isOp('?')) {
      optional = true;
      p++;
    }
    return { type: t.v, optional };
  };
  const castableExpr = (): Ast => {
    const a = castExpr();
    if (isName('castable') && isName('as', 1)) {
      p += 2;
      return { t: 'castable', a, ...singleType() };
    }
    return a;
  };
  const castExpr = (): Ast => {
    const a = unary();
    if (isName('cast') && isName('as', 1)) {
      p += 2;
      return { t: 'cast', a, ...singleType() };
    }
    return a;
  };
  const unary = (): Ast => {
    let neg = false;
    let any = false;
    while (isOp('-') || isOp('+')) {
      if (peek().v === '-') neg = !neg;
      any = true;
      p++;
    }
    const v = mapExpr();
    if (!any) return v;
    // Unary plus still atomises and requires a number: model it as 0 + x / 0 - x.
    return { t: 'arith', op: neg ? '-' : '+', a: { t: 'num', v: '0', type: 'integer' }, b: v };
  };
  const mapExpr = (): Ast => {
    let a = pathExpr();
    while (isOp('!') && !isOp('=', 1)) {
      p++;
      a = { t: 'map', a, b: pathExpr() };
    }
    return a;
  };

  const startsStep = (): boolean => {
    const t = peek();
    if (t.k === 'name' || t.k === 'var' || t.k === 'str' || t.k === 'num') return true;
    return t.k === 'op' && ['*', '@', '.', '..', '('].includes(t.v);
  };

  const pathExpr = (): Ast => {
    if (isOp('/')) {
      p++;
      if (!startsStep()) return { t: 'root' };
      return relative({ t: 'root' }, false);
    }
    if (isOp('//')) {
      p++;
      return relative({ t: 'root' }, true);
    }
    return relative(null, false);
  };
  const relative = (base: Ast | null, desc: boolean): Ast => {
    let a: Ast = base ? { t: 'path', a: base, b: stepExpr(), descendants: desc } : stepExpr();
    while (isOp('/') || isOp('//')) {
      const d = peek().v === '//';
      p++;
      a = { t: 'path', a, b: stepExpr(), descendants: d };
    }
    return a;
  };
  const predicates = (): Ast[] => {
    const preds: Ast[] = [];
    while (isOp('[')) {
      p++;
      preds.push(expr());
      expectOp(']');
    }
    return preds;
  };
  const nodeTest = (axis: Axis): NodeTest => {
    const t = peek();
    if (t.k === 'op' && t.v === '*') {
      p++;
      return { kind: 'name', prefix: '*', local: '*' };
    }
    if (t.k !== 'name') err('node test expected');
    p++;
    if (KIND_TESTS.has(t.v) && isOp('(')) {
      p++;
      let name: string | null = null;
      if (peek().k === 'name' || isOp('*')) {
        name = peek().v;
        p++;
      }
      expectOp(')');
      switch (t.v) {
        case 'node':
          return { kind: 'node' };
        case 'text':
          return { kind: 'text' };
        case 'element':
          return { kind: 'element', name: name === '*' ? null : name };
        case 'attribute':
          return { kind: 'attribute', name: name === '*' ? null : name };
        case 'document-node':
          return { kind: 'document' };
        case 'comment':
          return { kind: 'comment' };
        default:
          return err(`${t.v}() is outside the supported subset`);
      }
    }
    void axis;
    const c = t.v.indexOf(':');
    return c < 0 ? { kind: 'name', prefix: null, local: t.v } : { kind: 'name', prefix: t.v.slice(0, c), local: t.v.slice(c + 1) };
  };
  const stepExpr = (): Ast => {
    const t = peek();
    if (t.k === 'op' && t.v === '..') {
      p++;
      return { t: 'step', axis: 'parent', test: { kind: 'node' }, preds: predicates() };
    }
    if (t.k === 'op' && t.v === '@') {
      p++;
      return { t: 'step', axis: 'attribute', test: nodeTest('attribute'), preds: predicates() };
    }
    if (t.k === 'name' && isOp('::', 1)) {
      if (!AXES.has(t.v)) err(`axis ${t.v}:: is not supported`);
      p += 2;
      const axis = t.v as Axis;
      return { t: 'step', axis, test: nodeTest(axis), preds: predicates() };
    }
    if (t.k === 'op' && t.v === '*') {
      return { t: 'step', axis: 'child', test: nodeTest('child'), preds: predicates() };
    }
    if (t.k === 'name' && !(isOp('(', 1) && !KIND_TESTS.has(t.v))) {
      return { t: 'step', axis: 'child', test: nodeTest('child'), preds: predicates() };
    }
    const prim = primary();
    const preds = predicates();
    return preds.length ? { t: 'filter', primary: prim, preds } : prim;
  };
  const primary = (): Ast => {
    const t = peek();
    switch (t.k) {
      case 'str':
        p++;
        return { t: 'str', v: t.v };
      case 'num': {
        p++;
        const type = /[eE]/.test(t.v) ? 'double' : t.v.includes('.') ? 'decimal' : 'integer';
        return { t: 'num', v: t.v, type };
      }
      case 'var':
        p++;
        return { t: 'var', name: t.v };
      case 'name': {
        if (!isOp('(', 1)) err(`unexpected name "${t.v}"`);
        p += 2;
        const args: Ast[] = [];
        if (!isOp(')')) {
          args.push(exprSingle());
          while (isOp(',')) {
            p++;
            args.push(exprSingle());
          }
        }
        expectOp(')');
        return { t: 'call', name: t.v, args };
      }
      case 'op':
        if (t.v === '.') {
          p++;
          return { t: 'dot' };
        }
        if (t.v === '(') {
          p++;
          if (isOp(')')) {
            p++;
            return { t: 'seq', items: [] };
          }
          const e = expr();
          expectOp(')');
          return e.t === 'seq' ? e : { t: 'seq', items: [e] };
        }
        return err(`unexpected "${t.v}"`);
      default:
        return err('unexpected end of expression');
    }
  };

  const result = expr();
  if (peek().k !== 'eof') err(`unexpected "${peek().v}" after the expression`);
  return result;
}
