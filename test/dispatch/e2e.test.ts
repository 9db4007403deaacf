/**
 * The whole flow in one process with every real part: upload over HTTP → validate (worker thread,
 * Schematron) → route (directory) → render (PDF) → dispatch, through BullMQ on Redis (own prefix);
 * the signed push reaches a real local receiver, the body pulls the PDF with its token and
 * acknowledges; the supplier-visible status follows. The workers' sender takes its outbound rules
 * from the configuration: this test names the receivers' host, 127.0.0.1, as an Authority would.
 */
import crypto from 'node:crypto';
import { PipelineMetrics } from '../../workers/metrics';
import { PipelineQueues } from '../../workers/queues';
import { STAGE_PROCESSORS } from '../../workers/stages';
import { startWorkers, type WorkerHandle } from '../../workers/worker';
import { deletePrefix, invoice, openTestStore, post, REDIS_URL, silent, startTestServer, uniquePrefix, waitFor, type TestServer, type TestStore } from '../pipeline/helpers';
import { body, fixtureWebhook, saveTestBodies, startReceiver } from './helpers';

process.env.EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS = '127.0.0.1';

const prefix = uniquePrefix('dispatch-e2e');
let store: TestStore;
let srv: TestServer;
let queues: PipelineQueues;
let workers: WorkerHandle | null = null;

beforeAll(async () => {
  store = await openTestStore('dispatch-e2e');
  await saveTestBodies(store, [body('commune-e2e', { type: 'commune', identifiers: [{ scheme: '0002', value: 'FR23342', purpose: 'peppol' }] })]);
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 3, backoffMs: 100 });
  srv = await startTestServer(store, { queues });
});
afterAll(async () => {
  await workers?.close();
  await srv.close();
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  await store.close();
});

test('every stage is installed', () => {
  expect(Object.keys(STAGE_PROCESSORS).sort()).toEqual(['dispatch', 'render', 'route', 'validate']);
});

test('an uploaded invoice reaches the body: signed push, pull with its token, acknowledgement', async () => {
  const rx = await startReceiver(() => 204);
  try {
    const hook = await fixtureWebhook({ store }, 'commune-e2e', rx.url, 'whsec_e2e');
    const tokenRes = await post(`${srv.url}/api/v1/bodies/commune-e2e/tokens`, '{}', { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' });
    expect(tokenRes.status).toBe(201);
    const token = String(tokenRes.json.token);
    workers = await startWorkers({
      redisUrl: REDIS_URL, prefix, store, logger: silent, metrics: new PipelineMetrics({ defaultMetrics: false }), validateConcurrency: 1, stageConcurrency: 2,
      attempts: 3, backoffMs: 100, lockMs: 10_000, reconcileIntervalMs: 0, reconcileAfterMs: 60_000,
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
    const list = await (await fetch(`${srv.url}/inbox/v1/documents?status=new`, { headers: { Authorization: `Bearer ${token}` } })).json() as { items: { id: string; summary: { partial?: boolean; currency?: string } }[] };
    expect(list.items.map((i) => i.id)).toEqual([id]);
    // the summary the render stage derived (dispatch does not parse the invoice again)
    expect(list.items[0]!.summary).toMatchObject({ kind: 'invoice', currency: 'EUR' });
    expect(list.items[0]!.summary.partial).toBeUndefined();
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
