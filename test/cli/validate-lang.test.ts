/** `einvoice validate --lang fr|de|en`: the readable report in that language; `--json` always has `message` and `messages`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLES_DIR, runCli, type CliResult } from '../helpers/cli';

const examples = EXAMPLES_DIR;

const run = (args: string[]): Promise<CliResult> => runCli(args);

const EN = '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).';
const FR = 'Une facture doit avoir un code de devise de la facture (BT-5).';
const DE = 'Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.';

let tmp: string;
let file: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-lang-'));
  file = path.join(tmp, 'no-currency.xml');
  // the official Peppol base example without its invoice currency code (BT-5): BR-05
  const base = fs.readFileSync(path.join(examples, 'peppol-billing/base-example.xml'), 'utf8');
  fs.writeFileSync(file, base.replace(/\s*<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('--lang fr and --lang de: the findings in French and in German; default and --lang en: the official English', async () => {
  const fr = await run(['validate', '--lang', 'fr', file]);
  expect(fr.code).toBe(1);
  expect(fr.stdout).toContain(`${file}: NON VALIDE`);
  expect(fr.stdout).toMatch(/bloquant\s+BR-05 {2}ligne 2 {2}\/Invoice\[1\]/);
  expect(fr.stdout).toContain(FR);
  expect(fr.stdout).not.toContain(EN);
  const de = await run(['validate', '--lang', 'de', file]);
  expect(de.code).toBe(1);
  expect(de.stdout).toContain(`${file}: UNGÜLTIG`);
  expect(de.stdout).toMatch(/schwerwiegend\s+BR-05 {2}Zeile 2/);
  expect(de.stdout).toContain(DE);
  expect(de.stdout).not.toContain(EN);
  for (const args of [['validate', file], ['validate', '--lang', 'en', file]]) {
    const en = await run(args);
    expect(en.code).toBe(1);
    expect(en.stdout).toContain(`${file}: INVALID`);
    expect(en.stdout).toContain(`              ${EN}`);
    expect(en.stdout).not.toContain(FR);
  }
});

test('--json carries message (official English) and messages {fr, de}, whatever --lang', async () => {
  for (const lang of ['fr', 'de', 'en']) {
    const r = await run(['validate', '--json', '--lang', lang, file]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout.trim());
    const f = out.findings.find((x: { ruleId: string }) => x.ruleId === 'BR-05');
    expect(f).toMatchObject({ message: EN, messages: { fr: FR, de: DE }, pack: 'cen-en16931-ubl@1.3.16', source: 'schematron', line: 2 });
    for (const x of out.findings) expect(Object.keys(x.messages).sort()).toEqual(['de', 'fr']);
  }
});

test('the hub’s own findings too: a PDF is not XML, said in German', async () => {
  const pdf = path.join(tmp, 'x.pdf');
  fs.writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
  const r = await run(['validate', '--lang', 'de', pdf]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('Das Dokument ist kein XML');
  expect(r.stdout).toContain('(dem Anschein nach eine PDF-Datei)');
});

test('an unknown --lang is a usage error', async () => {
  const r = await run(['validate', '--lang', 'lb', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--lang must be fr, de or en, got "lb"');
  expect(r.stdout).toBe('');
});
