/**
 * The reconciler: the database is the source of truth, queues are only triggers. Documents that
 * sit in a stage's input state for longer than `olderThanMs` are enqueued again (job id =
 * document id, so a job still waiting or running is not doubled; stages are idempotent anyway).
 * Runs at worker start (threshold 0) and then periodically.
 */
import { and, asc, eq, lte } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { documents } from '../db/schema';
import { jobOptions, type PipelineQueues } from './queues';
import { STAGES, type StageName } from './stage-contract';

export async function reconcile(db: Database, queues: PipelineQueues, available: ReadonlySet<StageName>, opts: { olderThanMs: number; now?: Date; batch?: number }): Promise<number> {
  const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanMs).toISOString();
  const batch = opts.batch ?? 1000;
  let total = 0;
  for (const stage of STAGES) {
    if (!available.has(stage.name)) continue;
    for (let page = 0; ; page++) {
      const rows = db.select({ id: documents.id }).from(documents)
        .where(and(eq(documents.state, stage.input), lte(documents.updatedAt, cutoff)))
        .orderBy(asc(documents.updatedAt), asc(documents.id)).limit(batch).offset(page * batch).all();
      if (rows.length === 0) break;
      await queues.queue(stage.name).addBulk(rows.map((r) => ({ name: stage.name, data: { documentId: r.id, stage: stage.name }, opts: jobOptions(r.id, queues.settings) })));
      total += rows.length;
      if (rows.length < batch) break;
    }
  }
  return total;
}

export function startReconciler(db: Database, queues: PipelineQueues, available: ReadonlySet<StageName>, logger: Logger, opts: { intervalMs: number; olderThanMs: number }): { stop: () => Promise<void>; runNow: (olderThanMs?: number) => Promise<number> } {
  let running: Promise<number> | null = null;
  const runNow = async (olderThanMs = opts.olderThanMs): Promise<number> => {
    if (running !== null) return running;
    running = reconcile(db, queues, available, { olderThanMs })
      .then((n) => { if (n > 0) logger.info({ requeued: n }, 'reconciler re-enqueued documents'); return n; })
      .catch((err: unknown) => { logger.warn({ err: (err as Error).message }, 'reconciler run failed'); return 0; })
      .finally(() => { running = null; });
    return running;
  };
  const timer = opts.intervalMs > 0 ? setInterval(() => { void runNow(); }, opts.intervalMs) : null;
  timer?.unref();
  return {
    runNow,
    stop: async () => { if (timer) clearInterval(timer); if (running) await running; },
  };
}
