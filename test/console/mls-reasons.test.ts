/**
 * The reasons MLS responses give (Peppol MLS 1.0 status reason code list: SV syntax, BV business rule,
 * BW warning, FD failure of delivery), on documents handed off over HTTP and run through the real
 * validate and route stages, answered by the worker's MLS pass:
 *  - a document whose receiver no body of the directory answers (`unroutable`) gets its RE at once,
 *    with an FD line "unknown receiver" — without waiting for staff;
 *  - unless the Authority holds those (`EINVOICE_MLS_HOLD_UNROUTABLE=true`): then nothing until staff
 *    reject it, and that rejection sends the RE (FD, in staff's words); a held document rerouted by
 *    staff gets no RE at all;
 *  - a duplicate's RE says "duplicate" with reason FD, not "validation errors".
 * Every response passes the official MLS rules (`../shared/rules/peppol-mls`).
 */
import { applyAction, type ActionDeps } from '../../core/documents/actions';
import { getDocument } from '../../core/documents/store';
import { mlsOfDocument } from '../../db/repositories/outbox';
import { validate } from '../../validation';
import { inlineCpu } from '../../workers/cpu/inline';
import { startMlsBackground } from '../../workers/mls/background';
import { routeStage } from '../../workers/route/stage';
import { validateStage } from '../../workers/validate/stage';
import { body, luVat, save } from '../directory/helpers';
import { invoice, openTestStore, sbdh, silent, startTestServer, type TestServer, type TestStore } from '../pipeline/helpers';

jest.setTimeout(120_000);

const ADMIN = 'admin-mls-reasons';
const KNOWN = luVat(313131);
let hub: TestServer;
let store: TestStore;
let n = 0;

beforeAll(async () => {
  store = await openTestStore('console-mls-reasons');
  hub = await startTestServer(store, { adminToken: ADMIN });
  hub.server.keepAliveTimeout = 120_000;
  await save(store, [body('min-known', { identifiers: [{ scheme: '9938', value: KNOWN, purpose: 'peppol' }] })], '2020-01-01');
});

afterAll(async () => {
  delete process.env.EINVOICE_MLS_HOLD_UNROUTABLE;
  await hub.close();
  await store.close();
});

/** Hands an invoice off over Peppol (addressed to `receiver` in the SBDH) and runs validate and route. */
async function handOff(number: string, receiver: string): Promise<{ id: string; state: string }> {
  n++;
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(invoice(number), { receiver, instanceId: `inst-reasons-${n}` })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': `as4-reasons-${n}`, 'x-peppol-sending-ap': 'PBE000123' },
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const deps = { store, cpu: inlineCpu, logger: silent, clock: () => new Date() };
  await validateStage(id, deps);
  await routeStage(id, deps);
  return { id, state: (await getDocument(store, id))?.state ?? 'missing' };
}

/** One pass of the worker's MLS background (the configuration as the environment has it now). */
async function mlsPass(): Promise<number> {
  const bg = startMlsBackground(store, validate, silent, { intervalMs: 0, transport: null });
  try {
    return await bg.runNow();
  } finally {
    await bg.stop();
  }
}

async function responseOf(id: string): Promise<string | null> {
  const row = await mlsOfDocument(store.db, id);
  if (row === undefined) return null;
  const xml = await store.blobs.get(row.sha256);
  const report = await validate(xml, { scenario: 'peppol-mls' });
  expect(report.findings.filter((f) => f.flag === 'fatal')).toEqual([]);
  expect(report.valid).toBe(true);
  expect(report.packs.map((p) => p.id)).toEqual(['peppol-mls']);
  return xml.toString('utf8');
}

const reasonsOf = (xml: string): string[] => [...xml.matchAll(/<cbc:StatusReasonCode>(\w+)<\/cbc:StatusReasonCode>/g)].map((m) => m[1] ?? '');
const overallOf = (xml: string): string | undefined => /<cbc:ResponseCode>RE<\/cbc:ResponseCode>\s*<cbc:Description>([^<]*)<\/cbc:Description>/.exec(xml)?.[1];

const staff = (): ActionDeps => ({ store, clock: () => new Date(), redeliver: () => Promise.reject(new Error('not used')) });

test('an unroutable Peppol document gets its RE at once: FD, unknown receiver', async () => {
  delete process.env.EINVOICE_MLS_HOLD_UNROUTABLE;
  const { id, state } = await handOff('REASONS-1', '9938:LU99999999');
  expect(state).toBe('unroutable');
  expect(await mlsPass()).toBe(1);
  const xml = await responseOf(id);
  expect(xml).not.toBeNull();
  expect(xml).toContain('<cbc:ResponseCode>RE</cbc:ResponseCode>');
  expect(overallOf(xml!)).toBe('Rejected: unknown receiver (failure of delivery)');
  expect(reasonsOf(xml!)).toEqual(['FD']);
  expect(xml).toContain('[HUB-UNKNOWN-RECEIVER] Unknown receiver 9938:LU99999999');
  expect(xml).toContain(`<cbc:ID>inst-reasons-${n}</cbc:ID>`);
  // once is enough, and the document stays in the Authority's unroutable queue
  expect(await mlsPass()).toBe(0);
  expect((await getDocument(store, id))?.state).toBe('unroutable');
});

test('held by the Authority: no RE until staff reject it, then an FD in their words; a rerouted one gets none', async () => {
  process.env.EINVOICE_MLS_HOLD_UNROUTABLE = 'true';
  try {
    const held = await handOff('REASONS-2', '9938:LU88888888');
    const rerouted = await handOff('REASONS-3', '9938:LU77777777');
    expect([held.state, rerouted.state]).toEqual(['unroutable', 'unroutable']);
    expect(await mlsPass()).toBe(0);
    expect(await responseOf(held.id)).toBeNull();
    expect(await applyAction(staff(), 'route', rerouted.id, { actor: 'staff:ada', reason: 'the ministry moved', bodyId: 'min-known' })).toMatchObject({ ok: true, to: 'routed' });
    expect(await applyAction(staff(), 'reject', held.id, { actor: 'staff:ada', reason: 'No such public body in Luxembourg' })).toMatchObject({ ok: true, to: 'rejected' });
    expect(await mlsPass()).toBe(1);
    const xml = await responseOf(held.id);
    expect(reasonsOf(xml!)).toEqual(['FD']);
    expect(overallOf(xml!)).toBe('Rejected by the Peppol Authority: unknown receiver (failure of delivery)');
    expect(xml).toContain('[HUB-REJECTED] Rejected by the Peppol Authority: No such public body in Luxembourg');
    expect(await responseOf(rerouted.id)).toBeNull();
  } finally {
    delete process.env.EINVOICE_MLS_HOLD_UNROUTABLE;
  }
});

test('a duplicate says "duplicate" with reason FD, not "validation errors"', async () => {
  const first = await handOff('REASONS-4', `9938:${KNOWN}`);
  expect(first.state).toBe('routed');
  const dup = await handOff('REASONS-4', `9938:${KNOWN}`);
  expect(dup.state).toBe('duplicate');
  expect(await mlsPass()).toBe(1);
  const xml = await responseOf(dup.id);
  expect(overallOf(xml!)).toBe('Rejected: duplicate of a document received earlier');
  expect(xml).not.toContain('validation errors');
  expect(reasonsOf(xml!)).toEqual(['FD']);
  expect(xml).toContain('[HUB-DUPLICATE] Duplicate of a document received earlier');
  expect(await responseOf(first.id)).toBeNull();
});

test('a rejection by the rules still says "validation errors", one BV/SV line per fatal finding', async () => {
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(Buffer.from(invoice('REASONS-5').toString('utf8').replace(/<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, '')), { instanceId: 'inst-reasons-bad' })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': 'as4-reasons-bad', 'x-peppol-sending-ap': 'PBE000123' },
  });
  const { id } = (await res.json()) as { id: string };
  await validateStage(id, { store, cpu: inlineCpu, logger: silent, clock: () => new Date() });
  expect((await getDocument(store, id))?.state).toBe('rejected');
  expect(await mlsPass()).toBe(1);
  const xml = await responseOf(id);
  expect(overallOf(xml!)).toBe('Rejected due to validation errors');
  expect(reasonsOf(xml!).length).toBeGreaterThan(0);
  expect(reasonsOf(xml!).every((r) => r === 'BV' || r === 'SV')).toBe(true);
});
