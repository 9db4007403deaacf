/**
 * The whole flow in one process with every real part: upload over HTTP → validate (worker thread,
 * Schematron) → route (directory) → render (PDF) → dispatch, through BullMQ on Redis (own prefix);
 * the signed push reaches a real local receiver, the body pulls the PDF with its token and
 * acknowledges; the supplier-visible status follows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { saveBodies } from '../../db/directory/store';
import { createWebhook } from '../../workers/dispatch/store';
import { PipelineMetrics } from '../../workers/metrics';
import { PipelineQueues } from '../../workers/queues';
import { availableStages } from '../../workers/stages';
import { startWorkers, type WorkerHandle } from '../../workers/worker';
import { deletePrefix, invoice, post, REDIS_URL, silent, startTestServer, tmpDir, uniquePrefix, waitFor, type TestServer } from '../pipeline/helpers';
import { body, startReceiver } from './helpers';

const prefix = uniquePrefix('dispatch-e2e');
let dataDir: string;
let db: Database;
let srv: TestServer;
let queues: PipelineQueues;
let workers: WorkerHandle | null = null;

beforeAll(async () => {
  dataDir = tmpDir('dispatch-e2e');
  db = openDatabase(dataDir);
  const r = saveBodies(db, [body('commune-e2e', { type: 'commune', identifiers: [{ scheme: '0002', value: 'FR23342', purpose: 'peppol' }] })], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01', now: new Date() });
  expect(r.ok).toBe(true);
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 3, backoffMs: 100 });
  srv = await startTestServer(dataDir, { db, queues, available: [...availableStages()] });
});
afterAll(async () => {
  await workers?.close();
  await srv.close();
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const stages = availableStages();
test('every stage is installed', () => {
  expect([...stages].sort()).toEqual(['dispatch', 'render', 'route', 'validate']);
});

test('an uploaded invoice reaches the body: signed push, pull with its token, acknowledgement', async () => {
  const rx = await startReceiver(() => 204);
  try {
    const hook = createWebhook(db, 'commune-e2e', rx.url, 'whsec_e2e', new Date());
    const tokenRes = await post(`${srv.url}/api/v1/bodies/commune-e2e/tokens`, '{}', { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' });
    expect(tokenRes.status).toBe(201);
    const token = String(tokenRes.json.token);
    workers = await startWorkers({
      redisUrl: REDIS_URL, prefix, dataDir, db, logger: silent, metrics: new PipelineMetrics({ defaultMetrics: false }), validateConcurrency: 1, stageConcurrency: 2,
      attempts: 3, backoffMs: 100, lockMs: 10_000, reconcileIntervalMs: 0, reconcileAfterMs: 60_000, logLevel: 'silent',
    });
    const up = await post(`${srv.url}/api/v1/documents`, invoice(`E2E-${crypto.randomBytes(3).toString('hex')}`), { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml' });
    expect(up.status).toBe(202);
    const id = String(up.json.id);
    const status = async (): Promise<string> => String((await (await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: { Authorization: 'Bearer admin-secret' } })).json() as { status: string }).status);
    await waitFor('delivered', async () => (await status()) === 'delivered', 110_000, 200);
    // the push (the sender polls every 500 ms by default)
    await waitFor('push received', () => rx.received.length > 0, 20_000);
    const push = rx.received[0]!;
    const sig = String(push.headers['x-einvoice-signature']);
    const t = /t=(\d+)/.exec(sig)?.[1] ?? '';
    const v1 = crypto.createHmac('sha256', 'whsec_e2e').update(`${t}.${push.body}`).digest('hex');
    expect(sig).toContain(`v1=${v1}`);
    expect(JSON.parse(push.body)).toMatchObject({ type: 'document.delivered', data: { documentId: id, bodyId: 'commune-e2e' } });
    // pull
    const list = await (await fetch(`${srv.url}/inbox/v1/documents?status=new`, { headers: { Authorization: `Bearer ${token}` } })).json() as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([id]);
    const pdf = Buffer.from(await (await fetch(`${srv.url}/inbox/v1/documents/${id}/pdf`, { headers: { Authorization: `Bearer ${token}` } })).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const ack = await fetch(`${srv.url}/inbox/v1/documents/${id}/ack`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(ack.status).toBe(200);
    expect(await status()).toBe('acknowledged');
    const doc = await (await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: { Authorization: 'Bearer admin-secret' } })).json() as { events: { type: string; to: string }[] };
    const kinds = doc.events.map((e) => (e.type === 'transition' ? e.to : e.type));
    expect(kinds).toEqual(expect.arrayContaining(['validated', 'routed', 'rendered', 'delivered', 'webhook.receipt', 'inbox.download', 'inbox.ack']));
    expect(hook.id).toBeTruthy();
  } finally { await rx.close(); }
}, 150_000);
