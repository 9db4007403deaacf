/**
 * `npm run bench:pipeline -- [--n 200] [--concurrency 8] [--url http://host:8080]`
 *
 * Pushes N realistic documents through the hub over HTTP — the official Peppol BIS and EN 16931
 * CII examples with unique invoice numbers, half as SBDH hand-offs on /peppol/v1/inbound, half as
 * uploads on /api/v1/documents — and reports ingest latency (p50/p95/max), end-to-end throughput
 * (documents per second until every document reached the last existing stage or a terminal
 * state) and per-stage times (processing time from /metrics, wait + processing from the events).
 *
 * Without --url it starts its own hub (`services/main.ts`, API + workers, fresh data directory,
 * own queue prefix) on the Redis at REDIS_URL. With --url it needs EINVOICE_ADMIN_TOKEN.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STAGES, TERMINAL_STATES } from '../core/documents/states';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? String(process.argv[i + 1]) : fallback;
}

const N = Number(arg('n', '200'));
const CONCURRENCY = Number(arg('concurrency', '8'));
const EXAMPLES = path.resolve(__dirname, '..', '..', 'shared', 'examples');

function corpus(): { name: string; xml: string; kind: 'ubl' | 'cii' }[] {
  const ubl = fs.readdirSync(path.join(EXAMPLES, 'peppol-billing')).filter((f) => f.endsWith('.xml')).map((f) => ({ name: `peppol-billing/${f}`, xml: fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', f), 'utf8'), kind: 'ubl' as const }));
  const cii = fs.readdirSync(path.join(EXAMPLES, 'en16931-cii')).filter((f) => /^CII_example\d\.xml$/.test(f)).map((f) => ({ name: `en16931-cii/${f}`, xml: fs.readFileSync(path.join(EXAMPLES, 'en16931-cii', f), 'utf8'), kind: 'cii' as const }));
  return [...ubl, ...cii];
}

function withNumber(doc: { xml: string; kind: 'ubl' | 'cii' }, num: string): string {
  return doc.kind === 'ubl'
    ? doc.xml.replace(/<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${num}</cbc:ID>`)
    : doc.xml.replace(/(<rsm:ExchangedDocument>\s*<ram:ID>)[^<]*/, `$1${num}`);
}

/** Addresses a UBL document to `participant` (`scheme:value`) through the buyer electronic address BT-49. */
function addressedTo(xml: string, participant: string): string {
  const [scheme, value] = participant.split(/:(.*)/s);
  return xml.replace(/(<cac:AccountingCustomerParty>\s*<cac:Party>\s*<cbc:EndpointID schemeID=")[^"]*(">)[^<]*/, `$1${scheme}$2${value}`);
}

function sbdh(xml: string, instanceId: string, receiver: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<StandardBusinessDocument xmlns="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"><StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion>
<Sender><Identifier Authority="iso6523-actorid-upis">0088:5798000000001</Identifier></Sender><Receiver><Identifier Authority="iso6523-actorid-upis">${receiver}</Identifier></Receiver>
<DocumentIdentification><Standard>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2</Standard><TypeVersion>2.1</TypeVersion><InstanceIdentifier>${instanceId}</InstanceIdentifier><Type>Invoice</Type><CreationDateAndTime>2026-01-01T00:00:00Z</CreationDateAndTime></DocumentIdentification>
<BusinessScope><Scope><Type>DOCUMENTID</Type><InstanceIdentifier>urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1</InstanceIdentifier></Scope><Scope><Type>PROCESSID</Type><InstanceIdentifier>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</InstanceIdentifier></Scope><Scope><Type>COUNTRY_C1</Type><InstanceIdentifier>DK</InstanceIdentifier></Scope></BusinessScope>
</StandardBusinessDocumentHeader>
${xml.replace(/^<\?xml[^>]*\?>\s*/, '')}
</StandardBusinessDocument>`;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function startHub(): Promise<{ url: string; token: string; stop: () => Promise<void>; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-bench-'));
  const token = crypto.randomBytes(16).toString('hex');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  Object.assign(env, { EINVOICE_DATA_DIR: dataDir, EINVOICE_ADMIN_TOKEN: token, PORT: '0', EINVOICE_QUEUE_PREFIX: `bench-${process.pid}`, EINVOICE_LOG_LEVEL: 'warn', EINVOICE_WORKER_METRICS_PORT: '0' });
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, '..', 'services', 'main.ts')], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; port?: number }) => { if (m.ready && m.port) resolve(m.port); });
    child.once('exit', (c) => reject(new Error(`hub exited with ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`, token, dataDir,
    stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); fs.rmSync(dataDir, { recursive: true, force: true }); },
  };
}

type Metrics = Map<string, number>;
async function scrape(url: string): Promise<Metrics> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m: Metrics = new Map();
  for (const line of text.split('\n')) {
    const mm = /^(einvoice_(?:documents|stage_duration_seconds_(?:sum|count))(?:\{[^}]*\})?) ([0-9.e+-]+)$/.exec(line);
    if (mm?.[1] && mm[2]) m.set(mm[1], Number(mm[2]));
  }
  return m;
}

async function main(): Promise<void> {
  const external = process.argv.includes('--url');
  const hub = external ? { url: arg('url', 'http://127.0.0.1:8080'), token: process.env.EINVOICE_ADMIN_TOKEN ?? '', stop: async () => undefined } : await startHub();
  if (hub.token === '') throw new Error('set EINVOICE_ADMIN_TOKEN for --url');
  // where a document's trip through the hub ends: a terminal state, or `delivered` (acknowledging is the body's move)
  const settled = new Set<string>([...TERMINAL_STATES, 'delivered']);
  const docs = corpus();
  const run = crypto.randomBytes(3).toString('hex');
  // A body of the directory to address the documents to, so they go through every stage (a document
  // addressed to a body the directory does not know stops as unroutable after the route stage).
  const lookup = (await (await fetch(`${hub.url}/api/v1/bodies/lookup?q=finances`)).json()) as { items?: { peppolIdentifiers?: string[] }[] };
  const receiver = lookup.items?.find((b) => b.peppolIdentifiers?.length)?.peppolIdentifiers?.[0];
  if (!receiver) throw new Error('the directory has no addressable body (is EINVOICE_SEED_DIRECTORY=false?)');
  const before = await scrape(hub.url);
  const countSettled = (m: Metrics, base: Metrics): number => [...m.entries()].filter(([k]) => k.startsWith('einvoice_documents{')).filter(([k]) => settled.has(/state="([^"]+)"/.exec(k)?.[1] ?? '')).reduce((a, [k, v]) => a + v - (base.get(k) ?? 0), 0);

  // warm-up: one document through every stage (loads the rule artefacts in the worker threads)
  const warm = docs[0];
  if (warm) await fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: addressedTo(withNumber(warm, `WARM-${run}`), receiver), headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/xml' } });
  const warmBase = before;
  const t0w = Date.now();
  while (countSettled(await scrape(hub.url), warmBase) < 1 && Date.now() - t0w < 120_000) await new Promise((r) => setTimeout(r, 100));
  const base = await scrape(hub.url);

  const latencies: number[] = [];
  const ids: string[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const i = next++;
      const doc = docs[i % docs.length];
      if (doc === undefined) continue;
      const xml = withNumber(doc, `B-${run}-${i}`);
      // half hand-offs (SBDH receiver = the body), half uploads (BT-49 = the body; CII always by hand-off)
      const handoff = i % 2 === 0 || doc.kind === 'cii';
      const s = performance.now();
      const res = handoff
        ? await fetch(`${hub.url}/peppol/v1/inbound`, { method: 'POST', body: sbdh(xml, `${run}-${i}`, receiver), headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/xml', 'X-AS4-Message-Id': `${run}-${i}@bench`, 'X-Peppol-Sending-AP': 'PDK000123' } })
        : await fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: addressedTo(xml, receiver), headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/xml' } });
      const body = (await res.json()) as { id?: string };
      latencies.push(performance.now() - s);
      if (res.status !== 202 || body.id === undefined) throw new Error(`document ${i}: HTTP ${res.status} ${JSON.stringify(body)}`);
      ids.push(body.id);
    }
  }));
  const ingestSeconds = (performance.now() - t0) / 1000;
  let after = await scrape(hub.url);
  // while the queues drain: how fast does the API still answer? (/healthz and a document GET)
  const probe: number[] = [];
  const probeId = ids[0] ?? '';
  while (countSettled(after, base) < N) {
    await new Promise((r) => setTimeout(r, 200));
    const ps = performance.now();
    await (await fetch(`${hub.url}/api/v1/documents/${probeId}`, { headers: { Authorization: `Bearer ${hub.token}` } })).arrayBuffer();
    probe.push(performance.now() - ps);
    after = await scrape(hub.url);
    if ((performance.now() - t0) / 1000 > 1800) throw new Error('not settled after 30 minutes');
  }
  const e2eSeconds = (performance.now() - t0) / 1000;

  // per-stage: processing time (histograms) and wait + processing (events of a sample)
  const stageRows: string[] = [];
  for (const s of STAGES) {
    let sum = 0; let count = 0;
    for (const [k, v] of after) {
      if (!k.includes(`stage="${s.name}"`)) continue;
      if (k.startsWith('einvoice_stage_duration_seconds_sum')) sum += v - (base.get(k) ?? 0);
      if (k.startsWith('einvoice_stage_duration_seconds_count')) count += v - (base.get(k) ?? 0);
    }
    stageRows.push(`${s.name}: ${count} jobs, mean processing ${count ? ((sum / count) * 1000).toFixed(0) : '-'} ms`);
  }
  const waits = new Map<string, number[]>();
  for (const id of ids.slice(0, 100)) {
    const d = (await (await fetch(`${hub.url}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${hub.token}` } })).json()) as { events: { at: string; from: string | null; to: string }[] };
    for (let i = 1; i < d.events.length; i++) {
      const e = d.events[i]; const prev = d.events[i - 1];
      if (!e || !prev) continue;
      const stage = STAGES.find((s) => s.input === e.from)?.name ?? e.to;
      waits.set(stage, [...(waits.get(stage) ?? []), Date.parse(e.at) - Date.parse(prev.at)]);
    }
  }
  const states = [...after.entries()].filter(([k]) => k.startsWith('einvoice_documents{')).map(([k, v]) => `${/state="([^"]+)"/.exec(k)?.[1]}=${v - (base.get(k) ?? 0)}`).filter((x) => !x.endsWith('=0'));
  latencies.sort((a, b) => a - b);
  const lines = [
    `documents: ${N} (${docs.length} distinct examples, half SBDH hand-offs, half uploads), ${CONCURRENCY} concurrent clients, hub ${external ? hub.url : 'spawned (API + workers in one process)'}`,
    `stages: ${STAGES.map((x) => x.name).join(' → ')}; final states: ${states.join(', ')}`,
    `ingest latency: p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, max ${pct(latencies, 100).toFixed(1)} ms; all ${N} accepted in ${ingestSeconds.toFixed(2)} s (${(N / ingestSeconds).toFixed(0)} docs/s)`,
    `end to end: ${e2eSeconds.toFixed(2)} s → ${(N / e2eSeconds).toFixed(1)} documents/s to the last existing stage`,
    `API while the queues drain (GET /api/v1/documents/{id}, ${probe.length} probes): p50 ${pct(probe.sort((a, b) => a - b), 50).toFixed(1)} ms, p95 ${pct(probe, 95).toFixed(1)} ms`,
    ...stageRows,
    ...[...waits.entries()].map(([stage, w]) => { w.sort((a, b) => a - b); return `${stage} (queue wait + processing, first 100 docs): p50 ${pct(w, 50).toFixed(0)} ms, p95 ${pct(w, 95).toFixed(0)} ms`; }),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await hub.stop();
}

main().catch((err: unknown) => { process.stderr.write(`bench:pipeline: ${(err as Error).message}\n`); process.exit(1); });
