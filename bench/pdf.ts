/**
 * `npm run bench:pdf [-- --rounds N] [--json]`: speed and memory of the standardised PDF.
 *
 * Two documents built from the official Peppol BIS base example (test/templates/fixtures.ts): a
 * typical 10-line invoice and a 1,000-line one. For each: reading the XML into the canonical model
 * (reported apart), building the pdfmake definition + layout + writing the PDF (the render), the
 * page count and size, wall time and CPU time (user + system: less sensitive to a busy machine);
 * the first render of the process (fonts parsed) is reported apart. Memory:
 * the process's peak RSS after each scenario and the heap retained after it. Benchmarks measure;
 * tests never assert timings.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { readInvoice } from '../model/read';
import { renderPdfWithInfo, type RenderValidation } from '../templates';
import { invoiceWithLines } from '../test/templates/fixtures';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, json: { type: 'boolean' } } });
const rounds = Math.max(1, Number(values.rounds));

const VALIDATION: RenderValidation = {
  valid: true,
  scenario: 'peppol-bis-billing-ubl',
  packs: [{ id: 'cen-en16931-ubl', version: '1.3.16', hash: 'e'.repeat(64) }, { id: 'peppol-bis-billing-3-ubl', version: '2026.5', hash: 'f'.repeat(64) }],
  findings: [{ ruleId: 'PEPPOL-EN16931-R008', flag: 'warning', message: 'Document MUST not contain empty elements.', location: '/Invoice' }],
};

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const mib = (n: number): number => Math.round(n / 1024 / 1024);

async function scenario(lines: number, n: number): Promise<Record<string, number | string>> {
  const xml = invoiceWithLines(lines);
  const readTimes: number[] = [];
  const renderTimes: number[] = [];
  const cpuTimes: number[] = [];
  let pages = 0;
  let bytes = 0;
  let first = 0;
  for (let i = 0; i <= n; i++) {
    const t0 = performance.now();
    const model = readInvoice(xml);
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const r = await renderPdfWithInfo(model, { lang: 'fr', documentId: `bench-${i}`, receivedAt: '2026-11-22T10:00:00Z', validation: VALIDATION });
    const t2 = performance.now();
    const c2 = process.cpuUsage(c1);
    pages = r.pages;
    bytes = r.pdf.length;
    if (i === 0) {
      first = t2 - t1; // warm-up: not in the statistics
      continue;
    }
    readTimes.push(t1 - t0);
    renderTimes.push(t2 - t1);
    cpuTimes.push((c2.user + c2.system) / 1000);
  }
  const rs = [...renderTimes].sort((a, b) => a - b);
  const ms = [...readTimes].sort((a, b) => a - b);
  (globalThis as { gc?: () => void }).gc?.();
  return {
    lines,
    samples: rs.length,
    pages,
    pdfKiB: Math.round(bytes / 1024),
    readMedianMs: +quantile(ms, 0.5).toFixed(1),
    renderMedianMs: +quantile(rs, 0.5).toFixed(1),
    renderP95Ms: +quantile(rs, 0.95).toFixed(1),
    renderCpuMedianMs: +quantile([...cpuTimes].sort((a, b) => a - b), 0.5).toFixed(1),
    firstRenderMs: Math.round(first),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    heapUsedMiB: mib(process.memoryUsage().heapUsed),
  };
}

async function main(): Promise<void> {
  const startRss = process.memoryUsage().rss;
  const small = await scenario(10, rounds);
  const large = await scenario(1000, Math.max(1, Math.ceil(rounds / 5)));
  const summary = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    loadAverage: os.loadavg().map((x) => +x.toFixed(1)),
    startRssMiB: mib(startRss),
    scenarios: [small, large],
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(`PDF benchmark — ${summary.date}, Node ${summary.node}, ${summary.cpus} cores, ${summary.memGiB} GiB, load average ${summary.loadAverage.join(' / ')}\n`);
  process.stdout.write('| lines | pages | PDF KiB | read XML → model (median ms) | render median ms | render p95 ms | render CPU median ms | first render ms | peak RSS MiB | heap after MiB |\n|---|---|---|---|---|---|---|---|---|---|\n');
  for (const s of summary.scenarios) {
    process.stdout.write(`| ${s.lines} | ${s.pages} | ${s.pdfKiB} | ${s.readMedianMs} | ${s.renderMedianMs} | ${s.renderP95Ms} | ${s.renderCpuMedianMs} | ${s.firstRenderMs} | ${s.peakRssMiB} | ${s.heapUsedMiB} |\n`);
  }
  process.stdout.write(`(RSS at start ${summary.startRssMiB} MiB; ${small.samples} and ${large.samples} measured renders after one warm-up each)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:pdf: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
