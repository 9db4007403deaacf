/**
 * A compact, read-only document tree for the compiled Schematron engine, built in one pass over the
 * document text (which libxml2 has already found well-formed, without DOCTYPE: the validation pipeline
 * refuses anything else before this point).
 *
 * Nodes carry their document-order number, parent link, children, attributes and the range of their
 * descendants, so that `//name`, `descendant::name` and `ancestor::` never rescan the document:
 * the per-document index maps each expanded element name to its elements in document order, and a
 * descendant lookup is a binary search into that list.
 *
 * Comments and processing instructions are not kept: no official rule reads them, and the string value
 * of an element does not include them. Whitespace-only text is kept (the reference engine keeps it).
 */

export enum Kind {
  Document = 9,
  Element = 1,
  Attribute = 2,
  Text = 3,
}

export class XNode {
  /** Document order (0 = the document node); attributes follow their element. */
  id = 0;
  /** Largest id among this node's descendants (itself when it has none). */
  end = 0;
  parent: XNode | null = null;
  children: XNode[] = EMPTY;
  attrs: XNode[] = EMPTY;
  /** Text of a text or attribute node; cached string value of an element once computed. */
  value: string | null = null;
  /** 1-based position among the siblings with the same expanded name (elements); 0 until computed (`locationOf`). */
  sibIndex = 0;
  /** 0-based index in the parent's `children` (elements and text). */
  childIndex = 0;
  /** Cached atomised value (an `xs:untypedAtomic`, set by the evaluator). */
  atom: unknown = undefined;
  /** Expanded name `{ns}local` of an element (for the per-pattern rule dispatch). */
  key = '';
  /** Element children by expanded name, built on first use for elements with many children. */
  childMap: Map<string, XNode[]> | null = null;
  constructor(
    readonly kind: Kind,
    /** Local name ('' for document and text). */
    readonly local: string,
    /** Namespace URI ('' for none). */
    readonly ns: string,
    /** Lexical QName as written in the source (what `name()` returns). */
    readonly qname: string,
  ) {}
}

const EMPTY: XNode[] = [];
Object.freeze(EMPTY);

export interface XDocument {
  root: XNode;
  /** Expanded name `{ns}local` → elements in document order. */
  byName: Map<string, XNode[]>;
  /** All elements in document order. */
  elements: XNode[];
  /** Expanded attribute name → attribute nodes in document order (for `//@name`). */
  attrsByName: Map<string, XNode[]>;
  /** Per-document memo of context-free sub-expressions (filled by the evaluator). */
  memo: Map<number, unknown>;
}

/**
 * One string object per distinct name, shared by the trees and the compiled rules, so that comparing a
 * node's name with a rule's name test is a pointer comparison (V8 compares two internalized strings by
 * identity) instead of a character-by-character one over a 70-character namespace URI. The table is
 * bounded, so documents with endless invented names cannot grow it: past the bound, names are
 * returned as they are (comparisons stay right, only slower).
 */
const NAMES = new Map<string, string>();
const NAMES_MAX = 20_000;
export function internName(s: string): string {
  const hit = NAMES.get(s);
  if (hit !== undefined) return hit;
  if (NAMES.size >= NAMES_MAX) return s;
  // A property key is internalized by V8; reading it back gives the internalized string.
  const interned = Object.keys({ [s]: 0 })[0] ?? s;
  NAMES.set(interned, interned);
  return interned;
}

export function expandedName(ns: string, local: string): string {
  return internName(ns ? `{${ns}}${local}` : local);
}

export class XmlTreeError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (_m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const r = ENTITIES[e];
    if (r === undefined) throw new XmlTreeError(`undeclared entity &${e};`);
    return r;
  });
}

function normalizeAttr(raw: string): string {
  // Attribute-value normalisation (XML 1.0 §3.3.3): literal whitespace characters become spaces,
  // character references are kept as written.
  return decodeEntities(raw.replace(/[\t\n\r]/g, ' '));
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** One distinct element or attribute name of a document: its strings are shared by every node bearing it. */
interface NameEntry {
  ns: string;
  local: string;
  qname: string;
  key: string;
}

/**
 * Shares the strings of a name (local, namespace, lexical name, expanded name) between all the nodes
 * that bear it: a 10,000-line invoice has some 400,000 elements but only a few hundred distinct names,
 * and strings per node would be most of the tree's memory. Keyed by lexical name, then namespace (the
 * same prefix nearly always means the same namespace, so the list is one entry long). Kept across
 * documents (invoices use the same few hundred names; building the entries anew took a tenth of the
 * Schematron time of a typical invoice), bounded like `internName`: past the bound, or for a lexical
 * name bound to many namespaces, the entry is made but not kept.
 */
const NAME_ENTRIES = new Map<string, NameEntry[]>();

function nameEntry(qname: string, ns: string): NameEntry {
  const list = NAME_ENTRIES.get(qname);
  if (list) for (const e of list) if (e.ns === ns) return e;
  const local = internName(qname.slice(qname.indexOf(':') + 1));
  const e: NameEntry = { ns: internName(ns), local, qname: internName(qname), key: expandedName(ns, local) };
  if (list) {
    if (list.length < 4) list.push(e);
  } else if (NAME_ENTRIES.size < NAMES_MAX) NAME_ENTRIES.set(e.qname, [e]);
  return e;
}

const WHITESPACE = /^[ \t\r\n]*$/;

/** Whitespace-only text (indentation) is mostly a handful of distinct strings: one copy of each. */
function internWhitespace(table: Map<string, string>, s: string): string {
  const c = s.charCodeAt(0);
  if (s.length > 64 || (c !== 0x0a && c !== 0x20 && c !== 0x09 && c !== 0x0d) || !WHITESPACE.test(s)) return s;
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  table.set(s, s);
  return s;
}

/** Builds the tree from the document text. Throws `XmlTreeError` on input it cannot read. */
export function buildTree(input: string): XDocument {
  const text = input.indexOf('\r') >= 0 ? input.replace(/\r\n?/g, '\n') : input;
  const root = new XNode(Kind.Document, '', '', '');
  root.children = [];
  const byName = new Map<string, XNode[]>();
  const elements: XNode[] = [];
  const attrsByName = new Map<string, XNode[]>();
  let nextId = 1;
  // Stack of open elements and their namespace scopes.
  const stack: XNode[] = [root];
  let scope: Record<string, string> = { xml: XML_NS, '': '' };
  const scopes: Record<string, string>[] = [scope];
  let textBuf = '';
  const whitespace = new Map<string, string>();

  const flushText = (): void => {
    if (textBuf === '') return;
    const parent = stack[stack.length - 1];
    if (parent.kind === Kind.Element) {
      const t = new XNode(Kind.Text, '', '', '');
      t.value = internWhitespace(whitespace, textBuf);
      t.parent = parent;
      t.id = t.end = nextId++;
      addChild(parent, t);
    }
    textBuf = '';
  };

  let i = 0;
  const n = text.length;
  const nameRe = /[^\s/>=]+/y;
  const attrRe = /\s*([^\s/>=]+)\s*=\s*("[^"]*"|'[^']*')/y;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      textBuf += decodeEntities(text.slice(i));
      break;
    }
    if (lt > i) textBuf += decodeEntities(text.slice(i, lt));
    const c = text.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const e = text.indexOf('-->', lt + 4);
        if (e < 0) throw new XmlTreeError('unterminated comment');
        i = e + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        const e = text.indexOf(']]>', lt + 9);
        if (e < 0) throw new XmlTreeError('unterminated CDATA section');
        textBuf += text.slice(lt + 9, e);
        i = e + 3;
      } else throw new XmlTreeError('DOCTYPE and markup declarations are not accepted');
      continue;
    }
    if (c === 0x3f /* ? */) {
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) throw new XmlTreeError('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    if (c === 0x2f /* / */) {
      flushText();
      const e = text.indexOf('>', lt + 2);
      if (e < 0) throw new XmlTreeError('unterminated end tag');
      const el = stack.pop()!;
      el.end = nextId - 1;
      // Exact-size children array: growth by `push` leaves up to half the capacity (and 16 slots) unused.
      if (el.children.length > 1) el.children = el.children.slice();
      scopes.pop();
      scope = scopes[scopes.length - 1];
      i = e + 1;
      continue;
    }
    // Start tag.
    flushText();
    nameRe.lastIndex = lt + 1;
    const nm = nameRe.exec(text);
    if (!nm) throw new XmlTreeError('malformed start tag');
    const qname = nm[0];
    let p = nameRe.lastIndex;
    const rawAttrs: [string, string][] = [];
    let newScope: Record<string, string> | null = null;
    for (;;) {
      attrRe.lastIndex = p;
      const m = attrRe.exec(text);
      if (!m) break;
      p = attrRe.lastIndex;
      const an = m[1];
      const av = normalizeAttr(m[2].slice(1, -1));
      if (an === 'xmlns' || an.startsWith('xmlns:')) {
        newScope ??= Object.assign(Object.create(null) as Record<string, string>, scope);
        newScope[an === 'xmlns' ? '' : an.slice(6)] = av;
      } else rawAttrs.push([an, av]);
    }
    while (p < n && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x0a || text.charCodeAt(p) === 0x09)) p++;
    let selfClosing = false;
    if (text.charCodeAt(p) === 0x2f) {
      selfClosing = true;
      p++;
    }
    if (text.charCodeAt(p) !== 0x3e) throw new XmlTreeError(`malformed start tag <${qname}>`);
    i = p + 1;
    const sc = newScope ?? scope;
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = sc[prefix];
    if (ns === undefined) throw new XmlTreeError(`undeclared namespace prefix "${prefix}"`);
    const name = nameEntry(qname, ns);
    const el = new XNode(Kind.Element, name.local, name.ns, name.qname);
    const parent = stack[stack.length - 1];
    el.parent = parent;
    el.id = nextId++;
    addChild(parent, el);
    const key = name.key;
    el.key = key;
    let list = byName.get(key);
    if (!list) byName.set(key, (list = []));
    list.push(el);
    elements.push(el);
    if (rawAttrs.length) {
      el.attrs = rawAttrs.map(([an, av]) => {
        const ac = an.indexOf(':');
        const ap = ac < 0 ? '' : an.slice(0, ac);
        const ans = ap === '' ? '' : sc[ap];
        if (ans === undefined) throw new XmlTreeError(`undeclared namespace prefix "${ap}"`);
        const aname = nameEntry(an, ans);
        const a = new XNode(Kind.Attribute, aname.local, aname.ns, aname.qname);
        a.value = av;
        a.parent = el;
        a.id = a.end = nextId++;
        const akey = aname.key;
        let alist = attrsByName.get(akey);
        if (!alist) attrsByName.set(akey, (alist = []));
        alist.push(a);
        return a;
      });
    }
    if (selfClosing) el.end = nextId - 1;
    else {
      stack.push(el);
      scopes.push(sc);
      scope = sc;
    }
  }
  if (stack.length !== 1) throw new XmlTreeError('unclosed element');
  root.end = nextId - 1;
  return { root, byName, elements, attrsByName, memo: new Map() };
}

function addChild(parent: XNode, child: XNode): void {
  if (parent.children === EMPTY) {
    // A one-slot array: most elements hold a single text node.
    parent.children = [child];
    child.childIndex = 0;
    return;
  }
  child.childIndex = parent.children.length;
  parent.children.push(child);
}

/** Element children of `n` with the expanded name `key`, in document order (indexed for large elements). */
export function childrenNamed(n: XNode, key: string, ns: string, local: string): XNode[] {
  const ch = n.children;
  if (ch.length <= 12) {
    // No array allocated when nothing matches (the common case for optional elements).
    let out: XNode[] | null = null;
    for (const c of ch) if (c.local === local && c.ns === ns && c.kind === Kind.Element) (out ??= []).push(c);
    return out ?? (EMPTY as XNode[]);
  }
  let m = n.childMap;
  if (!m) {
    m = new Map();
    for (const c of ch) {
      if (c.kind !== Kind.Element) continue;
      const k = c.key;
      const l = m.get(k);
      if (l) l.push(c);
      else m.set(k, [c]);
    }
    n.childMap = m;
  }
  return m.get(key) ?? (EMPTY as XNode[]);
}

/** String value of a node (concatenated descendant text for elements and documents). */
export function stringValue(node: XNode): string {
  if (node.value !== null) return node.value;
  let s = '';
  const walk = (n: XNode): void => {
    for (const c of n.children) {
      if (c.kind === Kind.Text) s += c.value!;
      else walk(c);
    }
  };
  walk(node);
  node.value = s;
  return s;
}

/** Sets `sibIndex` on every element child of `p` in one pass (amortised: each parent once). */
function numberSiblings(p: XNode): void {
  const counts = new Map<string, number>();
  for (const c of p.children) {
    if (c.kind !== Kind.Element) continue;
    const k = (counts.get(c.key) ?? 0) + 1;
    counts.set(c.key, k);
    c.sibIndex = k;
  }
}

/** The location of a node in the reference format: `/Invoice[1]/cac:X[2]/@a` (`/` for the document). */
export function locationOf(node: XNode): string {
  if (node.kind === Kind.Document) return '/';
  const parts: string[] = [];
  for (let n: XNode | null = node; n && n.kind !== Kind.Document; n = n.parent) {
    if (n.kind === Kind.Attribute) parts.push(`/@${n.qname}`);
    else if (n.kind === Kind.Element) {
      if (n.sibIndex === 0) numberSiblings(n.parent!);
      parts.push(`/${n.qname}[${n.sibIndex}]`);
    }
    else parts.push('/node()');
  }
  return parts.reverse().join('');
}
