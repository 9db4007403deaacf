/**
 * The constructs the Peppol Reporting packs (TSR 1.0.5, EUSR 1.1.5) brought in, one by one, on small
 * schemas of our own: `xsl:key` with `key()`, and `xsl:text` in an embedded function. Each is parsed,
 * compiled by the compiled engine and run by both engines (the reference through the real path: XSLT →
 * xslt3 → SEF → saxon-js), which must agree finding by finding; what lies outside the supported subset
 * is refused when the pack is compiled. Also: the compiled-pack cache key follows every file of the
 * compiler.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCompiled } from '../../schematron/build';
import { fingerprintOf } from '../../schematron/compiled/cache';
import { compileSchema, runSchemaOnText } from '../../schematron/compiled/engine';
import { XPathCompileError } from '../../schematron/compiled/compile';
import type { RulePack } from '../../schematron/manifest';
import { parseSchematron, SchematronSyntaxError } from '../../schematron/parse';
import { parseForSaxon, runPack } from '../../validation/schematron-saxon';

const schema = (body: string, top = '') => `<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema" queryBinding="xslt2">
  <ns prefix="r" uri="urn:report"/>
  <ns prefix="f" uri="#functions"/>
  <xsl:function name="f:sv" as="xs:string">
    <xsl:param name="node"/>
    <xsl:choose>
      <xsl:when test="count($node) &gt;= 1"><xsl:value-of select="concat(normalize-space($node[1]/@scheme), '::', normalize-space($node[1]))"/></xsl:when>
      <xsl:otherwise><xsl:text></xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:function>
  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="x"/>
    <xsl:variable name="prefix"><xsl:text>key </xsl:text></xsl:variable>
    <xsl:sequence select="concat($prefix, $x)"/>
  </xsl:function>
  <xsl:key name="by-key" match="/r:Report/r:Sub[@type = 'A']" use="f:sv(r:Key)"/>
  <xsl:key name="by-count" match="/r:Report/r:Sub" use="r:Count"/>
  ${top}
  <pattern id="p">
    ${body}
  </pattern>
</schema>`;

const RULES = `
    <rule context="/r:Report/r:Sub[@type = 'A']">
      <assert id="UNIQUE" flag="fatal" test="every $k in (r:Key) satisfies count(key('by-key', f:sv($k))) = 1">duplicate <value-of select="f:label(f:sv(r:Key))"/></assert>
      <report id="EMPTY-KEY" flag="warning" test="f:sv(r:Key) = ''">no key, the function gave '<value-of select="f:sv(r:Key)"/>'</report>
    </rule>
    <rule context="/r:Report">
      <report id="SAME-COUNT" flag="information" test="count(key('by-count', '2')) &gt; 1">two subsets count 2: <value-of select="key('by-count', '2')/r:Key"/></report>
      <report id="NUMERIC-KEY" flag="information" test="exists(key('by-count', 2.0))">a numeric key value never equals an untyped one compared as a string</report>
      <assert id="NONE" flag="fatal" test="empty(key('by-key', 'nope'))">an unknown value finds nothing</assert>
    </rule>`;

const DOC = `<Report xmlns="urn:report">
  <Sub type="A"><Key scheme="x">one</Key><Count>1</Count></Sub>
  <Sub type="A"><Key scheme="x">two</Key><Count>2</Count></Sub>
  <Sub type="A"><Key scheme="x">one</Key><Count>9</Count></Sub>
  <Sub type="B"><Key scheme="x">two</Key><Count>2</Count></Sub>
  <Sub type="A"><Count>3</Count></Sub>
</Report>`;

const EXPECTED = [
  // The report element comes first in document order.
  'SAME-COUNT information /Report[1] | two subsets count 2: two two',
  'UNIQUE fatal /Report[1]/Sub[1] | duplicate key x::one',
  'UNIQUE fatal /Report[1]/Sub[3] | duplicate key x::one',
  // The xsl:otherwise branch: an empty xsl:text is the empty string (not an empty sequence, which as="xs:string" would refuse).
  "EMPTY-KEY warning /Report[1]/Sub[5] | no key, the function gave ''",
];

describe('parsing', () => {
  test('xsl:key and xsl:text in a function are read into the schema', async () => {
    const s = await parseSchematron(Buffer.from(schema(RULES)), 'keys.sch');
    expect(s.keys.map((k) => [k.name, k.match, k.use])).toEqual([
      ['by-key', "/r:Report/r:Sub[@type = 'A']", 'f:sv(r:Key)'],
      ['by-count', '/r:Report/r:Sub', 'r:Count'],
    ]);
    expect(s.keys[0].xml).toMatch(/^<xsl:key name="by-key"/);
    const sv = s.functions.find((f) => f.name === 'f:sv')!;
    expect(sv.body).toEqual([
      {
        kind: 'choose',
        whens: [{ test: 'count($node) >= 1', body: [{ kind: 'value-of', select: "concat(normalize-space($node[1]/@scheme), '::', normalize-space($node[1]))" }] }],
        otherwise: [{ kind: 'text', text: '' }],
      },
    ]);
    expect(s.functions.find((f) => f.name === 'f:label')!.body[0]).toMatchObject({ kind: 'variable', name: 'prefix', body: [{ kind: 'text', text: 'key ' }] });
  });

  test.each([
    ['a collation', '<xsl:key name="k" match="r:Sub" use="r:Key" collation="http://www.w3.org/2005/xpath-functions/collation/codepoint"/>', /xsl:key with @collation is outside the supported subset/],
    ['a sequence constructor instead of @use', '<xsl:key name="k" match="r:Sub"><xsl:sequence select="r:Key"/></xsl:key>', /xsl:key with a sequence constructor/],
    ['no @use', '<xsl:key name="k" match="r:Sub"/>', /<key> lacks @use/],
    ['a second declaration of one name', '<xsl:key name="by-key" match="r:Sub" use="r:Key"/>', /xsl:key "by-key" is declared twice/],
  ])('an xsl:key with %s is refused with file and line', async (_what, decl, msg) => {
    const p = parseSchematron(Buffer.from(schema(RULES, decl)), 'bad.sch');
    await expect(p).rejects.toThrow(SchematronSyntaxError);
    await expect(parseSchematron(Buffer.from(schema(RULES, decl)), 'bad.sch')).rejects.toThrow(msg);
  });

  test('xsl:text with disable-output-escaping is refused', async () => {
    const bad = schema(RULES).replace('<xsl:text></xsl:text>', '<xsl:text disable-output-escaping="yes">&lt;</xsl:text>');
    await expect(parseSchematron(Buffer.from(bad), 'bad.sch')).rejects.toThrow(/bad\.sch:\d+: xsl:text with disable-output-escaping/);
  });
});

describe('compiled engine', () => {
  test('key(): lookup by value, nodes in document order, string/number comparison; xsl:text in functions', async () => {
    const compiled = compileSchema(await parseSchematron(Buffer.from(schema(RULES)), 'keys.sch'));
    const got = runSchemaOnText(compiled, DOC).map((f) => `${f.id} ${f.flag} ${f.location} | ${f.message}`);
    expect(got).toEqual(EXPECTED);
  });

  test('the key index is per document: a second document sees its own nodes', async () => {
    const compiled = compileSchema(await parseSchematron(Buffer.from(schema(RULES)), 'keys.sch'));
    runSchemaOnText(compiled, DOC);
    const other = `<Report xmlns="urn:report"><Sub type="A"><Key scheme="x">one</Key><Count>2</Count></Sub></Report>`;
    expect(runSchemaOnText(compiled, other).map((f) => f.id)).toEqual([]);
  });

  test.each([
    ['an undeclared key', "key('nope', 'x')", /no xsl:key of that name is declared/],
    ['a computed key name', "key(concat('by-', 'key'), 'x')", /computed key name/],
    ['the third argument', "key('by-key', 'x', /)", /key\(\) with 3 argument\(s\)/],
    // Several values: XSLT gives their union in document order, saxon-js 2.7 the nodes value by value with
    // duplicates (key('k', ('9', '1')) → the 9 first), so the engines would disagree: refused.
    ['a sequence of values', "key('by-count', ('9', '1'))", /not statically one atomic value/],
    ['a path as value (any number of values)', "key('by-count', r:Sub/r:Count)", /not statically one atomic value/],
    ['a function without a declared single type', "key('by-count', f:untyped(.))", /not statically one atomic value/],
  ])('%s is refused at compile time', async (_what, expr, msg) => {
    const body = `<rule context="/r:Report"><assert id="X" test="exists(${expr})">x</assert></rule>`;
    const untyped = '<xsl:function name="f:untyped"><xsl:param name="n"/><xsl:sequence select="$n/r:Sub/r:Count"/></xsl:function>';
    const s = await parseSchematron(Buffer.from(schema(body, untyped)), 'refuse.sch');
    expect(() => compileSchema(s)).toThrow(XPathCompileError);
    expect(() => compileSchema(s)).toThrow(msg);
  });

  test('a key over attributes is refused at compile time (the engine indexes elements only)', async () => {
    const s = await parseSchematron(Buffer.from(schema(RULES, '<xsl:key name="attrs" match="r:Sub/@type" use="."/>')), 'attr.sch');
    expect(() => compileSchema(s)).toThrow(/xsl:key "attrs".*selects no elements/);
  });

  test('key() without a node as context item is a dynamic error (XTDE1270), so the pack fails closed', async () => {
    const top = `<xsl:function name="f:lookup" as="xs:integer"><xsl:param name="v"/><xsl:sequence select="count(key('by-key', 'x::one'))"/></xsl:function>`;
    const body = `<rule context="/r:Report"><assert id="X" test="f:lookup('x::one') = 2">x</assert></rule>`;
    const compiled = compileSchema(await parseSchematron(Buffer.from(schema(body, top)), 'ctx.sch'));
    expect(() => runSchemaOnText(compiled, DOC)).toThrow(/XTDE1270/);
  });
});

describe('both engines', () => {
  let dirs: { rulesDir: string; cacheDir: string };
  const pack: RulePack = {
    id: 'test-keys',
    version: '1',
    release: 'test',
    title: 'test',
    syntax: 'peppol-tsr',
    files: ['keys.sch'],
    publishedOn: '2020-01-01',
    validFrom: '2020-01-01',
    validTo: null,
  };

  beforeAll(() => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sch-keys-'));
    dirs = { rulesDir: path.join(root, 'rules'), cacheDir: path.join(root, 'cache') };
    fs.mkdirSync(dirs.rulesDir);
    fs.writeFileSync(path.join(dirs.rulesDir, 'keys.sch'), schema(RULES));
  });

  test('the reference (saxon-js) gives the same findings as the compiled engine', async () => {
    const built = await ensureCompiled(pack, dirs);
    const xslt = fs.readFileSync(built.compiled.xsltPath, 'utf8');
    // The keys are copied verbatim into the stylesheet.
    expect(xslt).toContain('<xsl:key name="by-key"');
    const got = runPack(built.compiled, await parseForSaxon(DOC)).map((f) => `${f.ruleId} ${f.flag} ${f.location} | ${f.message}`);
    expect(got).toEqual(EXPECTED);
  }, 120_000);
});

describe('compiled-pack cache key', () => {
  test('changes when any file of the compiler changes or a new one is added, not otherwise', () => {
    const src = path.resolve(__dirname, '../../schematron');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sch-fingerprint-'));
    fs.mkdirSync(path.join(root, 'compiled'));
    fs.copyFileSync(path.join(src, 'parse.ts'), path.join(root, 'parse.ts'));
    for (const f of fs.readdirSync(path.join(src, 'compiled'))) fs.copyFileSync(path.join(src, 'compiled', f), path.join(root, 'compiled', f));
    const dir = path.join(root, 'compiled');
    const a = fingerprintOf(dir);
    expect(fingerprintOf(dir)).toBe(a);
    expect(fingerprintOf(path.join(src, 'compiled'))).toBe(a);
    fs.appendFileSync(path.join(dir, 'compile.ts'), '\n// changed\n');
    const b = fingerprintOf(dir);
    expect(b).not.toBe(a);
    fs.writeFileSync(path.join(dir, 'keys.ts'), 'export const x = 1;\n');
    const c = fingerprintOf(dir);
    expect(c).not.toBe(b);
    fs.appendFileSync(path.join(root, 'parse.ts'), '\n// changed\n');
    expect(fingerprintOf(dir)).not.toBe(c);
  });
});
