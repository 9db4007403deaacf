/**
 * Source lines of finding locations (validation/locate-lines.ts): every element of every official example
 * against an independent oracle (the document-order list of start tags found by a regular expression,
 * paired with the compiled engine's locations of the elements in document order), and the edge cases a
 * scanner can get wrong: markup inside comments, CDATA and attribute values, self-closing elements,
 * attribute locations, paths longer than the document, and lines beyond 65,535 (where libxml2's 16-bit
 * line numbers stop).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildTree, locationOf } from '../../schematron/compiled/tree';
import { linesOfLocations } from '../../validation/locate-lines';
import { validate } from '../../validation';

const examplesDir = path.resolve(__dirname, '../../../shared/examples');
const files = fs
  .readdirSync(examplesDir)
  .flatMap((folder) => fs.readdirSync(path.join(examplesDir, folder)).filter((f) => /\.xml$/i.test(f)).map((f) => path.join(examplesDir, folder, f)));

/** Line of each start tag, in document order, found without parsing (comments and CDATA removed first). */
function startTagLines(text: string): number[] {
  const blanked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g, (m) => m.replace(/[^\n]/g, ' '));
  const out: number[] = [];
  const re = /<[^/!?\s>]/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(blanked); m; m = re.exec(blanked)) {
    for (let k = blanked.indexOf('\n', last); k >= 0 && k < m.index; k = blanked.indexOf('\n', k + 1)) line++;
    last = m.index;
    out.push(line);
  }
  return out;
}

test('there are examples to check', () => {
  expect(files.length).toBeGreaterThan(50);
});

test.each(files.map((f) => [path.relative(examplesDir, f), f]))('every element of %s gets the line of its start tag', (_name, file) => {
  const text = fs.readFileSync(file, 'utf8');
  const doc = buildTree(text);
  const expected = startTagLines(text);
  expect(doc.elements.length).toBe(expected.length);
  const locations = doc.elements.map((e) => locationOf(e));
  const lines = linesOfLocations(text, locations);
  doc.elements.forEach((_e, k) => expect([locations[k], lines.get(locations[k])]).toEqual([locations[k], expected[k]]));
});

describe('edge cases', () => {
  const text = [
    '<?xml version="1.0"?>',
    '<!-- <a><b> in a comment -->',
    '<r xmlns:p="urn:p">',
    '  <p:a x="1 > 0" y=\'<b>\'/>',
    '  <![CDATA[ <p:a> ]]>',
    '  <?pi <p:a> ?>',
    '  <p:a',
    '     z="multi-line start tag">text</p:a>',
    '  <b><c/><c>two</c></b>',
    '</r>',
  ].join('\n');

  test('markup in comments, CDATA, processing instructions and attribute values is not counted', () => {
    const lines = linesOfLocations(text, ['/r[1]', '/r[1]/p:a[1]', '/r[1]/p:a[2]', '/r[1]/b[1]/c[2]']);
    expect(Object.fromEntries(lines)).toEqual({ '/r[1]': 3, '/r[1]/p:a[1]': 4, '/r[1]/p:a[2]': 7, '/r[1]/b[1]/c[2]': 9 });
  });

  test('an attribute or text location gets its element\'s line; a path beyond the document its deepest element', () => {
    const lines = linesOfLocations(text, ['/r[1]/p:a[1]/@x', '/r[1]/p:a[2]/node()', '/r[1]/b[1]/c[3]', '/r[1]/b[1]/c[1]/d[1]']);
    expect(Object.fromEntries(lines)).toEqual({ '/r[1]/p:a[1]/@x': 4, '/r[1]/p:a[2]/node()': 7, '/r[1]/b[1]/c[3]': 9, '/r[1]/b[1]/c[1]/d[1]': 9 });
  });

  test('locations that are not element paths, or name another root, have no line', () => {
    const lines = linesOfLocations(text, ['/', '/x[1]', "/*[local-name()='r']", '']);
    expect(lines.size).toBe(0);
  });

  test('lines beyond 65,535 are exact', () => {
    const big = `<r>\n${'<i>x</i>\n'.repeat(80_000)}<last/>\n</r>`;
    const lines = linesOfLocations(big, ['/r[1]/i[70000]', '/r[1]/last[1]']);
    expect(lines.get('/r[1]/i[70000]')).toBe(70_001);
    expect(lines.get('/r[1]/last[1]')).toBe(80_002);
  });
});

test('a validation report carries lines beyond 65,535', async () => {
  // A Peppol example with 70,000 blank lines in a comment and another currency code: the findings on
  // the amounts sit after line 65,535.
  const folder = path.join(examplesDir, 'peppol-billing');
  const base = fs.readFileSync(path.join(folder, fs.readdirSync(folder).filter((f) => f.endsWith('.xml')).sort()[0]), 'utf8');
  const padded = base.replace(/<cbc:DocumentCurrencyCode>[^<]*/, `<!--${'\n'.repeat(70_000)}-->\n<cbc:DocumentCurrencyCode>XXX`);
  const report = await validate(Buffer.from(padded));
  const doc = buildTree(padded);
  const tagLines = startTagLines(padded);
  const expected = new Map(doc.elements.map((e, k) => [locationOf(e), tagLines[k]]));
  const located = report.findings.filter((f) => f.source === 'schematron' && f.line !== undefined);
  expect(located.length).toBeGreaterThan(0);
  expect(located.some((f) => f.line! > 70_000)).toBe(true);
  for (const f of located) expect([f.location, f.line]).toEqual([f.location, expected.get(f.location.replace(/\/@[^/]+$/, ''))]);
});
