/**
 * `npm run bench:ingest -- [--n 400] [--clients 8] [--database-url postgres://…]`: latency of
 * `POST /api/v1/documents` and of the Peppol hand-off alone (no workers), the API in this process
 * on its own store (embedded PGlite in a temporary directory, or a fresh database on a server),
 * typical invoices (the Peppol base example with unique numbers). Prints p50/p95/max per path with
 * the load average. `--cpu-prof` (Node's flag) shows where the time goes.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { invoice, sbdh, startTestServer } from '../test/pipeline/helpers';
import { openTestStore } from '../test/helpers/store';

const { values } = parseArgs({ options: { n: { type: 'string', default: '400' }, clients: { type: 'string', default: '8' }, 'database-url': { type: 'string' } } });
const N = Number(values.n);
const CLIENTS = Number(values.clients);
if (values['database-url']) { process.env.EINVOICE_TEST_DB = 'server'; process.env.TEST_DATABASE_URL = values['database-url']; }

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function run(url: string, path: 'upload' | 'handoff', tag: string): Promise<number[]> {
  const lat: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    for (let i = next++; i < N; i = next++) {
      const xml = invoice(`${tag}-${i}`);
      const t0 = performance.now();
      const res = path === 'upload'
        ? await fetch(`${url}/api/v1/documents`, { method: 'POST', body: new Uint8Array(xml), headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml' } })
        : await fetch(`${url}/peppol/v1/inbound`, { method: 'POST', body: new Uint8Array(sbdh(xml, { instanceId: `${tag}-${i}` })), headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml', 'X-AS4-Message-Id': `${tag}-${i}@bench`, 'X-Peppol-Sending-AP': 'PBE000042' } });
      await res.arrayBuffer();
      lat.push(performance.now() - t0);
      if (res.status !== 202) throw new Error(`${path} ${i}: ${res.status}`);
    }
  }));
  return lat.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const store = await openTestStore('bench-ingest');
  const srv = await startTestServer(store);
  try {
    await run(srv.url, 'upload', 'warm'); // JIT, caches, the database's first pages
    console.log(`bench:ingest — ${store.mode === 'server' ? 'PostgreSQL server' : 'embedded PGlite'}, ${N} documents per path, ${CLIENTS} clients, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
    for (const p of ['upload', 'handoff'] as const) {
      const l = await run(srv.url, p, `${p}-${Date.now()}`);
      console.log(`${p}: p50 ${pct(l, 50).toFixed(1)} ms, p95 ${pct(l, 95).toFixed(1)} ms, max ${pct(l, 100).toFixed(1)} ms (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})`);
    }
  } finally {
    await srv.close();
    await store.close();
  }
}

main().catch((err: unknown) => { console.error(`bench:ingest: ${(err as Error).message}`); process.exit(1); });
