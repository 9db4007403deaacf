/**
 * `npm run bench:validate [-- --rounds N] [--engine saxon|compiled|both]`: validation speed per scenario
 * over ../shared/examples, for each Schematron engine (the npm script then runs bench/engines.ts, the
 * engines compared by invoice size: 2 … 50,000 lines).
 * Prints per scenario the median and p95 milliseconds per document (full validation: parse, XSD,
 * every Schematron pack), the one-time load time (first document of the scenario: compiled schemas and
 * stylesheets loaded), and the process's peak memory. Benchmarks measure; tests never assert timings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { validate } from '../validation';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, json: { type: 'boolean' }, engine: { type: 'string', default: 'both' } } });
const rounds = Number(values.rounds);
const engines = values.engine === 'both' ? ['compiled', 'saxon'] : [values.engine ?? 'compiled'];
const examples = path.resolve(__dirname, '../../shared/examples');

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function benchEngine(engine: string): Promise<void> {
  const files = fs
    .readdirSync(examples)
    .flatMap((d) => fs.readdirSync(path.join(examples, d)).filter((f) => /\.xml$/i.test(f)).map((f) => path.join(examples, d, f)));
  const docs = files.map((f) => ({ file: f, bytes: fs.readFileSync(f) }));
  const byScenario = new Map<string, { load: number; times: number[]; docs: number }>();
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  for (let round = 0; round <= rounds; round++) {
    for (const d of docs) {
      const t = performance.now();
      const report = await validate(d.bytes, { engine });
      const ms = performance.now() - t;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const key = report.scenario ?? 'none';
      let s = byScenario.get(key);
      if (!s) {
        s = { load: ms, times: [], docs: 0 };
        byScenario.set(key, s);
        continue; // the first document of a scenario pays the one-time load
      }
      if (round === 0) s.docs++;
      if (round > 0 || s.times.length === 0) s.times.push(ms);
    }
  }
  const rows = [...byScenario.entries()].map(([scenario, s]) => {
    const sorted = [...s.times].sort((a, b) => a - b);
    return { scenario, documents: s.docs + 1, samples: sorted.length, medianMs: +quantile(sorted, 0.5).toFixed(1), p95Ms: +quantile(sorted, 0.95).toFixed(1), loadMs: Math.round(s.load) };
  });
  const summary = {
    engine,
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    rounds,
    totalSeconds: +((performance.now() - t0) / 1000).toFixed(1),
    peakRssMiB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
    scenarios: rows,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return;
  }
  process.stdout.write(`validation benchmark, engine ${engine}, ${summary.date}, ${summary.machine}, ${rounds} rounds over ${docs.length} examples\n\n`);
  process.stdout.write('| scenario | examples | median ms/doc | p95 ms/doc | one-time load ms |\n|---|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.scenario} | ${r.documents} | ${r.medianMs} | ${r.p95Ms} | ${r.loadMs} |\n`);
  process.stdout.write(`\npeak memory (RSS): ${summary.peakRssMiB} MiB; total ${summary.totalSeconds} s\n\n`);
}

async function main(): Promise<void> {
  // Each engine in a process of its own would give separate peak memories; in one process the second
  // engine's peak includes the first's. Run `--engine X` alone for a clean memory figure.
  for (const engine of engines) await benchEngine(engine);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:validate: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
