/** Validation runs off the API's event loop: while a big document is being validated, the API keeps answering. */
import type { PipelineQueues } from '../../workers/queues';
import { invoice, post, startPipeline, waitFor, type RunningPipeline, type TestServer, type TestStore } from './helpers';
import { states } from './invariants';

let p: RunningPipeline;
let store: TestStore;
let srv: TestServer;
let queues: PipelineQueues;

beforeAll(async () => {
  p = await startPipeline('responsive', { attempts: 1, stageConcurrency: 1, lockMs: 30_000, reconcileAfterMs: 600_000 });
  ({ store, srv, queues } = p);
});
afterAll(() => p.close(), 120_000);

/** The base example with its invoice line repeated n times (hundreds of kB; the totals no longer add up, so it ends rejected — after the full Schematron run). */
function bigInvoice(n: number): Buffer {
  const xml = invoice('BIG-1').toString('utf8');
  const m = /<cac:InvoiceLine>[\s\S]*?<\/cac:InvoiceLine>/.exec(xml);
  if (m === null) throw new Error('no invoice line');
  const lines = Array.from({ length: n }, (_, i) => m[0].replace(/<cbc:ID>[^<]*<\/cbc:ID>/, `<cbc:ID>${i + 1}</cbc:ID>`)).join('\n');
  return Buffer.from(xml.replace(/<cac:InvoiceLine>[\s\S]*<\/cac:InvoiceLine>/, lines), 'utf8');
}

test('the API answers while a big document is validated in a worker thread', async () => {
  const H = { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml' };
  const big = bigInvoice(400);
  expect(big.length).toBeGreaterThan(300_000);
  const r = await post(`${srv.url}/api/v1/documents`, big, H);
  expect(r.status).toBe(202);
  const id = String(r.json.id);
  await waitFor('validation running', async () => (await queues.queue('validate').getActiveCount()) >= 1, 30_000, 20);
  // while it runs: health, a read, and a new upload all answer, and the big one is still being validated
  const health = await fetch(`${srv.url}/healthz`);
  const read = await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: { Authorization: 'Bearer admin-secret' } });
  const upload = await post(`${srv.url}/api/v1/documents`, invoice('SMALL-1'), H);
  expect([health.status, read.status, upload.status]).toEqual([200, 200, 202]);
  expect((await states(store)).get(id)).toBe('received');
  expect(await queues.queue('validate').getActiveCount()).toBeGreaterThanOrEqual(1);
  await waitFor('big one validated', async () => (await states(store)).get(id) !== 'received', 120_000, 200);
  expect((await states(store)).get(id)).toBe('rejected');
}, 150_000);
