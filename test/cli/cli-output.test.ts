/** The `einvoice` binary as a child process: stdout closed by its reader, `convert --peppol` checking what it wrote. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_BIN, runCli, type CliResult } from '../helpers/cli';

const bin = CLI_BIN;
const examples = path.resolve(__dirname, '../../../shared/examples');
const env = { ...process.env, NODE_OPTIONS: '' };

const run = (args: string[]): Promise<CliResult> => runCli(args, env);

/** Runs the binary with a stdout whose reader goes away at once (as `| head -1` does once it has its line). */
function runClosed(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-output-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.each([
  ['scenarios', ['scenarios', '--json']],
  ['scenarios (readable)', ['scenarios']],
  ['validate', ['validate', '--json', path.join(examples, 'peppol-billing/base-example.xml'), path.join(examples, 'peppol-billing/vat-category-E.xml')]],
  ['inspect', ['inspect', path.join(examples, 'en16931-cii/CII_example5.xml'), path.join(examples, 'peppol-billing/base-example.xml')]],
  ['convert', ['convert', '--to', 'ubl', path.join(examples, 'en16931-cii/CII_example5.xml')]],
  ['help', ['help']],
])('%s: a stdout closed by its reader (EPIPE) ends quietly', async (_name, args) => {
  const r = await runClosed(args as string[]);
  expect(r.stderr.replace(/^einvoice convert: .*\n( {2}.*\n)*/gm, '')).toBe('');
  expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  expect([r.code, r.signal]).toEqual([0, null]);
}, 60_000);

test('convert --peppol: a document with Peppol errors is written, its fatal findings are listed on stderr, exit 1', async () => {
  const out = path.join(tmp, 'peppol.xml');
  const r = await run(['convert', path.join(examples, 'en16931-cii/CII_example1.xml'), '--to', 'ubl', '--peppol', '-o', out]);
  expect(r.code).toBe(1);
  expect(fs.readFileSync(out, 'utf8')).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>');
  expect(r.stderr).toMatch(new RegExp(`einvoice convert: ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not pass Peppol BIS Billing 3\\.0 \\(peppol-bis-billing-ubl, reception date \\d{4}-\\d{2}-\\d{2}\\): \\d+ fatal finding\\(s\\)`));
  // No buyer reference nor purchase order reference, no electronic addresses.
  expect(r.stderr).toMatch(/^ {2}PEPPOL-EN16931-R003 {2}\/Invoice\[1\] {2}/m);
  expect(r.stderr).toMatch(/^ {2}PEPPOL-EN16931-R020 /m);
  const toStdout = await run(['convert', path.join(examples, 'en16931-cii/CII_example1.xml'), '--to', 'ubl', '--peppol']);
  expect(toStdout.code).toBe(1);
  expect(toStdout.stdout).toMatch(/^<\?xml/);
  expect(toStdout.stderr).toContain('the document written does not pass Peppol BIS Billing 3.0');
});

test('convert --peppol of a document that passes Peppol: exit 0, nothing about rules on stderr', async () => {
  const r = await run(['convert', path.join(examples, 'peppol-billing/base-example.xml'), '--to', 'ubl', '--peppol', '-o', path.join(tmp, 'ok.xml')]);
  expect([r.code, r.stderr]).toEqual([0, '']);
  // Without --peppol nothing is validated: an EN 16931 document is converted as such.
  const plain = await run(['convert', path.join(examples, 'en16931-cii/CII_example1.xml'), '--to', 'ubl', '-o', path.join(tmp, 'plain.xml')]);
  expect([plain.code, plain.stderr]).toEqual([0, '']);
});
