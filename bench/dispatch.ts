/**
 * `npm run bench:dispatch` — dispatch speed:
 *  1. the dispatch stage (rendered → delivered: summary from the model, inbox row, delivery row) per document;
 *  2. webhook deliveries per second to a local receiver (a separate Node process answering 204),
 *     signed, recorded (attempt row + event) — with the default concurrency of 16 requests in flight;
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
import { closeDatabase, openDatabase } from '../db/client';
import { attachFile, FileStore } from '../db/file-store';
import { saveBodies } from '../db/directory/store';
import { documents, events } from '../db/schema';
import { createApp } from '../services/app';
import { createToken } from '../services/auth';
import type { AppDeps } from '../services/deps';
import { PipelineMetrics } from '../workers/metrics';
import { startSender } from '../workers/dispatch/sender';
import { dispatchStage } from '../workers/dispatch/stage';
import { createWebhook } from '../workers/dispatch/store';
import type { StageName } from '../workers/stage-contract';

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
const body = (id: string): Parameters<typeof saveBodies>[1][number] => ({
  id, type: 'commune', parentId: null, status: 'active', names: { fr: `Commune ${id}`, de: `Gemeng ${id}` }, validFrom: '2020-01-01', validTo: null,
  language: 'fr', identifiers: [], successors: [], requiredReferences: [], routingRules: [], contacts: [],
});

function rendered(db: ReturnType<typeof openDatabase>, files: FileStore, bodyId: string, n: number): string {
  const id = crypto.randomUUID();
  const xml = Buffer.from(BASE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>B-${n}</cbc:ID>`));
  const sha = files.put(xml);
  const at = new Date().toISOString();
  db.transaction((tx) => {
    tx.insert(documents).values({ id, state: 'rendered', version: 1, channel: 'api', receivedAt: at, updatedAt: at, submittedBy: 'bench', originalSha256: sha, payloadSha256: sha, sizeBytes: xml.length, invoiceNumber: `B-${n}`, issueDate: '2017-11-13', sellerKey: 'GB1232434', resolvedBodyId: bodyId }).run();
    tx.insert(events).values({ documentId: id, seq: 1, at, actor: 'bench', type: 'transition', fromState: 'routed', toState: 'rendered', details: '{}' }).run();
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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-bench-dispatch-'));
  const db = openDatabase(dir);
  const files = new FileStore(dir);
  const out: string[] = [];
  const log = (s: string): void => { console.log(s); out.push(s); };
  try {
    saveBodies(db, [body('commune-big'), body('commune-hook')], { actor: 'bench', source: 'api', effectiveFrom: '2020-01-01', now: new Date() });
    const deps = { db, files, dataDir: dir, logger: silent, clock: () => new Date() };

    // 1 + 2: stage and webhook deliveries
    const rx = await startReceiverProcess();
    createWebhook(db, 'commune-hook', rx.url, 'whsec_bench', new Date());
    const ids: string[] = [];
    for (let i = 0; i < DELIVERIES; i++) ids.push(rendered(db, files, 'commune-hook', i));
    let t0 = performance.now();
    for (const id of ids) await dispatchStage(id, deps);
    const stageMs = performance.now() - t0;
    log(`dispatch stage: ${DELIVERIES} documents in ${Math.round(stageMs)} ms → ${r2(stageMs / DELIVERIES)} ms/doc (${Math.round(DELIVERIES / (stageMs / 1000))} docs/s)`);
    t0 = performance.now();
    const sender = startSender(db, { timeoutMs: 10_000, backoffMs: 1000, maxBackoffMs: 60_000, retryWindowMs: 3_600_000, concurrency: 16, pollMs: 5, publicUrl: 'http://localhost:8080' }, silent);
    while (sender.stats().delivered < DELIVERIES) await new Promise((r) => setTimeout(r, 5));
    const sendMs = performance.now() - t0;
    await sender.stop();
    rx.stop();
    const rt = db.$client.prepare('select avg(duration_ms) a, max(duration_ms) m from webhook_attempts').get() as { a: number; m: number };
    log(`webhook deliveries: ${DELIVERIES} in ${Math.round(sendMs)} ms → ${Math.round(DELIVERIES / (sendMs / 1000))} deliveries/s (16 in flight, receiver in another process, each recorded as attempt row + event; HTTP round trip avg ${r2(rt.a)} ms, max ${rt.m} ms)`);

    // 3: 100,000 documents in one inbox, written directly (90 % acknowledged, 10 % new at random)
    t0 = performance.now();
    const sqlite = db.$client;
    const insDoc = sqlite.prepare(`insert into documents (id, state, version, channel, received_at, updated_at, submitted_by, original_sha256, payload_sha256, size_bytes, invoice_number, issue_date, seller_key, resolved_body_id) values (?, ?, 1, 'api', ?, ?, 'bench', ?, ?, 1000, ?, ?, ?, 'commune-big')`);
    const insItem = sqlite.prepare(`insert into inbox_items (document_id, body_id, status, delivered_at, supplier_name, supplier_key, invoice_number, issue_date, summary) values (?, 'commune-big', ?, ?, ?, ?, ?, ?, ?)`);
    const sha = files.put(Buffer.from(BASE));
    const pdfSha = files.put(Buffer.from('%PDF-1.4\n%%EOF\n'));
    const suppliers = Array.from({ length: 500 }, (_, i) => ({ name: `Supplier ${i} SARL`, key: `LU${String(10_000_000 + i)}` }));
    const start = Date.now() - DOCS * 60_000;
    const docIds: string[] = [];
    for (let b = 0; b < DOCS; b += 5000) {
      sqlite.transaction(() => {
        for (let i = b; i < Math.min(DOCS, b + 5000); i++) {
          const id = crypto.randomUUID();
          docIds.push(id);
          const s = suppliers[i % suppliers.length]!;
          const at = new Date(start + i * 60_000).toISOString();
          const status = Math.random() < 0.1 ? 'new' : 'acknowledged';
          const summary = JSON.stringify({ kind: 'invoice', number: `N-${i}`, issueDate: at.slice(0, 10), currency: 'EUR', seller: { name: s.name, vatId: s.key }, totals: { due: '1234.50' } });
          insDoc.run(id, status === 'new' ? 'delivered' : 'acknowledged', at, at, sha, sha, `N-${i}`, at.slice(0, 10), s.key);
          insItem.run(id, status, at, s.name, s.key, `N-${i}`, at.slice(0, 10), summary);
        }
      })();
    }
    const sample = docIds.filter((_, i) => i % 997 === 0);
    db.transaction((tx) => { for (const id of sample) attachFile(tx, id, 'pdf', pdfSha, 15, 'application/pdf', new Date().toISOString()); });
    sqlite.pragma('optimize');
    log(`inbox of ${DOCS} documents written in ${Math.round(performance.now() - t0)} ms`);

    const appDeps: AppDeps = {
      db, files, dataDir: dir, logger: silent, queues: null, available: new Set<StageName>(['validate', 'route', 'dispatch']),
      metrics: new PipelineMetrics({ defaultMetrics: false }), adminToken: undefined, maxDocumentBytes: 50 << 20, dedupWindowSeconds: 3600, clock: () => new Date(),
    };
    const server = http.createServer(createApp(appDeps));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { token } = createToken(db, { name: 'bench', scope: 'body', subject: 'commune-big' });

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
    // a cursor ~half-way through the inbox
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) cursor = String((await get(`${base}/inbox/v1/documents?limit=500${cursor ? `&cursor=${cursor}` : ''}`, token)).json().nextCursor);
    const mid = cursor;
    let k = 0;
    await measure('`GET /inbox/v1/documents?status=new&limit=50` (first page)', () => `${base}/inbox/v1/documents?status=new&limit=50`);
    await measure('`GET /inbox/v1/documents?limit=50&cursor=…` (5,000 documents in)', () => `${base}/inbox/v1/documents?limit=50&cursor=${mid}`);
    await measure('`GET /inbox/v1/documents?status=new&limit=50&cursor=…` (5,000 in)', () => `${base}/inbox/v1/documents?status=new&limit=50&cursor=${mid}`);
    await measure('`GET /inbox/v1/documents?supplier=LU10000123&limit=50`', () => `${base}/inbox/v1/documents?supplier=LU10000123&limit=50`);
    await measure('`GET /inbox/v1/documents?supplier=supplier 123 sarl&limit=50` (name part)', () => `${base}/inbox/v1/documents?supplier=supplier%20123%20sarl&limit=50`);
    await measure('`GET /inbox/v1/documents?since=…&until=…` (one day)', () => `${base}/inbox/v1/documents?since=${new Date(start + 50_000 * 60_000).toISOString().slice(0, 10)}&until=${new Date(start + 50_000 * 60_000).toISOString().slice(0, 10)}&limit=50`);
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
    log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
  } finally {
    closeDatabase(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exit(1); });
