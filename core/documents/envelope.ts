/**
 * Cheap inspection of a submitted document at ingest (no full parse, no validation): find the
 * root element, and when it is an SBDH (`StandardBusinessDocument`) read its header — sender,
 * receiver, document type, process, instance identifier, C1 country — and cut out the business
 * document (the payload) byte for byte. Full well-formedness, XSD and Schematron are the validate
 * stage's job.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CoreError } from '../errors';

export interface SbdhInfo {
  senderId: string | null;
  receiverId: string | null;
  documentTypeId: string | null;
  processId: string | null;
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

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || null;
  if (typeof v === 'object' && '#text' in (v as Record<string, unknown>)) return text((v as Record<string, unknown>)['#text']);
  return null;
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

export function inspectSubmission(bytes: Buffer): Envelope {
  if (bytes.length === 0) throw new CoreError('invalid', 'empty-document', 'Empty document', 'The request body is empty.');
  const head = bytes.subarray(0, HEAD_LIMIT).toString('utf8');
  const root = findRoot(head);
  if (root === null) throw new CoreError('invalid', 'not-xml', 'Not XML', 'The body is not an XML document: no root element found at its start.');
  if (root.local !== 'StandardBusinessDocument') {
    return { sbdh: null, payload: bytes, rootName: root.local, rootNamespace: root.ns };
  }
  if (root.ns !== null && root.ns !== SBDH_NS) {
    throw new CoreError('invalid', 'bad-sbdh', 'Unknown envelope', `StandardBusinessDocument in namespace "${root.ns}", expected "${SBDH_NS}".`);
  }
  const close = /<\/(?:[A-Za-z_][\w.-]*:)?StandardBusinessDocumentHeader\s*>/.exec(head.slice(root.end));
  if (close === null) throw new CoreError('invalid', 'bad-sbdh', 'Malformed SBDH', 'The StandardBusinessDocumentHeader is not closed within the first MiB of the document.');
  const headerEnd = root.end + close.index + close[0].length;
  const headerXml = `${head.slice(root.start, headerEnd)}</${root.qname}>`;
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
  const sbdh: SbdhInfo = {
    senderId: text(sender?.Identifier),
    receiverId: text(receiver?.Identifier),
    documentTypeId: scope('DOCUMENTID'),
    processId: scope('PROCESSID'),
    instanceId: text(ident.InstanceIdentifier),
    c1Country: scope('COUNTRY_C1'),
    standard: text(ident.Standard),
    type: text(ident.Type),
  };
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
  return { sbdh, payload: Buffer.from(payload), rootName: inner.local, rootNamespace: inner.ns };
}
