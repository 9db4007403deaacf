/** kill -9 of the worker process in the middle of a batch of 200: after a restart every document ends in its right final state, each transition written once. */
import fs from 'node:fs';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { PipelineQueues } from '../../workers/queues';
import { availableStages } from '../../workers/stages';
import { deletePrefix, mixedBatch, postBatch, REDIS_URL, spawnHub, startTestServer, tmpDir, uniquePrefix, waitFor, type HubProcess, type TestServer } from './helpers';
import { assertEventsExactlyOnce, finalStateOfValid, isSettled, states } from './invariants';

const prefix = uniquePrefix('kill');
let dataDir: string;
let db: Database;
let srv: TestServer;
let queues: PipelineQueues;
const spawned: HubProcess[] = [];

beforeAll(async () => {
  dataDir = tmpDir('kill');
  db = openDatabase(dataDir);
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 5, backoffMs: 200 });
  srv = await startTestServer(dataDir, { db, queues, available: [...availableStages()] });
});
afterAll(async () => {
  for (const h of spawned) if (h.child.exitCode === null && h.child.signalCode === null) { h.child.kill('SIGTERM'); await h.exited; }
  await srv.close();
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const workerEnv = (): Record<string, string> => ({
  EINVOICE_DATA_DIR: dataDir, REDIS_URL, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200',
  EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '3000', EINVOICE_VALIDATE_CONCURRENCY: '1',
});

test('kill -9 mid-batch, restart: every document in its final state exactly once', async () => {
  const batch = mixedBatch(200, 'KILL', 20);
  const ids = await postBatch(srv.url, 'admin-secret', batch);
  expect(new Set(ids).size).toBe(200);
  const w1 = await spawnHub(['--worker'], workerEnv());
  spawned.push(w1);
  const settledBefore = await waitFor('some progress', () => { const n = [...states(db).values()].filter(isSettled).length; return n >= 15 ? n : 0; }, 60_000, 20);
  w1.child.kill('SIGKILL');
  await w1.exited;
  expect(w1.child.signalCode).toBe('SIGKILL');
  const atKill = [...states(db).values()].filter(isSettled).length;
  expect(atKill).toBeGreaterThanOrEqual(settledBefore);
  expect(atKill).toBeLessThan(200); // really mid-batch
  assertEventsExactlyOnce(db); // a killed worker leaves no half transition

  const w2 = await spawnHub(['--worker'], workerEnv());
  spawned.push(w2);
  await waitFor('all settled', () => [...states(db).values()].every(isSettled), 100_000, 100);
  const st = states(db);
  batch.forEach((b, i) => expect([i, st.get(ids[i] ?? '')]).toEqual([i, b.valid ? finalStateOfValid() : 'rejected']));
  expect(assertEventsExactlyOnce(db).documents).toBe(200);
  w2.child.kill('SIGTERM');
  expect(await w2.exited).toBe(0); // graceful stop
}, 150_000);
