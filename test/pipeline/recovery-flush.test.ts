/** Redis loses everything (FLUSHALL on a private redis-server) in the middle of a batch: the reconciler re-enqueues from the database and every document ends in its final state exactly once. */
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { PipelineQueues } from '../../workers/queues';
import { availableStages } from '../../workers/stages';
import { mixedBatch, postBatch, spawnHub, startPrivateRedis, startTestServer, tmpDir, uniquePrefix, waitFor, type HubProcess, type TestServer } from './helpers';
import { assertEventsExactlyOnce, finalStateOfValid, isSettled, states } from './invariants';

const prefix = uniquePrefix('flush');
let dataDir: string;
let db: Database;
let srv: TestServer;
let queues: PipelineQueues;
let redis: { url: string; stop: () => Promise<void> };
let worker: HubProcess | null = null;

beforeAll(async () => {
  redis = await startPrivateRedis();
  dataDir = tmpDir('flush');
  db = openDatabase(dataDir);
  queues = new PipelineQueues({ redisUrl: redis.url, prefix, attempts: 5, backoffMs: 200 });
  srv = await startTestServer(dataDir, { db, queues, available: [...availableStages()] });
});
afterAll(async () => {
  if (worker && worker.child.exitCode === null) { worker.child.kill('SIGTERM'); await worker.exited; }
  await srv.close();
  await queues.close();
  await redis.stop();
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('FLUSHALL mid-batch: the reconciler brings every document to its final state exactly once', async () => {
  worker = await spawnHub(['--worker'], {
    EINVOICE_DATA_DIR: dataDir, REDIS_URL: redis.url, EINVOICE_QUEUE_PREFIX: prefix, EINVOICE_JOB_LOCK_MS: '2000', EINVOICE_JOB_BACKOFF_MS: '200',
    EINVOICE_RECONCILE_INTERVAL_MS: '1000', EINVOICE_RECONCILE_AFTER_MS: '2000', EINVOICE_VALIDATE_CONCURRENCY: '1',
  });
  const batch = mixedBatch(200, 'FLUSH', 20);
  const ids = await postBatch(srv.url, 'admin-secret', batch);
  await waitFor('some progress', () => [...states(db).values()].filter(isSettled).length >= 15, 60_000, 20);
  const r = new Redis(redis.url);
  await r.flushall();
  const waitingAfter = await queues.queue('validate').getWaitingCount();
  r.disconnect();
  const atFlush = [...states(db).values()].filter(isSettled).length;
  expect(atFlush).toBeLessThan(200);
  expect(waitingAfter).toBeLessThan(200 - atFlush); // the queued jobs really were lost
  await waitFor('all settled', () => [...states(db).values()].every(isSettled), 100_000, 100);
  const st = states(db);
  batch.forEach((b, i) => expect([i, st.get(ids[i] ?? '')]).toEqual([i, b.valid ? finalStateOfValid() : 'rejected']));
  expect(assertEventsExactlyOnce(db).documents).toBe(200);
  expect(worker.child.exitCode).toBeNull(); // the worker survived the loss
}, 150_000);
