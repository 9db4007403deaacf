/** Shared helpers of the pipeline and services tests: synthetic documents, temp dirs, Redis prefixes, spawned hub processes. */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { config } from '../../config';
import { createApp } from '../../services/app';
import type { AppDeps } from '../../services/deps';
import { CpuPool } from '../../workers/cpu/pool';
import { PipelineMetrics } from '../../workers/metrics';
import { PipelineQueues } from '../../workers/queues';
import { startWorkers, type WorkerHandle } from '../../workers/worker';
import { openTestStore, type TestStore } from '../helpers/store';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ROOT = config.projectRoot;
export const EXAMPLES = path.resolve(ROOT, '..', 'shared', 'examples');
const BASE = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'), 'utf8');

/** The Peppol BIS base example with its invoice number (BT-1) replaced: a small valid invoice. */
export function invoice(number: string): Buffer {
  if (!BASE.includes('<cbc:ID>Snippet1</cbc:ID>')) throw new Error('base example changed');
  return Buffer.from(BASE.replace('<cbc:ID>Snippet1</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`), 'utf8');
}

/** An invalid invoice: the base example without its currency code (BT-5 is mandatory). */
export function invalidInvoice(number: string): Buffer {
  return Buffer.from(invoice(number).toString('utf8').replace(/<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''), 'utf8');
}

export { sbdh } from '../helpers/sbdh';

export { tmpDir, openTestStore, type TestStore } from '../helpers/store';

export function uniquePrefix(name: string): string {
  return `t-${name}-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

/** Deletes every key of a BullMQ prefix (SCAN + DEL): what FLUSHALL would do to these queues, without touching anyone else's keys. */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

export { waitFor } from '../helpers/wait';

export const silent = pino({ level: 'silent' });

export interface TestServer { url: string; deps: AppDeps; server: http.Server; close: () => Promise<void> }

/**
 * The real app on a real HTTP port, in this process, over a test store. Without `cpu`, portal checks
 * run in a CPU pool of one thread of its own (made on first use, closed with the server).
 */
export async function startTestServer(store: TestStore, o: { queues?: PipelineQueues | null; adminToken?: string; maxDocumentBytes?: number; metrics?: PipelineMetrics; cpu?: AppDeps['cpu']; clock?: () => Date } = {}): Promise<TestServer> {
  let pool: CpuPool | null = null;
  const cpu: AppDeps['cpu'] = o.cpu ?? {
    validateReport: (bytes, opts) => (pool ??= new CpuPool({ size: 1 })).validateReport(bytes, opts),
    render: (job) => (pool ??= new CpuPool({ size: 1 })).render(job),
  };
  const deps: AppDeps = {
    store, pingDatabase: store.ping, logger: silent, queues: o.queues ?? null, cpu,
    metrics: o.metrics ?? new PipelineMetrics({ defaultMetrics: false }),
    adminToken: o.adminToken ?? 'admin-secret', maxDocumentBytes: o.maxDocumentBytes ?? 50 * 1024 * 1024, dedupWindowSeconds: 3600, clock: o.clock ?? (() => new Date()),
  };
  const server = http.createServer(createApp(deps));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`, deps, server,
    close: async () => {
      await new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
      await pool?.close();
    },
  };
}

/** The environment a spawned hub process needs to use a test store's database (server mode) and data directory. */
export function storeEnv(store: TestStore): Record<string, string> {
  return { EINVOICE_DATA_DIR: store.dataDir, ...(store.databaseUrl !== undefined ? { DATABASE_URL: store.databaseUrl } : {}) };
}

export interface HubProcess { child: ChildProcess; port: number | null; output: () => string; exited: Promise<number | null> }

/** Spawns `services/main.ts` (real process, plain node with the tsx hook) and waits until it is ready. */
export async function spawnHub(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<HubProcess> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS') childEnv[k] = v;
  Object.assign(childEnv, { EINVOICE_LOG_LEVEL: 'warn', EINVOICE_WORKER_METRICS_PORT: '0', PORT: '0' }, env);
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(ROOT, 'services', 'main.ts'), ...args], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (out.length > 200_000) out = out.slice(-100_000); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); if (out.length > 200_000) out = out.slice(-100_000); });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const port = await new Promise<number | null>((resolve, reject) => {
    // a hub that never gets ready is killed: the caller has no handle to stop it
    const t = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`hub not ready within ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
    child.on('message', (m: { ready?: boolean; port?: number | null }) => { if (m.ready) { clearTimeout(t); resolve(m.port ?? null); } });
    void exited.then((code) => { clearTimeout(t); reject(new Error(`hub exited with ${code}:\n${out}`)); });
  });
  return { child, port, output: () => out, exited };
}

export async function post(url: string, body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
  const text = await res.text();
  let json: Record<string, unknown>;
  try { json = JSON.parse(text) as Record<string, unknown>; } catch { json = { text }; }
  return { status: res.status, json, headers: res.headers };
}

/**
 * A batch of n realistic submissions for the recovery tests: every `validEvery`-th one a valid
 * Peppol invoice (full XSD + Schematron), the others documents the validator rejects quickly
 * (malformed XML, an unknown root, a UBL invoice without specification identifier), so a batch
 * of 200 exercises every path without taking minutes of Schematron time.
 */
export function mixedBatch(n: number, tag: string, validEvery = 5): { bytes: Buffer; valid: boolean }[] {
  const out: { bytes: Buffer; valid: boolean }[] = [];
  for (let i = 0; i < n; i++) {
    const num = `${tag}-${i}`;
    if (i % validEvery === 0) { out.push({ bytes: invoice(num), valid: true }); continue; }
    const k = i % 3;
    const bytes = k === 0 ? Buffer.from(`<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>${num}</ID>`)
      : k === 1 ? Buffer.from(`<?xml version="1.0"?><Order xmlns="urn:example:order"><ID>${num}</ID></Order>`)
        : Buffer.from(invoice(num).toString('utf8').replace(/<cbc:CustomizationID>.*<\/cbc:CustomizationID>/, ''));
    out.push({ bytes, valid: false });
  }
  return out;
}

/** Starts a private redis-server on a free port (for tests that flush or kill Redis). */
export async function startPrivateRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  for (let tries = 0; tries < 5; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const url = `redis://127.0.0.1:${port}`;
    for (let i = 0; i < 30; i++) {
      if (child.exitCode !== null) break;
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined);
      const ok = await r.connect().then(() => r.ping()).then((p) => p === 'PONG', () => false);
      r.disconnect();
      if (ok) return { url, stop: async () => { child.kill('SIGTERM'); await exited; } };
      await new Promise((res) => setTimeout(res, 100));
    }
    child.kill('SIGKILL');
    await exited;
  }
  throw new Error('could not start a private redis-server');
}

/** Posts the batch to the upload API, a few requests at a time; returns the ids in order. */
export async function postBatch(url: string, token: string, batch: { bytes: Buffer }[], parallel = 4): Promise<string[]> {
  const ids: string[] = new Array<string>(batch.length);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < batch.length) {
      const i = next++;
      const item = batch[i];
      if (item === undefined) continue;
      const r = await post(`${url}/api/v1/documents`, item.bytes, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/xml' });
      if (r.status !== 202) throw new Error(`upload ${i}: ${r.status} ${JSON.stringify(r.json)}`);
      ids[i] = String(r.json.id);
    }
  }));
  return ids;
}

export interface RunningPipeline { prefix: string; store: TestStore; srv: TestServer; queues: PipelineQueues; workers: WorkerHandle; close: () => Promise<void> }

/** The API (real HTTP) and the workers of every stage on real Redis (own prefix) and a test store (own data directory and database). */
export async function startPipeline(name: string, o: { attempts: number; stageConcurrency: number; lockMs: number; reconcileAfterMs: number }): Promise<RunningPipeline> {
  const prefix = uniquePrefix(name);
  const store = await openTestStore(name);
  const queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: o.attempts, backoffMs: 100 });
  const workers = await startWorkers({
    redisUrl: REDIS_URL, prefix, store, logger: silent, validateConcurrency: 1, stageConcurrency: o.stageConcurrency,
    attempts: o.attempts, backoffMs: 100, lockMs: o.lockMs, reconcileIntervalMs: 0, reconcileAfterMs: o.reconcileAfterMs,
  });
  const srv = await startTestServer(store, { queues, cpu: workers.cpu ?? undefined });
  return {
    prefix, store, srv, queues, workers,
    close: async () => {
      await workers.close();
      await srv.close();
      await queues.close();
      await deletePrefix(REDIS_URL, prefix);
      await store.close();
    },
  };
}

/** Document counts by state, as a hub process reports them on /metrics (read from its database). */
export async function stateCounts(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^einvoice_documents\{state="([a-z_]+)"\} (\d+)$/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

/** How many documents a hub holds and how many of them no stage will move on (terminal, or delivered). */
export async function settledCount(baseUrl: string, settled: (state: string) => boolean): Promise<{ total: number; settled: number }> {
  const c = await stateCounts(baseUrl);
  let total = 0;
  let done = 0;
  for (const [state, n] of c) { total += n; if (settled(state)) done += n; }
  return { total, settled: done };
}

/** Stops a spawned hub gracefully (SIGTERM) and returns its exit code. */
export async function stopHub(h: HubProcess): Promise<number | null> {
  if (h.child.exitCode !== null || h.child.signalCode !== null) return h.child.exitCode;
  h.child.kill('SIGTERM');
  return h.exited;
}
