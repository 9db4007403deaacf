/**
 * Hostile input is normal input: every kind of bad document gets a clear fatal finding, never a crash,
 * never "valid"; and a phase that cannot run fails closed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validate } from '../../validation';
import { locatePack } from '../../schematron/build';
import { findPack } from '../../schematron/manifest';

const base = fs.readFileSync(path.resolve(__dirname, '../../../shared/examples/peppol-billing/base-example.xml'), 'utf8');

async function fatalRules(input: Buffer | string, opts = {}) {
  const report = await validate(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'), opts);
  expect(report.valid).toBe(false);
  const fatal = report.findings.filter((f) => f.flag === 'fatal');
  expect(fatal.length).toBeGreaterThan(0);
  for (const f of fatal) expect(f.message.length).toBeGreaterThan(10);
  return { report, ids: fatal.map((f) => f.ruleId) };
}

describe('bad input', () => {
  test('empty input and whitespace only', async () => {
    expect((await fatalRules(Buffer.alloc(0))).ids).toEqual(['SYNTAX-EMPTY']);
    expect((await fatalRules('  \n\t ')).ids).toEqual(['SYNTAX-EMPTY']);
  });

  test('not XML at all (a PDF, JSON)', async () => {
    const pdf = await fatalRules(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1'));
    expect(pdf.ids).toEqual(expect.arrayContaining(['SYNTAX-XML']));
    const json = await fatalRules('{"invoice": {"id": 1}}');
    expect(json.ids).toEqual(expect.arrayContaining(['SYNTAX-XML']));
  });

  test('truncated XML names the line', async () => {
    const { report, ids } = await fatalRules(base.slice(0, Math.floor(base.length / 2)));
    expect(ids[0]).toBe('SYNTAX-XML');
    expect(report.findings[0].line).toBeGreaterThan(1);
    expect(report.findings[0].message).toMatch(/not well-formed/);
  });

  test('DOCTYPE, billion laughs and external entities are refused before parsing', async () => {
    const bomb =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>\n<Invoice>&lol4;</Invoice>';
    const b = await fatalRules(bomb);
    expect(b.ids).toEqual(['SYNTAX-DOCTYPE']);
    expect(b.report.findings[0].line).toBe(2);
    const xxe = '<?xml version="1.0"?><!-- x --><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice>&xxe;</Invoice>';
    expect((await fatalRules(xxe)).ids).toEqual(['SYNTAX-DOCTYPE']);
    const inDoc = base.replace('<Invoice ', '<!DOCTYPE Invoice SYSTEM "http://example.invalid/x.dtd">\n<Invoice ');
    expect((await fatalRules(inDoc)).ids).toEqual(['SYNTAX-DOCTYPE']);
  });

  test('an undeclared entity reference is a well-formedness error, not an expansion', async () => {
    const { ids } = await fatalRules(base.replace('<cbc:ID>Snippet1</cbc:ID>', '<cbc:ID>&secret;</cbc:ID>'));
    expect(ids).toContain('SYNTAX-XML');
  });

  test('an encoding declaration that lies', async () => {
    // Declared UTF-16, bytes are 8-bit.
    const utf16 = await fatalRules(base.replace('encoding="UTF-8"', 'encoding="UTF-16"'));
    expect(utf16.ids).toEqual(['SYNTAX-ENCODING']);
    // Declared UTF-8, bytes are ISO-8859-1 (é = 0xE9 alone is not UTF-8).
    const latin1Bytes = Buffer.from(base.replace('SupplierOfficialName Ltd', 'Société Générale'), 'latin1');
    const l = await fatalRules(latin1Bytes);
    expect(l.ids).toEqual(['SYNTAX-ENCODING']);
    expect(l.report.findings[0].message).toMatch(/not valid UTF-8/);
    // A BOM that contradicts the declaration.
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(base, 'utf16le')]);
    expect((await fatalRules(Buffer.concat([bom.subarray(0, 2), Buffer.from(base.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'utf16le')]))).ids).toEqual(['SYNTAX-ENCODING']);
  });

  test('a truthful ISO-8859-1 document is read correctly', async () => {
    const text = base.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace('SupplierOfficialName Ltd', 'Société Générale');
    const report = await validate(Buffer.from(text, 'latin1'));
    expect(report.findings.filter((f) => f.flag === 'fatal')).toEqual([]);
    expect(report.valid).toBe(true);
  });

  test('a document over the size limit (50 MB) is refused without parsing', async () => {
    const huge = Buffer.concat([Buffer.from(base.replace('</Invoice>', '<!--')), Buffer.alloc(51 * 1024 * 1024, 0x20), Buffer.from('--></Invoice>')]);
    const t0 = Date.now();
    const { ids, report } = await fatalRules(huge);
    expect(ids).toEqual(['SYNTAX-SIZE']);
    expect(report.findings[0].message).toMatch(/52428800 bytes/);
    expect(Date.now() - t0).toBeLessThan(10_000); // refused, not parsed (a sanity bound, not a benchmark)
  });

  test('a root that is not an invoice, credit note, application response or report', async () => {
    const order = '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID>1</ID></Order>';
    const { ids, report } = await fatalRules(order);
    expect(ids).toEqual(['HUB-ROOT']);
    expect(report.findings[0].message).toMatch(/Order-2}Order.*not a document the hub accepts/);
    expect(report.scenario).toBeNull();
  });

  test('a specification identifier that matches nothing names what was found and what is accepted', async () => {
    const { ids, report } = await fatalRules(base.replace(/<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:example:not-a-standard<'));
    expect(ids).toEqual(['HUB-SPECIFICATION-ID']);
    expect(report.findings[0].message).toContain('urn:example:not-a-standard');
    expect(report.findings[0].message).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
  });

  test('a missing specification identifier', async () => {
    const { ids } = await fatalRules(base.replace(/<cbc:CustomizationID>[^<]*<\/cbc:CustomizationID>/, ''));
    expect(ids).toEqual(['HUB-SPECIFICATION-ID']);
  });

  test('an unknown scenario or a scenario for another root is a clear error', async () => {
    expect((await fatalRules(base, { scenario: 'nope' })).ids).toEqual(['HUB-SCENARIO-UNKNOWN']);
    expect((await fatalRules(base, { scenario: 'en16931-cii' })).ids).toEqual(['HUB-SCENARIO-ROOT']);
  });

  test('a malformed date option is refused', async () => {
    expect((await fatalRules(base, { date: '22/11/2026' })).ids).toEqual(['HUB-DATE']);
  });
});

describe('XSD and Schematron findings come together', () => {
  test('a schema violation and a business-rule violation are both reported', async () => {
    const text = base
      .replace('<cbc:DueDate>', '<cbc:Unexpected>x</cbc:Unexpected><cbc:DueDate>') // XSD: unexpected element
      .replace(/<cbc:PayableAmount currencyID="EUR">[^<]*</, '<cbc:PayableAmount currencyID="EUR">1.00<'); // BR-CO-16 and friends
    const report = await validate(Buffer.from(text));
    expect(report.valid).toBe(false);
    const sources = new Set(report.findings.filter((f) => f.flag === 'fatal').map((f) => f.source));
    expect(sources).toEqual(new Set(['xsd', 'schematron']));
    const xsd = report.findings.find((f) => f.source === 'xsd')!;
    expect(xsd.line).toBeGreaterThan(1);
    const br = report.findings.find((f) => f.ruleId === 'BR-CO-16')!;
    expect(br.flag).toBe('fatal');
    expect(br.location).toBe('/Invoice[1]/cac:LegalMonetaryTotal[1]');
    expect(br.pack).toBe('cen-en16931-ubl@1.3.16');
    expect(report.phases.map((p) => p.phase)).toEqual(expect.arrayContaining(['xsd', 'cen-en16931-ubl@1.3.16', 'peppol-bis-billing-3-ubl@2026.5']));
  });

  test('a finding on a nested element carries its XPath and line', async () => {
    const text = base.replace(/(<cac:AccountingSupplierParty>[\s\S]*?<cbc:EndpointID schemeID=")0088(")/, '$19999$2');
    const report = await validate(Buffer.from(text));
    const f = report.findings.find((x) => x.location.includes('AccountingSupplierParty') && x.flag === 'fatal');
    expect(f).toBeDefined();
    expect(f!.location).toMatch(/^\/Invoice\[1\]\/cac:AccountingSupplierParty\[1\]\/cac:Party\[1\]\/cbc:EndpointID\[1\]$/);
    const expectedLine = text.split('\n').findIndex((l) => l.includes('schemeID="9999"')) + 1;
    expect(f!.line).toBe(expectedLine);
  });
});

describe('fail closed', () => {
  const saved = { rules: process.env.EINVOICE_RULES_DIR, cache: process.env.EINVOICE_CACHE_DIR };
  afterEach(() => {
    for (const [k, v] of [['EINVOICE_RULES_DIR', saved.rules], ['EINVOICE_CACHE_DIR', saved.cache]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('a missing rule pack makes the report invalid and says which phase failed', async () => {
    process.env.EINVOICE_RULES_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'no-rules-'));
    const report = await validate(Buffer.from(base));
    expect(report.valid).toBe(false);
    const engine = report.findings.filter((f) => f.source === 'engine');
    expect(engine.map((f) => f.ruleId)).toEqual(['HUB-ENGINE-PACK', 'HUB-ENGINE-PACK']);
    expect(engine[0].message).toMatch(/cen-en16931-ubl@1.3.16 is not available/);
    expect(report.phases.filter((p) => !p.ran).length).toBe(2);
  });

  test('an engine error (a corrupt compiled SEF artefact of the saxon engine) makes the report invalid, never valid by omission', async () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-cache-'));
    process.env.EINVOICE_CACHE_DIR = cache;
    for (const [id, version] of [['cen-en16931-ubl', '1.3.16'], ['peppol-bis-billing-3-ubl', '2026.5']]) {
      fs.writeFileSync(locatePack(findPack(id, version)!, { rulesDir: process.env.EINVOICE_RULES_DIR ?? path.resolve(__dirname, '../../../shared/rules'), cacheDir: cache }).sefPath, '{"not": "a stylesheet"');
    }
    const report = await validate(Buffer.from(base), { engine: 'saxon' });
    expect(report.valid).toBe(false);
    expect(report.findings.filter((f) => f.ruleId === 'HUB-ENGINE-SCHEMATRON').length).toBe(2);
    expect(report.findings.filter((f) => f.source === 'schematron')).toEqual([]);
  });
});
