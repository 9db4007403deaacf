/**
 * Redis loses everything (FLUSHALL on a private redis-server) in the middle of a batch, after the
 * first deliveries: the reconciler re-enqueues from the database and every document ends in its final
 * state exactly once — the valid ones `delivered` to the body of the directory they are addressed to,
 * none twice (one inbox row, one webhook delivery, one event id at the body's system per document).
 */
import { Redis } from 'ioredis';
import { openStore } from '../../db/store';
import type { WebhookReceiver } from '../helpers/cluster';
import { bodyWebhook, expectDeliveredOnce, seedRecoveryBody, waitPushed, WEBHOOK_ENV } from './deliveries';
import { mixedBatch, openTestStore, postBatch, settledCount, spawnHub, startPrivateRedis, stateCounts, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled } from './invariants';

const prefix = uniquePrefix('flush');
let store: TestStore;
let redis: { url: string; stop: () => Promise<void> };
let hub: HubProcess | null = null;
let rx: WebhookReceiver | null = null;

beforeAll(async () => {
  redis = await startPrivateRedis();
  store = await openTestStore('flush');
  await seedRecoveryBody(store);
  await store.release();
});
afterAll(async () => {
  if (hub) await stopHub(hub);
  await rx?.close();
  await redis.stop();
  await store.close();
});

test('FLUSHALL mid-batch: the reconciler brings every document to its final state exactly once, none delivered twice', async () => {
  hub = await spawnHub([], {
    ...storeEnv(store), REDIS_URL: redis.url, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'flush-admin', EINVOICE_SEED_DIRECTORY: 'false', ...WEBHOOK_ENV,
    EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200', EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '2000', EINVOICE_VALIDATE_CONCURRENCY: '1',
  });
  const url = `http://127.0.0.1:${hub.port}`;
  rx = await bodyWebhook(url, 'flush-admin');
  const batch = mixedBatch(200, 'FLUSH', 20);
  const valid = batch.filter((b) => b.valid).length;
  const ids = await postBatch(url, 'flush-admin', batch);
  await waitFor('some progress and a first delivery', async () => ((await stateCounts(url)).get('delivered') ?? 0) >= 1 && (await settledCount(url, isSettled)).settled >= 15, 90_000, 20);
  const r = new Redis(redis.url);
  await r.flushall();
  r.disconnect();
  const atFlush = await stateCounts(url);
  expect([...atFlush].filter(([s]) => isSettled(s)).reduce((a, [, n]) => a + n, 0)).toBeLessThan(200); // the queued jobs of the rest really were lost
  expect(atFlush.get('delivered') ?? 0).toBeLessThan(valid); // deliveries before the flush and after it
  await waitFor('all settled', async () => (await settledCount(url, isSettled)).settled === 200, 120_000, 200);
  await waitPushed(url, 'flush-admin', rx, ids.filter((_, i) => batch[i]?.valid));
  expect(hub.child.exitCode).toBeNull(); // the hub survived the loss
  expect(await stopHub(hub)).toBe(0);
  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const tally = await expectDeliveredOnce(after, batch, ids, rx);
    expect(tally.delivered).toBe(valid);
    expect((await assertEventsExactlyOnce(after)).documents).toBe(200);
    process.stdout.write(`FLUSHALL: 200 tried, ${tally.delivered} delivered once (${atFlush.get('delivered') ?? 0} before the flush), ${tally.rejected} rejected, 0 lost, 0 delivered twice; ${tally.webhookPosts} webhook posts for ${tally.delivered} events\n`);
  } finally {
    await after.close();
  }
}, 240_000);
