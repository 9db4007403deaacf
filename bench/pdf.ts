/**
 * `npm run bench:pdf [-- --rounds N] [--json]`: speed and memory of the standardised PDF, as ratios
 * to a reference measured in the same run (the machine is shared: absolute times move with its load).
 *
 * Reference: the full validation (`validate()`: parse, XSD, every Schematron pack) of the same XML,
 * measured in the same run (and that of the Peppol BIS base example, before and after the renders). Documents: the base example itself, and the base example
 * with 10, 100, 1,000 generated lines (test/templates/fixtures.ts: each line with description, seller
 * and standard identifiers, attribute, note, order line reference, line period — heavier than most
 * real lines), rendered in French with footer, validation section and the XML attached, after warm-up
 * renders. For each: pages, size, wall and CPU time (user + system) of the render, ratio to the
 * validation. Linearity: time per line from 100 to 1,000 lines. Memory: the peak RSS of a fresh process
 * rendering 10,000 lines (the model handed over as JSON, not parsed from XML, so the peak is the
 * render's), and that process's RSS before the render. Targets: typical invoice ≤ 3× its
 * validation, 1,000 lines ≤ 400 ms, 10,000 lines ≤ 300 MiB. Benchmarks measure; tests never assert timings.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CanonicalInvoice } from '../model/canonical';
import { readInvoice } from '../model/read';
import { renderPdfWithInfo, type RenderValidation } from '../templates';
import { EXAMPLES_DIR, invoiceWithLines } from '../test/templates/fixtures';
import { validate } from '../validation';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '40' }, json: { type: 'boolean' }, 'memory-child': { type: 'string' } } });
const rounds = Math.max(3, Number(values.rounds));

const VALIDATION: RenderValidation = {
  valid: true,
  scenario: 'peppol-bis-billing-ubl',
  packs: [{ id: 'cen-en16931-ubl', version: '1.3.16', hash: 'e'.repeat(64) }, { id: 'peppol-bis-billing-3-ubl', version: '2026.5', hash: 'f'.repeat(64) }],
  findings: [{ ruleId: 'PEPPOL-EN16931-R008', flag: 'warning', message: 'Document MUST not contain empty elements.', location: '/Invoice' }],
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);
const options = (xml: Buffer, i: number) => ({ lang: 'fr' as const, documentId: `bench-${i}`, receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION, source: { bytes: xml, filename: 'invoice.xml' } });

async function timeValidation(xml: Buffer, n: number): Promise<number> {
  for (let i = 0; i < 20; i++) await validate(xml); // compiled schemas and stylesheets loaded, JIT settled
  const ts: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await validate(xml);
    ts.push(performance.now() - t);
  }
  return median(ts);
}

async function timeRender(xml: Buffer, model: CanonicalInvoice, n: number, warm: number) {
  let r = await renderPdfWithInfo(model, options(xml, 0));
  for (let i = 1; i < warm; i++) r = await renderPdfWithInfo(model, options(xml, i));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    r = await renderPdfWithInfo(model, options(xml, i));
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  return { pages: r.pages, kib: Math.round(r.pdf.length / 1024), wallMs: +median(wall).toFixed(1), cpuMs: +median(cpu).toFixed(1) };
}

/** In a fresh process: the model from JSON, then one render; prints RSS before and the peak. */
async function memoryChild(file: string): Promise<void> {
  const model = JSON.parse(fs.readFileSync(file, 'utf8')) as CanonicalInvoice;
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const t = performance.now();
  const r = await renderPdfWithInfo(model, { lang: 'fr', receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION });
  process.stdout.write(JSON.stringify({ pages: r.pages, mib: +(r.pdf.length / 1048576).toFixed(1), ms: Math.round(performance.now() - t), rssBeforeMiB: mib(before), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

function memory(lines: number): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pdf-'));
  try {
    const file = path.join(dir, 'model.json');
    fs.writeFileSync(file, JSON.stringify(readInvoice(invoiceWithLines(lines))));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--memory-child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`memory child failed: ${r.stderr}`);
    return { lines, ...(JSON.parse(r.stdout) as Record<string, number>) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (values['memory-child']) return memoryChild(values['memory-child']);
  const base = fs.readFileSync(path.join(EXAMPLES_DIR, 'peppol-billing', 'base-example.xml'));
  const validationMs = await timeValidation(base, rounds);
  const docs: [string, Buffer, number][] = [
    ['base example (2 lines)', base, rounds],
    ['10 lines', Buffer.from(invoiceWithLines(10)), rounds],
    ['100 lines', Buffer.from(invoiceWithLines(100)), Math.max(3, Math.ceil(rounds / 4))],
    ['1,000 lines', Buffer.from(invoiceWithLines(1000)), Math.max(3, Math.ceil(rounds / 8))],
  ];
  const results = [];
  for (const [name, xml, n] of docs) {
    const own = xml === base ? validationMs : await timeValidation(xml, n);
    const r = await timeRender(xml, readInvoice(xml), n, n >= 10 ? 15 : 2);
    results.push({ name, samples: n, validationMs: +own.toFixed(1), ...r, ratio: +(r.wallMs / own).toFixed(2), cpuRatio: +(r.cpuMs / validationMs).toFixed(2) });
  }
  const validationAgain = await timeValidation(base, Math.ceil(rounds / 2));
  const [l100, l1000] = [results[2], results[3]];
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    loadAverage: os.loadavg().map((x) => +x.toFixed(1)),
    validationMs: +validationMs.toFixed(1),
    validationAfterMs: +validationAgain.toFixed(1),
    results,
    perLineMs: +((l1000.cpuMs - l100.cpuMs) / 900).toFixed(3),
    memory: memory(10_000),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const out = process.stdout;
  out.write(`PDF benchmark — ${summary.date}, Node ${summary.node}, ${summary.cpus} cores, ${summary.memGiB} GiB, load average ${summary.loadAverage.join(' / ')}\n`);
  out.write(`Reference: validate() of the Peppol base example, median ${summary.validationMs} ms (again after the renders: ${summary.validationAfterMs} ms)\n\n`);
  out.write('| document | pages | PDF KiB | its validation median ms | render wall median ms | render CPU median ms | render ÷ its validation | render CPU ÷ base validation |\n|---|---|---|---|---|---|---|---|\n');
  for (const r of results) out.write(`| ${r.name} | ${r.pages} | ${r.kib} | ${r.validationMs} | ${r.wallMs} | ${r.cpuMs} | ${r.ratio}× | ${r.cpuRatio}× |\n`);
  out.write(`\nLinearity: ${summary.perLineMs} ms CPU per line from 100 to 1,000 lines (${l100.cpuMs} → ${l1000.cpuMs} ms).\n`);
  const m = summary.memory;
  out.write(`Memory: ${m.lines} lines → ${m.pages} pages, ${m.mib} MiB PDF, ${m.ms} ms; fresh process RSS ${m.rssBeforeMiB} MiB before the render, peak ${m.peakRssMiB} MiB.\n`);
  out.write(`Targets: typical invoice ≤ 3× its validation: base example ${results[0].ratio}×, 10 lines ${results[1].ratio}× (wall); 1,000 lines ≤ 400 ms: ${l1000.wallMs} ms wall, ${l1000.cpuMs} ms CPU; 10,000 lines ≤ 300 MiB: ${m.peakRssMiB} MiB peak.\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pdf: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
