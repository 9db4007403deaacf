/**
 * Hostile input is normal input: everything that must hold before a document is handed to an XML
 * parser. Size, emptiness, the character encoding (the declaration must match the bytes), and the
 * absence of a DOCTYPE (no DTD, so no entity expansion of any kind). Then the document is parsed with
 * libxml2 (no DTD loading, no entity substitution, no network) and the parse errors become findings.
 */
import { loadLibxml } from '../schematron/parse';
import { hubMessage, notXmlKinds, type HubTextKey, type Localized } from './hub-texts';
import type { Finding } from './types';

export { loadLibxml };
export type XmlDocument = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XmlDocument;

export type Decoded = { ok: true; text: string; encoding: string } | { ok: false; finding: Finding };

const syntax = (ruleId: string, key: HubTextKey, values: Parameters<typeof hubMessage>[1] = {}, line?: number): Finding => ({
  source: 'syntax',
  ruleId,
  flag: 'fatal',
  location: '/',
  ...(line !== undefined ? { line } : {}),
  ...hubMessage(key, values),
});

const ENCODING_ALIASES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1',
  latin1: 'latin1',
  'iso-8859-15': 'iso-8859-15',
  'windows-1252': 'windows-1252',
  'us-ascii': 'utf-8',
  ascii: 'utf-8',
};

const SIGNATURES: [RegExp, Localized][] = [
  [/^%PDF-/, notXmlKinds.pdf],
  // eslint-disable-next-line no-control-regex -- matching the binary ZIP signature is the point
  [/^PK\x03\x04/, notXmlKinds.zip],
  [/^\x89PNG/, notXmlKinds.png],
  [/^\xff\xd8\xff/, notXmlKinds.jpeg],
  [/^[{[]/, notXmlKinds.json],
];

/** A document whose first character (after a BOM and blanks) is not `<` cannot be XML: say what it looks like. */
function notXmlFinding(bytes: Buffer): Finding | null {
  const head = bytes.subarray(0, 64).toString('latin1');
  if (/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)?\s*</.test(head) || /^(\xff\xfe|\xfe\xff)/.test(head)) return null;
  const known = SIGNATURES.find(([re]) => re.test(head.trimStart()));
  const shown = head.trimStart().slice(0, 16).replace(/[^\x20-\x7e]/g, '.');
  return known ? syntax('SYNTAX-XML', 'notXmlLooksLike', { start: shown, kind: known[1] }, 1) : syntax('SYNTAX-XML', 'notXml', { start: shown }, 1);
}

/** Reads the bytes as text, checking that the encoding declaration (or BOM) tells the truth. */
export function decodeXml(bytes: Buffer, maxBytes: number): Decoded {
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') return { ok: false, finding: syntax('SYNTAX-EMPTY', 'empty') };
  if (bytes.length > maxBytes) return { ok: false, finding: syntax('SYNTAX-SIZE', 'tooLarge', { size: bytes.length, max: maxBytes }) };
  const notXml = notXmlFinding(bytes);
  if (notXml) return { ok: false, finding: notXml };
  let bomEncoding: string | null = null;
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bomEncoding = 'utf-8';
    start = 3;
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    bomEncoding = 'utf-16le';
    start = 2;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    bomEncoding = 'utf-16be';
    start = 2;
  }
  // The XML declaration is ASCII in every 8-bit encoding; for UTF-16 decode the head first.
  const head = bomEncoding?.startsWith('utf-16')
    ? new TextDecoder(bomEncoding).decode(bytes.subarray(start, Math.min(bytes.length, start + 400)))
    : bytes.subarray(start, Math.min(bytes.length, start + 200)).toString('latin1');
  const decl = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  const declared = decl ? decl[1].toLowerCase() : null;

  let encoding: string;
  if (bomEncoding) {
    if (declared && !(declared === bomEncoding || (declared === 'utf-16' && bomEncoding.startsWith('utf-16')))) {
      return { ok: false, finding: syntax('SYNTAX-ENCODING', 'encodingBom', { declared: decl![1]!, bom: bomEncoding.toUpperCase() }) };
    }
    encoding = bomEncoding;
  } else {
    if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
      return { ok: false, finding: syntax('SYNTAX-ENCODING', 'encodingUtf16NoBom') };
    }
    if (declared === 'utf-16' || declared === 'utf-16le' || declared === 'utf-16be') {
      return { ok: false, finding: syntax('SYNTAX-ENCODING', 'encodingUtf16Declared', { declared: decl![1]! }) };
    }
    if (declared && !ENCODING_ALIASES[declared]) {
      return { ok: false, finding: syntax('SYNTAX-ENCODING', 'encodingUnsupported', { declared: decl![1]! }) };
    }
    encoding = declared ? ENCODING_ALIASES[declared] : 'utf-8';
  }
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes.subarray(start));
    return { ok: true, text, encoding };
  } catch {
    return {
      ok: false,
      finding: declared
        ? syntax('SYNTAX-ENCODING', 'encodingInvalidDeclared', { encoding: encoding.toUpperCase(), declared: decl![1]! })
        : syntax('SYNTAX-ENCODING', 'encodingInvalid', { encoding: encoding.toUpperCase() }),
    };
  }
}

/** A DOCTYPE before the root element (comments, PIs and whitespace skipped) is refused: no DTD, no entities. */
export function findDoctype(text: string): Finding | null {
  let i = 0;
  const n = Math.min(text.length, 1_000_000);
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  while (i < n) {
    while (i < n && /\s/.test(text[i])) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
      return syntax('SYNTAX-DOCTYPE', 'doctype', {}, lineAt(i));
    } else return null;
  }
  return null;
}

export type Parsed = { ok: true; doc: XmlDocument } | { ok: false; findings: Finding[] };

/** Parses the decoded text with libxml2: no DTD loading, no entity substitution, no network. */
export async function parseXml(text: string): Promise<Parsed> {
  const lx = await loadLibxml();
  // Parse from UTF-8 bytes whatever the declared encoding was (the text is already decoded).
  const utf8 = Buffer.from(text.replace(/^(<\?xml\s[^>]*?encoding\s*=\s*["'])[A-Za-z0-9._-]+(["'])/, '$1UTF-8$2'), 'utf8');
  try {
    const doc = lx.XmlDocument.fromBuffer(utf8, { option: lx.ParseOption.XML_PARSE_NONET });
    return { ok: true, doc };
  } catch (err) {
    const details = (err as { details?: { message: string; line: number; col: number }[] }).details;
    if (details?.length) {
      return {
        ok: false,
        findings: details.slice(0, 20).map((d) => syntax('SYNTAX-XML', 'notWellFormedAt', { detail: d.message.trim(), line: d.line, column: d.col }, d.line)),
      };
    }
    return { ok: false, findings: [syntax('SYNTAX-XML', 'notWellFormed', { detail: (err as Error).message })] };
  }
}
