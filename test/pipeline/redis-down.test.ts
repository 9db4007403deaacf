/**
 * Redis down for 30 s while documents flow: a private redis-server (no persistence, so it comes back
 * empty) is stopped mid-batch and started again on the same port 30 s later. Meanwhile the hub (API
 * and workers in one process, as `npm start` runs it) keeps answering: uploads `202` (stored, their
 * validate job left to the reconciler), `GET /api/v1/documents/{id}` `200`, `/healthz` `200`,
 * `/readyz` `503` naming Redis. Once Redis is back every document — those queued before the stop,
 * those in flight, those received while it was down — ends in its final state, each transition
 * written exactly once: nothing lost, nothing twice — the valid ones `delivered` to the body of the
 * directory they are addressed to, each once (one inbox row, one webhook delivery, one event id at the
 * body's system).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { openStore } from '../../db/store';
import type { WebhookReceiver } from '../helpers/cluster';
import { bodyWebhook, expectDeliveredOnce, seedRecoveryBody, waitPushed, WEBHOOK_ENV } from './deliveries';
import { mixedBatch, openTestStore, post, postBatch, settledCount, spawnHub, startPrivateRedis, stateCounts, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('redis-down');
const ADMIN = 'redis-down-admin';
const DOWN_MS = 30_000;
let store: TestStore;
let first: { url: string; stop: () => Promise<void> };
let again: ChildProcess | null = null;
let hub: HubProcess | null = null;
let rx: WebhookReceiver | null = null;

/** A redis-server on the port of `url` (the same address the hub keeps reconnecting to). */
async function restartRedis(url: string): Promise<ChildProcess> {
  const port = new URL(url).port;
  const child = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor('redis back', async () => {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try { await r.connect(); return (await r.ping()) === 'PONG'; } catch { return false; } finally { r.disconnect(); }
  }, 10_000, 100);
  return child;
}

beforeAll(async () => {
  first = await startPrivateRedis();
  store = await openTestStore('redis-down');
  await seedRecoveryBody(store);
  await store.release();
});
afterAll(async () => {
  if (hub) await stopHub(hub);
  await rx?.close();
  await first.stop();
  if (again) { again.kill('SIGTERM'); await new Promise((r) => again?.once('exit', r)); }
  await store.close();
});

test('Redis stopped 30 s mid-batch, then started again: the API answers meanwhile, every document ends once', async () => {
  hub = await spawnHub([], {
    ...storeEnv(store), REDIS_URL: first.url, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: ADMIN, EINVOICE_SEED_DIRECTORY: 'false', ...WEBHOOK_ENV,
    EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200', EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '3000', EINVOICE_VALIDATE_CONCURRENCY: '1',
  });
  const url = `http://127.0.0.1:${hub.port}`;
  const auth = { Authorization: `Bearer ${ADMIN}` };
  rx = await bodyWebhook(url, ADMIN);
  const before = mixedBatch(100, 'DOWN-A', 20);
  const during = mixedBatch(60, 'DOWN-B', 20);
  const ids = await postBatch(url, ADMIN, before);
  await waitFor('some progress and a first delivery', async () => ((await stateCounts(url)).get('delivered') ?? 0) >= 1 && (await settledCount(url, isSettled)).settled >= 10, 90_000, 20);

  await first.stop();
  const deliveredAtStop = (await stateCounts(url)).get('delivered') ?? 0;
  const downAt = Date.now();
  const answers = { upload: new Map<number, number>(), view: new Map<number, number>(), healthz: new Map<number, number>(), readyz: new Map<number, number>() };
  const count = (m: Map<number, number>, status: number): void => { m.set(status, (m.get(status) ?? 0) + 1); };
  let readyzBody = '';
  // while Redis is down: uploads, document views and the probes, started at even intervals over the
  // 30 s. One round takes seconds (the upload waits for its enqueue to time out, /readyz for the Redis
  // ping), so the rounds run side by side: one after the other they would keep Redis down for minutes.
  const duringIds = new Array<string>(during.length);
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let i = next++; i < during.length; i = next++) {
      const wait = downAt + (i * DOWN_MS) / during.length - Date.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      const t0 = Date.now();
      const r = await post(`${url}/api/v1/documents`, during[i]!.bytes, { ...auth, 'Content-Type': 'application/xml' });
      expect(Date.now() - t0).toBeLessThan(10_000); // answered, not held until Redis returns
      count(answers.upload, r.status);
      if (r.status === 202) duringIds[i] = String(r.json.id);
      count(answers.view, (await fetch(`${url}/api/v1/documents/${ids[i]}`, { headers: auth })).status);
      count(answers.healthz, (await fetch(`${url}/healthz`)).status);
      const ready = await fetch(`${url}/readyz`);
      count(answers.readyz, ready.status);
      if (ready.status !== 200) readyzBody = await ready.text();
    }
  }));
  ids.push(...duringIds);
  const rest = downAt + DOWN_MS - Date.now();
  if (rest > 0) await new Promise((res) => setTimeout(res, rest));
  expect(answers.upload).toEqual(new Map([[202, during.length]]));
  expect(answers.view).toEqual(new Map([[200, during.length]]));
  expect(answers.healthz).toEqual(new Map([[200, during.length]]));
  expect(answers.readyz.get(503)).toBeGreaterThan(during.length / 2);
  expect(readyzBody).toMatch(/redis/i);
  expect(hub.child.exitCode).toBeNull();

  again = await restartRedis(first.url);
  process.stdout.write(`redis down ${Math.round((Date.now() - downAt) / 1000)} s: uploads ${JSON.stringify([...answers.upload])}, views ${JSON.stringify([...answers.view])}, /healthz ${JSON.stringify([...answers.healthz])}, /readyz ${JSON.stringify([...answers.readyz])}\n`);
  const all = [...before, ...during];
  await waitFor('all settled', async () => (await settledCount(url, isSettled)).settled === all.length, 150_000, 250);
  await waitPushed(url, ADMIN, rx, ids.filter((_, i) => all[i]?.valid));
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  expect(await stopHub(hub)).toBe(0);
  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const st = await states(after);
    expect(st.size).toBe(all.length);
    const tally = await expectDeliveredOnce(after, all, ids, rx);
    expect(tally.delivered).toBe(all.filter((b) => b.valid).length);
    expect((await assertEventsExactlyOnce(after)).documents).toBe(all.length);
    process.stdout.write(`redis down: ${all.length} tried (${during.length} while down), ${tally.delivered} delivered once (${deliveredAtStop} before the stop), ${tally.rejected} rejected, 0 lost, 0 delivered twice; ${tally.webhookPosts} webhook posts for ${tally.delivered} events\n`);
  } finally {
    await after.close();
  }
}, 300_000);
