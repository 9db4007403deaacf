import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command as convert } from '../../cli/commands/convert';
import { command as inspect } from '../../cli/commands/inspect';
import { readInvoice } from '../../model/read';
import { examplesDir } from './helpers';

const cii = path.join(examplesDir, 'en16931-cii/CII_example5.xml');
const ubl = path.join(examplesDir, 'peppol-billing/base-example.xml');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-model-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function run(cmd: typeof inspect, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return { code: await cmd.run(argv), out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

test('inspect --json prints the canonical model, BT-keyed, one object per file', async () => {
  const r = await run(inspect, [cii, ubl, '--json']);
  expect(r.code).toBe(0);
  const [a, b] = r.out.trim().split('\n').map((l) => JSON.parse(l));
  expect(a.file).toBe(cii);
  expect(a.syntax).toBe('cii');
  expect(a.terms['BT-1']).toBe('TOSL110');
  expect(a.terms['BG-4']['BT-34']).toEqual({ value: 'info@selco.nl', scheme: 'EM' });
  expect(a.terms['BG-24'].find((d: { 'BT-125'?: unknown }) => d['BT-125'])['BT-125']).toEqual({ mimeCode: 'application/pdf', filename: 'EHF.pdf', size: expect.any(Number) });
  expect(a.unmapped.length).toBeGreaterThan(0);
  expect(b.syntax).toBe('ubl');
});

test('inspect without --json lists terms by name, kept-raw values and unmapped content', async () => {
  const r = await run(inspect, [cii]);
  expect(r.code).toBe(0);
  expect(r.out).toContain('CII invoice TOSL110 of 2013-04-10, SellerCompany → Buyercompany ltd');
  expect(r.out).toContain('    BT-27 Seller name: SellerCompany');
  expect(r.out).toContain('BT-34 Seller electronic address: info@selco.nl [scheme EM]');
  expect(r.out).toContain('not an EN 16931 term (5), kept as extension data:');
});

test('inspect exit codes: 1 for what is not an invoice, 2 for usage and missing files', async () => {
  const mls = path.join(examplesDir, 'peppol-mls/MessageLevelStatus_Example_AB.xml');
  const notInvoice = await run(inspect, [mls, '--json']);
  expect(notInvoice.code).toBe(1);
  expect(JSON.parse(notInvoice.out).error).toMatch(/not an invoice/);
  expect((await run(inspect, [])).code).toBe(2);
  expect((await run(inspect, ['--yaml', cii])).code).toBe(2);
  const missing = await run(inspect, [path.join(tmp, 'nope.xml')]);
  expect(missing.code).toBe(2);
  expect(missing.err).toContain('nope.xml');
});

test('convert --to ubl writes UBL carrying every term; unmapped content is listed on stderr', async () => {
  const out = path.join(tmp, 'converted.xml');
  const r = await run(convert, [cii, '--to', 'ubl', '-o', out]);
  expect(r.code).toBe(0);
  expect(r.err).toContain('5 item(s) carry no EN 16931 term and are not written');
  const written = readInvoice(fs.readFileSync(out));
  expect(written.syntax).toBe('ubl');
  expect(written.terms['BT-1']).toBe('TOSL110');
  expect(written.terms['BG-22']?.['BT-115']).toBe(readInvoice(fs.readFileSync(cii)).terms['BG-22']?.['BT-115']);
  const toStdout = await run(convert, [ubl, '--to=ubl']);
  expect(toStdout.code).toBe(0);
  expect(toStdout.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Invoice /);
});

test('convert keeps the source specification identifier unless --peppol', async () => {
  const cii1 = path.join(examplesDir, 'en16931-cii/CII_example1.xml');
  const kept = readInvoice((await run(convert, [cii1, '--to', 'ubl'])).out);
  expect(kept.terms['BG-2']).toEqual({ 'BT-24': 'urn:cen.eu:en16931:2017' });
  const peppol = readInvoice((await run(convert, [cii1, '--to', 'ubl', '--peppol'])).out);
  expect(peppol.terms['BG-2']).toEqual({ 'BT-23': 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0', 'BT-24': 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0' });
});

test('convert refuses what it cannot do', async () => {
  expect((await run(convert, [cii])).code).toBe(2);
  expect((await run(convert, [cii, '--to', 'cii'])).code).toBe(2);
  expect((await run(convert, [cii, ubl, '--to', 'ubl'])).code).toBe(2);
  const mls = await run(convert, [path.join(examplesDir, 'peppol-mls/MessageLevelStatus_Example_AB.xml'), '--to', 'ubl']);
  expect(mls.code).toBe(1);
  const bad = path.join(tmp, 'bad-amount.xml');
  fs.writeFileSync(bad, fs.readFileSync(ubl, 'utf8').replace(/(<cac:InvoiceLine>[\s\S]*?<cbc:LineExtensionAmount currencyID="EUR">)[^<]*/, '$1abc'));
  const r = await run(convert, [bad, '--to', 'ubl', '--compute-totals']);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/warning: BT-131 at \/Invoice\/cac:InvoiceLine\[\d\]\/cbc:LineExtensionAmount/);
  expect(r.err).toMatch(/line \d: net amount \(BT-131\) is not a decimal number: "abc"/);
});

test('the einvoice binary runs inspect end to end', () => {
  const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/einvoice.js'), 'inspect', ubl, '--json'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout).terms['BG-2']['BT-24']).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0');
});
