/**
 * kill -9 of the whole hub (API and workers, one process, as `npm start` runs) while 200 documents
 * flow: after a restart on the same data (the embedded database's lock of the dead process is
 * taken over; or the same PostgreSQL server) every document ends in its right final state, each
 * transition written once.
 */
import { openStore } from '../../db/store';
import { deletePrefix, mixedBatch, openTestStore, postBatch, REDIS_URL, settledCount, spawnHub, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('kill');
let store: TestStore;
const spawned: HubProcess[] = [];

beforeAll(async () => {
  store = await openTestStore('kill');
  await store.release(); // the hub processes own the database while they run; the test reopens it at the end
});
afterAll(async () => {
  for (const h of spawned) await stopHub(h);
  await deletePrefix(REDIS_URL, prefix);
  await store.close();
});

const env = (): Record<string, string> => ({
  ...storeEnv(store), REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'kill-admin', EINVOICE_SEED_DIRECTORY: 'false',
  EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200', EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '3000', EINVOICE_VALIDATE_CONCURRENCY: '1',
});

test('kill -9 of the hub mid-batch, restart: every document in its final state exactly once', async () => {
  const h1 = await spawnHub([], env());
  spawned.push(h1);
  const url1 = `http://127.0.0.1:${h1.port}`;
  const batch = mixedBatch(200, 'KILL', 20);
  const ids = await postBatch(url1, 'kill-admin', batch);
  expect(new Set(ids).size).toBe(200);
  await waitFor('some progress', async () => (await settledCount(url1, isSettled)).settled >= 15, 60_000, 20);
  h1.child.kill('SIGKILL');
  await h1.exited;
  expect(h1.child.signalCode).toBe('SIGKILL');

  const h2 = await spawnHub([], env());
  spawned.push(h2);
  const url2 = `http://127.0.0.1:${h2.port}`;
  const atRestart = await settledCount(url2, isSettled);
  expect(atRestart.total).toBe(200); // every 202 answered was committed
  expect(atRestart.settled).toBeLessThan(200); // really mid-batch
  await waitFor('all settled', async () => (await settledCount(url2, isSettled)).settled === 200, 120_000, 200);
  expect(await stopHub(h2)).toBe(0); // graceful stop

  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const st = await states(after);
    batch.forEach((b, i) => expect([i, st.get(ids[i] ?? '')]).toEqual([i, b.valid ? 'unroutable' : 'rejected']));
    expect((await assertEventsExactlyOnce(after)).documents).toBe(200);
  } finally {
    await after.close();
  }
}, 240_000);
