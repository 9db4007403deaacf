/**
 * `einvoice validate` on every hostile input of test/services/hostile-inputs.ts, through the real
 * command line (one process per file): exit 1 (invalid) with the findings that say why, or 2 (an
 * envelope or a file it cannot read) with a message — never a crash (signal, stack trace, out of
 * memory), a hang (each within 60 s) or a "valid" for a document that is not. Two inputs are valid
 * documents and say so with exit 0: an invoice in UTF-16 with a byte order mark (XML allows it; the
 * hub's ingest refuses it with 400 unsupported-encoding), an invoice number of 100,000 characters, and a
 * valid invoice in an SBDH whose fields carry NUL bytes (the envelope is opened, its values cleaned,
 * the invoice inside is what is validated — as the hub does).
 *
 * `inspect`, `convert --to ubl` and `render` on the same files: a file the model reader cannot read is
 * exit 1 (`inspect`, `convert`) or 2 (`render`, and a file over the size limit) with a message naming
 * the file; never a crash or a hang either. The model reader is not the validator: it reads what is
 * close enough to an invoice (an unknown element such as `xi:include` is reported as unmapped, never
 * fetched; bytes that are not UTF-8 become U+FFFD; NUL bytes and `&#0;` are kept or replaced; a DOCTYPE
 * inside an SBDH's payload is not expanded), so those files are inspected and rendered with exit 0 —
 * `validate` says INVALID for them. `convert` does not write a document carrying a character XML
 * forbids (a NUL byte): exit 1, nothing written.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOSTILE_BINARY, HOSTILE_SBDH, HOSTILE_XML, oversize } from '../services/hostile-inputs';

jest.setTimeout(900_000);

const bin = path.resolve(__dirname, '../../bin/einvoice.js');
let tmp: string;

function run(args: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: string | null }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-hostile-'));
  cases.forEach((c, i) => fs.writeFileSync(path.join(tmp, `hostile-${i}.xml`), c.bytes()));
});
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

/** What the CLI answers each input with: the exit code, and a word its output must contain. */
const VALID = new Set(['UTF-16LE with BOM', 'UTF-16BE with BOM', 'invoice number of 100,000 characters', 'NUL bytes in the SBDH sender, receiver and instance identifier']);
const cases: { name: string; bytes: () => Buffer }[] = [
  ...HOSTILE_XML,
  ...HOSTILE_SBDH,
  ...HOSTILE_BINARY,
  { name: '60 MB document (limit 50 MB)', bytes: () => oversize() },
];
const results: { name: string; code: number | null }[] = [];

test.each(cases.map((c, i) => [c.name, i] as const))('%s', async (name, i) => {
  const file = path.join(tmp, `hostile-${i}.xml`);
  const r = await run(['validate', file]);
  results.push({ name, code: r.code });
  const out = r.stdout + r.stderr;
  expect([name, r.signal]).toEqual([name, null]);
  expect(out).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|FATAL ERROR|heap out of memory|Maximum call stack/);
  if (VALID.has(name)) {
    expect([name, r.code]).toEqual([name, 0]);
    expect(r.stdout).toContain(': valid');
    return;
  }
  expect([name, r.code === 1 || r.code === 2]).toEqual([name, true]);
  if (r.code === 1) expect(r.stdout).toMatch(/INVALID[\s\S]*fatal\s+\S+/);
  else expect(r.stderr.trim().length).toBeGreaterThan(0);
});

test('the JSON output says the same for every input, one line each', async () => {
  const files = cases.map((c, i) => path.join(tmp, `hostile-${i}.xml`)).filter((f) => fs.existsSync(f));
  const r = await run(['validate', '--json', ...files]);
  expect(r.signal).toBeNull();
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; valid?: boolean; error?: string });
  expect(lines).toHaveLength(files.length);
  const counts = { valid: 0, invalid: 0, error: 0 };
  for (const l of lines) counts[l.error !== undefined ? 'error' : l.valid ? 'valid' : 'invalid']++;
  expect(counts.valid).toBe(VALID.size);
  expect([1, 2]).toContain(r.code);
  process.stdout.write(`hostile CLI: ${files.length} tried, ${counts.invalid} invalid (exit 1), ${counts.error} unreadable (exit 2), ${counts.valid} valid documents (exit 0), 0 crashes\n`);
});

/** The files the model reader reads (see the header): `inspect` and `render` exit 0 for them. */
const READABLE = new Set([
  'XInclude of a local file', 'encoding declared UTF-8, bytes ISO-8859-1', 'UTF-16LE with BOM', 'UTF-16BE with BOM',
  'NUL byte in the invoice number', 'NUL bytes in the seller VAT id and names', 'character reference &#0;', 'NUL byte in the root element\'s namespace',
  'invoice number of 100,000 characters', 'NUL bytes in the SBDH sender, receiver and instance identifier', 'character references &#0; in the SBDH fields',
  'SBDH instance identifier of 100,000 characters', 'SBDH around a billion-laughs payload',
]);
/** Readable, but a value carries a NUL byte: `convert` writes nothing (exit 1). */
const NOT_WRITABLE = new Set(['NUL byte in the invoice number', 'NUL bytes in the seller VAT id and names']);
const OVER_LIMIT = '60 MB document (limit 50 MB)';

type Command = 'inspect' | 'convert' | 'render';
const tally = new Map<Command, { tried: number; exit0: number; exit1: number; exit2: number }>();

function argsOf(cmd: Command, file: string, i: number): string[] {
  if (cmd === 'inspect') return ['inspect', file];
  if (cmd === 'convert') return ['convert', file, '--to', 'ubl', '-o', path.join(tmp, `converted-${i}.xml`)];
  return ['render', file, '-o', path.join(tmp, `rendered-${i}.pdf`)];
}

/** What each command must answer: 0 for what it can read, else its exit code for an unreadable file. */
function expectedExit(cmd: Command, name: string): number {
  if (READABLE.has(name)) return cmd === 'convert' && NOT_WRITABLE.has(name) ? 1 : 0;
  if (cmd === 'render') return 2;
  return name === OVER_LIMIT ? 2 : 1;
}

describe.each(['inspect', 'convert', 'render'] as const)('%s', (cmd) => {
  test.each(cases.map((c, i) => [c.name, i] as const))('%s', async (name, i) => {
    const file = path.join(tmp, `hostile-${i}.xml`);
    const r = await run(argsOf(cmd, file, i));
    const t = tally.get(cmd) ?? { tried: 0, exit0: 0, exit1: 0, exit2: 0 };
    tally.set(cmd, t);
    t.tried++;
    expect([name, r.signal]).toEqual([name, null]); // no crash, no hang (killed at 60 s)
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)|FATAL ERROR|heap out of memory|Maximum call stack/);
    const want = expectedExit(cmd, name);
    expect([name, r.code]).toEqual([name, want]);
    if (want === 0) {
      t.exit0++;
      if (cmd === 'inspect') expect(r.stdout.startsWith(`${file}: UBL `)).toBe(true);
      if (cmd === 'convert') expect(fs.readFileSync(path.join(tmp, `converted-${i}.xml`), 'utf8').startsWith('<?xml')).toBe(true);
      if (cmd === 'render') expect(fs.readFileSync(path.join(tmp, `rendered-${i}.pdf`)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      return;
    }
    if (want === 1) t.exit1++;
    else t.exit2++;
    // a message on stderr that names the file, and no output file
    expect([name, r.stderr]).toEqual([name, expect.stringContaining(`einvoice ${cmd}: ${file}: `)]);
    if (cmd === 'convert') expect(fs.existsSync(path.join(tmp, `converted-${i}.xml`))).toBe(false);
    if (cmd === 'render') expect(fs.existsSync(path.join(tmp, `rendered-${i}.pdf`))).toBe(false);
  });

  test(`${cmd}: counts`, () => {
    const t = tally.get(cmd)!;
    expect(t.tried).toBe(cases.length);
    process.stdout.write(`hostile CLI ${cmd}: ${t.tried} tried, ${t.exit1} exit 1, ${t.exit2} exit 2, ${t.exit0} read (exit 0), 0 crashes, 0 hangs\n`);
  });
});
