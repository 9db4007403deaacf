/**
 * A hub cluster on this machine, as it would run on several hosts: one API process and N worker
 * processes, each with its OWN empty data directory (no shared folder), one PostgreSQL database of
 * its own (server mode), one Redis (own queue prefix), and a webhook receiver standing for a body's
 * system. Shared by the scale-out test (test/storage/server-only/cluster.test.ts) and
 * `npm run bench:cluster`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client';
import { deletePrefix, invoice, REDIS_URL, sbdh, settledCount, spawnHub, stopHub, uniquePrefix, type HubProcess } from '../pipeline/helpers';
import { openTestStore, tmpDir, type TestStore } from './store';

export interface WebhookReceiver {
  url: string;
  /** Event ids received per document id (a retried event keeps its id). */
  events: Map<string, Set<string>>;
  posts: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const events = new Map<string, Set<string>>();
  const r: WebhookReceiver = { url: '', events, posts: 0, close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      r.posts++;
      try {
        const e = JSON.parse(body) as { id?: string; documentId?: string; data?: { documentId?: string } };
        const doc = e.documentId ?? e.data?.documentId ?? 'unknown';
        const id = String(req.headers['x-einvoice-event-id'] ?? e.id ?? '');
        if (!events.has(doc)) events.set(doc, new Set());
        events.get(doc)!.add(id);
      } catch {
        // counted in posts; a malformed event makes the test's checks fail
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  r.close = () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); });
  return r;
}

export interface Cluster {
  apiUrl: string;
  token: string;
  store: TestStore;
  api: HubProcess;
  workers: HubProcess[];
  receiver: WebhookReceiver;
  /** The Peppol identifier (`scheme:value`) of the body every document is addressed to. */
  participant: string;
  bodyId: string;
  startWorker(): Promise<HubProcess>;
  stop(): Promise<void>;
}

export async function startCluster(o: { workers: number; name: string; validateConcurrency?: number }): Promise<Cluster> {
  const store = await openTestStore(o.name);
  if (store.databaseUrl === undefined) throw new Error('a cluster needs a PostgreSQL server (EINVOICE_TEST_DB=server, TEST_DATABASE_URL)');
  await store.release();
  const prefix = uniquePrefix(o.name);
  const token = crypto.randomBytes(16).toString('hex');
  const receiver = await startWebhookReceiver();
  const dirs: string[] = [];
  const common = (role: string): Record<string, string> => {
    const dataDir = tmpDir(`${o.name}-${role}`);
    dirs.push(dataDir);
    return {
      EINVOICE_DATA_DIR: dataDir, DATABASE_URL: store.databaseUrl ?? '', REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: token,
      EINVOICE_WEB_SECRET: token, EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1', EINVOICE_WEBHOOK_POLL_MS: '200', EINVOICE_WEBHOOK_BACKOFF_MS: '500',
      EINVOICE_JOB_LOCK_MS: '3000', EINVOICE_JOB_BACKOFF_MS: '300', EINVOICE_RECONCILE_INTERVAL_MS: '2000', EINVOICE_RECONCILE_AFTER_MS: '5000',
      EINVOICE_VALIDATE_CONCURRENCY: String(o.validateConcurrency ?? 2), EINVOICE_DB_POOL_SIZE: '6',
    };
  };
  const api = await spawnHub(['--api'], { ...common('api'), EINVOICE_SEED_DIRECTORY: 'true' });
  const apiUrl = `http://127.0.0.1:${api.port}`;
  const auth = { Authorization: `Bearer ${token}` };
  const lookup = (await (await fetch(`${apiUrl}/api/v1/bodies/lookup?q=finances`)).json()) as { items?: { id: string; peppolIdentifiers?: string[] }[] };
  const target = lookup.items?.find((b) => (b.peppolIdentifiers?.length ?? 0) > 0);
  if (target === undefined) throw new Error('the seeded directory has no addressable body');
  const hook = await fetch(`${apiUrl}/api/v1/bodies/${target.id}/webhooks`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ url: receiver.url }) });
  if (hook.status !== 201) throw new Error(`webhook registration: ${hook.status} ${await hook.text()}`);
  const workers: HubProcess[] = [];
  const startWorker = async (): Promise<HubProcess> => {
    const w = await spawnHub(['--worker'], { ...common(`worker${workers.length}`), EINVOICE_SEED_DIRECTORY: 'false' });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < o.workers; i++) await startWorker();
  return {
    apiUrl, token, store, api, workers, receiver, participant: target.peppolIdentifiers![0]!, bodyId: target.id, startWorker,
    stop: async () => {
      for (const w of workers) await stopHub(w);
      await stopHub(api);
      await receiver.close();
      await deletePrefix(REDIS_URL, prefix);
      await store.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Document `i` of a run, addressed to the cluster's body: even ones as SBDH hand-offs, odd ones as uploads. */
export async function sendDocument(c: Cluster, run: string, i: number): Promise<string> {
  const [scheme, value] = c.participant.split(/:(.*)/s) as [string, string];
  const xml = invoice(`CL-${run}-${i}`).toString('utf8').replace('<cbc:EndpointID schemeID="0002">FR23342</cbc:EndpointID>', `<cbc:EndpointID schemeID="${scheme}">${value}</cbc:EndpointID>`);
  const auth = { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/xml' };
  const res = i % 2 === 0
    ? await fetch(`${c.apiUrl}/peppol/v1/inbound`, { method: 'POST', body: new Uint8Array(sbdh(Buffer.from(xml), { receiver: c.participant, instanceId: `${run}-${i}` })), headers: { ...auth, 'X-AS4-Message-Id': `${run}-${i}@cluster`, 'X-Peppol-Sending-AP': 'PBE000042' } })
    : await fetch(`${c.apiUrl}/api/v1/documents`, { method: 'POST', body: xml, headers: auth });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 202 || body.id === undefined) throw new Error(`document ${i}: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** Sends n documents with `parallel` clients; returns their ids in order. */
export async function sendDocuments(c: Cluster, run: string, n: number, parallel = 8): Promise<string[]> {
  const ids = new Array<string>(n);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < n; i = next++) ids[i] = await sendDocument(c, run, i);
  }));
  return ids;
}

export const deliveredOrFinal = (state: string): boolean => ['delivered', 'acknowledged', 'rejected', 'duplicate', 'unroutable', 'validate_failed', 'route_failed', 'render_failed', 'dispatch_failed'].includes(state);

/** Waits until the API reports every document settled. */
export async function waitSettled(c: Cluster, n: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await settledCount(c.apiUrl, deliveredOrFinal);
    if (s.settled >= n) return;
    if (Date.now() > end) throw new Error(`not settled after ${timeoutMs} ms: ${s.settled}/${n}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Per document: inbox rows, delivered webhook deliveries, `delivered` events (each must be exactly 1). */
export async function deliveryCounts(store: Pick<TestStore, 'db'>): Promise<Map<string, { inbox: number; webhook: number; deliveredEvents: number }>> {
  const rows = await rowsOf<{ id: string; inbox: string; webhook: string; delivered: string }>(store.db, sql`
    select d.id,
      (select count(*) from inbox_items i where i.document_id = d.id) as inbox,
      (select count(*) from webhook_deliveries w where w.document_id = d.id and w.status = 'delivered') as webhook,
      (select count(*) from events e where e.document_id = d.id and e.to_state = 'delivered' and e.type = 'transition') as delivered
    from documents d`);
  return new Map(rows.map((r) => [r.id, { inbox: Number(r.inbox), webhook: Number(r.webhook), deliveredEvents: Number(r.delivered) }]));
}
