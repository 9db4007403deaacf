/**
 * The console's actions on real documents (handed off over Peppol, run through the real validate
 * and route stages): each action's effect on the document, its event, its audit row, the job it
 * enqueues (real Redis, own prefix); bulk actions from the queue page; grouped views; escaping; the
 * body picker of "route to a body"; what the queue lists show (recipient, type and signed amount).
 */
import { getDocument, eventsOf as documentEvents } from '../../core/documents/store';
import { createDeliveries } from '../../core/dispatch/deliver';
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { produceMls } from '../../core/mls/produce';
import { handledMark } from '../../db/repositories/console';
import { inboxItemOf, updateDelivery, upsertInboxItem } from '../../db/repositories/dispatch';
import { mlsOfDocument } from '../../db/repositories/outbox';
import { validate } from '../../validation';
import { inlineCpu } from '../../workers/cpu/inline';
import { PipelineQueues } from '../../workers/queues';
import { routeStage } from '../../workers/route/stage';
import { validateStage } from '../../workers/validate/stage';
import { fixtureWebhook } from '../dispatch/helpers';
import { body, luVat, save } from '../directory/helpers';
import { deletePrefix, invoice, REDIS_URL, sbdh, silent, uniquePrefix } from '../pipeline/helpers';
import { ADMIN, auditRows, Client, seedDocument, staffClient, startConsoleHub, type ConsoleHub } from './helpers';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

let hub: ConsoleHub;
let queues: PipelineQueues;
let prefix: string;
let operator: Client;
let viewer: Client;
let n = 0;

const TARGET_VAT = luVat(777777);

beforeAll(async () => {
  prefix = uniquePrefix('console-actions');
  queues = new PipelineQueues({ redisUrl: REDIS_URL, prefix, attempts: 1, backoffMs: 1000 });
  hub = await startConsoleHub('actions', { queues });
  await save(hub.store, [
    body('min-target', { names: { fr: 'Ministère cible', de: 'Zielministerium', en: 'Target ministry' }, identifiers: [{ scheme: '9938', value: TARGET_VAT, purpose: 'peppol' }] }),
    body('min-other', { names: { fr: 'Autre ministère', de: 'Anderes Ministerium' } }),
  ], '2020-01-01');
  operator = await staffClient(hub, 'otto', 'operator');
  viewer = await staffClient(hub, 'vera', 'viewer');
});

afterAll(async () => {
  await queues.close();
  await deletePrefix(REDIS_URL, prefix);
  await hub.stop();
});

const stageDeps = () => ({ store: hub.store, cpu: inlineCpu, logger: silent, clock: () => new Date() });

/** A valid Peppol invoice for a receiver the directory does not know: ends `unroutable`. */
async function unroutableDoc(): Promise<string> {
  n++;
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(invoice(`ACT-${n}`), { instanceId: `inst-act-${n}` })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': `as4-act-${n}-${Date.now()}`, 'x-peppol-sending-ap': 'PFR000321' },
  });
  const id = ((await res.json()) as { id: string }).id;
  await queues.queue('validate').remove(id);
  expect((await validateStage(id, stageDeps())).state).toBe('validated');
  expect((await routeStage(id, stageDeps())).state).toBe('unroutable');
  return id;
}

async function eventsOf(id: string, type: string) {
  return (await documentEvents(hub.store, id)).filter((e) => e.type === type);
}

async function auditOf(id: string, action: string) {
  return auditRows(hub.store, { target: `document:${id}`, action });
}

async function state(id: string): Promise<string | undefined> {
  return (await getDocument(hub.store, id))?.state;
}

async function act(c: Client, id: string, fields: Record<string, string>): Promise<{ status: number; text: string }> {
  await c.get(`/console/documents/${id}`);
  return c.post(`/console/documents/${id}/actions`, fields);
}

/** The page's text with its no-break spaces as plain spaces. */
const plain = (s: string): string => s.replace(/\u00a0/g, ' ');

describe('document actions', () => {
  it('reprocess: unroutable → validated, event and audit by the staff member, route job enqueued', async () => {
    const id = await unroutableDoc();
    const r = await act(operator, id, { action: 'reprocess', reason: 'directory fixed' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('1 document(s) done.');
    expect(await state(id)).toBe('validated');
    const ev = await eventsOf(id, 'reprocess');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor: 'staff:otto', fromState: 'unroutable', toState: 'validated' });
    expect(await auditOf(id, 'reprocess')).toHaveLength(1);
    expect(await queues.queue('route').getJob(id)).toBeDefined();
  });

  it('route to a chosen body: reason required, unknown body refused, then routed with the body', async () => {
    const id = await unroutableDoc();
    const noReason = await act(operator, id, { action: 'route', bodyId: 'min-target', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('a reason is required');
    const unknown = await act(operator, id, { action: 'route', bodyId: 'min-nowhere', reason: 'r' });
    expect(unknown.status).toBe(400);
    expect(await state(id)).toBe('unroutable');
    expect(await auditOf(id, 'route')).toHaveLength(0);
    const ok = await act(operator, id, { action: 'route', bodyId: 'min-target', reason: 'receiver id typo, confirmed by phone' });
    expect(ok.status).toBe(200);
    expect(await getDocument(hub.store, id)).toMatchObject({ state: 'routed', resolvedBodyId: 'min-target' });
    const ev = await eventsOf(id, 'route-manual');
    expect(ev[0]?.details).toMatchObject({ bodyId: 'min-target', reason: 'receiver id typo, confirmed by phone', manual: true });
    expect(ev[0]?.actor).toBe('staff:otto');
    expect(await auditOf(id, 'route')).toHaveLength(1);
    expect(await queues.queue('render').getJob(id)).toBeDefined();
  });

  it('reject definitively: reason required; the Peppol sender then gets a valid MLS carrying the reason', async () => {
    const id = await unroutableDoc();
    expect((await act(operator, id, { action: 'reject', reason: ' ' })).status).toBe(400);
    expect((await act(operator, id, { action: 'reject', reason: 'Receiver is not a public body <b>' })).status).toBe(200);
    const d = await getDocument(hub.store, id);
    expect(d?.state).toBe('rejected');
    expect(d?.lastError).toContain('Receiver is not a public body <b>');
    expect((await eventsOf(id, 'reject-manual'))[0]?.actor).toBe('staff:otto');
    expect(await auditOf(id, 'reject')).toHaveLength(1);
    const out = await produceMls({ store: hub.store, validate, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date() }, id);
    expect(out.status).toBe('created');
    const row = (await mlsOfDocument(hub.store.db, id))!;
    const xml = (await hub.store.blobs.get(row.sha256)).toString('utf8');
    expect(xml).toContain('[HUB-REJECTED] Rejected by the Peppol Authority: Receiver is not a public body &lt;b&gt;');
    expect((await validate(Buffer.from(xml), { scenario: 'peppol-mls' })).valid).toBe(true);
  });

  it('a viewer cannot act: 403, nothing changes', async () => {
    const id = await unroutableDoc();
    await viewer.get(`/console/documents/${id}`);
    expect(viewer.lastHtml).toContain('Your role allows viewing only.');
    const res = await viewer.req('POST', `/console/documents/${id}/actions`, new URLSearchParams({ action: 'reject', reason: 'x' }));
    expect(res.status).toBe(403);
    expect(await state(id)).toBe('unroutable');
  });

  it('reprocess a rejected document: back to received, validate job enqueued; delivered documents cannot be reprocessed', async () => {
    const id = await seedDocument(hub.store, { state: 'rejected', receivedAt: new Date().toISOString(), findings: [{ ruleId: 'BR-02' }] });
    const api = await fetch(`${hub.url}/console/api/documents/${id}/actions/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"reason":"new rule pack"}' });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ ok: true, from: 'rejected', to: 'received', enqueued: 'validate' });
    expect((await eventsOf(id, 'reprocess'))[0]?.actor).toBe('admin');
    expect(await queues.queue('validate').getJob(id)).toBeDefined();
    const done = await seedDocument(hub.store, { state: 'delivered', receivedAt: new Date().toISOString() });
    const refused = await fetch(`${hub.url}/console/api/documents/${done}/actions/reprocess`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(409);
  });
});

describe('route to a body: the directory search picker', () => {
  it('has no free-text body field and nothing chosen; finds bodies by name and by identifier; routes to the one chosen', async () => {
    const id = await unroutableDoc();
    const page = await operator.get(`/console/documents/${id}`);
    expect(page.text).not.toMatch(/<input type="text"[^>]*name="bodyId"/);
    expect(page.text).toContain('name="bodyQ"');
    expect(page.text).not.toContain('name="bodyId"');
    // search by name: the form comes back with what was typed, the action set to "route", the bodies found, none chosen
    const byName = await operator.post(`/console/documents/${id}/actions`, { action: 'handled', reason: 'typo in the receiver id', bodyQ: 'target ministry', find: '1' });
    expect(byName.status).toBe(200);
    expect(await state(id)).toBe('unroutable');
    expect(byName.text).toContain('value="route" checked');
    expect(byName.text).toContain('typo in the receiver id</textarea>');
    expect(byName.text).toMatch(/<input type="radio" id="doc-body-0" name="bodyId" value="min-target">/);
    expect(byName.text).not.toMatch(/name="bodyId" value="[^"]*" checked/);
    expect(byName.text).not.toContain('value="min-other"');
    // search by identifier
    const byId = await operator.post(`/console/documents/${id}/actions`, { action: 'route', reason: 'x', bodyQ: `9938:${TARGET_VAT}`, find: '1' });
    expect(byId.text).toContain('value="min-target"');
    expect(byId.text).toContain(`9938:${TARGET_VAT}`);
    // nothing chosen: refused, nothing written
    const none = await operator.post(`/console/documents/${id}/actions`, { action: 'route', reason: 'x', bodyQ: 'target' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('choose the body to route to');
    expect(await state(id)).toBe('unroutable');
    const ok = await operator.post(`/console/documents/${id}/actions`, { action: 'route', reason: 'confirmed by phone', bodyQ: 'target', bodyId: 'min-target' });
    expect(ok.status).toBe(200);
    expect(await getDocument(hub.store, id)).toMatchObject({ state: 'routed', resolvedBodyId: 'min-target' });
  });

  it('the bulk form of a queue has the same picker and keeps the documents ticked', async () => {
    const a = await unroutableDoc();
    const page = await operator.get('/console/queues/unroutable');
    expect(page.text).toContain('name="bodyQ"');
    const found = await operator.post('/console/queues/unroutable/actions', { action: 'route', reason: 'r', bodyQ: 'cible', find: '1', [`id.${a}`]: '1' });
    expect(found.text).toContain('value="min-target"');
    expect(found.text).toMatch(new RegExp(`name="id\\.${a}" value="1" id="sel-${a}" aria-label="[^"]*" checked`));
    expect(await state(a)).toBe('unroutable');
  });
});

describe('queues, bulk actions, grouped views', () => {
  it('mark handled in bulk from the queue page: both leave the queue, each with its event and audit row', async () => {
    const now = new Date().toISOString();
    const a = await seedDocument(hub.store, { state: 'duplicate', receivedAt: now, invoiceNumber: '<script>alert(1)</script>' });
    const b = await seedDocument(hub.store, { state: 'duplicate', receivedAt: now });
    const page = await operator.get('/console/queues/duplicates');
    expect(page.text).toContain(a);
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)');
    const res = await operator.post('/console/queues/duplicates/actions', { action: 'handled', reason: 'sender informed', [`id.${a}`]: '1', [`id.${b}`]: '1' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 document(s) done.');
    expect(res.text).not.toContain(`/console/documents/${a}"`);
    for (const id of [a, b]) {
      expect(await eventsOf(id, 'handled')).toHaveLength(1);
      expect(await auditOf(id, 'handled')).toHaveLength(1);
      expect(await handledMark(hub.store.db, id)).toMatchObject({ state: 'duplicate', note: 'sender informed', actor: 'staff:otto' });
    }
    const counts = (await (await fetch(`${hub.url}/console/api/queues`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Record<string, number>;
    expect(counts.duplicates).toBe(0);
  });

  it('groups rejected documents by rule (with its text and BT), by provider, by day, with trends', async () => {
    const now = Date.now();
    const day = (d: number) => new Date(now - d * 86_400_000).toISOString();
    const msg = '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).';
    for (const d of [0, 1, 2]) await seedDocument(hub.store, { state: 'rejected', receivedAt: day(d), sendingAp: 'PDE000555', findings: [{ ruleId: 'BR-05', message: msg }] });
    for (const d of [8, 9]) await seedDocument(hub.store, { state: 'rejected', receivedAt: day(d), sendingAp: 'PDE000555', findings: [{ ruleId: 'BR-05', message: msg }, { ruleId: 'BR-06', message: 'seller name (BT-27)' }] });
    const g = (await (await fetch(`${hub.url}/console/api/queues/rejected?by=rule`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string; count: number; last7: number; prev7: number; text: string; bts: { id: string }[] }[] };
    const br05 = g.groups.find((x) => x.key === 'BR-05');
    expect(br05).toMatchObject({ count: 5, last7: 3, prev7: 2, text: msg });
    expect(br05?.bts.map((b) => b.id)).toEqual(['BT-5']);
    expect(g.groups.find((x) => x.key === 'BR-06')).toMatchObject({ count: 2, last7: 0, prev7: 2 });
    const byProv = (await (await fetch(`${hub.url}/console/api/queues/rejected?by=provider`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string; count: number; last7: number; prev7: number }[] };
    expect(byProv.groups.find((x) => x.key === 'PDE000555')).toMatchObject({ count: 5, last7: 3, prev7: 2 });
    const byDay = (await (await fetch(`${hub.url}/console/api/queues/rejected?by=day`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string; count: number }[] };
    expect(byDay.groups.map((x) => x.key)).toEqual([...byDay.groups.map((x) => x.key)].sort().reverse());
    expect(byDay.groups.find((x) => x.key === day(8).slice(0, 10))?.count).toBeGreaterThanOrEqual(1);
    const html = await viewer.get('/console/queues/rejected?by=rule');
    expect(html.status).toBe(200);
    expect(html.text).toContain('<td>BT-5 Invoice currency</td>');
    const filtered = (await (await fetch(`${hub.url}/console/api/queues/rejected?rule=BR-06`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: unknown[] };
    expect(filtered.items).toHaveLength(2);
    const byProvider = (await (await fetch(`${hub.url}/console/api/queues/rejected?provider=PDE000555&day=${day(8).slice(0, 10)}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: unknown[] };
    expect(byProvider.items).toHaveLength(1);
  });

  it('the recipient column shows the SBDH receiver when there is one (else BT-49, else the body routed to)', async () => {
    const now = new Date().toISOString();
    const sbdhDoc = await seedDocument(hub.store, { state: 'render_failed', receivedAt: now, receiverId: '9938:LU11111111', buyerEndpointId: '0088:5790000000001', resolvedBodyId: 'min-target' });
    const bare = await seedDocument(hub.store, { state: 'render_failed', receivedAt: now, receiverId: null, buyerEndpointId: '0088:5790000000001', resolvedBodyId: 'min-target' });
    const routedOnly = await seedDocument(hub.store, { state: 'render_failed', receivedAt: now, resolvedBodyId: 'min-target' });
    const api = (await (await fetch(`${hub.url}/console/api/queues/failed?limit=1000`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { items: { id: string; recipient: string | null }[] };
    const recipient = (id: string): string | null | undefined => api.items.find((x) => x.id === id)?.recipient;
    expect([recipient(sbdhDoc), recipient(bare), recipient(routedOnly)]).toEqual(['9938:LU11111111', '0088:5790000000001', 'min-target']);
    const page = await viewer.get('/console/queues/failed');
    const row = page.text.split('<tr>').find((r) => r.includes(`/console/documents/${sbdhDoc}"`)) ?? '';
    expect(row).toContain('<td>9938:LU11111111</td>');
    const grouped = (await (await fetch(`${hub.url}/console/api/queues/failed?by=recipient`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { groups: { key: string }[] };
    expect(grouped.groups.map((x) => x.key)).toContain('9938:LU11111111');
  });
});

/** The base invoice as a UBL credit note (type 381), same amounts. */
function creditNote(number: string): Buffer {
  const x = invoice(number).toString('utf8')
    .replace(/urn:oasis:names:specification:ubl:schema:xsd:Invoice-2/g, 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2')
    .replace(/<Invoice /, '<CreditNote ').replace(/<\/Invoice>/, '</CreditNote>')
    .replace(/InvoiceTypeCode>380</g, 'CreditNoteTypeCode>381<').replace(/cbc:InvoiceTypeCode/g, 'cbc:CreditNoteTypeCode')
    .replace(/cac:InvoiceLine/g, 'cac:CreditNoteLine').replace(/cbc:InvoicedQuantity/g, 'cbc:CreditedQuantity');
  return Buffer.from(x, 'utf8');
}

describe('document type and signed amount on every list and view', () => {
  it('a credit note shows as such with a negative amount, an invoice positive, a self-billed invoice as self-billed — in the language of the page', async () => {
    const now = new Date().toISOString();
    const cn = await seedDocument(hub.store, { state: 'dispatch_failed', receivedAt: now, payload: creditNote('CN-1'), typeCode: '381' });
    const inv = await seedDocument(hub.store, { state: 'dispatch_failed', receivedAt: now, payload: invoice('INV-1'), typeCode: '380' });
    const selfBilled = await seedDocument(hub.store, { state: 'dispatch_failed', receivedAt: now, payload: Buffer.from(invoice('SB-1').toString('utf8').replace(/InvoiceTypeCode>380</, 'InvoiceTypeCode>389<')), typeCode: '389' });
    const rowOf = (text: string, id: string): string => plain(text.split('<tr>').find((r) => r.includes(`/console/documents/${id}"`)) ?? '');
    const en = await viewer.get('/console/queues/failed');
    expect(rowOf(en.text, cn)).toContain('Credit note (381)');
    expect(rowOf(en.text, cn)).toContain('-1,656.25 EUR');
    expect(rowOf(en.text, inv)).toContain('Invoice (380)');
    expect(rowOf(en.text, inv)).toContain('>1,656.25 EUR');
    expect(rowOf(en.text, selfBilled)).toContain('Self-billed invoice (389)');
    const frPage = await viewer.inLang('fr').get('/console/queues/failed');
    expect(rowOf(frPage.text, cn)).toContain('Avoir (381)');
    expect(rowOf(frPage.text, cn)).toContain('-1 656,25 EUR');
    expect(frPage.text).toContain('-1\u00a0656,25\u00a0EUR');
    const de = await viewer.inLang('de').get('/console/queues/failed');
    expect(rowOf(de.text, cn)).toContain('Gutschrift (381)');
    expect(rowOf(de.text, cn)).toContain('-1.656,25 EUR');
    const doc = await viewer.get(`/console/documents/${cn}`);
    expect(plain(doc.text)).toContain('Credit note (381) · <span class="amount">-1,656.25 EUR</span>');
  });
});

describe('the document history is a readable timeline', () => {
  it('says what happened, when in Luxembourg time with the zone named, who by name; details in words, not JSON', async () => {
    const id = await seedDocument(hub.store, { state: 'unroutable', receivedAt: '2026-01-15T09:30:00.000Z' });
    const tok = await fetch(`${hub.url}/api/v1/tokens`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ERP automation', scope: 'authority' }) });
    const { token, id: tokenId } = (await tok.json()) as { token: string; id: string };
    await act(operator, id, { action: 'handled', reason: 'Sender <called> back' });
    const api = await fetch(`${hub.url}/console/api/documents/${id}/actions/route`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'ERP fix', bodyId: 'min-target' }) });
    expect(api.status).toBe(200);
    const page = await operator.get(`/console/documents/${id}`);
    const history = plain(page.text.slice(page.text.indexOf('<ol class="timeline">'), page.text.indexOf('</ol>', page.text.indexOf('<ol class="timeline">'))));
    expect(history).toContain('Document received');
    expect(history).toContain('<time datetime="2026-01-15T09:30:00.000Z">15 Jan 2026 10:30:00 UTC+1</time>');
    expect(history).toContain('Marked handled');
    expect(history).toContain('Staff otto <span class="hint">(otto)</span>');
    expect(history).toContain('Sender &lt;called&gt; back');
    expect(history).toContain('Routed by hand by the Authority');
    expect(history).toContain('API token “ERP automation”');
    expect(history).not.toContain(tokenId);
    expect(history).toContain('State: Unroutable → Routed');
    expect(history).toContain('<a href="/console/directory/bodies/min-target">min-target</a>');
    expect(history).not.toMatch(/[{}]|&quot;|staff:otto/);
    const fr = await operator.inLang('fr').get(`/console/documents/${id}`);
    expect(plain(fr.text)).toContain('15/01/2026 10:30:00 UTC+1');
    expect(fr.text).toContain('Routé à la main par l’Autorité');
    expect(fr.text).toContain('État\u00a0: Non routable → Routé');
    const de = await operator.inLang('de').get(`/console/documents/${id}`);
    expect(de.text).toContain('Status: Nicht zustellbar → Zugeordnet');
  });

  it('summer time is named UTC+2', async () => {
    const id = await seedDocument(hub.store, { state: 'rejected', receivedAt: '2026-07-01T08:00:00.000Z' });
    const page = await viewer.inLang('de').get(`/console/documents/${id}`);
    expect(plain(page.text)).toContain('01.07.2026 10:00:00 UTC+2');
  });
});

describe('paging', () => {
  it('shows a queue 100 documents a page, with next/previous links; the API pages with limit/offset', async () => {
    const base = Date.parse('2026-02-01T00:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 105; i++) ids.push(await seedDocument(hub.store, { state: 'validate_failed', receivedAt: new Date(base + i * 60_000).toISOString() }));
    const f = (p: string) => fetch(`${hub.url}${p}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const p0 = await viewer.get('/console/queues/failed');
    expect((p0.text.match(/href="\/console\/documents\//g) ?? []).length).toBe(100);
    expect(p0.text).toContain('href="/console/queues/failed?page=1"');
    expect(p0.text).not.toContain('Previous page');
    const total = ((await (await f('/console/api/queues')).json()) as Record<string, number>).failed!;
    const lastPage = Math.floor((total - 1) / 100);
    const pl = await viewer.get(`/console/queues/failed?page=${lastPage}`);
    expect((pl.text.match(/href="\/console\/documents\//g) ?? []).length).toBe(total - lastPage * 100);
    expect(pl.text).toContain('Previous page');
    expect(pl.text).not.toContain('Next page');
    const api = (await (await f(`/console/api/queues/failed?limit=10&offset=${total - 5}`)).json()) as { items: { id: string }[] };
    expect(api.items.map((x) => x.id)).toEqual(ids.slice(0, 5).reverse()); // oldest last
    expect((await f('/console/api/queues/failed?limit=0')).status).toBe(400);
  });
});

describe('dead letters', () => {
  it('an operator redelivers a dead-lettered document from the queue (reason required, audited); a viewer sees it read-only', async () => {
    const at = new Date('2026-03-02T10:00:00.000Z');
    const id = await seedDocument(hub.store, { state: 'delivered', resolvedBodyId: 'min-target', receivedAt: '2026-03-02T09:00:00.000Z', deliveredAfter: 60 });
    await upsertInboxItem(hub.store.db, { documentId: id, bodyId: 'min-target', department: null, status: 'acknowledged', deliveredAt: '2026-03-02T09:01:00.000Z', firstFetchedAt: null, acknowledgedAt: '2026-03-02T09:30:00.000Z', alertedAt: null, supplierName: null, supplierKey: null, invoiceNumber: null, issueDate: null, summary: {} });
    const hook = await fixtureWebhook(hub, 'min-target', 'https://erp.example.lu/hook', 'secret-1');
    const [dead] = await hub.store.db.transaction((tx) => createDeliveries(tx, id, 'min-target', [hook], at));
    await updateDelivery(hub.store.db, dead!, { status: 'dead', attempts: 8, lastError: 'HTTP 410' });

    const ro = await viewer.get('/console/queues/dead-letters');
    expect(ro.text).toContain(`/console/documents/${id}`);
    expect(ro.text).not.toContain('name="action"');
    const page = await operator.get('/console/queues/dead-letters');
    expect(page.text).toContain('value="redeliver" checked');
    expect(page.text).toContain(`id="sel-${dead!}"`);
    expect(page.text).not.toContain('value="reject"');

    const noReason = await operator.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: '', [`id.${id}`]: '1' });
    expect(noReason.text).toContain('a reason is required');
    expect(await eventsOf(id, 'redeliver')).toHaveLength(0);
    await operator.get('/console/queues/dead-letters');
    const other = await operator.post('/console/queues/dead-letters/actions', { action: 'reject', reason: 'no', [`id.${id}`]: '1' });
    expect(other.status).toBe(200);
    expect(await state(id)).toBe('delivered');

    await operator.get('/console/queues/dead-letters');
    const done = await operator.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: 'ERP webhook fixed', [`id.${id}`]: '1' });
    expect(done.status).toBe(200);
    expect(await state(id)).toBe('delivered');
    const [ev] = await eventsOf(id, 'redeliver');
    expect(ev).toMatchObject({ actor: 'staff:otto', fromState: 'delivered', toState: 'delivered' });
    expect(ev!.details).toMatchObject({ reason: 'ERP webhook fixed', bodyId: 'min-target', webhooks: [hook.id] });
    const [a] = await auditOf(id, 'redeliver');
    expect(a).toMatchObject({ actor: 'staff:otto' });
    expect(a!.details).toMatchObject({ from: 'delivered', to: 'delivered', reason: 'ERP webhook fixed' });
    const pending = (await deliveriesOf(hub.store, [id])).filter((p) => p.status === 'pending');
    expect(pending.map((p) => p.webhookId)).toEqual([hook.id]);
    expect(await inboxItemOf(hub.store.db, id)).toMatchObject({ status: 'new', acknowledgedAt: null });

    // a viewer cannot act
    await viewer.get('/console/queues/dead-letters');
    expect((await viewer.post('/console/queues/dead-letters/actions', { action: 'redeliver', reason: 'x', [`id.${id}`]: '1' })).status).toBe(403);
    expect(await eventsOf(id, 'redeliver')).toHaveLength(1);
  });
});
