/** The spine end to end in one process: real HTTP, real Redis (own prefix), a real database, real validation in worker threads. */
import { PipelineMetrics } from '../../workers/metrics';
import { PipelineQueues } from '../../workers/queues';
import { startWorkers, type WorkerHandle } from '../../workers/worker';
import { deletePrefix, invalidInvoice, invoice, openTestStore, post, REDIS_URL, silent, startTestServer, uniquePrefix, waitFor, type TestServer, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('queue');
let store: TestStore;
let srv: TestServer;
let queues: PipelineQueues;
let workers: WorkerHandle | null = null;
const metrics = new PipelineMetrics({ defaultMetrics: false });

function start(): Promise<WorkerHandle> {
  return startWorkers({
    redisUrl: REDIS_URL, prefix, store, logger: silent, metrics, validateConcurrency: 1, stageConcurrency: 4,
    attempts: 3, backoffMs: 100, lockMs: 5000, reconcileIntervalMs: 0, reconcileAfterMs: 60_000,
  });
}

beforeAll(async () => {
  store = await openTestStore('queue');
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 3, backoffMs: 100 });
  srv = await startTestServer(store, { queues, metrics });
});
afterAll(async () => {
  await workers?.close();
  await srv.close();
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  await store.close();
});

const H = { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml' };

test('documents go through every stage; a graceful stop mid-batch leaves nothing half-done; a restart finishes the batch', async () => {
  workers = await start();
  const ids: Record<string, string> = {};
  for (let i = 0; i < 6; i++) ids[`ok-${i}`] = String((await post(`${srv.url}/api/v1/documents`, invoice(`Q-${i}`), H)).json.id);
  ids.bad = String((await post(`${srv.url}/api/v1/documents`, invalidInvoice('Q-BAD'), H)).json.id);
  // the API answered while validation ran elsewhere
  await waitFor('first documents validated', async () => [...(await states(store)).values()].some((s) => s !== 'received'), 60_000);
  await workers.close(); // graceful: in-flight jobs finish, the rest stays queued
  workers = null;
  await assertEventsExactlyOnce(store);
  for (let i = 0; i < 2; i++) ids[`late-${i}`] = String((await post(`${srv.url}/api/v1/documents`, invoice(`Q-LATE-${i}`), H)).json.id);
  ids.dup = String((await post(`${srv.url}/api/v1/documents`, invoice('Q-0'), H)).json.id);
  workers = await start();
  await waitFor('all documents settled', async () => [...(await states(store)).values()].every(isSettled), 90_000, 200);
  const st = await states(store);
  expect(st.get(ids.bad ?? '')).toBe('rejected');
  // valid, but addressed to no body of the (empty) directory
  for (const [k, id] of Object.entries(ids)) if (k.startsWith('ok-') || k.startsWith('late-')) expect([k, st.get(id)]).toEqual([k, 'unroutable']);
  // Q-0 sent again (same bytes, same sender, within the dedup window) is the same submission
  expect(ids.dup).toBe(ids['ok-0']);
  expect((await assertEventsExactlyOnce(store)).documents).toBe(9);
  const m = await metrics.registry.metrics();
  expect(m).toMatch(/einvoice_stage_duration_seconds_count\{stage="validate",outcome="validated"\} [1-9]/);
  expect(m).toMatch(/einvoice_stage_duration_seconds_count\{stage="validate",outcome="rejected"\} 1/);
  const scraped = await (await fetch(`${srv.url}/metrics`)).text();
  expect(scraped).toMatch(/einvoice_queue_jobs\{queue="validate",status="waiting"\} 0/);
  expect(scraped).toMatch(/einvoice_documents\{state="unroutable"\} 8/);
  const ready = await (await fetch(`${srv.url}/readyz`)).json();
  expect(ready).toEqual({ status: 'ready', checks: { database: expect.stringMatching(/^ok \((embedded PGlite|PostgreSQL server)\)$/), redis: 'ok' } });
}, 150_000);
