/**
 * The hostile inputs every ingest path is tried with (test/services/hostile-*.test.ts,
 * test/portal/hostile-*.test.ts, test/cli/hostile-*.test.ts; counts in docs/RELIABILITY.md): entity
 * expansion, external entities, XInclude, oversize, deep nesting, truncation, lying or UTF-16 encodings,
 * NUL bytes (in the business document and in the SBDH fields the hub stores), a ZIP bomb, malformed and
 * decompression-bomb PDFs. Each comes with what the hub must answer: a 4xx problem with nothing stored
 * (`refused`), or stored and then rejected by validation with findings (`rejected`, docs/DECISIONS.md
 * "What ingest refuses"), or stored with the hostile value cleaned (`accepted`) — never a 500, a
 * crash, a hang, a half-stored document or `validate_failed`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildPdf } from '../portal/pdf-builder';
import { sbdh as pipelineSbdh } from '../helpers/sbdh';

const UBL = 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2';
const BASE = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'shared', 'examples', 'peppol-billing', 'base-example.xml'), 'utf8');

/** The Peppol BIS base example with its invoice number replaced (as test/pipeline/helpers.ts `invoice`, without its imports: the CLI tests are unit tests). */
export function invoice(number: string): Buffer {
  return Buffer.from(BASE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`), 'utf8');
}

/** The payload in an SBDH addressed to the fixture directory's body (the pipeline helpers' envelope). */
export function sbdh(payload: Buffer, o: { sender?: string; receiver?: string; instanceId?: string; country?: string } = {}): Buffer {
  return pipelineSbdh(payload, { receiver: '9938:LU12345613', ...o });
}

/** `refused`: a 4xx problem, nothing stored; `rejected`: stored, then rejected by validation with findings; `accepted`: stored and taken on (a hostile value cleaned, or cut, on the way). */
export type Outcome = 'refused' | 'rejected' | 'accepted';

export interface Hostile {
  name: string;
  bytes: () => Buffer;
  /** What the upload API and the hand-off answer a bare document with. */
  api: Outcome;
}

/** Nesting depth of the deep document. */
export const DEPTH = 100_000;

/** A valid invoice's text with `f` applied (a UBL invoice the validator would otherwise pass). */
function edit(number: string, f: (s: string) => string): Buffer {
  return Buffer.from(f(invoice(number).toString('utf8')), 'utf8');
}

export function billionLaughs(): Buffer {
  const ents = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return Buffer.from(`<?xml version="1.0"?>\n<!DOCTYPE Invoice [\n${ents.join('\n')}\n]>\n<Invoice xmlns="${UBL}"><ID>&lol9;</ID></Invoice>\n`);
}

/** Every XML input, as a bare document. */
export const HOSTILE_XML: Hostile[] = [
  { name: 'DOCTYPE with nested entities (billion laughs)', bytes: billionLaughs, api: 'rejected' },
  {
    name: 'external entity (file:///etc/passwd)', api: 'rejected',
    bytes: () => edit('HOSTILE-XXE', (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<cbc:ID>HOSTILE-XXE</cbc:ID>', '<cbc:ID>&xxe;</cbc:ID>')),
  },
  {
    name: 'external parameter entity (http://127.0.0.1:9/x.dtd)', api: 'rejected',
    bytes: () => Buffer.from(`<?xml version="1.0"?>\n<!DOCTYPE Invoice [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>\n<Invoice xmlns="${UBL}"><ID>1</ID></Invoice>\n`),
  },
  {
    name: 'XInclude of a local file', api: 'rejected',
    bytes: () => edit('HOSTILE-XI', (s) => s.replace('<cbc:ID>HOSTILE-XI</cbc:ID>', '<cbc:ID>HOSTILE-XI</cbc:ID><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>')),
  },
  {
    name: `${DEPTH.toLocaleString('en')}-deep nesting`, api: 'rejected',
    bytes: () => Buffer.from(`<?xml version="1.0"?>\n<Invoice xmlns="${UBL}">${'<a>'.repeat(DEPTH)}${'</a>'.repeat(DEPTH)}</Invoice>\n`),
  },
  { name: 'truncated in the middle', api: 'rejected', bytes: () => { const b = invoice('HOSTILE-TRUNC'); return b.subarray(0, Math.floor(b.length / 2)); } },
  {
    name: 'encoding declared UTF-8, bytes ISO-8859-1', api: 'rejected',
    bytes: () => Buffer.from(invoice('HOSTILE-ENC').toString('utf8').replace('<cbc:ID>HOSTILE-ENC</cbc:ID>', '<cbc:ID>HOSTILE-ENC-é</cbc:ID>'), 'latin1'),
  },
  {
    name: 'encoding declared UTF-16, bytes 8-bit', api: 'rejected',
    bytes: () => edit('HOSTILE-ENC16', (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>')),
  },
  {
    name: 'UTF-16LE with BOM', api: 'refused',
    bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(edit('HOSTILE-U16', (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>')).toString('utf8'), 'utf16le')]),
  },
  {
    name: 'UTF-16BE with BOM', api: 'refused',
    bytes: () => { const le = Buffer.from(edit('HOSTILE-U16BE', (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>')).toString('utf8'), 'utf16le'); return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]); },
  },
  { name: 'UTF-16LE without BOM', api: 'refused', bytes: () => Buffer.from(edit('HOSTILE-U16N', (s) => s.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0" encoding="UTF-16"?>')).toString('utf8'), 'utf16le') },
  { name: 'NUL byte in the invoice number', api: 'rejected', bytes: () => edit('HOSTILE-NUL', (s) => s.replace('<cbc:ID>HOSTILE-NUL</cbc:ID>', '<cbc:ID>HOSTILE\u0000NUL</cbc:ID>')) },
  { name: 'NUL bytes in the seller VAT id and names', api: 'rejected', bytes: () => edit('HOSTILE-NUL2', (s) => s.replace(/<cbc:CompanyID>([^<]*)<\/cbc:CompanyID>/g, '<cbc:CompanyID>\u0000$1\u0000</cbc:CompanyID>').replace(/<cbc:RegistrationName>([^<]*)</g, '<cbc:RegistrationName>$1\u0000\u0000<')) },
  { name: 'character reference &#0;', api: 'rejected', bytes: () => edit('HOSTILE-NULREF', (s) => s.replace('<cbc:ID>HOSTILE-NULREF</cbc:ID>', '<cbc:ID>HOSTILE&#0;NULREF</cbc:ID>')) },
  { name: 'NUL byte before the root element', api: 'refused', bytes: () => Buffer.concat([Buffer.from([0]), invoice('HOSTILE-NUL0')]) },
  { name: 'NUL byte in the root element\'s namespace', api: 'rejected', bytes: () => Buffer.from(`<?xml version="1.0"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\u0000"><ID>1</ID></Invoice>\n`) },
  { name: 'invoice number of 100,000 characters', api: 'accepted', bytes: () => edit('HOSTILE-LONG', (s) => s.replace('<cbc:ID>HOSTILE-LONG</cbc:ID>', `<cbc:ID>${'N'.repeat(100_000)}</cbc:ID>`)) },
];

/** A ZIP archive (stored as such: one deflated entry of `size` zeros) — the classic ZIP bomb, small on the wire. */
export function zipBomb(size = 256 << 20): Buffer {
  const data = zlib.deflateRawSync(Buffer.alloc(size), { level: 9 });
  const name = Buffer.from('invoice.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(0, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size >>> 0, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(size >>> 0, 24); central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** A PDF whose embedded `factur-x.xml` inflates to `size` bytes (over any document limit). */
export function pdfBomb(size = 256 << 20): Buffer {
  return buildPdf({ files: [{ name: 'factur-x.xml', data: Buffer.alloc(0), raw: zlib.deflateSync(Buffer.concat([Buffer.from('<?xml version="1.0"?><Invoice>'), Buffer.alloc(size, 0x20)]), { level: 9 }) }] });
}

/** Binary (non-XML) inputs: what the upload API and hand-off refuse at once, and what the portal upload reads as a PDF. */
export const HOSTILE_BINARY: { name: string; bytes: () => Buffer }[] = [
  { name: 'ZIP bomb (256 MiB of zeros)', bytes: () => zipBomb() },
  { name: 'malformed PDF (header, then garbage)', bytes: () => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n5 0 obj << /Length 99999999 /Filter /FlateDecode >> stream\n\x00\x01\x02garbage', 'latin1')]) },
  { name: 'truncated PDF with an embedded invoice', bytes: () => { const p = buildPdf({ files: [{ name: 'factur-x.xml', data: invoice('HOSTILE-PDF-TRUNC') }] }); return p.subarray(0, Math.floor(p.length * 0.6)); } },
  { name: 'PDF decompression bomb (factur-x.xml inflating to 256 MiB)', bytes: () => pdfBomb() },
  { name: 'PDF whose embedded stream is not deflate data', bytes: () => buildPdf({ files: [{ name: 'factur-x.xml', data: Buffer.alloc(0), raw: Buffer.from('this is not deflate data at all') }] }) },
];

/** The hostile documents the SBDH itself can carry (the hand-off path): header fields the hub stores in the database. */
export const HOSTILE_SBDH: { name: string; bytes: () => Buffer; outcome: Outcome }[] = [
  { name: 'NUL bytes in the SBDH sender, receiver and instance identifier', outcome: 'accepted', bytes: () => sbdh(invoice('HOSTILE-SB-NUL'), { sender: '0088:\u0000123', receiver: '9938:LU\u000012345613', instanceId: `inst-\u0000-${Date.now()}`, country: 'L\u0000U' }) },
  { name: 'character references &#0; in the SBDH fields', outcome: 'refused', bytes: () => sbdh(invoice('HOSTILE-SB-REF'), { sender: '0088:&#0;123', instanceId: `inst-&#x0;-${Date.now()}` }) },
  {
    name: 'DOCTYPE before the SBDH, entities in its fields (billion laughs)', outcome: 'refused',
    bytes: () => {
      const e = billionLaughs().toString('utf8');
      const dtd = /<!DOCTYPE[\s\S]*?\]>/.exec(e)?.[0]?.replace('DOCTYPE Invoice', 'DOCTYPE StandardBusinessDocument') ?? '';
      return Buffer.from(sbdh(invoice('HOSTILE-SB-LOL'), { sender: '&lol9;', instanceId: '&lol9;' }).toString('utf8').replace(/^<\?xml[^>]*\?>/, `<?xml version="1.0" encoding="UTF-8"?>\n${dtd}`));
    },
  },
  { name: 'SBDH header nested 100,000 deep', outcome: 'refused', bytes: () => Buffer.from(sbdh(invoice('HOSTILE-SB-DEEP')).toString('utf8').replace('<HeaderVersion>1.0</HeaderVersion>', `<HeaderVersion>1.0</HeaderVersion>${'<x>'.repeat(DEPTH)}${'</x>'.repeat(DEPTH)}`)) },
  { name: 'SBDH instance identifier of 100,000 characters', outcome: 'refused', bytes: () => sbdh(invoice('HOSTILE-SB-LONG'), { instanceId: 'i'.repeat(100_000) }) },
  { name: 'SBDH cut inside its header', outcome: 'refused', bytes: () => { const b = sbdh(invoice('HOSTILE-SB-CUT')); return b.subarray(0, b.indexOf('</StandardBusinessDocumentHeader>') - 40); } },
  { name: 'SBDH with a 100,000-deep business document', outcome: 'rejected', bytes: () => sbdh(HOSTILE_XML.find((h) => h.name.includes('deep'))!.bytes()) },
  { name: 'SBDH around a billion-laughs payload', outcome: 'rejected', bytes: () => Buffer.from(sbdh(invoice('X')).toString('utf8').replace(/<Invoice[\s\S]*<\/Invoice>/, `<!DOCTYPE Invoice [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Invoice xmlns="${UBL}"><ID>&b;</ID></Invoice>`)) },
];

/** Bytes over the 50 MB default limit that start like an invoice (the limit is checked while streaming). */
export function oversize(bytes = 60 * 1024 * 1024): Buffer {
  const head = Buffer.from(`<?xml version="1.0"?><Invoice xmlns="${UBL}"><cbc:Note xmlns:cbc="x">`);
  const out = Buffer.alloc(bytes, 0x61);
  head.copy(out);
  return out;
}
