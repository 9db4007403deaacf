/**
 * `npm run bench:dispatch` — dispatch speed, on the embedded database (PGlite in a temporary
 * directory) or on a PostgreSQL server (`DATABASE_URL`, a database the benchmark may fill):
 *  1. the dispatch stage (rendered → delivered: the derived summary read, inbox row, delivery row, transition event) per document;
 *  2. webhook deliveries per second to a local receiver (a separate Node process answering 204),
 *     signed, the URL checked before each attempt, recorded (attempt row + event) — 16 requests in flight;
 *  3. pull-API latency with 100,000 documents in one inbox (real HTTP on 127.0.0.1): first page of
 *     `status=new`, pages deep in the cursor walk, a supplier filter, one document's metadata, an XML
 *     download (with its event) and an acknowledgement; and the time to walk the whole inbox.
 *
 * Options: `--docs N` (inbox size, default 100000), `--deliveries N` (default 2000), `--rounds N` (default 200).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createToken } from '../core/accounts/tokens';
import type { BodyInput } from '../core/directory/types';
import { saveBodies } from '../core/directory/write';
import type { SenderSettings } from '../core/dispatch/sender';
import { attemptDurations, insertWebhook } from '../db/repositories/dispatch';
import { attachFile, insertDocument, insertEvent } from '../db/repositories/documents';
import { openStore, type StoreHandle } from '../db/store';
import { readInvoice, summarize } from '../model';
import { createApp } from '../services/app';
import type { AppDeps } from '../services/deps';
import { startSender } from '../workers/dispatch/background';
import { dispatchStage } from '../workers/dispatch/stage';
import { PipelineMetrics } from '../workers/metrics';
import type { StageDeps } from '../workers/stage-contract';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const r2 = (x: number): number => Math.round(x * 100) / 100;

const DOCS = arg('--docs', 100_000);
const DELIVERIES = arg('--deliveries', 2000);
const ROUNDS = arg('--rounds', 200);
const silent = pino({ level: 'silent' });
const BASE = fs.readFileSync(path.resolve(__dirname, '..', '..', 'shared', 'examples', 'peppol-billing', 'base-example.xml'), 'utf8');
const body = (id: string): BodyInput => ({
  id, type: 'commune', parentId: null, status: 'active', names: { fr: `Commune ${id}`, de: `Gemeng ${id}` }, validFrom: '2020-01-01', validTo: null,
  language: 'fr', identifiers: [], successors: [], requiredReferences: [], routingRules: [], contacts: [],
});
const NO_CPU: StageDeps['cpu'] = { validate: () => Promise.reject(new Error('not here')), render: () => Promise.reject(new Error('not here')) };

/** A document as the render stage leaves it: `rendered`, with its derived summary. */
async function rendered(store: StoreHandle, bodyId: string, n: number): Promise<string> {
  const id = crypto.randomUUID();
  const xml = Buffer.from(BASE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>B-${n}</cbc:ID>`));
  const summary = Buffer.from(JSON.stringify(summarize(readInvoice(xml))));
  const [sha, summarySha] = [await store.blobs.put(xml), await store.blobs.put(summary)];
  const at = new Date().toISOString();
  await store.db.transaction(async (tx) => {
    await insertDocument(tx, { id, state: 'rendered', version: 1, channel: 'api', receivedAt: at, updatedAt: at, submittedBy: 'bench', originalSha256: sha, payloadSha256: sha, sizeBytes: xml.length, invoiceNumber: `B-${n}`, issueDate: '2017-11-13', sellerKey: 'GB1232434', resolvedBodyId: bodyId });
    await insertEvent(tx, { documentId: id, seq: 1, at, actor: 'bench', type: 'transition', fromState: 'routed', toState: 'rendered', details: {} });
    await attachFile(tx, id, 'summary', summarySha, summary.length, 'application/json', at);
  });
  return id;
}

async function startReceiverProcess(): Promise<{ url: string; stop: () => void }> {
  const code = `const http=require('http');let n=0;const s=http.createServer((q,r)=>{q.resume();q.on('end',()=>{n++;r.writeHead(204);r.end();});});s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>process.stdout.write(String(s.address().port)+'\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => child.kill() };
}

async function get(url: string, token: string, init: RequestInit = {}): Promise<{ ms: number; status: number; json: () => Record<string, unknown> }> {
  const t0 = performance.now();
  const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { ms: performance.now() - t0, status: res.status, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** 1 + 2: the stage, then the webhook sender to a receiver in another process. */
async function stageAndSender(store: StoreHandle, log: (s: string) => void): Promise<void> {
  const deps: StageDeps = { store, cpu: NO_CPU, logger: silent, clock: () => new Date() };
  const rx = await startReceiverProcess();
  const at = new Date().toISOString();
  await insertWebhook(store.db, { id: crypto.randomUUID(), bodyId: 'commune-hook', url: rx.url, secret: 'whsec_bench', previousSecret: null, previousSecretUntil: null, createdAt: at, updatedAt: at, disabledAt: null });
  const ids: string[] = [];
  for (let i = 0; i < DELIVERIES; i++) ids.push(await rendered(store, 'commune-hook', i));
  let t0 = performance.now();
  for (const id of ids) await dispatchStage(id, deps);
  const stageMs = performance.now() - t0;
  log(`dispatch stage: ${DELIVERIES} documents in ${Math.round(stageMs)} ms → ${r2(stageMs / DELIVERIES)} ms/doc (${Math.round(DELIVERIES / (stageMs / 1000))} docs/s)`);
  t0 = performance.now();
  const settings: SenderSettings = { timeoutMs: 10_000, backoffMs: 1000, maxBackoffMs: 60_000, retryWindowMs: 3_600_000, concurrency: 16, pollMs: 5, publicUrl: 'http://localhost:8080', outbound: { allowHttpHosts: ['127.0.0.1'] } };
  const sender = startSender(store, settings, silent);
  while (sender.stats().delivered < DELIVERIES) await new Promise((r) => setTimeout(r, 5));
  const sendMs = performance.now() - t0;
  await sender.stop();
  rx.stop();
  const rt = await attemptDurations(store.db);
  log(`webhook deliveries: ${DELIVERIES} in ${Math.round(sendMs)} ms → ${Math.round(DELIVERIES / (sendMs / 1000))} deliveries/s (16 in flight, receiver in another process, URL checked before each attempt, each recorded as attempt row + event; HTTP round trip avg ${r2(rt.avgMs)} ms, max ${rt.maxMs} ms)`);
}

/** 3: an inbox of DOCS documents written in SQL (90 % acknowledged, 10 % new at random, 500 suppliers). */
async function bigInbox(store: StoreHandle): Promise<string[]> {
  const sha = await store.blobs.put(Buffer.from(BASE));
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const pdfSha = await store.blobs.put(pdf);
  const start = new Date(Date.now() - DOCS * 60_000).toISOString();
  await store.db.execute(`
    insert into documents (id, state, version, channel, received_at, updated_at, submitted_by, original_sha256, payload_sha256, size_bytes, invoice_number, issue_date, seller_key, resolved_body_id)
    select gen_random_uuid()::text, case when random() < 0.1 then 'delivered' else 'acknowledged' end, 1, 'api', ts, ts, 'bench', '${sha}', '${sha}', 1000,
           'N-' || i, to_char(ts at time zone 'UTC', 'YYYY-MM-DD'), 'LU' || (10000000 + i % 500), 'commune-big'
    from (select i, timestamptz '${start}' + i * interval '1 minute' as ts from generate_series(0, ${DOCS - 1}) i) g`);
  await store.db.execute(`
    insert into inbox_items (document_id, body_id, status, delivered_at, supplier_name, supplier_key, invoice_number, issue_date, summary)
    select d.id, 'commune-big', case when d.state = 'delivered' then 'new' else 'acknowledged' end, d.received_at,
           'Supplier ' || (substr(d.seller_key, 3)::int - 10000000) || ' SARL', d.seller_key, d.invoice_number, d.issue_date,
           jsonb_build_object('kind', 'invoice', 'number', d.invoice_number, 'issueDate', d.issue_date, 'currency', 'EUR',
             'seller', jsonb_build_object('name', 'Supplier ' || (substr(d.seller_key, 3)::int - 10000000) || ' SARL', 'vatId', d.seller_key), 'totals', jsonb_build_object('due', '1234.50'))
    from documents d where d.resolved_body_id = 'commune-big' order by d.received_at`);
  await store.db.execute('analyze');
  const ids = (await store.db.execute(`select document_id from inbox_items where body_id = 'commune-big' order by seq`) as unknown as { rows: { document_id: string }[] }).rows.map((r) => r.document_id);
  const at = new Date().toISOString();
  await store.db.transaction(async (tx) => { for (const id of ids.filter((_, i) => i % 997 === 0)) await attachFile(tx, id, 'pdf', pdfSha, pdf.length, 'application/pdf', at); });
  return ids;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-bench-dispatch-'));
  const store = await openStore({ dataDir: dir, databaseUrl: process.env.DATABASE_URL });
  const out: string[] = [];
  const log = (s: string): void => { console.log(s); out.push(s); };
  try {
    log(`database: ${store.mode === 'server' ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PGlite'}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const saved = await saveBodies(store, [body('commune-big'), body('commune-hook')], { actor: 'bench', source: 'api', effectiveFrom: '2020-01-01' });
    if (!saved.ok) throw new Error(`bodies: ${JSON.stringify([...saved.errors])}`);
    await stageAndSender(store, log);

    let t0 = performance.now();
    const docIds = await bigInbox(store);
    log(`inbox of ${DOCS} documents written in ${Math.round(performance.now() - t0)} ms`);

    const appDeps: AppDeps = {
      store, pingDatabase: store.ping, logger: silent, queues: null, cpu: { validateReport: () => Promise.reject(new Error('not here')), render: () => Promise.reject(new Error('not here')) },
      metrics: new PipelineMetrics({ defaultMetrics: false }), adminToken: undefined, maxDocumentBytes: 50 << 20, dedupWindowSeconds: 3600, clock: () => new Date(),
    };
    const server = http.createServer(createApp(appDeps));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { token } = await createToken(store, { name: 'bench', scope: 'body', subject: 'commune-big' });

    const rows: string[] = [];
    const measure = async (label: string, url: () => string, init?: RequestInit): Promise<void> => {
      for (let i = 0; i < 10; i++) await get(url(), token, init); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const r = await get(url(), token, init);
        if (r.status !== 200) throw new Error(`${label}: HTTP ${r.status}`);
        ms.push(r.ms);
      }
      ms.sort((a, b) => a - b);
      rows.push(`| ${label} | ${r2(pct(ms, 50))} | ${r2(pct(ms, 95))} |`);
    };
    // a cursor ~5,000 documents into the inbox
    let cursor: string | null = null;
    let mid = '';
    for (let i = 0; i < 10; i++) {
      cursor = (await get(`${base}/inbox/v1/documents?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token)).json().nextCursor as string | null;
      if (cursor === null) break;
      mid = cursor;
    }
    const day = new Date(Date.now() - (DOCS / 2) * 60_000).toISOString().slice(0, 10);
    let k = 0;
    await measure('`GET /inbox/v1/documents?status=new&limit=50` (first page)', () => `${base}/inbox/v1/documents?status=new&limit=50`);
    await measure('`GET /inbox/v1/documents?limit=50&cursor=…` (5,000 documents in)', () => `${base}/inbox/v1/documents?limit=50&cursor=${mid}`);
    await measure('`GET /inbox/v1/documents?status=new&limit=50&cursor=…` (5,000 in)', () => `${base}/inbox/v1/documents?status=new&limit=50&cursor=${mid}`);
    await measure('`GET /inbox/v1/documents?supplier=LU10000123&limit=50`', () => `${base}/inbox/v1/documents?supplier=LU10000123&limit=50`);
    await measure('`GET /inbox/v1/documents?supplier=supplier 123 sarl&limit=50` (name part)', () => `${base}/inbox/v1/documents?supplier=supplier%20123%20sarl&limit=50`);
    await measure('`GET /inbox/v1/documents?since=…&until=…` (one day)', () => `${base}/inbox/v1/documents?since=${day}&until=${day}&limit=50`);
    await measure('`GET /inbox/v1/documents/{id}` (metadata)', () => `${base}/inbox/v1/documents/${docIds[(k++ * 7919) % docIds.length]}`);
    await measure('`GET /inbox/v1/documents/{id}/xml` (download + event)', () => `${base}/inbox/v1/documents/${docIds[(k++ * 7919) % docIds.length]}/xml`);
    await measure('`POST /inbox/v1/documents/{id}/ack`', () => `${base}/inbox/v1/documents/${docIds[(k++ * 7919) % docIds.length]}/ack`, { method: 'POST' });
    t0 = performance.now();
    let pages = 0;
    cursor = null;
    let seen = 0;
    do {
      const j = (await get(`${base}/inbox/v1/documents?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token)).json() as { items: unknown[]; nextCursor: string | null };
      seen += j.items.length;
      cursor = j.nextCursor;
      pages++;
    } while (cursor !== null);
    const walkMs = performance.now() - t0;
    server.closeAllConnections();
    server.close();
    log(`\npull API, one inbox of ${DOCS} documents (${ROUNDS} requests each, sequential, real HTTP on 127.0.0.1):\n`);
    log('| request | median ms | p95 ms |');
    log('|---|---|---|');
    for (const r of rows) log(r);
    log(`\nwhole inbox walked with the cursor (limit=500): ${seen} documents in ${pages} pages, ${Math.round(walkMs)} ms`);
    log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
