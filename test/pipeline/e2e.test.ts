/** A document addressed to a body of the directory goes through every stage of this build, end to end (real HTTP, Redis, SQLite, validation, routing, and rendering/dispatch where present). */
import type { Database } from '../../db/client';
import { fileOf } from '../../db/file-store';
import { availableStages } from '../../workers/stages';
import { luVat } from '../directory/helpers';
import { invoice, post, sbdh, startPipeline, waitFor, type RunningPipeline, type TestServer } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

let p: RunningPipeline;
let db: Database;
let srv: TestServer;

beforeAll(async () => {
  p = await startPipeline('e2e', { attempts: 3, stageConcurrency: 2, lockMs: 10_000, reconcileAfterMs: 60_000 });
  ({ db, srv } = p);
});
afterAll(() => p.close());

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
