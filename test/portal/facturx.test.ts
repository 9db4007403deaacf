/**
 * The XML invoice embedded in a PDF (services/portal/facturx.ts): files attached by poppler's
 * `pdfattach` (no `/Type /EmbeddedFile`), the hub's own PDF with the XML attached, Factur-X-like hybrids
 * with and without compressed object streams; what is hostile or broken is refused with a reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readInvoice } from '../../model/read';
import { extractEmbeddedInvoice, FacturXError, readEmbeddedInvoice } from '../../core/portal/facturx';
import { renderPdf } from '../../templates';
import { buildPdf, type EmbeddedFileSpec } from './pdf-builder';

const examples = path.resolve(__dirname, '../../../shared/examples');
const cii = fs.readFileSync(path.join(examples, 'en16931-cii/CII_example1.xml'));
const ubl = fs.readFileSync(path.join(examples, 'peppol-billing/base-example.xml'));
const MAX = 10 << 20;
let tmp: string;
let hubPdf: Buffer;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facturx-'));
  hubPdf = await renderPdf(readInvoice(cii), { lang: 'fr' });
}, 60_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `pdfattach` (poppler) adds each file to the PDF, one run per file, as a user would. */
function pdfattach(pdf: Buffer, files: { name: string; data: Buffer }[]): Buffer {
  let current = path.join(tmp, `in-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(current, pdf);
  for (const f of files) {
    const dir = fs.mkdtempSync(path.join(tmp, 'att-'));
    fs.writeFileSync(path.join(dir, f.name), f.data);
    const out = path.join(dir, 'out.pdf');
    execFileSync('pdfattach', [current, path.join(dir, f.name), out], { stdio: ['ignore', 'ignore', 'pipe'] });
    current = out;
  }
  return fs.readFileSync(current);
}

/** What poppler lists as embedded files: the test PDFs are real PDFs for a real reader. */
function popplerList(pdf: Buffer): string[] {
  const file = path.join(tmp, `list-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').slice(1).filter(Boolean).map((l) => l.replace(/^\d+: /, ''));
}

function refusal(pdf: Buffer, max = MAX): FacturXError {
  try {
    readEmbeddedInvoice(pdf, max);
  } catch (e) {
    if (e instanceof FacturXError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('pdfattach (poppler): the embedded file stream has no /Type /EmbeddedFile', () => {
  test('the hub\'s PDF with a CII invoice attached as factur-x.xml', () => {
    const pdf = pdfattach(hubPdf, [{ name: 'factur-x.xml', data: cii }]);
    expect(pdf.toString('latin1')).not.toMatch(/\/Type\s*\/EmbeddedFile/);
    expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: cii, filename: 'factur-x.xml' });
    expect(extractEmbeddedInvoice(pdf, MAX)?.equals(cii)).toBe(true);
  });

  test.each([['zugferd-invoice.xml'], ['ZUGFeRD-invoice.xml'], ['xrechnung.xml'], ['rechnung-2026-17.xml']])('an invoice attached as %s', (name) => {
    const pdf = pdfattach(hubPdf, [{ name, data: ubl }]);
    expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: ubl, filename: name });
  });

  test('several attachments: the invoice is found among them, the Factur-X name preferred', () => {
    const pdf = pdfattach(hubPdf, [
      { name: 'timesheet.csv', data: Buffer.from('day;hours\n1;8\n') },
      { name: 'copy.xml', data: ubl },
      { name: 'factur-x.xml', data: cii },
    ]);
    expect(popplerList(pdf).sort()).toEqual(['copy.xml', 'factur-x.xml', 'timesheet.csv']);
    expect(readEmbeddedInvoice(pdf, MAX)?.filename).toBe('factur-x.xml');
    const onlyOther = pdfattach(hubPdf, [{ name: 'timesheet.csv', data: Buffer.from('x') }, { name: 'copy.xml', data: ubl }]);
    expect(readEmbeddedInvoice(onlyOther, MAX)).toEqual({ xml: ubl, filename: 'copy.xml' });
  });

  test('attached to a PDF with compressed object streams and a cross-reference stream', () => {
    const base = buildPdf({ files: [{ name: 'notes.csv', data: Buffer.from('a;b\n'), subtype: 'text/csv' }], objectStreams: true });
    const pdf = pdfattach(base, [{ name: 'factur-x.xml', data: cii }]);
    expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: cii, filename: 'factur-x.xml' });
  });

  test('only files that are not invoices: none', () => {
    const pdf = pdfattach(hubPdf, [{ name: 'timesheet.csv', data: Buffer.from('day;hours\n') }, { name: 'metadata.xml', data: Buffer.from('<?xml version="1.0"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/>') }]);
    expect(readEmbeddedInvoice(pdf, MAX)).toBeNull();
    expect(readEmbeddedInvoice(hubPdf, MAX)).toBeNull();
  });
});

test('the hub\'s own PDF with the original XML as an embedded associated file (AFRelationship Source)', async () => {
  const pdf = await renderPdf(readInvoice(cii), { lang: 'de', source: { bytes: cii, filename: 'invoice.xml' } });
  expect(popplerList(pdf)).toEqual(['invoice.xml']);
  expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: cii, filename: 'invoice.xml' });
}, 60_000);

describe('Factur-X-like hybrids', () => {
  const cases: [string, EmbeddedFileSpec, boolean][] = [
    ['factur-x.xml, Flate, /Type /EmbeddedFile', { name: 'factur-x.xml', data: cii }, false],
    ['factur-x.xml in a PDF with object streams', { name: 'factur-x.xml', data: cii }, true],
    ['zugferd-invoice.xml without /Type, object streams (the file specification only in the object stream)', { name: 'zugferd-invoice.xml', data: cii, typeKey: false }, true],
    ['xrechnung.xml (UBL), uncompressed', { name: 'xrechnung.xml', data: ubl, compress: false }, false],
    ['xrechnung.xml, uncompressed, object streams', { name: 'xrechnung.xml', data: ubl, compress: false, typeKey: false }, true],
    ['a specification that names the file in /F only', { name: 'ZUGFeRD-invoice.xml', data: cii, fOnly: true, typeKey: false }, false],
  ];
  test.each(cases)('%s', (_name, file, objectStreams) => {
    const pdf = buildPdf({ files: [{ name: 'logo.png', data: Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), subtype: 'image/png' }, file], objectStreams });
    expect(popplerList(pdf).sort()).toEqual([file.name, 'logo.png'].sort());
    expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: file.data, filename: file.name });
  });

  test('a file name in UTF-16 (as pdfattach writes /UF) and an XML declaration, BOM and comments before the root', () => {
    const xml = Buffer.concat([Buffer.from('\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- Factur-X 1.07 EN 16931 -->\n'), cii.subarray(cii.indexOf('<rsm:CrossIndustryInvoice'))]);
    const pdf = pdfattach(hubPdf, [{ name: 'factur-x.xml', data: xml }]);
    expect(pdf.toString('latin1')).toMatch(/\/UF\s*<feff/i);
    expect(readEmbeddedInvoice(pdf, MAX)?.xml.equals(xml)).toBe(true);
  });

  test('the existing simple form: a typed stream and no file specification', () => {
    const deflated = zlib.deflateSync(cii);
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n5 0 obj\n<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length ${deflated.length} >>\nstream\n`, 'latin1'),
      deflated,
      Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
    ]);
    expect(readEmbeddedInvoice(pdf, MAX)).toEqual({ xml: cii, filename: null });
  });

  test('an indirect /Length and a stream whose Length is wrong (the endstream keyword decides)', () => {
    const deflated = zlib.deflateSync(cii);
    const mk = (lengthEntry: string, extra = ''): Buffer =>
      Buffer.concat([
        Buffer.from(`%PDF-1.7\n${extra}5 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length ${lengthEntry} >>\nstream\r\n`, 'latin1'),
        deflated,
        Buffer.from('\r\nendstream\nendobj\n9 0 obj\n' + deflated.length + '\nendobj\n%%EOF\n', 'latin1'),
      ]);
    expect(readEmbeddedInvoice(mk('9 0 R'), MAX)?.xml.equals(cii)).toBe(true);
    expect(readEmbeddedInvoice(mk(String(deflated.length + 40)), MAX)?.xml.equals(cii)).toBe(true);
  });
});

describe('hostile or broken PDFs are refused with a reason', () => {
  test('a decompression bomb: over the limit once inflated, refused fast', () => {
    const bomb = Buffer.concat([Buffer.from('<?xml version="1.0"?><rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">'), Buffer.alloc(200 << 20, 0x20)]);
    const pdf = buildPdf({ files: [{ name: 'factur-x.xml', data: Buffer.alloc(0), raw: zlib.deflateSync(bomb, { level: 9 }) }] });
    expect(pdf.length).toBeLessThan(1 << 20);
    const started = Date.now();
    const e = refusal(pdf, 1 << 20);
    expect(Date.now() - started).toBeLessThan(5000);
    expect([e.code, e.message]).toEqual(['too-large', 'the embedded file factur-x.xml is larger than 1048576 bytes once decompressed']);
    expect(extractEmbeddedInvoice(pdf, 1 << 20)).toBeNull();
  });

  test('a damaged Flate stream, and a truncated one', () => {
    const damaged = Buffer.from(zlib.deflateSync(cii));
    damaged.fill(0xff, 20, 60);
    const e = refusal(buildPdf({ files: [{ name: 'factur-x.xml', data: cii, raw: damaged }] }));
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(/^the embedded file factur-x\.xml cannot be decompressed \(.+\)$/);
    const truncated = zlib.deflateSync(cii).subarray(0, 500);
    expect(refusal(buildPdf({ files: [{ name: 'factur-x.xml', data: cii, raw: truncated }] })).code).toBe('malformed');
  });

  test('a readable invoice next to a broken attachment is still found', () => {
    const pdf = buildPdf({ files: [{ name: 'broken.xml', data: cii, raw: Buffer.from('not flate data at all') }, { name: 'factur-x.xml', data: cii }] });
    expect(readEmbeddedInvoice(pdf, MAX)?.filename).toBe('factur-x.xml');
  });

  test('an encoding the hub does not decode', () => {
    const pdf = buildPdf({ files: [{ name: 'factur-x.xml', data: cii, compress: false }] }).toString('latin1').replace('/Subtype /text#2Fxml', '/Subtype /text#2Fxml /Filter /LZWDecode');
    const e = refusal(Buffer.from(pdf, 'latin1'));
    expect([e.code, e.message]).toEqual(['unsupported', 'the embedded file factur-x.xml is encoded with LZWDecode, which the hub does not decode (Factur-X uses FlateDecode)']);
  });

  test('an encrypted PDF', () => {
    for (const objectStreams of [false, true]) {
      const e = refusal(buildPdf({ files: [{ name: 'factur-x.xml', data: cii }], objectStreams, trailerExtra: '/Encrypt << /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >> ' }));
      expect([e.code, e.message]).toEqual(['encrypted', 'the PDF is encrypted: its embedded files cannot be read']);
    }
  });

  test('nesting without end, and an object stream bomb', () => {
    const deep = Buffer.from(`%PDF-1.7\n1 0 obj\n${'['.repeat(100_000)}\nendobj\n%%EOF\n`, 'latin1');
    expect(refusal(deep).code).toBe('too-complex');
    const objStm = zlib.deflateSync(Buffer.alloc(64 << 20, 0x20), { level: 9 });
    const bomb = Buffer.concat([Buffer.from(`%PDF-1.7\n7 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${objStm.length} >>\nstream\n`, 'latin1'), objStm, Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
    expect(refusal(bomb).message).toBe('an object stream of the PDF is larger than 8388608 bytes once decompressed');
  });

  test('too many objects', () => {
    const many = Buffer.from(`%PDF-1.7\n${Array.from({ length: 200_001 }, (_v, i) => `${i + 1} 0 obj null endobj\n`).join('')}%%EOF\n`, 'latin1');
    expect(refusal(many).code).toBe('too-complex');
  });

  test('garbage and a PDF without objects: no invoice, no crash', () => {
    expect(readEmbeddedInvoice(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), MAX)).toBeNull();
    expect(readEmbeddedInvoice(Buffer.from('%PDF-1.4\n1 0 obj << /EF << /F 2 0 R >> /UF (a.xml) >> endobj 2 0 obj << /Length 999999 >> stream\nabc'), MAX)).toBeNull();
    expect(readEmbeddedInvoice(Buffer.from('%PDF-1.4\n1 0 obj <</A (unterminated'), MAX)).toBeNull();
  });
});
