/**
 * `npm run bench:pipeline -- [--n 400] [--concurrency 8] [--rate 20] [--database-url postgres://…] [--url http://host:8080] [--cpu-prof-dir DIR] [--node-flags "--flag …"]`
 *
 * Pushes N realistic documents through the hub over HTTP — the official Peppol BIS and EN 16931
 * CII examples with unique invoice numbers, addressed to a body of the directory so that they pass
 * every stage, half as SBDH hand-offs on /peppol/v1/inbound, half as uploads on /api/v1/documents —
 * and reports ingest latency (p50/p95/max), end-to-end throughput (documents per second until every
 * document is delivered or final), reception → delivered latency (p50/p95, from each document's
 * events) and per-stage times.
 *
 * Closed loop (default): `--concurrency` clients send as fast as the hub answers. Open loop
 * (`--rate R`): one document every 1/R s whatever the hub does, the way traffic arrives.
 *
 * The reference, measured in the same run on the same documents: `npx einvoice validate` checking
 * them all in one process (rate = documents per second after its start-up), printed with the
 * ratio hub / CLI, because this machine is shared and absolute times drift.
 *
 * Without --url it starts its own hub (`services/main.ts`, API + workers in one process, fresh
 * data directory; `--database-url` a fresh database on that server instead of the embedded one)
 * on the Redis at REDIS_URL. With --url it needs EINVOICE_ADMIN_TOKEN.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { STAGES, TERMINAL_STATES } from '../core/documents/states';
import { openTestStore, type TestStore } from '../test/helpers/store';

const { values } = parseArgs({ options: {
  n: { type: 'string', default: '400' }, concurrency: { type: 'string', default: '8' }, rate: { type: 'string' },
  url: { type: 'string' }, 'database-url': { type: 'string' }, 'cpu-prof-dir': { type: 'string' }, 'node-flags': { type: 'string' },
} });
const N = Number(values.n);
const CONCURRENCY = Number(values.concurrency);
const RATE = values.rate === undefined ? null : Number(values.rate);
const EXAMPLES = path.resolve(__dirname, '..', '..', 'shared', 'examples');
const ROOT = path.resolve(__dirname, '..');

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

const load = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/**
 * The reference: `einvoice validate` over the run's documents in one process. The start-up (rule
 * packs loaded) is measured apart with one document and taken off, so the rate is that of checking.
 */
function cliRate(files: string[]): { rate: number; startup: number } {
  const run = (f: string[]): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'einvoice.js'), 'validate', '--json', ...f], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    if (r.status !== 0 && r.status !== 1) throw new Error(`einvoice validate exited with ${r.status}`);
    return performance.now() - t0;
  };
  run(files.slice(0, 1)); // file system caches, compiled rule cache
  const one = run(files.slice(0, 1));
  const all = run(files);
  return { rate: (files.length - 1) / ((all - one) / 1000), startup: one };
}

async function startHub(databaseUrl: string | undefined): Promise<{ url: string; token: string; stop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-bench-'));
  const token = crypto.randomBytes(16).toString('hex');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL') env[k] = v;
  Object.assign(env, { EINVOICE_DATA_DIR: dataDir, EINVOICE_ADMIN_TOKEN: token, PORT: '0', EINVOICE_QUEUE_PREFIX: `bench-${process.pid}-${Date.now()}`, EINVOICE_LOG_LEVEL: 'warn', EINVOICE_WORKER_METRICS_PORT: '0' });
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  const prof = values['cpu-prof-dir'] === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof-dir'])];
  const flags = (values['node-flags'] ?? '').split(/\s+/).filter((f) => f !== '');
  const child = spawn(process.execPath, [...flags, ...prof, '--require', 'tsx/cjs', path.join(ROOT, 'services', 'main.ts')], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (m: { ready?: boolean; port?: number }) => { if (m.ready && m.port) resolve(m.port); });
    child.once('exit', (c) => reject(new Error(`hub exited with ${c}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`, token,
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
  let db: TestStore | null = null;
  if (values['database-url'] !== undefined) {
    process.env.EINVOICE_TEST_DB = 'server';
    process.env.TEST_DATABASE_URL = values['database-url'];
    db = await openTestStore('bench-pipeline');
    await db.release();
  }
  const external = values.url !== undefined;
  const hub = external ? { url: values.url!, token: process.env.EINVOICE_ADMIN_TOKEN ?? '', stop: async () => undefined } : await startHub(db?.databaseUrl);
  if (hub.token === '') throw new Error('set EINVOICE_ADMIN_TOKEN for --url');
  const auth = { Authorization: `Bearer ${hub.token}` };
  // where a document's trip through the hub ends: delivered (acknowledging is the body's move), or a terminal state
  const settled = new Set<string>([...TERMINAL_STATES, 'delivered']);
  const docs = corpus();
  const run = crypto.randomBytes(3).toString('hex');
  // A body of the directory to address the documents to, so they go through every stage.
  const lookup = (await (await fetch(`${hub.url}/api/v1/bodies/lookup?q=finances`)).json()) as { items?: { peppolIdentifiers?: string[] }[] };
  const receiver = lookup.items?.find((b) => b.peppolIdentifiers?.length)?.peppolIdentifiers?.[0];
  if (!receiver) throw new Error('the directory has no addressable body (is EINVOICE_SEED_DIRECTORY=false?)');
  const countSettled = (m: Metrics, base: Metrics): number => [...m.entries()].filter(([k]) => k.startsWith('einvoice_documents{')).filter(([k]) => settled.has(/state="([^"]+)"/.exec(k)?.[1] ?? '')).reduce((a, [k, v]) => a + v - (base.get(k) ?? 0), 0);
  const bodyOf = (i: number): { handoff: boolean; body: string; headers: Record<string, string> } => {
    const doc = docs[i % docs.length]!;
    const xml = withNumber(doc, `B-${run}-${i}`);
    // half hand-offs (SBDH receiver = the body), half uploads (BT-49 = the body; CII always by hand-off)
    const handoff = i % 2 === 0 || doc.kind === 'cii';
    return handoff
      ? { handoff, body: sbdh(xml, `${run}-${i}`, receiver), headers: { ...auth, 'Content-Type': 'application/xml', 'X-AS4-Message-Id': `${run}-${i}@bench`, 'X-Peppol-Sending-AP': 'PDK000123' } }
      : { handoff, body: addressedTo(xml, receiver), headers: { ...auth, 'Content-Type': 'application/xml' } };
  };

  // the reference on the same documents (their business content; the envelope is unwrapped by the CLI)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-bench-cli-'));
  const files = Array.from({ length: N }, (_, i) => { const f = path.join(tmp, `${i}.xml`); fs.writeFileSync(f, bodyOf(i).body); return f; });
  const ref = cliRate(files);
  fs.rmSync(tmp, { recursive: true, force: true });

  // warm-up: a few documents through every stage (rule artefacts loaded in the worker threads)
  const before = await scrape(hub.url);
  for (let i = 0; i < 4; i++) {
    await fetch(`${hub.url}/api/v1/documents`, { method: 'POST', body: addressedTo(withNumber(docs[0]!, `WARM-${run}-${i}`), receiver), headers: { ...auth, 'Content-Type': 'application/xml' } });
  }
  const t0w = Date.now();
  while (countSettled(await scrape(hub.url), before) < 4 && Date.now() - t0w < 180_000) await new Promise((r) => setTimeout(r, 100));
  const base = await scrape(hub.url);

  const latencies: number[] = [];
  const ids: string[] = [];
  const send = async (i: number): Promise<void> => {
    const b = bodyOf(i);
    const s = performance.now();
    const res = await fetch(b.handoff ? `${hub.url}/peppol/v1/inbound` : `${hub.url}/api/v1/documents`, { method: 'POST', body: b.body, headers: b.headers });
    const body = (await res.json()) as { id?: string };
    latencies.push(performance.now() - s);
    if (res.status !== 202 || body.id === undefined) throw new Error(`document ${i}: HTTP ${res.status} ${JSON.stringify(body)}`);
    ids[i] = body.id;
  };
  const loadAtStart = load();
  const t0 = performance.now();
  if (RATE === null) {
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => { for (let i = next++; i < N; i = next++) await send(i); }));
  } else {
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(send(i));
    }
    await Promise.all(inflight);
  }
  const ingestSeconds = (performance.now() - t0) / 1000;
  let after = await scrape(hub.url);
  const probe: number[] = [];
  while (countSettled(after, base) < N) {
    await new Promise((r) => setTimeout(r, 200));
    const ps = performance.now();
    await (await fetch(`${hub.url}/api/v1/documents/${ids[0] ?? ''}`, { headers: auth })).arrayBuffer();
    probe.push(performance.now() - ps);
    after = await scrape(hub.url);
    if ((performance.now() - t0) / 1000 > 1800) throw new Error('not settled after 30 minutes');
  }
  const e2eSeconds = (performance.now() - t0) / 1000;

  // per document: reception → delivered, and each stage's queue wait + processing, from its events
  const e2e: number[] = [];
  const waits = new Map<string, number[]>();
  // the engine's own time per document (its phases: parse, XSD, each pack), as the validate stage recorded it
  const engineMs: number[] = [];
  let delivered = 0;
  for (const id of ids) {
    const d = (await (await fetch(`${hub.url}/api/v1/documents/${id}`, { headers: auth })).json()) as { status: string; receivedAt: string; events: { at: string; from: string | null; to: string; type: string; details?: { phases?: { ms: number }[] } }[] };
    if (d.status === 'delivered') delivered++;
    const phases = d.events.find((e) => e.from === 'received' && e.type === 'transition')?.details?.phases;
    if (phases) engineMs.push(phases.reduce((a, p) => a + p.ms, 0));
    const del = d.events.find((e) => e.to === 'delivered' && e.type === 'transition');
    if (del) e2e.push(Date.parse(del.at) - Date.parse(d.receivedAt));
    const tr = d.events.filter((e) => e.type === 'transition' || e.type === 'received');
    for (let i = 1; i < tr.length; i++) {
      const stage = STAGES.find((s) => s.input === tr[i]!.from)?.name ?? tr[i]!.to;
      waits.set(stage, [...(waits.get(stage) ?? []), Date.parse(tr[i]!.at) - Date.parse(tr[i - 1]!.at)]);
    }
  }
  const stageRows: string[] = [];
  const meanOf = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length);
  let validateMean = NaN;
  for (const s of STAGES) {
    let sum = 0; let count = 0;
    for (const [k, v] of after) {
      if (!k.includes(`stage="${s.name}"`)) continue;
      if (k.startsWith('einvoice_stage_duration_seconds_sum')) sum += v - (base.get(k) ?? 0);
      if (k.startsWith('einvoice_stage_duration_seconds_count')) count += v - (base.get(k) ?? 0);
    }
    if (s.name === 'validate' && count > 0) validateMean = (sum / count) * 1000;
    const w = (waits.get(s.name) ?? []).sort((a, b) => a - b);
    stageRows.push(`  ${s.name}: mean processing ${count ? ((sum / count) * 1000).toFixed(1) : '-'} ms; queue wait + processing p50 ${pct(w, 50).toFixed(0)} ms, p95 ${pct(w, 95).toFixed(0)} ms`);
  }
  const states = [...after.entries()].filter(([k]) => k.startsWith('einvoice_documents{')).map(([k, v]) => `${/state="([^"]+)"/.exec(k)?.[1]}=${v - (base.get(k) ?? 0)}`).filter((x) => !x.endsWith('=0'));
  latencies.sort((a, b) => a - b);
  e2e.sort((a, b) => a - b);
  const rate = N / e2eSeconds;
  const lines = [
    `bench:pipeline — ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}, load at start ${loadAtStart}, at end ${load()}`,
    `documents: ${N} (${docs.length} distinct examples, half SBDH hand-offs, half uploads), ${RATE === null ? `${CONCURRENCY} concurrent clients (closed loop)` : `offered at ${RATE} documents/s (open loop)`}, hub ${external ? hub.url : `spawned (API + workers in one process, ${db === null ? 'embedded PGlite' : 'PostgreSQL server'})`}`,
    `final states: ${states.join(', ')}; delivered ${delivered}/${N}`,
    `ingest latency: p50 ${pct(latencies, 50).toFixed(1)} ms, p95 ${pct(latencies, 95).toFixed(1)} ms, max ${pct(latencies, 100).toFixed(1)} ms; all ${N} accepted in ${ingestSeconds.toFixed(2)} s`,
    `reception → delivered: p50 ${pct(e2e, 50).toFixed(0)} ms, p95 ${pct(e2e, 95).toFixed(0)} ms, max ${pct(e2e, 100).toFixed(0)} ms`,
    `end to end: ${e2eSeconds.toFixed(2)} s → ${rate.toFixed(1)} documents/s`,
    `reference, einvoice validate in one process on the same documents: ${ref.rate.toFixed(1)} documents/s (start-up ${(ref.startup / 1000).toFixed(1)} s taken off) → ratio hub / CLI ${(rate / ref.rate).toFixed(2)}`,
    `API while the queues drain (GET /api/v1/documents/{id}, ${probe.length} probes): p50 ${pct(probe.sort((a, b) => a - b), 50).toFixed(1)} ms, p95 ${pct(probe, 95).toFixed(1)} ms`,
    'stages (processing from the workers\' histograms; wait + processing from the events):',
    ...stageRows,
    `validate stage around the engine (mean processing − mean engine phases ${meanOf(engineMs).toFixed(1)} ms): ${(validateMean - meanOf(engineMs)).toFixed(1)} ms a document`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await hub.stop();
  await db?.close();
}

main().catch((err: unknown) => { process.stderr.write(`bench:pipeline: ${(err as Error).message}\n`); process.exit(1); });
