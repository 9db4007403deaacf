/**
 * `npm run bench:cluster -- [--workers 2] [--n 500]`: documents per second through a hub cluster on
 * this machine — one API process and N worker processes, each with its own empty data directory,
 * one PostgreSQL database of its own (TEST_DATABASE_URL or DATABASE_URL: a server where the bench
 * may create databases), one Redis — from the first hand-off to the last delivery (inbox + signed
 * webhook). Prints the single-process figure of the same run next to it (one process doing both,
 * `--workers 0` skips it), the ratio, and the load average. The machine has 2 cores: more workers
 * than cores measure contention, not scale; the figure that matters here is that N processes on
 * one database deliver everything exactly once at a rate comparable to one process.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { deliveredOrFinal, sendDocuments, startCluster, waitSettled } from '../test/helpers/cluster';
import { settledCount } from '../test/pipeline/helpers';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '2' }, n: { type: 'string', default: '500' } } });
const N = Number(values.n);
const WORKERS = Number(values.workers);

process.env.EINVOICE_TEST_DB = 'server';
process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function run(workers: number, label: string): Promise<number> {
  const c = await startCluster({ workers, name: `bench-${workers}`, validateConcurrency: workers === 1 ? 2 : 1 });
  try {
    // warm-up: rule packs loaded in every worker's threads
    await sendDocuments(c, `W${crypto.randomBytes(2).toString('hex')}`, 4 * Math.max(1, workers), 4);
    await waitSettled(c, 4 * Math.max(1, workers), 300_000);
    const base = (await settledCount(c.apiUrl, deliveredOrFinal)).settled;
    const t0 = performance.now();
    await sendDocuments(c, `R${crypto.randomBytes(2).toString('hex')}`, N, 8);
    await waitSettled(c, base + N, 1_800_000);
    const s = (performance.now() - t0) / 1000;
    const rate = N / s;
    console.log(`${label}: ${N} documents in ${s.toFixed(1)} s → ${rate.toFixed(1)} documents/s (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
    return rate;
  } finally {
    await c.stop();
  }
}

async function main(): Promise<void> {
  console.log(`bench:cluster — ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}`);
  const single = await run(1, '1 API process + 1 worker process (reference)');
  if (WORKERS > 1) {
    const many = await run(WORKERS, `1 API process + ${WORKERS} worker processes`);
    console.log(`ratio ${WORKERS} workers / 1 worker: ${(many / single).toFixed(2)}`);
  }
}

main().catch((err: unknown) => { console.error(`bench:cluster: ${(err as Error).message}`); process.exit(1); });
