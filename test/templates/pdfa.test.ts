/**
 * The PDF/A-3b structure of the standardised PDF, and the received XML embedded in it, as far as the
 * tools on this machine can check (no PDF/A validator is installable here: see docs/DECISIONS.md):
 * qpdf --check (syntax, streams), qpdf --json (the objects), pdfinfo, pdffonts (every font embedded,
 * subset, with a ToUnicode map), pdfdetach (the attachment, byte for byte), the XMP packet parsed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { readInvoice } from '../../model/read';
import { renderPdf } from '../../templates';
import { TrueTypeFont } from '../../templates/pdf/font';
import { EXAMPLES_DIR } from './fixtures';

const XML = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'));
const OPTS = { lang: 'fr' as const, documentId: 'HUB-1 & <2>', receivedAt: '2026-11-22T10:00:00.250Z', source: { bytes: XML, filename: 'base-example.xml' } };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-pdfa-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(pdf: Buffer, name = 'doc.pdf'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
}

type Obj = Record<string, unknown>;
/** Every object of the file by qpdf (`obj:N 0 R` → dictionary or stream dictionary), and the trailer. */
function objects(file: string): { objs: Map<string, Obj>; trailer: Obj } {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=none', file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { qpdf: [unknown, Record<string, { value?: Obj; stream?: { dict: Obj } }>] };
  const objs = new Map<string, Obj>();
  for (const [k, v] of Object.entries(json.qpdf[1])) if (k.startsWith('obj:')) objs.set(k.slice(4), (v.value ?? v.stream?.dict ?? {}) as Obj);
  return { objs, trailer: json.qpdf[1].trailer.value as Obj };
}

describe('PDF/A-3b structure', () => {
  test('syntax, version, metadata, fonts, output intent, no encryption', async () => {
    const pdf = await renderPdf(readInvoice(XML), OPTS);
    const file = write(pdf);
    // header: version 1.7 and a comment with four bytes above 127 (ISO 19005-3 6.1.2)
    expect(pdf.subarray(0, 9).toString('latin1')).toBe('%PDF-1.7\n');
    expect([...pdf.subarray(10, 14)].every((b) => b > 127)).toBe(true);
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Metadata Stream:\s+yes/);
    expect(info).toMatch(/Encrypted:\s+no/);
    expect(info).toMatch(/JavaScript:\s+no/);
    expect(info).toMatch(/Title:\s+Facture Snippet1/);
    // every font embedded, as a subset, with a ToUnicode map
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBe(2);
    for (const f of fonts) expect(f).toMatch(/^[A-Z]{6}\+Roboto-\w+\s+CID TrueType\s+Identity-H\s+yes yes yes/);

    const { objs, trailer } = objects(file);
    expect(trailer['/Encrypt']).toBeUndefined();
    expect(Array.isArray(trailer['/ID'])).toBe(true);
    const catalog = objs.get(trailer['/Root'] as string) ?? {};
    expect(catalog['/Type']).toBe('/Catalog');
    expect(catalog['/Lang']).toBe('u:fr');
    // sRGB output intent with an embedded ICC profile
    const [intentRef] = catalog['/OutputIntents'] as string[];
    const intent = objs.get(intentRef) as Obj;
    expect(intent).toMatchObject({ '/S': '/GTS_PDFA1', '/OutputConditionIdentifier': 'u:sRGB IEC61966-2.1' });
    expect(objs.get(intent['/DestOutputProfile'] as string)).toMatchObject({ '/N': 3 });
    // the XMP stream: uncompressed, only the keys it should have
    expect(Object.keys(objs.get(catalog['/Metadata'] as string) ?? {}).sort()).toEqual(['/Length', '/Subtype', '/Type']);
    // no font program missing; no standard font left by pdfkit
    for (const o of objs.values()) {
      if (o['/Type'] === '/FontDescriptor') expect(o['/FontFile2']).toBeDefined();
      if (o['/Type'] === '/Font' && o['/Subtype'] !== '/Type0') expect(o['/Subtype']).toBe('/CIDFontType2');
    }
    expect(pdf.toString('latin1')).not.toContain('Helvetica');
  });

  test('the XMP packet: pdfaid part 3, conformance B, and the same title, author, subject and dates as the information dictionary', async () => {
    const pdf = await renderPdf(readInvoice(XML), OPTS);
    const s = pdf.toString('latin1');
    const packet = /<\?xpacket begin[\s\S]*?<\?xpacket end="w"\?>/.exec(s);
    expect(packet).not.toBeNull();
    const xmp = Buffer.from((packet as RegExpExecArray)[0], 'latin1').toString('utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, removeNSPrefix: false }).parse(xmp) as Record<string, unknown>; // well-formed XML (the document id has & and <)
    expect(parsed['x:xmpmeta']).toBeDefined();
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<xmp:CreateDate>2026-11-22T10:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<xmp:ModifyDate>2026-11-22T10:00:00Z</xmp:ModifyDate>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">HUB-1 &amp; &lt;2&gt;</rdf:li>');
    expect(xmp).toContain('<pdf:Producer>e-Invoicing Hub (pdfkit)</pdf:Producer>');
    // the information dictionary says the same
    expect(s).toContain('/CreationDate (D:20261122100000Z)');
    expect(s).toContain('/ModDate (D:20261122100000Z)');
    const info = execFileSync('pdfinfo', [write(pdf, 'xmp.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Subject:\s+HUB-1 & <2>/);
  });
});

describe('the embedded font programs', () => {
  test('parse as TrueType with a correct whole-font checksum, and the /W widths are those of the font program (ISO 19005-3 6.2.11.5)', async () => {
    const text = 'Ünïcödé ΕΛΛΗΝΙΚΆ кириллица 中文 😀 ﬁ 1\u00a0234,56 – “x” é è ê ë ç';
    const pdf = await renderPdf(readInvoice(XML.toString('utf8').replace('<cbc:Note>', `<cbc:Note>${text} `)), OPTS);
    write(pdf, 'fonts.pdf');
    const s = pdf.toString('latin1');
    // pdfkit writes direct /Length values: a stream's bytes, inflated
    const stream = (n: string): Buffer => {
      const head = new RegExp(`\\n${n} 0 obj\\n([\\s\\S]*?)stream\\n`).exec(s) as RegExpExecArray;
      const len = Number(/\/Length (\d+)/.exec(head[1])?.[1]);
      const start = head.index + head[0].length;
      const bytes = pdf.subarray(start, start + len);
      return head[1].includes('/FlateDecode') ? zlib.inflateSync(bytes) : bytes;
    };
    const cidFonts = [...s.matchAll(/\n\d+ 0 obj\n<<\n\/Type \/Font\n\/Subtype \/CIDFontType2\n([\s\S]*?)\nendobj/g)].map((m) => [
      m[0],
      /\/CIDToGIDMap (\d+) 0 R/.exec(m[1])?.[1] ?? '',
      /\/FontDescriptor (\d+) 0 R/.exec(m[1])?.[1] ?? '',
      /\/W \[\s*1\s*\[([\d\s]*)\]/.exec(m[1])?.[1] ?? '',
    ]);
    for (const [, mapRef, descRef, widths] of cidFonts) {
      const desc = new RegExp(`\\n${descRef} 0 obj\\n[\\s\\S]*?/FontFile2 (\\d+) 0 R`).exec(s) as RegExpExecArray;
      const program = stream(desc[1]);
      let sum = 0;
      const padded = Buffer.concat([program, Buffer.alloc((4 - (program.length % 4)) % 4)]);
      for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
      expect(sum).toBe(0xb1b0afba);
      const font = new TrueTypeFont(program);
      const map = stream(mapRef);
      const w = widths.trim().split(/\s+/).map(Number);
      expect(map.length / 2 - 1).toBe(w.length);
      w.forEach((width, i) => {
        const gid = map.readUInt16BE((i + 1) * 2);
        expect(gid).toBeGreaterThan(0); // never .notdef
        expect(Math.abs(width - font.glyphWidth(gid))).toBeLessThanOrEqual(1);
      });
    }
    // characters Roboto lacks keep their code points in the text layer
    expect(execFileSync('pdftotext', ['-raw', path.join(dir, 'fonts.pdf'), '-'], { encoding: 'utf8' })).toContain('中文 😀');
  });
});

describe('the received XML inside the PDF', () => {
  test('embedded as the source: AFRelationship /Source, in the catalog /AF and the EmbeddedFiles name tree, bytes unchanged', async () => {
    const pdf = await renderPdf(readInvoice(XML), OPTS);
    const file = write(pdf, 'att.pdf');
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain('1: base-example.xml');
    const out = path.join(dir, 'out.xml');
    execFileSync('pdfdetach', ['-save', '1', '-o', out, file]);
    expect(fs.readFileSync(out).equals(XML)).toBe(true);
    const { objs, trailer } = objects(file);
    const catalog = objs.get(trailer['/Root'] as string) as Obj;
    const af = catalog['/AF'] as string[];
    expect(af).toHaveLength(1);
    const spec = objs.get(af[0]) as Obj;
    expect(spec).toMatchObject({ '/Type': '/Filespec', '/AFRelationship': '/Source', '/F': 'u:base-example.xml', '/UF': 'u:base-example.xml' });
    const ef = objs.get((spec['/EF'] as Obj)['/F'] as string) as Obj;
    expect(ef).toMatchObject({ '/Type': '/EmbeddedFile', '/Subtype': '/application/xml' });
    expect((ef['/Params'] as Obj)['/ModDate']).toBe('u:D:20261122100000Z');
    expect((ef['/Params'] as Obj)['/Size']).toBe(XML.length);
    const names = objs.get(catalog['/Names'] as string) as Obj;
    expect(names['/EmbeddedFiles']).toBeDefined();
    // the final section says so, with the file's SHA-256
    expect(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })).toMatch(/base-example\.xml · application\/xml · [\d\s\u00a0]+octets · SHA-256 [0-9a-f]{64}/);
  });

  test('without a source nothing is attached; a source of the wrong shape is ignored', async () => {
    const model = readInvoice(XML);
    expect(execFileSync('pdfdetach', ['-list', write(await renderPdf(model, { lang: 'en' }), 'none.pdf')], { encoding: 'utf8' })).toContain('0 embedded files');
    const odd = await renderPdf(model, { lang: 'en', source: { bytes: 'not a buffer', filename: 7 } as never });
    expect(execFileSync('pdfdetach', ['-list', write(odd, 'odd.pdf')], { encoding: 'utf8' })).toContain('0 embedded files');
  });

  test('same XML and options, same bytes (with the attachment)', async () => {
    const a = await renderPdf(readInvoice(XML), OPTS);
    const b = await renderPdf(readInvoice(XML), OPTS);
    expect(a.equals(b)).toBe(true);
  });
});
