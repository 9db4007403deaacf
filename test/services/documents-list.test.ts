/**
 * `GET /api/v1/documents`: an API client lists its own submissions (never another's, whatever the
 * filter or cursor), a body token what was routed to its body, the Authority every document — the
 * visibility of `GET /api/v1/documents/{id}`, checked document by document. Newest first; filters
 * status, receivedFrom / receivedTo (dates or timestamps, inclusive), invoiceNumber; pages by cursor
 * without repeats or gaps, also while documents arrive; bad parameters answer 400.
 */
import { createToken } from '../../core/accounts/tokens';
import { inlineCpu } from '../../workers/cpu/inline';
import { routeStage } from '../../workers/route/stage';
import { validateStage } from '../../workers/validate/stage';
import { body as bodyInput, luVat, save } from '../directory/helpers';
import { openTestStore, type TestStore } from '../helpers/store';
import { invoice, invalidInvoice, sbdh, silent, startTestServer, type TestServer } from '../pipeline/helpers';

jest.setTimeout(120_000);

interface Item { id: string; status: string; receivedAt: string; invoice: { number: string | null }; links: { self: string } }
interface Page { items: Item[]; nextCursor: string | null }

const ADMIN = 'admin-list';
const BODY_VAT = luVat(454545);
let srv: TestServer;
let store: TestStore;
let clientA: string;
let clientB: string;
let bodyTok: string;
let otherBodyTok: string;
let now = new Date('2026-03-01T09:00:00.000Z');
const mine: Record<'A' | 'B', string[]> = { A: [], B: [] };
const numbers = new Map<string, string>();

const auth = (t: string): Record<string, string> => ({ Authorization: `Bearer ${t}` });

async function submit(token: string, bytes: Buffer): Promise<string> {
  const res = await fetch(`${srv.url}/api/v1/documents`, { method: 'POST', headers: { ...auth(token), 'Content-Type': 'application/xml' }, body: new Uint8Array(bytes) });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const deps = { store, cpu: inlineCpu, logger: silent, clock: () => now };
  await validateStage(id, deps);
  await routeStage(id, deps);
  return id;
}

async function list(token: string, query = ''): Promise<{ status: number; page: Page }> {
  const res = await fetch(`${srv.url}/api/v1/documents${query}`, { headers: auth(token) });
  return { status: res.status, page: (await res.json()) as Page };
}

/** Every page of a query, following nextCursor. */
async function all(token: string, query: string, limit: number, from: string | null = null): Promise<Item[]> {
  const out: Item[] = [];
  let cursor: string | null = from;
  for (let i = 0; i < 100; i++) {
    const sep = query === '' ? '?' : '&';
    const { status, page } = await list(token, `${query}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(status).toBe(200);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

/** An invoice addressed to the fixture body (its SBDH receiver). */
function toBody(number: string): Buffer {
  return sbdh(invoice(number), { receiver: `9938:${BODY_VAT}`, instanceId: `inst-${number}` });
}

beforeAll(async () => {
  store = await openTestStore('documents-list');
  srv = await startTestServer(store, { adminToken: ADMIN, clock: () => now });
  await save(store, [bodyInput('min-list', { identifiers: [{ scheme: '9938', value: BODY_VAT, purpose: 'peppol' }] }), bodyInput('min-other')], '2020-01-01');
  clientA = (await createToken(store, { name: 'client A', scope: 'api-client' })).token;
  clientB = (await createToken(store, { name: 'client B', scope: 'api-client' })).token;
  bodyTok = (await createToken(store, { name: 'body', scope: 'body', subject: 'min-list' })).token;
  otherBodyTok = (await createToken(store, { name: 'other body', scope: 'body', subject: 'min-other' })).token;
  // A: 7 documents over three days (one invalid), B: 3; one document a second
  for (let i = 0; i < 10; i++) {
    now = new Date(Date.parse('2026-03-01T09:00:00.000Z') + Math.floor(i / 4) * 86_400_000 + i * 1000);
    const who: 'A' | 'B' = i % 3 === 2 ? 'B' : 'A';
    const number = `LIST-${i}`;
    const bytes = i === 4 ? invalidInvoice(number) : i === 1 ? toBody(number) : invoice(number);
    const id = await submit(who === 'A' ? clientA : clientB, bytes);
    mine[who].push(id);
    numbers.set(id, number);
  }
});
afterAll(async () => {
  await srv.close();
  await store.close();
});

test('an API client sees its own submissions, newest first; the Authority sees all', async () => {
  const a = await list(clientA);
  expect(a.status).toBe(200);
  expect(a.page.nextCursor).toBeNull();
  expect(a.page.items.map((i) => i.id)).toEqual([...mine.A].reverse());
  const b = await list(clientB);
  expect(b.page.items.map((i) => i.id)).toEqual([...mine.B].reverse());
  const admin = await list(ADMIN);
  expect(new Set(admin.page.items.map((i) => i.id))).toEqual(new Set([...mine.A, ...mine.B]));
  const times = admin.page.items.map((i) => i.receivedAt);
  expect([...times].sort().reverse()).toEqual(times);
  expect(a.page.items[0]).toMatchObject({ links: { self: `/api/v1/documents/${mine.A.at(-1)}` }, invoice: { number: numbers.get(mine.A.at(-1) ?? '') } });
});

test('visibility is exactly that of GET /api/v1/documents/{id}, for every token and document', async () => {
  const tokens = { clientA, clientB, bodyTok, otherBodyTok, ADMIN };
  for (const [name, t] of Object.entries(tokens)) {
    const listed = new Set((await all(t, '', 4)).map((i) => i.id));
    for (const id of [...mine.A, ...mine.B]) {
      const one = await fetch(`${srv.url}/api/v1/documents/${id}`, { headers: auth(t) });
      expect([name, id, listed.has(id)]).toEqual([name, id, one.status === 200]);
    }
  }
  // the body sees the one routed to it, the other body nothing
  expect((await list(bodyTok)).page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-1']);
  expect((await list(otherBodyTok)).page.items).toEqual([]);
  // an access-point token is not an API client here either
  const ap = (await createToken(store, { name: 'ap', scope: 'access-point' })).token;
  expect((await list(ap)).status).toBe(403);
  expect((await fetch(`${srv.url}/api/v1/documents`)).status).toBe(401);
});

test('a client never sees another\'s documents, whatever the filter or cursor', async () => {
  const bNumber = numbers.get(mine.B[0] ?? '') ?? '';
  expect((await list(clientA, `?invoiceNumber=${bNumber}`)).page.items).toEqual([]);
  expect((await list(clientB, `?invoiceNumber=${bNumber}`)).page.items.map((i) => i.id)).toEqual([mine.B[0]]);
  // B's cursor used by A: still only A's documents
  const bFirst = await list(clientB, '?limit=1');
  const aWithB = await list(clientA, `?cursor=${encodeURIComponent(bFirst.page.nextCursor ?? '')}`);
  expect(aWithB.status).toBe(200);
  for (const i of aWithB.page.items) expect(mine.A).toContain(i.id);
});

test('filters: status, reception dates (inclusive), invoice number; they combine', async () => {
  const rejected = await list(clientA, '?status=rejected');
  expect(rejected.page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-4']);
  const two = await list(ADMIN, '?status=rejected,routed');
  expect(two.page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-4', 'LIST-1']);
  const unroutable = (await list(ADMIN, '?status=unroutable')).page.items.length;
  expect(unroutable).toBe(8);
  // days: 03-01 has i = 0..3, 03-02 i = 4..7, 03-03 i = 8..9
  const day2 = await list(ADMIN, '?receivedFrom=2026-03-02&receivedTo=2026-03-02');
  expect(day2.page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-7', 'LIST-6', 'LIST-5', 'LIST-4']);
  const from = await list(ADMIN, '?receivedFrom=2026-03-03');
  expect(from.page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-9', 'LIST-8']);
  const to = await list(ADMIN, '?receivedTo=2026-03-01');
  expect(to.page.items).toHaveLength(4);
  // timestamps are inclusive to the millisecond
  const at = (await list(ADMIN, '?invoiceNumber=LIST-5')).page.items[0]?.receivedAt ?? '';
  expect((await list(ADMIN, `?receivedFrom=${encodeURIComponent(at)}&receivedTo=${encodeURIComponent(at)}`)).page.items.map((i) => numbers.get(i.id))).toEqual(['LIST-5']);
  expect((await list(clientA, '?receivedFrom=2026-03-02&status=rejected,unroutable&invoiceNumber=LIST-4')).page.items).toHaveLength(1);
  expect((await list(clientB, '?receivedFrom=2026-03-02&invoiceNumber=LIST-4')).page.items).toHaveLength(0);
});

test('paging by cursor: every document once, in order, also while new ones arrive', async () => {
  const whole = (await list(ADMIN)).page.items.map((i) => i.id);
  for (const limit of [1, 3, 4, 10]) expect((await all(ADMIN, '', limit)).map((i) => i.id)).toEqual(whole);
  expect((await all(clientA, '?status=unroutable', 2)).map((i) => i.id)).toEqual(whole.filter((id) => mine.A.includes(id) && numbers.get(id) !== 'LIST-4' && numbers.get(id) !== 'LIST-1'));
  // a document arriving between two pages does not shift the next page
  const first = await list(ADMIN, '?limit=3');
  now = new Date('2026-03-04T12:00:00.000Z');
  const late = await submit(clientA, invoice('LIST-LATE'));
  const rest = await all(ADMIN, '', 3, first.page.nextCursor);
  expect([...first.page.items, ...rest].map((i) => i.id)).toEqual(whole);
  expect((await list(ADMIN, '?limit=1')).page.items[0]?.id).toBe(late);
});

test('bad parameters answer 400 problem+json', async () => {
  for (const q of ['?status=lost', '?receivedFrom=yesterday', '?receivedFrom=2026-03-03&receivedTo=2026-03-01', '?limit=0', '?limit=x', '?cursor=bm9wZQ', '?status=rejected&status=validated', '?sort=asc']) {
    const res = await fetch(`${srv.url}/api/v1/documents${q}`, { headers: auth(ADMIN) });
    expect([q, res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([q, 400, 'application/problem+json']);
  }
  const big = await list(ADMIN, '?limit=100000');
  expect(big.status).toBe(200);
});
