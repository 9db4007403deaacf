/**
 * The pull API over real HTTP: body tokens issued by the Authority, listing with filters and
 * cursors, metadata, XML, PDF, bundle, bulk download, acknowledgement, revocation; every inbox
 * endpoint tried with another body's token (404, never the document); redeliver and move.
 */
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { eventsOf, getDocument } from '../../core/documents/store';
import { tokenByHash } from '../../db/repositories/accounts';
import { inboxItemOf } from '../../db/repositories/dispatch';
import { dispatchStage } from '../../workers/dispatch/stage';
import { startTestServer, type TestServer } from '../pipeline/helpers';
import { body, FAKE_PDF, invoiceXml, renderedDocument, tempEnv, unzip, type Env } from './helpers';

const ADMIN = { Authorization: 'Bearer admin-secret' };

async function call(url: string, token: string | null, init: RequestInit = {}): Promise<{ status: number; text: string; bytes: Buffer; json: () => Record<string, unknown>; type: string }> {
  const res = await fetch(url, { ...init, headers: { ...(token === null ? {} : { Authorization: `Bearer ${token}` }), ...(init.headers as Record<string, string> | undefined ?? {}) } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  return { status: res.status, text, bytes, json: () => JSON.parse(text) as Record<string, unknown>, type: res.headers.get('content-type') ?? '' };
}

describe('inbox pull API', () => {
  let env: Env;
  let srv: TestServer;
  const tok: Record<string, string> = {};
  const docs: Record<string, string[]> = { a: [], unit: [], b: [] };
  const attachment = { name: 'timesheet.csv', mime: 'text/csv', bytes: Buffer.from('day;hours\nmon;8\n') };

  beforeAll(async () => {
    env = await tempEnv('api', [body('min-a'), body('min-a-unit', { type: 'accounting-unit', parentId: 'min-a' }), body('min-b')]);
    srv = await startTestServer(env.store);
    for (const [k, id] of [['a', 'min-a'], ['unit', 'min-a-unit'], ['b', 'min-b']] as const) {
      const r = await call(`${srv.url}/api/v1/bodies/${id}/tokens`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `erp ${id}` }) });
      expect(r.status).toBe(201);
      tok[k] = String(r.json().token);
    }
    docs.a.push(await renderedDocument(env, 'min-a', { number: 'A-1', seller: 'LU11111111', xml: invoiceXml('A-1', { attachment }) }));
    docs.a.push(await renderedDocument(env, 'min-a', { number: 'A-2', department: 'travaux' }));
    docs.unit.push(await renderedDocument(env, 'min-a-unit', { number: 'U-1' }));
    docs.a.push(await renderedDocument(env, 'min-a', { number: 'A-3' }));
    docs.b.push(await renderedDocument(env, 'min-b', { number: 'B-1' }));
    for (const id of [...docs.a, ...docs.unit, ...docs.b].sort()) await dispatchStage(id, env.deps);
  });
  afterAll(async () => { await srv.close(); await env.close(); });

  test('body tokens: issued by the Authority only, shown once, stored hashed', async () => {
    const asBody = await call(`${srv.url}/api/v1/bodies/min-a/tokens`, tok.a!, { method: 'POST' });
    expect(asBody.status).toBe(403);
    const unknown = await call(`${srv.url}/api/v1/bodies/nope/tokens`, 'admin-secret', { method: 'POST' });
    expect(unknown.status).toBe(404);
    const list = await call(`${srv.url}/api/v1/bodies/min-a/tokens`, 'admin-secret');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(tok.a!);
    expect((list.json().tokens as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect(await tokenByHash(env.store.db, tok.a!)).toBeUndefined(); // the token in clear is nowhere in the table
  });

  test('a body lists its own documents and its accounting units\', oldest first, with cursor pagination', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await call(`${srv.url}/inbox/v1/documents?status=new&limit=2${cursor ? `&cursor=${cursor}` : ''}`, tok.a!);
      expect(r.status).toBe(200);
      const j = r.json() as { items: { id: string; status: string }[]; nextCursor: string | null };
      seen.push(...j.items.map((i) => i.id));
      cursor = j.nextCursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen)).toEqual(new Set([...docs.a, ...docs.unit]));
    const unit = (await call(`${srv.url}/inbox/v1/documents`, tok.unit!)).json() as { items: { id: string }[] };
    expect(unit.items.map((i) => i.id)).toEqual(docs.unit);
    const b = (await call(`${srv.url}/inbox/v1/documents`, tok.b!)).json() as { items: { id: string; summary: { number: string } }[] };
    expect(b.items.map((i) => i.summary.number)).toEqual(['B-1']);
  });

  test('filters: supplier, department, dates, body, status; bad parameters are a 400', async () => {
    const ids = async (qs: string): Promise<string[]> => ((await call(`${srv.url}/inbox/v1/documents?${qs}`, tok.a!)).json() as { items: { invoiceNumber: string }[] }).items.map((i) => i.invoiceNumber).sort();
    expect(await ids('supplier=LU11111111')).toEqual(['A-1']);
    expect(await ids('supplier=supplierofficial')).toEqual(['A-1', 'A-2', 'A-3', 'U-1']); // name of the base example's seller, case-insensitive part
    expect(await ids('department=travaux')).toEqual(['A-2']);
    expect(await ids('body=min-a-unit')).toEqual(['U-1']);
    expect(await ids('body=min-b')).toEqual([]);
    expect(await ids(`since=${new Date().toISOString().slice(0, 10)}`)).toHaveLength(4);
    expect(await ids('until=2000-01-01')).toEqual([]);
    expect(await ids('issuedFrom=2017-11-13&issuedTo=2017-11-13')).toHaveLength(4);
    for (const qs of ['status=unread', 'limit=0', 'since=yesterday', 'cursor=xyz', 'order=up']) {
      const r = await call(`${srv.url}/inbox/v1/documents?${qs}`, tok.a!);
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
    }
  });

  test('every inbox endpoint answers 404 to another body\'s token (and to the accounting unit for its parent\'s documents)', async () => {
    const target = docs.a[0]!;
    const attempts: [string, string, RequestInit][] = [
      ['GET', `/inbox/v1/documents/${target}`, {}],
      ['GET', `/inbox/v1/documents/${target}/xml`, {}],
      ['GET', `/inbox/v1/documents/${target}/xml?part=original`, {}],
      ['GET', `/inbox/v1/documents/${target}/pdf`, {}],
      ['GET', `/inbox/v1/documents/${target}/bundle`, {}],
      ['POST', `/inbox/v1/documents/${target}/ack`, { method: 'POST' }],
      ['POST', '/inbox/v1/documents/download', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [target] }) }],
    ];
    for (const token of [tok.b!, tok.unit!]) {
      for (const [, path, init] of attempts) {
        const r = await call(`${srv.url}${path}`, token, init);
        expect([path, r.status]).toEqual([path, 404]);
        expect(r.text).not.toContain('A-1');
        expect(r.text).not.toContain('<Invoice');
      }
    }
    // the same answers as for an id that does not exist
    const ghost = await call(`${srv.url}/inbox/v1/documents/00000000-0000-4000-8000-000000000000`, tok.b!);
    expect(ghost.status).toBe(404);
    // and nothing was recorded nor acknowledged
    expect((await inboxItemOf(env.store.db, target))?.status).toBe('new');
    // no token / token of another audience
    expect((await call(`${srv.url}/inbox/v1/documents`, null)).status).toBe(401);
    const client = await call(`${srv.url}/api/v1/tokens`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'c', scope: 'api-client' }) });
    expect((await call(`${srv.url}/inbox/v1/documents`, String(client.json().token))).status).toBe(403);
  });

  test('metadata, XML, PDF and bundle; each download is an event and the item becomes fetched', async () => {
    const id = docs.a[0]!;
    const meta = await call(`${srv.url}/inbox/v1/documents/${id}`, tok.a!);
    expect(meta.status).toBe(200);
    expect(meta.json()).toMatchObject({ id, status: 'new', bodyId: 'min-a', documentStatus: 'delivered', summary: { number: 'A-1', currency: 'EUR' } });
    expect(Array.isArray(meta.json().events)).toBe(true);
    const xml = await call(`${srv.url}/inbox/v1/documents/${id}/xml`, tok.a!);
    expect(xml.status).toBe(200);
    expect(xml.bytes.equals(invoiceXml('A-1', { attachment }))).toBe(true);
    expect((await inboxItemOf(env.store.db, id))?.status).toBe('fetched');
    const pdf = await call(`${srv.url}/inbox/v1/documents/${id}/pdf`, tok.a!);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.bytes.equals(FAKE_PDF)).toBe(true);
    const bundle = await call(`${srv.url}/inbox/v1/documents/${id}/bundle`, tok.a!);
    expect(bundle.type).toBe('application/zip');
    const zip = unzip(bundle.bytes);
    expect([...zip.keys()].sort()).toEqual(['attachments/timesheet.csv', 'invoice.pdf', 'invoice.xml', 'metadata.json']);
    expect(zip.get('attachments/timesheet.csv')?.equals(attachment.bytes)).toBe(true);
    expect(JSON.parse(zip.get('metadata.json')!.toString('utf8'))).toMatchObject({ id, summary: { number: 'A-1' } });
    const downloads = (await eventsOf(env.store, id)).filter((e) => e.type === 'inbox.download');
    expect(downloads.map((e) => (e.details as { what: string }).what)).toEqual(['xml', 'pdf', 'bundle']);
    expect(downloads.every((e) => e.actor.startsWith('token:'))).toBe(true);
    const stillNew = (await call(`${srv.url}/inbox/v1/documents?status=new`, tok.a!)).json() as { items: { id: string }[] };
    expect(stillNew.items.map((i) => i.id)).not.toContain(id);
  });

  test('bulk download of a selection: one folder per document', async () => {
    const r = await call(`${srv.url}/inbox/v1/documents/download`, tok.a!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [docs.a[1], docs.unit[0]] }) });
    expect(r.status).toBe(200);
    const names = [...unzip(r.bytes).keys()];
    expect(names).toContain(`${docs.a[1]}/invoice.xml`);
    expect(names).toContain(`${docs.unit[0]}/metadata.json`);
    // or by the list filters: here the unit's token, whose inbox holds one document
    const byFilter = await call(`${srv.url}/inbox/v1/documents/download?status=new,fetched`, tok.unit!, { method: 'POST' });
    expect([...unzip(byFilter.bytes).keys()].filter((n) => n.endsWith('/invoice.xml'))).toEqual([`${docs.unit[0]}/invoice.xml`]);
    const bad = await call(`${srv.url}/inbox/v1/documents/download`, tok.a!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ids: [] }) });
    expect(bad.status).toBe(400);
  });

  test('acknowledgement: the document becomes acknowledged (supplier-visible), idempotently', async () => {
    const id = docs.a[2]!;
    const r = await call(`${srv.url}/inbox/v1/documents/${id}/ack`, tok.a!, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ id, status: 'acknowledged', alreadyAcknowledged: false });
    const again = await call(`${srv.url}/inbox/v1/documents/${id}/ack`, tok.a!, { method: 'POST' });
    expect(again.json()).toMatchObject({ status: 'acknowledged', alreadyAcknowledged: true });
    const supplierView = await call(`${srv.url}/api/v1/documents/${id}`, 'admin-secret');
    expect(supplierView.json().status).toBe('acknowledged');
    const acks = (await eventsOf(env.store, id)).filter((e) => e.type === 'inbox.ack');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ fromState: 'delivered', toState: 'acknowledged' });
  });

  test('the Authority redelivers (reason required) and moves a document to another body (audited)', async () => {
    const id = docs.a[1]!;
    const noReason = await call(`${srv.url}/api/v1/documents/${id}/redeliver`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noReason.status).toBe(400);
    const byBody = await call(`${srv.url}/api/v1/documents/${id}/redeliver`, tok.a!, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'x' }) });
    expect(byBody.status).toBe(403);
    const re = await call(`${srv.url}/api/v1/documents/${id}/redeliver`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'ERP lost it' }) });
    expect(re.status).toBe(200);
    expect((await inboxItemOf(env.store.db, id))?.status).toBe('new');

    const mv = await call(`${srv.url}/api/v1/documents/${id}/move`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json', ...ADMIN }, body: JSON.stringify({ bodyId: 'min-b', reason: 'wrong ministry: works contract belongs to B' }) });
    expect(mv.status).toBe(200);
    expect(mv.json()).toMatchObject({ status: 'delivered', bodyId: 'min-b' });
    expect((await call(`${srv.url}/inbox/v1/documents/${id}`, tok.a!)).status).toBe(404);
    expect((await call(`${srv.url}/inbox/v1/documents/${id}`, tok.b!)).json()).toMatchObject({ id, bodyId: 'min-b', status: 'new' });
    const evs = await eventsOf(env.store, id);
    const move = evs.find((e) => e.type === 'move');
    expect(move).toMatchObject({ actor: 'admin', toState: 'rendered' });
    expect(move!.details).toEqual({ reason: 'wrong ministry: works contract belongs to B', fromBodyId: 'min-a', toBodyId: 'min-b' });
    expect(evs.find((e) => e.type === 'redeliver')!.details).toMatchObject({ reason: 'ERP lost it' });
    expect(await getDocument(env.store, id)).toMatchObject({ state: 'delivered', resolvedBodyId: 'min-b' });
    const unknownBody = await call(`${srv.url}/api/v1/documents/${id}/move`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ bodyId: 'nope', reason: 'r' }) });
    expect(unknownBody.status).toBe(422);
  });

  test('a revoked token no longer opens the inbox', async () => {
    const r = await call(`${srv.url}/api/v1/bodies/min-b/tokens`, 'admin-secret', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { id, token } = r.json() as { id: string; token: string };
    expect((await call(`${srv.url}/inbox/v1/documents`, token)).status).toBe(200);
    expect((await call(`${srv.url}/api/v1/bodies/min-a/tokens/${id}`, 'admin-secret', { method: 'DELETE' })).status).toBe(404); // not min-a's token
    expect((await call(`${srv.url}/api/v1/bodies/min-b/tokens/${id}`, 'admin-secret', { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${srv.url}/inbox/v1/documents`, token)).status).toBe(401);
  });

  // last: it adds documents to min-b, which the listing tests above count
  test('a body manages its own webhooks with its token; never another body\'s; the Authority keeps its own routes', async () => {
    const json = { 'Content-Type': 'application/json' };
    const made = await call(`${srv.url}/inbox/v1/webhooks`, tok.b!, { method: 'POST', headers: json, body: JSON.stringify({ url: 'https://erp.min-b.example/hook' }) });
    expect(made.status).toBe(201);
    const hook = made.json() as { id: string; bodyId: string; url: string; secret: string };
    expect(hook).toMatchObject({ bodyId: 'min-b', url: 'https://erp.min-b.example/hook' });
    expect(hook.secret.length).toBeGreaterThanOrEqual(32);
    // listed without the secret, by the body and by the Authority's route alike
    const mine = await call(`${srv.url}/inbox/v1/webhooks`, tok.b!);
    expect(mine.status).toBe(200);
    expect(mine.text).not.toContain(hook.secret);
    expect((mine.json().webhooks as { id: string }[]).map((w) => w.id)).toEqual([hook.id]);
    expect((await call(`${srv.url}/api/v1/bodies/min-b/webhooks`, 'admin-secret')).json().webhooks).toEqual(mine.json().webhooks);
    // another body neither sees nor touches it
    expect((await call(`${srv.url}/inbox/v1/webhooks`, tok.a!)).json().webhooks).toEqual([]);
    expect((await call(`${srv.url}/inbox/v1/webhooks/${hook.id}/rotate`, tok.a!, { method: 'POST' })).status).toBe(404);
    expect((await call(`${srv.url}/inbox/v1/webhooks/${hook.id}`, tok.a!, { method: 'DELETE' })).status).toBe(404);
    // bad input and the wrong kind of token
    expect((await call(`${srv.url}/inbox/v1/webhooks`, tok.b!, { method: 'POST', headers: json, body: JSON.stringify({ url: 'ftp://x' }) })).status).toBe(400);
    expect((await call(`${srv.url}/inbox/v1/webhooks`, tok.b!, { method: 'POST', headers: json, body: JSON.stringify({ url: 'https://u:p@x.example/' }) })).status).toBe(400);
    expect((await call(`${srv.url}/inbox/v1/webhooks`, tok.b!, { method: 'POST', headers: json, body: '{}' })).status).toBe(400);
    expect((await call(`${srv.url}/inbox/v1/webhooks`, 'admin-secret')).status).toBe(403);
    expect((await call(`${srv.url}/inbox/v1/webhooks`, null)).status).toBe(401);
    // rotation gives a new secret, the previous one stays valid for the grace period
    const rotated = await call(`${srv.url}/inbox/v1/webhooks/${hook.id}/rotate`, tok.b!, { method: 'POST' });
    expect(rotated.status).toBe(200);
    expect(rotated.json().secret).not.toBe(hook.secret);
    expect(typeof rotated.json().previousSecretValidUntil).toBe('string');
    // a document dispatched to the body now gets a push delivery to that webhook
    const id = await renderedDocument(env, 'min-b', { number: 'B-HOOK' });
    await dispatchStage(id, env.deps);
    expect((await deliveriesOf(env.store, [id])).map((d) => d.webhookId)).toEqual([hook.id]);
    // disabled: listed with its date, and no delivery for the next document
    expect((await call(`${srv.url}/inbox/v1/webhooks/${hook.id}`, tok.b!, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`${srv.url}/inbox/v1/webhooks`, tok.b!)).json().webhooks).toEqual([expect.objectContaining({ id: hook.id, disabledAt: expect.any(String) })]);
    const after = await renderedDocument(env, 'min-b', { number: 'B-HOOK-2' });
    await dispatchStage(after, env.deps);
    expect(await deliveriesOf(env.store, [after])).toEqual([]);
  });
});
