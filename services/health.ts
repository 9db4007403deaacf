/**
 * `GET /healthz` (the process answers), `GET /readyz` (database and Redis reachable: 503 with the
 * failing check otherwise), `GET /metrics` (Prometheus text: documents by state, queue depths,
 * stage durations and failures of the workers in this process, ingest figures).
 */
import { sql } from 'drizzle-orm';
import { Router } from 'express';
import { documents } from '../db/schema';
import type { AppDeps } from './deps';

export function registerCollectedMetrics(deps: AppDeps): void {
  deps.metrics.addCollectedGauge('einvoice_documents', 'Documents by state (from the database)', ['state'], async () => {
    const rows = deps.db.select({ state: documents.state, n: sql<number>`count(*)` }).from(documents).groupBy(documents.state).all();
    return rows.map((r) => ({ labels: { state: r.state }, value: Number(r.n) }));
  });
  deps.metrics.addCollectedGauge('einvoice_queue_jobs', 'Jobs in each stage queue by status', ['queue', 'status'], async () => {
    if (deps.queues === null) return [];
    try {
      const d = await withTimeout(deps.queues.depths(), 2000);
      return Object.entries(d).flatMap(([queue, counts]) => Object.entries(counts).map(([status, value]) => ({ labels: { queue, status }, value })));
    } catch {
      return [];
    }
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}

export function healthRouter(deps: AppDeps): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  r.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      deps.db.get(sql`select 1`);
      checks.database = 'ok';
    } catch (err) {
      checks.database = `error: ${(err as Error).message}`;
    }
    if (deps.queues === null) checks.redis = 'not used';
    else {
      try {
        const pong = await withTimeout(deps.queues.connection.ping(), 1500);
        checks.redis = pong === 'PONG' ? 'ok' : `unexpected answer ${pong}`;
      } catch (err) {
        checks.redis = `error: ${(err as Error).message}`;
      }
    }
    const ok = Object.values(checks).every((v) => v === 'ok' || v === 'not used');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return r;
}
