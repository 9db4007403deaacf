/**
 * Cheap inspection of a submitted document at ingest (no full parse, no validation): find the
 * root element, and when it is an SBDH (`StandardBusinessDocument`) read its header — sender,
 * receiver, document type and process (values and schemes), instance identifier, C1 country — and cut out the business
 * document (the payload) byte for byte. Full well-formedness, XSD and Schematron are the validate
 * stage's job.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CoreError } from '../errors';

export interface SbdhInfo {
  senderId: string | null;
  receiverId: string | null;
  documentTypeId: string | null;
  /** Scheme of the document type identifier (`Scope[Type='DOCUMENTID']/Identifier`, e.g. `busdox-docid-qns`); null when the SBDH leaves it out. */
  documentTypeScheme: string | null;
  processId: string | null;
  /** Scheme of the process identifier (`Scope[Type='PROCESSID']/Identifier`, e.g. `cenbii-procid-ubl`); null when left out. */
  processScheme: string | null;
  instanceId: string | null;
  c1Country: string | null;
  /** DocumentIdentification/Standard + Type (e.g. the UBL namespace and `Invoice`). */
  standard: string | null;
  type: string | null;
}

export interface Envelope {
  sbdh: SbdhInfo | null;
  /** The business document (the whole input when there is no SBDH). */
  payload: Buffer;
  rootName: string;
  rootNamespace: string | null;
}

const SBDH_NS = 'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader';
const HEAD_LIMIT = 1 << 20; // the SBDH must close within the first MiB

interface RootTag { qname: string; local: string; prefix: string | null; ns: string | null; start: number; end: number }

/** Finds the root start tag, skipping BOM, XML declaration, comments, processing instructions and a DOCTYPE. */
export function findRoot(text: string, from = 0): RootTag | null {
  let i = from;
  if (text.charCodeAt(i) === 0xfeff) i++;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('<?', i)) { const j = text.indexOf('?>', i); if (j < 0) return null; i = j + 2; continue; }
    if (text.startsWith('<!--', i)) { const j = text.indexOf('-->', i); if (j < 0) return null; i = j + 3; continue; }
    if (text.startsWith('<!DOCTYPE', i)) {
      // skip the DOCTYPE, including an internal subset; validation rejects it later (no DTDs)
      let depth = 0; let j = i;
      for (; j < text.length; j++) { const c = text[j]; if (c === '[') depth++; else if (c === ']') depth--; else if (c === '>' && depth <= 0) break; }
      if (j >= text.length) return null;
      i = j + 1; continue;
    }
    break;
  }
  if (text[i] !== '<') return null;
  const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>])/.exec(text.slice(i, i + 300));
  if (m === null || m[1] === undefined) return null;
  const qname = m[1];
  // end of the start tag, honouring quoted attribute values
  let j = i + m[0].length; let quote: string | null = null;
  for (; j < text.length; j++) {
    const c = text[j];
    if (quote !== null) { if (c === quote) quote = null; } else if (c === '"' || c === "'") quote = c; else if (c === '>') break;
  }
  if (j >= text.length) return null;
  const tag = text.slice(i, j + 1);
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : null;
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  const nsRe = prefix === null ? /\sxmlns\s*=\s*(["'])(.*?)\1/ : new RegExp(`\\sxmlns:${prefix.replace(/[.-]/g, '\\$&')}\\s*=\\s*(["'])(.*?)\\1`);
  const nsm = nsRe.exec(tag);
  return { qname, local, prefix, ns: nsm?.[2] ?? null, start: i, end: j + 1 };
}

/** What the hub stores of a value it read at ingest: PostgreSQL text cannot hold U+0000, which a hostile envelope may carry. */
function noNul(s: string): string {
  return s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
}

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return noNul(String(v)).trim() || null;
  if (typeof v === 'object' && '#text' in (v as Record<string, unknown>)) return text((v as Record<string, unknown>)['#text']);
  return null;
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Longest SBDH value kept: identifiers (sender, receiver, instance, country; within what the database's unique index holds) and the document type and process (Peppol allows 500). */
const MAX_ID = 256;
const MAX_TYPE_ID = 500;
/** Deepest element nesting read in an SBDH header (a real one has 4 levels). */
const MAX_HEADER_DEPTH = 64;

const badSbdh = (detail: string): CoreError => new CoreError('invalid', 'bad-sbdh', 'Malformed SBDH', detail);

/** UTF-16 (a byte order mark, or the zero bytes of `<` in UTF-16 without one): the hub reads documents as UTF-8. */
function utf16Of(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE (byte order mark FF FE)';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE (byte order mark FE FF)';
  if (bytes.length >= 4 && bytes[0] === 0x3c && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return 'UTF-16LE without a byte order mark';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x3c && bytes[2] === 0 && bytes[3] !== 0) return 'UTF-16BE without a byte order mark';
  return null;
}

/** The deepest element nesting of an XML fragment (a cheap scan: tags only, comments and CDATA skipped as text). */
function nestingDepth(xml: string, limit: number): number {
  let depth = 0; let max = 0;
  for (let i = xml.indexOf('<'); i >= 0; i = xml.indexOf('<', i + 1)) {
    const c = xml.charCodeAt(i + 1);
    if (c === 0x2f) { depth--; continue; } // </
    if (c === 0x21 || c === 0x3f) continue; // <! <?
    const end = xml.indexOf('>', i);
    if (end < 0) break;
    if (xml.charCodeAt(end - 1) !== 0x2f) { depth++; if (depth > max) max = depth; if (max > limit) return max; }
    i = end;
  }
  return max;
}

/** A character reference to a character XML does not allow (`&#0;`, `&#x1;`…), if the text has one. */
function forbiddenCharRef(xml: string): string | null {
  for (const m of xml.matchAll(/&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});/g)) {
    const ref = m[1] ?? '';
    const cp = ref.startsWith('x') ? Number.parseInt(ref.slice(1), 16) : Number(ref);
    const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) return m[0];
  }
  return null;
}

export function inspectSubmission(bytes: Buffer): Envelope {
  if (bytes.length === 0) throw new CoreError('invalid', 'empty-document', 'Empty document', 'The request body is empty.');
  const utf16 = utf16Of(bytes);
  if (utf16 !== null) throw new CoreError('invalid', 'unsupported-encoding', 'Unsupported encoding', `The document is encoded in ${utf16}; the hub takes XML documents in UTF-8 (the Peppol envelope's encoding). Send it in UTF-8.`);
  const head = bytes.subarray(0, HEAD_LIMIT).toString('utf8');
  const root = findRoot(head);
  if (root === null) throw new CoreError('invalid', 'not-xml', 'Not XML', 'The body is not an XML document: no root element found at its start.');
  const rootNamespace = root.ns === null ? null : noNul(root.ns).slice(0, 1000);
  if (root.local !== 'StandardBusinessDocument') {
    return { sbdh: null, payload: bytes, rootName: root.local, rootNamespace };
  }
  if (root.ns !== null && root.ns !== SBDH_NS) {
    throw new CoreError('invalid', 'bad-sbdh', 'Unknown envelope', `StandardBusinessDocument in namespace "${rootNamespace ?? ''}", expected "${SBDH_NS}".`);
  }
  // the envelope is read here, not by the validator: what validation refuses in a business document is refused in it now
  if (/<!DOCTYPE/i.test(head.slice(0, root.start))) throw badSbdh('The SBDH has a DOCTYPE declaration: DTDs and entity declarations are not accepted (they can be used for entity-expansion and external-entity attacks).');
  const close = /<\/(?:[A-Za-z_][\w.-]*:)?StandardBusinessDocumentHeader\s*>/.exec(head.slice(root.end));
  if (close === null) throw new CoreError('invalid', 'bad-sbdh', 'Malformed SBDH', 'The StandardBusinessDocumentHeader is not closed within the first MiB of the document.');
  const headerEnd = root.end + close.index + close[0].length;
  const headerXml = `${head.slice(root.start, headerEnd)}</${root.qname}>`;
  if (nestingDepth(headerXml, MAX_HEADER_DEPTH) > MAX_HEADER_DEPTH) throw badSbdh(`The SBDH header is nested more than ${MAX_HEADER_DEPTH} elements deep.`);
  const ref = forbiddenCharRef(headerXml);
  if (ref !== null) throw badSbdh(`The SBDH is not well-formed XML: the character reference ${ref} names a character XML does not allow.`);
  const check = XMLValidator.validate(headerXml);
  if (check !== true) throw new CoreError('invalid', 'bad-sbdh', 'Malformed SBDH', `The SBDH is not well-formed XML: ${check.err.msg} (line ${check.err.line}).`);
  const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: false, parseTagValue: false, parseAttributeValue: false });
  const parsed = parser.parse(headerXml) as Record<string, Record<string, Record<string, unknown>>>;
  const h = parsed.StandardBusinessDocument?.StandardBusinessDocumentHeader ?? {};
  const sender = asArray(h.Sender)[0] as Record<string, unknown> | undefined;
  const receiver = asArray(h.Receiver)[0] as Record<string, unknown> | undefined;
  const ident = (h.DocumentIdentification ?? {}) as Record<string, unknown>;
  const scopes = asArray((h.BusinessScope as Record<string, unknown> | undefined)?.Scope) as Record<string, unknown>[];
  const scope = (type: string): string | null => text(scopes.find((s) => text(s.Type) === type)?.InstanceIdentifier);
  const scopeScheme = (type: string): string | null => text(scopes.find((s) => text(s.Type) === type)?.Identifier);
  const sbdh: SbdhInfo = {
    senderId: text(sender?.Identifier),
    receiverId: text(receiver?.Identifier),
    documentTypeId: scope('DOCUMENTID'),
    documentTypeScheme: scopeScheme('DOCUMENTID'),
    processId: scope('PROCESSID'),
    processScheme: scopeScheme('PROCESSID'),
    instanceId: text(ident.InstanceIdentifier),
    c1Country: scope('COUNTRY_C1'),
    standard: text(ident.Standard),
    type: text(ident.Type),
  };
  for (const [k, v] of Object.entries(sbdh)) {
    const max = k === 'documentTypeId' || k === 'processId' ? MAX_TYPE_ID : MAX_ID;
    if (v !== null && v.length > max) throw badSbdh(`The SBDH's ${k} is ${v.length} characters long; at most ${max} are accepted.`);
  }
  // payload: everything between the header and the envelope's closing tag, byte for byte
  const headerEndByte = Buffer.byteLength(head.slice(0, headerEnd), 'utf8');
  const closing = Buffer.from(`</${root.qname}`, 'utf8');
  const closeAt = bytes.lastIndexOf(closing);
  if (closeAt < headerEndByte) throw new CoreError('invalid', 'bad-sbdh', 'Malformed SBDH', `The envelope's closing tag </${root.qname}> is missing.`);
  let s = headerEndByte; let e = closeAt;
  while (s < e && (bytes[s] === 0x20 || bytes[s] === 0x0a || bytes[s] === 0x0d || bytes[s] === 0x09)) s++;
  while (e > s && (bytes[e - 1] === 0x20 || bytes[e - 1] === 0x0a || bytes[e - 1] === 0x0d || bytes[e - 1] === 0x09)) e--;
  const payload = bytes.subarray(s, e);
  const inner = findRoot(payload.subarray(0, HEAD_LIMIT).toString('utf8'));
  if (inner === null) throw new CoreError('invalid', 'bad-sbdh', 'Empty SBDH', 'The SBDH carries no business document after its header.');
  return { sbdh, payload: Buffer.from(payload), rootName: inner.local, rootNamespace: inner.ns === null ? null : noNul(inner.ns).slice(0, 1000) };
}
