/**
 * Push delivery end to end: the dispatch stage, then the webhook sender against a real local HTTP
 * receiver — success, 500 then success, timeouts, connection refused, a receiver down for the
 * whole retry window (dead letter), a 4xx refusal, and the signature checked by the receiver with
 * the scheme documented in docs/webhooks.md (implemented here independently of the hub's code).
 * The receivers listen on 127.0.0.1: the sender reaches them because the tests' outbound rules
 * name that host (helpers.ts `LOCAL_RECEIVERS`).
 */
import crypto from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { Registry } from 'prom-client';
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { eventsOf as documentEvents, getDocument } from '../../core/documents/store';
import { attemptsOfDocument, rotateWebhookRow, type WebhookDeliveryRow } from '../../db/repositories/dispatch';
import { startDispatchBackground, startSender, type SenderHandle } from '../../workers/dispatch/background';
import { dispatchStage } from '../../workers/dispatch/stage';
import { startTestServer } from '../pipeline/helpers';
import { body, closedPort, FAST, fixtureWebhook, renderedDocument, silent, startReceiver, tempEnv, waitFor, type Env } from './helpers';

/** The receiver's verification, written from docs/webhooks.md only. */
function receiverVerifies(header: string | undefined, rawBody: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (header === undefined) return false;
  const fields = header.split(',').map((kv) => kv.split('=') as [string, string]);
  const t = Number(fields.find(([k]) => k === 't')?.[1]);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return fields.some(([k, v]) => k === 'v1' && v.length === expected.length && crypto.timingSafeEqual(Buffer.from(v), Buffer.from(expected)));
}

async function eventsOf(env: Env, id: string): Promise<{ type: string; toState: string; details: Record<string, unknown> }[]> {
  return (await documentEvents(env.store, id)).map((e) => ({ type: e.type, toState: e.toState, details: e.details }));
}

async function delivery(env: Env, documentId: string): Promise<WebhookDeliveryRow> {
  const d = (await deliveriesOf(env.store, [documentId]))[0];
  if (d === undefined) throw new Error('no delivery');
  return d;
}

const isStatus = (env: Env, id: string, status: string) => async (): Promise<boolean> => (await delivery(env, id)).status === status;

describe('webhook delivery', () => {
  let env: Env;
  let sender: SenderHandle | null = null;
  beforeEach(async () => { env = await tempEnv('hook'); });
  afterEach(async () => { await sender?.stop(); sender = null; await env.close(); });

  test('success: one signed POST, the receiver verifies it, the 2xx is recorded as the receipt', async () => {
    const rx = await startReceiver(() => 204);
    try {
      const hook = await fixtureWebhook(env, 'min-a', rx.url, 'whsec_test_secret');
      const id = await renderedDocument(env, 'min-a', { number: 'HOOK-1', department: 'compta' });
      expect(await dispatchStage(id, env.deps)).toMatchObject({ state: 'delivered', changed: true });
      expect(await dispatchStage(id, env.deps)).toMatchObject({ state: 'delivered', changed: false }); // idempotent: one delivery only
      sender = startSender(env.store, FAST, silent);
      await waitFor('receipt', isStatus(env, id, 'delivered'));
      expect(rx.received).toHaveLength(1);
      const r = rx.received[0]!;
      expect(receiverVerifies(r.headers['x-einvoice-signature'] as string, r.body, 'whsec_test_secret')).toBe(true);
      expect(receiverVerifies(r.headers['x-einvoice-signature'] as string, r.body, 'another-secret')).toBe(false);
      expect(receiverVerifies(r.headers['x-einvoice-signature'] as string, `${r.body} `, 'whsec_test_secret')).toBe(false); // body tampered
      // replayed later than the window: refused by the documented check
      expect(receiverVerifies(r.headers['x-einvoice-signature'] as string, r.body, 'whsec_test_secret', Math.floor(Date.now() / 1000) + 301)).toBe(false);
      const payload = JSON.parse(r.body) as { id: string; type: string; data: { documentId: string; bodyId: string; department: string; summary: { number: string }; links: Record<string, string> } };
      expect(payload).toMatchObject({ type: 'document.delivered', data: { documentId: id, bodyId: 'min-a', department: 'compta', summary: { number: 'HOOK-1' } } });
      expect(payload.data.links.xml).toBe(`https://hub.example.lu/inbox/v1/documents/${id}/xml`);
      expect(r.headers['x-einvoice-event-id']).toBe(payload.id);
      const evs = await eventsOf(env, id);
      expect(evs.find((e) => e.toState === 'delivered' && e.type === 'transition')?.details).toMatchObject({ bodyId: 'min-a', channels: ['pull', 'web', `webhook:${hook.id}`] });
      expect(evs.at(-1)).toMatchObject({ type: 'webhook.receipt', toState: 'delivered', details: { attempt: 1, httpStatus: 204, outcome: 'delivered' } });
    } finally { await rx.close(); }
  });

  test('500 then success: retried with backoff, same event id, every attempt is an event', async () => {
    const rx = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's1');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      sender = startSender(env.store, FAST, silent);
      await waitFor('receipt', isStatus(env, id, 'delivered'));
      expect(rx.received).toHaveLength(3);
      expect(new Set(rx.received.map((r) => r.headers['x-einvoice-event-id'])).size).toBe(1);
      expect(rx.received.map((r) => r.headers['x-einvoice-attempt'])).toEqual(['1', '2', '3']);
      const types = (await eventsOf(env, id)).map((e) => e.type);
      expect(types.slice(-3)).toEqual(['webhook.attempt', 'webhook.attempt', 'webhook.receipt']);
      const attempts = await attemptsOfDocument(env.store.db, id);
      expect(attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([['http-error', 500], ['http-error', 500], ['delivered', 200]]);
    } finally { await rx.close(); }
  });

  test('timeouts are retried until the receiver answers', async () => {
    const rx = await startReceiver((n) => (n <= 2 ? 'hang' : 200));
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's1');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      sender = startSender(env.store, { ...FAST, timeoutMs: 300 }, silent);
      await waitFor('receipt', isStatus(env, id, 'delivered'));
      const outcomes = (await attemptsOfDocument(env.store.db, id)).map((a) => a.outcome);
      // the receiver hangs twice; on a loaded machine a prompt answer may still miss the 300 ms deadline, so more timeouts may precede the receipt
      expect(outcomes.slice(0, 2)).toEqual(['timeout', 'timeout']);
      expect(outcomes.at(-1)).toBe('delivered');
      expect(outcomes.slice(0, -1).every((o) => o === 'timeout')).toBe(true);
    } finally { await rx.close(); }
  });

  test('connection refused is retried; a receiver down for the whole retry window ends in the dead letter with its history', async () => {
    const port = await closedPort();
    await fixtureWebhook(env, 'min-a', `http://127.0.0.1:${port}/hook`, 's1');
    const id = await renderedDocument(env, 'min-a');
    await dispatchStage(id, env.deps);
    // the window counts from the delivery's creation: long enough for several attempts even when the first one starts late on a loaded machine
    sender = startSender(env.store, { ...FAST, retryWindowMs: 2000 }, silent);
    await waitFor('dead letter', isStatus(env, id, 'dead'));
    const d = await delivery(env, id);
    expect(d.attempts).toBeGreaterThanOrEqual(3);
    const evs = await eventsOf(env, id);
    const dead = evs.find((e) => e.type === 'webhook.dead-lettered');
    expect(dead?.details.attempts).toBe(d.attempts);
    const history = dead?.details.history as { outcome: string; error: string }[];
    expect(history).toHaveLength(d.attempts);
    expect(history.every((h) => h.outcome === 'connection-error' && /ECONNREFUSED/.test(h.error))).toBe(true);
    // the document stays delivered (it is in the inbox); the dead letter is for the Authority
    expect((await getDocument(env.store, id))?.state).toBe('delivered');
  });

  test('a 4xx is a refusal: dead-lettered at once, no retry', async () => {
    const rx = await startReceiver(() => 410);
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's1');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      sender = startSender(env.store, FAST, silent);
      await waitFor('dead letter', isStatus(env, id, 'dead'));
      expect(rx.received).toHaveLength(1);
      expect(await delivery(env, id)).toMatchObject({ attempts: 1, lastError: 'HTTP 410' });
      // the Authority's dead-letter list, with the history
      const srv = await startTestServer(env.store);
      const admin = { Authorization: 'Bearer admin-secret' };
      try {
        const list = await (await fetch(`${srv.url}/api/v1/dispatch/dead-letters`, { headers: admin })).json() as { items: { documentId: string; url: string; history: { outcome: string; httpStatus: number }[] }[] };
        expect(list.items).toHaveLength(1);
        expect(list.items[0]).toMatchObject({ documentId: id, url: rx.url, history: [{ outcome: 'refused', httpStatus: 410 }] });
        // redelivered by the Authority: a new delivery, and the dead letter leaves the list (its row and history stay)
        await sender!.stop(); // the receiver still refuses: keep the new delivery pending for the check
        sender = null;
        const redo = await fetch(`${srv.url}/api/v1/documents/${id}/redeliver`, { method: 'POST', headers: { ...admin, 'Content-Type': 'application/json' }, body: JSON.stringify({ reason: 'receiver fixed' }) });
        expect(redo.status).toBe(200);
        const after = await (await fetch(`${srv.url}/api/v1/dispatch/dead-letters`, { headers: admin })).json() as { items: unknown[] };
        expect(after.items).toEqual([]);
        // a limit that is not a number is a clear 400, not silently replaced
        const bad = await fetch(`${srv.url}/api/v1/dispatch/dead-letters?limit=ten`, { headers: admin });
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { detail: string }).detail).toMatch(/limit must be a non-negative integer/);
        const rows = await deliveriesOf(env.store, [id]);
        expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'redelivered']);
        expect(await attemptsOfDocument(env.store.db, id)).toHaveLength(1);
      } finally { await srv.close(); }
    } finally { await rx.close(); }
  });

  test('secret rotation: both signatures during the grace period, only the new one after', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const hook = await fixtureWebhook(env, 'min-a', rx.url, 'old-secret');
      const rotate = (secret: string, graceMs: number): Promise<unknown> => rotateWebhookRow(env.store.db, hook.id, null, secret, new Date(Date.now() + graceMs).toISOString(), new Date().toISOString());
      await rotate('new-secret', 3_600_000);
      const id1 = await renderedDocument(env, 'min-a');
      await dispatchStage(id1, env.deps);
      sender = startSender(env.store, FAST, silent);
      await waitFor('first', isStatus(env, id1, 'delivered'));
      const h1 = rx.received[0]!;
      expect(receiverVerifies(h1.headers['x-einvoice-signature'] as string, h1.body, 'old-secret')).toBe(true);
      expect(receiverVerifies(h1.headers['x-einvoice-signature'] as string, h1.body, 'new-secret')).toBe(true);
      await rotate('newest-secret', 0);
      const id2 = await renderedDocument(env, 'min-a');
      await dispatchStage(id2, env.deps);
      sender.kick();
      await waitFor('second', isStatus(env, id2, 'delivered'));
      const h2 = rx.received[1]!;
      expect(receiverVerifies(h2.headers['x-einvoice-signature'] as string, h2.body, 'newest-secret')).toBe(true);
      expect(receiverVerifies(h2.headers['x-einvoice-signature'] as string, h2.body, 'new-secret')).toBe(false);
    } finally { await rx.close(); }
  });

  test('the worker-process background (sender + alert scan) counts attempts in Prometheus metrics', async () => {
    const rx = await startReceiver((n) => (n === 1 ? 503 : 200));
    const registry = new Registry();
    const bg = startDispatchBackground(env.store, silent, { sender: FAST, registry, alerts: { afterMs: 3_600_000, authorityEmail: undefined, mailFrom: 'x@y', publicUrl: 'http://h', transport: null } });
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      bg.sender.kick();
      await waitFor('receipt', isStatus(env, id, 'delivered'));
      const text = await registry.metrics();
      expect(text).toMatch(/einvoice_webhook_attempts_total\{outcome="http-error"\} 1/);
      expect(text).toMatch(/einvoice_webhook_attempts_total\{outcome="delivered"\} 1/);
      expect(text).toMatch(/einvoice_webhook_deliveries\{status="delivered"\} 1/);
    } finally { await bg.stop(); await rx.close(); }
  });

  test('a dead letter is mailed to the Authority by the worker-process background', async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const mails: SendMailOptions[] = [];
    const orig = transport.sendMail.bind(transport);
    transport.sendMail = (async (m: SendMailOptions) => { mails.push(m); return orig(m); }) as unknown as typeof transport.sendMail;
    const rx = await startReceiver(() => 400);
    const bg = startDispatchBackground(env.store, silent, { sender: FAST, alerts: { afterMs: 3_600_000, authorityEmail: 'helpdesk@authority.lu', mailFrom: 'hub@x', publicUrl: 'http://h', transport } });
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's');
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      bg.sender.kick();
      await waitFor('dead letter mail', () => mails.length === 1);
      expect(mails[0]).toMatchObject({ to: 'helpdesk@authority.lu' });
      expect(String(mails[0]!.subject)).toContain(id);
    } finally { await bg.stop(); await rx.close(); }
  });

  test('an accounting unit without its own webhook uses its parent\'s; a body without webhook gets none', async () => {
    await env.close();
    env = await tempEnv('hook-unit', [body('min-a'), body('min-a-unit', { type: 'accounting-unit', parentId: 'min-a' }), body('min-b')]);
    const rx = await startReceiver(() => 200);
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 's');
      const idUnit = await renderedDocument(env, 'min-a-unit');
      const idB = await renderedDocument(env, 'min-b');
      await dispatchStage(idUnit, env.deps);
      await dispatchStage(idB, env.deps);
      sender = startSender(env.store, FAST, silent);
      await waitFor('unit receipt', isStatus(env, idUnit, 'delivered'));
      expect(await deliveriesOf(env.store, [idB])).toHaveLength(0);
      expect(JSON.parse(rx.received[0]!.body)).toMatchObject({ data: { documentId: idUnit, bodyId: 'min-a-unit' } });
    } finally { await rx.close(); }
  });
});
