/** The API process dies (SIGKILL) between storing a document and enqueueing it: the document is whole in the database, a retry of the hand-off answers the same id, and the worker's reconciler processes it exactly once. */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { fileOf, FileStore } from '../../db/file-store';
import { documents, events } from '../../db/schema';
import { deletePrefix, invalidInvoice, invoice, post, REDIS_URL, sbdh, spawnHub, tmpDir, uniquePrefix, waitFor, type HubProcess } from './helpers';
import { assertEventsExactlyOnce, finalStateOfValid, isSettled, states } from './invariants';

const prefix = uniquePrefix('apicrash');
let dataDir: string;
let db: Database;
const spawned: HubProcess[] = [];

beforeAll(() => {
  dataDir = tmpDir('apicrash');
  db = openDatabase(dataDir);
});
afterAll(async () => {
  for (const h of spawned) if (h.child.exitCode === null && h.child.signalCode === null) { h.child.kill('SIGTERM'); await h.exited; }
  await deletePrefix(REDIS_URL, prefix);
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  EINVOICE_DATA_DIR: dataDir, REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_ADMIN_TOKEN: 'crash-admin',
  EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '2000', EINVOICE_VALIDATE_CONCURRENCY: '1', ...extra,
});
const handoff = (as4: string): Record<string, string> => ({ Authorization: 'Bearer crash-admin', 'Content-Type': 'application/xml', 'X-AS4-Message-Id': as4, 'X-Peppol-Sending-AP': 'PBE000042' });

test('API killed after the commit, before the enqueue: nothing lost, nothing twice', async () => {
  const docs = [
    { as4: 'crash-1', bytes: sbdh(invoice('CRASH-1')), valid: true },
    { as4: 'crash-2', bytes: sbdh(invalidInvoice('CRASH-2')), valid: false },
  ];
  for (const d of docs) {
    const api = await spawnHub(['--api'], env({ EINVOICE_FAULT_INJECT: 'crash-after-store' }));
    spawned.push(api);
    await expect(fetch(`http://127.0.0.1:${api.port}/peppol/v1/inbound`, { method: 'POST', body: new Uint8Array(d.bytes), headers: handoff(d.as4) })).rejects.toThrow();
    await api.exited;
    expect(api.child.signalCode).toBe('SIGKILL');
  }
  // stored whole: row, received event, original bytes
  const st = states(db);
  expect([...st.values()]).toEqual(['received', 'received']);
  const files = new FileStore(dataDir);
  for (const id of st.keys()) {
    expect(db.select().from(events).where(eq(events.documentId, id)).all().map((e) => e.toState)).toEqual(['received']);
    expect(files.has(fileOf(db, id, 'original') ?? '')).toBe(true);
  }
  // the access point got no 202, so it retries the hand-off: same id, nothing new stored
  const api = await spawnHub(['--api'], env());
  spawned.push(api);
  const retry = await post(`http://127.0.0.1:${api.port}/peppol/v1/inbound`, docs[0]?.bytes ?? '', handoff('crash-1'));
  expect(retry.status).toBe(202);
  expect(st.has(String(retry.json.id))).toBe(true);
  expect(states(db).size).toBe(2);

  const worker = await spawnHub(['--worker'], env());
  spawned.push(worker);
  await waitFor('all settled', () => [...states(db).values()].every(isSettled), 100_000, 100);
  const byAs4 = new Map(db.select().from(documents).all().map((d) => [d.as4MessageId, d.state]));
  expect(byAs4.get('crash-1')).toBe(finalStateOfValid());
  expect(byAs4.get('crash-2')).toBe('rejected');
  expect(assertEventsExactlyOnce(db).documents).toBe(2);
  for (const h of [api, worker]) { h.child.kill('SIGTERM'); expect(await h.exited).toBe(0); }
}, 150_000);
