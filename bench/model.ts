/**
 * `npm run bench:model [-- --rounds N --lines N]`: speed of the EN 16931 model.
 * - read (parse + map to the canonical model) and write (canonical → UBL, totals kept) per official
 *   example: median and p95 milliseconds over every example × round (the first round is warm-up);
 * - a generated invoice of 10,000 lines (`--lines`): read, write with computed totals; median of rounds;
 * - the process's peak RSS. CPU milliseconds are printed beside wall time for the big invoice: on a
 *   shared machine they move less with the load (which is printed too).
 * Benchmarks measure; tests never assert timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readInvoice } from '../model/read';
import { sampleInvoice } from '../model/sample';
import { writeUbl } from '../model/write';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, lines: { type: 'string', default: '10000' } } });
const rounds = Number(values.rounds);
const lineCount = Number(values.lines);
const examples = path.resolve(__dirname, '../../shared/examples');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p95: quantile(s, 0.95) };
}

function time<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const v = fn();
  return [performance.now() - t0, v];
}

function cpuTime<T>(fn: () => T): [number, number, T] {
  const c0 = process.cpuUsage();
  const [wall, v] = time(fn);
  const c = process.cpuUsage(c0);
  return [wall, (c.user + c.system) / 1000, v];
}

let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function main(): void {
  const files = ['en16931-ubl', 'en16931-cii', 'peppol-billing', 'peppol-self-billing'].flatMap((d) =>
    fs.readdirSync(path.join(examples, d)).filter((f) => /\.xml$/i.test(f)).map((f) => path.join(examples, d, f)),
  );
  const docs = files.map((f) => ({ file: f, bytes: fs.readFileSync(f) }));
  const reads: number[] = [];
  const writes: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const d of docs) {
      const [r, model] = time(() => readInvoice(d.bytes));
      const [w] = time(() => writeUbl(model, { totals: 'keep' }));
      if (round > 0) {
        reads.push(r);
        writes.push(w);
      }
    }
    sampleRss();
  }
  const big = sampleInvoice(lineCount);
  const bigReads: number[] = [];
  const bigWrites: number[] = [];
  const bigReadsCpu: number[] = [];
  const bigWritesCpu: number[] = [];
  let bytes = 0;
  const bigRounds = Math.max(3, Math.min(rounds, 5));
  for (let round = 0; round < bigRounds; round++) {
    const [w, wc, xml] = cpuTime(() => writeUbl(big));
    bytes = Buffer.byteLength(xml);
    sampleRss();
    const [r, rc] = cpuTime(() => readInvoice(xml));
    sampleRss();
    bigWrites.push(w);
    bigReads.push(r);
    bigWritesCpu.push(wc);
    bigReadsCpu.push(rc);
  }
  const fmt = (n: number): string => n.toFixed(n < 10 ? 2 : 0);
  const rs = stats(reads);
  const ws = stats(writes);
  const br = stats(bigReads);
  const bw = stats(bigWrites);
  const brc = stats(bigReadsCpu);
  const bwc = stats(bigWritesCpu);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${os.loadavg()[0].toFixed(1)} at the end`,
      '',
      '| measure | median ms | p95 ms | median CPU ms |',
      '|---|---|---|---|',
      `| read, per example (${docs.length} examples × ${rounds} rounds) | ${fmt(rs.median)} | ${fmt(rs.p95)} | |`,
      `| write UBL, per example | ${fmt(ws.median)} | ${fmt(ws.p95)} | |`,
      `| read, ${lineCount}-line invoice (${(bytes / 2 ** 20).toFixed(1)} MiB), ${bigRounds} rounds | ${fmt(br.median)} | ${fmt(br.p95)} | ${fmt(brc.median)} |`,
      `| write UBL with computed totals, ${lineCount}-line invoice | ${fmt(bw.median)} | ${fmt(bw.p95)} | ${fmt(bwc.median)} |`,
      '',
      `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
      '',
    ].join('\n'),
  );
}

main();
