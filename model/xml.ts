/**
 * A small namespace-normalised XML tree for the readers and the writer.
 *
 * Parsing uses fast-xml-parser with entity processing OFF: a document with a DOCTYPE is refused
 * (no DTD, no entity expansion), and only the five XML entities and character references are decoded,
 * here. Element names get canonical prefixes whatever the document used (UBL `cbc`/`cac`/`ext`, CII
 * `rsm`/`ram`/`udt`/`qdt`; the UBL root has none), so the catalogue paths match every spelling.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { xmlAttr as escAttr, xmlText as escText } from '../lib/xml-escape';

export const NS: Record<string, string> = {
  'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2': '',
  'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2': '',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2': 'cbc',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2': 'cac',
  'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2': 'ext',
  'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100': 'rsm',
  'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100': 'ram',
  'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100': 'udt',
  'urn:un:unece:uncefact:data:standard:QualifiedDataType:100': 'qdt',
  'http://www.w3.org/2001/XMLSchema-instance': 'xsi',
  'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader': 'sh',
};

const NO_ATTRS: ReadonlyMap<string, string> = new Map();

export class XElement {
  name: string;
  /** Attributes (shared empty map until one is set: most elements have none). */
  attrs: ReadonlyMap<string, string>;
  children: XElement[] = [];
  /** Text directly inside the element (concatenated; CDATA included). */
  text = '';
  parent: XElement | null;
  /** Set by the readers when a catalogue path consumed the element's text. */
  used = false;
  /** Attributes consumed by the readers. */
  usedAttrs: Set<string> | null = null;

  constructor(name: string, parent: XElement | null, attrs?: ReadonlyMap<string, string>) {
    this.name = name;
    this.parent = parent;
    this.attrs = attrs ?? NO_ATTRS;
  }

  setAttr(name: string, value: string): void {
    if (this.attrs === NO_ATTRS) this.attrs = new Map();
    (this.attrs as Map<string, string>).set(name, value);
  }

  child(name: string): XElement | undefined {
    return this.children.find((c) => c.name === name);
  }

  append(name: string): XElement {
    const el = new XElement(name, this);
    this.children.push(el);
    return el;
  }

  markAttr(name: string): void {
    (this.usedAttrs ??= new Set()).add(name);
  }

  /** XPath of the element with 1-based positions among same-named siblings: `/Invoice/cac:InvoiceLine[3]/cbc:ID`. */
  location(): string {
    const parts: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking up from this element
    let el: XElement | null = this;
    while (el) {
      const p: XElement | null = el.parent;
      if (p) {
        const same = p.children.filter((c) => c.name === el!.name);
        parts.push(same.length > 1 ? `${el.name}[${same.indexOf(el) + 1}]` : el.name);
      } else parts.push(el.name);
      el = p;
    }
    return '/' + parts.reverse().join('/');
  }
}

export class XmlReadError extends Error {}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references (nothing else: no DTD, no other entity). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED[named];
    const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/** A node of fast-xml-parser's ordered output (`preserveOrder`): `{ name: children, ':@': attributes }`, `#text`, `#cdata`. */
export type RawXmlNode = Record<string, unknown>;
type Raw = RawXmlNode;

/**
 * The text of a document's bytes: a byte order mark (UTF-8, UTF-16) or else the encoding declaration
 * decides (UTF-8 by default; ISO-8859-1/15, windows-1252 and the other WHATWG labels are read).
 */
export function decodeXmlBytes(bytes: Buffer): string {
  let encoding = 'utf-8';
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ['utf-16le', 2];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ['utf-16be', 2];
  else {
    const decl = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'));
    if (decl) encoding = decl[1].toLowerCase();
  }
  if (encoding === 'utf-8' || encoding === 'utf8') return bytes.toString('utf8', start);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding);
  } catch (e) {
    throw new XmlReadError(`unsupported encoding "${encoding}"`, { cause: e });
  }
  return decoder.decode(bytes.subarray(start));
}

/**
 * The root element of a document as fast-xml-parser's ordered output, entities not expanded (names as
 * written, prefixes unresolved). Throws XmlReadError on a DOCTYPE or a document that is not XML.
 */
export function parseRawXml(input: Buffer | string): RawXmlNode {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeXmlBytes(input);
  const rootStart = text.search(/<[A-Za-z_]/);
  if (/<!DOCTYPE/i.test(rootStart < 0 ? text : text.slice(0, rootStart))) {
    throw new XmlReadError('the document has a DOCTYPE: DTDs and entity declarations are not accepted');
  }
  const check = XMLValidator.validate(text);
  if (check !== true) throw new XmlReadError(`not well-formed XML: ${check.err.msg} (line ${check.err.line}, column ${check.err.col})`);
  let raw: Raw[];
  try {
    raw = parser.parse(text) as Raw[];
  } catch (e) {
    throw new XmlReadError(`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const top = raw.filter((n) => !('#text' in n) && !('#cdata' in n));
  if (top.length !== 1) throw new XmlReadError(top.length === 0 ? 'no root element' : 'more than one root element');
  return top[0];
}

/** Parses a document into the normalised tree. Throws XmlReadError on a DOCTYPE or a document that is not XML. */
export function parseXml(input: Buffer | string): XElement {
  return convert(parseRawXml(input), null, new Map());
}

function canonicalName(qname: string, scope: Map<string, string>, isAttr: boolean): string {
  const i = qname.indexOf(':');
  const prefix = i < 0 ? '' : qname.slice(0, i);
  const local = i < 0 ? qname : qname.slice(i + 1);
  if (isAttr && prefix === '') return local;
  const uri = scope.get(prefix);
  if (uri === undefined) return qname;
  const canon = NS[uri];
  if (canon === undefined) return prefix ? `${prefix}:${local}` : local;
  return canon ? `${canon}:${local}` : local;
}

function convert(node: Raw, parent: XElement | null, parentScope: Map<string, string>): XElement {
  let key = '';
  for (const k in node) {
    if (k !== ':@') {
      key = k;
      break;
    }
  }
  const rawAttrs = node[':@'] as Record<string, string> | undefined;
  let scope = parentScope;
  let attrs: Map<string, string> | undefined;
  if (rawAttrs) {
    for (const k in rawAttrs) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        scope.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(rawAttrs[k]));
      }
    }
    for (const k in rawAttrs) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      (attrs ??= new Map()).set(canonicalName(k, scope, true), decodeEntities(rawAttrs[k]));
    }
  }
  const el = new XElement(canonicalName(key, scope, false), parent, attrs);
  const content = node[key] as Raw[];
  let text = '';
  for (const c of content) {
    if ('#text' in c) text += decodeEntities(String(c['#text']));
    else if ('#cdata' in c) {
      for (const t of c['#cdata'] as Raw[]) text += String(t['#text'] ?? '');
    } else el.children.push(convert(c, el, scope));
  }
  el.text = text;
  return el;
}

// ── Serialisation ─────────────────────────────────────────────────────────────────────────────

/** Serialises a tree (2-space indentation; elements with children carry no text of their own). */
export function serializeXml(root: XElement, rootNamespaces: Record<string, string>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const write = (el: XElement, depth: number, extra: string): void => {
    const pad = '  '.repeat(depth);
    let open = `${pad}<${el.name}${extra}`;
    for (const [k, v] of el.attrs) open += ` ${k}="${escAttr(v)}"`;
    if (el.children.length === 0) {
      out.push(el.text === '' ? `${open}/>\n` : `${open}>${escText(el.text)}</${el.name}>\n`);
      return;
    }
    out.push(`${open}>\n`);
    for (const c of el.children) write(c, depth + 1, '');
    out.push(`${pad}</${el.name}>\n`);
  };
  const nsDecl = Object.entries(rootNamespaces)
    .map(([p, uri]) => ` ${p ? `xmlns:${p}` : 'xmlns'}="${escAttr(uri)}"`)
    .join('');
  write(root, 0, nsDecl);
  return out.join('');
}
