/**
 * A small namespace-aware XML reader for documents a body's ERP sends: elements by namespace URI and
 * local name, whatever prefixes the document used. Parsing is `model/xml`'s (`parseRawXml`: bytes by BOM
 * and declaration, DOCTYPE refused, no entity expansion — only the five XML entities and character
 * references are decoded); this module only resolves the namespaces, which the model's tree
 * canonicalises away.
 */
import { decodeEntities, parseRawXml, XmlReadError, type RawXmlNode } from '../../model/xml';

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

/** Parses a document. Throws XmlInputError on a DOCTYPE, an undeclared prefix or anything that is not well-formed XML. */
export function readNsXml(input: Buffer | string): NsElement {
  let root: RawXmlNode;
  try {
    root = parseRawXml(input);
  } catch (e) {
    if (e instanceof XmlReadError) throw new XmlInputError(e.message, { cause: e });
    throw e;
  }
  return convert(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function convert(node: RawXmlNode, parentScope: Map<string, string>): NsElement {
  const key = Object.keys(node).find((k) => k !== ':@')!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const k of Object.keys(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(rawAttrs[k]));
    }
  }
  const attrs = new Map<string, string>();
  for (const k of Object.keys(rawAttrs)) if (!k.includes(':') && k !== 'xmlns') attrs.set(k, decodeEntities(rawAttrs[k]));
  const i = key.indexOf(':');
  const prefix = i < 0 ? '' : key.slice(0, i);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlInputError(`the prefix "${prefix}" of <${key}> is not declared`);
  const el: NsElement = { ns: ns ?? '', local: i < 0 ? key : key.slice(i + 1), attrs, children: [], text: '' };
  for (const c of node[key] as RawXmlNode[]) {
    if ('#text' in c) el.text += decodeEntities(String(c['#text']));
    else if ('#cdata' in c) for (const t of c['#cdata'] as RawXmlNode[]) el.text += String(t['#text'] ?? '');
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
