/**
 * The dispatch stage under the stage contract: only `rendered` documents, one transition and one
 * inbox row, idempotent; failures through the real runner (`dispatch_failed` with the reason);
 * the Authority's redelivery of a failed document; a document without a derived summary (rendered
 * before the summary file existed, or unreadable) is still delivered with what its row holds.
 */
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { STAGES } from '../../core/documents/states';
import { eventsOf, getDocument } from '../../core/documents/store';
import { inboxItemOf } from '../../db/repositories/dispatch';
import { casTransition } from '../../db/repositories/documents';
import { dispatchStage } from '../../workers/dispatch/stage';
import { runStage } from '../../workers/runner';
import type { DocumentState } from '../../workers/stage-contract';
import { startTestServer } from '../pipeline/helpers';
import { body, fixtureWebhook, renderedDocument, saveTestBodies, tempEnv, type Env } from './helpers';

const DISPATCH = STAGES.find((s) => s.name === 'dispatch')!;
const ADMIN = { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' };

describe('dispatch stage', () => {
  let env: Env;
  beforeEach(async () => { env = await tempEnv('stage'); });
  afterEach(async () => { await env.close(); });

  test('rendered → delivered once: one event, one inbox row, one delivery per webhook; other states untouched', async () => {
    await fixtureWebhook(env, 'min-a', 'https://erp.min-a.example/none', 's');
    await fixtureWebhook(env, 'min-a', 'https://erp.min-a.example/other', 's');
    const id = await renderedDocument(env, 'min-a', { number: 'S-1', department: 'rh' });
    const [r1, r2] = await Promise.all([dispatchStage(id, env.deps), dispatchStage(id, env.deps)]);
    expect([r1.changed, r2.changed].sort()).toEqual([false, true]);
    const evs = await eventsOf(env.store, id);
    expect(evs.filter((e) => e.toState === 'delivered')).toHaveLength(1);
    expect(evs.at(-1)).toMatchObject({ actor: 'system:dispatch', fromState: 'rendered', toState: 'delivered' });
    expect(await inboxItemOf(env.store.db, id)).toEqual(
      expect.objectContaining({ bodyId: 'min-a', department: 'rh', status: 'new', invoiceNumber: 'S-1', supplierName: 'SupplierOfficialName Ltd' }),
    );
    expect(await deliveriesOf(env.store, [id])).toHaveLength(2);
    // a document in another state is left alone
    expect(await casTransition(env.store.db, id, ['delivered'], 'routed', {}, new Date().toISOString(), { actor: 'test', type: 'transition', details: {} })).toBeDefined();
    expect(await dispatchStage(id, env.deps)).toEqual({ state: 'routed', changed: false });
  });

  test('an unreadable business document is still delivered, with the summary the row holds', async () => {
    const id = await renderedDocument(env, 'min-a', { number: 'ODD-1', xml: Buffer.from('not XML at all <') });
    expect(await dispatchStage(id, env.deps)).toMatchObject({ state: 'delivered', changed: true });
    const item = await inboxItemOf(env.store.db, id);
    expect(item!.summary).toMatchObject({ partial: true, number: 'ODD-1' });
  });

  test('a body missing from the directory: dispatch_failed through the runner (permanent, no retry); the Authority moves it', async () => {
    const id = await renderedDocument(env, 'min-gone');
    const enqueued: DocumentState[] = [];
    const out = await runStage(DISPATCH, dispatchStage, id, { deps: env.deps, enqueueNext: async (s) => { enqueued.push(s); }, attempt: 1, maxAttempts: 5 });
    expect(out).toMatchObject({ state: 'dispatch_failed', failure: { reason: 'unknown-body', permanent: true } });
    expect((await getDocument(env.store, id))?.lastError).toMatch(/min-gone/);
    // the Authority moves it to an existing body: it is dispatched there at once
    const srv = await startTestServer(env.store);
    try {
      const r = await fetch(`${srv.url}/api/v1/documents/${id}/move`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ bodyId: 'min-b', reason: 'min-gone was merged into min-b' }) });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'delivered', bodyId: 'min-b' });
      // and a delivered document can be redelivered (here: after the move it is delivered, so redelivery pushes again)
      const re = await fetch(`${srv.url}/api/v1/documents/${id}/redeliver`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ reason: 'check' }) });
      expect(re.status).toBe(200);
      const dead = await fetch(`${srv.url}/api/v1/dispatch/dead-letters`, { headers: ADMIN });
      expect(await dead.json()).toEqual({ items: [] });
    } finally { await srv.close(); }
  });

  test('a dispatch_failed document is redelivered by the Authority once its body exists (audited)', async () => {
    const id = await renderedDocument(env, 'min-late');
    await runStage(DISPATCH, dispatchStage, id, { deps: env.deps, enqueueNext: async () => undefined, attempt: 1, maxAttempts: 1 });
    expect((await getDocument(env.store, id))?.state).toBe('dispatch_failed');
    await saveTestBodies(env.store, [body('min-late')]);
    const srv = await startTestServer(env.store);
    try {
      const re = await fetch(`${srv.url}/api/v1/documents/${id}/redeliver`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ reason: 'body added to the directory' }) });
      expect(await re.json()).toEqual({ id, status: 'delivered' });
      const evs = await eventsOf(env.store, id);
      expect(evs.slice(-2).map((e) => [e.type, e.actor, e.fromState, e.toState])).toEqual([['redeliver', 'admin', 'dispatch_failed', 'rendered'], ['transition', 'system:dispatch', 'rendered', 'delivered']]);
      expect(evs.at(-2)!.details).toEqual({ reason: 'body added to the directory' });
    } finally { await srv.close(); }
  });

  test('webhook administration: secret shown at creation and rotation only; URL checked', async () => {
    const srv = await startTestServer(env.store);
    try {
      const bad = await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ url: 'ftp://x' }) });
      expect(bad.status).toBe(400);
      const c = await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks`, { method: 'POST', headers: ADMIN, body: JSON.stringify({ url: 'https://erp.example.lu/hook' }) });
      expect(c.status).toBe(201);
      const created = await c.json() as { id: string; secret: string };
      expect(created.secret).toMatch(/^whsec_/);
      const list = await (await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks`, { headers: ADMIN })).text();
      expect(list).not.toContain(created.secret);
      const rot = await (await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks/${created.id}/rotate`, { method: 'POST', headers: ADMIN })).json() as { secret: string; previousSecretValidUntil: string };
      expect(rot.secret).not.toBe(created.secret);
      expect(Date.parse(rot.previousSecretValidUntil)).toBeGreaterThan(Date.now());
      expect((await fetch(`${srv.url}/api/v1/bodies/min-b/webhooks/${created.id}/rotate`, { method: 'POST', headers: ADMIN })).status).toBe(404);
      expect((await fetch(`${srv.url}/api/v1/bodies/min-a/webhooks/${created.id}`, { method: 'DELETE', headers: ADMIN })).status).toBe(204);
      const id = await renderedDocument(env, 'min-a');
      await dispatchStage(id, env.deps);
      expect(await deliveriesOf(env.store, [id])).toHaveLength(0); // disabled webhook: no push
    } finally { await srv.close(); }
  });
});
