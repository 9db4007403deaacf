/**
 * `npm run bench:engines [-- --sizes 2,100,1000,10000,50000] [--saxon-max 1000] [--rounds N] [--json]`
 *
 * The two Schematron engines side by side on the Peppol base example grown to N invoice lines (lines 1
 * and 2 of the example repeated, totals recomputed in exact decimals, so the document stays valid).
 * For each engine and size, in a child process of its own: median ms of
 * - `schematron`: the CEN + Peppol packs on the document (tree/saxon parse included),
 * - `full`: the whole validation as the hub runs it (`validate()`: decode, libxml2 parse, scenario, XSD,
 *   both packs, source lines),
 * the growth factor per 10× lines, and two peak memories (RSS): that of a fresh process which loads the
 * packs and validates the document once (what one validation needs), and that of the timing process over
 * all its rounds, collecting garbage after each document as a validation worker does
 * (validation/memory.ts). Saxon is only run up to `--saxon-max` lines (it takes about a minute at 1,000
 * lines). First, the start-up: every pack compiled by the compiled engine in a fresh process, from the
 * `.sch` files and then from the parsed-schema cache. Benchmarks measure; tests never assert timings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { invoiceWithLines } from './invoice-lines';
import { defaultDirs, ensureCompiled, locatePack, type CompiledPack } from '../schematron/build';
import { findPack, rulePacks } from '../schematron/manifest';
import { parseForCompiled, preloadPack, runPack as runCompiled } from '../validation/schematron-compiled';
import { parseForSaxon, preloadPack as preloadSaxon, runPack as runSaxon } from '../validation/schematron-saxon';
import { releaseAfterDocument } from '../validation/memory';
import { validate } from '../validation/validate';

const PACKS: [string, string][] = [
  ['cen-en16931-ubl', '1.3.16'],
  ['peppol-bis-billing-3-ubl', '2026.5'],
];

async function loadPacks(engine: string): Promise<CompiledPack[]> {
  const out: CompiledPack[] = [];
  for (const [id, v] of PACKS) {
    const c = (await ensureCompiled(findPack(id, v)!)).compiled;
    if (engine === 'compiled') await preloadPack(c);
    else preloadSaxon(c);
    out.push(c);
  }
  return out;
}

async function schematronOnce(engine: string, packs: CompiledPack[], text: string): Promise<number> {
  if (engine === 'compiled') {
    const tree = parseForCompiled(text);
    let n = 0;
    for (const p of packs) n += runCompiled(p, tree).length;
    return n;
  }
  const src = await parseForSaxon(text);
  let n = 0;
  for (const p of packs) n += runSaxon(p, src).length;
  return n;
}

/** The whole validation as the hub runs it (`validate()`: decode, libxml2 parse, scenario, XSD, both packs, lines). */
async function fullOnce(engine: string, bytes: Buffer): Promise<number> {
  const report = await validate(bytes, { engine, scenario: 'peppol-bis-billing-ubl', packs: PACKS.map(([id, version]) => ({ id, version })) });
  // Every phase ran, both packs included (a document refused early, e.g. for its size, would time nothing).
  const ran = new Set(report.phases.filter((p) => p.ran).map((p) => p.phase));
  if (report.phases.some((p) => !p.ran) || !PACKS.every(([id, v]) => ran.has(`${id}@${v}`)) || !ran.has('xsd')) {
    throw new Error(`the validation did not run every phase: ${JSON.stringify(report.findings.slice(0, 3))}`);
  }
  return report.findings.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

interface ChildResult {
  engine: string;
  lines: number;
  bytes: number;
  findings: number;
  schematronMs: number;
  fullMs: number;
  /** CPU time of this process (all threads) for the same runs: what the work costs on an idle core. */
  schematronCpuMs: number;
  fullCpuMs: number;
  loadMs: number;
  /** Peak RSS of a process that loaded the packs and validated this document once (`--peak` child). */
  onePeakRssMiB?: number;
  /** Peak RSS of the timing process over all its rounds (garbage collected after each document, as a worker does). */
  peakRssMiB: number;
  rounds: number;
}

/**
 * Start-up of the compiled engine: every declared pack compiled in a fresh process, with the parsed-schema
 * cache in `cacheDir` (empty: the `.sch` files are read with libxml2; filled: the JSON is read).
 */
async function startupChild(cacheDir: string): Promise<{ packs: number; wallMs: number; cpuMs: number }> {
  const t0 = performance.now();
  const u0 = process.cpuUsage();
  const dirs = { ...defaultDirs(), cacheDir };
  for (const pack of rulePacks) await preloadPack(locatePack(pack, dirs));
  const u = process.cpuUsage(u0);
  return { packs: rulePacks.length, wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((u.user + u.system) / 1000) };
}

const peakRssMiB = (): number => Math.round((process.resourceUsage().maxRSS * 1024) / 2 ** 20);

/** One full validation of the document in `file`, after the packs are loaded and warmed on a 2-line invoice. */
async function peakChild(engine: string, file: string): Promise<{ onePeakRssMiB: number }> {
  await loadPacks(engine);
  const small = Buffer.from(invoiceWithLines(2));
  for (let k = 0; k < 3; k++) await fullOnce(engine, small);
  const bytes = fs.readFileSync(file);
  await fullOnce(engine, bytes);
  return { onePeakRssMiB: peakRssMiB() };
}

async function child(engine: string, file: string, rounds: number): Promise<ChildResult> {
  const t0 = performance.now();
  const packs = await loadPacks(engine);
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('utf8');
  const lines = (text.match(/<cac:InvoiceLine>/g) ?? []).length;
  const findings = await schematronOnce(engine, packs, text); // first run: loads and compiles
  const loadMs = performance.now() - t0;
  // Warm-up, as a long-running worker is: one full validation (the XML Schema is compiled, libxml2's memory
  // grows to the document's size), and for small documents a few hundred more, until the JIT has settled.
  const warmups = engine === 'compiled' && lines <= 100 ? 300 : 1;
  for (let k = 0; k < warmups; k++) await fullOnce(engine, bytes);
  releaseAfterDocument(bytes.length);
  const n = rounds;
  const sch: number[] = [];
  const full: number[] = [];
  const schCpu: number[] = [];
  const fullCpu: number[] = [];
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  for (let k = 0; k < n; k++) {
    let t = performance.now();
    let u = process.cpuUsage();
    await schematronOnce(engine, packs, text);
    sch.push(performance.now() - t);
    schCpu.push(cpuMs(process.cpuUsage(u)));
    releaseAfterDocument(bytes.length); // what the validation worker does after each document (validation/memory.ts)
    t = performance.now();
    u = process.cpuUsage();
    await fullOnce(engine, bytes);
    full.push(performance.now() - t);
    fullCpu.push(cpuMs(process.cpuUsage(u)));
    releaseAfterDocument(bytes.length);
  }
  return {
    engine,
    lines,
    bytes: bytes.length,
    findings,
    schematronMs: +median(sch).toFixed(2),
    fullMs: +median(full).toFixed(2),
    schematronCpuMs: +median(schCpu).toFixed(2),
    fullCpuMs: +median(fullCpu).toFixed(2),
    loadMs: Math.round(loadMs),
    peakRssMiB: peakRssMiB(),
    rounds: n,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '2,100,1000,10000,50000' },
      'saxon-max': { type: 'string', default: '1000' },
      rounds: { type: 'string' },
      child: { type: 'string' },
      peak: { type: 'string' },
      'startup-child': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  // Children: `--child engine:lines:file` (timings) and `--peak engine:file` (one validation's peak memory).
  if (values.child) {
    const [engine, lines, file] = values.child.split(':');
    const l = Number(lines);
    const rounds = values.rounds ? Number(values.rounds) : l <= 100 ? 100 : l <= 1000 ? 9 : l <= 10000 ? 5 : 2;
    process.stdout.write(JSON.stringify(await child(engine, file, engine === 'saxon' && l >= 1000 ? 1 : rounds)) + '\n');
    return;
  }
  if (values.peak) {
    const [engine, file] = values.peak.split(':');
    process.stdout.write(JSON.stringify(await peakChild(engine, file)) + '\n');
    return;
  }
  if (values['startup-child']) {
    process.stdout.write(JSON.stringify(await startupChild(values['startup-child'])) + '\n');
    return;
  }
  const sizes = values.sizes!.split(',').map(Number);
  const saxonMax = Number(values['saxon-max']);
  const results: ChildResult[] = [];
  // The documents are written once and read by the children, so that building them (which takes more
  // memory than validating them) does not count in a child's peak.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engines-'));
  const files = new Map(sizes.map((lines) => [lines, path.join(dir, `invoice-${lines}.xml`)]));
  for (const [lines, file] of files) fs.writeFileSync(file, invoiceWithLines(lines));
  const run = (args: string[]): string =>
    execFileSync(process.execPath, [...process.execArgv, __filename, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
      // The 50,000-line invoice (61 MiB) is above the hub's default size limit (50 MiB): lifted for the benchmark.
      env: { ...process.env, EINVOICE_MAX_DOCUMENT_BYTES: String(256 * 2 ** 20) },
    }).trim().split('\n').pop()!;
  const startup: { packs: number; wallMs: number; cpuMs: number }[] = [];
  try {
    // Start-up: all packs compiled with an empty parsed-schema cache, then again with it filled.
    const startupCache = path.join(dir, 'startup-cache');
    fs.mkdirSync(startupCache);
    for (let k = 0; k < 2; k++) startup.push(JSON.parse(run(['--startup-child', startupCache])) as { packs: number; wallMs: number; cpuMs: number });
    process.stderr.write(`  start-up: ${startup[0].packs} packs compiled in ${startup[0].wallMs} ms (cpu ${startup[0].cpuMs}) from the .sch files, ${startup[1].wallMs} ms (cpu ${startup[1].cpuMs}) cached\n`);
    for (const engine of ['compiled', 'saxon']) {
      for (const lines of sizes) {
        if (engine === 'saxon' && lines > saxonMax) continue;
        const file = files.get(lines)!;
        const r = JSON.parse(run(['--child', `${engine}:${lines}:${file}`, ...(values.rounds ? ['--rounds', values.rounds] : [])])) as ChildResult;
        r.onePeakRssMiB = (JSON.parse(run(['--peak', `${engine}:${file}`])) as { onePeakRssMiB: number }).onePeakRssMiB;
        results.push(r);
        process.stderr.write(`  ${engine} ${lines} lines: schematron ${r.schematronMs} ms (cpu ${r.schematronCpuMs}), full ${r.fullMs} ms (cpu ${r.fullCpuMs}), peak ${r.onePeakRssMiB} MiB (one validation), ${r.peakRssMiB} MiB (all rounds)\n`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    loadAverage: os.loadavg()[0],
    startup,
    results,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return;
  }
  process.stdout.write(`Schematron engines (CEN 1.3.16 + Peppol 2026.5, UBL), ${summary.date}, ${summary.machine}, load average ${summary.loadAverage.toFixed(1)}\n\n`);
  process.stdout.write(`Start-up (compiled engine, all ${startup[0].packs} packs): ${startup[0].wallMs} ms wall (${startup[0].cpuMs} ms CPU) from the .sch files, ${startup[1].wallMs} ms wall (${startup[1].cpuMs} ms CPU) with the parsed schemas cached.\n\n`);
  process.stdout.write('| engine | lines | size | Schematron median ms (CPU) | full validation median ms (CPU) | growth per 10× lines, full (CPU) | peak RSS MiB, one validation | peak RSS MiB, all rounds | findings |\n|---|---|---|---|---|---|---|---|---|\n');
  for (const r of results) {
    // Growth of the full validation time normalised to a 10× step in lines: (t2/t1)^(1/log10(l2/l1)).
    const mine = results.filter((p) => p.engine === r.engine && p.lines < r.lines);
    const prev = mine[mine.length - 1];
    const per10 = (a: number, b: number): string => `${Math.pow(a / b, 1 / Math.log10(r.lines / prev!.lines)).toFixed(1)}×`;
    const growth = prev ? `${per10(r.fullMs, prev.fullMs)} (${per10(r.fullCpuMs, prev.fullCpuMs)})` : '';
    const size = r.bytes >= 1 << 20 ? `${(r.bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.round(r.bytes / 1024)} KiB`;
    process.stdout.write(`| ${r.engine} | ${r.lines} | ${size} | ${r.schematronMs} (${r.schematronCpuMs}) | ${r.fullMs} (${r.fullCpuMs}) | ${growth} | ${r.onePeakRssMiB ?? ''} | ${r.peakRssMiB} | ${r.findings} |\n`);
  }
}

if (require.main === module) main().catch((err: unknown) => {
  process.stderr.write(`bench:engines: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
