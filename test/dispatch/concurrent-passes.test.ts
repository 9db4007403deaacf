/**
 * Dispatch's periodic passes on one database from several worker processes on several hosts:
 * sender passes running at the same moment claim disjoint deliveries (`FOR UPDATE SKIP LOCKED` and
 * the lease), so no delivery is sent twice, and the outcome of an attempt is recorded only by the
 * sender that holds the lease; pick-up alert passes at the same moment raise each alert once
 * (advisory lock + claim). On the PostgreSQL server each "host" has its own connection pool.
 */
import { listPickupAlerts, raisePickupAlerts } from '../../core/dispatch/alerts';
import { claimDueDeliveries, sendDelivery, senderPass, type SentResult } from '../../core/dispatch/sender';
import { eventsOf } from '../../core/documents/store';
import { deliveriesOf } from '../../core/dispatch/dead-letters';
import { attemptsOfDocument } from '../../db/repositories/dispatch';
import { openStore, type StoreHandle } from '../../db/store';
import { dispatchStage } from '../../workers/dispatch/stage';
import { testDbMode } from '../helpers/store';
import { FAST, fixtureWebhook, renderedDocument, silent, startReceiver, tempEnv, type Env } from './helpers';

const DOCS = 120;

describe('dispatch passes sharing one database', () => {
  let env: Env;
  let other: StoreHandle | null = null;
  beforeAll(async () => {
    env = await tempEnv('senders');
    // a second "host": its own pool on the same server database (embedded: the one PGlite handle, shared)
    if (testDbMode() === 'server') other = await openStore({ dataDir: env.store.dataDir, databaseUrl: env.store.databaseUrl, poolSize: 4 });
  });
  afterAll(async () => { await other?.close(); await env.close(); });

  test('two sender passes running at once never send one delivery twice', async () => {
    const rx = await startReceiver(() => 204);
    try {
      await fixtureWebhook(env, 'min-a', rx.url, 'whsec_race');
      const ids: string[] = [];
      for (let i = 0; i < DOCS; i++) ids.push(await renderedDocument(env, 'min-a', { number: `RACE-${i}` }));
      for (const id of ids) await dispatchStage(id, env.deps);
      const hostA = env.store;
      const hostB = other ?? env.store;
      // a long timeout: on the embedded database the queries share this process's thread with the receiver, and a
      // timed-out attempt would be retried (a second request with the same event id: legitimate, but not what this checks)
      const settings = { ...FAST, concurrency: 16, timeoutMs: 60_000 };
      const run = async (store: StoreHandle): Promise<SentResult[]> => {
        const out: SentResult[] = [];
        for (;;) {
          const pass = await senderPass(store, settings, { logger: silent });
          if (pass.length === 0) return out;
          out.push(...pass.map((p) => p.result));
        }
      };
      // four sender loops at once, two per "host"
      const all = (await Promise.all([run(hostA), run(hostB), run(hostA), run(hostB)])).flat();
      expect(all.filter((r) => r.status === 'superseded')).toEqual([]); // no delivery was held by two senders at once
      expect(all).toHaveLength(DOCS);
      expect(all.every((r) => r.status === 'delivered')).toBe(true);
      const eventIds = rx.received.map((r) => String(r.headers['x-einvoice-event-id']));
      expect(eventIds).toHaveLength(DOCS);
      expect(new Set(eventIds).size).toBe(DOCS);
      const rows = await deliveriesOf(env.store, ids);
      expect(rows.filter((d) => d.status === 'delivered' && d.attempts === 1)).toHaveLength(DOCS);
      for (const id of ids.slice(0, 10)) expect(await attemptsOfDocument(env.store.db, id)).toHaveLength(1);
    } finally { await rx.close(); }
  });

  test('claims made at the same moment are disjoint; a sender whose lease was taken over records nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await renderedDocument(env, 'min-b', { number: `CLAIM-${i}` }));
    const rx = await startReceiver(() => 204);
    try {
      await fixtureWebhook(env, 'min-b', rx.url, 'whsec_claim');
      for (const id of ids) await dispatchStage(id, env.deps);
      const now = new Date();
      const claims = await Promise.all([0, 1, 2, 3].map((i) => claimDueDeliveries(i % 2 === 0 ? env.store : (other ?? env.store), now, 15, 60_000)));
      const claimed = claims.flat().map((d) => d.id);
      expect(claimed).toHaveLength(40);
      expect(new Set(claimed).size).toBe(40);
      // leased: nobody else gets them before the lease ends
      expect(await claimDueDeliveries(other ?? env.store, now, 100, 60_000)).toEqual([]);
      // after the lease: another sender takes one over; the first one's outcome is then not recorded
      const later = new Date(now.getTime() + 61_000);
      const [taken] = await claimDueDeliveries(other ?? env.store, later, 1, 60_000);
      expect(taken?.id).toBeDefined();
      const staleOne = claims.flat().find((d) => d.id === taken!.id)!;
      const r1 = await sendDelivery(env.store, staleOne, FAST, () => later, silent);
      expect(r1.status).toBe('superseded');
      const r2 = await sendDelivery(other ?? env.store, taken!, FAST, () => later, silent);
      expect(r2.status).toBe('delivered');
      expect((await attemptsOfDocument(env.store.db, taken!.documentId))).toHaveLength(1);
    } finally { await rx.close(); }
  });

  test('pick-up alert passes running at once raise each alert once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await renderedDocument(env, 'min-a', { number: `LATE-${i}` }));
    for (const id of ids) await dispatchStage(id, env.deps);
    const settings = { afterMs: 0, authorityEmail: 'helpdesk@authority.lu', mailFrom: 'hub@x', publicUrl: 'https://hub', transport: null };
    const at = new Date(Date.now() + 1000);
    const hosts = [env.store, other ?? env.store, env.store, other ?? env.store];
    // a pass that finds another host running skips; rounds go on until nothing is left
    let total = 0;
    for (let round = 0; round < 50; round++) {
      const n = (await Promise.all(hosts.map((h) => raisePickupAlerts(h, settings, silent, at, 7)))).reduce((a, b) => a + b, 0);
      total += n;
      if (n === 0) break;
    }
    const all = await listPickupAlerts(env.store, 1000);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((a) => a.documentId)).size).toBe(total); // nothing alerted twice (documents of the first test are overdue too)
    const alerts = (await listPickupAlerts(env.store, 500)).filter((a) => ids.includes(a.documentId));
    expect(alerts).toHaveLength(ids.length);
    expect(new Set(alerts.map((a) => a.documentId)).size).toBe(ids.length);
    for (const id of ids.slice(0, 5)) expect((await eventsOf(env.store, id)).filter((e) => e.type === 'pickup.overdue')).toHaveLength(1);
  });
});
