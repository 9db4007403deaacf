/**
 * kill -9 of the whole hub (API and workers, one process, as `npm start` runs) while 200 documents
 * flow, after the first deliveries: after a restart on the same data (the embedded database's lock
 * of the dead process is taken over; or the same PostgreSQL server) every document ends in its right
 * final state — the valid ones `delivered` to the body of the directory they are addressed to, the
 * others `rejected` — each transition written once, and none delivered twice (one inbox row, one
 * webhook delivery, one event id at the body's system per document).
 */
import { openStore } from '../../db/store';
import type { WebhookReceiver } from '../helpers/cluster';
import { bodyWebhook, expectDeliveredOnce, seedRecoveryBody, waitPushed, WEBHOOK_ENV } from './deliveries';
import { deletePrefix, mixedBatch, openTestStore, postBatch, REDIS_URL, settledCount, spawnHub, stateCounts, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled } from './invariants';

const prefix = uniquePrefix('kill');
let store: TestStore;
const spawned: HubProcess[] = [];
let rx: WebhookReceiver | null = null;

beforeAll(async () => {
  store = await openTestStore('kill');
  await seedRecoveryBody(store);
  await store.release(); // the hub processes own the database while they run; the test reopens it at the end
});
afterAll(async () => {
  for (const h of spawned) await stopHub(h);
  await rx?.close();
  await deletePrefix(REDIS_URL, prefix);
  await store.close();
});

const env = (): Record<string, string> => ({
  ...storeEnv(store), REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'kill-admin', EINVOICE_SEED_DIRECTORY: 'false', ...WEBHOOK_ENV,
  EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200', EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '3000', EINVOICE_VALIDATE_CONCURRENCY: '1',
});

test('kill -9 of the hub mid-batch, restart: every document in its final state exactly once, none delivered twice', async () => {
  const h1 = await spawnHub([], env());
  spawned.push(h1);
  const url1 = `http://127.0.0.1:${h1.port}`;
  rx = await bodyWebhook(url1, 'kill-admin');
  const batch = mixedBatch(200, 'KILL', 20);
  const valid = batch.filter((b) => b.valid).length;
  const ids = await postBatch(url1, 'kill-admin', batch);
  expect(new Set(ids).size).toBe(200);
  let deliveredAtKill = 0;
  await waitFor('some progress and a first delivery', async () => {
    deliveredAtKill = (await stateCounts(url1)).get('delivered') ?? 0;
    return deliveredAtKill >= 1 && (await settledCount(url1, isSettled)).settled >= 15;
  }, 90_000, 20);
  h1.child.kill('SIGKILL');
  await h1.exited;
  expect(h1.child.signalCode).toBe('SIGKILL');

  const h2 = await spawnHub([], env());
  spawned.push(h2);
  const url2 = `http://127.0.0.1:${h2.port}`;
  const atRestart = await stateCounts(url2);
  expect([...atRestart.values()].reduce((a, n) => a + n, 0)).toBe(200); // every 202 answered was committed
  expect([...atRestart].filter(([s]) => isSettled(s)).reduce((a, [, n]) => a + n, 0)).toBeLessThan(200); // really mid-batch
  expect(atRestart.get('delivered') ?? 0).toBeLessThan(valid); // deliveries before the kill and after the restart
  await waitFor('all settled', async () => (await settledCount(url2, isSettled)).settled === 200, 120_000, 200);
  await waitPushed(url2, 'kill-admin', rx, ids.filter((_, i) => batch[i]?.valid));
  expect(await stopHub(h2)).toBe(0); // graceful stop

  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const tally = await expectDeliveredOnce(after, batch, ids, rx);
    expect(tally.delivered).toBe(valid);
    expect((await assertEventsExactlyOnce(after)).documents).toBe(200);
    process.stdout.write(`kill -9: 200 tried, ${tally.delivered} delivered once (${deliveredAtKill} before the kill), ${tally.rejected} rejected, 0 lost, 0 delivered twice; ${tally.webhookPosts} webhook posts for ${tally.delivered} events\n`);
  } finally {
    await after.close();
  }
}, 240_000);
