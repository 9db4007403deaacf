import http from 'node:http';
import { eq, sql } from 'drizzle-orm';
import { createToken } from '../../core/accounts/tokens';
import { ROUTERS } from '../../services/app';
import { rowsOf } from '../../db/client';
import { bodies, documents, events, submitterNotifications } from '../../db/schema';
import { blobCount, openTestStore, type TestStore } from '../helpers/store';
import { invoice, post, sbdh, startTestServer, type TestServer } from '../pipeline/helpers';

let srv: TestServer;
let store: TestStore;
let ap: string; // access-point token
let clientA: string;
let clientB: string;
let body: string;
const ADMIN = 'admin-secret';

async function countDocs(): Promise<number> {
  return Number((await rowsOf<{ n: string }>(store.db, sql`select count(*) as n from ${documents}`))[0]?.n);
}
const countFiles = (): Promise<number> => blobCount(store);
const auth = (t: string): Record<string, string> => ({ Authorization: `Bearer ${t}` });
const handoff = (t: string, as4: string, extra: Record<string, string> = {}): Record<string, string> => ({ ...auth(t), 'Content-Type': 'application/xml', 'X-AS4-Message-Id': as4, 'X-Peppol-Sending-AP': 'PLU000001', ...extra });

beforeAll(async () => {
  store = await openTestStore('api');
  srv = await startTestServer(store, { maxDocumentBytes: 200_000 });
  ap = (await createToken(store, { name: 'hub AP', scope: 'access-point' })).token;
  clientA = (await createToken(store, { name: 'client A', scope: 'api-client' })).token;
  clientB = (await createToken(store, { name: 'client B', scope: 'api-client' })).token;
  body = (await createToken(store, { name: 'body 1', scope: 'body', subject: 'body-1' })).token;
});
afterAll(async () => {
  await srv.close();
  await store.close();
});

describe('Peppol hand-off', () => {
  test('stores an SBDH document exactly as received, with the hand-off metadata, and answers 202', async () => {
    const bytes = sbdh(invoice('HO-1'), { sender: '0088:111', receiver: '9938:LU11111111', instanceId: 'inst-1', country: 'DE' });
    const r = await post(`${srv.url}/peppol/v1/inbound`, bytes, handoff(ap, 'as4-msg-1@ap.example'));
    expect(r.status).toBe(202);
    expect(r.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'received' });
    const id = String(r.json.id);
    const view = await (await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: auth(ADMIN) })).json() as Record<string, Record<string, unknown>>;
    expect(view.handOff).toEqual({
      senderId: '0088:111', receiverId: '9938:LU11111111', instanceId: 'inst-1', c1Country: 'DE', as4MessageId: 'as4-msg-1@ap.example', sendingAp: 'PLU000001',
      documentTypeId: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1',
      processId: 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0',
    });
    expect(view.events).toEqual([expect.objectContaining({ seq: 1, type: 'received', to: 'received' })]);
    const xml = Buffer.from(await (await fetch(`${srv.url}/api/v1/documents/${id}/xml`, { headers: auth(ADMIN) })).arrayBuffer());
    expect(xml.equals(bytes)).toBe(true);
    const payload = (await (await fetch(`${srv.url}/api/v1/documents/${id}/xml?part=payload`, { headers: auth(ADMIN) })).text());
    expect(payload.startsWith('<Invoice')).toBe(true);
    expect(payload.trimEnd().endsWith('</Invoice>')).toBe(true);
  });

  test('the same AS4 message id, or the same SBDH instance id, answers the same document id and stores nothing more', async () => {
    const bytes = sbdh(invoice('HO-2'), { instanceId: 'inst-2' });
    const first = await post(`${srv.url}/peppol/v1/inbound`, bytes, handoff(ap, 'as4-msg-2'));
    const before = await countDocs();
    const again = await post(`${srv.url}/peppol/v1/inbound`, bytes, handoff(ap, 'as4-msg-2'));
    const sameInstance = await post(`${srv.url}/peppol/v1/inbound`, bytes, handoff(ap, 'as4-msg-2-resent'));
    expect(again.status).toBe(202);
    expect(again.json.id).toBe(first.json.id);
    expect(sameInstance.json.id).toBe(first.json.id);
    expect(await countDocs()).toBe(before);
  });

  test('concurrent replays of one message create one document', async () => {
    const bytes = sbdh(invoice('HO-3'));
    const rs = await Promise.all(Array.from({ length: 8 }, () => post(`${srv.url}/peppol/v1/inbound`, bytes, handoff(ap, 'as4-msg-3'))));
    expect(new Set(rs.map((r) => r.json.id)).size).toBe(1);
    expect(await store.db.select().from(documents).where(eq(documents.as4MessageId, 'as4-msg-3'))).toHaveLength(1);
  });

  test('a bare UBL document is accepted too', async () => {
    const r = await post(`${srv.url}/peppol/v1/inbound`, invoice('HO-4'), handoff(ap, 'as4-msg-4'));
    expect(r.status).toBe(202);
  });

  test.each([
    ['no hand-off headers', {}, 400, 'missing-header'],
    ['a malformed seat id', { 'X-Peppol-Sending-AP': 'ACME' }, 400, 'bad-header'],
    ['a wrong content type', { 'Content-Type': 'application/json' }, 415, 'unsupported-media-type'],
  ])('%s: problem+json 4xx, nothing stored', async (_name, h, status, slug) => {
    const docs = await countDocs(); const files = await countFiles();
    const headers = _name === 'no hand-off headers' ? { ...auth(ap), 'Content-Type': 'application/xml' } : { ...handoff(ap, `as4-bad-${slug}`), ...h };
    const r = await post(`${srv.url}/peppol/v1/inbound`, invoice('BAD-1'), headers as Record<string, string>);
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.json).toEqual(expect.objectContaining({ type: `/problems/${slug}`, status, title: expect.any(String), detail: expect.any(String) }));
    if (slug === 'missing-header') expect(r.json.detail).toContain('X-AS4-Message-Id');
    expect(await countDocs()).toBe(docs);
    expect(await countFiles()).toBe(files);
  });

  test('not XML, or an SBDH without payload: 400 that says so, nothing stored', async () => {
    const docs = await countDocs(); const files = await countFiles();
    const notXml = await post(`${srv.url}/peppol/v1/inbound`, '%PDF-1.7 hello', handoff(ap, 'as4-notxml'));
    expect(notXml.status).toBe(400);
    expect(notXml.json.type).toBe('/problems/not-xml');
    const empty = await post(`${srv.url}/peppol/v1/inbound`, sbdh(Buffer.from('')), handoff(ap, 'as4-empty-sbdh'));
    expect(empty.status).toBe(400);
    expect(empty.json.detail).toMatch(/no business document/);
    expect(await countDocs()).toBe(docs);
    expect(await countFiles()).toBe(files);
  });

  test('too large: refused from Content-Length, and while streaming a chunked body', async () => {
    const docs = await countDocs(); const files = await countFiles();
    const big = Buffer.concat([invoice('BIG'), Buffer.alloc(300_000, 0x20)]);
    const declared = await post(`${srv.url}/peppol/v1/inbound`, big, handoff(ap, 'as4-big-1'));
    expect(declared.status).toBe(413);
    expect(declared.json.type).toBe('/problems/payload-too-large');
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${srv.url}/peppol/v1/inbound`, { method: 'POST', headers: { ...handoff(ap, 'as4-big-2'), 'Transfer-Encoding': 'chunked' } }, (res) => {
        let b = ''; res.on('data', (d: Buffer) => { b += d.toString(); }); res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      });
      req.on('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < big.length) {
          const piece = big.subarray(sent, sent + 16_384); sent += piece.length;
          if (!req.write(piece)) { req.once('drain', pump); return; }
        }
        req.end();
      };
      pump();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual(expect.objectContaining({ type: '/problems/payload-too-large', limit: 200_000 }));
    expect(await countDocs()).toBe(docs);
    expect(await countFiles()).toBe(files);
  });
});

describe('credentials', () => {
  test('no token, an unknown token, a token of another audience: 401 / 401 / 403', async () => {
    const none = await post(`${srv.url}/peppol/v1/inbound`, invoice('A1'), { 'Content-Type': 'application/xml' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const unknown = await post(`${srv.url}/api/v1/documents`, invoice('A1'), { ...auth('nope'), 'Content-Type': 'application/xml' });
    expect(unknown.status).toBe(401);
    const wrong = await post(`${srv.url}/peppol/v1/inbound`, invoice('A1'), handoff(clientA, 'as4-wrong-audience'));
    expect(wrong.status).toBe(403);
    const bodyUpload = await post(`${srv.url}/api/v1/documents`, invoice('A1'), { ...auth(body), 'Content-Type': 'application/xml' });
    expect(bodyUpload.status).toBe(403);
  });

  test('the admin token is accepted on the hand-off and the upload API', async () => {
    expect((await post(`${srv.url}/peppol/v1/inbound`, invoice('ADM-1'), handoff(ADMIN, 'as4-admin'))).status).toBe(202);
    expect((await post(`${srv.url}/api/v1/documents`, invoice('ADM-2'), { ...auth(ADMIN), 'Content-Type': 'application/xml' })).status).toBe(202);
  });

  test('each client sees only its own documents; a body only what was routed to it', async () => {
    const a = await post(`${srv.url}/api/v1/documents`, invoice('VIS-1'), { ...auth(clientA), 'Content-Type': 'application/xml' });
    const id = String(a.json.id);
    expect((await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: auth(clientA) })).status).toBe(200);
    for (const path of ['', '/xml', '/pdf']) {
      const r = await fetch(`${srv.url}/api/v1/documents/${id}${path}`, { headers: auth(clientB) });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await fetch(`${srv.url}/api/v1/documents/${id}${path}`, { headers: auth(body) })).status).toBe(404);
    }
    await store.db.update(documents).set({ resolvedBodyId: 'body-1' }).where(eq(documents.id, id));
    expect((await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: auth(body) })).status).toBe(200);
    const pdf = await fetch(`${srv.url}/api/v1/documents/${id}/pdf`, { headers: auth(body) });
    expect(pdf.status).toBe(404);
    expect(((await pdf.json()) as { type: string }).type).toBe('/problems/pdf-not-available');
  });
  test('a parent body token reads the documents of its accounting units; another body token still gets 404', async () => {
    const now = new Date().toISOString();
    const row = { status: 'active', validFrom: '2020-01-01', validTo: null, language: 'fr', createdAt: now, updatedAt: now };
    await store.db.insert(bodies).values([
      { id: 'min-vis', type: 'ministry', parentId: null, ...row },
      { id: 'min-vis-au', type: 'accounting-unit', parentId: 'min-vis', ...row },
      { id: 'min-other', type: 'ministry', parentId: null, ...row },
    ]);
    const parent = (await createToken(store, { name: 'parent', scope: 'body', subject: 'min-vis' })).token;
    const other = (await createToken(store, { name: 'other', scope: 'body', subject: 'min-other' })).token;
    const a = await post(`${srv.url}/api/v1/documents`, invoice('VIS-AU-1'), { ...auth(clientA), 'Content-Type': 'application/xml' });
    const id = String(a.json.id);
    await store.db.update(documents).set({ resolvedBodyId: 'min-vis-au' }).where(eq(documents.id, id));
    const r = await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: auth(parent) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { resolvedBody: { id: string } }).resolvedBody.id).toBe('min-vis-au');
    expect((await fetch(`${srv.url}/api/v1/documents/${id}/xml`, { headers: auth(parent) })).status).toBe(200);
    for (const path of ['', '/xml']) expect((await fetch(`${srv.url}/api/v1/documents/${id}${path}`, { headers: auth(other) })).status).toBe(404);
  });
});

describe('upload API', () => {
  test('XML body and multipart field "file"; identical bytes from the same client within the window are one document', async () => {
    const bytes = invoice('UP-1');
    const r1 = await post(`${srv.url}/api/v1/documents`, bytes, { ...auth(clientA), 'Content-Type': 'application/xml' });
    expect(r1.status).toBe(202);
    expect(r1.headers.get('location')).toBe(`/api/v1/documents/${String(r1.json.id)}`);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/xml' }), 'invoice.xml');
    const r2 = await fetch(`${srv.url}/api/v1/documents`, { method: 'POST', headers: auth(clientA), body: form });
    expect(r2.status).toBe(202);
    expect(((await r2.json()) as { id: string }).id).toBe(r1.json.id);
    // another client sending the same bytes is another submission
    const r3 = await post(`${srv.url}/api/v1/documents`, bytes, { ...auth(clientB), 'Content-Type': 'application/xml' });
    expect(r3.json.id).not.toBe(r1.json.id);
    const evs = await store.db.select().from(events).where(eq(events.documentId, String(r1.json.id)));
    expect(evs).toHaveLength(1);
  });

  test('X-Notify-Email registers the address for the document; a malformed one is refused before anything is stored', async () => {
    const r = await post(`${srv.url}/api/v1/documents`, invoice('NOTIFY-API-1'), { ...auth(clientA), 'Content-Type': 'application/xml', 'X-Notify-Email': 'ap-desk@example.lu', 'Accept-Language': 'de' });
    expect(r.status).toBe(202);
    const [row] = await store.db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, String(r.json.id)));
    expect(row).toEqual(expect.objectContaining({ email: 'ap-desk@example.lu', lang: 'de', notifiedAt: null }));
    const before = await countDocs();
    const bad = await post(`${srv.url}/api/v1/documents`, invoice('NOTIFY-API-2'), { ...auth(clientA), 'Content-Type': 'application/xml', 'X-Notify-Email': 'a@b, c@d.lu' });
    expect(bad.status).toBe(400);
    expect(bad.json.type).toBe('/problems/bad-notify-email');
    expect(await countDocs()).toBe(before);
    const none = await post(`${srv.url}/api/v1/documents`, invoice('NOTIFY-API-3'), { ...auth(clientA), 'Content-Type': 'application/xml' });
    expect(await store.db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, String(none.json.id)))).toEqual([]);
  });

  test('multipart without a file field, and an unknown content type', async () => {
    const form = new FormData();
    form.append('note', 'hello');
    const r = await fetch(`${srv.url}/api/v1/documents`, { method: 'POST', headers: auth(clientA), body: form });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { type: string }).type).toBe('/problems/missing-file');
    const t = await post(`${srv.url}/api/v1/documents`, 'x', { ...auth(clientA), 'Content-Type': 'text/plain' });
    expect(t.status).toBe(415);
  });

  test('unknown document id and unknown path: 404 problem+json', async () => {
    const r = await fetch(`${srv.url}/api/v1/documents/00000000-0000-0000-0000-000000000000`, { headers: auth(ADMIN) });
    expect(r.status).toBe(404);
    const p = await fetch(`${srv.url}/nowhere`);
    expect(p.status).toBe(404);
    expect(p.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('health', () => {
  test('/healthz, /readyz and /metrics', async () => {
    expect(await (await fetch(`${srv.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${srv.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: expect.stringMatching(/^ok \((embedded PGlite|PostgreSQL server)\)$/), redis: 'not used' } });
    const m = await (await fetch(`${srv.url}/metrics`)).text();
    expect(m).toMatch(/einvoice_documents\{state="received"\} \d+/);
    expect(m).toMatch(/einvoice_ingest_duration_seconds_bucket\{le="0.005",channel="peppol"\}/);
    expect(m).toMatch(/einvoice_ingest_refused_total\{reason="payload-too-large"\} [1-9]/);
  });
});

describe('tokens and mounted routers', () => {
  test('the Authority issues an access-point token, it works on the hand-off, and stops working once revoked', async () => {
    const created = await post(`${srv.url}/api/v1/tokens`, JSON.stringify({ name: 'AP 2', scope: 'access-point' }), { ...auth(ADMIN), 'Content-Type': 'application/json' });
    expect(created.status).toBe(201);
    const token = String(created.json.token);
    expect((await post(`${srv.url}/peppol/v1/inbound`, invoice('TOK-1'), handoff(token, 'as4-tok-1'))).status).toBe(202);
    const list = (await (await fetch(`${srv.url}/api/v1/tokens`, { headers: auth(ADMIN) })).json()) as { tokens: Record<string, unknown>[] };
    expect(list.tokens.find((t) => t.id === created.json.id)).toEqual(expect.objectContaining({ name: 'AP 2', scope: 'access-point', revokedAt: null }));
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await fetch(`${srv.url}/api/v1/tokens/${String(created.json.id)}`, { method: 'DELETE', headers: auth(ADMIN) })).status).toBe(204);
    expect((await post(`${srv.url}/peppol/v1/inbound`, invoice('TOK-2'), handoff(token, 'as4-tok-2'))).status).toBe(401);
    expect((await post(`${srv.url}/api/v1/tokens`, JSON.stringify({ name: 'x', scope: 'body' }), { ...auth(ADMIN), 'Content-Type': 'application/json' })).status).toBe(400);
    expect((await post(`${srv.url}/api/v1/tokens`, JSON.stringify({ name: 'x', scope: 'api-client' }), { ...auth(clientA), 'Content-Type': 'application/json' })).status).toBe(403);
  });

  test('every audience\'s router is mounted: directory, dispatch administration, inbox, portal, console, web assets, semantic model', async () => {
    const routers = (srv.server.listeners('request')[0] as unknown as { routers: string[] }).routers;
    expect(routers).toEqual(ROUTERS.map((r) => r.name));
    expect(routers).toEqual(expect.arrayContaining(['bodies', 'dispatch-admin', 'inbox', 'portal', 'console', 'web-static', 'semantic-model']));
    expect((await fetch(`${srv.url}/api/v1/bodies`, { headers: auth(ADMIN) })).status).toBe(200);
    const page = await fetch(`${srv.url}/docs/semantic-model`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });
});
