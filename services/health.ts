/**
 * `GET /healthz` (the process answers), `GET /readyz` (database and Redis reachable: 503 with the
 * failing check otherwise), `GET /metrics` (Prometheus text: documents by state, queue depths,
 * stage durations and failures of the workers in this process, ingest figures).
 */
import { Router } from 'express';
import { documentCountsByState } from '../core/documents/queries';
import type { AppDeps } from './deps';

export function registerCollectedMetrics(deps: AppDeps): void {
  deps.metrics.addCollectedGauge('einvoice_documents', 'Documents by state (from the database)', ['state'], async () => {
    return (await documentCountsByState(deps.store)).map((r) => ({ labels: { state: r.state }, value: r.n }));
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
      await withTimeout(deps.pingDatabase(), 2000);
      checks.database = `ok (${deps.store.mode === 'server' ? 'PostgreSQL server' : 'embedded PGlite'})`;
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
    const ok = Object.values(checks).every((v) => v.startsWith('ok') || v === 'not used');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  });
  r.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return r;
}
