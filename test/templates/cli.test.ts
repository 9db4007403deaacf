import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command } from '../../cli/commands/render';
import { pdfText } from './coverage';
import { EXAMPLES_DIR } from './fixtures';

const UBL = path.join(EXAMPLES_DIR, 'en16931-ubl', 'ubl-tc434-example2.xml');
const CII = path.join(EXAMPLES_DIR, 'en16931-cii', 'CII_example5.xml');

describe('einvoice render', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-cli-render-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The real command line (bin/einvoice.js), as a user runs it. */
  function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'einvoice.js'), 'render', ...args], { encoding: 'utf8', cwd: dir, timeout: 50_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('writes the PDF in the chosen language, with BT codes on request; same command, same bytes', async () => {
    const a = path.join(dir, 'a.pdf');
    const b = path.join(dir, 'b.pdf');
    expect(await command.run([UBL, '-o', a, '--lang', 'de', '--bt-codes'])).toBe(0);
    expect(await command.run([UBL, '--bt-codes', '--lang=de', '--output', b])).toBe(0);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    const text = pdfText(fs.readFileSync(a));
    expect(text).toMatch(/^Rechnung/);
    expect(text).toMatch(/Rechnungsnummer BT-1\b/);
  });

  test('a file over EINVOICE_MAX_DOCUMENT_BYTES is refused (exit 2), as validate, inspect and convert refuse it', () => {
    const out = path.join(dir, 'big.pdf');
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'einvoice.js'), 'render', UBL, '-o', out], { encoding: 'utf8', cwd: dir, timeout: 50_000, env: { ...process.env, EINVOICE_MAX_DOCUMENT_BYTES: '1000' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('more than EINVOICE_MAX_DOCUMENT_BYTES (1000)');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('French by default; --id and --received fill the footer', async () => {
    const f = path.join(dir, 'c.pdf');
    expect(await command.run([CII, '-o', f, '--id', 'HUB-7', '--received', '2026-05-04T03:02:01Z'])).toBe(0);
    const text = pdfText(fs.readFileSync(f));
    expect(text).toMatch(/^Facture/);
    expect(text).toContain('Document HUB-7 · Reçu le 04/05/2026 03:02:01 UTC');
    expect(text).toContain('Validation: non effectuée');
  });

  test('the input XML is attached unless --without-source; --delivered-to is shown with the buyer', async () => {
    const f = path.join(dir, 's.pdf');
    expect(await command.run([UBL, '-o', f, '--lang', 'en', '--delivered-to', 'Ministry of Finance', '--delivered-to-id', '0240:LU-MFIN'])).toBe(0);
    expect(execFileSync('pdfdetach', ['-list', f], { encoding: 'utf8' })).toContain('1: ubl-tc434-example2.xml');
    expect(pdfText(fs.readFileSync(f))).toMatch(/Delivered by the hub to Ministry of Finance\s+0240:LU-MFIN/);
    const g = path.join(dir, 'n.pdf');
    expect(await command.run([UBL, '-o', g, '--without-source'])).toBe(0);
    expect(execFileSync('pdfdetach', ['-list', g], { encoding: 'utf8' })).toContain('0 embedded files');
    expect(await command.run([UBL, '-o', g, '--delivered-to-id', 'x'])).toBe(2);
  });

  test('--validate shows the rule packs and the outcome', async () => {
    const f = path.join(dir, 'v.pdf');
    const code = await command.run([path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'), '-o', f, '--validate', '--date', '2026-11-22', '--lang', 'en']);
    expect(code).toBe(0);
    const text = pdfText(fs.readFileSync(f));
    expect(text).toMatch(/Validation: valid, \d+ warnings?/);
    expect(text).toMatch(/peppol-bis-billing-3-ubl 2026\.5/);
  });

  test('through bin/einvoice.js: success message, usage and I/O errors exit 2 with a message', () => {
    const ok = cli([UBL, '-o', 'out.pdf', '--lang', 'en']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/out\.pdf: \d+ pages?, \d+ bytes/);
    expect(pdfText(fs.readFileSync(path.join(dir, 'out.pdf')))).toMatch(/^Invoice/);
    const cases: [string[], string][] = [
      [[UBL], '-o <out.pdf> is required'],
      [[UBL, '-o', 'x.pdf', '--lang', 'it'], '--lang must be fr, de or en'],
      [['missing.xml', '-o', 'x.pdf'], 'ENOENT'],
      [[path.join(EXAMPLES_DIR, 'peppol-mls', 'MessageLevelStatus_Example_AB.xml'), '-o', 'x.pdf'], 'not an invoice'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  });
});
