/** Redis loses everything (FLUSHALL on a private redis-server) in the middle of a batch: the reconciler re-enqueues from the database and every document ends in its final state exactly once. */
import { Redis } from 'ioredis';
import { openStore } from '../../db/store';
import { mixedBatch, openTestStore, postBatch, settledCount, spawnHub, startPrivateRedis, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('flush');
let store: TestStore;
let redis: { url: string; stop: () => Promise<void> };
let hub: HubProcess | null = null;

beforeAll(async () => {
  redis = await startPrivateRedis();
  store = await openTestStore('flush');
  await store.release();
});
afterAll(async () => {
  if (hub) await stopHub(hub);
  await redis.stop();
  await store.close();
});

test('FLUSHALL mid-batch: the reconciler brings every document to its final state exactly once', async () => {
  hub = await spawnHub([], {
    ...storeEnv(store), REDIS_URL: redis.url, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'flush-admin', EINVOICE_SEED_DIRECTORY: 'false',
    EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200', EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '2000', EINVOICE_VALIDATE_CONCURRENCY: '1',
  });
  const url = `http://127.0.0.1:${hub.port}`;
  const batch = mixedBatch(200, 'FLUSH', 20);
  const ids = await postBatch(url, 'flush-admin', batch);
  await waitFor('some progress', async () => (await settledCount(url, isSettled)).settled >= 15, 60_000, 20);
  const r = new Redis(redis.url);
  await r.flushall();
  r.disconnect();
  const atFlush = (await settledCount(url, isSettled)).settled;
  expect(atFlush).toBeLessThan(200); // the queued jobs of the rest really were lost
  await waitFor('all settled', async () => (await settledCount(url, isSettled)).settled === 200, 120_000, 200);
  expect(hub.child.exitCode).toBeNull(); // the hub survived the loss
  expect(await stopHub(hub)).toBe(0);
  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const st = await states(after);
    batch.forEach((b, i) => expect([i, st.get(ids[i] ?? '')]).toEqual([i, b.valid ? 'unroutable' : 'rejected']));
    expect((await assertEventsExactlyOnce(after)).documents).toBe(200);
  } finally {
    await after.close();
  }
}, 240_000);
