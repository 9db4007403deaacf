/**
 * The Schematron semantics of the generated XSLT, on a small schema of our own compiled through the
 * real path (parse → generate XSLT → xslt3 → SEF → saxon-js): first matching rule per pattern, lets at
 * schema / pattern / rule level, assert vs report, flags, value-of and name in messages, locations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCompiled } from '../../schematron/build';
import type { RulePack } from '../../schematron/manifest';
import { parseSchematron, SchematronSyntaxError } from '../../schematron/parse';
import { parseForSaxon, runPack } from '../../validation/schematron-saxon';

const SCH = `<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://purl.oclc.org/dsdl/schematron" xmlns:u="utils" queryBinding="xslt2">
  <ns prefix="t" uri="urn:test"/>
  <ns prefix="xs" uri="http://www.w3.org/2001/XMLSchema"/>
  <let name="currency" value="/t:Doc/t:Currency"/>
  <function xmlns="http://www.w3.org/1999/XSL/Transform" name="u:twice" as="xs:decimal">
    <param name="v" as="xs:decimal"/>
    <sequence select="$v * 2"/>
  </function>
  <pattern id="first-rule-wins">
    <let name="lineCount" value="count(//t:Line)"/>
    <rule context="t:Line[@special = 'yes']">
      <assert id="R-SPECIAL" flag="warning" test="false()">special line <value-of select="@id"/></assert>
    </rule>
    <rule context="t:Line">
      <let name="amount" value="xs:decimal(t:Amount)"/>
      <assert id="R-AMOUNT" flag="fatal" test="$amount &gt;= 0">Line <value-of select="@id"/> amount <value-of select="$amount"/> is negative (<name/>, <value-of select="$lineCount"/> lines, <value-of select="$currency"/>)</assert>
      <report id="R-DOUBLE" flag="information" test="u:twice($amount) = 20">Line <value-of select="@id"/> doubled is 20</report>
    </rule>
  </pattern>
  <pattern id="second">
    <rule context="t:Line">
      <assert id="R-ID" flag="fatal" test="@id">A line has no id</assert>
    </rule>
  </pattern>
</schema>`;

const DOC = `<Doc xmlns="urn:test"><Currency>EUR</Currency>
<Line id="a"><Amount>10</Amount></Line>
<Line id="b" special="yes"><Amount>-5</Amount></Line>
<Line id="c"><Amount>-1.5</Amount></Line>
<Line><Amount>3</Amount></Line>
</Doc>`;

let dirs: { rulesDir: string; cacheDir: string };
const pack: RulePack = {
  id: 'test-semantics',
  version: '1',
  release: 'test',
  title: 'test',
  syntax: 'ubl',
  files: ['test.sch'],
  publishedOn: '2020-01-01',
  validFrom: '2020-01-01',
  validTo: null,
};

beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sch-semantics-'));
  dirs = { rulesDir: path.join(root, 'rules'), cacheDir: path.join(root, 'cache') };
  fs.mkdirSync(dirs.rulesDir);
  fs.writeFileSync(path.join(dirs.rulesDir, 'test.sch'), SCH);
});

test('first matching rule per pattern, lets, assert/report, flags, messages and locations', async () => {
  const built = await ensureCompiled(pack, dirs);
  expect(built.built).toBe(true);
  const findings = runPack(built.compiled, await parseForSaxon(DOC));
  const summary = findings.map((f) => `${f.ruleId} ${f.flag} ${f.location} | ${f.message}`);
  expect(summary).toEqual([
    'R-DOUBLE information /Doc[1]/Line[1] | Line a doubled is 20',
    // line b matches the special rule first: R-AMOUNT does not fire for it although its amount is negative
    'R-SPECIAL warning /Doc[1]/Line[2] | special line b',
    'R-AMOUNT fatal /Doc[1]/Line[3] | Line c amount -1.5 is negative (Line, 4 lines, EUR)',
    // the second pattern sees every line again
    'R-ID fatal /Doc[1]/Line[4] | A line has no id',
  ]);
  expect(findings.every((f) => f.pack === 'test-semantics@1' && f.source === 'schematron')).toBe(true);
  // Nothing changed: the cache answers without compiling.
  expect((await ensureCompiled(pack, dirs)).built).toBe(false);
});

test('constructs outside the supported subset are refused at compile time with the file and line', async () => {
  const bad = SCH.replace('<pattern id="second">', '<pattern id="second" abstract="true">');
  await expect(parseSchematron(Buffer.from(bad), 'bad.sch')).rejects.toThrow(SchematronSyntaxError);
  await expect(parseSchematron(Buffer.from(bad), 'bad.sch')).rejects.toThrow(/bad\.sch:\d+: abstract patterns are not supported/);
  const noId = SCH.replace('<assert id="R-ID" ', '<assert ');
  await expect(parseSchematron(Buffer.from(noId), 'noid.sch')).rejects.toThrow(/without @id/);
});
