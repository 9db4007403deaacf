/** A document addressed to a body of the directory goes through every stage of this build, end to end (real HTTP, Redis, SQLite, validation, routing, and rendering/dispatch where present). */
import fs from 'node:fs';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { fileOf } from '../../db/file-store';
import { PipelineQueues } from '../../workers/queues';
import { availableStages } from '../../workers/stages';
import { startWorkers, type WorkerHandle } from '../../workers/worker';
import { luVat } from '../directory/helpers';
import { deletePrefix, invoice, post, REDIS_URL, sbdh, silent, startTestServer, tmpDir, uniquePrefix, waitFor, type TestServer } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

const prefix = uniquePrefix('e2e');
let dataDir: string;
let db: Database;
let srv: TestServer;
let queues: PipelineQueues;
let workers: WorkerHandle;

beforeAll(async () => {
  dataDir = tmpDir('e2e');
  db = openDatabase(dataDir);
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 3, backoffMs: 100 });
  srv = await startTestServer(dataDir, { db, queues, available: [...availableStages()] });
  workers = await startWorkers({
    redisUrl: REDIS_URL, prefix, dataDir, db, logger: silent, validateConcurrency: 1, stageConcurrency: 2,
    attempts: 3, backoffMs: 100, lockMs: 10_000, reconcileIntervalMs: 0, reconcileAfterMs: 60_000, logLevel: 'silent',
  });
});
afterAll(async () => {
  await workers.close();
  await srv.close();
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('hand-off to a known body: every existing stage runs once, in order', async () => {
  const vat = luVat(4711);
  const created = await post(`${srv.url}/api/v1/bodies`, JSON.stringify({
    id: 'min-e2e', type: 'ministry', parentId: null, status: 'active', names: { fr: 'Ministère E2E', de: 'Ministerium E2E' },
    validFrom: '2020-01-01', validTo: null, language: 'fr', identifiers: [`9938:${vat}`], successors: [], requiredReferences: [], routingRules: [], contacts: [],
  }), { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' });
  expect(created.status).toBe(201);
  const xml = Buffer.from(invoice('E2E-1').toString('utf8').replace('<cbc:EndpointID schemeID="0002">FR23342</cbc:EndpointID>', `<cbc:EndpointID schemeID="9938">${vat}</cbc:EndpointID>`), 'utf8');
  expect(xml.toString('utf8')).toContain(vat);
  const r = await post(`${srv.url}/peppol/v1/inbound`, sbdh(xml, { receiver: `9938:${vat}` }), {
    Authorization: 'Bearer admin-secret', 'Content-Type': 'application/xml', 'X-AS4-Message-Id': 'e2e-1', 'X-Peppol-Sending-AP': 'PLU000001',
  });
  expect(r.status).toBe(202);
  const id = String(r.json.id);
  await waitFor('settled', () => isSettled(states(db).get(id) ?? 'received'), 90_000, 100);
  const avail = availableStages();
  const expected = ['received', 'validated', 'routed', ...(avail.has('render') ? ['rendered'] : []), ...(avail.has('render') && avail.has('dispatch') ? ['delivered'] : [])];
  const view = (await (await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: { Authorization: 'Bearer admin-secret' } })).json()) as { status: string; events: { to: string; type: string }[]; resolvedBody: { id: string } | null };
  expect(view.events.filter((e) => e.type === 'transition' || e.type === 'received').map((e) => e.to)).toEqual(expected);
  expect(view.status).toBe(expected[expected.length - 1]);
  expect(view.resolvedBody).toEqual(expect.objectContaining({ id: 'min-e2e' }));
  if (avail.has('render')) expect(fileOf(db, id, 'pdf')).toMatch(/^[0-9a-f]{64}$/);
  assertEventsExactlyOnce(db);
}, 120_000);
