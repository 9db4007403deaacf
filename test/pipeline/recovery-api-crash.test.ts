/** The hub dies (SIGKILL) between storing a document and enqueueing it: the document is whole in the database, a retry of the hand-off answers the same id, and the reconciler processes it exactly once. */
import { documents } from '../../db/schema';
import { openStore } from '../../db/store';
import { eventsOf, fileOf } from '../../core/documents/store';
import { deletePrefix, invalidInvoice, invoice, openTestStore, post, REDIS_URL, sbdh, settledCount, spawnHub, stopHub, storeEnv, uniquePrefix, waitFor, type HubProcess, type TestStore } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('apicrash');
let store: TestStore;
const spawned: HubProcess[] = [];

beforeAll(async () => {
  store = await openTestStore('apicrash');
  await store.release();
});
afterAll(async () => {
  for (const h of spawned) await stopHub(h);
  await deletePrefix(REDIS_URL, prefix);
  await store.close();
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  ...storeEnv(store), REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'crash-admin', EINVOICE_SEED_DIRECTORY: 'false',
  EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '2000', EINVOICE_VALIDATE_CONCURRENCY: '1', ...extra,
});
const handoff = (as4: string): Record<string, string> => ({ Authorization: 'Bearer crash-admin', 'Content-Type': 'application/xml', 'X-AS4-Message-Id': as4, 'X-Peppol-Sending-AP': 'PBE000042' });

test('hub killed after the commit, before the enqueue: nothing lost, nothing twice', async () => {
  const docs = [
    { as4: 'crash-1', bytes: sbdh(invoice('CRASH-1')), valid: true },
    { as4: 'crash-2', bytes: sbdh(invalidInvoice('CRASH-2')), valid: false },
  ];
  for (const d of docs) {
    // the API alone, so that nothing processes the document before the crash
    const api = await spawnHub(['--api'], env({ EINVOICE_FAULT_INJECT: 'crash-after-store' }));
    spawned.push(api);
    await expect(fetch(`http://127.0.0.1:${api.port}/peppol/v1/inbound`, { method: 'POST', body: new Uint8Array(d.bytes), headers: handoff(d.as4) })).rejects.toThrow();
    await api.exited;
    expect(api.child.signalCode).toBe('SIGKILL');
  }
  // stored whole: row, received event, original bytes
  const between = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  let firstIds: Set<string>;
  try {
    const st = await states(between);
    expect([...st.values()]).toEqual(['received', 'received']);
    firstIds = new Set(st.keys());
    for (const id of st.keys()) {
      expect((await eventsOf(between, id)).map((e) => e.toState)).toEqual(['received']);
      expect(await between.blobs.has((await fileOf(between, id, 'original')) ?? '')).toBe(true);
    }
  } finally {
    await between.close();
  }
  // the access point got no 202, so it retries the hand-off: same id, nothing new stored; the reconciler finishes both
  const hub = await spawnHub([], env());
  spawned.push(hub);
  const url = `http://127.0.0.1:${hub.port}`;
  const retry = await post(`${url}/peppol/v1/inbound`, docs[0]?.bytes ?? '', handoff('crash-1'));
  expect(retry.status).toBe(202);
  expect(firstIds.has(String(retry.json.id))).toBe(true);
  await waitFor('all settled', async () => { const c = await settledCount(url, isSettled); return c.total === 2 && c.settled === 2; }, 100_000, 100);
  expect(await stopHub(hub)).toBe(0);
  const after = await openStore({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  try {
    const byAs4 = new Map((await after.db.select().from(documents)).map((d) => [d.as4MessageId, d.state]));
    expect(byAs4.get('crash-1')).toBe('unroutable');
    expect(byAs4.get('crash-2')).toBe('rejected');
    expect((await assertEventsExactlyOnce(after)).documents).toBe(2);
  } finally {
    await after.close();
  }
}, 200_000);
