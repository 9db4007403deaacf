/**
 * A small namespace-aware XML reader for documents a body's ERP sends (fast-xml-parser underneath):
 * elements by namespace URI and local name, whatever prefixes the document used. A DOCTYPE is refused
 * (no DTD, no entity expansion: entity processing is off and only the five XML entities and character
 * references are decoded, here); bytes are decoded as `model/xml` does (BOM, then the declaration).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlBytes } from '../../model/xml';

export class XmlInputError extends Error {}

export interface NsElement {
  ns: string;
  local: string;
  /** Unprefixed attributes by name (the only kind UBL uses on these elements). */
  attrs: ReadonlyMap<string, string>;
  children: NsElement[];
  /** Text directly inside the element (CDATA included). */
  text: string;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
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

type Raw = Record<string, unknown>;

/** Parses a document. Throws XmlInputError on a DOCTYPE, an undeclared prefix or anything that is not well-formed XML. */
export function readNsXml(input: Buffer | string): NsElement {
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeXmlBytes(input);
  const rootStart = text.search(/<[A-Za-z_]/);
  if (/<!DOCTYPE/i.test(rootStart < 0 ? text : text.slice(0, rootStart))) {
    throw new XmlInputError('the document has a DOCTYPE: DTDs and entity declarations are not accepted');
  }
  const check = XMLValidator.validate(text);
  if (check !== true) throw new XmlInputError(`not well-formed XML: ${check.err.msg} (line ${check.err.line}, column ${check.err.col})`);
  const raw = parser.parse(text) as Raw[];
  const top = raw.filter((n) => !('#text' in n) && !('#cdata' in n) && !('#comment' in n));
  if (top.length !== 1) throw new XmlInputError(top.length === 0 ? 'no root element' : 'more than one root element');
  return convert(top[0], new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function convert(node: Raw, parentScope: Map<string, string>): NsElement {
  const key = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const k of Object.keys(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(k === 'xmlns' ? '' : k.slice(6), decode(rawAttrs[k]));
    }
  }
  const attrs = new Map<string, string>();
  for (const k of Object.keys(rawAttrs)) if (!k.includes(':') && k !== 'xmlns') attrs.set(k, decode(rawAttrs[k]));
  const i = key.indexOf(':');
  const prefix = i < 0 ? '' : key.slice(0, i);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlInputError(`the prefix "${prefix}" of <${key}> is not declared`);
  const el: NsElement = { ns: ns ?? '', local: i < 0 ? key : key.slice(i + 1), attrs, children: [], text: '' };
  for (const c of node[key] as Raw[]) {
    if ('#text' in c) el.text += decode(String(c['#text']));
    else if ('#cdata' in c) for (const t of c['#cdata'] as Raw[]) el.text += String(t['#text'] ?? '');
    else el.children.push(convert(c, scope));
  }
  return el;
}

/** The children with this namespace and local name. */
export function childrenOf(el: NsElement | undefined, ns: string, local: string): NsElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

/** The first child with this namespace and local name. */
export function childOf(el: NsElement | undefined, ns: string, local: string): NsElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.local === local);
}
