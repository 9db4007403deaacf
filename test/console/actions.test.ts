/**
 * The console's actions on real documents (handed off over Peppol, run through the real validate
 * and route stages): each action's effect on the document, its event, its audit row, the job it
 * enqueues (real Redis, own prefix); bulk actions from the queue page; grouped views; escaping.
 */
import { and, eq } from 'drizzle-orm';
import { saveBodies } from '../../db/directory/store';
import { documentHandled, events, inboxItems, mlsOutbox, staffAudit, webhookDeliveries } from '../../db/schema';
import { validate } from '../../validation';
import { createDeliveries, createWebhook } from '../../workers/dispatch/store';
import { produceMls } from '../../workers/mls/produce';
import { PipelineQueues } from '../../workers/queues';
import { getDocument } from '../../workers/stage-contract';
import { makeValidateStage } from '../../workers/validate/stage';
import { routeStage } from '../../workers/route/stage';
import { body, luVat } from '../directory/helpers';
import { deletePrefix, invoice, REDIS_URL, sbdh, silent, startTestServer, tmpDir, uniquePrefix, type TestServer } from '../pipeline/helpers';
import { ADMIN, Client, seedDocument, staffClient } from './helpers';
import fs from 'node:fs';

let hub: TestServer;
let dir: string;
let queues: PipelineQueues;
let prefix: string;
let operator: Client;
let viewer: Client;
let n = 0;

beforeAll(async () => {
  dir = tmpDir('console-actions');
  prefix = uniquePrefix('console-actions');
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 1, backoffMs: 1000 });
  hub = await startTestServer(dir, { adminToken: ADMIN, queues, available: ['validate', 'route', 'render', 'dispatch'] });
  hub.server.keepAliveTimeout = 120_000; // see test/console/helpers.ts
  const r = saveBodies(hub.deps.db, [body('min-target', { identifiers: [{ scheme: '9938', value: luVat(777777), purpose: 'peppol' }] })], { actor: 'test', source: 'api', effectiveFrom: '2020-01-01' });
  if (!r.ok) throw new Error('directory fixture refused');
  operator = await staffClient(hub, 'otto', 'operator');
  viewer = await staffClient(hub, 'vera', 'viewer');
});

afterAll(async () => {
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  await hub.close();
  hub.deps.db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const stageDeps = () => ({ db: hub.deps.db, files: hub.deps.files, dataDir: dir, logger: silent, clock: () => new Date() });

/** A valid Peppol invoice for a receiver the directory does not know: ends `unroutable`. */
async function unroutableDoc(): Promise<string> {
  n++;
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(invoice(`ACT-${n}`), { instanceId: `inst-act-${n}` })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': `as4-act-${n}-${Date.now()}`, 'x-peppol-sending-ap': 'PFR000321' },
  });
  const id = ((await res.json()) as { id: string }).id;
  await queues.queue('validate').remove(id);
  expect((await makeValidateStage(() => validate)(id, stageDeps())).state).toBe('validated');
  expect((await routeStage(id, stageDeps())).state).toBe('unroutable');
  return id;
}

function eventsOf(id: string, type: string) {
  return hub.deps.db.select().from(events).where(and(eq(events.documentId, id), eq(events.type, type))).all();
}

function auditOf(id: string, action: string) {
  return hub.deps.db.select().from(staffAudit).where(and(eq(staffAudit.target, `document:${id}`), eq(staffAudit.action, action))).all();
}

async function act(c: Client, id: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  await c.get(`/console/documents/${id}`);
  return c.post(`/console/documents/${id}/actions`, fields);
}

describe('document actions', () => {
  it('reprocess: unroutable → validated, event and audit by the staff member, route job enqueued', async () => {
    const id = await unroutableDoc();
    const r = await act(operator, id, { action: 'reprocess', reason: 'directory fixed' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('1 document(s) done.');
    expect(getDocument(hub.deps.db, id)?.state).toBe('validated');
    const ev = eventsOf(id, 'reprocess');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor: 'staff:otto', fromState: 'unroutable', toState: 'validated' });
    expect(auditOf(id, 'reprocess')).toHaveLength(1);
    expect(await queues.queue('route').getJob(id)).toBeDefined();
  });

  it('route to a chosen body: reason required, unknown body refused, then routed with the body', async () => {
    const id = await unroutableDoc();
    const noReason = await act(operator, id, { action: 'route', bodyId: 'min-target', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('a reason is required');
    const unknown = await act(operator, id, { action: 'route', bodyId: 'min-nowhere', reason: 'r' });
    expect(unknown.status).toBe(400);
    expect(getDocument(hub.deps.db, id)?.state).toBe('unroutable');
    expect(auditOf(id, 'route')).toHaveLength(0);
    const ok = await act(operator, id, { action: 'route', bodyId: 'min-target', reason: 'receiver id typo, confirmed by phone' });
    expect(ok.status).toBe(200);
    const d = getDocument(hub.deps.db, id);
    expect(d).toMatchObject({ state: 'routed', resolvedBodyId: 'min-target' });
    const ev = eventsOf(id, 'route-manual');
    expect(JSON.parse(ev[0]?.details ?? '{}')).toMatchObject({ bodyId: 'min-target', reason: 'receiver id typo, confirmed by phone', manual: true });
    expect(ev[0]?.actor).toBe('staff:otto');
    expect(auditOf(id, 'route')).toHaveLength(1);
    expect(await queues.queue('render').getJob(id)).toBeDefined();
  });

  it('reject definitively: reason required; the Peppol sender then gets a valid MLS carrying the reason', async () => {
    const id = await unroutableDoc();
    expect((await act(operator, id, { action: 'reject', reason: ' ' })).status).toBe(400);
    expect((await act(operator, id, { action: 'reject', reason: 'Receiver is not a public body <b>' })).status).toBe(200);
    const d = getDocument(hub.deps.db, id);
    expect(d?.state).toBe('rejected');
    expect(d?.lastError).toContain('Receiver is not a public body <b>');
    expect(eventsOf(id, 'reject-manual')[0]?.actor).toBe('staff:otto');
    expect(auditOf(id, 'reject')).toHaveLength(1);
    const out = await produceMls({ db: hub.deps.db, files: hub.deps.files, validate, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date() }, id);
    expect(out.status).toBe('created');
    const row = hub.deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, id)).get()!;
    const xml = hub.deps.files.get(row.sha256).toString('utf8');
    expect(xml).toContain('[HUB-REJECTED] Rejected by the Peppol Authority: Receiver is not a public body &lt;b&gt;');
    expect((await validate(Buffer.from(xml), { scenario: 'peppol-mls' })).valid).toBe(true);
  });

  it('a viewer cannot act: 403, nothing changes', async () => {
    const id = await unroutableDoc();
    await viewer.get(`/console/documents/${id}`);
    expect(viewer.lastHtml).toContain('Your role allows viewing only.');
    const res = await viewer.req('POST', `/console/documents/${id}/actions`, new URLSearchParams({ action: 'reject', reason: 'x' }));
    expect(res.status).toBe(403);
    expect(getDocument(hub.deps.db, id)?.state).toBe('unroutable');
  });

  it('reprocess a rejected document: back to received, validate job enqueued; delivered documents cannot be reprocessed', async () => {
    const id = seedDocument(hub, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-02' }] });
    const api = await fetch(`${hub.url}/console/api/documents/${id}/actions/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"reason":"new rule pack"}' });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ ok: true, from: 'rejected', to: 'received', enqueued: 'validate' });
    expect(eventsOf(id, 'reprocess')[0]?.actor).toBe('admin');
    expect(await queues.queue('validate').getJob(id)).toBeDefined();
    const done = seedDocument(hub, { state: 'delivered', receivedAt: new Date().toISOString() });
    const refused = await fetch(`${hub.url}/console/api/documents/${done}/actions/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(409);
  });
});

describe('queues, bulk actions, grouped views', () => {
  it('mark handled in bulk from the queue page: both leave the queue, each with its event and audit row', async () => {
    const now = new Date().toISOString();
    const a = seedDocument(hub, { state: 'duplicate', receivedAt: now, invoiceNumber: '<script>alert(1)</script>' });
    const b = seedDocument(hub, { state: 'duplicate', receivedAt: now });
    const page = await operator.get('/console/queues/duplicates');
    expect(page.text).toContain(a);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    const res = await operator.post('/console/queues/duplicates/actions', { action: 'handled', reason: 'sender informed', [`id.${a}`]: '1', [`id.${b}`]: '1' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 document(s) done.');
    expect(res.text).not.toContain(`/console/documents/${a}"`);
    for (const id of [a, b]) {
      expect(eventsOf(id, 'handled')).toHaveLength(1);
      expect(auditOf(id, 'handled')).toHaveLength(1);
      expect(hub.deps.db.select().from(documentHandled).where(eq(documentHandled.documentId, id)).get()).toMatchObject({ state: 'duplicate', note: 'sender informed', actor: 'staff:otto' });
    }
    const counts = (await (await fetch(`${hub.url}/console/api/queues`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Record<string, number>;
    expect(counts.duplicates).toBe(0);
  });

  it('groups rejected documents by rule (with its text and BT), by provider, by day, with trends', async () => {
    const now = Date.now();
    const day = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const msg = '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).';
    for (const d of [0, 1, 2]) seedDocument(hub, { state: 'rejected', receivedAt: day(d), sendingAp: 'PDE000555', findings: [{ ruleId: 'BR-05', message: msg }] });
    for (const d of [8, 9]) seedDocument(hub, { state: 'rejected', receivedAt: day(d), sendingAp: 'PDE000555', findings: [{ ruleId: 'BR-05', message: msg }, { ruleId: 'BR-06', message: 'seller name (BT-27)' }] });
    const g = (await (await fetch(`${hub.url}/console/api/queues/rejected?by=rule`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string; count: number; last7: number; prev7: number; text: string; bts: { id: string }[] }[] };
    const br05 = g.groups.find((x) => x.key === 'BR-05');
    expect(br05).toMatchObject({ count: 5, last7: 3, prev7: 2, text: msg });
    expect(br05?.bts.map((b) => b.id)).toEqual(['BT-5']);
    expect(g.groups.find((x) => x.key === 'BR-06')).toMatchObject({ count: 2, last7: 0, prev7: 2 });
    const byProv = (await (await fetch(`${hub.url}/console/api/queues/rejected?by=provider`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string; count: number }[] };
    expect(byProv.groups.find((x) => x.key === 'PDE000555')?.count).toBe(5);
    const html = await viewer.get('/console/queues/rejected?by=rule');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<td>BT-5 Invoice currency</td>');
    const filtered = (await (await fetch(`${hub.url}/console/api/queues/rejected?rule=BR-06`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: unknown[] };
    expect(filtered.items).toHaveLength(2);
  });
});

describe('paging', () => {
  it('shows a queue 100 documents a page, with next/previous links; the API pages with limit/offset', async () => {
    const base = Date.parse('2026-02-01T00:00:00.000Z');
    const ids = Array.from({ length: 105 }, (_x, i) => seedDocument(hub, { state: 'render_failed', receivedAt: new Date(base + i * 60_000).toISOString() }));
    const p0 = await viewer.get('/console/queues/failed');
    expect((p0.text.match(/href="\/console\/documents\//g) ?? []).length).toBe(100);
    expect(p0.text).toContain('href="/console/queues/failed?page=1"');
    expect(p0.text).not.toContain('Previous page');
    const p1 = await viewer.get('/console/queues/failed?page=1');
    expect((p1.text.match(/href="\/console\/documents\//g) ?? []).length).toBe(5);
    expect(p1.text).toContain('Previous page');
    expect(p1.text).toContain(`/console/documents/${ids[0]}"`); // oldest last
    const api = (await (await fetch(`${hub.url}/console/api/queues/failed?limit=10&offset=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: { id: string }[] };
    expect(api.items.map((x) => x.id)).toEqual(ids.slice(0, 5).reverse());
    expect((await fetch(`${hub.url}/console/api/queues/failed?limit=0`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(400);
  });
});

describe('dead letters', () => {
  it('an operator redelivers a dead-lettered document from the queue (reason required, audited); a viewer sees it read-only', async () => {
    const db = hub.deps.db;
    const at = new Date('2026-03-02T10:00:00.000Z');
    const id = seedDocument(hub, { state: 'delivered', resolvedBodyId: 'min-target', receivedAt: '2026-03-02T09:00:00.000Z', deliveredAfter: 60 });
    db.insert(inboxItems).values({ documentId: id, bodyId: 'min-target', status: 'acknowledged', deliveredAt: '2026-03-02T09:01:00.000Z', acknowledgedAt: '2026-03-02T09:30:00.000Z', summary: '{}' }).run();
    const hook = createWebhook(db, 'min-target', 'https://erp.example.lu/hook', 'secret-1', at);
    const [dead] = createDeliveries(db, id, 'min-target', [hook], at);
    db.update(webhookDeliveries).set({ status: 'dead', attempts: 8, lastError: 'HTTP 410' }).where(eq(webhookDeliveries.id, dead!)).run();

    const ro = await viewer.get('/console/queues/dead-letters');
    expect(ro.text).toContain(`/console/documents/${id}`);
    expect(ro.text).not.toContain('name="action"');
    const page = await operator.get('/console/queues/dead-letters');
    expect(page.text).toContain('value="redeliver" checked');
    expect(page.text).toContain(`id="sel-${dead!}"`);
    expect(page.text).not.toContain('value="reject"');

    const noReason = await operator.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: '', [`id.${id}`]: '1' });
    expect(noReason.text).toContain('a reason is required');
    expect(eventsOf(id, 'redeliver')).toHaveLength(0);
    await operator.get('/console/queues/dead-letters');
    const other = await operator.post('/console/queues/dead-letters/actions', { action: 'reject', reason: 'no', [`id.${id}`]: '1' });
    expect(other.status).toBe(200);
    expect(getDocument(db, id)?.state).toBe('delivered');

    await operator.get('/console/queues/dead-letters');
    const done = await operator.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: 'ERP webhook fixed', [`id.${id}`]: '1' });
    expect(done.status).toBe(200);
    expect(getDocument(db, id)?.state).toBe('delivered');
    const [ev] = eventsOf(id, 'redeliver');
    expect(ev).toMatchObject({ actor: 'staff:otto', fromState: 'delivered', toState: 'delivered' });
    expect(JSON.parse(ev!.details)).toMatchObject({ reason: 'ERP webhook fixed', bodyId: 'min-target', webhooks: [hook.id] });
    const [a] = auditOf(id, 'redeliver');
    expect(a).toMatchObject({ actor: 'staff:otto' });
    expect(JSON.parse(a!.details)).toMatchObject({ from: 'delivered', to: 'delivered', reason: 'ERP webhook fixed' });
    const pending = db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.documentId, id), eq(webhookDeliveries.status, 'pending'))).all();
    expect(pending.map((p) => p.webhookId)).toEqual([hook.id]);
    expect(db.select().from(inboxItems).where(eq(inboxItems.documentId, id)).get()).toMatchObject({ status: 'new', acknowledgedAt: null });

    // a viewer cannot act
    await viewer.get('/console/queues/dead-letters');
    expect((await viewer.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: 'x', [`id.${id}`]: '1' })).status).toBe(403);
    expect(eventsOf(id, 'redeliver')).toHaveLength(1);
  });
});
