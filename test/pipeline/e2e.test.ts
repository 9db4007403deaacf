/** A document addressed to a body of the directory goes through every stage, end to end (real HTTP, Redis, database, validation, routing, rendering, dispatch). */
import { fileOf } from '../../core/documents/store';
import { luVat } from '../directory/helpers';
import { invoice, post, sbdh, startPipeline, waitFor, type RunningPipeline } from './helpers';
import { assertEventsExactlyOnce, isSettled, states } from './invariants';

let p: RunningPipeline;

beforeAll(async () => {
  p = await startPipeline('e2e', { attempts: 3, stageConcurrency: 2, lockMs: 10_000, reconcileAfterMs: 60_000 });
});
afterAll(() => p.close());

test('hand-off to a known body: every stage runs once, in order', async () => {
  const { srv, store } = p;
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
  await waitFor('settled', async () => isSettled((await states(store)).get(id) ?? 'received'), 90_000, 100);
  const expected = ['received', 'validated', 'routed', 'rendered', 'delivered'];
  const view = (await (await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: { Authorization: 'Bearer admin-secret' } })).json()) as { status: string; events: { to: string; type: string }[]; resolvedBody: { id: string } | null };
  expect(view.events.filter((e) => e.type === 'transition' || e.type === 'received').map((e) => e.to)).toEqual(expected);
  expect(view.status).toBe('delivered');
  expect(view.resolvedBody).toEqual(expect.objectContaining({ id: 'min-e2e' }));
  expect(await fileOf(store, id, 'pdf')).toMatch(/^[0-9a-f]{64}$/);
  expect(await fileOf(store, id, 'summary')).toMatch(/^[0-9a-f]{64}$/);
  const pdf = await fetch(`${srv.url}/api/v1/documents/${id}/pdf`, { headers: { Authorization: 'Bearer admin-secret' } });
  expect(pdf.status).toBe(200);
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await assertEventsExactlyOnce(store);
}, 120_000);
